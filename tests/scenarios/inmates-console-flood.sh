#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# attack-console-flood in the tiny-demo cell on CPU 1: terminal escapes and
# 64000 bytes through the console hypercall.  From the root: the
# hypervisor's log holds no ESC byte and shows the escape line sanitised
# (ESC and CR gone, BEL as '.'), only a small part of the flood got through
# (1 KiB per 100 ms; the window is measured in TSC ticks, and Bochs' TSC
# rate is not the 1 GHz assumed without tsc_khz, so the bound here is 10% of
# the 640 lines rather than exactly 10), the drops are reported with their
# count (together at least 50000 bytes), the cell kept running, answers the
# shutdown request, is destroyed and CPU 1 comes back.  The exact budget,
# the single report and the UART's top-up interval are pinned by the unit
# test hv-console.
# machines: bochs
# timeout: 600

J=/jailhouse
SYSFS=/sys/devices/jailhouse
CELL=tiny-demo
A=attack-console-flood
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
[ -f $J/cells/$CELL.cell ] || skip "$J/cells/$CELL.cell is not built"
[ -f $J/inmates/$A.bin ] || skip "$J/inmates/$A.bin is not built"

enable_hv $J/cells/bochs-sys.cell $CELL

cell_run $CELL $CELL $A
sleep 5
[ "$(cat "$D/state")" = running ] || fail "$A: the cell is '$(cat "$D/state")', not running"
jailhouse console | grep -q "$A: .* at RIP" || fail "$A did not announce its attack"

esc=$(printf '\033')
jailhouse console | grep -q "$esc" && fail "an ESC byte reached the hypervisor's log"
jailhouse console | grep -qF "$A: escapes:[2J]0;owned.FORGED LINE" ||
	fail "the escape line is not in the log as sanitised: $(jailhouse console | grep "$A: escapes" | head -n 1)"
lines=$(jailhouse console | grep -c '^x\{99\}$')
[ "$lines" -ge 1 ] || fail "none of the flood reached the log"
[ "$lines" -le 64 ] || fail "$lines of 640 lines of the flood reached the log"

out=$(jailhouse cell shutdown $CELL 2>&1) || fail "$A: cell shutdown failed: $out"
out=$(jailhouse cell destroy $CELL 2>&1) || fail "cell destroy after $A failed: $out"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] || fail "CPU 1 did not come back online after $A"
dropped=$(jailhouse console |
	sed -n "s/^\[console: \([0-9]*\) bytes from cell \"$CELL\" dropped\]\$/\1/p" |
	awk '{ n += $1 } END { print n + 0 }')
[ "$dropped" -ge 50000 ] || fail "only $dropped bytes were reported as dropped"
note "$A: $lines flood lines logged, $dropped bytes reported as dropped"

trap - EXIT
out=$(jailhouse disable 2>&1) || fail "jailhouse disable failed: $out"
exit 0
