/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link N of the Bochs rig PC: root (peer 0) <-> the ivshmem-net-echo cell
 * (peer 1), 00:0c.0, in the ivshmem-net protocol (0x4001,
 * include/jailhouse/ivshmem-net.h).  Its memory is the root's, in the top
 * 2 MiB of the reservation after links R and T (ivshmem-links.h): the
 * same layout as theirs, 4 KiB state table, 64 KiB read/write section,
 * 64 KiB output section per peer (31 ring slots each way).  Used by
 * bochs-sys-ivnet.c and ivshmem-net-echo.c only.
 */
#ifndef _CONFIGS_IVSHMEM_NET_LINK_H
#define _CONFIGS_IVSHMEM_NET_LINK_H

#include <jailhouse/ivshmem-net.h>

#include "ivshmem-links.h"

#define IVSH_LINK_N_BDF 0x0060 /* 00:0c.0 */
#define IVSH_LINK_N_MEM 0x3f0a0000ULL
#define IVSH_LINK_N_BAR 0xfeb06000ULL

/* The device of peer `me` on link N, its regions from index `first`. */
#define IVSH_NET_DEVICE(first, me)                                            \
	{                                                                     \
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM, .bdf = IVSH_LINK_N_BDF,   \
		.bar_address = { IVSH_LINK_N_BAR, IVSH_LINK_N_BAR + 0x1000 }, \
		.shmem_regions_start = (first), .shmem_dev_id = (me),         \
		.shmem_peers = 2, .shmem_protocol = IVSHMEM_NET_PROTOCOL,     \
	}

#endif
