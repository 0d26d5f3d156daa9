#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Nothing of a CPU's or a memory's earlier owner reaches the next one
# (hypervisor-x86/include/scrub.h, cell_memory_scrub).  In the tiny-demo
# cell on CPU 1 (1 MiB of RAM at 0x3a600000):
#  1. scrub-plant fills its RAM from 0x80000 with a pattern and leaves its
#     registers (x87, MXCSR, XMM/YMM, DR0-3, DR6, CR2, STAR, LSTAR, CSTAR,
#     FMASK, KERNEL_GS_BASE, TSC_AUX) dirty; after destroy the root reads
#     the cell's whole 1 MiB through /dev/mem and finds only zeros, and
#     CPU 1 runs Linux tasks again;
#  2. scrub-probe, started on CPU 1 after Linux had it back, finds every
#     register it can read clean (Linux's LSTAR, KERNEL_GS_BASE, TSC_AUX,
#     FPU state before this change) and its RAM above the BSS zero;
#  3. the hypervisor can be disabled.
# machines: bochs
# timeout: 900

J=/jailhouse
CELL=tiny-demo
CELL_RAM=0x3a600000
CELL_RAM_PAGES=256
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
for inmate in scrub-plant scrub-probe; do
	[ -f $J/inmates/$inmate.bin ] || skip "$J/inmates/$inmate.bin is not built"
done
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	skip "CPU 1 is not online (an earlier scenario in this boot kept it)"

# cell_ram_nonzero: prints the first non-zero line of the cell's RAM as od
# shows it (offset and bytes), nothing if it is all zero
cell_ram_nonzero() {
	dd if=/dev/mem bs=4096 skip=$((CELL_RAM / 4096)) count=$CELL_RAM_PAGES 2>/dev/null |
		od -Ax -tx1 | grep -v '^[0-9a-f]* *\( 00\)*$' | grep -v '^\*$' | head -n 1
}

# /dev/mem must reach the reserved RAM (memmap=) at all, or the check
# below would pass on an empty read
bytes=$(dd if=/dev/mem bs=4096 skip=$((CELL_RAM / 4096)) count=$CELL_RAM_PAGES 2>/dev/null | wc -c)
[ "$bytes" = $((CELL_RAM_PAGES * 4096)) ] ||
	fail "reading the cell's RAM through /dev/mem gave $bytes bytes, not $((CELL_RAM_PAGES * 4096)) (STRICT_DEVMEM?)"

enable_hv $J/cells/bochs-sys.cell $CELL

# 1. the plant
cell_run $CELL $CELL scrub-plant
n=0
until jailhouse console | grep -q 'scrub-plant: planted$'; do
	n=$((n + 1))
	[ $n -le 60 ] || fail "scrub-plant did not finish: $(jailhouse console | grep scrub-plant | tail -n 5)"
	sleep 1
done
jailhouse console | grep -q 'scrub-plant: RAM 0x80000-0xfffff filled' ||
	fail "scrub-plant did not fill its RAM: $(jailhouse console | grep scrub-plant | head -n 3)"
jailhouse console | grep -q 'scrub-plant: LSTAR = .* planted' ||
	fail "scrub-plant could not write LSTAR: $(jailhouse console | grep 'scrub-plant: LSTAR')"
out=$(jailhouse cell shutdown $CELL 2>&1) || fail "scrub-plant: cell shutdown failed: $out"
out=$(jailhouse cell destroy $CELL 2>&1) || fail "scrub-plant: cell destroy failed: $out"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	fail "CPU 1 did not come back online after scrub-plant"
taskset -c 1 sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done' ||
	fail "CPU 1 does not run tasks after scrub-plant"
left=$(cell_ram_nonzero)
[ -z "$left" ] || fail "the cell's RAM went back to the root unscrubbed: $left"
note "scrub-plant: the cell's 1 MiB reads as zeros after destroy"

# 2. the probe
cell_run $CELL $CELL scrub-probe
n=0
until jailhouse console | grep -q 'scrub-probe: [0-9]* checked'; do
	n=$((n + 1))
	[ $n -le 60 ] || fail "scrub-probe did not finish: $(jailhouse console | grep scrub-probe | tail -n 5)"
	sleep 1
done
[ "$(cat "$D/state")" = running ] || fail "scrub-probe: the cell is '$(cat "$D/state")', not running"
jailhouse console | grep -q 'scrub-probe: .*: NOT SCRUBBED' &&
	fail "scrub-probe: $(jailhouse console | grep 'scrub-probe: .*: NOT SCRUBBED' | head -n 5)"
summary=$(jailhouse console | grep 'scrub-probe: [0-9]* checked' | tail -n 1)
echo "$summary" | grep -q ', 0 NOT SCRUBBED$' || fail "scrub-probe: $summary"
for item in DR0 DR3 DR6 CR2 LSTAR KERNEL_GS_BASE TSC_AUX MXCSR XMM0-15 'RAM 0x80000-0xfffff'; do
	jailhouse console | grep -q "scrub-probe: $item.*clean" ||
		fail "scrub-probe did not report $item"
done
note "$summary"
out=$(jailhouse cell shutdown $CELL 2>&1) || fail "scrub-probe: cell shutdown failed: $out"
out=$(jailhouse cell destroy $CELL 2>&1) || fail "scrub-probe: cell destroy failed: $out"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	fail "CPU 1 did not come back online after scrub-probe"

# 3.
trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
exit 0
