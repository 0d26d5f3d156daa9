// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-pending-irq: leaves interrupts behind for whoever gets its CPU
 * next.  Vector 0x31 is taken and never EOIed (in service); the timer then
 * fires vector 0x2f (tiny-demo's 47) with interrupts off, so that it stays
 * requested in the IRR; a self-IPI with vector 0xec (a vector Linux uses
 * for its own IPIs) stays requested too.  Then the cell answers the
 * shutdown request with interrupts still off.  Expected: after destroy the
 * CPU comes back to Linux carrying none of it: the root logs no "No irq
 * handler for vector" and CPU 1 goes online and works.
 */
#include "../attack.h"

#define NAME "attack-pending-irq"
#define IN_SERVICE_VECTOR 0x31
#define PENDING_TIMER_VECTOR 0x2f
#define PENDING_IPI_VECTOR 0xec
#define ICR_SELF (1U << 18)

static volatile unsigned int taken;

/* No EOI: the vector stays in service. */
static void keep_in_service(unsigned int vector)
{
	(void)vector;
	taken++;
}

void inmate_main(void)
{
	struct jailhouse_comm_region *comm = comm_region();
	u64 end;

	if (timing_init() != 0)
		halt_forever();
	apic_init(false);
	interrupt_set_handler(IN_SERVICE_VECTOR, keep_in_service);
	apic_write(APIC_REG_ICR, ICR_SELF | IN_SERVICE_VECTOR);
	enable_irqs();
	end = rdtsc() + ns_to_ticks(50 * NS_PER_MS, tsc_khz);
	while (!taken && rdtsc() < end)
		cpu_relax();
	disable_irqs();
	attack_announce(NAME, "leaving vectors requested and in service");
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(ICR_SELF | PENDING_IPI_VECTOR),
		       "r"(XAPIC_BASE + APIC_REG_ICR)
		     : "memory");
	if (apic_timer_init(PENDING_TIMER_VECTOR) != APIC_TIMER_NONE)
		apic_timer_arm(rdtsc());
	end = rdtsc() + ns_to_ticks(20 * NS_PER_MS, tsc_khz);
	while (rdtsc() < end)
		cpu_relax();
	printk("%s: vector %#x in service (%u), %#x and %#x requested, waiting for shutdown with interrupts off\n",
	       NAME, IN_SERVICE_VECTOR, taken, PENDING_TIMER_VECTOR,
	       PENDING_IPI_VECTOR);
	console_flush();
	while (comm_region_poll(comm) != COMM_SHUTDOWN_REQUESTED)
		cpu_relax();
	printk("%s: shutdown requested, stopping\n", NAME);
	console_flush();
	comm_region_approve_shutdown(comm);
	halt_forever();
}
