// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits of the root cell: what Linux does that the hypervisor must see
 * (CPUID, control registers, MSRs outside the pass-through list, the PCI
 * configuration ports, XSETBV, hypercalls), NMIs that must reach Linux
 * anyway, and everything else, which is reported with the full state and
 * stops the CPU.  Nothing a guest does may crash the hypervisor.
 */
#include "hv.h"
#include "cell.h"
#include "cpuid-filter.h"
#include "msr-policy.h"
#include "processor.h"
#include "vmx.h"
#include "vmexit.h"
#include "apic.h"
#include "cpu-events.h"
#include <common/format.h>
#include "ioapic.h"
#include "mmio.h"
#include "xcr0.h"
#include "spec.h"

#define X86_CR4_VMXE_BIT X86_CR4_VMXE
#define MSR_XCR0_SUPPORTED_LEAF 0xd

static void count(struct per_cpu *cpu, unsigned int stat)
{
	cpu->public.stats[stat]++;
}

static int is_root(const struct per_cpu *cpu)
{
	return cpu->cell == &root_cell;
}

/*
 * Handlers return 0 when the exit was handled, or one of these: what a
 * non-root cell did that stops it (the root gets the hardware's answer,
 * #GP or #UD, where there is one, and a report otherwise).
 */
#define VIOLATION(fault) (-1000 - (fault))

void vmx_skip_instruction(void)
{
	unsigned long blocking = vmcs_read(GUEST_INTERRUPTIBILITY_INFO);

	vmcs_write(GUEST_RIP,
		   vmcs_read(GUEST_RIP) + vmcs_read(VM_EXIT_INSTRUCTION_LEN));
	/* an emulated instruction ends STI/MOV-SS blocking, as on hardware */
	if (blocking & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))
		vmcs_write(GUEST_INTERRUPTIBILITY_INFO,
			   blocking & ~(INTERRUPTIBILITY_STI |
					INTERRUPTIBILITY_MOV_SS));
}

void vmx_inject_exception(unsigned int vector, int has_error, __u32 error)
{
	__u32 info = vector | INTR_TYPE_HW_EXCEPTION | INTR_INFO_VALID;

	/* Real mode pushes no error code, and VM entry fails if one is
	 * delivered there (SDM 26.2.1.3: unrestricted guest with CR0.PE=0). */
	if (has_error && (vmcs_read(GUEST_CR0) & X86_CR0_PE)) {
		info |= INTR_INFO_ERROR_CODE;
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	}
	vmcs_write(VM_ENTRY_INTR_INFO, info);
}

unsigned long arch_guest_rsp(void)
{
	return vmcs_read(GUEST_RSP);
}

void arch_set_guest_rsp(unsigned long rsp)
{
	vmcs_write(GUEST_RSP, rsp);
}

static int guest_cpl(void)
{
	return (vmcs_read(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_SS) >> 5) & 3;
}

static void handle_cpuid(struct per_cpu *cpu, struct guest_regs *regs)
{
	__u32 leaf = regs->rax, subleaf = regs->rcx;
	const struct cpuid_cell *view = &cpu->cell->arch.cpuid;
	struct cpuid_cell with_cr4;
	struct cpuid_regs r;

	/* only leaves 1 and 7 reflect CR4 bits: three VMREADs saved on
	 * every other CPUID, which Linux runs in every exec */
	if (leaf == 1 || leaf == 7) {
		with_cr4 = *view;
		with_cr4.guest_cr4 = vmx_guest_cr4();
		view = &with_cr4;
	}
	cpuid_count(leaf, subleaf, &r.eax, &r.ebx, &r.ecx, &r.edx);
	cpuid_filter(leaf, subleaf, view, &r);
	regs->rax = r.eax;
	regs->rbx = r.ebx;
	regs->rcx = r.ecx;
	regs->rdx = r.edx;
	vmx_skip_instruction();
}

/* The 64-bit operand of WRMSR and XSETBV: EDX:EAX. */
static __u64 edx_eax(const struct guest_regs *regs)
{
	return (regs->rdx << 32) | (__u32)regs->rax;
}

