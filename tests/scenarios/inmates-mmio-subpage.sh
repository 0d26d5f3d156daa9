#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A sub-page MMIO region end to end: the mmio-subpage cell on CPU 1
# (tiny-demo's layout plus one JAILHOUSE_MEM_IO_UNALIGNED region, the HPET
# main counter, 8 bytes read-only at 0xfed000f0, 32/64-bit) runs the
# mmio-subpage inmate.  The HPET page stays the root's and is in no cell's
# EPT, so the inmate's reads exit and the hypervisor emulates them: the
# counter must advance between two 64-bit reads and its 32-bit halves must
# agree.  The inmate's last read is 16 bits wide, which the region does not
# allow: the cell must fail with a memory fault at the RIP the inmate
# announced, and the hypervisor console must give the reason.  After
# destroy, CPU 1 is back online and the root's HPET is still fine.
# machines: bochs
# timeout: 600

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CELL=mmio-subpage
NAME=mmio-subpage
CS=/sys/devices/system/clocksource/clocksource0
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
[ -f $J/inmates/$NAME.bin ] || skip "$J/inmates/$NAME.bin is not built"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	skip "CPU 1 is not online (an earlier scenario in this boot kept it)"
grep -qw hpet $CS/available_clocksource ||
	skip "Linux has no HPET clocksource on this machine"
hpet_unstable() {
	dmesg | grep -c "Marking clocksource 'hpet' as unstable"
}
unstable_before=$(hpet_unstable)

enable_hv $J/cells/bochs-sys.cell $CELL

cell_run $CELL $CELL $NAME

wait_cell_state "$D" failed 60 ||
	fail "the cell is '$(cat "$D/state")', not failed; its output: $(jailhouse console | grep "$NAME" | tail -n 5)"
log=$(jailhouse console)

# the emulated reads
line=$(echo "$log" | grep "$NAME: counter " | tail -n 1)
[ -n "$line" ] || fail "the inmate printed no counter line: $(echo "$log" | grep "$NAME" | tail -n 5)"
echo "$line" | grep -q '(advancing)$' || fail "the counter does not advance: $line"
note "$line"
line=$(echo "$log" | grep "$NAME: 32-bit halves " | tail -n 1)
echo "$line" | grep -q '(consistent)$' || fail "32-bit reads of the counter: ${line:-no line}"
note "$line"

# the refused 16-bit read
rip=$(echo "$log" | sed -n "s/^.*$NAME: 16-bit read at RIP \(0x[0-9a-f]*\)\$/\1/p" | tail -n 1)
[ -n "$rip" ] || fail "the inmate did not announce its 16-bit read"
fault=$(cat "$D/fault")
echo "$fault" | grep -q '^reason: memory$' ||
	fail "the fault report does not say memory: $fault"
echo "$fault" | grep -qi "$rip" || fail "the fault report does not name RIP $rip: $fault"
echo "$fault" | grep -qi '^address: 0xfed000f0$' ||
	fail "the fault report does not name address 0xfed000f0: $fault"
echo "$log" | grep -q "CPU 1: sub-page MMIO access at 0xfed000f0 refused: the access width is not allowed in this region" ||
	fail "the hypervisor console does not give the reason: $(echo "$log" | grep 'sub-page MMIO' | tail -n 3)"
echo "$log" | grep -q "$NAME: NOT STOPPED" && fail "the 16-bit read did not stop the cell"
echo "$log" | grep -q "$NAME: 16-bit read gave" && fail "the 16-bit read was emulated"
mmio=$(cat "$D/statistics/cpu1/vmexits_mmio" 2>/dev/null)
if [ -n "$mmio" ]; then
	[ "$mmio" -ge 6 ] || fail "vmexits_mmio of CPU 1 is $mmio, expected >= 6 (5 reads, 1 refused)"
fi
note "stopped: $(echo "$fault" | grep '^message:')"

out=$(jailhouse cell destroy $CELL 2>&1) || fail "cell destroy failed: $out"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	fail "CPU 1 did not come back online"
[ "$(cat $SYSFS/enabled)" = 1 ] || fail "the hypervisor is not enabled any more"

# The root's HPET: still a clocksource Linux trusts, and time goes on.
grep -qw hpet $CS/available_clocksource ||
	fail "Linux dropped the HPET clocksource: $(dmesg | grep -i 'hpet\|clocksource' | tail -n 3)"
[ "$(hpet_unstable)" = "$unstable_before" ] ||
	fail "Linux marked the HPET unstable: $(dmesg | grep -A2 "clocksource 'hpet' as unstable" | tail -n 3)"
up1=$(cut -d. -f1 /proc/uptime)
sleep 2
up2=$(cut -d. -f1 /proc/uptime)
[ "$up2" -gt "$up1" ] || fail "uptime did not advance over 2 s ($up1 -> $up2, clocksource $(cat $CS/current_clocksource))"

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
note "sub-page MMIO: HPET counter reads emulated, 16-bit read stopped the cell at $rip"
exit 0
