/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assembly entry points: the per-CPU entry from the driver's trampoline,
 * VMLAUNCH and the VM-exit path, the way back to Linux, and the stubs of
 * the hypervisor's own IDT.  Every label reached by an indirect branch
 * starts with ENDBR64: Linux 6.12 runs with kernel IBT, and VM exits do not
 * switch the supervisor CET state, so the hypervisor runs with it too.
 */
#include <generated/asm-offsets.h>
#include "spec-barriers.inc"

/*
 * All general registers in the layout of struct guest_regs (include/hv.h),
 * RAX at the highest address; RSP has a slot but no value (a guest's lives
 * in the VMCS; an interrupted hypervisor's in the exception frame).
 */
.macro push_general_regs
	push	%rax
	push	%rcx
	push	%rdx
	push	%rbx
	push	$0			/* RSP: not saved here */
	push	%rbp
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro pop_general_regs
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rbp
	add	$8, %rsp		/* RSP's slot */
	pop	%rbx
	pop	%rdx
	pop	%rcx
	pop	%rax
.endm

	.section .text.entry, "ax"

/*
 * arch_entry(cpu = %rdi, trampoline cpu block = %rsi).  Reached with the
 * hypervisor's page tables, the trampoline's GDT/IDT and stack, IRQs off.
 */
	.globl arch_entry
arch_entry:
	endbr64
	/* This CPU's stack: hv_per_cpu[cpu].stack, below the guest_regs. */
	mov	%rdi, %rax
	shl	$PER_CPU_SHIFT, %rax
	lea	hv_per_cpu(%rip), %rsp
	add	%rax, %rsp
	add	$PER_CPU_GUEST_REGS, %rsp
	xor	%ebp, %ebp
	call	hv_cpu_entry
	ud2

/*
 * int vmx_launch(void): enters the root cell with RAX = 0 (the trampoline's
 * success result).  Returns only if VMLAUNCH fails.
 */
	.globl vmx_launch
vmx_launch:
	endbr64
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	vmlaunch
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	mov	$-1, %eax
	ret

/*
 * VM exit: HOST_RSP points just above this CPU's struct guest_regs.
 * Before the first RET the RSB loses the guest's return targets, as the
 * speculation plan says (spec_exit_rsb, arch/spec.c): a full fill, or
 * the one-entry PBRSB sequence on eIBRS parts.  IA32_SPEC_CTRL has already
 * been switched by the VM-exit MSR-load area where the plan wants it.
 */
	.globl vmx_exit_entry
vmx_exit_entry:
	push_general_regs
	testb	$1, spec_exit_rsb(%rip)		/* SPEC_RSB_FILL */
	jz	1f
	SPEC_FILL_RSB		/* falls through: no jump on the usual way */
2:	mov	%rsp, %rdi
	call	vmx_handle_exit
vmx_resume:
	pop_general_regs
	vmresume
	/*
	 * VMRESUME refused (VM-instruction error): the guest's registers are
	 * still in the registers; saved again, vmx_vmresume_failed() fails a
	 * non-root cell and returns once the CPU was started again (it
	 * panics for the root).
	 */
	push_general_regs
	mov	%rsp, %rdi
	call	vmx_vmresume_failed
	jmp	vmx_resume
	/* no full fill: the PBRSB sequence where the plan asks for it */
1:	testb	$2, spec_exit_rsb(%rip)		/* SPEC_RSB_PBRSB */
	jz	2b
	SPEC_PBRSB
	jmp	2b

/*
 * arch_abandon_exit(per_cpu = %rdi): an exception inside the hypervisor
 * while it handled this CPU's VM exit (hv_exception()).  What the handler
 * was doing is dropped: the stack goes back to the exit's frame (the
 * guest's registers saved at vmx_exit_entry), vmx_exit_abandoned() parks
 * the CPU, and the guest is entered again once the CPU is started.
 */
	.globl arch_abandon_exit
arch_abandon_exit:
	endbr64
	lea	PER_CPU_GUEST_REGS(%rdi), %rsp
	/*
	 * An IRET to the next instruction, on the new stack: the exception
	 * may have hit inside the NMI handler, and without an IRET NMIs would
	 * stay blocked on this CPU (no kick would reach it again).
	 */
	mov	%rsp, %rax
	push	$GDT_DATA_SELECTOR
	push	%rax
	pushfq
	push	$GDT_CODE_SELECTOR
	lea	1f(%rip), %rax
	push	%rax
	iretq
1:	mov	%rsp, %rdi
	call	vmx_exit_abandoned
	jmp	vmx_resume

/*
 * arch_return_native(return entry = %rdi, trampoline cpu block = %rsi):
 * hands the CPU back to the trampoline, which restores Linux's page
 * tables, descriptor tables and stack and returns tcpu->result.
 */
	.globl arch_return_native
arch_return_native:
	endbr64
	mov	%rdi, %rax
	mov	%rsi, %rdi
	jmp	__x86_indirect_thunk_rax	/* retpoline: no indirect JMP */

/* NMI: remember it for the root cell (re-injected on the next entry). */
	.globl hv_nmi_entry
hv_nmi_entry:
	endbr64
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	cld
	call	hv_nmi
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	iretq

/* An interrupt a previous owner left pending, taken in
 * cpu_interrupt_window(): dropped (the caller EOIs what is in service). */
	.globl hv_stray_interrupt
hv_stray_interrupt:
	endbr64
	iretq

/* Exceptions inside the hypervisor are bugs: report and stop the CPU. */
.macro exception vector
exception_\vector:
	endbr64
	.if (\vector != 8) && (\vector != 10) && (\vector != 11) && \
	    (\vector != 12) && (\vector != 13) && (\vector != 14) && \
	    (\vector != 17) && (\vector != 21) && (\vector != 29) && \
	    (\vector != 30)
	push	$0
	.endif
	push	$\vector
	jmp	exception_common
.endm

	.altmacro
	.set	vec, 0
	.rept	32
	exception %vec
	.set	vec, vec + 1
	.endr

/*
 * hv_exception() returns only when the exception was a refused MSR access
 * with a recovery address (include/processor.h): the interrupted code then
 * goes on at that address with all its registers, caller-saved included,
 * as they were.
 */
exception_common:
	push_general_regs
	lea	16*8(%rsp), %rdi	/* vector, error code, RIP, CS, ... */
	mov	%rsp, %rbp
	and	$~15, %rsp
	call	hv_exception
	mov	%rbp, %rsp
	pop_general_regs
	add	$16, %rsp		/* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.globl hv_exception_stubs
hv_exception_stubs:
.macro stub_address vector
	.quad	exception_\vector
.endm
	.set	vec, 0
	.rept	32
	stub_address %vec
	.set	vec, vec + 1
	.endr
