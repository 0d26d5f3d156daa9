// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * tiny-demo: says hello from every CPU of the cell, counts once a second,
 * and stops cleanly when the root asks it to shut down.  It sleeps in hlt
 * between timer ticks and checks the communication region on every
 * wake-up; the hypervisor wakes it with the message vector when it posts a
 * request, so the answer does not wait for the next tick.
 */
#include <inmate.h>

#define TIMER_VECTOR 0x20
#define TICK_NS (10 * NS_PER_MS)
#define TICKS_PER_COUNT 100

static volatile u64 ticks;
static u64 next_deadline;
static u64 tick_tsc;

static void timer_tick(unsigned int vector)
{
	(void)vector;
	ticks++;
	next_deadline += tick_tsc;
	apic_timer_arm(next_deadline);
	apic_eoi();
}

static void say_hello(unsigned int cpu)
{
	printk("tiny-demo: hello from CPU %u (APIC ID %u)\n", cpu, apic_id());
}

/* Returns true once the cell may stop. */
static bool handle_messages(void)
{
	switch (comm_region_poll(comm_region())) {
	case COMM_SHUTDOWN_REQUESTED:
		return true;
	case COMM_SHUTDOWN_DENIED:
		printk("tiny-demo: shutdown denied while locked\n");
		return false;
	case COMM_UNKNOWN_MESSAGE:
		printk("tiny-demo: unknown message %u from the root\n",
		       comm_region()->msg_to_cell);
		return false;
	default:
		return false;
	}
}

void inmate_main(void)
{
	enum apic_timer_mode mode;
	u64 count = 0;

	say_hello(0);
	if (timing_init() != 0)
		return;
	/* xAPIC on purpose: the demos cover both modes (apic-demo: x2APIC). */
	apic_init(false);
	message_interrupt_init();
	if (comm_region()->platform.num_cpus > 1)
		printk("tiny-demo: %u more CPU(s) started\n",
		       smp_start_cpus(say_hello));

	interrupt_set_handler(TIMER_VECTOR, timer_tick);
	mode = apic_timer_init(TIMER_VECTOR);
	if (mode == APIC_TIMER_NONE) {
		printk("tiny-demo: no usable APIC timer, stopping\n");
		return;
	}
	tick_tsc = ns_to_ticks(TICK_NS, tsc_khz);
	next_deadline = rdtsc() + tick_tsc;
	apic_timer_arm(next_deadline);

	while (!handle_messages()) {
		wait_for_interrupt();
		if (ticks >= (count + 1) * TICKS_PER_COUNT)
			/* the APIC ID tells two tiny-demo cells apart */
			printk("tiny-demo: count %llu (APIC ID %u)\n", ++count,
			       apic_id());
	}
	printk("tiny-demo: shutdown requested after %llu counts, stopping\n",
	       count);
	console_flush();
	comm_region_approve_shutdown(comm_region());
	halt_forever();
}
