// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-unhandled-exit: executes INVD, which always exits in VMX non-root
 * operation and which no cell has a reason to use (it would throw away
 * modified cache lines of memory others may own).  Expected: the cell
 * fails, fault "unhandled-exit" (exit reason 13).
 */
#include "../attack.h"

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("invd") : : : "memory");
}

void inmate_main(void)
{
	attack_announce("attack-unhandled-exit", "executing INVD");
	attack();
	attack_not_stopped("attack-unhandled-exit");
}