/* The allow-list is fixed: remember the last answer, an MSR that exits
 * once tends to exit again (the list search costs more than the exit).
 * The search out of line: a hit needs none of its registers. */
static enum msr_handling __attribute__((noinline))
msr_policy_miss(struct per_cpu *cpu, __u32 msr, enum msr_access access)
{
	struct msr_policy_cache *c = &cpu->msr_cache;

	c->handling = msr_policy_lookup(is_root(cpu) ? MSR_CELL_ROOT :
						       MSR_CELL_NON_ROOT,
					msr, access);
	c->msr = msr;
	c->access = access;
	c->valid = 1;
	return (enum msr_handling)c->handling;
}

static enum msr_handling msr_policy(struct per_cpu *cpu, __u32 msr,
				    enum msr_access access)
{
	const struct msr_policy_cache *c = &cpu->msr_cache;

	if (c->valid && c->msr == msr && c->access == (int)access)
		return (enum msr_handling)c->handling;
	return msr_policy_miss(cpu, msr, access);
}

/* An MSR the bitmap cannot cover: done here with the guest's value, which
 * the CPU may refuse as it would have refused the guest (then #GP, and 1).
 * Out of line: the mediated MSRs' path needs none of its registers. */
static int __attribute__((noinline))
msr_pass(struct guest_regs *regs, __u32 msr, int is_write, __u64 value)
{
	if (is_write ? write_msr_checked(msr, value) :
		       read_msr_checked(msr, &value)) {
		vmx_inject_exception(X86_VECTOR_GP, 1, 0);
		return 1;
	}
	if (!is_write) {
		regs->rax = (__u32)value;
		regs->rdx = value >> 32;
	}
	return 0;
}

/* The MSR the cell may not access as it did: #GP, as on hardware. */
static int __attribute__((noinline)) msr_refuse(struct per_cpu *cpu)
{
	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_MSR_DENIED);
	vmx_inject_exception(X86_VECTOR_GP, 1, 0);
	return 0;
}

static int handle_msr(struct per_cpu *cpu, struct guest_regs *regs,
		      int is_write)
{
	__u32 msr = regs->rcx;
	enum msr_handling how;
	int err;

	how = msr_policy(cpu, msr,
			 is_write ? MSR_ACCESS_WRITE : MSR_ACCESS_READ);
	if (how == MSR_DENY)
		return msr_refuse(cpu);
	if (how == MSR_MEDIATE) {
		err = msr_mediate(cpu, regs, msr, is_write, edx_eax(regs));
		if (err == -EBUSY)
			return VIOLATION(JAILHOUSE_FAULT_IPI);
		if (err)
			return msr_refuse(cpu);
	}
	count(cpu, msr == MSR_X2APIC_ICR ?
			   JAILHOUSE_CPU_STAT_VMEXITS_MSR_X2APIC_ICR :
			   JAILHOUSE_CPU_STAT_VMEXITS_MSR_OTHER);
	/* refused by the CPU: #GP injected, the instruction not skipped */
	if (how == MSR_PASS_THROUGH &&
	    msr_pass(regs, msr, is_write, edx_eax(regs)))
		return 0;
	vmx_skip_instruction();
	return 0;
}

/* XSETBV always exits; the hypervisor executes it for the guest.  A value
 * the CPU would refuse gets the guest the exception hardware gives it
 * (Linux probes XCR0 bits and relies on #GP), never a fault in VMX root. */
static int handle_xsetbv(struct guest_regs *regs)
{
	struct xsetbv_request req = {
		.index = regs->rcx,
		.value = edx_eax(regs),
		.cpl = guest_cpl(),
		.cr4_osxsave = !!(vmx_guest_cr4() & X86_CR4_OSXSAVE),
	};
	__u32 eax, ebx, ecx, edx;

	cpuid_count(MSR_XCR0_SUPPORTED_LEAF, 0, &eax, &ebx, &ecx, &edx);
	switch (xsetbv_check(&req, xcr0_supported_from_cpuid(eax, edx))) {
	case XSETBV_UD:
		vmx_inject_exception(X86_VECTOR_UD, 0, 0);
		return 0;
	case XSETBV_GP:
		vmx_inject_exception(X86_VECTOR_GP, 1, 0);
		return 0;
	case XSETBV_OK:
		break;
	}
	if (xsetbv_checked(0, req.value)) {
		vmx_inject_exception(X86_VECTOR_GP, 1, 0);
		return 0;
	}
	vmx_skip_instruction();
	return 0;
}

