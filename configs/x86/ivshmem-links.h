/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ivshmem links of the Bochs rig PC with 3 CPUs (bochs-sys-ivshmem.c),
 * shared by the system config and the cells on them:
 *
 * | link | bdf     | peers                                   | memory     |
 * |------|---------|-----------------------------------------|------------|
 * | R    | 00:0e.0 | root (0), ivshmem-demo-1 (1)            | 0x3f000000 |
 * | T    | 00:0f.0 | root (0), ivshmem-demo-1 (1), -2 (2)    | 0x3f040000 |
 * | C    | 00:0d.0 | ivshmem-demo-1 (0), ivshmem-demo-2 (1)  | 0x3ae00000 |
 *
 * R is the root <-> cell link of the Linux half (UIO driver, root-side
 * demo); T the three-peer link; C the cell <-> cell link.  Each link's
 * memory is the ivshmem v2 layout: a 4 KiB state table, a 64 KiB
 * read/write section and one 64 KiB output section per peer, at the same
 * guest-physical address in every peer (1:1), read-only but for the
 * read/write section and the peer's own output section.  R's and T's
 * memory is the root's (carved out of the reservation's top 2 MiB, which
 * bochs-sys-ivshmem.c leaves out of the memory for cells); C's lies in the
 * memory for cells and is marked ROOTSHARED in both cells.
 *
 * Every peer sees a link's BAR 0 (registers) and BAR 1 (MSI-X) at the
 * same addresses, in the PCI window below the chipset range.
 */
#ifndef _CONFIGS_IVSHMEM_LINKS_H
#define _CONFIGS_IVSHMEM_LINKS_H

#include <jailhouse/config.h>
#include <jailhouse/ivshmem-demo.h>

#define IVSH_LINK_R_BDF 0x0070 /* 00:0e.0 */
#define IVSH_LINK_T_BDF 0x0078 /* 00:0f.0 */
#define IVSH_LINK_C_BDF 0x0068 /* 00:0d.0 */

#define IVSH_LINK_R_MEM 0x3f000000ULL
#define IVSH_LINK_T_MEM 0x3f040000ULL
#define IVSH_LINK_C_MEM 0x3ae00000ULL

#define IVSH_LINK_R_BAR 0xfeb00000ULL
#define IVSH_LINK_T_BAR 0xfeb02000ULL
#define IVSH_LINK_C_BAR 0xfeb04000ULL

#define IVSH_STATE_TABLE_SIZE 0x1000ULL
#define IVSH_RW_SIZE 0x10000ULL
#define IVSH_OUTPUT_SIZE 0x10000ULL
/* the root's part of the reservation for R and T (bochs-sys-ivshmem.c) */
#define IVSH_ROOT_LINKS_MEM 0x3f000000ULL
#define IVSH_ROOT_LINKS_SIZE 0x200000ULL

/* `shared`: JAILHOUSE_MEM_ROOTSHARED in a non-root cell, 0 in the root */
#define IVSH_SECTION(addr, bytes, access)                                    \
	{                                                                    \
		.phys_start = (addr), .virt_start = (addr), .size = (bytes), \
		.flags = (access)                                            \
	}
#define IVSH_OUT_FLAGS(peer, me, shared)                \
	((peer) == (me) ? JAILHOUSE_MEM_RW | (shared) : \
			  JAILHOUSE_MEM_READ | (shared))
#define IVSH_OUT_ADDR(mem, peer) \
	((mem) + IVSH_STATE_TABLE_SIZE + IVSH_RW_SIZE + (peer)*IVSH_OUTPUT_SIZE)

/* The memory regions of a link of 2 peers as peer `me` has them. */
#define IVSH_REGIONS_2(mem, me, shared)                                   \
	IVSH_SECTION(mem, IVSH_STATE_TABLE_SIZE,                          \
		     JAILHOUSE_MEM_READ | (shared)),                      \
		IVSH_SECTION((mem) + IVSH_STATE_TABLE_SIZE, IVSH_RW_SIZE, \
			     JAILHOUSE_MEM_RW | (shared)),                \
		IVSH_SECTION(IVSH_OUT_ADDR(mem, 0), IVSH_OUTPUT_SIZE,     \
			     IVSH_OUT_FLAGS(0, me, shared)),              \
		IVSH_SECTION(IVSH_OUT_ADDR(mem, 1), IVSH_OUTPUT_SIZE,     \
			     IVSH_OUT_FLAGS(1, me, shared))
/* ... and of 3 peers */
#define IVSH_REGIONS_3(mem, me, shared)                               \
	IVSH_REGIONS_2(mem, me, shared),                              \
		IVSH_SECTION(IVSH_OUT_ADDR(mem, 2), IVSH_OUTPUT_SIZE, \
			     IVSH_OUT_FLAGS(2, me, shared))

/* The device of peer `me` on a link whose regions start at index `first`. */
#define IVSH_DEVICE(link_bdf, bar, first, me, peers)                   \
	{                                                              \
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM, .bdf = (link_bdf), \
		.bar_address = { (bar), (bar) + 0x1000 },              \
		.shmem_regions_start = (first), .shmem_dev_id = (me),  \
		.shmem_peers = (peers),                                \
		.shmem_protocol = IVSHMEM_DEMO_PROTOCOL,               \
	}

#endif
