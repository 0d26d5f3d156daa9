/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX: VMCS field encodings, control bits, exit reasons (Intel SDM vol. 3,
 * appendix B and C) and the VMX instructions.
 */
#ifndef _HV_VMX_H
#define _HV_VMX_H

#include <jailhouse/types.h>

/* 16-bit fields */
#define GUEST_ES_SELECTOR 0x0800 /* + 2 * segment index */
#define HOST_CS_SELECTOR 0x0c02
#define HOST_SS_SELECTOR 0x0c04
#define HOST_DS_SELECTOR 0x0c06
#define HOST_ES_SELECTOR 0x0c00
#define HOST_FS_SELECTOR 0x0c08
#define HOST_GS_SELECTOR 0x0c0a
#define HOST_TR_SELECTOR 0x0c0c
/* 64-bit fields */
#define IO_BITMAP_A 0x2000
#define IO_BITMAP_B 0x2002
#define MSR_BITMAP 0x2004
#define VM_EXIT_MSR_STORE_ADDR 0x2006
#define VM_EXIT_MSR_LOAD_ADDR 0x2008
#define VM_ENTRY_MSR_LOAD_ADDR 0x200a
#define TSC_OFFSET 0x2010
#define VIRTUAL_APIC_PAGE_ADDR 0x2012
#define APIC_ACCESS_ADDR 0x2014
#define EPT_POINTER 0x201a
#define XSS_EXIT_BITMAP 0x202c
#define GUEST_PHYSICAL_ADDRESS 0x2400
#define VMCS_LINK_POINTER 0x2800
#define GUEST_IA32_DEBUGCTL 0x2802
#define GUEST_IA32_PAT 0x2804
#define GUEST_IA32_EFER 0x2806
#define GUEST_PDPTE0 0x280a /* + 2 * n, n = 0..3 */
#define HOST_IA32_PAT 0x2c00
#define HOST_IA32_EFER 0x2c02
/* 32-bit fields */
#define PIN_BASED_VM_EXEC_CONTROL 0x4000
#define CPU_BASED_VM_EXEC_CONTROL 0x4002
#define EXCEPTION_BITMAP 0x4004
#define PAGE_FAULT_ERROR_CODE_MASK 0x4006
#define PAGE_FAULT_ERROR_CODE_MATCH 0x4008
#define CR3_TARGET_COUNT 0x400a
#define VM_EXIT_CONTROLS 0x400c
#define VM_EXIT_MSR_STORE_COUNT 0x400e
#define VM_EXIT_MSR_LOAD_COUNT 0x4010
#define VM_ENTRY_CONTROLS 0x4012
#define VM_ENTRY_MSR_LOAD_COUNT 0x4014
#define VM_ENTRY_INTR_INFO 0x4016
#define VM_ENTRY_EXCEPTION_ERROR_CODE 0x4018
#define VM_ENTRY_INSTRUCTION_LEN 0x401a
#define TPR_THRESHOLD 0x401c
#define SECONDARY_VM_EXEC_CONTROL 0x401e
#define VM_INSTRUCTION_ERROR 0x4400
#define VM_EXIT_REASON 0x4402
#define VM_EXIT_INTR_INFO 0x4404
#define VM_EXIT_INTR_ERROR_CODE 0x4406
#define IDT_VECTORING_INFO 0x4408
#define IDT_VECTORING_ERROR_CODE 0x440a
#define VM_EXIT_INSTRUCTION_LEN 0x440c
#define VMX_INSTRUCTION_INFO 0x440e
#define GUEST_ES_LIMIT 0x4800 /* + 2 * segment index */
#define GUEST_GDTR_LIMIT 0x4810
#define GUEST_IDTR_LIMIT 0x4812
#define GUEST_ES_AR_BYTES 0x4814 /* + 2 * segment index */
#define GUEST_INTERRUPTIBILITY_INFO 0x4824
#define GUEST_ACTIVITY_STATE 0x4826
#define GUEST_SYSENTER_CS 0x482a
#define VMX_PREEMPTION_TIMER_VALUE 0x482e
#define HOST_IA32_SYSENTER_CS 0x4c00
/* natural-width fields */
#define CR0_GUEST_HOST_MASK 0x6000
#define CR4_GUEST_HOST_MASK 0x6002
#define CR0_READ_SHADOW 0x6004
#define CR4_READ_SHADOW 0x6006
#define EXIT_QUALIFICATION 0x6400
#define GUEST_LINEAR_ADDRESS 0x640a
#define GUEST_CR0 0x6800
#define GUEST_CR3 0x6802
#define GUEST_CR4 0x6804
#define GUEST_ES_BASE 0x6806 /* + 2 * segment index */
#define GUEST_GDTR_BASE 0x6816
#define GUEST_IDTR_BASE 0x6818
#define GUEST_DR7 0x681a
#define GUEST_RSP 0x681c
#define GUEST_RIP 0x681e
#define GUEST_RFLAGS 0x6820
#define GUEST_PENDING_DBG_EXCEPTIONS 0x6822
#define GUEST_SYSENTER_ESP 0x6824
#define GUEST_SYSENTER_EIP 0x6826
#define HOST_CR0 0x6c00
#define HOST_CR3 0x6c02
#define HOST_CR4 0x6c04
#define HOST_FS_BASE 0x6c06
#define HOST_GS_BASE 0x6c08
#define HOST_TR_BASE 0x6c0a
#define HOST_GDTR_BASE 0x6c0c
#define HOST_IDTR_BASE 0x6c0e
#define HOST_IA32_SYSENTER_ESP 0x6c10
#define HOST_IA32_SYSENTER_EIP 0x6c12
#define HOST_RSP 0x6c14
#define HOST_RIP 0x6c16

