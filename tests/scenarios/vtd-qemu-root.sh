#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The root's interrupt-remapping take-over (hypervisor-x86/arch/vtd-root.c)
# against QEMU 10's intel-iommu while Linux's own interrupt remapping runs
# in x2APIC mode (tests/vtd-harness/root.c, Documentation/vtd.md "The
# take-over harness").  insmod (mode=root) takes the unit over as the
# hypervisor would and leaves it so: Linux's interrupts then go through
# the hypervisor's table -- the edus' MSIs (counted in the module) and the
# serial port's through the IOAPIC in remappable format (counted here,
# while this script writes to the console); an entry of Linux's naming a
# cell's device is refused, its interrupt blocked and recorded.  rmmod
# hands the unit back and checks every register Linux reads and that
# Linux's interrupts and its queue work again.
# Linux must not touch the unit in the window: nothing here allocates or
# moves an interrupt between insmod and rmmod.
# machines: qemu-vtd-ir
# timeout: 240

ko=/jailhouse/vtd-harness.ko
[ -f "$ko" ] || skip "vtd-harness.ko is not in the initramfs (the rig says why when it leaves it out)"
grep -qw intremap=off /proc/cmdline &&
	fail "the kernel was booted with intremap=off: there is no interrupt remapping of Linux's to take over"

# the real-machine setup (QEMU 10: x2APIC under TCG, eim=on)
dmesg | grep -q 'Enabled IRQ remapping in x2apic mode' ||
	fail "Linux did not enable IRQ remapping in x2apic mode (QEMU older than 10, or no eim=on): $(dmesg | grep -m1 -i 'remapping')"
dmesg | grep -q 'Switched APIC routing to cluster x2apic' ||
	fail "Linux does not route in cluster x2APIC mode: $(dmesg | grep -m1 'APIC routing')"
note "$(dmesg | grep -m1 'Enabled IRQ remapping'), $(dmesg | grep -m1 'APIC routing')"

# Facts for the x2APIC work: the MADT's processor entries (QEMU gives
# x2APIC entries only for APIC IDs above 254).
madt_entries() {
	od -An -v -tu1 /sys/firmware/acpi/tables/APIC | awk '
	{ for (i = 1; i <= NF; i++) b[n++] = $i }
	END {
		for (p = 44; p + 1 < n && b[p + 1] > 0; p += b[p + 1]) {
			t = b[p]
			if (t == 0) printf "LAPIC uid %d id %d flags %d; ", b[p + 2], b[p + 3], b[p + 4]
			else if (t == 9) printf "x2APIC id %d flags %d uid %d; ", b[p + 4] + 256 * b[p + 5], b[p + 8], b[p + 12]
			else if (t == 1) printf "IOAPIC id %d; ", b[p + 2]
			else if (t == 2) printf "override irq %d gsi %d; ", b[p + 3], b[p + 4]
			else if (t == 4) printf "LAPIC NMI; "
			else if (t == 10) printf "x2APIC NMI; "
			else printf "type %d; ", t
		}
	}'
}
note "MADT: $(madt_entries)"

# The serial console's interrupts: IRQ 4 through the IOAPIC, remappable.
serial_line() { grep -E '^ *4:' /proc/interrupts; }
serial_count() {
	serial_line | awk '{ s = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i; print s }'
}
serial_line | grep -q 'IR-IO-APIC' ||
	fail "IRQ 4 (ttyS0) is not a remapped IOAPIC interrupt: $(serial_line)"

# 40 lines through the console, whose output is interrupt driven, then
# until they are sent: stty applies its settings with TCSETSW, which waits
# for the output to drain, so a lost transmit interrupt hangs it (10 s
# bound).  The host's log must hold every line (vtd-qemu-root.expect).
# `sent`: the serial interrupts this took, -1 if the output did not drain.
write_lines() {
	stty 115200 </dev/console || fail "stty on the console failed"
	n0=$(serial_count)
	i=0
	while [ $i -lt 40 ]; do
		echo "$1 line $i of 40" >/dev/console
		i=$((i + 1))
	done
	if timeout 10 stty 115200 </dev/console; then
		sent=$(($(serial_count) - n0))
	else
		sent=-1
	fi
}

