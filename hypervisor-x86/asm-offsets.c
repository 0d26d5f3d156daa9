// SPDX-License-Identifier: GPL-2.0
/*
 * The constants that vmx/entry.S and hypervisor.lds.S need, computed by
 * the compiler from the C definitions so that they cannot drift from
 * them.  Never linked: the Makefile compiles this file to assembly only,
 * and sed turns each "->NAME value" line of the output into
 * "#define NAME value" in <generated/asm-offsets.h>.
 */
#include "hv.h"

/* A marker line in the assembly output: "->NAME $value". */
#define EMIT(name, value) \
	asm volatile("\n->" #name " %0" : : "i"((long)(value)))

/* vmx/entry.S pushes RAX first and R15 last below the VM-exit stack top,
 * and leaves a hole where RSP would be (it lives in the VMCS). */
#define REG_SLOT(reg) (__builtin_offsetof(struct guest_regs, reg) / 8)
_Static_assert(REG_SLOT(r15) == 0, "guest_regs: r15 is pushed last");
_Static_assert(REG_SLOT(unused_rsp) == 11, "guest_regs: the RSP hole");
_Static_assert(REG_SLOT(rax) == 15, "guest_regs: rax is pushed first");
_Static_assert(sizeof(struct guest_regs) == 16 * 8, "guest_regs: 16 slots");
/* arch_entry finds hv_per_cpu[cpu] by a shift. */
_Static_assert(HV_PERCPU_SIZE == 1UL << __builtin_ctzl(HV_PERCPU_SIZE),
	       "HV_PERCPU_SIZE must be a power of two");

void asm_offsets(void);
void asm_offsets(void)
{
	/* hypervisor.lds.S */
	EMIT(HV_LINK_ADDRESS, HV_LINK_ADDRESS);
	EMIT(JAILHOUSE_HANDOVER_OFFSET, JAILHOUSE_HANDOVER_OFFSET);

	/* vmx/entry.S */
	EMIT(PER_CPU_SHIFT, __builtin_ctzl(HV_PERCPU_SIZE));
	/* The initial stack top: just below this CPU's guest_regs. */
	EMIT(PER_CPU_GUEST_REGS,
	     __builtin_offsetof(struct per_cpu, guest_regs));
	/* arch_abandon_exit's IRET to itself */
	EMIT(GDT_CODE_SELECTOR, GDT_CODE_SELECTOR);
	EMIT(GDT_DATA_SELECTOR, GDT_DATA_SELECTOR);
}
