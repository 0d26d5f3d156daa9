#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# jailhouse.ko loads and unloads cleanly, three times in a row; while loaded
# it offers /dev/jailhouse and the sysfs tree of a disabled hypervisor, and
# the CLI gets the driver's answers through it.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt bochs
# timeout: 180

# The rig's begin marker must reach the serial console before the kernel's
# insmod lines, or the two interleave and the runner misses the marker
# (seen on Bochs, whose serial port is slow).
sleep 1
ko=/jailhouse/jailhouse.ko
sys=/sys/devices/jailhouse
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build)"
if grep -q '^jailhouse ' /proc/modules; then
	rmmod jailhouse || fail "jailhouse.ko was loaded and enabled before this scenario"
fi

check_loaded() {
	[ -c /dev/jailhouse ] || fail "/dev/jailhouse is not a character device after insmod"
	mode=$(stat -c %a /dev/jailhouse)
	[ "$mode" = 600 ] || fail "/dev/jailhouse has mode $mode, expected 600 (root only)"
	for f in enabled console mem_pool_size mem_pool_used remap_pool_size remap_pool_used; do
		[ -f $sys/$f ] || fail "$sys/$f is missing"
	done
	[ "$(cat $sys/enabled)" = 0 ] || fail "$sys/enabled is '$(cat $sys/enabled)' right after insmod"
	for f in mem_pool_size mem_pool_used remap_pool_size remap_pool_used; do
		[ "$(cat $sys/$f)" = 0 ] || fail "$sys/$f is '$(cat $sys/$f)' while disabled"
	done
	[ -d $sys/cells ] || fail "$sys/cells is missing"
	[ -z "$(ls $sys/cells)" ] || fail "$sys/cells lists cells while disabled: $(ls $sys/cells)"
	cat $sys/console >/dev/null || fail "$sys/console is not readable"
}

for round in 1 2 3; do
	insmod "$ko" || fail "insmod failed in round $round"
	check_loaded
	rmmod jailhouse || fail "rmmod failed in round $round"
	[ ! -e /dev/jailhouse ] || fail "/dev/jailhouse still exists after rmmod"
	[ ! -e $sys ] || fail "$sys still exists after rmmod"
done
note "3 x insmod/rmmod on $KVER"

if command -v jailhouse >/dev/null; then
	insmod "$ko" || fail "insmod failed"
	out=$(jailhouse disable 2>&1) && fail "jailhouse disable succeeded while disabled: $out"
	echo "$out" | grep -q "not enabled" ||
		fail "jailhouse disable did not say the hypervisor is not enabled: $out"
	note "CLI: $out"
	rmmod jailhouse || fail "rmmod after the CLI test failed"
else
	note "the jailhouse CLI is not in the initramfs: CLI check left out"
fi
