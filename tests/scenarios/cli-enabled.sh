#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI against a running hypervisor on the Bochs PC: `cell list` and
# `cell stats` show the root cell, cells are found by name and id, the
# driver's refusals reach the user as sentences, `console -f` follows the
# log.  Leaves the machine as it found it.  The cell lifecycle is in
# cli-cells.
# machines: bochs
# timeout: 600

J=/jailhouse
SYSFS=/sys/devices/jailhouse
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"

loaded_before=0
grep -q '^jailhouse ' /proc/modules && loaded_before=1
# Let the runner's begin marker reach COM1 before kernel messages can split it.
sleep 1
[ $loaded_before = 1 ] || insmod $J/jailhouse.ko || fail "insmod jailhouse.ko failed"
[ "$(cat $SYSFS/enabled)" = 0 ] || fail "the hypervisor is enabled already: an earlier scenario left it on"

if ! out=$(jailhouse enable $J/cells/bochs-sys.cell 2>&1); then
	note "hypervisor log: $(jailhouse console | tail -n 5)"
	[ $loaded_before = 1 ] || rmmod jailhouse
	# The hypervisor's own scenarios fail for this; here it only means the
	# CLI cannot be tried against a running hypervisor.
	skip "jailhouse enable failed, nothing to talk to: $out"
fi

cleanup() {
	jailhouse cell destroy "$cell" >/dev/null 2>&1
	jailhouse disable >/dev/null 2>&1
	[ $loaded_before = 1 ] || rmmod jailhouse 2>/dev/null
}
cell=tiny-demo
trap cleanup EXIT

# The root cell.
list=$(jailhouse cell list) || fail "cell list failed while enabled: $list"
note "cell list:
$list"
echo "$list" | grep -qE '^0 +bochs-root +running +0-1$' ||
	fail "cell list does not show the root cell as '0 bochs-root running 0-1'"
stats=$(jailhouse cell stats bochs-root --once) || fail "cell stats bochs-root --once failed: $stats"
total=$(echo "$stats" | awk '$1 == "total" { print $2 }')
[ -n "$total" ] && [ "$total" -gt 0 ] ||
	fail "the root cell shows no VM exits in total: $stats"
note "root cell VM exits: $total"
expect 0 'cell 0 "bochs-root": running' jailhouse cell stats 0 --once
expect 1 "is the root cell" jailhouse cell destroy 0
expect 1 "no cell named or numbered 'nope'" jailhouse cell start nope
# A refusal from the driver arrives as its sentence.
expect 1 "jailhouse enable: " jailhouse enable $J/cells/bochs-sys.cell
case "$out" in *"gave no reason"*) fail "second enable refused without a sentence" ;; esac

log=$(jailhouse console) || fail "console failed while enabled"
[ -n "$log" ] || fail "the hypervisor's log is empty while it runs"
# -f prints what is there and keeps going until interrupted.
timeout -s INT 3 jailhouse console -f >/tmp/follow.log 2>&1
rc=$?
[ -s /tmp/follow.log ] || fail "console -f printed nothing (rc=$rc)"
note "console -f printed $(wc -c </tmp/follow.log) bytes in 3 s, rc=$rc"

trap - EXIT
expect 0 "" jailhouse disable
[ "$(cat $SYSFS/enabled)" = 0 ] || fail "still enabled after disable"
expect 0 "the hypervisor is not enabled" jailhouse cell list
[ $loaded_before = 1 ] || rmmod jailhouse || fail "rmmod after disable failed"
