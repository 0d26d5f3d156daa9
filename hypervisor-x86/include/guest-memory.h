/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest memory by guest-virtual address (guest-memory.c).
 */
#ifndef _HV_GUEST_MEMORY_H
#define _HV_GUEST_MEMORY_H

#include <jailhouse/types.h>

struct cell;

/* Copies up to `len` bytes of code at guest RIP `rip` (64-bit paging with
 * the guest's `cr3`); returns how many could be read (0: none mapped). */
int guest_read_code(struct cell *cell, __u64 cr3, __u64 rip, __u8 *buf,
		    unsigned int len);

/* Host-physical address of the code byte at `rip`, or ~0 if unreadable. */
__u64 guest_code_phys(struct cell *cell, __u64 cr3, __u64 rip);

/* Copies `len` bytes of the cell's RAM at guest-physical `gphys` into
 * `buf`; 0, or -EINVAL if any byte is not readable RAM of the cell. */
int guest_read_phys(struct cell *cell, __u64 gphys, void *buf,
		    unsigned int len);

/* The hypervisor's address of `size` bytes at guest-physical `gphys`, if
 * the cell may write them all (RAM mapped writable in its EPT, contiguous
 * in host memory); NULL otherwise. */
void *guest_ram_buffer(struct cell *cell, __u64 gphys, __u64 size);

#endif
