// SPDX-License-Identifier: GPL-2.0
/* Accepted since VT-d confines cells' devices: the ACPI device 00:01.3 (no DMA flag; every physical device counts as DMA-capable) on a system with an IOMMU unit. */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device pci_devices[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "bad-dma",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = 1,
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},
	.cpus = { 0x2 },
	.mem_regions = {
		{ .phys_start = 0x3a600000, .virt_start = 0x0, .size = 0x100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		{ .virt_start = 0x00f00000, .size = 0x1000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
	},
	.irqchips = {
		{ .address = 0xfec00000, .id = 2, .num_pins = 24,
		  .pin_bitmap = { 0x00000200 } },
	},
	.pio_regions = {
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},
	.pci_devices = {
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x000b, .flags = 0 },
	},
};
