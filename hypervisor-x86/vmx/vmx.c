// SPDX-License-Identifier: GPL-2.0
/*
 * Turning VMX on for one CPU and building the root cell's VMCS from the
 * state Linux had at the hand-over.  Every capability the hypervisor relies
 * on is checked first and refused by name, so that an unsuitable CPU gives
 * the user a sentence rather than a failed VM entry.
 */
#include "hv.h"
#include <common/sentences.h>
#include <common/string.h>
#include "cell.h"
#include "processor.h"
#include "vmx.h"
#include "msr-policy.h"
#include "cpu-features.h"
#include "spec.h"

#define MSR_FEATURE_CONTROL 0x3a
#define VMX_BASIC_TRUE_CTLS (1UL << 55)
#define VMX_BASIC_MEMTYPE_WB 6
#define CPUID1_ECX_VMX (1U << 5)

struct vmx_control {
	const char *name;
	__u32 bit;
};

struct vmx_controls {
	__u32 pin, cpu, secondary, exit, entry;
};

static const struct vmx_control pin_needed[] = {
	{ "NMI exiting", PIN_NMI_EXITING },
	{ "virtual NMIs", PIN_VIRTUAL_NMIS },
	{ "VMX preemption timer", PIN_PREEMPTION_TIMER },
};

static const struct vmx_control cpu_needed[] = {
	{ "I/O bitmaps", CPU_USE_IO_BITMAPS },
	{ "MSR bitmaps", CPU_USE_MSR_BITMAPS },
	{ "NMI-window exiting", CPU_NMI_WINDOW_EXITING },
	{ "secondary processor-based controls", CPU_ACTIVATE_SECONDARY },
};

static const struct vmx_control secondary_needed[] = {
	{ "EPT", SECONDARY_ENABLE_EPT },
	{ "unrestricted guest", SECONDARY_UNRESTRICTED_GUEST },
	{ "APIC-access page", SECONDARY_VIRTUALIZE_APIC },
};

static const struct vmx_control exit_needed[] = {
	{ "64-bit host", EXIT_HOST_ADDR_SPACE_SIZE },
	{ "PAT save/load on VM exit", EXIT_SAVE_IA32_PAT | EXIT_LOAD_IA32_PAT },
	{ "EFER save/load on VM exit",
	  EXIT_SAVE_IA32_EFER | EXIT_LOAD_IA32_EFER },
	{ "debug-control save on VM exit", EXIT_SAVE_DEBUG_CONTROLS },
};

static const struct vmx_control entry_needed[] = {
	{ "64-bit guest", ENTRY_IA32E_MODE },
	{ "PAT load on VM entry", ENTRY_LOAD_IA32_PAT },
	{ "EFER load on VM entry", ENTRY_LOAD_IA32_EFER },
	{ "debug-control load on VM entry", ENTRY_LOAD_DEBUG_CONTROLS },
};

/* Allowed-1 bits are in the high half of a capability MSR, required-1
 * bits in the low half. */
static int check_controls(struct per_cpu *cpu, __u32 msr,
			  const struct vmx_control *list, unsigned int n,
			  __u32 *value)
{
	__u64 cap = read_msr(msr);
	unsigned int i;

	for (i = 0; i < n; i++)
		if ((list[i].bit & (cap >> 32)) != list[i].bit)
			return hv_fail(-ENODEV, "CPU %u: %s not supported",
				       cpu->cpu_id, list[i].name);
	*value = (__u32)cap;
	return 0;
}

