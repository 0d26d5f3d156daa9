/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOAPICs while non-root cells exist (arch/ioapic.c): the root's accesses
 * are trapped and filtered, a cell owning pins reaches them by emulation.
 */
#ifndef _HV_IOAPIC_H
#define _HV_IOAPIC_H

#include <jailhouse/types.h>

#define IOAPIC_MAX 4 /* IOAPICs the hypervisor handles */

struct cell;

/* The vectors of the root's level-triggered IOAPIC pins, a set of
 * IOAPIC_VECTOR_WORDS words (ioapic-filter.h): no level-triggered pin of
 * a cell may use one.  Read without a lock. */
const __u64 *ioapic_root_level_set(void);

/* Setup and cells: ioapic_unit (include/unit.h, unit-table.c); accesses:
 * the cells' MMIO tables (include/mmio.h). */

#endif
