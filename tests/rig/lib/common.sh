# SPDX-License-Identifier: GPL-2.0
#
# Paths, messages and scenario headers shared by tests/rig/* (sourced).
# Sources the other libraries.

RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RIG_ROOT=$(cd "$RIG_DIR/../.." && pwd)
RIG_BUILD=${RIG_BUILD:-$RIG_ROOT/build/rig}
SCENARIO_DIR=${SCENARIO_DIR:-$RIG_ROOT/tests/scenarios}
DEFAULT_TIMEOUT=120

# Whatever way a rig command ends, its emulator ends too, and the files it
# listed in RIG_CLEANUP go.
RIG_CLEANUP=()
rig_exit() {
	stop_emulator
	[ ${#RIG_CLEANUP[@]} -eq 0 ] || rm -rf -- "${RIG_CLEANUP[@]}"
}
trap rig_exit EXIT
trap 'exit 143' TERM INT HUP

rig_note() { echo "rig: $*" >&2; }
rig_die() { echo "rig: $*" >&2; exit 2; }

# scenario_header FILE KEY: the value of the "# KEY: value" line, if any.
scenario_header() {
	# The second sed reads to the end: no SIGPIPE under pipefail.
	sed -n "s/^# $2: *//p" "$1" | sed -n '1s/[[:space:]]*$//p'
}

scenario_timeout() {
	local t
	t=$(scenario_header "$1" timeout)
	case "$t" in
	'') echo "$DEFAULT_TIMEOUT" ;;
	*[!0-9]*) rig_die "$1: '# timeout: $t' is not a number of seconds" ;;
	*) echo "$t" ;;
	esac
}

scenario_file() {
	local f=$SCENARIO_DIR/$1.sh
	[ -f "$f" ] || rig_die "no scenario '$1' ($f does not exist)"
	echo "$f"
}

# One boot per log directory at a time: two people booting the same machine
# in one checkout would delete each other's logs.  A second boot waits (up
# to RIG_LOCK_WAIT seconds, default 1800).  The lock lives as long as this
# shell.
lock_logdir() {
	mkdir -p "$(dirname "$1")"
	exec {RIG_LOCK_FD}>"$1.lock"
	flock -n "$RIG_LOCK_FD" && return 0
	rig_note "another boot is using $1; waiting for it (or set RIG_BUILD=/some/other/dir)"
	flock -w "${RIG_LOCK_WAIT:-1800}" "$RIG_LOCK_FD" ||
		rig_die "$1 is still in use after ${RIG_LOCK_WAIT:-1800}s (lock $1.lock)"
}

# boot_machine MACHINE CPUS LISTFILE LOGDIR: builds the initramfs, boots
# MACHINE (bochs, qemu-6.1, qemu-6.12, qemu-6.12-rt, qemu-vtd, qemu-vtd-cm, qemu-vtd-ir, kvm) with CPUS, runs the
# listed scenarios and returns when the guest powered off or was stopped.
# LOGDIR then holds com1.log (Linux console + scenario markers), com2.log
# (hypervisor console), heartbeat.log, com4.log (Bochs only: a Linux
# cell's console), bochs.log (Bochs only), status, com2-offsets and
# com4-offsets (lib/watch.sh), scenarios.list, initramfs.cpio, work/.
# RIG_FAKE_EMULATOR=PROGRAM replaces kernel, initramfs and emulator by
# "PROGRAM LOGDIR" (the runner's own tests use it).
boot_machine() {
	local machine=$1 cpus=$2 list=$3 logdir=$4 flavour vmlinuz limits hard_limit
	flavour=$(machine_flavour "$machine")
	lock_logdir "$logdir"
	rm -rf "$logdir"
	mkdir -p "$logdir/work"
	cp "$list" "$logdir/scenarios.list"
	if [ -z "${RIG_FAKE_EMULATOR:-}" ]; then
		vmlinuz=$("$RIG_DIR/fetch-kernel" "$flavour") || rig_die "no guest kernel for $machine"
		build_initramfs "$flavour" "$machine" "$list" "$logdir/initramfs.cpio" "$logdir/work"
	fi
	BOOT_LIMIT=$(boot_limit "${machine%%-*}" "$cpus")
	limits=$(awk '{ s += $2 + 10 } END { print s + 0 }' "$list")
	hard_limit=$((BOOT_LIMIT + limits + 120))
	# The watch reads these from the first second on.
	: >"$logdir/com1.log"
	: >"$logdir/com2.log"
	: >"$logdir/heartbeat.log"
	[ "$machine" != bochs ] || : >"$logdir/com4.log"
	HEARTBEAT_LIMIT=$(heartbeat_limit "$machine")
	SILENCE_LIMIT=$(console_silence_limit "$machine")
	case "${RIG_FAKE_EMULATOR:+fake}$machine" in
	fake*) "$RIG_FAKE_EMULATOR" "$logdir" & EMULATOR_PID=$! ;;
	bochs) start_bochs "$logdir" "$cpus" "$vmlinuz" "$logdir/initramfs.cpio" "$hard_limit" ;;
	kvm)   start_kvm "$logdir" "$cpus" "$vmlinuz" "$logdir/initramfs.cpio" "$hard_limit" ;;
	*)     start_qemu "$logdir" "$cpus" "$vmlinuz" "$logdir/initramfs.cpio" "$hard_limit" "$machine" ;;
	esac
	watch_boot "$logdir" "$list"
}

. "$RIG_DIR/lib/panic.sh"
. "$RIG_DIR/lib/initramfs.sh"
. "$RIG_DIR/lib/machine.sh"
. "$RIG_DIR/lib/watch.sh"