static int check_vmx_present(struct per_cpu *cpu)
{
	__u32 eax, ebx, ecx, edx;
	__u64 feature;

	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID1_ECX_VMX))
		return hv_fail(-ENODEV, JH_SENTENCE_VMX_MISSING, cpu->cpu_id);
	if (read_cr4() & X86_CR4_VMXE)
		return hv_fail(-EBUSY, JH_SENTENCE_VMX_IN_USE, cpu->cpu_id);
	feature = read_msr(MSR_FEATURE_CONTROL);
	if (!(feature & FEATURE_CONTROL_LOCKED)) {
		write_msr(MSR_FEATURE_CONTROL,
			  feature | FEATURE_CONTROL_LOCKED |
				  FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	} else if (!(feature & FEATURE_CONTROL_VMX_OUTSIDE_SMX)) {
		return hv_fail(-ENODEV, JH_SENTENCE_VMX_FIRMWARE_OFF,
			       cpu->cpu_id);
	}
	return 0;
}

static int check_ept(struct per_cpu *cpu)
{
	__u64 cap = read_msr(MSR_IA32_VMX_EPT_VPID_CAP);

	if (!(cap & EPT_CAP_WALK_4))
		return hv_fail(-ENODEV,
			       "CPU %u: EPT with 4-level walks not supported",
			       cpu->cpu_id);
	if (!(cap & EPT_CAP_2M))
		return hv_fail(-ENODEV, "CPU %u: EPT 2 MiB pages not supported",
			       cpu->cpu_id);
	if (!(cap & EPT_CAP_WB))
		return hv_fail(-ENODEV,
			       "CPU %u: EPT write-back memory type not supported",
			       cpu->cpu_id);
	if (!(cap & EPT_CAP_INVEPT) || !(cap & EPT_CAP_INVEPT_ALL))
		return hv_fail(-ENODEV,
			       "CPU %u: INVEPT (all contexts) not supported",
			       cpu->cpu_id);
	return 0;
}

/* Features Linux may already use must keep working in VMX non-root mode
 * (arch/cpu-features.c decides; this reads the CPU). */
static int plan_guest_features(struct per_cpu *cpu,
			       struct cpu_feature_plan *plan)
{
	struct cpu_enumeration e = { 0 };
	__u32 max, max_ext, ebx, ecx, edx, eax;

	/* a leaf above the maximum returns another leaf's bits */
	cpuid_count(0, 0, &max, &ebx, &ecx, &edx);
	cpuid_count(0x80000000, 0, &max_ext, &ebx, &ecx, &edx);
	if (max >= 7)
		cpuid_count(7, 0, &eax, &e.leaf7_ebx, &e.leaf7_ecx,
			    &e.leaf7_edx);
	if (max >= 0xd)
		cpuid_count(0xd, 1, &e.leafd1_eax, &ebx, &ecx, &edx);
	if (max_ext >= 0x80000001)
		cpuid_count(0x80000001, 0, &eax, &ebx, &ecx, &e.ext1_edx);
	e.vmx_procbased_ctls2 = read_msr(MSR_IA32_VMX_PROCBASED_CTLS2);
	if (cpu_features_plan(&e, plan))
		return hv_fail(
			-ENODEV,
			"CPU %u: %s in VMX non-root mode not supported (the root cell's Linux already uses it)",
			cpu->cpu_id, plan->refused);
	cpu_features_hide(plan);
	return 0;
}

