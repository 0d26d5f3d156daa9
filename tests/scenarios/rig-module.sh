#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: our module loads into the booted stock kernel and unloads;
# module, CLI and hypervisor image are of one version.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt bochs
# timeout: 120

ko=/jailhouse/jailhouse.ko
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build yet)"
# The cell scenarios before this one in the same boot leave the module
# loaded (enable_hv loads it when it is not): unload it first, so that the
# load below is a real one.
if grep -q '^jailhouse ' /proc/modules; then
	rmmod jailhouse || fail "the module an earlier scenario loaded cannot be removed"
	note "unloaded the module an earlier scenario of this boot had loaded"
fi
insmod "$ko" || fail "insmod $ko failed on $KVER"
grep -q '^jailhouse ' /proc/modules || fail "jailhouse is not listed in /proc/modules after insmod"
note "loaded on $KVER: $(grep '^jailhouse ' /proc/modules)"
# Versions stay together: the module (built by dkms from the packaged
# source), the CLI and the hypervisor image (from the packages) are of one
# version, and the module shows the interface revision the CLI checks.
sys=/sys/devices/jailhouse
[ -f $sys/interface_revision ] || fail "$sys/interface_revision is missing"
ko_version=$(cat $sys/version) || fail "$sys/version is missing"
cli_version=$(jailhouse --version | sed 's/^jailhouse //')
fw_version=$(dd if=/lib/firmware/jailhouse-intel.bin bs=1 skip=376 count=48 2>/dev/null | tr -d '\000')
[ "$ko_version" = "$cli_version" ] && [ "$ko_version" = "$fw_version" ] ||
	fail "versions differ: jailhouse.ko '$ko_version', CLI '$cli_version', image '$fw_version'"
if [ -f /jailhouse/from-packages ]; then
	[ "$ko_version" = "$(cat /jailhouse/from-packages)" ] ||
		fail "jailhouse.ko is version '$ko_version', the packages $(cat /jailhouse/from-packages)"
	note "from the packages of version $ko_version: module, CLI and image agree (interface revision $(cat $sys/interface_revision))"
else
	note "from the build tree: module, CLI and image are version $ko_version"
fi
rmmod jailhouse || fail "rmmod jailhouse failed"
! grep -q '^jailhouse ' /proc/modules || fail "jailhouse is still in /proc/modules after rmmod"
