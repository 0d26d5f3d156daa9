// SPDX-License-Identifier: GPL-2.0
/*
 * System config for the cross-config tests: 4 CPUs, one IOMMU unit, one
 * IOAPIC, MMCONFIG at 0xe0000000, the 82 MiB reservation at 0x3a000000.
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[5];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device pci_devices[4];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.hypervisor_memory = { .phys_start = 0x3a000000, .size = 0x600000 },
		.platform = {
			.pci_mmconfig_base = 0xe0000000,
			.pci_mmconfig_end_bus = 0,
			.pm_timer_address = 0xb008,
			.num_iommu_units = 1,
			.iommu_ir_order = 10,
			.iommu_units = {
				{ .base = 0xfed90000, .size = 0x1000,
				  .flags = JAILHOUSE_IOMMU_FLAG_INTR_REMAP },
			},
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
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0008 },
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x000a,
		  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE },
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x000b },
	},
};
