// SPDX-License-Identifier: GPL-2.0
/*
 * A non-root cell's CPU that VMX cannot run on: a VM entry that failed
 * (invalid guest state, MSR loading, a machine check during entry, or
 * VMRESUME refused with a VM-instruction error), a machine-check exit, or
 * an exception inside the hypervisor while it handled the cell's exit.
 * Whatever the cause - a guest state the hypervisor's emulation let
 * through, or the hardware - it costs the cell, not the machine: the cell
 * fails with a fault report, its CPUs park, and destroy gives them back
 * to the root.  For the root's CPUs there is no cell to stop, and these
 * remain panics (vmx/report.c).
 */
#include <stdarg.h>
#include <jailhouse/fault.h>
#include <common/format.h>
#include "hv.h"
#include "cell.h"
#include "cpu-events.h"
#include "processor.h"
#include "vmx.h"

#define MSR_IA32_MCG_STATUS 0x17a

static void fail_cell(struct per_cpu *cpu, __u32 fault, __u32 exit_reason,
		      __u64 qualification, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void fail_cell(struct per_cpu *cpu, __u32 fault, __u32 exit_reason,
		      __u64 qualification, const char *fmt, ...)
{
	struct jailhouse_fault_report r = {
		.reason = fault,
		.cpu = cpu->cpu_id,
		.exit_reason = exit_reason,
		.rip = vmcs_read(GUEST_RIP),
		.qualification = qualification,
	};
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(r.message, sizeof(r.message), fmt, ap);
	va_end(ap);
	cell_fail(cpu, &r);
}

/* The machine check was handled (reported): with MCIP still set, the
 * next one would shut the processor down (SDM, "Machine-check
 * architecture").  The error banks stay for Linux's MCE polling. */
static __u64 machine_check_done(void)
{
	__u64 status = 0;

	if (read_msr_checked(MSR_IA32_MCG_STATUS, &status))
		return 0;
	write_msr_checked(MSR_IA32_MCG_STATUS, 0);
	return status;
}

static const char *entry_failure(__u32 basic)
{
	switch (basic) {
	case EXIT_REASON_INVALID_STATE:
		return "invalid guest state";
	case EXIT_REASON_MSR_LOADING:
		return "MSR loading";
	case EXIT_REASON_MACHINE_CHECK:
		return "machine check during VM entry";
	default:
		return "VM-entry failure";
	}
}

/* A VM exit with the entry-failure bit (SDM 26.8): basic reasons 33, 34,
 * 41.  The host state was loaded; the VMCS can be entered again once the
 * CPU is reset by its next start. */
void vmx_cell_entry_failed(struct per_cpu *cpu, __u32 reason)
{
	__u32 basic = reason & 0xffff;
	__u64 qual = vmcs_read(EXIT_QUALIFICATION);
	__u64 mcg = 0;

	if (basic == EXIT_REASON_MACHINE_CHECK)
		mcg = machine_check_done();
	fail_cell(cpu,
		  basic == EXIT_REASON_MACHINE_CHECK ?
			  JAILHOUSE_FAULT_MACHINE_CHECK :
			  JAILHOUSE_FAULT_VM_ENTRY,
		  basic, qual,
		  "VM entry failed on CPU %u at RIP 0x%lx: %s (exit reason %u, qualification 0x%llx, MCG_STATUS 0x%llx)",
		  cpu->cpu_id, vmcs_read(GUEST_RIP), entry_failure(basic),
		  basic, (unsigned long long)qual, (unsigned long long)mcg);
}

/* A #MC exit (exception bitmap bit 18, set for non-root cells). */
void vmx_cell_machine_check(struct per_cpu *cpu)
{
	__u64 mcg = machine_check_done();

	fail_cell(cpu, JAILHOUSE_FAULT_MACHINE_CHECK, EXIT_REASON_EXCEPTION_NMI,
		  vmcs_read(EXIT_QUALIFICATION),
		  "machine check on CPU %u at RIP 0x%lx (MCG_STATUS 0x%llx)",
		  cpu->cpu_id, vmcs_read(GUEST_RIP), (unsigned long long)mcg);
}

/* From vmx/entry.S when VMRESUME falls through (VMfailValid).  Returns
 * once the CPU was started again (with a fresh guest state), and entry.S
 * tries VMRESUME once more. */
void vmx_vmresume_failed(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();
	unsigned long error = vmcs_read(VM_INSTRUCTION_ERROR);

	(void)regs;
	if (cpu->cell == &root_cell)
		hv_panic("CPU %u: VMRESUME failed, VM-instruction error %lu",
			 cpu->cpu_id, error);
	fail_cell(cpu, JAILHOUSE_FAULT_VM_ENTRY, 0, error,
		  "VMRESUME failed on CPU %u at RIP 0x%lx: VM-instruction error %lu",
		  cpu->cpu_id, vmcs_read(GUEST_RIP), error);
	cpu_handle_events(cpu);
}

/* arch_abandon_exit() (vmx/entry.S) after hv_exception() failed the cell:
 * parks, and returns to re-enter the guest once started again. */
void vmx_exit_abandoned(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();

	(void)regs;
	cpu_handle_events(cpu);
	cpu->in_exception = 0;
}
