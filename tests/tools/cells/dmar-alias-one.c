// SPDX-License-Identifier: GPL-2.0
/*
 * For the DMAR tests of tests/tools/run, against the config generated from
 * the "many" fixture: CPU 1, 1 MiB, and the PCI devices DMAR_DEVICES (here
 * 02:00.0, which shares its requester ID with 02:01.0 behind the
 * conventional bridge 00:1e.0).  The other dmar-*.c include this file with
 * other devices or memory; each entry is the root's (same BARs).
 */
#include <jailhouse/config.h>

#define DEV_02_00_0                                                           \
	{                                                                     \
		.type = JAILHOUSE_PCI_TYPE_DEVICE, .iommu = 2, .bdf = 0x0200, \
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,                      \
		.bar_mask = { 0xfffff000 }, .bar_address = {                  \
			0x90400000                                            \
		}                                                             \
	}
#define DEV_02_01_0                                                           \
	{                                                                     \
		.type = JAILHOUSE_PCI_TYPE_DEVICE, .iommu = 2, .bdf = 0x0208, \
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,                      \
		.bar_mask = { 0xfffff000 }, .bar_address = {                  \
			0x90401000                                            \
		}                                                             \
	}
/* the NIC behind the root port 00:1c.0 (buses 01-01) */
#define DEV_01_00_0                                                           \
	{                                                                     \
		.type = JAILHOUSE_PCI_TYPE_DEVICE, .iommu = 1, .bdf = 0x0100, \
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE |                     \
			 JAILHOUSE_PCI_FLAG_MSI_64BITS |                      \
			 JAILHOUSE_PCI_FLAG_MSI_MASKABLE,                     \
		.bar_mask = { 0xfffe0000, 0, 0xffffffe0, 0xffffc000 },        \
		.bar_address = {                                              \
			0x90000000,                                           \
			0,                                                    \
			0x4001,                                               \
			0x90020000                                            \
		}                                                             \
	}
#define DEV_00_14_0                                                           \
	{                                                                     \
		.type = JAILHOUSE_PCI_TYPE_DEVICE, .iommu = 2, .bdf = 0x00a0, \
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,                      \
		.bar_mask = { 0xffff0000, 0xffffffff }, .bar_address = {      \
			0x90100004                                            \
		}                                                             \
	}
#define DEV_00_1F_3                                                           \
	{                                                                     \
		.type = JAILHOUSE_PCI_TYPE_DEVICE, .iommu = 2, .bdf = 0x00fb, \
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,                      \
		.bar_mask = { 0xffffc000, 0xffffffff }, .bar_address = {      \
			0x90120004                                            \
		}                                                             \
	}

#ifndef DMAR_NAME
#define DMAR_NAME "dmar-alias-one"
#define DMAR_NUM_DEVICES 1
#define DMAR_DEVICES DEV_02_00_0
#endif
#ifndef DMAR_MEM_PHYS
#define DMAR_MEM_PHYS 0x3a600000
#endif
#ifndef DMAR_MEM_SIZE
#define DMAR_MEM_SIZE 0x100000
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pci_device pci_devices[DMAR_NUM_DEVICES];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = DMAR_NAME,
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = 1,
		.num_pci_devices = DMAR_NUM_DEVICES,
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},
	.cpus = { 0x2 },
	.mem_regions = {
		{ .phys_start = DMAR_MEM_PHYS, .virt_start = 0x0,
		  .size = DMAR_MEM_SIZE,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		{ .virt_start = 0x00f00000, .size = 0x1000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
	},
	.irqchips = {
		{ .address = 0xfec00000, .id = 2, .num_pins = 24,
		  .pin_bitmap = { 0x00000200 } },
	},
	.pci_devices = { DMAR_DEVICES },
};
