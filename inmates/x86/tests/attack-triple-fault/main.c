// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-triple-fault: loads an empty IDT and raises an exception; neither
 * it nor the double fault can be delivered, so the CPU triple-faults (on
 * bare metal: a reset of the machine).  Expected: the cell fails, fault
 * "triple-fault"; the machine is not reset.
 */
#include "../attack.h"

static void __attribute__((noinline)) attack(void)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed)) empty = { 0, 0 };

	asm volatile("lidt %0\n\t" ATTACK_INSTRUCTION("int3")
		     :
		     : "m"(empty)
		     : "memory");
}

void inmate_main(void)
{
	attack_announce("attack-triple-fault", "raising #BP with an empty IDT");
	attack();
	attack_not_stopped("attack-triple-fault");
}