static int check_capabilities(struct per_cpu *cpu, struct vmx_controls *c)
{
	__u64 basic = read_msr(MSR_IA32_VMX_BASIC);
	int true_ctls = !!(basic & VMX_BASIC_TRUE_CTLS);
	struct cpu_feature_plan plan;
	__u32 features;
	int err;

	if (((basic >> 50) & 0xf) != VMX_BASIC_MEMTYPE_WB ||
	    ((basic >> 32) & 0x1fff) > PAGE_SIZE)
		return hv_fail(
			-ENODEV,
			"CPU %u: write-back VMCS of at most 4 KiB not supported",
			cpu->cpu_id);
	err = check_controls(cpu,
			     true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
					 MSR_IA32_VMX_PINBASED_CTLS,
			     pin_needed, 3, &c->pin);
	if (!err)
		err = check_controls(cpu,
				     true_ctls ?
					     MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
					     MSR_IA32_VMX_PROCBASED_CTLS,
				     cpu_needed, 4, &c->cpu);
	if (!err && (c->cpu & (CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING)))
		err = hv_fail(-ENODEV,
			      "CPU %u: CR3 accesses without VM exits not supported",
			      cpu->cpu_id);
	if (!err)
		err = check_controls(cpu, MSR_IA32_VMX_PROCBASED_CTLS2,
				     secondary_needed, 3, &c->secondary);
	if (!err)
		err = check_controls(cpu,
				     true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
						 MSR_IA32_VMX_EXIT_CTLS,
				     exit_needed, 4, &c->exit);
	if (!err)
		err = check_controls(cpu,
				     true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
						 MSR_IA32_VMX_ENTRY_CTLS,
				     entry_needed, 4, &c->entry);
	if (!err)
		err = check_ept(cpu);
	if (err)
		return err;

	err = plan_guest_features(cpu, &plan);
	if (err)
		return err;
	features = plan.secondary;
	if (features & SECONDARY_ENABLE_XSAVES) {
		__u64 xss = read_msr(MSR_IA32_XSS);
		__u64 refused = xss & ~msr_xss_permitted(MSR_CELL_ROOT);

		/* Linux set them before the hypervisor came: XRSTORS would go
		 * on loading MSRs the root may not write (Intel PT) */
		if (refused)
			return hv_fail(
				-ENODEV,
				"CPU %u: IA32_XSS enables XSAVES state components 0x%llx (e.g. Intel PT) whose MSRs the root cell may not write",
				cpu->cpu_id, (unsigned long long)refused);
	}

	c->pin |= PIN_NMI_EXITING | PIN_VIRTUAL_NMIS;
	c->cpu |= CPU_USE_IO_BITMAPS | CPU_USE_MSR_BITMAPS |
		  CPU_ACTIVATE_SECONDARY;
	c->secondary |= SECONDARY_ENABLE_EPT | SECONDARY_UNRESTRICTED_GUEST |
			features;
	c->exit |= EXIT_HOST_ADDR_SPACE_SIZE | EXIT_SAVE_IA32_PAT |
		   EXIT_LOAD_IA32_PAT | EXIT_SAVE_IA32_EFER |
		   EXIT_LOAD_IA32_EFER | EXIT_SAVE_DEBUG_CONTROLS;
	c->entry |= ENTRY_IA32E_MODE | ENTRY_LOAD_IA32_PAT |
		    ENTRY_LOAD_IA32_EFER | ENTRY_LOAD_DEBUG_CONTROLS;
	return 0;
}

static int vmx_on(struct per_cpu *cpu)
{
	__u64 basic = read_msr(MSR_IA32_VMX_BASIC);
	__u64 cr0_fixed0 = read_msr(MSR_IA32_VMX_CR0_FIXED0);
	__u64 cr0_fixed1 = read_msr(MSR_IA32_VMX_CR0_FIXED1);
	__u64 cr0 = read_cr0();

	if ((cr0 & cr0_fixed0) != cr0_fixed0 || (cr0 & ~cr0_fixed1))
		return hv_fail(-ENODEV,
			       "CPU %u: CR0 0x%llx does not meet VMX's fixed bits",
			       cpu->cpu_id, cr0);
	*(__u32 *)cpu->arch.vmxon_region = (__u32)basic;
	*(__u32 *)cpu->arch.vmcs = (__u32)basic;
	write_cr4(read_cr4() | X86_CR4_VMXE);
	if (vmxon(hv_virt_to_phys(cpu->arch.vmxon_region))) {
		write_cr4(read_cr4() & ~X86_CR4_VMXE);
		return hv_fail(-EIO, "CPU %u: VMXON failed", cpu->cpu_id);
	}
	cpu->arch.vmx_on = 1;
	if (vmclear(hv_virt_to_phys(cpu->arch.vmcs)) ||
	    vmptrld(hv_virt_to_phys(cpu->arch.vmcs)))
		return hv_fail(-EIO, "CPU %u: loading the VMCS failed",
			       cpu->cpu_id);
	cpu->arch.vmcs_loaded = 1;
	return 0;
}

