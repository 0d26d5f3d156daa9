// SPDX-License-Identifier: GPL-2.0
/*
 * tiny-demo (CPU 1, 1 MiB of RAM, console hypercall) plus one IOAPIC pin
 * of the Bochs PC: pin 10 of the IOAPIC at 0xfec00000, for the ioapic-pin
 * inmate (inmates/x86/tests/ioapic-pin/) and the scenario
 * tests/scenarios/inmates-ioapic-pin.sh.
 *
 * Why pin 10: it must be a pin the root's Linux does not use, or the
 * root's device would lose its interrupts while the cell exists.  On the
 * Bochs PC, Linux uses GSI 2 (timer, ISA IRQ 0 overridden), 1 (keyboard),
 * 3 and 4 (serial), 8 (RTC), 12 (mouse), 14 and 15 (IDE), and the BIOS
 * routes the PCI interrupt links LNKA-LNKD to IRQs 11 and 9.  ISA IRQ 10
 * is free on the PC and no link is routed there, so pin 10 stays idle.
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define IOAPIC_PIN	10

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "ioapic-pin",
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { 0x2 },

	.mem_regions = {
		/* RAM: code, data, stack */
		{ .phys_start = 0x3a600000, .virt_start = 0, .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
	},

	.irqchips = {
		/* the root's IOAPIC (bochs-sys.c), emulated for the cell: it
		 * sees its own pin and masked entries for the others */
		{ .address = 0xfec00000, .id = 2, .gsi_base = 0,
		  .num_pins = 24, .pin_bitmap = { 1U << IOAPIC_PIN } },
	},

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},
};
