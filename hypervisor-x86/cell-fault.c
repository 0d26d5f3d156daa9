// SPDX-License-Identifier: GPL-2.0
/*
 * An exception inside the hypervisor: what it costs (cell_exception_action())
 * and the report when it costs a cell.
 *
 * A bug reached through a non-root cell's exit, or a machine check while
 * the CPU was in VMX root for it, fails that cell with a report naming the
 * exception, and the exit is dropped (arch_abandon_exit()): the root and
 * the other cells go on, and destroy gets the CPU back.
 *
 * A machine check while the CPU waits in the hypervisor (parked, or
 * draining its APIC while it changes owner) fails the cell the CPU belongs
 * to and leaves the CPU parked: the wait loop holds no state of the cell,
 * so with RIPV the loop resumes, and without it the loop starts afresh.
 * A parked root CPU has no cell to fail: the console says what happened.
 *
 * What stays a panic:
 *  - any exception while the CPU holds a spinlock: dropping the work would
 *    leave the lock taken, and the next CPU that wants it would spin for
 *    ever; the panic names the locks (cell_exception_text());
 *  - an exception on a root CPU outside the wait loop (no cell to stop),
 *    any other exception in the wait loop (a hypervisor bug with no exit to
 *    drop), and a second exception while handling one;
 *  - a machine check without RIPV while the CPU moves between cells: the
 *    move (APIC drain, VMCS and cell pointer switch) cannot be resumed
 *    where it stopped, nor restarted, since part of it is done, and a CPU
 *    half in two cells would give either of them a CPU in an unknown state.
 */
#include <jailhouse/fault.h>
#include <common/format.h>
#include "hv.h"
#include "cell.h"
#include "cpu-events.h"
#include "processor.h"

#define MSR_IA32_MCG_STATUS 0x17a
#define MCG_STATUS_RIPV (1ULL << 0)

static int cpu_is_moving(const struct per_cpu *cpu)
{
	return CPU_RUN_KIND(__atomic_load_n(&cpu->public.run_state,
					    __ATOMIC_SEQ_CST)) ==
	       CPU_RUN_MOVING;
}

enum exception_action cell_exception_action(const struct per_cpu *cpu,
					    __u64 vector, __u64 mcg_status)
{
	if (cpu->in_exception || cpu->spin_held.count)
		return EXCEPTION_PANIC;
	if (cpu->waiting) {
		if (vector != X86_VECTOR_MC)
			return EXCEPTION_PANIC;
		if (cpu_is_moving(cpu) && !(mcg_status & MCG_STATUS_RIPV))
			return EXCEPTION_PANIC;
		return EXCEPTION_FAIL_PARKED;
	}
	if (cpu->cell == &root_cell)
		return EXCEPTION_PANIC;
	return EXCEPTION_FAIL_CELL;
}

__u64 cell_exception_mcg_status(__u64 vector)
{
	__u64 mcg = 0;

	if (vector == X86_VECTOR_MC &&
	    read_msr_checked(MSR_IA32_MCG_STATUS, &mcg))
		mcg = 0;
	return mcg;
}

/* handled: MCIP set would turn the next machine check into a shutdown of
 * the processor */
static void machine_check_handled(__u64 vector)
{
	if (vector == X86_VECTOR_MC)
		write_msr_checked(MSR_IA32_MCG_STATUS, 0);
}

/* frame: vector, error code, RIP, CS, RFLAGS, RSP, SS */
void cell_fail_exception(struct per_cpu *cpu, const __u64 *frame, __u64 mcg)
{
	struct jailhouse_fault_report r = {
		.reason = frame[0] == X86_VECTOR_MC ?
				  JAILHOUSE_FAULT_MACHINE_CHECK :
				  JAILHOUSE_FAULT_HV_EXCEPTION,
		.cpu = cpu->cpu_id,
		.address = frame[2],
		.qualification = frame[1],
	};

	machine_check_handled(frame[0]);
	jh_snprintf(r.message, sizeof(r.message),
		    "exception %llu (error code 0x%llx, MCG_STATUS 0x%llx) in the hypervisor at 0x%llx while it handled CPU %u of the cell",
		    (unsigned long long)frame[0], (unsigned long long)frame[1],
		    (unsigned long long)mcg, (unsigned long long)frame[2],
		    cpu->cpu_id);
	cell_fail(cpu, &r);
}

void cell_fail_parked(struct per_cpu *cpu, const __u64 *frame, __u64 mcg)
{
	const char *what = cpu_is_moving(cpu) ? "changed cells" :
						"waited in the hypervisor";
	struct jailhouse_fault_report r = {
		.reason = JAILHOUSE_FAULT_MACHINE_CHECK,
		.cpu = cpu->cpu_id,
		.address = frame[2],
		.qualification = mcg,
	};

	machine_check_handled(frame[0]);
	jh_snprintf(r.message, sizeof(r.message),
		    "machine check (MCG_STATUS 0x%llx) on CPU %u while it %s; the CPU stays parked",
		    (unsigned long long)mcg, cpu->cpu_id, what);
	if (cpu->cell == &root_cell)
		printk("root cell: %s\n", r.message);
	else
		cell_fail(cpu, &r);
}

int cell_exception_resumable(__u64 mcg)
{
	return !!(mcg & MCG_STATUS_RIPV);
}

void cell_exception_text(char *buf, unsigned long size,
			 const struct per_cpu *cpu, const __u64 *frame,
			 __u64 cr2)
{
	char held[96];
	int used;

	used = jh_snprintf(
		buf, size,
		"exception %llu, error code 0x%llx at RIP 0x%llx, CR2 0x%llx",
		(unsigned long long)frame[0], (unsigned long long)frame[1],
		(unsigned long long)frame[2], (unsigned long long)cr2);
	if (!cpu->spin_held.count || used < 0 || (unsigned long)used >= size)
		return;
	spin_held_names(&cpu->spin_held, held, sizeof(held));
	jh_snprintf(buf + used, size - used,
		    " while holding %s (the next CPU to take %s would wait for ever)",
		    held, cpu->spin_held.count > 1 ? "one" : "it");
}

/* cell_fail() records, stops and parks by the cell of the CPU it gets,
 * so any of the cell's CPUs stands for the device. */
void cell_fail_device(struct cell *cell,
		      const struct jailhouse_fault_report *report)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		if (per_cpu_of(n)->cell == cell) {
			cell_fail(per_cpu_of(n), report);
			return;
		}
}