/* Bits of CR0/CR4 the guest may not change freely: VMX's fixed bits (bar
 * PE/PG, free under unrestricted guest), including CR4.VMXE. */
static __u64 cr0_guarded_bits(void)
{
	/* PG too: switching paging on or off may switch IA-32e mode, which
	 * the VM-entry controls must follow (vmx/vmexit.c) */
	return (read_msr(MSR_IA32_VMX_CR0_FIXED0) & ~X86_CR0_PE) |
	       (~read_msr(MSR_IA32_VMX_CR0_FIXED1) & 0xffffffffUL);
}

static __u64 cr4_guarded_bits(void)
{
	return read_msr(MSR_IA32_VMX_CR4_FIXED0) |
	       (~read_msr(MSR_IA32_VMX_CR4_FIXED1) & 0xffffffffUL) |
	       CPU_FEATURES_CR4_DENIED;
}

/* PAE paging is off at enable (Linux runs in long mode) and after a reset:
 * the PDPTE fields matter only once a CR0 write turns it on, and vmx/cr.c
 * loads them then. */
static int clear_pdptes(void)
{
	unsigned int n;
	int err = 0;

	for (n = 0; n < 4; n++)
		err |= vmcs_write(GUEST_PDPTE0 + 2 * n, 0);
	return err;
}
static int write_guest_state(struct per_cpu *cpu)
{
	const struct jailhouse_linux_cpu_state *l = cpu->linux_state;
	const struct jailhouse_segment *seg;
	unsigned int n;
	int err = 0;

	for (n = 0; n < JAILHOUSE_NUM_SEGMENTS; n++) {
		seg = &l->segments[n];
		err |= vmcs_write(GUEST_ES_SELECTOR + 2 * n, seg->selector);
		err |= vmcs_write(GUEST_ES_LIMIT + 2 * n, seg->limit);
		err |= vmcs_write(GUEST_ES_AR_BYTES + 2 * n, seg->access);
		err |= vmcs_write(GUEST_ES_BASE + 2 * n, seg->base);
	}
	err |= vmcs_write(GUEST_GDTR_BASE, l->gdtr_base);
	err |= vmcs_write(GUEST_GDTR_LIMIT, l->gdtr_limit);
	err |= vmcs_write(GUEST_IDTR_BASE, l->idtr_base);
	err |= vmcs_write(GUEST_IDTR_LIMIT, l->idtr_limit);
	err |= vmcs_write(GUEST_CR0,
			  l->cr0 | (read_msr(MSR_IA32_VMX_CR0_FIXED0) &
				    ~(X86_CR0_PE | X86_CR0_PG)));
	err |= vmcs_write(CR0_READ_SHADOW, l->cr0);
	err |= vmcs_write(CR0_GUEST_HOST_MASK, cr0_guarded_bits());
	err |= vmcs_write(GUEST_CR3, l->cr3);
	err |= vmcs_write(GUEST_CR4,
			  l->cr4 | read_msr(MSR_IA32_VMX_CR4_FIXED0));
	err |= vmcs_write(CR4_READ_SHADOW, l->cr4);
	err |= vmcs_write(CR4_GUEST_HOST_MASK, cr4_guarded_bits());
	err |= vmcs_write(GUEST_DR7, l->dr7);
	err |= vmcs_write(GUEST_IA32_DEBUGCTL, l->debugctl);
	err |= vmcs_write(GUEST_IA32_PAT, l->pat);
	err |= vmcs_write(GUEST_IA32_EFER, l->efer);
	err |= clear_pdptes();
	err |= vmcs_write(GUEST_SYSENTER_CS, l->sysenter_cs);
	err |= vmcs_write(GUEST_SYSENTER_ESP, l->sysenter_esp);
	err |= vmcs_write(GUEST_SYSENTER_EIP, l->sysenter_eip);
	err |= vmcs_write(GUEST_RSP, cpu->tcpu->linux_rsp);
	err |= vmcs_write(GUEST_RIP, l->rip);
	err |= vmcs_write(GUEST_RFLAGS, l->rflags | X86_RFLAGS_RESERVED1);
	err |= vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	err |= vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	err |= vmcs_write(GUEST_ACTIVITY_STATE, 0);
	err |= vmcs_write(VMCS_LINK_POINTER, ~0UL);
	return err;
}

