// SPDX-License-Identifier: GPL-2.0
/*
 * Generic 4-level page-table builder.  One walker for the hypervisor's own
 * x86-64 tables and for EPT; the entry formats are at the end of the file.
 *
 * Virtual addresses are 48-bit (canonical ones are accepted and the sign
 * bits dropped, so the hypervisor's upper-half link address works);
 * physical addresses are limited to 52 bits, the architectural maximum.
 */
#include "paging.h"
#include <common/env.h>
#include <common/string.h>

#define VIRT_BITS 48
#define PHYS_BITS 52
#define ADDRESS_MASK (((1ULL << PHYS_BITS) - 1) & ~0xfffULL)

static unsigned int level_shift(unsigned int level)
{
	return 12 + 9 * level;
}

static __u64 level_size(unsigned int level)
{
	return 1ULL << level_shift(level);
}

static unsigned int entry_index(__u64 virt, unsigned int level)
{
	return (virt >> level_shift(level)) & (PAGING_ENTRIES - 1);
}

static pt_entry_t *table_at(const struct page_table *pt, __u64 phys)
{
	return pt->memory->phys_to_virt(phys);
}

static int leaf_allowed(const struct page_table *pt, unsigned int level,
			unsigned int flags)
{
	if (level == 0)
		return 1;
	return !(flags & PAGING_NO_HUGE) &&
	       ((pt->format->leaf_levels >> level) & 1);
}

static pt_entry_t *alloc_table(const struct page_table *pt)
{
	return page_zalloc(pt->pool, 1);
}

static void free_subtree(const struct page_table *pt, pt_entry_t *table,
			 unsigned int level)
{
	unsigned int n;
	pt_entry_t e;

	for (n = 0; level > 0 && n < PAGING_ENTRIES; n++) {
		e = table[n];
		if (pt->format->present(e) && !pt->format->is_leaf(e, level))
			free_subtree(pt,
				     table_at(pt,
					      pt->format->address(e, level)),
				     level - 1);
	}
	page_free(pt->pool, table, 1);
}

/*
 * Replaces the huge leaf in *entry (at `level`) by a table of leaves one
 * level down that map the same range with the same flags.
 */
static int split_leaf(const struct page_table *pt, pt_entry_t *entry,
		      unsigned int level)
{
	const struct paging_format *f = pt->format;
	unsigned int flags = f->flags(*entry, level);
	__u64 phys = f->address(*entry, level);
	pt_entry_t *table = alloc_table(pt);
	unsigned int n;

	if (!table)
		return -ENOMEM;
	for (n = 0; n < PAGING_ENTRIES; n++)
		table[n] = f->leaf(phys + n * level_size(level - 1), flags,
				   level - 1);
	*entry = f->table(pt->memory->virt_to_phys(table));
	return 0;
}

/* The next-level table behind *entry, created or split as needed. */
static pt_entry_t *next_table(const struct page_table *pt, pt_entry_t *entry,
			      unsigned int level)
{
	const struct paging_format *f = pt->format;
	pt_entry_t *table;

	if (f->present(*entry)) {
		if (f->is_leaf(*entry, level) && split_leaf(pt, entry, level))
			return 0;
		return table_at(pt, f->address(*entry, level));
	}
	table = alloc_table(pt);
	if (table)
		*entry = f->table(pt->memory->virt_to_phys(table));
	return table;
}

static void clear_entry(const struct page_table *pt, pt_entry_t *entry,
			unsigned int level)
{
	const struct paging_format *f = pt->format;

	if (level > 0 && f->present(*entry) && !f->is_leaf(*entry, level))
		free_subtree(pt, table_at(pt, f->address(*entry, level)),
			     level - 1);
	*entry = 0;
}

