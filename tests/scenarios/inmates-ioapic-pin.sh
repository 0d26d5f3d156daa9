#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A cell owning an IOAPIC pin (configs/x86/ioapic-pin.c: CPU 1, pin 10 of
# the IOAPIC at 0xfec00000) runs the ioapic-pin inmate: through the
# hypervisor's emulation it reads the version register, programs its pin
# and reads it back unchanged, reads the root's pin 2 as a masked entry,
# then writes pin 2, which must stop the cell with an "ioapic" fault at
# the RIP the inmate announced.  The root's interrupts keep arriving while
# the failed cell exists and after it is destroyed; CPU 1 comes back.
# machines: bochs
# timeout: 600

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CELL=ioapic-pin
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
[ -f $J/inmates/$CELL.bin ] || skip "the ioapic-pin inmate is not built"

enable_hv $J/cells/bochs-sys.cell $CELL

# Interrupts the IOAPIC delivered to the root, all CPUs together.
ioapic_irqs() {
	awk '/IO-APIC/ { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i }
	     END { print n + 0 }' /proc/interrupts
}

# irqs_rise LABEL: fails unless the count rises within 30 s.  The serial
# ports (IRQ 4: COM1 output, init's heartbeat on COM3 every 5 s) are busy.
irqs_rise() {
	before=$(ioapic_irqs)
	i=0
	while [ $i -lt 30 ]; do
		echo "ioapic-pin scenario: waiting for IOAPIC interrupts ($1)"
		sleep 1
		[ "$(ioapic_irqs)" -gt "$before" ] && break
		i=$((i + 1))
	done
	after=$(ioapic_irqs)
	[ "$after" -gt "$before" ] ||
		fail "$1: no IOAPIC interrupt reached the root in 30 s ($before -> $after): $(grep IO-APIC /proc/interrupts)"
	note "$1: IOAPIC interrupts $before -> $after"
}

# console_line REGEX: the last line of the hypervisor console matching it
console_line() {
	jailhouse console | grep -E "$1" | tail -n 1
}

irqs_rise "before the cell"

cell_run $CELL $CELL $CELL

wait_cell_state "$D" failed 60 ||
	fail "the cell is '$(cat "$D/state")', not failed; its output: $(console_line 'ioapic-pin')"

line=$(console_line 'ioapic-pin: version register')
[ -n "$line" ] || fail "the inmate did not read the version register: $(console_line 'ioapic-pin')"
note "$line"
line=$(console_line 'ioapic-pin: pin 10 RTE ')
case "$line" in
*"(read back ok)"*) note "$line" ;;
"") fail "the inmate did not program pin 10: $(console_line 'ioapic-pin')" ;;
*) fail "pin 10 did not read back what the cell wrote: $line" ;;
esac
line=$(console_line 'ioapic-pin: pin 2 RTE ')
echo "$line" | grep -qE 'pin 2 RTE 0x10000$' ||
	fail "pin 2 (not the cell's) did not read as a masked entry 0x10000: '$line'"

rip=$(console_line 'ioapic-pin: write to pin 2 at RIP ' |
	sed -n 's/^.*at RIP \(0x[0-9a-f]*\)$/\1/p')
[ -n "$rip" ] || fail "the inmate did not announce its write to pin 2"
fault=$(cat "$D/fault")
echo "$fault" | grep -q '^reason: ioapic$' || fail "the fault report does not say 'ioapic': $fault"
echo "$fault" | grep -qi "$rip" || fail "the fault report does not name RIP $rip: $fault"
jailhouse console | grep -q "ioapic-pin: NOT STOPPED" && fail "the cell got past its write to pin 2"
line=$(console_line 'IOAPIC register 0x14: ')
[ -n "$line" ] || fail "the hypervisor did not say why it refused the write to pin 2"
note "stopped: $(echo "$fault" | head -n 1)"
note "hypervisor: $line"

irqs_rise "the failed cell exists"

out=$(jailhouse cell destroy $CELL 2>&1) || fail "cell destroy failed: $out"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	fail "CPU 1 did not come back online after the cell was destroyed"
[ "$(cat $SYSFS/enabled)" = 1 ] || fail "the hypervisor is not enabled any more"
irqs_rise "after destroy"

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
irqs_rise "after disable"
exit 0
