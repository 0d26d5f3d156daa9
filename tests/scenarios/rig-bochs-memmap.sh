#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: memmap=82M$0x3a000000 reserved the memory the rig's system
# config (configs/x86/bochs-sys.c) gives to the hypervisor and the cells.
# machines: bochs
# timeout: 60

grep -q 'memmap=82M\$0x3a000000' /proc/cmdline ||
	fail "the kernel command line lacks memmap=82M\$0x3a000000: $(cat /proc/cmdline)"
line=$(grep -i '^3a000000-3f1fffff : ' /proc/iomem)
[ -n "$line" ] || fail "/proc/iomem shows no region 3a000000-3f1fffff: $(grep -i '^3[9a-f]' /proc/iomem)"
echo "$line" | grep -qi 'reserved' || fail "3a000000-3f1fffff is not reserved: $line"
note "$line"
