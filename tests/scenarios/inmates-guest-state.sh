#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest state a cell chooses must never cost the CPU (issue 12 items 6 and
# 7): attack-cr0 (invalid CR0/CR4 writes: bits 63:32, NW without CD, PG
# without PE, PG cleared in 64-bit mode, CR4.PAE cleared in long mode) and
# attack-xsetbv (invalid XCR0 values) run three times each, alternating, in
# the tiny-demo cell on CPU 1.  Each run: every write gets #GP with the
# register unchanged ("8 refused, 0 NOT REFUSED"), the writes the
# hypervisor emulates were counted as exits (CR0.PG is guarded; XSETBV
# always exits), the cell keeps running, shuts down on request and is
# destroyed, and CPU 1 is back online.  A CPU parked by a failed VM entry
# would make the next run's cell never reach "running".
# machines: bochs
# timeout: 1200

J=/jailhouse
CELL=tiny-demo
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
for inmate in attack-cr0 attack-xsetbv; do
	[ -f $J/inmates/$inmate.bin ] || skip "$J/inmates/$inmate.bin is not built"
done

enable_hv $J/cells/bochs-sys.cell $CELL

# run INMATE STAT MIN-EXITS ROUND
run() {
	cell_run $CELL $CELL "$1"
	# the summary line comes before "done, waiting for shutdown"; the
	# console keeps earlier rounds: wait for this round's line
	n=0
	while [ "$(jailhouse console | grep -c "$1: done, waiting for shutdown")" -lt "$4" ]; do
		n=$((n + 1))
		[ $n -le 60 ] || fail "$1 (round $4): no summary after 60 s; the cell is '$(cat "$D/state")': $(jailhouse console | grep "$1" | tail -n 3)"
		sleep 1
	done
	[ "$(cat "$D/state")" = running ] ||
		fail "$1 (round $4): the cell is '$(cat "$D/state")', not running: $(cat "$D/fault" 2>/dev/null)"
	summary=$(jailhouse console | grep "$1: [0-9]* refused" | tail -n 1)
	[ "$summary" = "$1: 8 refused, 0 NOT REFUSED" ] ||
		fail "$1 (round $4): '$summary'; $(jailhouse console | grep "$1: .*NOT REFUSED" | tail -n 3)"
	exits=$(cat "$D/statistics/cpu1/$2")
	[ "$exits" -ge "$3" ] || fail "$1 (round $4): $2 is $exits, expected >= $3"
	out=$(jailhouse cell shutdown $CELL 2>&1) || fail "$1 (round $4): cell shutdown failed: $out"
	out=$(jailhouse cell destroy $CELL 2>&1) || fail "$1 (round $4): cell destroy failed: $out"
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
		fail "$1 (round $4): CPU 1 did not come back online"
	note "$1 (round $4): $summary, $2 = $exits"
}

for round in 1 2 3; do
	# CR0.PG cleared twice in 64-bit mode: at least 2 CR exits
	run attack-cr0 vmexits_cr 2 $round
	# 8 invalid values and the valid rewrite: 9 XSETBV exits
	run attack-xsetbv vmexits_xsetbv 9 $round
done

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
note "attack-cr0 and attack-xsetbv 3 times each: every invalid value #GP, CPU 1 back each time"
exit 0
