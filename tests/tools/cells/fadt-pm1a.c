// SPDX-License-Identifier: GPL-2.0
/* For the FADT test of tests/tools/run: CPU 1, 1 MiB, and ports
 * FADT_PORT+FADT_PORTS (here 0xb000+8, PM1a), which the generated config's
 * FADT part forbids (the SMI command port or a PM1 control block).
 * fadt-pm1b.c and fadt-smi.c include this file with other ports. */
#include <jailhouse/config.h>

#ifndef FADT_NAME
#define FADT_NAME "fadt-pm1a"
#define FADT_PORT 0xb000
#define FADT_PORTS 8
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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
		.name = FADT_NAME,
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = 1,
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
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
		{ .base = FADT_PORT, .length = FADT_PORTS },
	},
};
