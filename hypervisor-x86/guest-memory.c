// SPDX-License-Identifier: GPL-2.0
/*
 * Reading guest memory by linear address: the instruction bytes an MMIO
 * exit needs.  The walk follows the guest's own page tables in whichever
 * mode it runs (none, 32-bit, PAE, 4-level, 5-level: cells may run any)
 * and reaches every table through the physical-memory window, translating
 * guest-physical addresses through the cell's EPT.  Access rights of the
 * guest's tables are not checked: the guest fetched the instruction, so
 * they allowed it; a page that is not present ends the read.
 */
#include "hv.h"
#include "cell.h"
#include "guest-memory.h"
#include <common/string.h>

#define PTE_PRESENT 0x1UL
#define PTE_HUGE 0x80UL
#define PTE_ADDR 0x000ffffffffff000UL

/* Host address of guest-physical `gphys` (readable RAM of the cell). */
static const void *guest_phys(struct cell *cell, __u64 gphys)
{
	__u64 hphys;
	unsigned int flags;

	if (paging_lookup(&cell->ept, gphys, &hphys, &flags, NULL) ||
	    !(flags & PAGING_READ) || (flags & PAGING_UNCACHED))
		return NULL;
	return phys_window(hphys);
}

int guest_read_phys(struct cell *cell, __u64 gphys, void *buf, unsigned int len)
{
	unsigned int chunk, done = 0;
	const __u8 *src;

	while (done < len) {
		src = guest_phys(cell, gphys + done);
		if (!src)
			return -EINVAL;
		chunk = PAGE_SIZE - ((gphys + done) & 0xfff);
		if (chunk > len - done)
			chunk = len - done;
		memcpy((__u8 *)buf + done, src, chunk);
		done += chunk;
	}
	return 0;
}

/* 32-bit paging: 4-byte entries, 10 bits per level (SDM 4.3) */
static __u64 translate_32bit(struct cell *cell,
			     const struct guest_paging *paging, __u32 virt)
{
	const __u32 *e;
	__u32 pde, pte;

	e = guest_phys(cell, (paging->cr3 & 0xfffff000U) + 4 * (virt >> 22));
	if (!e || !((pde = *e) & PTE_PRESENT))
		return ~0UL;
	if ((pde & PTE_HUGE) && paging->pse)
		/* PSE-36: bits 39:32 of the page in PDE bits 20:13 */
		return (pde & 0xffc00000U) |
		       ((__u64)((pde >> 13) & 0xff) << 32) | (virt & 0x3fffff);
	e = guest_phys(cell, (pde & 0xfffff000U) + 4 * ((virt >> 12) & 0x3ff));
	if (!e || !((pte = *e) & PTE_PRESENT))
		return ~0UL;
	return (pte & 0xfffff000U) | (virt & 0xfff);
}

/* 8-byte entries from `table` down `levels` levels of 9 bits; large pages
 * below the top level (1 GiB, 2 MiB) */
static __u64 walk_64bit(struct cell *cell, __u64 table, __u64 virt, int levels,
			int top_may_be_huge)
{
	const __u64 *e;
	__u64 entry;
	int level;

	for (level = levels - 1; level >= 0; level--) {
		e = guest_phys(cell,
			       table + 8 * ((virt >> (12 + 9 * level)) & 511));
		if (!e)
			return ~0UL;
		entry = *e;
		if (!(entry & PTE_PRESENT))
			return ~0UL;
		if (level > 0 && level < 3 && (entry & PTE_HUGE) &&
		    (level < levels - 1 || top_may_be_huge)) {
			__u64 size = 1UL << (12 + 9 * level);

			return (entry & PTE_ADDR & ~(size - 1)) |
			       (virt & (size - 1));
		}
		table = entry & PTE_ADDR;
	}
	return table | (virt & 0xfff);
}

/* Guest-physical address of linear `virt`, or ~0 if not mapped. */
static __u64 guest_translate(struct cell *cell,
			     const struct guest_paging *paging, __u64 virt)
{
	__u64 pdpte;

	switch (paging->mode) {
	case GUEST_PAGING_NONE:
		return (__u32)virt;
	case GUEST_PAGING_32BIT:
		return translate_32bit(cell, paging, virt);
	case GUEST_PAGING_PAE:
		pdpte = paging->pdpte[(virt >> 30) & 3];
		if (!(pdpte & PTE_PRESENT))
			return ~0UL;
		return walk_64bit(cell, pdpte & PTE_ADDR, (__u32)virt, 2, 1);
	case GUEST_PAGING_4LEVEL:
		return walk_64bit(cell, paging->cr3 & PTE_ADDR, virt, 4, 0);
	case GUEST_PAGING_5LEVEL:
		return walk_64bit(cell, paging->cr3 & PTE_ADDR, virt, 5, 0);
	}
	return ~0UL;
}

__u64 guest_code_phys(struct cell *cell, const struct guest_paging *paging,
		      __u64 linear)
{
	__u64 gphys = guest_translate(cell, paging, linear), hphys;
	unsigned int flags;

	if (gphys == ~0UL ||
	    paging_lookup(&cell->ept, gphys, &hphys, &flags, NULL) ||
	    !(flags & PAGING_READ) || (flags & PAGING_UNCACHED))
		return ~0UL;
	return hphys;
}

int guest_read_code(struct cell *cell, const struct guest_paging *paging,
		    __u64 linear, __u8 *buf, unsigned int len)
{
	__u64 gphys;
	unsigned int chunk, done = 0;
	const __u8 *src;

	while (done < len) {
		gphys = guest_translate(cell, paging, linear + done);
		if (gphys == ~0UL)
			break;
		src = guest_phys(cell, gphys);
		if (!src)
			break;
		chunk = PAGE_SIZE - (gphys & 0xfff);
		if (chunk > len - done)
			chunk = len - done;
		memcpy(buf + done, src, chunk);
		done += chunk;
	}
	return done;
}

/* The hypervisor's address of `size` bytes at guest-physical `gphys`, if
 * the cell may write them all (RAM mapped writable in its EPT). */
void *guest_ram_buffer(struct cell *cell, __u64 gphys, __u64 size)
{
	__u64 page, hphys = 0, first = 0;
	unsigned int flags;

	if (size == 0 || gphys + size < gphys)
		return NULL;
	for (page = gphys & PAGE_MASK; page < gphys + size; page += PAGE_SIZE) {
		if (paging_lookup(&cell->ept, page, &hphys, &flags, NULL) ||
		    !(flags & PAGING_WRITE) || (flags & PAGING_UNCACHED))
			return NULL;
		if (page == (gphys & PAGE_MASK))
			first = hphys;
		else if (hphys != first + (page - (gphys & PAGE_MASK)))
			return NULL; /* not contiguous in host memory */
	}
	return phys_window(first + (gphys & ~PAGE_MASK));
}
