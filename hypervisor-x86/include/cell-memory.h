/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest-physical memory of cells (cell-memory.c): the EPT of a new cell,
 * and the changes to the root cell's EPT at create, set-loadable, start
 * and destroy.  Pure logic on struct page_table; the caller flushes
 * (INVEPT) after every change to an EPT that a CPU may be using.
 *
 * Which parts of the root's memory move is decided by
 * cell_resources_root_pieces() (cell-resources.h), not here.  On top of
 * that, this file knows one thing about the root's EPT: root regions that
 * are sub-page (JAILHOUSE_MEM_IO_UNALIGNED) were never mapped there (the
 * root's accesses are emulated), so pieces of them are neither unmapped
 * nor mapped back.
 *
 * A cell region that no root region covers gives no pieces: take and
 * return do nothing for it and succeed (cell_config_check() refuses such
 * a config before create, so this only matters for direct callers).
 */
#ifndef _JH_CELL_MEMORY_H
#define _JH_CELL_MEMORY_H

#include <jailhouse/config.h>
#include "paging.h"

/* PAGING_* access and type for JAILHOUSE_MEM_* `flags`: R/W/X, and
 * JAILHOUSE_MEM_IO -> PAGING_UNCACHED.  Used for the root's EPT too. */
unsigned int cell_memory_paging_flags(__u64 flags);

/*
 * Maps every region of `cell` into the empty `ept` (virt_start ->
 * phys_start, flags from cell_memory_paging_flags()).  Sub-page regions
 * are skipped (trapped and emulated).  The comm region is mapped RW
 * (write-back, not executable) at its virt_start to `comm_page_phys`, the
 * one page of hypervisor memory that holds the cell's comm region; only
 * its first page is mapped, whatever the region's size, since the pages
 * behind the comm page are the hypervisor's.
 * Returns 0, -ENOMEM or -EINVAL (from paging_map); on failure the EPT is
 * partly built and the caller destroys it.
 */
int cell_memory_build(struct page_table *ept,
		      const struct jailhouse_cell_desc *cell,
		      __u64 comm_page_phys);

/*
 * At create: unmaps from the root's EPT every piece the root loses to
 * `cell`.  On failure (-ENOMEM when a huge page must be split, -EINVAL)
 * maps back what was unmapped, so the root translates as before, and
 * returns the error.  The re-mapping needs the table pages the unmaps
 * freed; it is best effort if the pool is exhausted otherwise.
 */
int cell_memory_take_from_root(struct page_table *root_ept,
			       const struct jailhouse_system_desc *sys,
			       const struct jailhouse_cell_desc *cell);

/*
 * At destroy: maps every such piece back into the root's EPT with the
 * root region's flags.  Maps all pieces even if one fails; returns the
 * first error (-ENOMEM) or 0.
 */
int cell_memory_return_to_root(struct page_table *root_ept,
			       const struct jailhouse_system_desc *sys,
			       const struct jailhouse_cell_desc *cell);

/*
 * Is a piece of cell region `cell_region` that the root gets back at
 * destroy zeroed first?  Yes for RAM: neither the cell region nor the
 * root region it comes from is device memory (JAILHOUSE_MEM_IO, sub-page
 * or width flags: a write there has side effects), and the cell region is
 * neither its comm region (hypervisor memory) nor root-shared (the root
 * uses it all along).  Read-only RAM too: what it holds is gone with the
 * cell, and zero is the one state that is certainly the cell's no more.
 */
int cell_memory_piece_scrubbed(const struct jailhouse_memory *cell_region,
			       __u64 root_flags);

/*
 * At destroy, before cell_memory_return_to_root() and with the cell's CPUs
 * parked: zero(phys, size) for every piece cell_memory_piece_scrubbed()
 * selects, so that nothing the cell wrote reaches the root.  Goes on after
 * a failed piece; returns zero's first error or 0.
 */
int cell_memory_scrub(const struct jailhouse_system_desc *sys,
		      const struct jailhouse_cell_desc *cell,
		      int (*zero)(__u64 phys, __u64 size));

/*
 * Set-loadable (map = 1) and start (map = 0): maps the cell's
 * JAILHOUSE_MEM_LOADABLE regions into the root's EPT RW (uncached if
 * JAILHOUSE_MEM_IO), at the address where the root sees that memory
 * (root_gphys of its pieces; equal to phys_start for an identity-mapped
 * root), so that the driver can write the images; or unmaps them again.
 * Only the pieces the root lost at create are touched (a ROOTSHARED
 * loadable region stays as the root has it).  Both directions are
 * idempotent.  Returns 0, -ENOMEM or -EINVAL; stops at the first error.
 */
int cell_memory_loadable_to_root(struct page_table *root_ept,
				 const struct jailhouse_system_desc *sys,
				 const struct jailhouse_cell_desc *cell,
				 int map);

#endif
