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
 * The fields involved are the target's public_per_cpu (include/hv.h); the
 * VMX work of a move, a start and a flush is behind arch.h's hooks.
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "cpu-events.h"
#include "processor.h"
#include "spec.h"
#include <common/string.h>

/* How long a CPU waits for another to park: generous for emulated PCs,
 * where a kicked CPU may need many host milliseconds to get scheduled. */
#define PARK_WAIT_LOOPS 200000000UL

static void kick(struct per_cpu *target)
{
	if (target == this_cpu())
		return; /* seen at the end of the current exit */
	target->public.kick = 1;
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

/*
 * INIT arms the target for exactly one SIPI (wait_for_sipi), as the
 * hardware's wait-for-SIPI state does; Linux and the inmates send two
 * SIPIs, and the second must never linger to start the CPU again later.
 */
void cpu_signal_init(struct per_cpu *target)
{
	target->public.sipi_vector = -1;
	target->public.wait_for_sipi = 1;
	target->public.init_pending = 1;
	kick(target);
}

/* Hardware ignores a SIPI unless the CPU waits for one (since an INIT the
 * target may not even have seen yet).  A SIPI that slips in while the
 * target takes the first one is harmless: only an armed CPU looks at
 * sipi_vector, and the next INIT clears it before arming. */
void cpu_signal_sipi(struct per_cpu *target, unsigned int vector)
{
	if (target->public.wait_for_sipi)
		__sync_val_compare_and_swap(&target->public.sipi_vector, -1,
					    (int)vector);
}

void cpu_request_park(struct per_cpu *target)
{
	if (target->public.parked)
		return;
	target->public.park_request = 1;
	kick(target);
}

int cpu_park(struct per_cpu *target)
{
	unsigned long n;

	cpu_request_park(target);
	for (n = 0; n < PARK_WAIT_LOOPS && !target->public.parked; n++)
		cpu_relax();
	return target->public.parked ? 0 : -EBUSY;
}

/* A parked CPU loads its EPT afresh when it starts; one in its guest must
 * drop what it cached before it can touch the memory again. */
void cpu_flush_ept(struct per_cpu *target)
{
	if (target == this_cpu()) {
		arch_cpu_flush_ept();
		return;
	}
	if (target->public.parked)
		return;
	target->public.flush_request = 1;
	kick(target);
	while (target->public.flush_request && !target->public.parked)
		cpu_relax();
}

void cpu_move(struct per_cpu *target, struct cell *cell)
{
	target->public.new_cell = cell;
	while (target->public.new_cell)
		cpu_relax();
}

void cpu_start(struct per_cpu *target, unsigned int cs_selector, __u64 rip)
{
	target->public.start_cs = cs_selector;
	target->public.start_rip = rip;
	target->public.start_request = 1;
}

static void take_new_cell(struct per_cpu *cpu)
{
	struct cell *cell = cpu->public.new_cell;

	/* nothing of the old owner may reach the next one */
	arch_cpu_scrub(cpu, cell == &root_cell);
	/* Linux set the APIC mode up once; a cell may have switched it */
	if (cell == &root_cell && apic_restore_base(cpu->root_apic_base)) {
		printk("CPU %u cannot go back to Linux: its local APIC did not return to xAPIC mode (IA32_APIC_BASE 0x%llx); the hypervisor keeps it parked\n",
		       cpu->cpu_id, (unsigned long long)read_msr(0x1b));
		cpu->public.lost = 1;
	}
	if (!cpu->public.lost)
		apic_change_cell(cpu, cell);
	arch_cpu_load_cell(cpu, cell);
	spec_cell_change(cpu, cell);
	cpu->cell = cell;
	cpu->msr_cache.valid = 0; /* the allow-list differs per cell kind */
	memset(&cpu->mmio_decode, 0, sizeof(cpu->mmio_decode));
	cpu->public.wait_for_sipi = 0; /* the new owner sends its own INIT */
	cpu->public.sipi_vector = -1;
	cpu->public.new_cell = NULL;
}

/*
 * The wait-for-SIPI state.  Leaves with the guest state reset to where the
 * CPU starts: a SIPI vector (CS = vector << 8, IP 0) or a start request.
 * Another INIT while parked only cancels a SIPI not taken yet (the sender
 * clears sipi_vector before it sets init_pending).
 */
/* A SIPI this CPU may take: disarms, so that no later SIPI counts. */
static int take_sipi(struct per_cpu *cpu, int *vector)
{
	if (!cpu->public.wait_for_sipi || cpu->public.sipi_vector < 0)
		return 0;
	cpu->public.wait_for_sipi = 0;
	*vector = cpu->public.sipi_vector;
	cpu->public.sipi_vector = -1;
	return 1;
}

static void wait_for_start(struct per_cpu *cpu)
{
	int vector = -1;

	for (;;) {
		if (cpu->public.new_cell)
			take_new_cell(cpu);
		cpu->public.init_pending = 0;
		/* a lost CPU would run Linux with a dead APIC: it stays */
		if (!cpu->public.lost &&
		    (cpu->public.start_request || take_sipi(cpu, &vector)))
			break;
		cpu_relax();
	}
	if (cpu->public.start_request)
		arch_cpu_reset(cpu, cpu->public.start_cs,
			       cpu->public.start_rip);
	else
		arch_cpu_reset(cpu, vector << 8, 0);
	cpu->public.start_request = 0;
	/* what the cell's EPT looked like before it was parked is stale */
	arch_cpu_flush_ept();
	cpu->public.parked = 0;
}

void cpu_handle_events_slow(struct per_cpu *cpu)
{
	if (cpu->public.flush_request) {
		arch_cpu_flush_ept();
		cpu->public.flush_request = 0;
	}
	if (!cpu->public.init_pending && !cpu->public.park_request)
		return;
	cpu->public.parked = 1;
	cpu->public.init_pending = 0;
	cpu->public.park_request = 0;
	wait_for_start(cpu);
}
