/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The IPI attacks: an interrupt command to a CPU outside the cell (the
 * lowest APIC ID the communication region does not list: the root's CPU 0
 * on the Bochs rig), written to the xAPIC ICR, which the hypervisor traps.
 * Expected: the cell fails, fault "ipi"; the root CPU gets nothing.
 */
#ifndef _INMATE_TESTS_IPI_H
#define _INMATE_TESTS_IPI_H

#include "attack.h"

static inline u32 apic_id_outside_cell(void)
{
	const struct jailhouse_comm_platform *platform =
		&comm_region()->platform;
	u32 id = 0;

	for (unsigned int i = 0; i < platform->num_cpus; i++)
		if (platform->cpu_apic_ids[i] == id) {
			id++;
			i = -1U; /* start over with the next candidate */
		}
	return id;
}

static void __attribute__((noinline)) ipi_attack(u32 destination, u32 command)
{
	*(volatile u32 *)(XAPIC_BASE + APIC_REG_ICR_HIGH) = destination << 24;
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(command), "r"(XAPIC_BASE + APIC_REG_ICR)
		     : "memory");
}

static inline void __attribute__((noreturn))
ipi_attack_main(const char *name, const char *what, u32 command)
{
	u32 target = apic_id_outside_cell();

	apic_init(false);
	printk("%s: target APIC ID %u\n", name, target);
	attack_announce(name, what);
	ipi_attack(target, command);
	attack_not_stopped(name);
}

#endif
