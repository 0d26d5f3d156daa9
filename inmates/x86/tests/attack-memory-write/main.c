// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-memory-write: writes behind its communication region, at
 * guest-physical 0x00200000, which is in no region of the cell (on the Bochs
 * rig the same physical address is root RAM).
 * Expected: the cell fails, fault "memory", write of 0x200000.
 */
#include "../attack.h"

#define TARGET 0x00200000UL

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(0x0badc0deU), "r"(TARGET)
		     : "memory");
}

void inmate_main(void)
{
	attack_announce("attack-memory-write",
			"writing guest-physical 0x200000");
	attack();
	attack_not_stopped("attack-memory-write");
}
