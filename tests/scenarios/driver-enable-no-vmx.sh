#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# On a CPU without VMX (QEMU TCG) enable fails saying so, and afterwards
# Linux runs on exactly as before: no memory lost, every CPU online, the
# hypervisor memory not claimed, the module unloads.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 120

ko=/jailhouse/jailhouse.ko
cell=/jailhouse/cells/bochs-sys.cell
sys=/sys/devices/jailhouse
[ -f "$ko" ] || skip "jailhouse.ko is not in the initramfs (the driver does not build)"
[ -f "$cell" ] || skip "bochs-sys.cell is not in the initramfs"
command -v ioctl-enable >/dev/null || fail "tests/guest-bin/ioctl-enable is not on PATH"
grep -qw vmx /proc/cpuinfo && skip "this CPU has VMX; the scenario needs one without"

mem_before=$(grep MemTotal /proc/meminfo)
cpus_before=$(cat /sys/devices/system/cpu/online)
if grep -q '^jailhouse ' /proc/modules; then
	rmmod jailhouse || fail "jailhouse.ko was loaded and enabled before this scenario"
fi
insmod "$ko" || fail "insmod failed"
# Leave the machine as found, also when an assertion fails.
trap 'rmmod jailhouse 2>/dev/null' EXIT

sentence="CPU 0: VMX not supported by this processor"
lines_before=$(dmesg | wc -l)
out=$(ioctl-enable $cell)
[ $? = 1 ] || fail "enable did not fail on a CPU without VMX: $out"
echo "$out" | grep -qF "errno 19 (ENODEV): $sentence" || fail "unexpected answer: $out"
logged=$(dmesg | tail -n +$((lines_before + 1)) | grep -cF "jailhouse: $sentence")
[ $logged = 1 ] || fail "the refusal was logged $logged times, expected once"
note "driver: $out"

if command -v jailhouse >/dev/null; then
	out=$(jailhouse enable $cell 2>&1) && fail "jailhouse enable succeeded without VMX"
	echo "$out" | grep -qF "VMX not supported" || fail "the CLI did not say VMX is missing: $out"
	note "CLI: $out"
fi

[ "$(cat $sys/enabled)" = 0 ] || fail "$sys/enabled is not 0 after the failed enable"
[ -z "$(ls $sys/cells)" ] || fail "cells exist after the failed enable: $(ls $sys/cells)"
cat $sys/console >/dev/null || fail "$sys/console is not readable after the failed enable"
! grep -qi jailhouse /proc/iomem || fail "the hypervisor memory is still claimed: $(grep -i jailhouse /proc/iomem)"
[ "$(grep MemTotal /proc/meminfo)" = "$mem_before" ] ||
	fail "memory changed: before '$mem_before', after '$(grep MemTotal /proc/meminfo)'"
[ "$(cat /sys/devices/system/cpu/online)" = "$cpus_before" ] ||
	fail "online CPUs changed: before $cpus_before, after $(cat /sys/devices/system/cpu/online)"
rmmod jailhouse || fail "the module does not unload after the failed enable"
note "MemTotal and CPUs ($cpus_before) unchanged, module unloaded"