/* #AC and #DB are intercepted only to break exception loops: hand them to
 * the guest as the hardware would have. */
static void reflect_exception(unsigned int info)
{
	unsigned int vector = info & 0xff;

	if (vector == X86_VECTOR_DB) {
		unsigned long dr6;

		asm volatile("mov %%dr6, %0" : "=r"(dr6));
		dr6 |= vmcs_read(EXIT_QUALIFICATION) & 0x600f;
		asm volatile("mov %0, %%dr6" : : "r"(dr6));
		vmx_inject_exception(vector, 0, 0);
	} else {
		vmx_inject_exception(vector, 1,
				     vmcs_read(VM_EXIT_INTR_ERROR_CODE));
	}
}

/*
 * A VM exit caused by an NMI leaves NMIs blocked, and with virtual NMIs the
 * VM entry does not unblock them: only an IRET does.  Without this, the
 * CPU would never see another NMI (no second kick, no perf NMI of Linux).
 */
static void nmi_unblock(void)
{
	asm volatile("mov %%rsp, %%rax\n\t"
		     "push %[ss]\n\t"
		     "push %%rax\n\t"
		     "pushfq\n\t"
		     "push %[cs]\n\t"
		     "lea 1f(%%rip), %%rax\n\t"
		     "push %%rax\n\t"
		     "iretq\n"
		     "1:"
		     :
		     : [ss] "i"(GDT_DATA_SELECTOR), [cs] "i"(GDT_CODE_SELECTOR)
		     : "rax", "memory", "cc");
}

static int handle_exception_or_nmi(struct per_cpu *cpu)
{
	__u32 info = vmcs_read(VM_EXIT_INTR_INFO);

	if ((info & INTR_TYPE_MASK) == INTR_TYPE_NMI) {
		nmi_unblock();
		if (cpu_take_kick(cpu)) {
			count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT);
			return 0;
		}
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_NMI);
		cpu->nmi_pending = 1;
		return 0;
	}
	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_EXCEPTION);
	/* intercepted for non-root cells only (vmx.c): the cell fails */
	if ((info & 0xff) == X86_VECTOR_MC && !is_root(cpu)) {
		vmx_cell_machine_check(cpu);
		return 0;
	}
	if ((info & 0xff) != X86_VECTOR_AC && (info & 0xff) != X86_VECTOR_DB)
		return -EINVAL;
	reflect_exception(info);
	return 0;
}

/* An event whose delivery the exit interrupted is delivered again.
 * Returns the IDT-vectoring information, for the handler that needs it
 * too (the MMIO path): one VMREAD per exit. */
static __u32 requeue_interrupted_event(void)
{
	__u32 info = vmcs_read(IDT_VECTORING_INFO);

	if (!(info & INTR_INFO_VALID))
		return info;
	vmcs_write(VM_ENTRY_INTR_INFO, info & 0x80000fff);
	if (info & INTR_INFO_ERROR_CODE)
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE,
			   vmcs_read(IDT_VECTORING_ERROR_CODE));
	vmcs_write(VM_ENTRY_INSTRUCTION_LEN,
		   vmcs_read(VM_EXIT_INSTRUCTION_LEN));
	return info;
}

static int exit_may_interrupt_delivery(__u32 reason)
{
	return reason == EXIT_REASON_EXCEPTION_NMI ||
	       reason == EXIT_REASON_EPT_VIOLATION ||
	       reason == EXIT_REASON_EPT_MISCONFIG ||
	       reason == EXIT_REASON_APIC_ACCESS ||
	       reason == EXIT_REASON_TRIPLE_FAULT ||
	       reason == EXIT_REASON_TASK_SWITCH;
}