static int map_level(const struct page_table *pt, pt_entry_t *table,
		     unsigned int level, __u64 virt, __u64 phys, __u64 size,
		     unsigned int flags)
{
	__u64 step, chunk;
	pt_entry_t *entry, *next;
	int err;

	for (; size; virt += chunk, phys += chunk, size -= chunk) {
		step = level_size(level);
		chunk = step - (virt & (step - 1));
		if (chunk > size)
			chunk = size;
		entry = &table[entry_index(virt, level)];
		if (chunk == step && !(phys & (step - 1)) &&
		    leaf_allowed(pt, level, flags)) {
			clear_entry(pt, entry, level);
			*entry = pt->format->leaf(phys, flags & ~PAGING_NO_HUGE,
						  level);
			continue;
		}
		next = next_table(pt, entry, level);
		if (!next)
			return -ENOMEM;
		err = map_level(pt, next, level - 1, virt, phys, chunk, flags);
		if (err)
			return err;
	}
	return 0;
}

static int table_empty(const struct page_table *pt, const pt_entry_t *table)
{
	unsigned int n;

	for (n = 0; n < PAGING_ENTRIES; n++)
		if (pt->format->present(table[n]))
			return 0;
	return 1;
}

static int unmap_level(const struct page_table *pt, pt_entry_t *table,
		       unsigned int level, __u64 virt, __u64 size)
{
	const struct paging_format *f = pt->format;
	__u64 step, chunk;
	pt_entry_t *entry, *next;
	int err;

	for (; size; virt += chunk, size -= chunk) {
		step = level_size(level);
		chunk = step - (virt & (step - 1));
		if (chunk > size)
			chunk = size;
		entry = &table[entry_index(virt, level)];
		if (!f->present(*entry))
			continue;
		if (chunk == step) {
			clear_entry(pt, entry, level);
			continue;
		}
		next = next_table(pt, entry, level);
		if (!next)
			return -ENOMEM;
		err = unmap_level(pt, next, level - 1, virt, chunk);
		if (err)
			return err;
		if (table_empty(pt, next)) {
			page_free(pt->pool, next, 1);
			*entry = 0;
		}
	}
	return 0;
}

static int canonical(__u64 virt)
{
	__u64 top = virt >> (VIRT_BITS - 1);

	return top == 0 || top == (~0ULL >> (VIRT_BITS - 1));
}

/* Checks the range and returns its 48-bit form in *v48. */
static int check_virt_range(__u64 virt, __u64 size, __u64 *v48)
{
	if ((virt | size) & 0xfff || size == 0 || !canonical(virt))
		return -EINVAL;
	*v48 = virt & ((1ULL << VIRT_BITS) - 1);
	/* No wrap, and no crossing of the canonical hole. */
	if (size > (1ULL << VIRT_BITS) - *v48 ||
	    (*v48 < (1ULL << (VIRT_BITS - 1)) &&
	     *v48 + size > (1ULL << (VIRT_BITS - 1))))
		return -EINVAL;
	return 0;
}

int paging_create(struct page_table *pt, const struct paging_format *format,
		  struct page_pool *pool, const struct paging_memory *memory)
{
	pt->format = format;
	pt->pool = pool;
	pt->memory = memory;
	pt->root = alloc_table(pt);
	return pt->root ? 0 : -ENOMEM;
}

__u64 paging_root_phys(const struct page_table *pt)
{
	return pt->memory->virt_to_phys(pt->root);
}

int paging_map(struct page_table *pt, __u64 virt, __u64 phys, __u64 size,
	       unsigned int flags)
{
	__u64 v48;

	if (check_virt_range(virt, size, &v48) || (phys & 0xfff) ||
	    phys >= (1ULL << PHYS_BITS) || size > (1ULL << PHYS_BITS) - phys)
		return -EINVAL;
	/* Flags the format cannot express (e.g. write-only) are refused. */
	if (!pt->format->leaf(0, flags & ~PAGING_NO_HUGE, 0))
		return -EINVAL;
	return map_level(pt, pt->root, PAGING_LEVELS - 1, v48, phys, size,
			 flags);
}

int paging_unmap(struct page_table *pt, __u64 virt, __u64 size)
{
	__u64 v48;

	if (check_virt_range(virt, size, &v48))
		return -EINVAL;
	return unmap_level(pt, pt->root, PAGING_LEVELS - 1, v48, size);
}

