/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The retpoline thunks the compiler calls instead of emitting indirect
 * branches (-mindirect-branch=thunk-extern -mindirect-branch-register):
 * __x86_indirect_thunk_<reg> jumps to the address in <reg>.  The CALL
 * puts a speculation trap into the RSB, the MOV replaces the return
 * address with the target, and the RET goes there: speculation follows
 * the RSB into the trap, never a branch target a guest trained.
 * tests/static/retpoline checks that the image has no other indirect
 * CALL or JMP.
 */
	.section .text.retpoline, "ax"

.macro thunk reg
	.globl __x86_indirect_thunk_\reg
	.type __x86_indirect_thunk_\reg, @function
__x86_indirect_thunk_\reg:
	call	.Lset_target_\reg
.Ltrap_\reg:
	pause
	lfence
	jmp	.Ltrap_\reg
.Lset_target_\reg:
	mov	%\reg, (%rsp)
	ret
	.size __x86_indirect_thunk_\reg, . - __x86_indirect_thunk_\reg
.endm

	thunk rax
	thunk rbx
	thunk rcx
	thunk rdx
	thunk rsi
	thunk rdi
	thunk rbp
	thunk r8
	thunk r9
	thunk r10
	thunk r11
	thunk r12
	thunk r13
	thunk r14
	thunk r15
