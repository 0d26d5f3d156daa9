#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tiny-demo and apic-demo in a cell on CPU 1 of the Bochs PC: each starts,
# prints through the console hypercall, answers the shutdown request, and
# its CPU comes back to Linux on destroy.  apic-demo's VM exits per second
# in steady state are measured (target: <= 1 between prints).
# apic-demo switches its CPU to x2APIC.  Bochs cannot put a CPU back into
# xAPIC mode (it ignores IA32_APIC_BASE writes while the APIC is globally
# disabled), so there the hypervisor keeps that CPU and says so: this
# scenario accepts exactly that outcome, runs last in its boot (the CPU and
# `disable` are gone afterwards), and the return to xAPIC itself is
# inmates-x2apic-return, skipped on Bochs.
# machines: bochs
# timeout: 900

J=/jailhouse
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
for f in cells/bochs-sys.cell cells/tiny-demo.cell cells/apic-demo.cell \
	 inmates/tiny-demo.bin inmates/apic-demo.bin; do
	[ -f $J/$f ] || skip "$J/$f is not built"
done

grep -q '^jailhouse ' /proc/modules || insmod $J/jailhouse.ko ||
	fail "insmod jailhouse.ko failed"
out=$(jailhouse enable $J/cells/bochs-sys.cell 2>&1) ||
	fail "jailhouse enable failed: $out"

cleanup() {
	for c in tiny-demo apic-demo; do
		jailhouse cell destroy $c >/dev/null 2>&1
	done
	jailhouse disable >/dev/null 2>&1
}
trap cleanup EXIT

console_count() {
	jailhouse console | grep -cE "$1"
}

# wait_for_console REGEX COUNT SECONDS: COUNT more lines of the log match
# REGEX than when the current demo was started (the log outlives cells)
wait_for_console() {
	i=0
	while [ $i -lt "$3" ]; do
		[ $(($(console_count "$1") - ${BASELINE:-0})) -ge "$2" ] && return 0
		sleep 1
		i=$((i + 1))
	done
	return 1
}

exits_total() {
	cat "$1/statistics/cpu1/vmexits_total"
}

# run_demo NAME READY-REGEX READY-COUNT
run_demo() {
	name=$1
	out=$(jailhouse cell create $J/cells/$name.cell 2>&1)
	case "$out" in
	*"not implemented"*) skip "jailhouse cell create: $out" ;;
	esac
	[ -n "$(cell_dir "$name")" ] || fail "cell create $name failed: $out"
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 0 ] ||
		fail "CPU 1 is still online in Linux after cell create $name"
	BASELINE=$(console_count "$2")
	out=$(jailhouse cell load "$name" $J/inmates/$name.bin -a 0 2>&1) ||
		fail "cell load $name failed: $out"
	out=$(jailhouse cell start "$name" 2>&1) ||
		fail "cell start $name failed: $out"
	wait_for_console "$2" "$3" 120 ||
		fail "$name did not print '$2' $3 times; log: $(jailhouse console | tail -n 10)"
	d=$(cell_dir "$name")
	[ "$(cat "$d/state")" = running ] ||
		fail "$name is '$(cat "$d/state")', not running: $(cat "$d/fault" 2>/dev/null)"
}

stop_demo() {
	name=$1
	BASELINE=$(console_count "$name: .*stopping")
	out=$(jailhouse cell shutdown "$name" 2>&1) ||
		fail "cell shutdown $name failed: $out"
	d=$(cell_dir "$name")
	[ "$(cat "$d/state")" = "shut down" ] ||
		fail "$name is '$(cat "$d/state")' after shutdown, not 'shut down'"
	wait_for_console "$name: .*stopping" 1 10 ||
		fail "$name did not say it was stopping"
	out=$(jailhouse cell destroy "$name" 2>&1) ||
		fail "cell destroy $name failed: $out"
	[ -z "$(cell_dir "$name")" ] || fail "$name still listed after destroy"
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] && return 0
	if [ "$2" = x2apic ] && [ "$MACHINE" = bochs ] &&
	   jailhouse console | grep -q 'CPU 1 cannot go back to Linux: its local APIC did not return to xAPIC mode'; then
		note "CPU 1 stays with the hypervisor: Bochs cannot switch it back from x2APIC (see inmates-x2apic-return)"
		X2APIC_CPU_KEPT=1
		return 0
	fi
	fail "CPU 1 did not come back online after destroying $name"
}

run_demo tiny-demo 'tiny-demo: count [0-9]+' 2
jailhouse console | grep -q 'tiny-demo: hello from CPU 0' ||
	fail "tiny-demo did not say hello"
stop_demo tiny-demo

run_demo apic-demo 'apic-demo: jitter min' 2
d=$(cell_dir apic-demo)
lines_before=$(jailhouse console | grep -c 'apic-demo: jitter min')
exits_before=$(exits_total "$d")
start=$(cut -d' ' -f1 /proc/uptime)
sleep 10
exits_after=$(exits_total "$d")
end=$(cut -d' ' -f1 /proc/uptime)
lines_after=$(jailhouse console | grep -c 'apic-demo: jitter min')
rate=$(awk -v e=$((exits_after - exits_before)) -v a="$start" -v b="$end" \
	'BEGIN { printf "%.1f", e / (b - a) }')
note "apic-demo: $((exits_after - exits_before)) VM exits in $(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }') s = $rate/s, $((lines_after - lines_before)) lines printed"
note "apic-demo: $(jailhouse console | grep 'apic-demo: jitter min' | tail -n 1)"
# One console hypercall per printed line is the budget; allow a little more
# than the print rate before calling it a regression.
awk -v r="$rate" 'BEGIN { exit !(r <= 3) }' ||
	fail "apic-demo causes $rate VM exits/s in steady state (target <= 1 per printed line)"
stop_demo apic-demo x2apic
jailhouse console | grep -qE 'apic-demo: total [0-9]+ samples' ||
	fail "apic-demo did not print its totals before stopping"
# Linux goes on on CPU 0 whatever became of CPU 1
taskset -c 0 sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done' ||
	fail "CPU 0 does not run tasks any more"

trap - EXIT
out=$(jailhouse disable 2>&1)
if [ -n "${X2APIC_CPU_KEPT:-}" ]; then
	echo "$out" | grep -q 'CPU 1 could not be given back to Linux' ||
		fail "disable with CPU 1 kept by the hypervisor: expected a refusal naming it, got: $out"
	note "disable refused, as it must while the hypervisor keeps CPU 1: $out"
	exit 0
fi
[ -z "$out" ] || fail "jailhouse disable failed: $out"
exit 0
