// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-vmxon: executes VMXON (in VMX non-root operation it always exits).
 * Expected: the cell fails, fault "vmx-instruction".
 */
#include "../attack.h"

static u64 vmxon_region_address;

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("vmxon %0")
		     :
		     : "m"(vmxon_region_address)
		     : "memory", "cc");
}

void inmate_main(void)
{
	/* Any page-aligned RAM address: the instruction must never run. */
	vmxon_region_address = 0x80000;
	attack_announce("attack-vmxon", "executing VMXON");
	attack();
	attack_not_stopped("attack-vmxon");
}
