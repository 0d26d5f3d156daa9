// SPDX-License-Identifier: GPL-2.0
/*
 * Cell for the config show tests: CPU 1 and an ivshmem link (00:1e.0,
 * peer 0 of 2) with ivshmem-b.c and ivshmem-c.c.  The link's memory is a
 * state table, a read/write section and one output section per peer (the
 * ivshmem v2 layout), marked ROOTSHARED so that the cells may share it.
 * ivshmem-c.c includes this file with its own values.
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef IVSH_NAME
#define IVSH_NAME "ivsh-a"
#define IVSH_CPUS 0x2
#define IVSH_RAM 0x3a600000
#define IVSH_ID 0
#define IVSH_OUT0 (JAILHOUSE_MEM_RW | JAILHOUSE_MEM_ROOTSHARED)
#define IVSH_OUT1 (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED)
#endif

#define IVSH_SHARED                                                       \
	{ .phys_start = 0x3ae00000,                                       \
	  .virt_start = 0x3ae00000,                                       \
	  .size = 0x1000,                                                 \
	  .flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED },       \
		{ .phys_start = 0x3ae10000,                               \
		  .virt_start = 0x3ae10000,                               \
		  .size = 0x10000,                                        \
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_ROOTSHARED }, \
		{ .phys_start = 0x3ae20000,                               \
		  .virt_start = 0x3ae20000,                               \
		  .size = 0x10000,                                        \
		  .flags = IVSH_OUT0 },                                   \
	{                                                                 \
		.phys_start = 0x3ae30000, .virt_start = 0x3ae30000,       \
		.size = 0x10000, .flags = IVSH_OUT1                       \
	}

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[6];
	struct jailhouse_pci_device pci_devices[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = IVSH_NAME,
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},
	.cpus = { IVSH_CPUS },
	.mem_regions = {
		{ .phys_start = IVSH_RAM, .virt_start = 0x0, .size = 0x100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		{ .virt_start = 0x00f00000, .size = 0x1000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
		IVSH_SHARED,
	},
	.pci_devices = {
		{ .type = JAILHOUSE_PCI_TYPE_IVSHMEM, .bdf = 0x00f0,
		  .shmem_regions_start = 2, .shmem_dev_id = IVSH_ID,
		  .shmem_peers = 2 },
	},
};
