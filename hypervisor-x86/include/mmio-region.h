/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which trapped access a cell may make (mmio-region.c).
 *
 * Sub-page regions (JAILHOUSE_MEM_IO_UNALIGNED) are never mapped into the
 * cell's EPT: every access exits, is decoded (mmio-decode.h) and checked
 * here before the hypervisor performs it on the device.  An access is
 * allowed when it lies wholly inside one such region, the region grants
 * the direction (READ/WRITE), the width is one of the region's
 * JAILHOUSE_MEM_IO_8/16/32/64, and it is naturally aligned (device
 * registers are; an unaligned access would touch two registers).
 */
#ifndef _JH_MMIO_REGION_H
#define _JH_MMIO_REGION_H

#include <jailhouse/config.h>

struct mmio_region_hit {
	unsigned int region; /* index in the cell's memory regions */
	__u64 phys;	     /* host-physical address to access */
};

/*
 * Checks an access of `size` bytes at guest-physical `gphys`.  Returns 0
 * and fills *hit; -ENOENT when no sub-page region contains it (an access
 * violation for the caller to report); -EPERM when a region contains it
 * but forbids it, with *reason (static text) saying why.
 */
int mmio_region_find(const struct jailhouse_cell_desc *cell, __u64 gphys,
		     unsigned int size, int is_write,
		     struct mmio_region_hit *hit, const char **reason);

/*
 * Whether a sub-page region of `cell` lies (partly) in the 4 KiB page of
 * guest-physical `gphys`: 1 or 0.  An EPT violation anywhere else is not
 * worth decoding.
 */
int mmio_region_in_page(const struct jailhouse_cell_desc *cell, __u64 gphys);

#endif
