// SPDX-License-Identifier: GPL-2.0
/*
 * System config whose root cell maps the IOAPIC and the local APIC page,
 * which the hypervisor emulates: a rule of `config check` itself (the
 * shared validator only keeps the root off the hypervisor memory).
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[3];
	struct jailhouse_irqchip irqchips[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.flags = JAILHOUSE_SYS_NO_IOMMU,
		.hypervisor_memory = { .phys_start = 0x3a000000, .size = 0x600000 },
		.root_cell = {
			.signature = JAILHOUSE_CELL_SIGNATURE,
			.revision = JAILHOUSE_CONFIG_REVISION,
			.name = "bad-root",
			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
		},
	},
	.cpus = { 0x3 },
	.mem_regions = {
		{ .phys_start = 0x0, .virt_start = 0x0, .size = 0x3a000000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		{ .phys_start = 0xfec00000, .virt_start = 0xfec00000,
		  .size = 0x1000, .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		{ .phys_start = 0xfee00000, .virt_start = 0xfee00000,
		  .size = 0x1000, .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
	},
	.irqchips = {
		{ .address = 0xfec00000, .id = 2, .num_pins = 24,
		  .pin_bitmap = { 0x00ffffff } },
	},
};
