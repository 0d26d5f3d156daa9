# SPDX-License-Identifier: GPL-2.0
#
# Helpers for scenarios, sourced before each scenario runs (sourcing it again
# is harmless).  A scenario says why it fails, in a sentence, on the console.

# fail MSG: the scenario failed because of MSG; stops it with status 1.
fail() {
	echo "FAIL: $*"
	exit 1
}

# note MSG: something worth seeing in the log, not a failure.
note() {
	echo "note: $*"
}

# skip MSG: the scenario cannot run here (e.g. an artifact is not built
# yet); the runner reports SKIP with MSG.  Exit status 77.
skip() {
	echo "SKIP: $*"
	exit 77
}

# expect RC TEXT COMMAND...: runs COMMAND; fails unless it exits with RC and
# its output (stdout and stderr) contains TEXT.  The output stays in $out.
expect() {
	want_rc=$1 text=$2
	shift 2
	out=$("$@" 2>&1)
	rc=$?
	[ "$rc" = "$want_rc" ] || fail "'$*' exited $rc, expected $want_rc; it said: $out"
	case "$out" in
	*"$text"*) ;;
	*) fail "'$*' did not say '$text'; it said: $out" ;;
	esac
}

# cell_dir NAME: prints the sysfs directory of the cell called NAME
# (/sys/devices/jailhouse/cells/ID); status 1 if there is none.
cell_dir() {
	for d in /sys/devices/jailhouse/cells/*; do
		[ "$(cat "$d/name" 2>/dev/null)" = "$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

# config_create DIR: runs `jailhouse config create DIR/sys.c` (msr.ko first,
# for the APIC mode), shows its messages (kept in DIR/create.err) and fails
# the scenario unless it exits 0.
config_create() {
	mkdir -p "$1"
	modprobe msr 2>/dev/null || note "modprobe msr failed: APIC mode will be assumed"
	/usr/sbin/jailhouse config create "$1/sys.c" 2>"$1/create.err"
	rc=$?
	cat "$1/create.err"
	[ $rc -eq 0 ] || fail "config create exited with $rc"
}

# enable_hv SYSTEM-CONFIG [CELL...]: loads jailhouse.ko unless it is
# loaded, enables the hypervisor (fails the scenario with the CLI's
# sentence if it refuses) and arranges that, should the scenario end
# early, the named cells are destroyed and the hypervisor disabled: the
# next scenario of the boot gets a clean machine.  `trap - EXIT` cancels.
enable_hv() {
	enable_sys=$1
	shift
	enable_cells="$*"
	grep -q '^jailhouse ' /proc/modules || insmod /jailhouse/jailhouse.ko ||
		fail "insmod jailhouse.ko failed"
	out=$(jailhouse enable "$enable_sys" 2>&1) || fail "jailhouse enable failed: $out"
	trap 'for c in $enable_cells; do jailhouse cell destroy $c >/dev/null 2>&1; done; jailhouse disable >/dev/null 2>&1' EXIT
}

# wait_cell_state DIR STATE SECONDS: status 0 as soon as the cell whose
# sysfs directory is DIR (see cell_dir) is in STATE, 1 after SECONDS.
wait_cell_state() {
	wait_n=0
	while [ $wait_n -lt "$3" ]; do
		[ "$(cat "$1/state")" = "$2" ] && return 0
		sleep 1
		wait_n=$((wait_n + 1))
	done
	return 1
}

# cell_run CONFIG CELL INMATE: creates a cell from /jailhouse/cells/CONFIG.cell,
# loads /jailhouse/inmates/INMATE.bin at 0 into the cell called CELL and
# starts it; D is then its sysfs directory.  Fails with the CLI's sentence
# at the first step that refuses (skips if create says "not implemented").
cell_run() {
	out=$(jailhouse cell create /jailhouse/cells/$1.cell 2>&1)
	case "$out" in
	*"not implemented"*) skip "jailhouse cell create: $out" ;;
	esac
	D=$(cell_dir "$2") || fail "cell create $1 failed: $out"
	out=$(jailhouse cell load "$2" /jailhouse/inmates/$3.bin -a 0 2>&1) ||
		fail "cell load $3 failed: $out"
	out=$(jailhouse cell start "$2" 2>&1) || fail "cell start $2 failed: $out"
}

# console_lines PATTERN: the hypervisor console's lines matching PATTERN
# (an extended regular expression); status 1 if there is none.
console_lines() {
	jailhouse console | grep -E "$1"
}

# wait_console PATTERN N SECONDS: status 0 as soon as the hypervisor
# console holds N lines matching PATTERN, 1 after SECONDS.
wait_console() {
	wait_n=0
	while [ $wait_n -lt "$3" ]; do
		[ "$(console_lines "$1" | wc -l)" -ge "$2" ] && return 0
		sleep 1
		wait_n=$((wait_n + 1))
	done
	return 1
}

# cell_exits CELL [REASON]: the VM exits of CELL's CPUs so far (all of them,
# or those of the statistics' REASON: mmio, xapic, ...); CELL "root" is the
# root cell.
cell_exits() {
	if [ "$1" = root ]; then
		exits_dir=/sys/devices/jailhouse/cells/0
	else
		exits_dir=$(cell_dir "$1") || fail "no cell $1"
	fi
	cat "$exits_dir"/statistics/cpu*/vmexits_"${2:-total}" | awk '{ s += $1 } END { print s }'
}

# cell_load_params CELL INMATE PARAMS: creates CELL from its config
# /jailhouse/cells/CELL.cell and loads /jailhouse/inmates/INMATE.bin at 0
# with the command line "jh-params: PARAMS" at 0xff000 (where the inmate
# library reads it); D is then the cell's sysfs directory.
cell_load_params() {
	out=$(jailhouse cell create /jailhouse/cells/$1.cell 2>&1) ||
		fail "cell create $1 failed: $out"
	D=$(cell_dir "$1") || fail "no cell $1 after create"
	out=$(jailhouse cell load "$1" /jailhouse/inmates/$2.bin -a 0 \
		-s "jh-params: $3" -a 0xff000 2>&1) || fail "cell load $1 failed: $out"
}

# cell_start CELL, cell_destroy CELL: fail the scenario with the CLI's
# sentence if it refuses.
cell_start() {
	out=$(jailhouse cell start "$1" 2>&1) || fail "cell start $1 failed: $out"
}
cell_destroy() {
	out=$(jailhouse cell destroy "$1" 2>&1) || fail "cell destroy $1 failed: $out"
}
