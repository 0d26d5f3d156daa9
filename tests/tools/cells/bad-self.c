// SPDX-License-Identifier: GPL-2.0
/* Cell for the config check tests: Two of its own regions overlap. */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[3];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "bad-self",
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},
	.cpus = { 0x8 },
	.mem_regions = {
		{ .phys_start = 0x3aa00000, .virt_start = 0x0, .size = 0x100000,
		  .flags = JAILHOUSE_MEM_RWX },
		{ .phys_start = 0x3aa80000, .virt_start = 0x200000, .size = 0x100000,
		  .flags = JAILHOUSE_MEM_RW },
		{ .virt_start = 0x00f00000, .size = 0x1000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
	},
};
