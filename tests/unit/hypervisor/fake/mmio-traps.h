/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MMIO regions of host tests (fake/mmio-traps.c): mmio_region_register()
 * and _unregister() record them in one table for all cells, and a test
 * sends an access through the region of the accessing CPU's cell.
 */
#ifndef _FAKE_MMIO_TRAPS_H
#define _FAKE_MMIO_TRAPS_H

#include "mmio.h"

/* Forgets every region (a test's setup). */
void fake_traps_reset(void);
/* How many regions `cell` has. */
unsigned int fake_traps_of(const struct cell *cell);
/* An access of `size` bytes by `cpu` at `address` through its cell's
 * region: the handler's verdict, *value updated; MMIO_UNHANDLED where
 * its cell has none. */
enum mmio_verdict fake_mmio(struct per_cpu *cpu, __u64 address,
			    unsigned int size, int is_write, __u64 *value);

#endif
