#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The CLI's cell lifecycle against a running hypervisor on the Bochs PC: a
# cell goes through create/load/start/stats/shutdown/destroy, and a refused
# create changes nothing (CPU 1 stays with Linux).  Until the hypervisor
# runs cells, the refusal path is what runs.  (cli-enabled covers the rest.)
# machines: bochs
# timeout: 600

J=/jailhouse
SYSFS=/sys/devices/jailhouse
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"

sleep 1	# let the runner's begin marker reach COM1 first
insmod $J/jailhouse.ko || fail "insmod jailhouse.ko failed"
jailhouse enable $J/cells/bochs-sys.cell >/dev/null 2>&1 || {
	rmmod jailhouse
	skip "jailhouse enable failed, nothing to talk to"
}
cleanup() {
	jailhouse cell destroy "$cell" >/dev/null 2>&1
	jailhouse disable >/dev/null 2>&1
	rmmod jailhouse 2>/dev/null
}
cell=tiny-demo
trap cleanup EXIT

# A cell, when the hypervisor can run them.
[ -f $J/cells/$cell.cell ] && [ -f $J/inmates/$cell.bin ] ||
	{ note "$cell not built: cell lifecycle not tried"; exit 0; }
if ! out=$(jailhouse cell create $J/cells/$cell.cell 2>&1); then
	note "cell create refused, lifecycle not tried: $out"
	case "$out" in *"gave no reason"*) fail "cell create refused without a sentence" ;; esac
	# A refusal changes nothing: the cell's CPU is Linux's again.
	[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
		fail "cell create was refused, but CPU 1 did not come back online in Linux"
	exit 0
fi
list=$(jailhouse cell list)
id=$(echo "$list" | awk -v n=$cell '$2 == n { print $1 }')
[ -n "$id" ] || fail "cell list does not show $cell after create: $list"
echo "$list" | grep -qE "^$id +$cell +[a-z]+ +1$" || fail "$cell is not on CPU 1: $list"
expect 1 "jailhouse cell load: " jailhouse cell load $cell $J/inmates/$cell.bin -a 0x40000000
expect 0 "" jailhouse cell load "$id" $J/inmates/$cell.bin -a 0
expect 0 "" jailhouse cell start $cell
sleep 3
expect 0 "cell $id \"$cell\": running" jailhouse cell stats "$id" --once
# A CPU's counters belong to the cell it is in (issue 17): the root's
# statistics/cpu1 used to stay and show the cell's counts.
ROOT_STATS=$SYSFS/cells/0/statistics
[ -f $ROOT_STATS/cpu0/vmexits_total ] || fail "the root cell's statistics/cpu0 is missing"
[ -e $ROOT_STATS/cpu1 ] &&
	fail "the root cell still has statistics/cpu1 while CPU 1 belongs to $cell: $(cat $ROOT_STATS/cpu1/vmexits_total 2>&1)"
cell_exits=$(cat $SYSFS/cells/$id/statistics/cpu1/vmexits_total) ||
	fail "$cell has no readable statistics/cpu1"
note "while $cell runs: statistics of cell 0: $(ls $ROOT_STATS | tr '\n' ' '), of cell $id: cpu1 $cell_exits exits"
expect 0 "" jailhouse cell shutdown $cell
expect 0 "shut down" jailhouse cell list
expect 0 "" jailhouse cell destroy "$id"
jailhouse cell list | grep -q " $cell " && fail "$cell still listed after destroy"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] || fail "CPU 1 did not come back online"
root_cpu1=$(cat $ROOT_STATS/cpu1/vmexits_total) ||
	fail "statistics/cpu1 did not come back to the root cell with CPU 1"
case "$root_cpu1" in
'' | *[!0-9]*) fail "the root's statistics/cpu1 reads '$root_cpu1' after destroy" ;;
esac
note "after destroy: the root's cpu1 counts again ($root_cpu1 exits since it came back)"

trap - EXIT
expect 0 "" jailhouse disable
[ "$(cat $SYSFS/enabled)" = 0 ] || fail "still enabled after disable"
expect 0 "the hypervisor is not enabled" jailhouse cell list
rmmod jailhouse || fail "rmmod after disable failed"