static int write_host_state(struct per_cpu *cpu)
{
	int err = 0;

	err |= vmcs_write(HOST_CR0, read_cr0());
	err |= vmcs_write(HOST_CR3, read_cr3());
	err |= vmcs_write(HOST_CR4, read_cr4());
	err |= vmcs_write(HOST_CS_SELECTOR, GDT_CODE_SELECTOR);
	err |= vmcs_write(HOST_SS_SELECTOR, GDT_DATA_SELECTOR);
	err |= vmcs_write(HOST_DS_SELECTOR, 0);
	err |= vmcs_write(HOST_ES_SELECTOR, 0);
	err |= vmcs_write(HOST_FS_SELECTOR, 0);
	err |= vmcs_write(HOST_GS_SELECTOR, 0);
	err |= vmcs_write(HOST_TR_SELECTOR, GDT_TSS_SELECTOR);
	err |= vmcs_write(HOST_FS_BASE, 0);
	err |= vmcs_write(HOST_GS_BASE, 0);
	err |= vmcs_write(HOST_TR_BASE, (unsigned long)cpu->tss);
	err |= vmcs_write(HOST_GDTR_BASE, (unsigned long)cpu->gdt);
	err |= vmcs_write(HOST_IDTR_BASE, (unsigned long)cpu->idt);
	/* Linux's values: SYSENTER is not used in the hypervisor */
	err |= vmcs_write(HOST_IA32_SYSENTER_CS, cpu->linux_state->sysenter_cs);
	err |= vmcs_write(HOST_IA32_SYSENTER_ESP,
			  cpu->linux_state->sysenter_esp);
	err |= vmcs_write(HOST_IA32_SYSENTER_EIP,
			  cpu->linux_state->sysenter_eip);
	err |= vmcs_write(HOST_IA32_PAT, read_msr(MSR_IA32_PAT_NR));
	err |= vmcs_write(HOST_IA32_EFER, read_msr(0xc0000080));
	err |= vmcs_write(HOST_RSP, (unsigned long)(&cpu->guest_regs + 1));
	err |= vmcs_write(HOST_RIP, (unsigned long)vmx_exit_entry);
	return err;
}

/*
 * The preemption timer, armed at 0, exits right after the next VM entry:
 * only for a request that arrived while the CPU was in the hypervisor
 * (never periodic).  Disarmed again by the exit it causes.
 */
/* model: entry (hypervisor-x86/model/cpu-protocol.pml) */
void arch_exit_after_entry(struct per_cpu *cpu)
{
	if (!cpu->arch.vmcs_loaded)
		return;
	vmcs_write(VMX_PREEMPTION_TIMER_VALUE, 0);
	vmcs_write(PIN_BASED_VM_EXEC_CONTROL,
		   vmcs_read(PIN_BASED_VM_EXEC_CONTROL) | PIN_PREEMPTION_TIMER);
}

void vmx_preemption_timer_off(void)
{
	vmcs_write(PIN_BASED_VM_EXEC_CONTROL,
		   vmcs_read(PIN_BASED_VM_EXEC_CONTROL) &
			   ~PIN_PREEMPTION_TIMER);
}