/* Queued NMIs go to the guest as soon as it can take one. */
static void deliver_pending_nmi(struct per_cpu *cpu)
{
	__u32 controls, blocking;

	/* every exit passes here: no VMCS read unless an NMI waits */
	if (!cpu->nmi_pending)
		return;
	controls = vmcs_read(CPU_BASED_VM_EXEC_CONTROL);
	blocking = vmcs_read(GUEST_INTERRUPTIBILITY_INFO);
	if ((vmcs_read(VM_ENTRY_INTR_INFO) & INTR_INFO_VALID) ||
	    (blocking & (INTERRUPTIBILITY_NMI | INTERRUPTIBILITY_STI |
			 INTERRUPTIBILITY_MOV_SS))) {
		vmcs_write(CPU_BASED_VM_EXEC_CONTROL,
			   controls | CPU_NMI_WINDOW_EXITING);
		return;
	}
	cpu->nmi_pending = 0;
	vmcs_write(VM_ENTRY_INTR_INFO,
		   X86_VECTOR_NMI | INTR_TYPE_NMI | INTR_INFO_VALID);
	if (controls & CPU_NMI_WINDOW_EXITING)
		vmcs_write(CPU_BASED_VM_EXEC_CONTROL,
			   controls & ~CPU_NMI_WINDOW_EXITING);
}

/* Accesses to the cell's trapped MMIO ranges (the xAPIC page: the root's
 * writes, a non-root cell's every access; IOAPICs, sub-page regions) are
 * emulated (vmx/mmio.c); any other access to memory the cell does not own
 * is a violation. */
static int handle_ept_violation(struct per_cpu *cpu, struct guest_regs *regs,
				__u32 vectoring)
{
	__u64 gphys = vmcs_read(GUEST_PHYSICAL_ADDRESS);
	unsigned long qual = vmcs_read(EXIT_QUALIFICATION);
	__u32 fault;

	/* the root's page is read-only: only its writes exit */
	if ((gphys & PAGE_MASK) == hv_apic_phys)
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_XAPIC);
	else
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_MMIO);
	fault = vmx_mmio_exit(cpu, regs, gphys, qual, vectoring);
	return fault ? VIOLATION(fault) : 0;
}

/* Each case that exit_may_interrupt_delivery() names requeues first.
 * CPUID, MSR and port I/O exits never come here: vmx_handle_exit() hands
 * them to cpuid_exit(), port_io_exit() and msr_exit(). */
static int dispatch(struct per_cpu *cpu, struct guest_regs *regs, __u32 reason)
{
	/* before the switch's compares: with the root's EOIs, the most
	 * frequent exit of all */
	if (reason == EXIT_REASON_EPT_VIOLATION)
		return handle_ept_violation(cpu, regs,
					    requeue_interrupted_event());
	switch (reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		requeue_interrupted_event();
		return handle_exception_or_nmi(cpu);
	case EXIT_REASON_NMI_WINDOW:
		vmcs_write(CPU_BASED_VM_EXEC_CONTROL,
			   vmcs_read(CPU_BASED_VM_EXEC_CONTROL) &
				   ~CPU_NMI_WINDOW_EXITING);
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_NMI);
		return 0;
	case EXIT_REASON_VMCALL:
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL);
		if (guest_cpl() != 0) {
			vmx_inject_exception(X86_VECTOR_UD, 0, 0);
			return 0;
		}
		regs->rax = hypercall(cpu, regs->rax, regs->rdi, regs->rsi);
		/* a management call from a non-root cell is an attack */
		if (!is_root(cpu) && (long)regs->rax == -EPERM)
			return VIOLATION(JAILHOUSE_FAULT_HYPERCALL);
		vmx_skip_instruction();
		return 0;
	case EXIT_REASON_CR_ACCESS:
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_CR);
		return vmx_handle_cr_access(cpu, regs) == CR_ACCESS_CR4_VMXE ?
			       VIOLATION(JAILHOUSE_FAULT_CR4_VMXE) :
			       0;
	case EXIT_REASON_XSETBV:
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_XSETBV);
		return handle_xsetbv(regs);
	case EXIT_REASON_INVD:
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_OTHER);
		/* no cell has a reason to throw away caches it shares */
		if (!is_root(cpu))
			return -EINVAL;
		/* dropping dirty lines would corrupt other cells' data */
		asm volatile("wbinvd" : : : "memory");
		vmx_skip_instruction();
		return 0;
	case EXIT_REASON_GETSEC:
	case EXIT_REASON_VMCLEAR ... EXIT_REASON_VMXON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_VMFUNC:
		/* as on a CPU without VMX/SMX; a cell trying is stopped */
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_OTHER);
		if (!is_root(cpu))
			return VIOLATION(JAILHOUSE_FAULT_VMX_INSTRUCTION);
		vmx_inject_exception(X86_VECTOR_UD, 0, 0);
		return 0;
	case EXIT_REASON_INIT:
		/* an INIT the hypervisor did not emulate: the same as one */
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT);
		cpu_signal_init(cpu);
		return 0;
	case EXIT_REASON_SIPI:
		/* only in wait-for-SIPI, which guests never reach here */
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT);
		return 0;
	case EXIT_REASON_PREEMPTION_TIMER:
		/* armed by hv_nmi(): requests are handled below */
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT);
		vmx_preemption_timer_off();
		return 0;
	case EXIT_REASON_TRIPLE_FAULT:
		requeue_interrupted_event();
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_OTHER);
		return VIOLATION(JAILHOUSE_FAULT_TRIPLE_FAULT);
	default:
		if (exit_may_interrupt_delivery(reason))
			requeue_interrupted_event();
		count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_OTHER);
		return -EINVAL;
	}
}

