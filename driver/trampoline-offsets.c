// SPDX-License-Identifier: GPL-2.0
/*
 * The offsets trampoline.S uses in struct jailhouse_trampoline_cpu, taken
 * from the C definition at build time: Kbuild compiles this file to
 * assembly only and turns each "->NAME value" marker into
 * "#define NAME value" in trampoline-offsets.h (the kernel's filechk_offsets),
 * so that a change of the structure can never desynchronise the assembly.
 */
#include <linux/stddef.h>
#include <jailhouse/handover.h>

/* The marker format of the kernel's <linux/kbuild.h> and sed-offsets. */
#define DEFINE(sym, val) \
	asm volatile("\n.ascii \"->" #sym " %0 " #val "\"" : : "i"(val))
#define TCPU_OFFSET(sym, member)     \
	DEFINE(JAILHOUSE_TCPU_##sym, \
	       offsetof(struct jailhouse_trampoline_cpu, member))

void jailhouse_trampoline_offsets(void);

void jailhouse_trampoline_offsets(void)
{
	TCPU_OFFSET(LINUX_RSP, linux_rsp);
	TCPU_OFFSET(LINUX_CR3, linux_cr3);
	TCPU_OFFSET(RESULT, result);
	TCPU_OFFSET(SHARED_GDTR, shared_gdtr);
	TCPU_OFFSET(SHARED_IDTR, shared_idtr);
	TCPU_OFFSET(LINUX_GDTR, linux_gdtr);
	TCPU_OFFSET(LINUX_IDTR, linux_idtr);
	TCPU_OFFSET(LINUX_SS, linux_ss);
	TCPU_OFFSET(LINUX_TR, linux_tr);
	TCPU_OFFSET(LINUX_TSS_DESC, linux_tss_desc);
	TCPU_OFFSET(LINUX_GDTR_RW, linux_gdtr_rw);
}
