// SPDX-License-Identifier: GPL-2.0
/*
 * The tiny-demo cell (CPU 1, 1 MiB of RAM from the root's reserved area,
 * the communication region at 1 MiB) plus one sub-page MMIO region: the
 * HPET main counter, 8 bytes at 0xfed000f0, readable with 32- and 64-bit
 * accesses only.  The rest of the HPET page stays the root's: the cell's
 * accesses to the counter exit and are emulated by the hypervisor, any
 * other access to that page is a violation.  Used with the mmio-subpage
 * inmate (tests/scenarios/inmates-mmio-subpage.sh).
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define HPET_COUNTER	0xfed000f0

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[3];
	struct jailhouse_pio pio_regions[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "mmio-subpage",
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
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
		/* HPET main counter, read-only, emulated */
		{ .phys_start = HPET_COUNTER, .virt_start = HPET_COUNTER,
		  .size = 8,
		  .flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			   JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_32 |
			   JAILHOUSE_MEM_IO_64 },
	},

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},
};
