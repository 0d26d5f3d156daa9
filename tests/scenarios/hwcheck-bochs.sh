#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `hardware check` on the Bochs PC: every VMX feature the hypervisor needs
# must be reported ok (read from the VMX capability MSRs through msr.ko);
# VT-d is missing, so the check fails, and passes with --no-iommu.  The
# speculation rows: Bochs enumerates no ARCH_CAPABILITIES (no eIBRS), so
# the RSB fill on exit applies; retpolines and the SMT rule always do.
# machines: bochs
# skip-kvm: it checks what the Bochs PC lacks (VT-d); the nested-KVM PC has an IOMMU, so its expectations do not hold there
# timeout: 240

J=/usr/sbin/jailhouse
$J hardware check >/tmp/hwcheck.out 2>&1
rc=$?
cat /tmp/hwcheck.out
grep -q 'MSR access.*unknown' /tmp/hwcheck.out &&
	fail "the VMX capability MSRs could not be read (msr.ko)"
[ $rc -eq 1 ] || fail "hardware check exited with $rc without an IOMMU (expected 1)"
grep -Eq '^  VT-d IOMMU \(DMAR table\) +missing' /tmp/hwcheck.out ||
	fail "the missing IOMMU is not reported"
for f in 'VMX' 'EPT' 'unrestricted guest' 'VMX preemption timer' \
	 'APIC-access page' 'CPUs consistent'; do
	grep -Eq "^  $f +ok" /tmp/hwcheck.out || fail "'$f' not reported ok"
done
for f in 'mitigation: retpolines' 'mitigation: RSB fill on exit' \
	 'mitigation: SMT siblings in one cell'; do
	grep -Eq "^  $f +ok +applies: " /tmp/hwcheck.out ||
		fail "'$f' not reported as applying"
done
$J hardware check --no-iommu >/tmp/hwcheck2.out 2>&1 ||
	{ grep -E ' (missing|unknown) ' /tmp/hwcheck2.out | grep -v optional;
	  fail "hardware check --no-iommu fails: a required VMX feature is missing"; }
exit 0