/* pin-based controls */
#define PIN_NMI_EXITING (1U << 3)
#define PIN_VIRTUAL_NMIS (1U << 5)
#define PIN_PREEMPTION_TIMER (1U << 6)
/* primary processor-based controls */
#define CPU_NMI_WINDOW_EXITING (1U << 22)
#define CPU_USE_TPR_SHADOW (1U << 21)
#define CPU_USE_IO_BITMAPS (1U << 25)
#define CPU_USE_MSR_BITMAPS (1U << 28)
#define CPU_ACTIVATE_SECONDARY (1U << 31)
#define CPU_CR3_LOAD_EXITING (1U << 15)
#define CPU_CR3_STORE_EXITING (1U << 16)
/* secondary controls */
#define SECONDARY_VIRTUALIZE_APIC (1U << 0)
#define SECONDARY_ENABLE_EPT (1U << 1)
#define SECONDARY_ENABLE_RDTSCP (1U << 3)
#define SECONDARY_UNRESTRICTED_GUEST (1U << 7)
#define SECONDARY_ENABLE_INVPCID (1U << 12)
#define SECONDARY_ENABLE_XSAVES (1U << 20)
/* exit controls */
#define EXIT_SAVE_DEBUG_CONTROLS (1U << 2)
#define EXIT_HOST_ADDR_SPACE_SIZE (1U << 9)
#define EXIT_SAVE_IA32_PAT (1U << 18)
#define EXIT_LOAD_IA32_PAT (1U << 19)
#define EXIT_SAVE_IA32_EFER (1U << 20)
#define EXIT_LOAD_IA32_EFER (1U << 21)
/* entry controls */
#define ENTRY_LOAD_DEBUG_CONTROLS (1U << 2)
#define ENTRY_IA32E_MODE (1U << 9)
#define ENTRY_LOAD_IA32_PAT (1U << 14)
#define ENTRY_LOAD_IA32_EFER (1U << 15)

/* IA32_VMX_EPT_VPID_CAP */
#define EPT_CAP_WALK_4 (1UL << 6)
#define EPT_CAP_WB (1UL << 14)
#define EPT_CAP_2M (1UL << 16)
#define EPT_CAP_INVEPT (1UL << 20)
#define EPT_CAP_INVEPT_SINGLE (1UL << 25)
#define EPT_CAP_INVEPT_ALL (1UL << 26)

/* interruption information (entry and exit) */
#define INTR_INFO_VALID (1U << 31)
#define INTR_INFO_ERROR_CODE (1U << 11)
#define INTR_TYPE_EXTERNAL (0U << 8)
#define INTR_TYPE_NMI (2U << 8)
#define INTR_TYPE_HW_EXCEPTION (3U << 8)
#define INTR_TYPE_MASK (7U << 8)
#define INTERRUPTIBILITY_STI (1U << 0)
#define INTERRUPTIBILITY_MOV_SS (1U << 1)
#define INTERRUPTIBILITY_NMI (1U << 3)

