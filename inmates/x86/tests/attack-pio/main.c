// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-pio: writes to the root's serial port COM1 (0x3f8), which the cell
 * config does not grant.  Expected: the cell fails, fault "pio", port 0x3f8;
 * no '!' of this inmate reaches Linux's console.
 */
#include "../attack.h"

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("outb %%al, %%dx")
		     :
		     : "a"((u8)'!'), "d"((u16)0x3f8));
}

void inmate_main(void)
{
	attack_announce("attack-pio", "writing port 0x3f8");
	attack();
	attack_not_stopped("attack-pio");
}
