/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root cell's xAPIC (apic.c).
 */
#ifndef _HV_APIC_H
#define _HV_APIC_H

struct per_cpu;
struct guest_regs;

/* Records what the IPI filter needs of this CPU (logical ID). */
void apic_cpu_init(struct per_cpu *cpu);
/* A trapped write to the xAPIC page at `offset`; 0 when emulated. */
int apic_handle_write(struct per_cpu *cpu, struct guest_regs *regs,
		      unsigned int offset);

/* A write of the x2APIC ICR MSR (0x830). */
void apic_x2apic_icr_write(struct per_cpu *cpu, __u64 value);

#endif
