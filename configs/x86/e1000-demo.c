// SPDX-License-Identifier: GPL-2.0
/*
 * e1000-demo cell for the Bochs PC (system config bochs-sys-nic.c): CPU 1,
 * the e1000 at 00:02.0 and its interrupt, for inmates/x86/e1000-demo/.
 *
 * DMA: there is no IOMMU, so the NIC reads and writes host-physical
 * addresses.  The inmate's rings and buffers therefore live in a region
 * mapped 1:1 (guest-physical = host-physical, 0x3aa00000, 64 KiB); the
 * inmate's own RAM is at guest-physical 0 as usual and never given to the
 * device.  BAR0 (registers, 128 KiB at 0xc0000000 where the BIOS put it)
 * is mapped 1:1 as well, so the address the BAR holds is the one the
 * inmate uses.  The I/O BAR (0xc040) is not needed by the driver and not
 * granted.
 *
 * Interrupt: INTA of 00:02.0 reaches IOAPIC pin 10 once root Linux's
 * e1000 driver has enabled the device (ACPI link LNKB, see
 * tests/rig/README.md "The NIC"); no root device uses pin 10.
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define E1000_RAM 0x3a900000
#define E1000_DMA 0x3aa00000
#define E1000_BAR0 0xc0000000
#define E1000_PIN 10

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[4];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device pci_devices[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "e1000-demo",
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { 0x2 },

	.mem_regions = {
		/* RAM: code, data, stack */
		{ .phys_start = E1000_RAM, .virt_start = 0, .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
		/* descriptor rings and packet buffers: 1:1, the NIC's DMA */
		{ .phys_start = E1000_DMA, .virt_start = E1000_DMA,
		  .size = 0x10000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA },
		/* 00:02.0 BAR0 */
		{ .phys_start = E1000_BAR0, .virt_start = E1000_BAR0,
		  .size = 0x20000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
	},

	.irqchips = {
		{ .address = 0xfec00000, .id = 2, .gsi_base = 0, .num_pins = 24,
		  .pin_bitmap = { 1U << E1000_PIN } },
	},

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},

	.pci_devices = {
		/* 00:02.0 8086:100e e1000: as in bochs-sys.c; no capabilities */
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0010,
		  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
		  .bar_mask = { 0xfffe0000, 0xffffffc0 },
		  .bar_address = { 0xc0000000, 0xc041 } },
	},
};
