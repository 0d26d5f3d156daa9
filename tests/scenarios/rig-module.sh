#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: our module loads into the booted stock kernel and unloads.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt bochs
# timeout: 120

ko=/jailhouse/jailhouse.ko
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build yet)"
insmod "$ko" || fail "insmod $ko failed on $KVER"
grep -q '^jailhouse ' /proc/modules || fail "jailhouse is not listed in /proc/modules after insmod"
note "loaded on $KVER: $(grep '^jailhouse ' /proc/modules)"
rmmod jailhouse || fail "rmmod jailhouse failed"
! grep -q '^jailhouse ' /proc/modules || fail "jailhouse is still in /proc/modules after rmmod"