static const char *const fault_names[] = JAILHOUSE_FAULT_NAMES;

/* Address and direction of the access, where the exit has them. */
static void describe_access(struct jailhouse_fault_report *r,
			    const struct guest_regs *regs)
{
	unsigned long qual = r->qualification;

	if (r->exit_reason == EXIT_REASON_EPT_VIOLATION) {
		r->address = vmcs_read(GUEST_PHYSICAL_ADDRESS);
		r->access = qual & 7; /* read, write, execute: same bits */
	} else if (r->exit_reason == EXIT_REASON_IO_INSTRUCTION) {
		r->address = qual >> 16;
		r->access = (qual & (1UL << 3)) ? JAILHOUSE_ACCESS_READ :
						  JAILHOUSE_ACCESS_WRITE;
		r->access_size = (qual & 7) + 1;
	} else if (r->exit_reason == EXIT_REASON_MSR_READ ||
		   r->exit_reason == EXIT_REASON_MSR_WRITE) {
		r->address = regs->rcx;
	}
}

static void stop_cell(struct per_cpu *cpu, struct guest_regs *regs,
		      __u32 exit_reason, __u32 fault)
{
	struct jailhouse_fault_report r = {
		.reason = fault,
		.cpu = cpu->cpu_id,
		.exit_reason = exit_reason,
		.rip = vmcs_read(GUEST_RIP),
		.qualification = vmcs_read(EXIT_QUALIFICATION),
	};

	describe_access(&r, regs);
	jh_snprintf(r.message, sizeof(r.message),
		    "%s violation on CPU %u at RIP 0x%llx: exit reason %u, address 0x%llx",
		    fault <= JAILHOUSE_FAULT_MAX ? fault_names[fault] :
						   "unknown",
		    cpu->cpu_id, (unsigned long long)r.rip, exit_reason,
		    (unsigned long long)r.address);
	cell_fail(cpu, &r);
}

/* The end of every exit: requests and run-state changes for this CPU,
 * a queued NMI, the console; the speculation barriers last. */
static inline void exit_end(struct per_cpu *cpu)
{
	cpu_handle_events(cpu);
	deliver_pending_nmi(cpu);
	if (console_pending)
		console_poll();
	/* last: nothing of the hypervisor after it.  Its barriers are for
	 * non-root cells only (arch/spec.c): the root's exits skip the call */
	if (!is_root(cpu))
		spec_before_entry(cpu);
}

/* What a handler refused: the root's CPU is reported and parked, a
 * non-root cell is stopped with a fault report.  The reason read again
 * here: the handlers' paths need not keep it. */
