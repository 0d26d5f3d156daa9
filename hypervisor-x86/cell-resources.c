// SPDX-License-Identifier: GPL-2.0
/*
 * What moves between the root cell and a non-root cell when the cell is
 * created and destroyed (see cell-resources.h).
 */
#include "cell-resources.h"
#include <common/config-validate.h>

static void set_ports(__u8 *bitmap, unsigned int base, unsigned int length,
		      int exits)
{
	unsigned int port;

	for (port = base; port < base + length && port < 0x10000; port++) {
		if (exits)
			bitmap[port / 8] |= 1 << (port % 8);
		else
			bitmap[port / 8] &= ~(1 << (port % 8));
	}
}

/* The I/O BARs of the physical devices the cell owns, as the device
 * holds them (pci-virt.c never moves them). */
static void set_bar_ports(__u8 *bitmap, const struct jailhouse_cell_desc *cell,
			  int exits)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(cell);
	unsigned int n, bar;

	for (n = 0; n < cell->num_pci_devices; n++) {
		if (d[n].type != JAILHOUSE_PCI_TYPE_DEVICE)
			continue;
		for (bar = 0; bar < 6; bar++)
			if (d[n].bar_address[bar] & 1 && d[n].bar_mask[bar])
				set_ports(bitmap,
					  d[n].bar_address[bar] & 0xfffc,
					  (~(d[n].bar_mask[bar] & ~3U) + 1) &
						  0xffff,
					  exits);
	}
}

void cell_resources_io_bitmap(const struct jailhouse_cell_desc *cell,
			      __u8 *bitmap)
{
	const struct jailhouse_pio *pio = jailhouse_cell_pio(cell);
	unsigned int n;

	for (n = 0; n < IO_BITMAP_SIZE; n++)
		bitmap[n] = 0xff;
	for (n = 0; n < cell->num_pio_regions; n++)
		set_ports(bitmap, pio[n].base, pio[n].length, 0);
	set_bar_ports(bitmap, cell, 0);
}

void cell_resources_root_ports(__u8 *root_bitmap,
			       const struct jailhouse_cell_desc *cell,
			       int to_cell)
{
	const struct jailhouse_pio *pio = jailhouse_cell_pio(cell);
	unsigned int n;

	for (n = 0; n < cell->num_pio_regions; n++)
		if (!(pio[n].flags & JAILHOUSE_PIO_ROOT_SHARED))
			set_ports(root_bitmap, pio[n].base, pio[n].length,
				  to_cell);
	set_bar_ports(root_bitmap, cell, to_cell);
}

static int leaves_root(const struct jailhouse_memory *m)
{
	return !(m->flags &
		 (JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_ROOTSHARED |
		  JAILHOUSE_MEM_IO_UNALIGNED));
}

/* The overlap of cell region `m` with root region `r`, as a root piece. */
static int visit_overlap(const struct jailhouse_memory *m,
			 const struct jailhouse_memory *r,
			 struct root_piece *piece, root_piece_fn fn, void *ctx)
{
	__u64 start = m->phys_start > r->phys_start ? m->phys_start :
						      r->phys_start;
	__u64 m_end = m->phys_start + m->size, r_end = r->phys_start + r->size;
	__u64 end = m_end < r_end ? m_end : r_end;

	piece->phys = start;
	piece->size = end - start;
	piece->root_gphys = r->virt_start + (start - r->phys_start);
	piece->root_flags = r->flags;
	return fn(piece, ctx);
}

int cell_resources_root_pieces(const struct jailhouse_system_desc *sys,
			       const struct jailhouse_cell_desc *cell,
			       root_piece_fn fn, void *ctx)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	const struct jailhouse_memory *r = jailhouse_cell_mem_regions(root);
	struct root_piece piece;
	unsigned int c, n;
	int err;

	for (c = 0; c < cell->num_memory_regions; c++) {
		if (!leaves_root(&m[c]))
			continue;
		for (n = 0; n < root->num_memory_regions; n++) {
			if (!jh_ranges_overlap(m[c].phys_start, m[c].size,
					       r[n].phys_start, r[n].size))
				continue;
			piece.cell_region = c;
			piece.root_region = n;
			err = visit_overlap(&m[c], &r[n], &piece, fn, ctx);
			if (err)
				return err;
		}
	}
	return 0;
}
