// SPDX-License-Identifier: GPL-2.0
/*
 * apic-demo on the Bochs rig: CPU 1, 1 MiB of RAM from the root's reserved
 * area (behind tiny-demo's, so that both configs can be created side by
 * side on a machine with enough CPUs), the communication region at 1 MiB,
 * and the ACPI PM timer port shared read-only with the root (only read if
 * the communication region gives no TSC frequency).
 *
 * The cell may switch its CPU to x2APIC: with the TSC-deadline timer and
 * the x2APIC EOI register passed through, its periodic interrupt then runs
 * without VM exits.  It prints through the console hypercall, one line per
 * second.  No PASSIVE_COMMREG: it answers shutdown requests itself, within
 * one timer period (1 ms).
 */
#include <jailhouse/config.h>

/* apic-demo-xapic.c reuses this file without X2APIC_PERMITTED. */
#ifndef APIC_DEMO_FLAGS
#define APIC_DEMO_FLAGS \
	(JAILHOUSE_CELL_VIRTUAL_CONSOLE | JAILHOUSE_CELL_X2APIC_PERMITTED)
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2];
	struct jailhouse_pio pio_regions[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "apic-demo",
		.flags = APIC_DEMO_FLAGS,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { 0x2 },

	.mem_regions = {
		/* RAM: code, data, stack */
		{ .phys_start = 0x3a700000, .virt_start = 0, .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
	},

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},
};
