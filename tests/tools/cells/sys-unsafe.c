// SPDX-License-Identifier: GPL-2.0
/*
 * System config for the PCI assignment tests: like sys.c, but without
 * IOMMU, opted in with SYS_FLAGS (here the unsafe opt-in alone:
 * sys-no-iommu.c and sys-both.c include this file with other flags), a
 * bridge at 00:01.0 and a DMA-capable NIC at 00:03.0 with a memory BAR
 * at 0xc0000000 and an I/O BAR at 0xc000.
 */
#include <jailhouse/config.h>

#ifndef SYS_FLAGS
#define SYS_FLAGS JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[5];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device pci_devices[3];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.flags = SYS_FLAGS,
		.hypervisor_memory = { .phys_start = 0x3a000000, .size = 0x600000 },
		.platform = {
			.pci_mmconfig_base = 0xe0000000,
			.pci_mmconfig_end_bus = 0,
			.pm_timer_address = 0xb008,
		},
		.root_cell = {
			.signature = JAILHOUSE_CELL_SIGNATURE,
			.revision = JAILHOUSE_CONFIG_REVISION,
			.name = "test-root",
			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
			.num_pio_regions = ARRAY_SIZE(config.pio_regions),
			.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		},
	},
	.cpus = { 0xf },
	.mem_regions = {
		{ .phys_start = 0x0, .virt_start = 0x0, .size = 0xa0000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		{ .phys_start = 0x100000, .virt_start = 0x100000,
		  .size = 0x39f00000, .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		/* memory for cells */
		{ .phys_start = 0x3a600000, .virt_start = 0x3a600000,
		  .size = 0x4c00000, .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA },
		{ .phys_start = 0xc0000000, .virt_start = 0xc0000000,
		  .size = 0x20000000, .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		{ .phys_start = 0xfed00000, .virt_start = 0xfed00000,
		  .size = 0x1000, .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
	},
	.irqchips = {
		{ .address = 0xfec00000, .id = 2, .num_pins = 24,
		  .pin_bitmap = { 0x007fffff } },	/* pin 23 kept back */
	},
	.pio_regions = { { .base = 0x0, .length = 0xffff } },
	.pci_devices = {
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0000 },
		{ .type = JAILHOUSE_PCI_TYPE_BRIDGE, .bdf = 0x0008 },
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0018,
		  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
		  .bar_mask = { 0xfffe0000, 0xffffffc0 },
		  .bar_address = { 0xc0000000, 0xc001 } },
	},
};
