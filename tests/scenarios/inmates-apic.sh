#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The local APIC attacks (issue 12, items 11 and 12) in the tiny-demo cell
# on CPU 1.  Each is refused without stopping the cell: the registers are
# the cell's own copies, or what it left behind is drained before the CPU
# goes back.  From the root after each: CPU 0 saw no NMI, the cell shuts
# down and is destroyed (the hypervisor's kicks still reach its CPU), CPU 1
# is back online and runs tasks, and Linux logged no interrupt it has no
# handler for.
# machines: bochs
# timeout: 900

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CELL=tiny-demo
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
for a in attack-apic-id attack-apic-ldr attack-lint attack-pending-irq; do
	[ -f $J/inmates/$a.bin ] || skip "$J/inmates/$a.bin is not built"
done

enable_hv $J/cells/bochs-sys.cell $CELL

nmis_cpu0() {
	awk '$1 == "NMI:" { print $2 }' /proc/interrupts
}

stray_irqs() {
	dmesg | grep -c 'No irq handler for vector'
}

# wait_console REGEX SECONDS
wait_console() {
	n=0
	while [ $n -lt "$2" ]; do
		jailhouse console | grep -qE "$1" && return 0
		sleep 1
		n=$((n + 1))
	done
	return 1
}

# run ATTACK EXPECTED-LINE: the cell keeps running and says EXPECTED-LINE;
# nothing reaches CPU 0; shutdown, destroy and CPU 1 work afterwards
run() {
	nmis=$(nmis_cpu0)
	stray=$(stray_irqs)
	cell_run $CELL $CELL "$1"
	wait_console "$1: done, waiting for shutdown|$1: .*waiting for shutdown" 60 ||
		fail "$1 did not get to its end: $(jailhouse console | grep "$1" | tail -n 5)"
	[ "$(cat "$D/state")" = running ] ||
		fail "$1: the cell is '$(cat "$D/state")', not running: $(cat "$D/fault" 2>/dev/null)"
	jailhouse console | grep -qE "$1: .*NOT (VIRTUALISED|STOPPED)" &&
		fail "$1: $(jailhouse console | grep "$1: .*NOT" | head -n 2)"
	jailhouse console | grep -qE "$2" ||
		fail "$1 did not say '$2': $(jailhouse console | grep "$1" | tail -n 5)"
	out=$(jailhouse cell shutdown $CELL 2>&1) || fail "$1: cell shutdown failed: $out"
	out=$(jailhouse cell destroy $CELL 2>&1) || fail "$1: cell destroy failed: $out"
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
		fail "CPU 1 did not come back online after $1"
	taskset -c 1 sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done' ||
		fail "CPU 1 does not run tasks after $1"
	sleep 2
	[ "$(nmis_cpu0)" = "$nmis" ] || fail "$1: CPU 0 received an NMI"
	[ "$(stray_irqs)" = "$stray" ] ||
		fail "$1: Linux got an interrupt the cell left behind: $(dmesg | grep 'No irq handler for vector' | tail -n 1)"
	[ "$(cat $SYSFS/enabled)" = 1 ] || fail "the hypervisor is not enabled any more after $1"
	note "$1: refused, cell destroyed, CPU 1 back"
}

run attack-apic-id "attack-apic-id: ID was [0-9]+, reads back 0 \(virtualised\)"
jailhouse console | grep -q "attack-apic-id: 0 of 5 timer ticks" &&
	fail "attack-apic-id: the cell lost its own timer interrupts"
run attack-apic-ldr "attack-apic-ldr: 1 own interrupt, 0 NMIs"
run attack-lint "attack-lint: LINT0 reads 0x700, LINT1 reads 0x400 \(virtualised\), 0 NMIs"
run attack-pending-irq "attack-pending-irq: vector 0x31 in service \(1\)"

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
note "4 APIC attack inmates refused; no stray interrupt reached Linux"
exit 0
