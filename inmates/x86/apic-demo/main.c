// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * apic-demo: a periodic timer interrupt every millisecond; each interrupt's
 * latency (arrival time minus the deadline it was armed for) feeds the
 * jitter statistics, printed once a second as min/avg/max.
 *
 * It is built to cause no VM exit between prints: x2APIC (if the cell may
 * switch) with the TSC-deadline timer means one WRMSR to re-arm and one to
 * acknowledge, both passed through; everything else waits in hlt.  Each
 * printed line is one console hypercall.
 */
#include <inmate.h>

#define TIMER_VECTOR 0x20
#define PERIOD_NS NS_PER_MS
#define TICKS_PER_PRINT 1000

static struct jitter_stats window, total;
static volatile u64 ticks;
static volatile u64 missed;
static u64 deadline;
static u64 period_tsc;

static void timer_interrupt(unsigned int vector)
{
	u64 now = rdtsc();

	(void)vector;
	jitter_add(&window, signed_ticks_to_ns((s64)(now - deadline), tsc_khz));
	deadline += period_tsc;
	/* Late by a whole period or more: skip, do not fire a burst. */
	while (deadline <= now) {
		deadline += period_tsc;
		missed++;
	}
	apic_timer_arm(deadline);
	ticks++;
	apic_eoi();
}

static void print_window(void)
{
	struct jitter_stats snapshot;

	disable_irqs();
	snapshot = window;
	jitter_reset(&window);
	jitter_merge(&total, &snapshot);
	/*
	 * Print with interrupts on: a UART line takes milliseconds, and the
	 * ticks meanwhile must not be delayed by it (the handler only touches
	 * the window, which is no longer being read).
	 */
	enable_irqs();
	printk("apic-demo: jitter min %lld ns, avg %lld ns, max %lld ns "
	       "(%llu samples, %llu missed)\n",
	       snapshot.min, jitter_average(&snapshot), snapshot.max,
	       snapshot.samples, missed);
	disable_irqs();
}

static void print_total(void)
{
	printk("apic-demo: total %llu samples: min %lld ns, avg %lld ns, "
	       "max %lld ns\n",
	       total.samples, total.min, jitter_average(&total), total.max);
}

/* Returns true once the cell may stop. */
static bool shutdown_requested(void)
{
	enum comm_event event = comm_region_poll(comm_region());

	if (event == COMM_SHUTDOWN_DENIED)
		printk("apic-demo: shutdown denied while locked\n");
	return event == COMM_SHUTDOWN_REQUESTED;
}

void inmate_main(void)
{
	enum apic_timer_mode mode;
	u64 printed_at = 0;

	if (timing_init() != 0)
		return;
	apic_init(true);
	printk("apic-demo: starting on APIC ID %u\n", apic_id());
	interrupt_set_handler(TIMER_VECTOR, timer_interrupt);
	mode = apic_timer_init(TIMER_VECTOR);
	if (mode == APIC_TIMER_NONE) {
		printk("apic-demo: no usable APIC timer, stopping\n");
		return;
	}
	printk("apic-demo: %s APIC, %s timer, TSC %u kHz, period %llu ns\n",
	       apic_x2apic_mode() ? "x2" : "x", apic_timer_mode_name(mode),
	       tsc_khz, (u64)PERIOD_NS);

	jitter_reset(&window);
	jitter_reset(&total);
	period_tsc = ns_to_ticks(PERIOD_NS, tsc_khz);
	deadline = rdtsc() + period_tsc;
	apic_timer_arm(deadline);

	while (!shutdown_requested()) {
		wait_for_interrupt();
		if (ticks - printed_at >= TICKS_PER_PRINT) {
			printed_at = ticks;
			print_window();
		}
	}
	print_total();
	printk("apic-demo: shutdown requested, stopping\n");
	console_flush();
	comm_region_approve_shutdown(comm_region());
	halt_forever();
}
