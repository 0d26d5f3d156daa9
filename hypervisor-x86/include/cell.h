/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell as the hypervisor keeps it: its config, its EPT, its I/O and MSR
 * bitmaps.  Only the root cell exists so far; non-root cells (issue 6)
 * will be further instances of the same structure.
 */
#ifndef _HV_CELL_H
#define _HV_CELL_H

#include <jailhouse/config.h>
#include <jailhouse/fault.h>
#include <jailhouse/comm-region.h>
#include "paging.h"

struct cell {
	unsigned int id;
	const struct jailhouse_cell_desc *config;
	struct page_table ept;
	__u64 eptp;
	__u8 *io_bitmap;		/* 2 pages: ports 0-0x7fff, 0x8000-0xffff */
	__u8 *msr_bitmap;		/* 1 page */
	__u32 state;			/* JAILHOUSE_CELL_* */
	struct jailhouse_fault_report fault;
};

extern struct cell root_cell;

int root_cell_init(void);
/* Is `port` handed to this cell without exits? */
int cell_port_passthrough(const struct cell *cell, __u16 port);

#endif