int paging_lookup(const struct page_table *pt, __u64 virt, __u64 *phys,
		  unsigned int *flags, __u64 *page_size)
{
	const struct paging_format *f = pt->format;
	const pt_entry_t *table = pt->root;
	unsigned int level = PAGING_LEVELS - 1;
	pt_entry_t e;

	if (!canonical(virt))
		return -ENOENT;
	for (;; level--) {
		e = table[entry_index(virt, level)];
		if (!f->present(e))
			return -ENOENT;
		if (level == 0 || f->is_leaf(e, level))
			break;
		table = table_at(pt, f->address(e, level));
	}
	*phys = f->address(e, level) + (virt & (level_size(level) - 1));
	if (flags)
		*flags = f->flags(e, level);
	if (page_size)
		*page_size = level_size(level);
	return 0;
}

void paging_destroy(struct page_table *pt)
{
	if (pt->root)
		free_subtree(pt, pt->root, PAGING_LEVELS - 1);
	pt->root = 0;
}

static unsigned long count_tables(const struct page_table *pt,
				  const pt_entry_t *table, unsigned int level)
{
	unsigned long count = 1;
	unsigned int n;
	pt_entry_t e;

	for (n = 0; level > 0 && n < PAGING_ENTRIES; n++) {
		e = table[n];
		if (pt->format->present(e) && !pt->format->is_leaf(e, level))
			count +=
				count_tables(pt,
					     table_at(pt,
						      pt->format
							      ->address(e,
									level)),
					     level - 1);
	}
	return count;
}

unsigned long paging_table_pages(const struct page_table *pt)
{
	return pt->root ? count_tables(pt, pt->root, PAGING_LEVELS - 1) : 0;
}

/* ---- identity translation --------------------------------------------- */
static void *identity_phys_to_virt(__u64 phys)
{
	return (void *)(unsigned long)phys;
}

static __u64 identity_virt_to_phys(const void *virt)
{
	return (unsigned long)virt;
}

const struct paging_memory paging_identity_memory = {
	.phys_to_virt = identity_phys_to_virt,
	.virt_to_phys = identity_virt_to_phys,
};

/* ---- entry formats ----------------------------------------------------- */
#define HUGE_BIT (1ULL << 7) /* PS in x86-64, "large page" in EPT */

static __u64 leaf_address_mask(unsigned int level)
{
	return ADDRESS_MASK & ~(level_size(level) - 1);
}

static int both_is_leaf(pt_entry_t e, unsigned int level)
{
	return level == 0 || (e & HUGE_BIT);
}

static __u64 both_address(pt_entry_t e, unsigned int level)
{
	if (level > 0 && (e & HUGE_BIT))
		return e & leaf_address_mask(level);
	return e & ADDRESS_MASK;
}

/* x86-64: P=0 RW=1 PWT=3 PCD=4 PS=7 G=8 NX=63; US stays 0 (supervisor). */
#define X86_PRESENT (1ULL << 0)
#define X86_RW (1ULL << 1)
#define X86_PWT (1ULL << 3)
#define X86_PCD (1ULL << 4)
#define X86_GLOBAL (1ULL << 8)
#define X86_NX (1ULL << 63)

static pt_entry_t x86_leaf(__u64 phys, unsigned int flags, unsigned int level)
{
	pt_entry_t e = phys | X86_PRESENT;

	if (!(flags & PAGING_READ))
		return 0; /* x86-64 cannot express write- or exec-only */
	if (flags & PAGING_WRITE)
		e |= X86_RW;
	if (!(flags & PAGING_EXECUTE))
		e |= X86_NX;
	if (flags & PAGING_UNCACHED)
		e |= X86_PCD | X86_PWT;
	if (flags & PAGING_GLOBAL)
		e |= X86_GLOBAL;
	return level ? e | HUGE_BIT : e;
}

static pt_entry_t x86_table(__u64 phys)
{
	return phys | X86_PRESENT | X86_RW;
}

static int x86_present(pt_entry_t e)
{
	return e & X86_PRESENT;
}

