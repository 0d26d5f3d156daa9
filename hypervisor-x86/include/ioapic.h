/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root cell's IOAPICs, trapped while non-root cells exist (ioapic.c).
 */
#ifndef _HV_IOAPIC_H
#define _HV_IOAPIC_H

#include <jailhouse/types.h>

struct per_cpu;
struct guest_regs;

/* Maps the IOAPICs of the system config for the hypervisor. */
int ioapic_init(void);
/* 1: the root's accesses exit from now on (first cell); 0: passed
 * through again (last cell gone).  The caller flushes the root's EPT. */
void ioapic_trap_root(int trap);
/* Is `gphys` in a trapped IOAPIC page? */
int ioapic_owns(__u64 gphys);
/* An access of the root to a trapped IOAPIC page; 0 when emulated. */
int ioapic_handle_access(struct per_cpu *cpu, struct guest_regs *regs,
			 __u64 gphys);

#endif
