/* SPDX-License-Identifier: GPL-2.0 */
/*
 * INIT, SIPI and management requests between CPUs (cpu-events.c).
 */
#ifndef _HV_CPU_EVENTS_H
#define _HV_CPU_EVENTS_H

#include <jailhouse/types.h>
#include "hv.h"

struct per_cpu;
struct cell;

/* An INIT (assert) for `target`: it parks until a SIPI. */
void cpu_signal_init(struct per_cpu *target);
/* A SIPI: taken only by a CPU that got an INIT and has no SIPI yet. */
void cpu_signal_sipi(struct per_cpu *target, unsigned int vector);
/* Asks `target` to park, without waiting. */
void cpu_request_park(struct per_cpu *target);
/* `target` drops its cached EPT translations before it runs on. */
void cpu_flush_ept(struct per_cpu *target);
/* Stops `target` wherever its guest is and waits until it is parked.
 * 0, or -EBUSY if it did not park in time. */
int cpu_park(struct per_cpu *target);
/* Moves a parked CPU to `cell` (its EPT, bitmaps; local APIC cleared);
 * returns once the target has switched.  It stays parked. */
void cpu_move(struct per_cpu *target, struct cell *cell);
/* Lets a parked CPU start at CS selector `cs` (base cs << 4), IP `rip`,
 * in real mode as after a hardware reset. */
void cpu_start(struct per_cpu *target, unsigned int cs, __u64 rip);
/* NMI paths: 1 if this NMI was a kick (not for the guest). */
int cpu_take_kick(struct per_cpu *cpu);
void cpu_handle_events_slow(struct per_cpu *cpu);

/* End of every VM exit: a flush, INIT or park request pending -> handle it
 * (parking here).  Inline: the common case is a few loads on every exit. */
static inline void cpu_handle_events(struct per_cpu *cpu)
{
	if (cpu->public.flush_request | cpu->public.init_pending |
	    cpu->public.park_request)
		cpu_handle_events_slow(cpu);
}

#endif