harness_out() { dmesg | sed -n 's/.*vtd-harness: //p'; }

# the same output before the take-over: what the window must match
write_lines before
base=$sent
note "serial IRQ 4 for 40 lines before the take-over: $base interrupts"
[ "$base" -gt 0 ] || fail "40 lines before the take-over: $base serial interrupts (-1: the output did not drain within 10 s)"

dmesg -c >/dev/null
insmod "$ko" mode=root || fail "insmod vtd-harness.ko mode=root failed"
out=$(harness_out)
reason=$(echo "$out" | sed -n 's/^SKIP: //p')
if [ -n "$reason" ]; then
	rmmod vtd-harness
	skip "$reason"
fi
echo "$out" | grep -q '^window open' || {
	rmmod vtd-harness
	echo "$out" | tail -n 30
	fail "the harness did not take the unit over"
}

# In the window: the unit runs the harness's table; Linux's serial
# interrupts keep coming through it.
write_lines window
win=$sent
note "serial IRQ 4 for 40 lines in the window: $win interrupts ($(serial_line))"
grep vtd-harness /proc/interrupts

rmmod vtd-harness || fail "rmmod vtd-harness failed (the unit stays taken over)"
out=$(harness_out)
echo "$out" | grep -E '^(PASS|FAIL|NOTE)|^needs|root side|our entry|DMA fault|interrupt blocked|Linux left|taken|edu [01]:|^CPU [0-9]'
[ "$win" -gt 0 ] ||
	fail "40 lines in the window: $win serial interrupts (IRQ 4, remapped IOAPIC; -1: the output did not drain within 10 s, an interrupt was lost)"

# After the hand-back: Linux's table again.
write_lines after
back=$sent
note "serial IRQ 4 for 40 lines after the hand-back: $back interrupts"
[ "$back" -gt 0 ] || fail "40 lines after the hand-back: $back serial interrupts (-1: the output did not drain within 10 s)"

summary=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$') ||
	fail "the harness printed no closing line"
echo "$out" | grep -q '^FAIL ' && fail "the harness reports failures: $summary"

# Every check must have run and passed (a check that vanished is a failure).
for name in linux-ir-live linux-x2apic-eim edu0-msi edu1-msi takeover-setup \
	unit-runs-our-table-and-queue linux-entries-translated \
	view-GSTS view-RTADDR view-FSTS view-FECTL view-FEDATA view-FEADDR \
	view-FEUADDR view-IQH view-IQT view-IQA view-ICS view-IECTL \
	view-IEDATA view-IEADDR view-IEUADDR view-IRTA \
	edu0-message-remappable edu1-message-remappable \
	edu0-msi-through-our-table edu1-msi-through-our-table \
	edu1-msi-after-compat \
	cell-takes-edu1 linux-entry-of-cell-device-refused \
	refused-entry-msi-blocked other-entries-still-arrive \
	entry-back-after-destroy edu1-msi-arrives-again no-other-faults \
	edu0-msi-at-window-end hand-back pages-back \
	back-GSTS back-RTADDR back-FSTS back-FECTL back-FEDATA back-FEADDR \
	back-FEUADDR back-IQH back-IQT back-IQA back-ICS back-IECTL \
	back-IEDATA back-IEADDR back-IEUADDR back-IRTA \
	edu0-msi-after-hand-back edu1-msi-after-hand-back \
	linux-moves-an-interrupt; do
	echo "$out" | grep -qx "PASS $name" || fail "check '$name' did not pass"
done
# QEMU 10 records the blocked interrupt; QEMU 7.2 would print a NOTE
echo "$out" | grep -qx 'PASS refused-entry-fault-recorded' ||
	fail "the blocked interrupt was not recorded as a fault (QEMU 10 records it)"
note "$summary"
