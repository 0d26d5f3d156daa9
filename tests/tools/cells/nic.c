// SPDX-License-Identifier: GPL-2.0
/*
 * A cell with the NIC 00:03.0 of sys-unsafe.c: CPU 1, its code in 1 MiB
 * at guest-physical 0, 1 MiB of DMA buffers mapped 1:1 at 0x3a700000, the
 * NIC's memory BAR, IOAPIC pin 11.  The bad-nic-*.c and nic-second.c
 * files include it with one thing changed (the NIC_* macros).
 */
#include <jailhouse/config.h>

#ifndef NIC_NAME
#define NIC_NAME "nic"
#endif
#ifndef NIC_CPUS
#define NIC_CPUS 0x2
#endif
#ifndef NIC_RAM
#define NIC_RAM 0x3a600000
#endif
#ifndef NIC_DMA
#define NIC_DMA 0x3a700000
#endif
#ifndef NIC_DMA_VIRT
#define NIC_DMA_VIRT NIC_DMA
#endif
#ifndef NIC_PIN
#define NIC_PIN 11
#endif
#ifndef NIC_DEVICES
#define NIC_DEVICES                                \
	{ .type = JAILHOUSE_PCI_TYPE_DEVICE,       \
	  .bdf = 0x0018,                           \
	  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE, \
	  .bar_mask = { 0xfffe0000, 0xffffffc0 },  \
	  .bar_address = { 0xc0000000, 0xc001 } },
#endif
#ifndef NIC_BAR_REGION
#define NIC_BAR_REGION              \
	{ .phys_start = 0xc0000000, \
	  .virt_start = 0xc0000000, \
	  .size = 0x20000,          \
	  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions
		[3 + (sizeof((struct jailhouse_memory[]){ NIC_BAR_REGION }) /
		      sizeof(struct jailhouse_memory))];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device
		pci_devices[sizeof((struct jailhouse_pci_device[]){
				    NIC_DEVICES }) /
			    sizeof(struct jailhouse_pci_device)];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = NIC_NAME,
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = 1,
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},
	.cpus = { NIC_CPUS },
	.mem_regions = {
		{ .phys_start = NIC_RAM, .virt_start = 0x0, .size = 0x100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		{ .phys_start = NIC_DMA, .virt_start = NIC_DMA_VIRT,
		  .size = 0x100000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA },
		{ .virt_start = 0x00f00000, .size = 0x1000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
		NIC_BAR_REGION
	},
	.irqchips = {
		{ .address = 0xfec00000, .id = 2, .num_pins = 24,
		  .pin_bitmap = { 1 << NIC_PIN } },
	},
	.pio_regions = {
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},
	.pci_devices = { NIC_DEVICES },
};
