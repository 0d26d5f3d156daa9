// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal non-root cell for the Bochs rig: CPU 1, 1 MiB of RAM from the
 * root's reserved area, the communication region at 1 MiB, no devices.
 * The inmate prints through the console hypercall (no UART of its own).
 * It answers shutdown requests itself (no PASSIVE_COMMREG): it checks the
 * communication region on every 10 ms timer tick.  It stays in xAPIC mode
 * on purpose, so the demos cover both APIC modes (apic-demo: x2APIC).
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Variants include this file after defining what differs: tiny-demo-2.c
 * (a second cell on CPU 2), mmio-subpage.c (one more memory region:
 * TINY_EXTRA_REGION), ioapic-pin.c (an IOAPIC pin: TINY_IRQCHIP).
 */
#ifndef TINY_NAME
#define TINY_NAME "tiny-demo"
#define TINY_CPUS 0x2
#define TINY_RAM 0x3a600000
#endif

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
#ifdef TINY_EXTRA_REGION
	struct jailhouse_memory mem_regions[3];
#else
	struct jailhouse_memory mem_regions[2];
#endif
#ifdef TINY_IRQCHIP
	struct jailhouse_irqchip irqchips[1];
#endif
	struct jailhouse_pio pio_regions[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = TINY_NAME,
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
#ifdef TINY_IRQCHIP
		.num_irqchips = ARRAY_SIZE(config.irqchips),
#endif
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { TINY_CPUS },

	.mem_regions = {
		/* RAM: code, data, stack */
		{ .phys_start = TINY_RAM, .virt_start = 0, .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
#ifdef TINY_EXTRA_REGION
		TINY_EXTRA_REGION,
#endif
	},

#ifdef TINY_IRQCHIP
	.irqchips = { TINY_IRQCHIP },
#endif

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},
};
