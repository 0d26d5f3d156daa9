// SPDX-License-Identifier: GPL-2.0
/*
 * Access checks for a cell's sub-page MMIO regions (see mmio-region.h).
 */
#include "mmio-region.h"
#include <common/config-validate.h>
#include <common/env.h>

static __u64 width_flag(unsigned int size)
{
	switch (size) {
	case 1:
		return JAILHOUSE_MEM_IO_8;
	case 2:
		return JAILHOUSE_MEM_IO_16;
	case 4:
		return JAILHOUSE_MEM_IO_32;
	case 8:
		return JAILHOUSE_MEM_IO_64;
	}
	return 0;
}

static const char *refusal(const struct jailhouse_memory *m, __u64 gphys,
			   unsigned int size, int is_write)
{
	if (!(m->flags & width_flag(size)))
		return "the access width is not allowed in this region";
	if (gphys & (size - 1))
		return "the access is not naturally aligned";
	if (is_write && !(m->flags & JAILHOUSE_MEM_WRITE))
		return "the region is read-only";
	if (!is_write && !(m->flags & JAILHOUSE_MEM_READ))
		return "the region is write-only";
	return 0;
}

int mmio_region_find(const struct jailhouse_cell_desc *cell, __u64 gphys,
		     unsigned int size, int is_write,
		     struct mmio_region_hit *hit, const char **reason)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	unsigned int n;

	*reason = 0;
	for (n = 0; n < cell->num_memory_regions; n++) {
		if (!(m[n].flags & JAILHOUSE_MEM_IO_UNALIGNED) ||
		    !jh_ranges_overlap(gphys, size, m[n].virt_start, m[n].size))
			continue;
		if (!jh_range_within(gphys, size, m[n].virt_start, m[n].size)) {
			*reason = "the access crosses a boundary of the region";
			return -EPERM;
		}
		*reason = refusal(&m[n], gphys, size, is_write);
		if (*reason)
			return -EPERM;
		hit->region = n;
		hit->phys = m[n].phys_start + (gphys - m[n].virt_start);
		return 0;
	}
	return -ENOENT;
}

int mmio_region_in_page(const struct jailhouse_cell_desc *cell, __u64 gphys)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	__u64 page = gphys & ~0xfffULL;
	unsigned int n;

	for (n = 0; n < cell->num_memory_regions; n++)
		if ((m[n].flags & JAILHOUSE_MEM_IO_UNALIGNED) &&
		    jh_ranges_overlap(page, 0x1000, m[n].virt_start, m[n].size))
			return 1;
	return 0;
}
