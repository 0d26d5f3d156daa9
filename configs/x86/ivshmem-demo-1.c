// SPDX-License-Identifier: GPL-2.0
/*
 * The first ivshmem-demo cell on the 3-CPU Bochs PC with ivshmem links
 * (bochs-sys-ivshmem.c, links in ivshmem-links.h): CPU 1, 1 MiB of RAM, and
 * a device on each link: C (00:0d.0, peer 0, with ivshmem-demo-2), T
 * (00:0f.0, peer 1 of 3) and R (00:0e.0, peer 1, with the root).  The
 * inmate (inmates/x86/ivshmem-demo) picks its link by bdf (jh-params).
 * ivshmem-demo-2.c includes this file with its own values.
 */
#include "ivshmem-links.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef IVSH_DEMO_NAME
#define IVSH_DEMO_NAME "ivshmem-demo-1"
#define IVSH_DEMO_CPUS 0x2
#define IVSH_DEMO_RAM 0x3a600000
#define IVSH_DEMO_ID_C 0
#define IVSH_DEMO_ID_T 1
#define IVSH_DEMO_LINK_R 1 /* this cell is on link R too */
#endif

#define IVSH_SHARED JAILHOUSE_MEM_ROOTSHARED

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2 + 4 + 5 + 4 * IVSH_DEMO_LINK_R];
	struct jailhouse_pio pio_regions[1];
	struct jailhouse_pci_device pci_devices[2 + IVSH_DEMO_LINK_R];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = IVSH_DEMO_NAME,
		.flags = JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { IVSH_DEMO_CPUS },

	.mem_regions = {
		/* RAM: code, data, stack */
		{ .phys_start = IVSH_DEMO_RAM, .virt_start = 0,
		  .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
		/* 2-5: link C, 6-10: link T, 11-14: link R */
		IVSH_REGIONS_2(IVSH_LINK_C_MEM, IVSH_DEMO_ID_C, IVSH_SHARED),
		IVSH_REGIONS_3(IVSH_LINK_T_MEM, IVSH_DEMO_ID_T, IVSH_SHARED),
#if IVSH_DEMO_LINK_R
		IVSH_REGIONS_2(IVSH_LINK_R_MEM, 1, IVSH_SHARED),
#endif
	},

	.pio_regions = {
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},

	.pci_devices = {
		IVSH_DEVICE(IVSH_LINK_C_BDF, IVSH_LINK_C_BAR, 2, IVSH_DEMO_ID_C,
			    2),
		IVSH_DEVICE(IVSH_LINK_T_BDF, IVSH_LINK_T_BAR, 6, IVSH_DEMO_ID_T,
			    3),
#if IVSH_DEMO_LINK_R
		IVSH_DEVICE(IVSH_LINK_R_BDF, IVSH_LINK_R_BAR, 11, 1, 2),
#endif
	},
};
