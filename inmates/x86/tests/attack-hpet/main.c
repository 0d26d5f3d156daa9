// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-hpet: clears the root's HPET general configuration (0xfed00010),
 * which would stop its counter.  Expected: the cell fails, fault "memory",
 * write of 0xfed00010; the HPET keeps counting.
 */
#include "../attack.h"

#define HPET_CONFIG 0xfed00010UL

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(0), "r"(HPET_CONFIG)
		     : "memory");
}

void inmate_main(void)
{
	attack_announce("attack-hpet",
			"clearing the HPET configuration at 0xfed00010");
	attack();
	attack_not_stopped("attack-hpet");
}
