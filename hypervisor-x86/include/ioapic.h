/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOAPICs while non-root cells exist (arch/ioapic.c): the root's accesses
 * are trapped and filtered, a cell owning pins reaches them by emulation.
 */
#ifndef _HV_IOAPIC_H
#define _HV_IOAPIC_H

#include <jailhouse/types.h>

#define IOAPIC_MAX		4	/* IOAPICs the hypervisor handles */

struct cell;

/* Maps the IOAPICs of the system config for the hypervisor. */
int ioapic_init(void);
/* 1: the root's accesses exit from now on (first cell); 0: passed
 * through again (last cell gone).  The caller flushes the root's EPT.
 * The root's IOAPIC pages are in its MMIO table (mmio.h) while trapped;
 * a cell's from ioapic_cell_added() to ioapic_cell_removed(). */
void ioapic_trap_root(int trap);
/* A new cell takes its pins: masked in the IOAPIC, the root's writes to
 * them stay in the root's view.  Called once the root's accesses exit
 * (after the flush); the first call after the trap also reads the root's
 * entries into its view. */
void ioapic_cell_added(struct cell *cell);
/* A destroyed cell's pins go back: masked, then the root's view of them
 * programmed through the root's filter.  Called before the last cell's
 * ioapic_trap_root(0). */
void ioapic_cell_removed(struct cell *cell);

#endif
