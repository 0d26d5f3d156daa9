// SPDX-License-Identifier: GPL-2.0
/*
 * The 2-CPU Bochs rig PC with ivshmem-net link N (ivshmem-net-link.h): the
 * root is peer 0, the ivshmem-net-echo cell (ivshmem-net-echo.c) peer 1.
 * As in bochs-sys-ivshmem.c, the top 2 MiB of the reservation (0x3f000000)
 * are the root's links' memory, not memory for cells, and the root's PCI
 * window ends at 0xfeb00000, below the links' BARs.
 */
#include "ivshmem-net-link.h"
/* bochs-sys-3cpu-ivnet.c reuses this file for the 3-CPU PC. */
#ifndef BOCHS_CPUS
#define BOCHS_ROOT_NAME "bochs-root-ivnet"
#define BOCHS_CPUS 0x3
#define BOCHS_IOAPIC_ID 2
#endif
#define BOCHS_CELL_MEMORY_SIZE (0x4c00000 - IVSH_ROOT_LINKS_SIZE)
#define BOCHS_PCI_WINDOW_SIZE (0xfeb00000 - 0xc0020000)
/* regions 11-14: link N */
#define BOCHS_NUM_EXTRA_REGIONS 4
#define BOCHS_EXTRA_REGIONS IVSH_REGIONS_2(IVSH_LINK_N_MEM, 0, 0)
#define BOCHS_NUM_EXTRA_DEVICES 1
#define BOCHS_EXTRA_DEVICES IVSH_NET_DEVICE(11, 0)
#include "bochs-sys.c"
