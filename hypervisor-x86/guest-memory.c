// SPDX-License-Identifier: GPL-2.0
/*
 * Reading guest memory by guest-virtual address: the instruction bytes an
 * MMIO exit needs.  The walk follows the guest's own 4-level page tables
 * (the root cell runs 64-bit Linux; other paging modes are refused) and
 * reaches every table through the physical-memory window, translating
 * guest-physical addresses through the cell's EPT.
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

/* Guest-physical address of guest-virtual `virt`, or ~0 if not mapped. */
static __u64 guest_translate(struct cell *cell, __u64 cr3, __u64 virt)
{
	__u64 table = cr3 & PTE_ADDR, entry = 0;
	const __u64 *e;
	int level;

	for (level = 3; level >= 0; level--) {
		e = guest_phys(cell,
			       table + 8 * ((virt >> (12 + 9 * level)) & 511));
		if (!e)
			return ~0UL;
		entry = *e;
		if (!(entry & PTE_PRESENT))
			return ~0UL;
		if (level > 0 && level < 3 && (entry & PTE_HUGE)) {
			__u64 size = 1UL << (12 + 9 * level);

			return (entry & PTE_ADDR & ~(size - 1)) |
			       (virt & (size - 1));
		}
		table = entry & PTE_ADDR;
	}
	return table | (virt & 0xfff);
}

__u64 guest_code_phys(struct cell *cell, __u64 cr3, __u64 rip)
{
	__u64 gphys = guest_translate(cell, cr3, rip), hphys;
	unsigned int flags;

	if (gphys == ~0UL ||
	    paging_lookup(&cell->ept, gphys, &hphys, &flags, NULL) ||
	    !(flags & PAGING_READ) || (flags & PAGING_UNCACHED))
		return ~0UL;
	return hphys;
}

int guest_read_code(struct cell *cell, __u64 cr3, __u64 rip, __u8 *buf,
		    unsigned int len)
{
	__u64 gphys;
	unsigned int chunk, done = 0;
	const __u8 *src;

	while (done < len) {
		gphys = guest_translate(cell, cr3, rip + done);
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
