# SPDX-License-Identifier: GPL-2.0
#
# tests/rig/verdict on canned logs (sourced by tests/rig/selftest).

# canned_boot DIR STATUS: a boot directory whose COM1 is read from stdin.
# Scenario files are created empty under DIR/s/ (their .expect may be
# added by the case).
canned_boot() {
	local dir=$1 status=$2 name
	mkdir -p "$dir/s"
	cat >"$dir/com1.log"
	: >"$dir/com2.log"
	echo "$status" >"$dir/status"
	: >"$dir/scenarios.list"
	for name in $(grep -o '^=== RIG BEGIN [^ ]*' "$dir/com1.log" | cut -d' ' -f4) ${EXTRA_NAMES:-}; do
		: >"$dir/s/$name.sh"
		echo "$name 60 $dir/s/$name.sh" >>"$dir/scenarios.list"
	done
}

# verdict_says DIR EXIT REGEX...: verdict exits EXIT and prints every REGEX.
verdict_says() {
	local dir=$1 want_rc=$2 rc=0 re
	shift 2
	"$RIG/verdict" qemu-6.1 "$dir" >"$dir/out" 2>&1 || rc=$?
	[ "$rc" -eq "$want_rc" ] || { echo "  exit $rc, wanted $want_rc"; sed 's/^/  /' "$dir/out"; return 1; }
	for re in "$@"; do
		grep -qE -- "$re" "$dir/out" || { echo "  no line matches: $re"; sed 's/^/  /' "$dir/out"; return 1; }
	done
}

BOOT_HEAD='[    0.000000] Linux version 6.1.0-56-amd64
[    2.400000] Run /init as init process
=== RIG INIT machine=qemu-6.1 kernel=6.1.0-56-amd64 cpus=2 uptime=2.5'

d=$WORK/pass
canned_boot "$d" "powered off after 7s" <<LOG
$BOOT_HEAD
=== RIG BEGIN good
note: all fine
WARNING: this is a tool's own warning, not the kernel's
[    3.000000] jailhouse: loading out-of-tree module taints kernel.
=== RIG END good rc=0
=== RIG DONE uptime=3.1
LOG
check "verdict: a scenario ending with status 0 passes (tool warnings and the taint line are no kernel reports)" \
	verdict_says "$d" 0 '^PASS good@qemu-6.1$'
check "verdict: counts are written for the runner" grep -qx '1 0 0' "$d/counts"

d=$WORK/fail
canned_boot "$d" "powered off after 7s" <<LOG
$BOOT_HEAD
=== RIG BEGIN bad
FAIL: the widget is missing
=== RIG END bad rc=1
=== RIG BEGIN good
=== RIG END good rc=0
=== RIG DONE
LOG
check "verdict: a failing scenario fails with its exit status and excerpt; the next one still passes" \
	verdict_says "$d" 1 '^FAIL bad@qemu-6.1: exit status 1' '^    \| FAIL: the widget is missing' '^PASS good@'

d=$WORK/hang
canned_boot "$d" "scenario stuck exceeded its timeout of 60s (wall clock)" <<LOG
$BOOT_HEAD
=== RIG BEGIN stuck
waiting for Godot
LOG
check "verdict: a scenario without its end marker fails with the reason the boot was stopped" \
	verdict_says "$d" 1 '^FAIL stuck@qemu-6.1: did not finish: scenario stuck exceeded its timeout'

d=$WORK/guest-timeout
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN slow
=== RIG TIMEOUT slow after 120s
=== RIG END slow rc=137
=== RIG DONE
LOG
check "verdict: a scenario killed by the guest's timeout fails as timed out" \
	verdict_says "$d" 1 '^FAIL slow@qemu-6.1: timed out in the guest \(120s\)'

