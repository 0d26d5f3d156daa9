// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-xsetbv: writes an invalid XCR0 (x87 state bit clear, which the SDM
 * forbids; on bare metal #GP).  Expected: the cell fails, fault "xsetbv".
 * Needs XSAVE: enables CR4.OSXSAVE first, as an OS would.
 */
#include "../attack.h"

#define CPUID1_ECX_XSAVE (1U << 26)
#define X86_CR4_OSXSAVE (1UL << 18)

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("xsetbv")
		     :
		     : "c"(0), "a"(0), "d"(0)
		     : "memory");
}

void inmate_main(void)
{
	u32 eax, ebx, ecx, edx;
	unsigned long cr4;

	cpuid(1, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID1_ECX_XSAVE)) {
		printk("attack-xsetbv: SKIP: the CPU has no XSAVE\n");
		attack_stay_alive("attack-xsetbv");
	}
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	asm volatile("mov %0, %%cr4" : : "r"(cr4 | X86_CR4_OSXSAVE) : "memory");
	attack_announce("attack-xsetbv", "writing XCR0 = 0");
	attack();
	attack_not_stopped("attack-xsetbv");
}
