// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-cr4-vmxe: sets CR4.VMXE, the first step towards running its own
 * hypervisor.  Expected: the cell fails, fault "cr4-vmxe".
 */
#include "../attack.h"

#define X86_CR4_VMXE (1UL << 13)

static void __attribute__((noinline)) attack(void)
{
	unsigned long cr4;

	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= X86_CR4_VMXE;
	asm volatile(ATTACK_INSTRUCTION("mov %0, %%cr4")
		     :
		     : "r"(cr4)
		     : "memory");
}

void inmate_main(void)
{
	attack_announce("attack-cr4-vmxe", "setting CR4.VMXE");
	attack();
	attack_not_stopped("attack-cr4-vmxe");
}
