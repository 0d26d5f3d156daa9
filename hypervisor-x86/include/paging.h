/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic 4-level page-table builder (paging.c), used for the hypervisor's
 * own x86-64 tables and for every cell's EPT.
 *
 * The walker only knows "a table of 512 64-bit entries per level"; what an
 * entry looks like is behind struct paging_format (paging_x86_64 and
 * paging_ept are provided).  Mappings use 1 GiB or 2 MiB leaves wherever
 * the addresses and the size allow and the format supports them; unmapping
 * or remapping part of a huge leaf splits it first.  Table pages come from
 * a page pool; physical<->virtual translation of table pages is the
 * caller's (the hypervisor runs at its link address, not identity mapped).
 *
 * Levels are numbered 0 (4 KiB leaves, PT) to 3 (PML4).
 */
#ifndef _JH_PAGING_H
#define _JH_PAGING_H

#include <jailhouse/types.h>
#include "page-pool.h"

#define PAGING_LEVELS 4
#define PAGING_ENTRIES 512

/* Access and type of a mapping, independent of the entry format. */
#define PAGING_READ 0x01
#define PAGING_WRITE 0x02
#define PAGING_EXECUTE 0x04
/* Device memory: uncached (EPT memory type UC; PCD|PWT in x86-64 tables). */
#define PAGING_UNCACHED 0x08
/* x86-64 only: a global mapping (CR4.PGE), for the hypervisor's own map. */
#define PAGING_GLOBAL 0x10
/* Use 4 KiB pages only, even where a huge page would fit. */
#define PAGING_NO_HUGE 0x20
#define PAGING_RW (PAGING_READ | PAGING_WRITE)
#define PAGING_RWX (PAGING_RW | PAGING_EXECUTE)

typedef __u64 pt_entry_t;

/* What one page-table format looks like. */
struct paging_format {
	const char *name;
	/* Bit n set: leaves allowed at level n (bit 0 always). */
	unsigned int leaf_levels;
	/* An entry mapping `phys` at `level` with PAGING_* `flags`. */
	pt_entry_t (*leaf)(__u64 phys, unsigned int flags, unsigned int level);
	/* An entry pointing to the next-level table at `phys`. */
	pt_entry_t (*table)(__u64 phys);
	int (*present)(pt_entry_t entry);
	/* Is this present entry at `level` a leaf (1 GiB/2 MiB page bit)? */
	int (*is_leaf)(pt_entry_t entry, unsigned int level);
	/* Physical address in a leaf or table entry. */
	__u64 (*address)(pt_entry_t entry, unsigned int level);
	/* PAGING_* flags of a leaf. */
	unsigned int (*flags)(pt_entry_t entry, unsigned int level);
};

extern const struct paging_format paging_x86_64;
/* x86-64 without 1 GiB leaves, for CPUs lacking CPUID 0x80000001 EDX[26]. */
extern const struct paging_format paging_x86_64_no_1g;
extern const struct paging_format paging_ept;
/* EPT without 1 GiB leaves: for CPUs whose IA32_VMX_EPT_VPID_CAP bit 17
 * (1 GiB pages) is clear; they would take such an entry as misconfigured. */
extern const struct paging_format paging_ept_no_1g;

/* How table pages are reached: the hypervisor's own address translation. */
struct paging_memory {
	void *(*phys_to_virt)(__u64 phys);
	__u64 (*virt_to_phys)(const void *virt);
};

/* Identity translation, for host tests and identity-mapped contexts. */
extern const struct paging_memory paging_identity_memory;

struct page_table {
	pt_entry_t *root; /* the PML4 (virtual address) */
	const struct paging_format *format;
	struct page_pool *pool;
	const struct paging_memory *memory;
};

/* Allocates an empty root table.  Returns 0 or -ENOMEM. */
int paging_create(struct page_table *pt, const struct paging_format *format,
		  struct page_pool *pool, const struct paging_memory *memory);

/* Physical address of the root table: for CR3 or the EPT pointer. */
__u64 paging_root_phys(const struct page_table *pt);

/*
 * Maps [virt, virt+size) to [phys, phys+size).  All three must be 4 KiB
 * aligned and the ranges must not wrap or exceed 48 bits.  Existing
 * mappings in the range are replaced.  Returns 0, -EINVAL or -ENOMEM (the
 * part mapped so far stays mapped; unmap it to undo).
 */
int paging_map(struct page_table *pt, __u64 virt, __u64 phys, __u64 size,
	       unsigned int flags);

/*
 * Removes every mapping in [virt, virt+size), splitting huge leaves that
 * straddle its ends, and frees tables that become empty.  Unmapped holes
 * are fine.  Returns 0, -EINVAL (alignment) or -ENOMEM (a split needed a
 * table; nothing of that leaf was changed).
 */
int paging_unmap(struct page_table *pt, __u64 virt, __u64 size);

/*
 * Translates `virt`.  Returns 0 and fills *phys (the exact byte address),
 * and, if non-NULL, *flags (PAGING_*) and *page_size (bytes of the leaf);
 * -ENOENT when not mapped.
 */
int paging_lookup(const struct page_table *pt, __u64 virt, __u64 *phys,
		  unsigned int *flags, __u64 *page_size);

/* Frees every table page including the root.  Mapped pages are untouched. */
void paging_destroy(struct page_table *pt);

/* Table pages currently allocated for `pt` (root included). */
unsigned long paging_table_pages(const struct page_table *pt);

#endif
