/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resource hand-over bookkeeping between the root cell and a non-root cell
 * (cell-resources.c): which ports and which parts of the root's EPT move
 * at cell create and come back at destroy.  Pure logic: the caller applies
 * the result to the VMCS bitmaps and the EPTs and flushes.
 *
 * Rules:
 *  - a non-root cell's I/O bitmap lets through exactly its PIO ranges and
 *    the I/O BARs of the PCI devices it owns (type DEVICE; where the
 *    device holds them, from bar_address and bar_mask: the PCI unit makes
 *    sure those are the root config's and the device's);
 *  - the root loses the cell's ports at create (they exit in the root's
 *    bitmap) and gets them back at destroy, except ranges marked
 *    JAILHOUSE_PIO_ROOT_SHARED (e.g. the PM timer), which it keeps; the
 *    I/O BARs of its devices likewise;
 *  - the root loses every cell memory region at create, except comm
 *    regions (hypervisor memory) and JAILHOUSE_MEM_ROOTSHARED ones, and
 *    sub-page regions (JAILHOUSE_MEM_IO_UNALIGNED: the cell's accesses are
 *    emulated; the root keeps its page).  The pieces are reported in the
 *    root's guest-physical terms, one per root region they overlap, with
 *    the root region's flags so that destroy can map them back as before.
 */
#ifndef _JH_CELL_RESOURCES_H
#define _JH_CELL_RESOURCES_H

#include <jailhouse/config.h>

/* VMX I/O bitmaps A and B together: one bit per port, set = exit. */
#define IO_BITMAP_SIZE 8192

/* Fills `bitmap` for a non-root cell: every port exits but its own. */
void cell_resources_io_bitmap(const struct jailhouse_cell_desc *cell,
			      __u8 *bitmap);

/* Updates the root's bitmap: to_cell = 1 at create (trap the cell's
 * ports), 0 at destroy (release them).  Root-shared ranges are skipped. */
void cell_resources_root_ports(__u8 *root_bitmap,
			       const struct jailhouse_cell_desc *cell,
			       int to_cell);

static inline int cell_resources_port_exits(const __u8 *bitmap, __u16 port)
{
	return (bitmap[port / 8] >> (port % 8)) & 1;
}

/* A piece of the root's guest-physical space that moves to the cell. */
struct root_piece {
	__u64 root_gphys; /* where the root sees it */
	__u64 phys;	  /* host-physical address */
	__u64 size;
	__u64 root_flags;	  /* JAILHOUSE_MEM_* of the root region */
	unsigned int cell_region; /* index in the cell config */
	unsigned int root_region; /* index in the root config */
};

typedef int (*root_piece_fn)(const struct root_piece *piece, void *ctx);

/*
 * Calls fn for every piece the root loses to `cell` (see the rules above),
 * in cell-region order.  Stops at and returns the first non-zero result of
 * fn; 0 when all pieces were visited.
 */
int cell_resources_root_pieces(const struct jailhouse_system_desc *sys,
			       const struct jailhouse_cell_desc *cell,
			       root_piece_fn fn, void *ctx);

#endif
