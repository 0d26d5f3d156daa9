/* SPDX-License-Identifier: GPL-2.0 */
/*
 * INIT, SIPI and management requests between CPUs (cpu-events.c).
 *
 * Each CPU has one run-state word (public.run_state), changed only by
 * compare-and-swap.  Its low byte is one of CPU_RUN_*, bits 15:8 the SIPI
 * vector of CPU_RUN_SIPI.  Who may change what (the whole protocol, with
 * the order of stores, is in Documentation/hypervisor.md):
 *
 *   RUNNING    in its guest.  -> WAIT_SIPI by the cell's INIT; -> HOLD by
 *              management.
 *   WAIT_INIT  parked for its cell, waiting for an INIT (what a CPU
 *              released by management waits in).  -> WAIT_SIPI by INIT;
 *              -> HOLD by management.
 *   WAIT_SIPI  parked for its cell after an INIT.  -> SIPI by a SIPI;
 *              -> WAIT_SIPI again by INIT; -> HOLD by management.
 *   SIPI       a SIPI for it waits.  -> RUNNING by the CPU itself; ->
 *              WAIT_SIPI by INIT; -> HOLD by management.
 *   HOLD       management wants it held, the CPU has not confirmed.  ->
 *              HELD by the CPU itself; -> WAIT_INIT by management.
 *   HELD       held by management, in its wait loop.  The cell's INIT
 *              and SIPI are ignored.  -> MOVE, START, WAIT_INIT by
 *              management only.
 *   MOVE       asked to change cells (new_cell).  -> MOVING by the CPU.
 *   MOVING     changing cells.  -> HELD by the CPU once it has.
 *   START      asked to start at start_cs:start_rip.  -> RUNNING by the
 *              CPU; -> HOLD by management.
 *
 * Only the CPU itself leaves SIPI, START, HOLD and MOVE for RUNNING,
 * HELD or MOVING; only management leaves HELD.  A stopping cell cannot
 * wake itself: none of its INIT/SIPI changes HOLD, HELD, MOVE, MOVING or
 * START.
 */
#ifndef _HV_CPU_EVENTS_H
#define _HV_CPU_EVENTS_H

#include <jailhouse/types.h>
#include "hv.h"

#define CPU_RUN_RUNNING 0 /* zero: a CPU enters the root running */
#define CPU_RUN_WAIT_INIT 1
#define CPU_RUN_WAIT_SIPI 2
#define CPU_RUN_SIPI 3
#define CPU_RUN_HOLD 4
#define CPU_RUN_HELD 5
#define CPU_RUN_MOVE 6
#define CPU_RUN_MOVING 7
#define CPU_RUN_START 8

#define CPU_RUN_KIND(state) ((state)&0xff)
#define CPU_RUN_VECTOR(state) (((state) >> 8) & 0xff)
#define CPU_RUN_SIPI_WITH(vector) (CPU_RUN_SIPI | ((vector)&0xff) << 8)

struct per_cpu;
struct cell;

/* The name of a run state, for reports ("held", "wait-sipi", ...). */
const char *cpu_run_state_name(__u32 state);

/* ---- the cell's own events (arch/apic.c, vmx/vmexit.c) ---- */

/* An INIT (assert) for `target`: it parks until a SIPI.  Ignored while
 * management holds, moves or starts it. */
void cpu_signal_init(struct per_cpu *target);
/* A SIPI: taken only by a CPU in WAIT_SIPI. */
void cpu_signal_sipi(struct per_cpu *target, unsigned int vector);

/* ---- management (cell.c, under cell_lock; cell_fail() on a cell CPU) ---- */

/* Asks `target` to park and stay parked (HOLD), without waiting. */
void cpu_request_park(struct per_cpu *target);
/* `target` drops its cached EPT translations before it runs on.  0, or
 * -EBUSY (reported on the console) if it did not within the limit. */
int cpu_flush_ept(struct per_cpu *target);
/* Waits (bounded) until a CPU asked to park is held.  0, or -EBUSY
 * (its state stays HOLD: it holds whenever it gets there). */
int cpu_wait_held(struct per_cpu *target);
/* cpu_request_park() and cpu_wait_held(). */
int cpu_park(struct per_cpu *target);
/* 1 if `target` is held (in its wait loop, only management moves it). */
int cpu_is_held(const struct per_cpu *target);
/* Moves a held CPU to `cell` (its EPT, bitmaps; local APIC cleared);
 * returns once the target has switched, still held.  -EINVAL if it is
 * not held, -EBUSY if it did not take the move in time (withdrawn
 * then, unless the CPU had begun it). */
int cpu_move(struct per_cpu *target, struct cell *cell);
/* Lets a held CPU start at CS selector `cs` (base cs << 4), IP `rip`, in
 * real mode as after a hardware reset.  -EINVAL if it is not held. */
int cpu_start(struct per_cpu *target, unsigned int cs, __u64 rip);
/* A held (or hold-requested) CPU goes to WAIT_INIT: from then on its
 * cell's INIT/SIPI start it. */
void cpu_release(struct per_cpu *target);

/* NMI paths: 1 if this NMI was a kick (not for the guest). */
int cpu_take_kick(struct per_cpu *cpu);
void cpu_handle_events_slow(struct per_cpu *cpu);

_Static_assert(CPU_RUN_RUNNING == 0, "cpu_handle_events() ORs the words");

/* End of every VM exit: a flush request, or a run state other than
 * RUNNING -> handle it (parking here).  Inline: the common case is two
 * loads on every exit, ORed (RUNNING is 0): a comparison of the run
 * state cost four instructions more on every exit. */
/* model: exit_end (hypervisor-x86/model/cpu-protocol.pml) */
static inline void cpu_handle_events(struct per_cpu *cpu)
{
	if (cpu->public.flush_request | cpu->public.run_state)
		cpu_handle_events_slow(cpu);
}

#endif
