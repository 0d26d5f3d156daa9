#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `hardware check` on the QEMU q35 PC: TCG has no VMX, so the check must
# say VMX is missing and fail; the VT-d unit, interrupt remapping and the
# kernel command line (intel_iommu=off, memmap=) must be reported ok.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 60

J=/usr/sbin/jailhouse
$J hardware check >/tmp/hwcheck.out 2>&1
rc=$?
cat /tmp/hwcheck.out
[ $rc -eq 1 ] || fail "hardware check exited with $rc on a CPU without VMX (expected 1)"
grep -Eq '^  VMX +missing' /tmp/hwcheck.out || fail "VMX not reported missing"
grep -Eq '^  VT-d IOMMU \(DMAR table\) +ok' /tmp/hwcheck.out ||
	fail "the DMAR unit was not found"
grep -Eq '^  interrupt remapping \(DMAR flags\) +ok' /tmp/hwcheck.out ||
	fail "interrupt remapping not reported ok"
grep -Eq '^  intel_iommu=off +ok' /tmp/hwcheck.out ||
	fail "intel_iommu=off not reported ok"
grep -Eq '^  memmap= reservation +ok' /tmp/hwcheck.out ||
	fail "the memmap= reservation not reported ok"
grep -q '^result: .* missing' /tmp/hwcheck.out || fail "no result line"
exit 0
