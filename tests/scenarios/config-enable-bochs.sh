#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The config that `config create` generates on the Bochs PC, written in
# binary form in the same boot (--binary, byte for byte what its C
# compiles to; the golden tests check that), is accepted by
# `jailhouse enable`: the hypervisor runs with it and gives Linux back on
# `disable`.  When enable fails with the shipped bochs-sys.cell too, the
# hypervisor is not ready and this scenario skips.  Leaves the machine as
# it found it.
# machines: bochs
# timeout: 600

J=/jailhouse
SYSFS=/sys/devices/jailhouse
OUT=/tmp/config-enable
command -v jailhouse >/dev/null || skip "the jailhouse CLI is not in the initramfs"
[ -f $J/jailhouse.ko ] || skip "jailhouse.ko is not built"
[ -f /lib/firmware/jailhouse-intel.bin ] || skip "the hypervisor image is not built"
mkdir -p $OUT

modprobe msr 2>/dev/null
jailhouse config create --binary $OUT/generated.cell $OUT/generated.c 2>$OUT/create.err ||
	{ cat $OUT/create.err; fail "config create failed"; }
jailhouse config check $OUT/generated.cell ||
	fail "config check rejects the generated config"

loaded_before=0
grep -q '^jailhouse ' /proc/modules && loaded_before=1
[ $loaded_before = 1 ] || insmod $J/jailhouse.ko || fail "insmod jailhouse.ko failed"
[ "$(cat $SYSFS/enabled)" = 0 ] || fail "the hypervisor is enabled already: an earlier scenario left it on"
cleanup() {
	[ "$(cat $SYSFS/enabled 2>/dev/null)" = 1 ] && jailhouse disable >/dev/null 2>&1
	[ $loaded_before = 1 ] || rmmod jailhouse 2>/dev/null
}
trap cleanup EXIT

# Does the hypervisor run at all (with the hand-written config)?
if ! out=$(jailhouse enable $J/cells/bochs-sys.cell 2>&1); then
	note "hypervisor log: $(jailhouse console | tail -n 5)"
	skip "jailhouse enable fails with the shipped bochs-sys.cell too: $out"
fi
jailhouse disable || fail "jailhouse disable failed after enabling bochs-sys.cell"

# The generated one, with the hypervisor's sentence if it refuses.
if ! out=$(jailhouse enable $OUT/generated.cell 2>&1); then
	note "hypervisor log: $(jailhouse console | tail -n 10)"
	fail "jailhouse enable refused the generated config: $out"
fi
[ "$(cat $SYSFS/enabled)" = 1 ] || fail "enable succeeded but $SYSFS/enabled is not 1"
jailhouse cell list | grep -Eq '^0 +root +running' ||
	fail "cell list does not show the generated root cell: $(jailhouse cell list 2>&1)"
note "enabled with the generated config: $(jailhouse cell list | head -n 2 | tail -n 1)"
# Linux keeps working under the hypervisor with the generated memory map.
sleep 2
cat /proc/iomem >/dev/null && ls / >/dev/null || fail "Linux misbehaves under the generated config"
jailhouse disable || fail "jailhouse disable failed with the generated config"
[ "$(cat $SYSFS/enabled)" = 0 ] || fail "$SYSFS/enabled is not 0 after disable"
exit 0