static unsigned int x86_flags(pt_entry_t e, unsigned int level)
{
	unsigned int flags = PAGING_READ;

	(void)level;
	if (e & X86_RW)
		flags |= PAGING_WRITE;
	if (!(e & X86_NX))
		flags |= PAGING_EXECUTE;
	if (e & X86_PCD)
		flags |= PAGING_UNCACHED;
	if (e & X86_GLOBAL)
		flags |= PAGING_GLOBAL;
	return flags;
}

const struct paging_format paging_x86_64 = {
	.name = "x86-64",
	.leaf_levels = 0x7, /* 4 KiB, 2 MiB, 1 GiB */
	.leaf = x86_leaf,
	.table = x86_table,
	.present = x86_present,
	.is_leaf = both_is_leaf,
	.address = both_address,
	.flags = x86_flags,
};

/* EPT: R=0 W=1 X=2, memory type 5:3 (leaves), large page 7. */
#define EPT_READ (1ULL << 0)
#define EPT_WRITE (1ULL << 1)
#define EPT_EXECUTE (1ULL << 2)
#define EPT_ACCESS (EPT_READ | EPT_WRITE | EPT_EXECUTE)
#define EPT_TYPE_SHIFT 3
#define EPT_TYPE_MASK (7ULL << EPT_TYPE_SHIFT)
#define EPT_TYPE_UC 0ULL
#define EPT_TYPE_WB 6ULL

static pt_entry_t ept_leaf(__u64 phys, unsigned int flags, unsigned int level)
{
	pt_entry_t e = phys;

	if (flags & PAGING_READ)
		e |= EPT_READ;
	if (flags & PAGING_WRITE)
		e |= EPT_WRITE;
	if (flags & PAGING_EXECUTE)
		e |= EPT_EXECUTE;
	if (!(e & EPT_ACCESS))
		return 0;
	/* Write-only/write-execute entries are EPT misconfigurations. */
	if ((e & EPT_WRITE) && !(e & EPT_READ))
		return 0;
	e |= (flags & PAGING_UNCACHED ? EPT_TYPE_UC : EPT_TYPE_WB)
	     << EPT_TYPE_SHIFT;
	return level ? e | HUGE_BIT : e;
}

static pt_entry_t ept_table(__u64 phys)
{
	return phys | EPT_ACCESS;
}

static int ept_present(pt_entry_t e)
{
	return (e & EPT_ACCESS) != 0;
}

static unsigned int ept_flags(pt_entry_t e, unsigned int level)
{
	unsigned int flags = 0;

	(void)level;
	if (e & EPT_READ)
		flags |= PAGING_READ;
	if (e & EPT_WRITE)
		flags |= PAGING_WRITE;
	if (e & EPT_EXECUTE)
		flags |= PAGING_EXECUTE;
	if (((e & EPT_TYPE_MASK) >> EPT_TYPE_SHIFT) == EPT_TYPE_UC)
		flags |= PAGING_UNCACHED;
	return flags;
}

const struct paging_format paging_ept = {
	.name = "EPT",
	.leaf_levels = 0x7, /* 4 KiB, 2 MiB, 1 GiB (check the VMX caps) */
	.leaf = ept_leaf,
	.table = ept_table,
	.present = ept_present,
	.is_leaf = both_is_leaf,
	.address = both_address,
	.flags = ept_flags,
};

/* For CPUs without 1 GiB EPT pages (IA32_VMX_EPT_VPID_CAP bit 17 clear). */
const struct paging_format paging_ept_no_1g = {
	.name = "EPT (no 1 GiB pages)",
	.leaf_levels = 0x3, /* 4 KiB, 2 MiB */
	.leaf = ept_leaf,
	.table = ept_table,
	.present = ept_present,
	.is_leaf = both_is_leaf,
	.address = both_address,
	.flags = ept_flags,
};

/* For CPUs without 1 GiB pages (CPUID 0x80000001 EDX bit 26 clear). */
const struct paging_format paging_x86_64_no_1g = {
	.name = "x86-64 (no 1 GiB pages)",
	.leaf_levels = 0x3, /* 4 KiB, 2 MiB */
	.leaf = x86_leaf,
	.table = x86_table,
	.present = x86_present,
	.is_leaf = both_is_leaf,
	.address = both_address,
	.flags = x86_flags,
};
