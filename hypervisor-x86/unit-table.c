// SPDX-License-Identifier: GPL-2.0
/*
 * The units of the hypervisor (include/unit.h), in init order: what comes
 * later may rely on what comes earlier.  PCI, ivshmem and VT-d add their
 * entries here.
 */
#include "hv.h"
#include "unit.h"

extern const struct hv_unit apic_unit;
extern const struct hv_unit ioapic_unit;
extern const struct hv_unit spec_unit;
extern const struct hv_unit vtd_unit;
extern const struct hv_unit pci_unit;
extern const struct hv_unit ivshmem_unit;

const struct hv_unit *const hv_units[] = {
	&apic_unit, /* APIC IDs a cell can be told */
	&ioapic_unit,
	&spec_unit, /* SMT siblings in one cell */
	/* before PCI: a device is in the cell's DMA domain before the cell
	 * can reach it (inactive until setup.c accepts IOMMU units) */
	&vtd_unit,
	/* last: at destroy its devices are quiet and back with the root
	 * before the IOAPIC gives the cell's pins back */
	&pci_unit,
	/* virtual PCI devices: after PCI, whose config path leads here */
	&ivshmem_unit,
};

const unsigned int hv_num_units = sizeof(hv_units) / sizeof(hv_units[0]);
