// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-memory-read: reads the hypervisor's memory (physical 0x3a000000 on
 * the Bochs rig; in the cell that guest-physical address is in no region).
 * Expected: the cell fails, fault "memory", read of 0x3a000000.
 */
#include "../attack.h"

#define TARGET 0x3a000000UL

static u32 __attribute__((noinline)) attack(void)
{
	u32 value;

	asm volatile(ATTACK_INSTRUCTION("movl (%1), %0")
		     : "=r"(value)
		     : "r"(TARGET)
		     : "memory");
	return value;
}

void inmate_main(void)
{
	u32 value;

	attack_announce("attack-memory-read",
			"reading guest-physical 0x3a000000");
	value = attack();
	printk("attack-memory-read: read %#x\n", value);
	attack_not_stopped("attack-memory-read");
}
