// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Waiting in hlt for the root to ask for a shutdown.  Nothing interrupts a
 * cell when a message arrives, so a timer wakes the CPU every 10 ms to look
 * (one tick per 10 ms: cheap, and well within a 100 ms reply timeout).
 */
#include <inmate.h>

#define POLL_VECTOR 0x2f
#define POLL_NS (10 * NS_PER_MS)

static u64 poll_deadline, poll_period;

static void poll_tick(unsigned int vector)
{
	(void)vector;
	poll_deadline += poll_period;
	apic_timer_arm(poll_deadline);
	apic_eoi();
}

void wait_for_shutdown_request(void)
{
	struct jailhouse_comm_region *comm = comm_region();

	interrupt_set_handler(POLL_VECTOR, poll_tick);
	if (apic_timer_init(POLL_VECTOR) != APIC_TIMER_NONE) {
		poll_period = ns_to_ticks(POLL_NS, tsc_khz);
		poll_deadline = rdtsc() + poll_period;
		apic_timer_arm(poll_deadline);
	}
	while (comm_region_poll(comm) != COMM_SHUTDOWN_REQUESTED)
		wait_for_interrupt();
}
