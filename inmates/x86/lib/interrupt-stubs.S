/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * One entry stub per vector.  Each pushes a dummy error code where the CPU
 * pushes none (so every frame looks alike: struct interrupt_frame), then
 * its vector, and joins the common path, which saves the registers the C
 * ABI lets a callee clobber.  64-bit mode aligns RSP to 16 before pushing
 * the frame: 7 words + 9 registers keep the call below aligned.
 */
	.text
	.code64

/* Exceptions that push an error code: #DF #TS #NP #SS #GP #PF #AC #CP. */
#define HAS_ERROR_CODE(v) \
	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21)

	.align 16
	.globl interrupt_stubs
interrupt_stubs:
	vector = 0
	.rept 256
	.align 16
	.if HAS_ERROR_CODE(vector)
	.else
	pushq $0
	.endif
	pushq $vector
	jmp interrupt_common
	vector = vector + 1
	.endr

interrupt_common:
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	movq %rsp, %rdi
	cld
	call interrupt_dispatch
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	addq $16, %rsp
	iretq
