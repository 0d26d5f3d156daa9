#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `config create` on the Bochs PC (no IOMMU, no MMCONFIG): it must opt in
# to JAILHOUSE_SYS_NO_IOMMU with a warning, pick COM2 as the hypervisor
# console and find the PM timer.  The generated C goes to the console with
# a "CFG: " prefix between markers; tests/tools/rig-configs compiles it on
# the host and runs `config check` on it (the guest has no compiler).
# machines: bochs
# skip-kvm: it checks the Bochs PC's config (no IOMMU, i440FX ports); on the nested-KVM PC the rig's init runs config create itself
# timeout: 240

OUT=/tmp/config-bochs
config_create $OUT
grep -q '^warning: no IOMMU' $OUT/create.err ||
	fail "no warning that this machine has no IOMMU"
grep -q '\.flags = JAILHOUSE_SYS_NO_IOMMU,' $OUT/sys.c ||
	fail "the config does not opt in to JAILHOUSE_SYS_NO_IOMMU"
grep -q 'NO DMA ISOLATION' $OUT/sys.c || fail "no prominent NO IOMMU comment"
grep -q '\.address = 0x2f8,' $OUT/sys.c || fail "the debug console is not COM2"
grep -q '\.pm_timer_address = 0xb008,' $OUT/sys.c || fail "PM timer not at 0xb008"
# the FADT's SMI command port and PM1a control block (PIIX4 PM at 0xb000),
# which the validator keeps from every cell
grep -q '\.smi_command_port = 0xb2,' $OUT/sys.c || fail "SMI command port not 0xb2"
grep -q '\.pm1a_control_port = 0xb004,' $OUT/sys.c ||
	fail "PM1a control block not at 0xb004"
grep -q '\.pci_mmconfig_base = 0,' $OUT/sys.c || fail "MMCONFIG claimed on an i440FX"
grep -q '\.phys_start = 0x3a000000,' $OUT/sys.c ||
	fail "hypervisor memory not at the start of the memmap= reservation"

echo "=== BEGIN GENERATED CONFIG $MACHINE"
sed 's/^/CFG: /' $OUT/sys.c
# The host checks what it reassembles against this (kernel messages may
# split console lines), and the UART gets time to drain before the next
# scenario's kernel messages.
echo "=== END GENERATED CONFIG $MACHINE lines=$(wc -l <$OUT/sys.c) md5=$(md5sum <$OUT/sys.c | cut -d' ' -f1)"
sleep 2
note "generated config: $(wc -l <$OUT/sys.c) lines"
exit 0
