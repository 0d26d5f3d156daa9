// SPDX-License-Identifier: GPL-2.0
/*
 * What one CPU asks of another: INIT, SIPI and management requests.
 *
 * INIT and SIPI are emulated in software instead of being sent to the
 * hardware.  A real INIT reaches a CPU in VMX root operation as a latched
 * event that turns into an INIT VM exit right after the next VM entry, and
 * the emulated PCs do not deliver SIPIs to a CPU in wait-for-SIPI state as
 * VM exits: both would make the start-up sequence depend on timing.
 * Instead the sender records the event in the target's per_cpu and, if
 * needed, kicks the target with an NMI; the target sees the event at the
 * end of its VM exit and waits in the hypervisor ("parked") until a SIPI
 * names where to start, or until the cell it belongs to changes.
 *
 * A parked CPU spins with PAUSE.  It is not in its cell's guest, so it
 * cannot be interrupted there; external interrupts stay pending in its
 * local APIC until the guest runs again (the local APIC is cleared before
 * a CPU changes cells).
 *
 * Who may change a CPU's run state, and to what, is in
 * include/cpu-events.h; every change is a compare-and-swap, so the cell's
 * INIT/SIPI cannot undo a park that management asked for, and a CPU that
 * was held stays held until management starts, moves or releases it.
 * Every wait for another CPU is bounded (wait.h) and says on the console
 * what it waited for.  The VMX work of a move, a start and a flush is
 * behind arch.h's hooks.
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "cpu-events.h"
#include "processor.h"
#include "spec.h"
#include "wait.h"
#include <common/string.h>

static const char *const run_state_names[] = {
	[CPU_RUN_RUNNING] = "running",	   [CPU_RUN_WAIT_INIT] = "wait-init",
	[CPU_RUN_WAIT_SIPI] = "wait-sipi", [CPU_RUN_SIPI] = "sipi",
	[CPU_RUN_HOLD] = "hold",	   [CPU_RUN_HELD] = "held",
	[CPU_RUN_MOVE] = "move",	   [CPU_RUN_MOVING] = "moving",
	[CPU_RUN_START] = "start",
};

const char *cpu_run_state_name(__u32 state)
{
	__u32 kind = CPU_RUN_KIND(state);

	return kind <= CPU_RUN_START ? run_state_names[kind] : "invalid";
}

static __u32 load_state(const struct per_cpu *cpu)
{
	return __atomic_load_n(&cpu->public.run_state, __ATOMIC_SEQ_CST);
}

/* One transition; 1 if the state was still `from`.  Sequentially
 * consistent: the stores before it (start_cs, new_cell) are visible to
 * whoever sees `to`. */
