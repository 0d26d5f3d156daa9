/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOAPICs while non-root cells exist (arch/ioapic.c): the root's accesses
 * are trapped and filtered, a cell owning pins reaches them by emulation.
 */
#ifndef _HV_IOAPIC_H
#define _HV_IOAPIC_H

#include <jailhouse/types.h>

#define IOAPIC_MAX		4	/* IOAPICs the hypervisor handles */

struct per_cpu;
struct guest_regs;
struct cell;

/* Setup and cells: ioapic_unit (include/unit.h, unit-table.c). */
/* Is an access of `cpu` to `gphys` the IOAPIC emulation's?  The root's
 * while trapped; a cell's to an IOAPIC its config has an irqchip for. */
int ioapic_owns(const struct per_cpu *cpu, __u64 gphys);
/* An access to an IOAPIC page ioapic_owns(); 0 when emulated, -EPERM when
 * a cell wrote what is not its own (the caller stops the cell), -EINVAL
 * when the access cannot be emulated. */
int ioapic_handle_access(struct per_cpu *cpu, struct guest_regs *regs,
			 __u64 gphys);

#endif