/* What differs between cells in the VMCS: EPT and the exit bitmaps. */
static int write_cell_controls(const struct cell *cell)
{
	int err = 0;

	err |= vmcs_write(IO_BITMAP_A, hv_virt_to_phys(cell->arch.io_bitmap));
	err |= vmcs_write(IO_BITMAP_B,
			  hv_virt_to_phys(cell->arch.io_bitmap + PAGE_SIZE));
	err |= vmcs_write(MSR_BITMAP, hv_virt_to_phys(cell->arch.msr_bitmap));
	err |= vmcs_write(EPT_POINTER, cell->arch.eptp);
	/* #AC and #DB: guests can otherwise hang the CPU in an endless
	 * exception loop (CVE-2015-5307, CVE-2015-8104).  #MC in a non-root
	 * cell exits too, and fails the cell (vmx/cell-fault.c): delivered
	 * through the cell's IDT it would never be reported.  The root keeps
	 * its machine checks, as native Linux would. */
	err |= vmcs_write(EXCEPTION_BITMAP,
			  (1U << X86_VECTOR_AC) | (1U << X86_VECTOR_DB) |
				  (cell == &root_cell ? 0 :
							(1U << X86_VECTOR_MC)));
	return err;
}

/* A parked CPU changes cells (cpu-events.c).  The EPT of the old cell may
 * still be cached for this CPU: flush. */
void arch_cpu_load_cell(struct per_cpu *cpu, const struct cell *cell)
{
	if (write_cell_controls(cell))
		hv_panic("CPU %u: writing the VMCS for cell %u failed",
			 cpu->cpu_id, cell->id);
	invept_all();
}

static void write_real_mode_segment(unsigned int seg, __u16 selector,
				    __u32 access)
{
	vmcs_write(GUEST_ES_SELECTOR + 2 * seg, selector);
	vmcs_write(GUEST_ES_BASE + 2 * seg, (__u64)selector << 4);
	vmcs_write(GUEST_ES_LIMIT + 2 * seg, 0xffff);
	vmcs_write(GUEST_ES_AR_BYTES + 2 * seg, access);
}

/*
 * The state after INIT and SIPI (or the reset vector): real mode, caches
 * on as the CPU had them, CS:IP as given.  Values from the SDM's table of
 * the processor state after INIT.
 */
