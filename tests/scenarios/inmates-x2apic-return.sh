#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# A CPU that a cell switched to x2APIC goes back to Linux in xAPIC mode on
# destroy (through the globally disabled state, as the SDM requires) and
# runs tasks again.
# machines: bochs kvm
# timeout: 600
# skip-bochs: Bochs ignores every WRMSR to IA32_APIC_BASE while the local APIC is globally disabled ("APIC global enable bit cleared"), so a CPU switched to x2APIC can never return to xAPIC mode in this emulator; the hypervisor then keeps the CPU parked and refuses disable with a sentence (inmates-demos checks that). Needs real hardware or the nested-KVM rig (tests/rig/run kvm, on an Intel host with nested VMX).

J=/jailhouse
grep -q '^jailhouse ' /proc/modules || insmod $J/jailhouse.ko || fail "insmod failed"
out=$(jailhouse enable $J/cells/bochs-sys.cell 2>&1) || fail "enable failed: $out"
cell_run apic-demo apic-demo apic-demo
sleep 5
jailhouse console | grep -q 'apic-demo: x2 APIC' || fail "apic-demo did not switch to x2APIC"
out=$(jailhouse cell destroy apic-demo 2>&1) || fail "cell destroy failed: $out"
[ "$(cat /sys/devices/system/cpu/cpu1/online)" = 1 ] ||
	fail "CPU 1 did not come back online: $(jailhouse console | tail -n 3)"
taskset -c 1 sh -c 'n=0; while [ $n -lt 1000 ]; do n=$((n+1)); done' ||
	fail "CPU 1 does not run tasks"
out=$(jailhouse disable 2>&1) || fail "disable failed: $out"
