/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The cell's other CPUs, started with INIT/SIPI.  CPU numbers are the
 * order in which CPUs arrived in the boot code; the first CPU is 0.
 */
#ifndef _INMATE_SMP_H
#define _INMATE_SMP_H

#include <inmate/types.h>

typedef void (*cpu_entry)(unsigned int cpu);

/* The calling CPU's number (from its stack: costs no exit). */
unsigned int this_cpu(void);
/* Number of CPUs running inmate code. */
unsigned int cpus_online(void);
/*
 * Starts every other CPU of the cell (APIC IDs from the communication
 * region) and returns how many came up; each calls entry(its number) and
 * then sleeps in hlt with interrupts enabled.  Needs timing_init() and
 * apic_init() first.
 */
unsigned int smp_start_cpus(cpu_entry entry);

#endif