static int change_state(struct per_cpu *cpu, __u32 from, __u32 to)
{
	return __atomic_compare_exchange_n(&cpu->public.run_state, &from, to, 0,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* model: kick_cpu (hypervisor-x86/model/cpu-protocol.pml) */
static void kick(struct per_cpu *target)
{
	if (target == this_cpu())
		return; /* seen at the end of the current exit */
	__atomic_store_n(&target->public.kick, 1, __ATOMIC_SEQ_CST);
	apic_send_nmi(target->apic_id);
}

/* Called from both NMI paths (VM exit and hypervisor IDT): an NMI that
 * carried a kick is ours, any other belongs to the guest. */
int cpu_take_kick(struct per_cpu *cpu)
{
	if (!cpu->public.kick)
		return 0;
	cpu->public.kick = 0;
	return 1;
}

static void report_timeout(const struct per_cpu *target, const char *what)
{
	printk("gave up after %u ms waiting for CPU %u to %s (its run state: %s)\n",
	       WAIT_LIMIT_MS, target->cpu_id, what,
	       cpu_run_state_name(load_state(target)));
}

/* ---- the cell's own INIT and SIPI ---- */

/*
 * INIT arms the target for exactly one SIPI (WAIT_SIPI), as the
 * hardware's wait-for-SIPI state does; Linux and the inmates send two
 * SIPIs, and the second must never linger to start the CPU again later.
 * An INIT on a CPU with an untaken SIPI cancels that SIPI.  Management's
 * states are left alone: the cell cannot undo a park.
 */
/* model: signal_init (hypervisor-x86/model/cpu-protocol.pml) */
void cpu_signal_init(struct per_cpu *target)
{
	__u32 state;

	do {
		state = load_state(target);
		switch (CPU_RUN_KIND(state)) {
		case CPU_RUN_RUNNING:
		case CPU_RUN_WAIT_INIT:
		case CPU_RUN_WAIT_SIPI:
		case CPU_RUN_SIPI:
			break;
		default:
			return;
		}
	} while (!change_state(target, state, CPU_RUN_WAIT_SIPI));
	if (state == CPU_RUN_RUNNING)
		kick(target);
}

/* Hardware ignores a SIPI unless the CPU waits for one; so does this.  A
 * second SIPI finds SIPI (not WAIT_SIPI) and is dropped. */
/* model: signal_sipi (hypervisor-x86/model/cpu-protocol.pml) */
void cpu_signal_sipi(struct per_cpu *target, unsigned int vector)
{
	change_state(target, CPU_RUN_WAIT_SIPI, CPU_RUN_SIPI_WITH(vector));
}

/* ---- management ---- */

/* model: request_park (hypervisor-x86/model/cpu-protocol.pml) */
void cpu_request_park(struct per_cpu *target)
{
	__u32 state;

	do {
		state = load_state(target);
		switch (CPU_RUN_KIND(state)) {
		case CPU_RUN_HOLD:
		case CPU_RUN_HELD:
		case CPU_RUN_MOVE:
		case CPU_RUN_MOVING:
			/* held already, or a move under way: it ends held */
			return;
		}
	} while (!change_state(target, state, CPU_RUN_HOLD));
	kick(target);
}

int cpu_is_held(const struct per_cpu *target)
{
	return load_state(target) == CPU_RUN_HELD;
}

/* model: wait_held (hypervisor-x86/model/cpu-protocol.pml) */
int cpu_wait_held(struct per_cpu *target)
{
	struct hv_wait w;

	wait_begin(&w, WAIT_LIMIT_MS);
	while (!cpu_is_held(target)) {
		if (wait_expired(&w)) {
			report_timeout(target, "park");
			return -EBUSY;
		}
		cpu_relax();
	}
	return 0;
}

int cpu_park(struct per_cpu *target)
{
	cpu_request_park(target);
	return cpu_wait_held(target);
}

/* A CPU in its wait loop drops its cached EPT when it starts; one in its
 * guest must drop what it cached before it can touch the memory again. */
/* model: flush_ept (hypervisor-x86/model/cpu-protocol.pml) */
int cpu_flush_ept(struct per_cpu *target)
{
	struct hv_wait w;

	if (target == this_cpu()) {
		arch_cpu_flush_ept();
		return 0;
	}
	if (cpu_is_held(target))
		return 0;
	__atomic_store_n(&target->public.flush_request, 1, __ATOMIC_SEQ_CST);
	kick(target);
	wait_begin(&w, WAIT_LIMIT_MS);
	while (__atomic_load_n(&target->public.flush_request,
			       __ATOMIC_SEQ_CST)) {
		if (wait_expired(&w)) {
			report_timeout(target, "flush its EPT translations");
			return -EBUSY;
		}
		cpu_relax();
	}
	return 0;
}

/* model: move_cpu (hypervisor-x86/model/cpu-protocol.pml) */
int cpu_move(struct per_cpu *target, struct cell *cell)
{
	struct hv_wait w;
	int begun = 0;

	if (!cpu_is_held(target))
		return -EINVAL;
	target->public.new_cell = cell;
	if (!change_state(target, CPU_RUN_HELD, CPU_RUN_MOVE))
		return -EINVAL;
	wait_begin(&w, WAIT_LIMIT_MS);
	while (!cpu_is_held(target)) {
		if (!begun && wait_expired(&w)) {
			/* withdrawn before the CPU began: nothing changed */
			if (change_state(target, CPU_RUN_MOVE, CPU_RUN_HELD)) {
				report_timeout(target, "change cells");
				return -EBUSY;
			}
			/*
			 * It began: waited for to the end.  The switch is the
			 * target's own hypervisor code (scrub, APIC windows,
			 * VMCS loads), bounded and out of the cell's reach; a
			 * caller that went on could free or start a cell the
			 * CPU is about to enter (the model's MOVING_TIMEOUT
			 * variant shows both).
			 */
			printk("CPU %u is still changing cells after %u ms; waiting for it to finish\n",
			       target->cpu_id, WAIT_LIMIT_MS);
			begun = 1;
		}
		cpu_relax();
	}
	return 0;
}

/* model: start_cpu (hypervisor-x86/model/cpu-protocol.pml) */
int cpu_start(struct per_cpu *target, unsigned int cs_selector, __u64 rip)
{
	if (!cpu_is_held(target))
		return -EINVAL;
	/* the CAS below orders these stores before the state START */
	target->public.start_cs = cs_selector;
	target->public.start_rip = rip;
	return change_state(target, CPU_RUN_HELD, CPU_RUN_START) ? 0 : -EINVAL;
}

/* model: release_cpu (hypervisor-x86/model/cpu-protocol.pml) */
void cpu_release(struct per_cpu *target)
{
	if (change_state(target, CPU_RUN_HOLD, CPU_RUN_WAIT_INIT))
		return;
	change_state(target, CPU_RUN_HELD, CPU_RUN_WAIT_INIT);
}

/* ---- the target CPU itself ---- */

/* model: take_new_cell (hypervisor-x86/model/cpu-protocol.pml) */
static void take_new_cell(struct per_cpu *cpu)
{
	struct cell *cell = cpu->public.new_cell;

	/* nothing of the old owner may reach the next one */
	arch_cpu_scrub(cpu, cell == &root_cell);
	/* Linux set the APIC mode up once; a cell may have switched it */
	if (cell == &root_cell && apic_restore_base(cpu->root_apic_base)) {
		printk("CPU %u cannot go back to Linux: its local APIC did not return to %s mode (IA32_APIC_BASE 0x%llx); the hypervisor keeps it parked\n",
		       cpu->cpu_id,
		       cpu->root_apic_base & (1UL << 10) ? "x2APIC" : "xAPIC",
		       (unsigned long long)read_msr(0x1b));
		cpu->public.lost = 1;
	}
	if (!cpu->public.lost)
		apic_change_cell(cpu, cell);
	arch_cpu_load_cell(cpu, cell);
	spec_cell_change(cpu, cell);
	cpu->cell = cell;
	cpu->msr_cache.valid = 0; /* the allow-list differs per cell kind */
	memset(&cpu->mmio_decode, 0, sizeof(cpu->mmio_decode));
	/* a cell's statistics count its own exits, not the last owner's */
	memset(cpu->public.stats, 0, sizeof(cpu->public.stats));
	cpu->public.new_cell = NULL;
}

/*
 * Leaves the wait loop for the guest if `state` (SIPI or START) is still
 * the state.  `waiting` goes first: a kick from then on makes the next VM
 * entry exit at once (hv_nmi()), so a HOLD that lands right after the CAS
 * is seen before the guest runs more than an instruction.
 */
/* model: leave_for_guest (hypervisor-x86/model/cpu-protocol.pml) */
static int leave_for_guest(struct per_cpu *cpu, __u32 state)
{
	/* a lost CPU would run Linux with a dead APIC: it stays */
	if (cpu->public.lost)
		return 0;
	cpu->waiting = 0;
	if (change_state(cpu, state, CPU_RUN_RUNNING))
		return 1;
	cpu->waiting = 1;
	return 0;
}

/* The wait loop: acts on what management and the cell's INIT/SIPI ask,
 * until the state says it may run.  Returns the state it left. */
/* model: wait_loop (hypervisor-x86/model/cpu-protocol.pml) */
static __u32 wait_in_hypervisor(struct per_cpu *cpu)
{
	__u32 state;

	cpu->waiting = 1;
	for (;;) {
		/* it flushes when it starts anyway */
		if (cpu->public.flush_request)
			__atomic_store_n(&cpu->public.flush_request, 0,
					 __ATOMIC_SEQ_CST);
		state = load_state(cpu);
		switch (CPU_RUN_KIND(state)) {
		case CPU_RUN_HOLD:
			change_state(cpu, state, CPU_RUN_HELD);
			break;
		case CPU_RUN_MOVE:
			if (change_state(cpu, state, CPU_RUN_MOVING)) {
				take_new_cell(cpu);
				change_state(cpu, CPU_RUN_MOVING, CPU_RUN_HELD);
			}
			break;
		case CPU_RUN_SIPI:
		case CPU_RUN_START:
			if (leave_for_guest(cpu, state))
				return state;
			break;
		case CPU_RUN_RUNNING:
			/* nobody else sets RUNNING: not reached */
			cpu->waiting = 0;
			return state;
		}
		cpu_relax();
	}
}

/*
 * The wait-for-SIPI state, and management's hold.  Leaves with the guest
 * state reset to where the CPU starts: a SIPI vector (CS = vector << 8,
 * IP 0) or a start request.
 */
/* model: reset (hypervisor-x86/model/cpu-protocol.pml) */
static void park(struct per_cpu *cpu)
{
	__u32 state = wait_in_hypervisor(cpu);

	if (CPU_RUN_KIND(state) == CPU_RUN_START)
		arch_cpu_reset(cpu, cpu->public.start_cs,
			       cpu->public.start_rip);
	else if (CPU_RUN_KIND(state) == CPU_RUN_SIPI)
		arch_cpu_reset(cpu, CPU_RUN_VECTOR(state) << 8, 0);
	/* what the cell's EPT looked like before it was parked is stale */
	arch_cpu_flush_ept();
}

/* model: exit_end (hypervisor-x86/model/cpu-protocol.pml) */
void cpu_handle_events_slow(struct per_cpu *cpu)
{
	if (cpu->public.flush_request) {
		arch_cpu_flush_ept();
		__atomic_store_n(&cpu->public.flush_request, 0,
				 __ATOMIC_SEQ_CST);
	}
	if (load_state(cpu) != CPU_RUN_RUNNING)
		park(cpu);
}
