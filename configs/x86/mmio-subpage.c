// SPDX-License-Identifier: GPL-2.0
/*
 * The tiny-demo cell (CPU 1, 1 MiB of RAM from the root's reserved area,
 * the communication region at 1 MiB) plus one sub-page MMIO region: the
 * HPET main counter, 8 bytes at 0xfed000f0, readable with 32- and 64-bit
 * accesses only.  The rest of the HPET page stays the root's: the cell's
 * accesses to the counter exit and are emulated by the hypervisor, any
 * other access to that page is a violation.  Used with the mmio-subpage
 * inmate (tests/scenarios/inmates-mmio-subpage.sh).
 */
#define TINY_NAME "mmio-subpage"
#define TINY_CPUS 0x2
#define TINY_RAM 0x3a600000
#define HPET_COUNTER 0xfed000f0
/* HPET main counter, read-only, emulated */
#define TINY_EXTRA_REGION                                                   \
	{                                                                   \
		.phys_start = HPET_COUNTER, .virt_start = HPET_COUNTER,     \
		.size = 8,                                                  \
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |            \
			 JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_32 | \
			 JAILHOUSE_MEM_IO_64                                \
	}

#include "tiny-demo.c"
