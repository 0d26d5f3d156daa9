// SPDX-License-Identifier: GPL-2.0
/*
 * An exception inside the hypervisor on a CPU of a non-root cell (a bug
 * reached through the cell's exit, or a machine check while the CPU was
 * in VMX root).  The cell fails with a report naming the exception, and
 * the exit is dropped (arch_abandon_exit()): the root and the other cells
 * go on, and destroy gets the CPU back.  What cannot be recovered stays a
 * panic: the root's CPUs (no cell to stop), an exception in the CPU's wait
 * loop or while it handles an earlier one.  A lock the CPU held when the
 * exception hit stays taken (spinlocks have no owner): the exit handlers
 * hold them only around device accesses and printing.
 */
#include <jailhouse/fault.h>
#include <common/format.h>
#include "hv.h"
#include "cell.h"
#include "processor.h"

#define MSR_IA32_MCG_STATUS 0x17a

int cell_exception_recoverable(struct per_cpu *cpu)
{
	if (cpu->cell == &root_cell || cpu->waiting || cpu->in_exception)
		return 0;
	cpu->in_exception = 1;
	return 1;
}

/* frame: vector, error code, RIP, CS, RFLAGS, RSP, SS */
void cell_fail_exception(struct per_cpu *cpu, const __u64 *frame)
{
	struct jailhouse_fault_report r = {
		.reason = frame[0] == X86_VECTOR_MC ?
				  JAILHOUSE_FAULT_MACHINE_CHECK :
				  JAILHOUSE_FAULT_HV_EXCEPTION,
		.cpu = cpu->cpu_id,
		.address = frame[2],
		.qualification = frame[1],
	};
	__u64 mcg = 0;

	/* handled: MCIP set would turn the next machine check into a
	 * shutdown of the processor */
	if (frame[0] == X86_VECTOR_MC &&
	    !read_msr_checked(MSR_IA32_MCG_STATUS, &mcg))
		write_msr_checked(MSR_IA32_MCG_STATUS, 0);
	jh_snprintf(r.message, sizeof(r.message),
		    "exception %llu (error code 0x%llx, MCG_STATUS 0x%llx) in the hypervisor at 0x%llx while it handled CPU %u of the cell",
		    (unsigned long long)frame[0], (unsigned long long)frame[1],
		    (unsigned long long)mcg, (unsigned long long)frame[2],
		    cpu->cpu_id);
	cell_fail(cpu, &r);
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
