#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Misuse of /dev/jailhouse (unknown commands, wrong sizes, bad pointers,
# malformed message buffers and cell ids) returns errors and nothing worse:
# tests/guest-bin/ioctl-misuse.c does the checking; the runner fails the
# scenario on any kernel WARNING/BUG/Oops.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 120

ko=/jailhouse/jailhouse.ko
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build)"
command -v ioctl-misuse >/dev/null || fail "tests/guest-bin/ioctl-misuse is not on PATH"
if grep -q '^jailhouse ' /proc/modules; then
	rmmod jailhouse || fail "jailhouse.ko was loaded and enabled before this scenario"
fi
insmod "$ko" || fail "insmod failed"
# Leave the machine as found, also when an assertion fails.
trap 'rmmod jailhouse 2>/dev/null' EXIT
ioctl-misuse || fail "ioctl-misuse found a misuse that was not refused as expected"
dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace' && fail "the kernel log has a report"
rmmod jailhouse || fail "rmmod failed after the misuse"
