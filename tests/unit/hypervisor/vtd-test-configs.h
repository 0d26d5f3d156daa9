/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system and cell config that the interrupt-remapping tests (hv-vtd-ir,
 * hv-vtd-root) share: one IOMMU unit, 16 MiB of root RAM, a root device
 * and a device that goes to the cell "irq-cell" with 1 MiB of its own.
 */
#ifndef VTD_TEST_CONFIGS_H
#define VTD_TEST_CONFIGS_H

#include <string.h>
#include <jailhouse/config.h>

#define HV_BASE 0x3a000000ULL
#define HV_SIZE 0x600000ULL
#define DEV_ROOT 0x0010 /* 00:02.0 */
#define DEV_CELL 0x0018 /* 00:03.0, goes to the cell */

struct sys_config {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[2];
	/* DMAR scopes, num_iommu_scopes of them (none unless a test sets) */
	struct jailhouse_iommu_scope scopes[2];
} JH_PACKED;

struct cell_config {
	struct jailhouse_cell_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[1];
} JH_PACKED;

static inline void vtd_test_fill_configs(struct sys_config *sys,
					 struct cell_config *cell)
{
	struct jailhouse_pci_device dev = {
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
	};

	memset(sys, 0, sizeof(*sys));
	memcpy(sys->header.signature, JAILHOUSE_SYSTEM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	sys->header.hypervisor_memory.phys_start = HV_BASE;
	sys->header.hypervisor_memory.size = HV_SIZE;
	sys->header.platform.num_iommu_units = 1;
	sys->header.platform.iommu_ir_order = 10;
	sys->header.platform.iommu_units[0].base = 0xfed90000;
	sys->header.platform.iommu_units[0].size = 0x1000;
	strcpy(sys->header.root_cell.name, "root");
	sys->header.root_cell.cpu_set_size = 8;
	sys->header.root_cell.num_memory_regions = 1;
	sys->header.root_cell.num_pci_devices = 2;
	sys->mem[0] = (struct jailhouse_memory){ 0x100000, 0x100000, 0x1000000,
						 JAILHOUSE_MEM_RWX |
							 JAILHOUSE_MEM_DMA };
	dev.bdf = DEV_ROOT;
	sys->pci[0] = dev;
	dev.bdf = DEV_CELL;
	sys->pci[1] = dev;

	memset(cell, 0, sizeof(*cell));
	memcpy(cell->header.signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	strcpy(cell->header.name, "irq-cell");
	cell->header.cpu_set_size = 8;
	cell->header.num_memory_regions = 1;
	cell->header.num_pci_devices = 1;
	cell->mem[0] = (struct jailhouse_memory){
		0x800000, 0x0, 0x100000, JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA
	};
	cell->pci[0] = dev;
}

#endif
