// SPDX-License-Identifier: GPL-2.0
/*
 * Which parts of the physical window are RAM (include/phys-window.h).
 * The RAM ranges are the root's non-device regions and the hypervisor
 * memory, in config order, not sorted: the walk looks for the next range
 * each time (a system config has tens of regions, and this runs once).
 */
#include "phys-window.h"
#include <common/env.h>

#define DEVICE_FLAGS                                     \
	(JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_UNALIGNED | \
	 JAILHOUSE_MEM_IO_WIDTHS)

struct ram_range {
	__u64 start, end;
};

/* RAM range `n`: the root's regions, then the hypervisor memory; 0 if `n`
 * is a device region (*r untouched), -1 past the last. */
static int ram_range(const struct jailhouse_system_desc *sys, unsigned int n,
		     struct ram_range *r)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const struct jailhouse_memory *m;

	if (n > root->num_memory_regions)
		return -1;
	if (n == root->num_memory_regions) {
		r->start = sys->hypervisor_memory.phys_start;
		r->end = r->start + sys->hypervisor_memory.size;
		return 1;
	}
	m = &jailhouse_cell_mem_regions(root)[n];
	if (m->flags & DEVICE_FLAGS)
		return 0;
	r->start = m->phys_start;
	r->end = m->phys_start + m->size;
	return 1;
}

int phys_window_end(const struct jailhouse_system_desc *sys, __u64 max,
		    __u64 *end)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(root);
	__u64 e = PHYS_WINDOW_MIN_END;
	struct ram_range r;
	unsigned int n;
	int ram;

	for (n = 0; (ram = ram_range(sys, n, &r)) >= 0; n++) {
		if (!ram) {
			r.end = m[n].phys_start + m[n].size;
		} else if (r.end > max) {
			return -ERANGE;
		}
		if (r.end > e)
			e = r.end;
	}
	e = (e + PHYS_WINDOW_ALIGN - 1) & ~(PHYS_WINDOW_ALIGN - 1);
	*end = e > max ? max : e;
	return 0;
}

/* The lowest start of RAM at or above `pos` that ends after it; `limit`
 * if there is none below it. */
static __u64 next_ram(const struct jailhouse_system_desc *sys, __u64 pos,
		      __u64 limit)
{
	struct ram_range r;
	unsigned int n;
	__u64 best = limit;
	int ram;

	for (n = 0; (ram = ram_range(sys, n, &r)) >= 0; n++) {
		if (!ram || r.end <= pos || r.start >= r.end)
			continue;
		if (r.start < pos)
			r.start = pos;
		if (r.start < best)
			best = r.start;
	}
	return best;
}

/* End of the RAM that starts at `pos` (RAM known to be there), merging
 * ranges that overlap or touch. */
static __u64 ram_run_end(const struct jailhouse_system_desc *sys, __u64 pos)
{
	struct ram_range r;
	unsigned int n;
	__u64 end = pos;
	int ram, grew;

	do {
		grew = 0;
		for (n = 0; (ram = ram_range(sys, n, &r)) >= 0; n++)
			if (ram && r.start <= end && r.end > end) {
				end = r.end;
				grew = 1;
			}
	} while (grew);
	return end;
}

int phys_window_layout(const struct jailhouse_system_desc *sys, __u64 end,
		       phys_window_fn fn, void *ctx)
{
	__u64 pos = 0, next;
	int err;

	while (pos < end) {
		next = next_ram(sys, pos, end);
		if (next > pos) {
			err = fn(pos, next - pos, 0, ctx);
		} else {
			next = ram_run_end(sys, pos);
			if (next > end)
				next = end;
			err = fn(pos, next - pos, 1, ctx);
		}
		if (err)
			return err;
		pos = next;
	}
	return 0;
}
