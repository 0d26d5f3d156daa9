// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-hypercall: asks the hypervisor to disable itself, a management
 * hypercall only the root may make.  Expected: the cell fails, fault
 * "hypercall"; the hypervisor stays enabled.
 */
#include "../attack.h"

static long __attribute__((noinline)) attack(void)
{
	long result;

	asm volatile(ATTACK_INSTRUCTION("vmcall")
		     : "=a"(result)
		     : "a"((long)JAILHOUSE_HC_DISABLE)
		     : "memory");
	return result;
}

void inmate_main(void)
{
	long result;

	attack_announce("attack-hypercall", "calling JAILHOUSE_HC_DISABLE");
	result = attack();
	printk("attack-hypercall: JAILHOUSE_HC_DISABLE returned %ld\n", result);
	attack_not_stopped("attack-hypercall");
}