/* exit reasons */
#define EXIT_REASON_EXCEPTION_NMI 0
#define EXIT_REASON_EXTERNAL_INTERRUPT 1
#define EXIT_REASON_TRIPLE_FAULT 2
#define EXIT_REASON_INIT 3
#define EXIT_REASON_SIPI 4
#define EXIT_REASON_NMI_WINDOW 8
#define EXIT_REASON_TASK_SWITCH 9
#define EXIT_REASON_CPUID 10
#define EXIT_REASON_GETSEC 11
#define EXIT_REASON_INVD 13
#define EXIT_REASON_VMCALL 18
#define EXIT_REASON_VMCLEAR 19
#define EXIT_REASON_VMXON 27
#define EXIT_REASON_CR_ACCESS 28
#define EXIT_REASON_IO_INSTRUCTION 30
#define EXIT_REASON_MSR_READ 31
#define EXIT_REASON_MSR_WRITE 32
#define EXIT_REASON_INVALID_STATE 33
#define EXIT_REASON_MSR_LOADING 34
#define EXIT_REASON_MACHINE_CHECK 41
#define EXIT_REASON_APIC_ACCESS 44
#define EXIT_REASON_EPT_VIOLATION 48
#define EXIT_REASON_EPT_MISCONFIG 49
#define EXIT_REASON_INVEPT 50
#define EXIT_REASON_PREEMPTION_TIMER 52
#define EXIT_REASON_INVVPID 53
#define EXIT_REASON_XSETBV 55
#define EXIT_REASON_APIC_WRITE 56
#define EXIT_REASON_VMFUNC 59
#define EXIT_REASON_ENTRY_FAILED (1U << 31)

static inline int vmcs_write(unsigned long field, unsigned long value)
{
	__u8 fail;

	asm volatile("vmwrite %2, %1; setbe %0"
		     : "=qm"(fail)
		     : "r"(field), "rm"(value)
		     : "cc", "memory");
	return fail ? -1 : 0;
}

static inline unsigned long vmcs_read(unsigned long field)
{
	unsigned long value;

	asm volatile("vmread %1, %0" : "=rm"(value) : "r"(field) : "cc");
	return value;
}

static inline int vmxon(__u64 phys)
{
	__u8 fail;

	asm volatile("vmxon %1; setbe %0"
		     : "=qm"(fail)
		     : "m"(phys)
		     : "cc", "memory");
	return fail ? -1 : 0;
}

static inline int vmclear(__u64 phys)
{
	__u8 fail;

	asm volatile("vmclear %1; setbe %0"
		     : "=qm"(fail)
		     : "m"(phys)
		     : "cc", "memory");
	return fail ? -1 : 0;
}

static inline int vmptrld(__u64 phys)
{
	__u8 fail;

	asm volatile("vmptrld %1; setbe %0"
		     : "=qm"(fail)
		     : "m"(phys)
		     : "cc", "memory");
	return fail ? -1 : 0;
}

static inline void vmxoff(void)
{
	asm volatile("vmxoff" : : : "cc", "memory");
}

static inline void invept_all(void)
{
	struct {
		__u64 eptp, reserved;
	} desc = { 0, 0 };

	asm volatile("invept %0, %1" : : "m"(desc), "r"(2UL) : "cc", "memory");
}

struct per_cpu;
struct guest_regs;

/* CR0/CR4 as the guest sees them: its own bits, the read shadow for the
 * bits the hypervisor guards. */
static inline unsigned long vmx_guest_cr0(void)
{
	unsigned long mask = vmcs_read(CR0_GUEST_HOST_MASK);

	return (vmcs_read(GUEST_CR0) & ~mask) |
	       (vmcs_read(CR0_READ_SHADOW) & mask);
}

static inline unsigned long vmx_guest_cr4(void)
{
	unsigned long mask = vmcs_read(CR4_GUEST_HOST_MASK);

	return (vmcs_read(GUEST_CR4) & ~mask) |
	       (vmcs_read(CR4_READ_SHADOW) & mask);
}
/* vmx/entry.S */
int vmx_launch(void); /* returns only on failure */
void vmx_exit_entry(void);
/* vmx/vmx.c */
void vmx_preemption_timer_off(void);
void vmx_handle_exit(struct guest_regs *regs);
/* vmx/cell-fault.c: a cell's CPU that VMX cannot run any more */
void vmx_vmresume_failed(struct guest_regs *regs);
void vmx_exit_abandoned(struct guest_regs *regs);
void vmx_cell_entry_failed(struct per_cpu *cpu, __u32 reason);
void vmx_cell_machine_check(struct per_cpu *cpu);
void vmx_inject_exception(unsigned int vector, int has_error, __u32 error);
void vmx_skip_instruction(void);

#endif
