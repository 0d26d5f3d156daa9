// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-ioapic: selects redirection entry 0 of the root's IOAPIC
 * (0xfec00000), the first step to rerouting its interrupts.  Expected: the
 * cell fails, fault "memory", write of 0xfec00000; the root's interrupts
 * keep arriving.
 */
#include "../attack.h"

#define IOAPIC_BASE 0xfec00000UL
#define IOAPIC_REDIR_TABLE 0x10

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(IOAPIC_REDIR_TABLE), "r"(IOAPIC_BASE)
		     : "memory");
}

void inmate_main(void)
{
	attack_announce("attack-ioapic",
			"writing IOREGSEL of the IOAPIC at 0xfec00000");
	attack();
	attack_not_stopped("attack-ioapic");
}
