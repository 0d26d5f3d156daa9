// SPDX-License-Identifier: GPL-2.0
/*
 * The 3-CPU Bochs rig PC (bochs-sys-3cpu.c) with ivshmem links
 * (ivshmem-links.h): the root is peer 0 of link R (root <-> cell, with
 * ivshmem-demo-1) and of link T (three peers, with ivshmem-demo-1 and
 * ivshmem-demo-2); link C joins the two cells alone.
 *
 * The top 2 MiB of the reservation (0x3f000000) hold R's and T's memory
 * and are no longer memory for cells; the root's PCI window region ends at
 * 0xfeb00000, where the links' BARs are (a BAR must lie outside every
 * memory region of its cell).
 */
#include "ivshmem-links.h"

#define BOCHS_CPUS 0x7
#define BOCHS_IOAPIC_ID 3
#define BOCHS_ROOT_NAME "bochs-root-ivshmem"

#define BOCHS_CELL_MEMORY_SIZE (0x4c00000 - IVSH_ROOT_LINKS_SIZE)
#define BOCHS_PCI_WINDOW_SIZE (0xfeb00000 - 0xc0020000)

/* regions 11-14: link R, 15-19: link T */
#define BOCHS_NUM_EXTRA_REGIONS 9
#define BOCHS_EXTRA_REGIONS                    \
	IVSH_REGIONS_2(IVSH_LINK_R_MEM, 0, 0), \
		IVSH_REGIONS_3(IVSH_LINK_T_MEM, 0, 0)
#define BOCHS_NUM_EXTRA_DEVICES 2
#define BOCHS_EXTRA_DEVICES                                      \
	IVSH_DEVICE(IVSH_LINK_R_BDF, IVSH_LINK_R_BAR, 11, 0, 2), \
		IVSH_DEVICE(IVSH_LINK_T_BDF, IVSH_LINK_T_BAR, 15, 0, 3)

#include "bochs-sys.c"
