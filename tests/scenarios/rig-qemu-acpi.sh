#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig self-test: the QEMU PC has the VT-d (DMAR) and PCIe ECAM (MCFG) tables
# that the driver, the tools and the config generator are tested against.
# machines: qemu-6.1 qemu-6.12 qemu-6.12-rt
# timeout: 60

for table in DMAR MCFG; do
	t=/sys/firmware/acpi/tables/$table
	[ -f "$t" ] || fail "$t is missing: is intel-iommu / q35 configured?"
	note "$table: $(wc -c <"$t") bytes"
done
nproc | grep -qx 2 || fail "expected 2 CPUs, the guest has $(nproc)"
