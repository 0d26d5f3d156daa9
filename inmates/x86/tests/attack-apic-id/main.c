// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-apic-id: writes the root CPU 0's APIC ID (0) into its own xAPIC
 * ID register.  On models where the register is writable (and under KVM)
 * the cell's CPU would then receive CPU 0's interrupts and NMIs, and the
 * hypervisor's kicks to it would be lost.  Expected: the register is the
 * cell's own copy: it reads back 0, the hardware keeps the real ID; the
 * cell keeps running and receives its own timer ticks; the root can shut
 * it down and destroy it (kicks still arrive), and CPU 0 sees nothing.
 */
#include "../attack.h"

#define NAME "attack-apic-id"
#define TICK_VECTOR 0x40

static volatile unsigned int ticks;

static void tick(unsigned int vector)
{
	(void)vector;
	ticks++;
	apic_eoi();
}

/* A short one-shot tick on its own vector: the cell's interrupts still
 * arrive at its CPU. */
static unsigned int count_ticks(void)
{
	u64 end;

	interrupt_set_handler(TICK_VECTOR, tick);
	if (apic_timer_init(TICK_VECTOR) == APIC_TIMER_NONE)
		return 1; /* no timer to test with: counts as seen */
	for (unsigned int n = 0; n < 5; n++) {
		apic_timer_arm(rdtsc() + ns_to_ticks(NS_PER_MS, tsc_khz));
		end = rdtsc() + ns_to_ticks(50 * NS_PER_MS, tsc_khz);
		while (rdtsc() < end && ticks <= n)
			wait_for_interrupt();
	}
	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED);
	return ticks;
}

void inmate_main(void)
{
	u32 before, after;

	if (timing_init() != 0)
		halt_forever();
	apic_init(false);
	before = apic_read(APIC_REG_ID) >> 24;
	attack_announce(NAME, "writing APIC ID 0 into its ID register");
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(0), "r"(XAPIC_BASE + APIC_REG_ID)
		     : "memory");
	after = apic_read(APIC_REG_ID) >> 24;
	printk("%s: ID was %u, reads back %u (%s)\n", NAME, before, after,
	       after == 0 ? "virtualised" : "NOT VIRTUALISED");
	printk("%s: %u of 5 timer ticks after the write\n", NAME,
	       count_ticks());
	attack_stay_alive(NAME);
}