void arch_cpu_reset(struct per_cpu *cpu, unsigned int cs, __u64 rip)
{
	const unsigned long cr0 = 0x60000010UL; /* CD, NW, ET */
	unsigned int seg;

	for (seg = 0; seg < JAILHOUSE_NUM_SEGMENTS; seg++)
		write_real_mode_segment(seg, 0, 0x93);
	write_real_mode_segment(JAILHOUSE_SEG_CS, cs, 0x9b);
	write_real_mode_segment(JAILHOUSE_SEG_LDTR, 0, 0x82);
	write_real_mode_segment(JAILHOUSE_SEG_TR, 0, 0x8b);
	vmcs_write(GUEST_GDTR_BASE, 0);
	vmcs_write(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_IDTR_BASE, 0);
	vmcs_write(GUEST_IDTR_LIMIT, 0xffff);
	vmcs_write(GUEST_CR0, cr0 | (read_msr(MSR_IA32_VMX_CR0_FIXED0) &
				     ~(X86_CR0_PE | X86_CR0_PG)));
	vmcs_write(CR0_READ_SHADOW, cr0);
	vmcs_write(GUEST_CR3, 0);
	vmcs_write(GUEST_CR4, read_msr(MSR_IA32_VMX_CR4_FIXED0));
	vmcs_write(CR4_READ_SHADOW, 0);
	vmcs_write(GUEST_DR7, 0x400);
	vmcs_write(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(GUEST_IA32_PAT, 0x0007040600070406UL);
	vmcs_write(GUEST_IA32_EFER, 0);
	clear_pdptes();
	vmcs_write(VM_ENTRY_CONTROLS,
		   vmcs_read(VM_ENTRY_CONTROLS) & ~ENTRY_IA32E_MODE);
	vmcs_write(GUEST_SYSENTER_CS, 0);
	vmcs_write(GUEST_SYSENTER_ESP, 0);
	vmcs_write(GUEST_SYSENTER_EIP, 0);
	vmcs_write(GUEST_RSP, 0);
	vmcs_write(GUEST_RIP, rip);
	vmcs_write(GUEST_RFLAGS, X86_RFLAGS_RESERVED1);
	vmcs_write(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(GUEST_ACTIVITY_STATE, 0);
	vmcs_write(VM_ENTRY_INTR_INFO, 0);
	memset(&cpu->guest_regs, 0, sizeof(cpu->guest_regs));
	cpu->nmi_pending = 0;
	/* XCR0 is not switched on VM exits: INIT sets it to x87 only */
	asm volatile("xsetbv" : : "a"(1), "d"(0), "c"(0));
}

static int write_controls(struct per_cpu *cpu, const struct vmx_controls *c)
{
	struct cell *cell = &root_cell;
	int err = 0;

	err |= vmcs_write(PIN_BASED_VM_EXEC_CONTROL, c->pin);
	err |= vmcs_write(CPU_BASED_VM_EXEC_CONTROL, c->cpu);
	err |= vmcs_write(SECONDARY_VM_EXEC_CONTROL, c->secondary);
	err |= vmcs_write(VM_EXIT_CONTROLS, c->exit);
	err |= vmcs_write(VM_ENTRY_CONTROLS, c->entry);
	/* No XSAVES/XRSTORS exits: IA32_XSS writes are mediated instead
	 * (msr_xss_permitted()), so XRSTORS never loads a component whose
	 * MSRs the guest may not write.  Written, never left undefined. */
	if (c->secondary & SECONDARY_ENABLE_XSAVES)
		err |= vmcs_write(XSS_EXIT_BITMAP, 0);
	err |= vmcs_write(PAGE_FAULT_ERROR_CODE_MASK, 0);
	err |= vmcs_write(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	err |= vmcs_write(CR3_TARGET_COUNT, 0);
	err |= vmx_spec_write_msr_areas(cpu); /* IA32_SPEC_CTRL switching */
	err |= vmcs_write(VM_ENTRY_INTR_INFO, 0);
	err |= vmcs_write(TSC_OFFSET, 0);
	err |= write_cell_controls(cell);
	(void)cpu;
	return err;
}

int arch_cpu_init(struct per_cpu *cpu)
{
	struct vmx_controls c = { 0 };
	int err;

	spec_cpu_init(cpu);
	err = check_vmx_present(cpu);
	if (!err)
		err = check_capabilities(cpu, &c);
	if (!err)
		err = vmx_on(cpu);
	if (err) {
		arch_cpu_exit(cpu);
		return err;
	}
	/* The APIC-access page is checked but not used yet: the root cell's
	 * local APIC is still passed through. */
	c.secondary &= ~SECONDARY_VIRTUALIZE_APIC;
	if (write_controls(cpu, &c) || write_host_state(cpu) ||
	    write_guest_state(cpu)) {
		unsigned long error = vmcs_read(VM_INSTRUCTION_ERROR);

		arch_cpu_exit(cpu);
		return hv_fail(
			-EIO,
			"CPU %u: writing the VMCS failed (VM-instruction error %lu)",
			cpu->cpu_id, error);
	}
	invept_all();
	return 0;
}

void arch_cpu_exit(struct per_cpu *cpu)
{
	vmx_spec_exit(cpu);
	if (cpu->arch.vmcs_loaded)
		vmclear(hv_virt_to_phys(cpu->arch.vmcs));
	cpu->arch.vmcs_loaded = 0;
	if (cpu->arch.vmx_on) {
		vmxoff();
		write_cr4(read_cr4() & ~X86_CR4_VMXE);
	}
	cpu->arch.vmx_on = 0;
}

void arch_cpu_launch(struct per_cpu *cpu)
{
	vmx_launch();
	hv_fail(-EIO, "CPU %u: VMLAUNCH failed, VM-instruction error %lu",
		cpu->cpu_id, vmcs_read(VM_INSTRUCTION_ERROR));
	arch_cpu_exit(cpu);
}

void arch_cpu_flush_ept(void)
{
	invept_all();
}
