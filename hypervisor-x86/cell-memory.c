// SPDX-License-Identifier: GPL-2.0
/*
 * Guest-physical memory of cells: a cell's EPT, and what the root's EPT
 * loses and gets back (see cell-memory.h).
 */
#include "cell-memory.h"
#include "cell-resources.h"
#include <common/env.h>

unsigned int cell_memory_paging_flags(__u64 flags)
{
	unsigned int paging = 0;

	if (flags & JAILHOUSE_MEM_READ)
		paging |= PAGING_READ;
	if (flags & JAILHOUSE_MEM_WRITE)
		paging |= PAGING_WRITE;
	if (flags & JAILHOUSE_MEM_EXECUTE)
		paging |= PAGING_EXECUTE;
	if (flags & JAILHOUSE_MEM_IO)
		paging |= PAGING_UNCACHED;
	return paging;
}

/* Sub-page regions are trapped and emulated, never in an EPT.  The width
 * bits alone count too, as root-cell.c has it. */
static int emulated(__u64 flags)
{
	return (flags &
		(JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_WIDTHS)) != 0;
}

static int map_region(struct page_table *ept, const struct jailhouse_memory *m,
		      __u64 comm_page_phys)
{
	if (m->flags & JAILHOUSE_MEM_COMM_REGION)
		return paging_map(ept, m->virt_start, comm_page_phys, PAGE_SIZE,
				  PAGING_RW);
	return paging_map(ept, m->virt_start, m->phys_start, m->size,
			  cell_memory_paging_flags(m->flags));
}

int cell_memory_build(struct page_table *ept,
		      const struct jailhouse_cell_desc *cell,
		      __u64 comm_page_phys)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	unsigned int n;
	int err;

	for (n = 0; n < cell->num_memory_regions; n++) {
		if (emulated(m[n].flags))
			continue;
		err = map_region(ept, &m[n], comm_page_phys);
		if (err)
			return err;
	}
	return 0;
}

/* State of a walk over the root pieces. */
struct piece_walk {
	struct page_table *ept;
	const struct jailhouse_memory *cell_regions;
	unsigned int visited; /* pieces seen so far */
	unsigned int limit;   /* undo: restore only the first `limit` */
	int first_error;
	int map; /* loadable: map (1) or unmap (0) */
};

static int map_back(const struct root_piece *p, struct page_table *ept)
{
	return paging_map(ept, p->root_gphys, p->phys, p->size,
			  cell_memory_paging_flags(p->root_flags));
}

static int unmap_piece(const struct root_piece *p, void *ctx)
{
	struct piece_walk *w = ctx;

	/* counted before the unmap: a failed unmap may have done a part */
	w->visited++;
	if (emulated(p->root_flags))
		return 0;
	return paging_unmap(w->ept, p->root_gphys, p->size);
}

static int restore_piece(const struct root_piece *p, void *ctx)
{
	struct piece_walk *w = ctx;

	if (w->visited++ >= w->limit || emulated(p->root_flags))
		return 0;
	/* Errors ignored: the caller returns the take's error anyway. */
	map_back(p, w->ept);
	return 0;
}

int cell_memory_take_from_root(struct page_table *root_ept,
			       const struct jailhouse_system_desc *sys,
			       const struct jailhouse_cell_desc *cell)
{
	struct piece_walk w = { .ept = root_ept };
	int err;

	err = cell_resources_root_pieces(sys, cell, unmap_piece, &w);
	if (!err)
		return 0;
	/* The pieces come in the same order again: map back the ones seen,
	 * the failed one included (mapping what is still there is a no-op). */
	w.limit = w.visited;
	w.visited = 0;
	cell_resources_root_pieces(sys, cell, restore_piece, &w);
	return err;
}

static int return_piece(const struct root_piece *p, void *ctx)
{
	struct piece_walk *w = ctx;
	int err;

	if (emulated(p->root_flags))
		return 0;
	err = map_back(p, w->ept);
	if (err && !w->first_error)
		w->first_error = err;
	/* Go on: every piece that can come back should. */
	return 0;
}

int cell_memory_return_to_root(struct page_table *root_ept,
			       const struct jailhouse_system_desc *sys,
			       const struct jailhouse_cell_desc *cell)
{
	struct piece_walk w = { .ept = root_ept };

	cell_resources_root_pieces(sys, cell, return_piece, &w);
	return w.first_error;
}

int cell_memory_piece_scrubbed(const struct jailhouse_memory *cell_region,
			       __u64 root_flags)
{
	const __u64 device = JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_UNALIGNED |
			     JAILHOUSE_MEM_IO_WIDTHS;
	const __u64 not_cells = JAILHOUSE_MEM_COMM_REGION |
				JAILHOUSE_MEM_ROOTSHARED;

	if ((cell_region->flags | root_flags) & device)
		return 0;
	return !(cell_region->flags & not_cells);
}

struct scrub_walk {
	const struct jailhouse_memory *cell_regions;
	int (*zero)(__u64 phys, __u64 size);
	int first_error;
};

static int scrub_piece(const struct root_piece *p, void *ctx)
{
	struct scrub_walk *w = ctx;
	int err;

	if (!cell_memory_piece_scrubbed(&w->cell_regions[p->cell_region],
					p->root_flags))
		return 0;
	err = w->zero(p->phys, p->size);
	if (err && !w->first_error)
		w->first_error = err;
	return 0;
}

int cell_memory_scrub(const struct jailhouse_system_desc *sys,
		      const struct jailhouse_cell_desc *cell,
		      int (*zero)(__u64 phys, __u64 size))
{
	struct scrub_walk w = {
		.cell_regions = jailhouse_cell_mem_regions(cell),
		.zero = zero,
	};

	cell_resources_root_pieces(sys, cell, scrub_piece, &w);
	return w.first_error;
}

static int loadable_piece(const struct root_piece *p, void *ctx)
{
	const struct piece_walk *w = ctx;
	const struct jailhouse_memory *m;
	__u64 flags;

	if (emulated(p->root_flags))
		return 0;
	m = &w->cell_regions[p->cell_region];
	if (!(m->flags & JAILHOUSE_MEM_LOADABLE))
		return 0;
	if (!w->map)
		return paging_unmap(w->ept, p->root_gphys, p->size);
	/* RW only: the root writes images, it never runs them */
	flags = JAILHOUSE_MEM_RW | (m->flags & JAILHOUSE_MEM_IO);
	return paging_map(w->ept, p->root_gphys, p->phys, p->size,
			  cell_memory_paging_flags(flags));
}

int cell_memory_loadable_to_root(struct page_table *root_ept,
				 const struct jailhouse_system_desc *sys,
				 const struct jailhouse_cell_desc *cell,
				 int map)
{
	struct piece_walk w = {
		.ept = root_ept,
		.cell_regions = jailhouse_cell_mem_regions(cell),
		.map = map,
	};

	return cell_resources_root_pieces(sys, cell, loadable_piece, &w);
}
