// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem-net-echo cell on the Bochs PC of bochs-sys-ivnet.c: CPU 1,
 * 1 MiB of RAM, peer 1 of link N (00:0c.0, ivshmem-net-link.h) with the
 * root.  The inmate (inmates/x86/ivshmem-net-echo) answers ARP and ICMP
 * echo over that link.
 */
#include "ivshmem-net-link.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2 + 4];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device pci_devices[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = "ivshmem-net-echo",
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { 0x2 },

	.mem_regions = {
		/* RAM: code, data, stack */
		{ .phys_start = 0x3a600000, .virt_start = 0,
		  .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
		/* 2-5: link N, the root's memory */
		IVSH_REGIONS_2(IVSH_LINK_N_MEM, 1, JAILHOUSE_MEM_ROOTSHARED),
	},

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},

	.pci_devices = {
		IVSH_NET_DEVICE(2, 1),
	},
};
