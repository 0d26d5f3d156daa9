// SPDX-License-Identifier: GPL-2.0
/*
 * Disable: this CPU leaves VMX and continues as native Linux with the
 * state the root cell had at its last exit.  What VM exits overwrote
 * (FS/GS bases, DEBUGCTL, DR7, PAT, EFER, SYSENTER, control and descriptor
 * registers) is restored from the VMCS; the trampoline then switches back
 * to Linux's page tables, descriptor tables and stack, and the driver
 * reloads TR (its descriptor is marked busy).
 */
#include "hv.h"
#include "processor.h"
#include "vmx.h"
#include "vmexit.h"

#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101

void arch_leave_to_linux(struct per_cpu *cpu)
{
	struct jailhouse_trampoline_cpu *t = cpu->tcpu;
	unsigned long cr0, cr4, dr7;
	__u64 efer, pat, fs_base, gs_base, debugctl, sysenter[3];

	cr0 = vmx_guest_cr0();
	cr4 = vmx_guest_cr4();
	efer = vmcs_read(GUEST_IA32_EFER);
	pat = vmcs_read(GUEST_IA32_PAT);
	fs_base = vmcs_read(GUEST_ES_BASE + 2 * JAILHOUSE_SEG_FS);
	gs_base = vmcs_read(GUEST_ES_BASE + 2 * JAILHOUSE_SEG_GS);
	debugctl = vmcs_read(GUEST_IA32_DEBUGCTL);
	dr7 = vmcs_read(GUEST_DR7);
	sysenter[0] = vmcs_read(GUEST_SYSENTER_CS);
	sysenter[1] = vmcs_read(GUEST_SYSENTER_ESP);
	sysenter[2] = vmcs_read(GUEST_SYSENTER_EIP);

	t->linux_cr3 = vmcs_read(GUEST_CR3);
	t->linux_gdtr.base = vmcs_read(GUEST_GDTR_BASE);
	t->linux_gdtr.limit = vmcs_read(GUEST_GDTR_LIMIT);
	t->linux_idtr.base = vmcs_read(GUEST_IDTR_BASE);
	t->linux_idtr.limit = vmcs_read(GUEST_IDTR_LIMIT);
	t->linux_ss = vmcs_read(GUEST_ES_SELECTOR + 2 * JAILHOUSE_SEG_SS);
	t->result = 0;

	printk("CPU %u leaves the hypervisor (%u VM exits)\n", cpu->cpu_id,
	       cpu->public.stats[JAILHOUSE_CPU_STAT_VMEXITS_TOTAL]);
	arch_cpu_exit(cpu);

	write_cr0(cr0);
	write_cr4(cr4 & ~X86_CR4_VMXE);
	write_msr(MSR_EFER, efer);
	write_msr(MSR_IA32_PAT_NR, pat);
	write_msr(MSR_FS_BASE, fs_base);
	write_msr(MSR_GS_BASE, gs_base);
	write_msr(MSR_IA32_SYSENTER_CS, sysenter[0]);
	write_msr(MSR_IA32_SYSENTER_ESP, sysenter[1]);
	write_msr(MSR_IA32_SYSENTER_EIP, sysenter[2]);
	write_msr(MSR_IA32_DEBUGCTL_NR, debugctl);
	write_dr7(dr7);
	arch_return_native(hv_handover.return_entry, t);
}
