/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory by guest-virtual address (guest-memory.c).
 */
#ifndef _HV_GUEST_MEMORY_H
#define _HV_GUEST_MEMORY_H

#include <jailhouse/types.h>

struct cell;

/* The guest's paging mode (SDM Vol. 3 4.1.1), from CR0.PG, CR4.PAE,
 * EFER.LME and CR4.LA57. */
enum guest_paging_mode {
	GUEST_PAGING_NONE,   /* linear = physical, 32 bits */
	GUEST_PAGING_32BIT,  /* 2 levels of 4-byte entries, 4 MiB pages */
	GUEST_PAGING_PAE,    /* 4 PDPTE registers, then 2 levels */
	GUEST_PAGING_4LEVEL, /* IA-32e, 48-bit linear */
	GUEST_PAGING_5LEVEL, /* IA-32e with CR4.LA57, 57-bit linear */
};

struct guest_paging {
	enum guest_paging_mode mode;
	__u64 cr3;
	/* PAE: the PDPTE registers (with EPT the CPU uses the VMCS copies,
	 * not memory: they are what the guest's fetch went through) */
	__u64 pdpte[4];
	int pse; /* CR4.PSE: 4 MiB pages in 32-bit paging */
};

static inline enum guest_paging_mode guest_paging_mode(__u64 cr0, __u64 cr4,
						       __u64 efer)
{
	if (!(cr0 & (1ULL << 31))) /* PG */
		return GUEST_PAGING_NONE;
	if (!(cr4 & (1ULL << 5))) /* PAE */
		return GUEST_PAGING_32BIT;
	if (!(efer & (1ULL << 8))) /* LME */
		return GUEST_PAGING_PAE;
	return (cr4 & (1ULL << 12)) /* LA57 */ ? GUEST_PAGING_5LEVEL :
						 GUEST_PAGING_4LEVEL;
}

/* The linear address of an instruction: in 64-bit mode CS's base is 0,
 * otherwise base + EIP, wrapping at 4 GiB (SDM Vol. 3 3.4). */
static inline __u64 guest_code_linear(int long64, __u64 cs_base, __u64 rip)
{
	return long64 ? rip : (__u32)(cs_base + rip);
}

/* Copies up to `len` bytes of code at `linear` through the guest's page
 * tables; returns how many could be read (0: none mapped). */
int guest_read_code(struct cell *cell, const struct guest_paging *paging,
		    __u64 linear, __u8 *buf, unsigned int len);

/* Host-physical address of the code byte at `linear`, or ~0 if
 * unreadable. */
__u64 guest_code_phys(struct cell *cell, const struct guest_paging *paging,
		      __u64 linear);

/* Copies `len` bytes of the cell's RAM at guest-physical `gphys` into
 * `buf`; 0, or -EINVAL if any byte is not readable RAM of the cell. */
int guest_read_phys(struct cell *cell, __u64 gphys, void *buf,
		    unsigned int len);

/* The hypervisor's address of `size` bytes at guest-physical `gphys`, if
 * the cell may write them all (RAM mapped writable in its EPT, contiguous
 * in host memory); NULL otherwise. */
void *guest_ram_buffer(struct cell *cell, __u64 gphys, __u64 size);

#endif
