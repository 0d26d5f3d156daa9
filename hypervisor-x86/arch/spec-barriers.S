/* SPDX-License-Identifier: GPL-2.0 */
/*
 * void spec_fill_rsb(void): 32 return-stack-buffer entries, each leading
 * to a speculation trap, so that no RET after this follows a target
 * another cell (or a guest) left in the RSB.  The entries are made by
 * CALLs whose return addresses are traps; the stack pointer is put back
 * afterwards.  The RET of this function consumes one of them (a
 * mispredicted, harmless return).
 */
#include "spec-barriers.inc"

	.section .text, "ax"
	.globl spec_fill_rsb
spec_fill_rsb:
	endbr64
	SPEC_FILL_RSB
	ret
