#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: the Bochs PC offers what the hypervisor needs -- VMX with
# EPT, unrestricted guest and the preemption timer -- on two CPUs.
# machines: bochs
# timeout: 60

grep -qw vmx /proc/cpuinfo || fail "the CPU does not advertise vmx in /proc/cpuinfo"
# Linux lists VMX features on their own "vmx flags" line (since 5.8).
vmx_flags=$(grep -m1 '^vmx flags' /proc/cpuinfo)
[ -n "$vmx_flags" ] || fail "/proc/cpuinfo has no 'vmx flags' line"
note "$vmx_flags"
for flag in ept unrestricted_guest preemption_timer; do
	echo "$vmx_flags" | grep -qw "$flag" || fail "VMX feature $flag is missing from 'vmx flags'"
done
cpus=$(grep -c '^processor' /proc/cpuinfo)
[ "$cpus" -eq 2 ] || fail "expected 2 CPUs online, the guest has $cpus"
