/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The way into the hypervisor and back.  This code runs in the module's
 * (executable) text and is mapped at the same address in the hypervisor's
 * page tables, so it can switch CR3 in either direction.  Around each
 * switch it uses a GDT, an IDT and a small stack that live in a driver page
 * mapped in both worlds (struct jailhouse_trampoline_cpu, see include/jailhouse/handover.h):
 * an NMI - the perf watchdog sends them on real hardware - can arrive at
 * any instruction, and is then taken by jailhouse_trampoline_nmi, which
 * just returns.  Documentation/handover.md has the full picture.
 */
#include <linux/linkage.h>
#include <linux/version.h>
#include <asm/ibt.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>

#include <jailhouse/handover.h>
#include "trampoline-offsets.h"	/* generated: JAILHOUSE_TCPU_* offsets */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define JH_UNWIND_HINT_NONE	UNWIND_HINT_UNDEFINED
#else
#define JH_UNWIND_HINT_NONE	UNWIND_HINT_EMPTY
#endif

#define HC_DISABLE	0

	.text
	.balign	4096
SYM_CODE_START(jailhouse_trampoline_start)
	JH_UNWIND_HINT_NONE
	ENDBR		/* only its address is taken, never jumped to */
	ud2

/*
 * long jailhouse_trampoline_enter(struct jailhouse_trampoline_cpu *tcpu,
 *				   u64 hv_cr3, u64 hv_entry, u64 cpu)
 * Returns 0 as a guest of the hypervisor (it resumes us with VMLAUNCH at
 * jailhouse_trampoline_resume) or -errno natively (through
 * jailhouse_trampoline_return).
 */
SYM_CODE_START(jailhouse_trampoline_enter)
	JH_UNWIND_HINT_NONE
	ENDBR
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, JAILHOUSE_TCPU_LINUX_RSP(%rdi)
	lgdt	JAILHOUSE_TCPU_SHARED_GDTR(%rdi)
	lidt	JAILHOUSE_TCPU_SHARED_IDTR(%rdi)
	lea	JAILHOUSE_TCPU_SIZE(%rdi), %rsp
	mov	%rsi, %cr3
	mov	%rdi, %rsi
	mov	%rcx, %rdi
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%rdx
SYM_CODE_END(jailhouse_trampoline_enter)

/*
 * long jailhouse_trampoline_disable(struct jailhouse_trampoline_cpu *tcpu)
 * JAILHOUSE_HC_DISABLE: on success the hypervisor comes back natively
 * through jailhouse_trampoline_return with the stack saved here; on
 * failure VMCALL simply returns the error.
 */
SYM_CODE_START(jailhouse_trampoline_disable)
	JH_UNWIND_HINT_NONE
	ENDBR
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, JAILHOUSE_TCPU_LINUX_RSP(%rdi)
	mov	$HC_DISABLE, %eax
	vmcall
	jmp	jailhouse_trampoline_resume
SYM_CODE_END(jailhouse_trampoline_disable)

/*
 * From the hypervisor, natively, on its page tables: %rdi = tcpu.
 * Back to Linux's page tables, descriptor tables, SS and stack.
 */
SYM_CODE_START(jailhouse_trampoline_return)
	JH_UNWIND_HINT_NONE
	ENDBR
	lgdt	JAILHOUSE_TCPU_SHARED_GDTR(%rdi)
	lidt	JAILHOUSE_TCPU_SHARED_IDTR(%rdi)
	lea	JAILHOUSE_TCPU_SIZE(%rdi), %rsp
	mov	JAILHOUSE_TCPU_LINUX_CR3(%rdi), %rax
	mov	%rax, %cr3
	/* TR still names the hypervisor's TSS, which Linux cannot see, and
	 * Linux's NMI gate uses an IST stack: mark Linux's TSS available and
	 * reload TR - through the writable GDT alias, LTR writes the busy
	 * bit - before Linux's IDT comes back. */
	lgdt	JAILHOUSE_TCPU_LINUX_GDTR_RW(%rdi)
	mov	JAILHOUSE_TCPU_LINUX_SS(%rdi), %rax
	mov	%ax, %ss
	mov	JAILHOUSE_TCPU_LINUX_TSS_DESC(%rdi), %rax
	andb	$~0x02, 5(%rax)
	mov	JAILHOUSE_TCPU_LINUX_TR(%rdi), %rax
	ltr	%ax
	lgdt	JAILHOUSE_TCPU_LINUX_GDTR(%rdi)
	lidt	JAILHOUSE_TCPU_LINUX_IDTR(%rdi)
	mov	JAILHOUSE_TCPU_LINUX_RSP(%rdi), %rsp
	mov	JAILHOUSE_TCPU_RESULT(%rdi), %rax
	jmp	jailhouse_trampoline_resume
SYM_CODE_END(jailhouse_trampoline_return)

/* Where Linux continues, natively or as the root cell (RAX = result). */
SYM_CODE_START(jailhouse_trampoline_resume)
	JH_UNWIND_HINT_NONE
	ENDBR
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	RET
SYM_CODE_END(jailhouse_trampoline_resume)

/* NMIs during the switches: nothing to do but return. */
SYM_CODE_START(jailhouse_trampoline_nmi)
	UNWIND_HINT_IRET_REGS
	ENDBR
	iretq
SYM_CODE_END(jailhouse_trampoline_nmi)

SYM_CODE_START(jailhouse_trampoline_end)
	JH_UNWIND_HINT_NONE
	ENDBR		/* only its address is taken, never jumped to */
	ud2
SYM_CODE_END(jailhouse_trampoline_end)