d=$WORK/oops
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN oopsy
[    5.100000] BUG: kernel NULL pointer dereference, address: 0000000000000000
[    5.100100] Oops: 0000 [#1] PREEMPT SMP NOPTI
[    5.100200] Call Trace:
=== RIG END oopsy rc=0
=== RIG DONE
LOG
check "verdict: a kernel oops fails the scenario even though it exited 0" \
	verdict_says "$d" 1 '^FAIL oopsy@qemu-6.1: kernel report: .*BUG: kernel NULL pointer'

d=$WORK/warn
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN warned
[    5.100000] WARNING: CPU: 1 PID: 77 at mm/slab.c:123 kfree+0x10/0x20
=== RIG END warned rc=0
=== RIG DONE
LOG
check "verdict: a kernel WARN fails the scenario" \
	verdict_says "$d" 1 '^FAIL warned@qemu-6.1: kernel report: .*WARNING: CPU: 1'

d=$WORK/skip
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN notyet
SKIP: jailhouse.ko is not in the initramfs
=== RIG END notyet rc=77
=== RIG DONE
LOG
check "verdict: exit status 77 reports SKIP with the scenario's reason" \
	verdict_says "$d" 0 '^SKIP notyet@qemu-6.1: jailhouse.ko is not in the initramfs$'
check "verdict: a skip is counted as skipped" grep -qx '0 0 1' "$d/counts"

# The panic lines below are built as the hypervisor's hv_panic() and its
# exit report build them, with the banner taken from the ABI header.
check "verdict: the hypervisor's panic paths print the banner the rig watches for" \
	eval '[ "$(grep -rlF "printk(JAILHOUSE_PANIC_BANNER" "$RIG/../../hypervisor-x86" | wc -l)" -ge 2 ]'

d=$WORK/hvpanic
canned_boot "$d" "hypervisor panic: $HV_PANIC_BANNER on CPU 1: VM entry failed" <<LOG
$BOOT_HEAD
=== RIG BEGIN before
=== RIG END before rc=0
=== RIG BEGIN enable
LOG
printf 'hypervisor up\n%s on CPU 1: VM entry failed: exit reason 33 (0x80000021)\n' "$HV_PANIC_BANNER" >"$d/com2.log"
printf 'before 0\nenable 14\n' >"$d/com2-offsets"
check "verdict: a hypervisor panic fails the scenario that ran at the time with the panic line" \
	verdict_says "$d" 1 "^FAIL enable@qemu-6.1: $HV_PANIC_BANNER on CPU 1: VM entry failed"
check "verdict: a hypervisor panic also fails the scenarios of its boot that ran before it" \
	verdict_says "$d" 1 "^FAIL before@qemu-6.1: the hypervisor panicked in this boot: $HV_PANIC_BANNER on CPU 1"

d=$WORK/hvpanic-passed
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN cellcrash
=== RIG END cellcrash rc=0
=== RIG DONE
LOG
printf '%s on CPU 1: exception 14, error code 0x0 at RIP 0xffffff8000001234\n' "$HV_PANIC_BANNER" >"$d/com2.log"
check "verdict: without offsets any hypervisor panic on COM2 fails the scenario, even after exit 0" \
	verdict_says "$d" 1 "^FAIL cellcrash@qemu-6.1: $HV_PANIC_BANNER on CPU 1: exception 14"

d=$WORK/no-panic
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN quiet
=== RIG END quiet rc=0
=== RIG DONE
LOG
printf 'Jailhouse hypervisor: 2 CPUs\nCPU 1: cell "tiny-demo" failed: memory violation\n' >"$d/com2.log"
check "verdict: a cell's fault report on COM2 is not a hypervisor panic" \
	verdict_says "$d" 0 '^PASS quiet@qemu-6.1$'

d=$WORK/expect
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN wants
Hello from the cell
=== RIG END wants rc=0
=== RIG BEGIN forbids
Hello from the cell
error: something
=== RIG END forbids rc=0
=== RIG DONE
LOG
printf '+ ^Hello from the cell$\n' >"$d/s/wants.expect"
printf '+ Hello\n- ^error:\n' >"$d/s/forbids.expect"
check "verdict: .expect '+' lines must match and '-' lines must not" \
	verdict_says "$d" 1 '^PASS wants@' '^FAIL forbids@qemu-6.1: forbidden output present: \^error:'

d=$WORK/expect-missing
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN quiet
=== RIG END quiet rc=0
=== RIG DONE
LOG
printf '+ ^Hello\n' >"$d/s/quiet.expect"
check "verdict: a missing '+' line fails the scenario" \
	verdict_says "$d" 1 '^FAIL quiet@qemu-6.1: expected output missing: \^Hello'

d=$WORK/expect-com4
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN before
=== RIG END before rc=0
=== RIG BEGIN cell
=== RIG END cell rc=0
=== RIG BEGIN cell2
=== RIG END cell2 rc=0
=== RIG DONE
LOG
printf 'linux-cell: ready\nlinux-cell: old\n[    1.000000] BUG: in the first\nlinux-cell: ready\n' >"$d/com4.log"
# before began at byte 0, cell at 67 (after the BUG line), cell2 at the end
printf 'before 0\ncell 67\ncell2 85\n' >"$d/com4-offsets"
printf 'com4+ ^linux-cell: ready$\ncom4- BUG: \n' >"$d/s/before.expect"
printf 'com4+ ^linux-cell: ready$\ncom4- BUG: \n' >"$d/s/cell.expect"
printf 'com4+ ^linux-cell: old$\n' >"$d/s/cell2.expect"
check "verdict: .expect 'com4+'/'com4-' lines judge what COM4 received while the scenario ran" \
	verdict_says "$d" 1 '^FAIL before@qemu-6.1: forbidden COM4 output present: BUG: ' \
		'^PASS cell@' '^FAIL cell2@qemu-6.1: expected COM4 output missing: \^linux-cell: old\$'

d=$WORK/expect-com4-known
canned_boot "$d" "powered off after 9s" <<LOG
$BOOT_HEAD
=== RIG BEGIN cell
=== RIG END cell rc=0
=== RIG BEGIN other
=== RIG END other rc=0
=== RIG DONE
LOG
# cell: the known warning; other: another warning, same shape
warning_block() {
	printf '[    0.000000] ------------[ cut here ]------------\n'
	printf '[    0.000000] WARNING: CPU: 0 PID: 0 at %s 0xffffffff8101c532\n' "$1"
	printf '[    0.000000] Call Trace:\n[    0.000000] ---[ end trace 0000000000000000 ]---\n'
	printf 'linux-cell: ready\n'
}
warning_block arch/x86/kernel/cpu/topology_common.c:57 >"$d/com4.log"
printf 'cell 0\nother %s\n' "$(wc -c <"$d/com4.log")" >"$d/com4-offsets"
warning_block mm/slub.c:99 >>"$d/com4.log"
printf 'com4~ at arch/x86/kernel/cpu/topology_common\.c:\ncom4+ ^linux-cell: ready$\ncom4- WARNING: CPU|Call Trace\n' >"$d/s/cell.expect"
cp "$d/s/cell.expect" "$d/s/other.expect"
check "verdict: a 'com4~' line leaves its known warning block out of the COM4 checks, and only that one" \
	verdict_says "$d" 1 '^PASS cell@' '^FAIL other@qemu-6.1: forbidden COM4 output present'

d=$WORK/deadboot
EXTRA_NAMES="never" canned_boot "$d" "guest kernel panic: Kernel panic - not syncing: VFS" <<LOG
[    0.000000] Linux version 6.1.0-56-amd64
[    2.000000] Kernel panic - not syncing: VFS: Unable to mount root fs
LOG
check "verdict: a boot that never reached init is one failure, and its scenarios did not run" \
	verdict_says "$d" 1 '^FAIL boot@qemu-6.1: the guest never reached init: guest kernel panic' \
		'^FAIL never@qemu-6.1: did not run: guest kernel panic'
check "verdict: the dead boot counts boot + scenario as failures" grep -qx '0 2 0' "$d/counts"

d=$WORK/interleaved
canned_boot "$d" "powered off after 216s" <<LOG
$BOOT_HEAD
=== RIG BEGIN memmap
note: 3a000000-3f1fffff [   50.719538] jailhouse: loading out-of-tree module taints kernel.
: Reserved
=== [   50.796572] jailhouse: module verification failed: signature and/or required key missing - tainting kernel
RIG END memmap rc=0
=== RIG BEGIN last
=== RIG END la[   90.139624] ACPI: PM: Preparing to enter system sleep state S5
st rc=0[   90.217344] reboot: Power down

LOG
check "verdict: markers cut by kernel messages (the kernel bypasses the tty buffer) are repaired" \
	verdict_says "$d" 0 '^PASS memmap@qemu-6.1$' '^PASS last@qemu-6.1$'

d=$WORK/biglog
{
	echo "$BOOT_HEAD"
	echo "=== RIG BEGIN early"
	echo "FAIL: broken early"
	echo "=== RIG END early rc=1"
	echo "=== RIG BEGIN chatty"
	seq -f 'line %g of a long scenario output that fills the pipe buffers' 5000
	echo "=== RIG END chatty rc=0"
	echo "=== RIG DONE"
} | canned_boot "$d" "powered off after 300s"
check "verdict: a log larger than a pipe buffer is judged to the end (no SIGPIPE under pipefail)" \
	verdict_says "$d" 1 '^FAIL early@qemu-6.1: exit status 1' '^PASS chatty@qemu-6.1$'