static void __attribute__((noinline))
exit_refused(struct per_cpu *cpu, struct guest_regs *regs, int err)
{
	__u32 reason = vmcs_read(VM_EXIT_REASON);

	if (is_root(cpu))
		vmx_report_and_park(cpu, regs, reason, "unhandled VM exit");
	stop_cell(cpu, regs, reason & 0xffff,
		  err <= VIOLATION(0) ? VIOLATION(0) - err :
					JAILHOUSE_FAULT_UNHANDLED_EXIT);
}

/* Every exit but the root's tick writes vmx_root_apic_write() takes and
 * the instruction exits below.  Out of line: their paths need none of
 * this frame. */
static void __attribute__((noinline))
handle_exit(struct guest_regs *regs, __u32 reason)
{
	struct per_cpu *cpu = this_cpu();
	int err;

	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
	if (reason & EXIT_REASON_ENTRY_FAILED) {
		if (is_root(cpu))
			vmx_report_and_park(cpu, regs, reason,
					    "VM entry failed");
		vmx_cell_entry_failed(cpu, reason);
		cpu_handle_events(cpu);
		return;
	}
	/* the NMI window is closed and an interrupted event delivery
	 * requeued in dispatch(), by the cases they concern: the other
	 * exits test nothing for them */
	err = dispatch(cpu, regs, reason & 0xffff);
	if (err)
		exit_refused(cpu, regs, err);
	exit_end(cpu);
}

/*
 * The instruction exits the root takes most (CPUID in every exec, the PCI
 * configuration ports, MSRs outside the bitmap), each straight to its
 * handler in a frame of its own: not through the general dispatch's
 * compares and its six saved registers (issue 17).  Their handlers make
 * every check they made there; none of these exits can interrupt an event
 * delivery (the SDM's "Information for VM Exits During Event Delivery":
 * instructions do not exit during one; exit_may_interrupt_delivery() has
 * the reasons that do), so nothing is requeued.
 */
static void __attribute__((noinline)) cpuid_exit(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();

	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_CPUID);
	handle_cpuid(cpu, regs);
	exit_end(cpu);
}

static void __attribute__((noinline)) port_io_exit(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();

	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_PIO);
	if (handle_port_io(cpu, regs))
		exit_refused(cpu, regs, VIOLATION(JAILHOUSE_FAULT_PIO));
	exit_end(cpu);
}

static void __attribute__((noinline))
msr_exit(struct guest_regs *regs, __u32 reason)
{
	struct per_cpu *cpu = this_cpu();
	int err;

	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
	err = handle_msr(cpu, regs, reason == EXIT_REASON_MSR_WRITE);
	if (err)
		exit_refused(cpu, regs, err);
	exit_end(cpu);
}

/* An EPT violation: the root's EOI and timer writes are emulated by
 * vmx/mmio.c on a straight path with every check of the general one, then
 * counted and ended as any exit; the rest goes to handle_exit() as is. */
static void __attribute__((noinline))
ept_violation_exit(struct guest_regs *regs)
{
	struct per_cpu *cpu = this_cpu();

	if (!vmx_root_apic_write(cpu, regs)) {
		handle_exit(regs, EXIT_REASON_EPT_VIOLATION);
		return;
	}
	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL);
	count(cpu, JAILHOUSE_CPU_STAT_VMEXITS_XAPIC);
	exit_end(cpu);
}

/* model: guest (hypervisor-x86/model/cpu-protocol.pml) */
void vmx_handle_exit(struct guest_regs *regs)
{
	__u32 reason = vmcs_read(VM_EXIT_REASON);

	/* with the root's EOIs the most frequent exit: tested before the
	 * general dispatch and its frame */
	if (reason == EXIT_REASON_EPT_VIOLATION)
		ept_violation_exit(regs);
	else if (reason == EXIT_REASON_CPUID)
		cpuid_exit(regs);
	else if (reason == EXIT_REASON_IO_INSTRUCTION)
		port_io_exit(regs);
	else if (reason == EXIT_REASON_MSR_READ ||
		 reason == EXIT_REASON_MSR_WRITE)
		msr_exit(regs, reason);
	else
		handle_exit(regs, reason);
}
