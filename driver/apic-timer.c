// SPDX-License-Identifier: GPL-2.0
/*
 * Measuring the local APIC timer frequency for the hypervisor and its
 * cells.  Linux knows it (lapic_timer_period) but does not export it, so we
 * count APIC timer ticks against the TSC over a short window, on this CPU
 * with interrupts off, through raw xAPIC MMIO or x2APIC MSRs, and put
 * Linux's timer back as it was: same mode, divider and vector, and the
 * pending event re-armed (shortened by the time the measurement took).
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/math64.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <asm/apicdef.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include "jailhouse.h"

#define WINDOW_MS 2
#define TIMER_MODE_MASK (3U << 17)

struct apic_access {
	void __iomem *mmio; /* NULL: x2APIC, use MSRs */
};

struct timer_state {
	u32 lvtt, tdcr, tmict, tmcct;
	u64 deadline;
};

static u32 apic_read_reg(const struct apic_access *apic, u32 reg)
{
	u64 value;

	if (apic->mmio)
		return readl(apic->mmio + reg);
	rdmsrl(APIC_BASE_MSR + (reg >> 4), value);
	return value;
}

static void apic_write_reg(const struct apic_access *apic, u32 reg, u32 value)
{
	if (apic->mmio)
		writel(value, apic->mmio + reg);
	else
		wrmsrl(APIC_BASE_MSR + (reg >> 4), value);
}

static unsigned int divisor_of(u32 tdcr)
{
	unsigned int code = (tdcr & 3) | ((tdcr & 8) >> 1);

	return code == 7 ? 1 : 2U << code;
}

static void save_timer(const struct apic_access *apic, struct timer_state *s)
{
	s->lvtt = apic_read_reg(apic, APIC_LVTT);
	s->tdcr = apic_read_reg(apic, APIC_TDCR);
	s->tmict = apic_read_reg(apic, APIC_TMICT);
	s->tmcct = apic_read_reg(apic, APIC_TMCCT);
	s->deadline = 0;
	if ((s->lvtt & TIMER_MODE_MASK) == APIC_LVT_TIMER_TSCDEADLINE)
		rdmsrl(MSR_IA32_TSC_DEADLINE, s->deadline);
}

static void restore_timer(const struct apic_access *apic,
			  const struct timer_state *s, u32 elapsed_ticks)
{
	u32 mode = s->lvtt & TIMER_MODE_MASK;
	u32 elapsed = elapsed_ticks / divisor_of(s->tdcr);

	apic_write_reg(apic, APIC_TMICT, 0);
	apic_write_reg(apic, APIC_TDCR, s->tdcr);
	apic_write_reg(apic, APIC_LVTT, s->lvtt);
	if (mode == APIC_LVT_TIMER_TSCDEADLINE) {
		/* SDM: order the LVT write before the deadline MSR write. */
		mb();
		if (s->deadline)
			wrmsrl(MSR_IA32_TSC_DEADLINE, s->deadline);
	} else if (mode == APIC_LVT_TIMER_PERIODIC) {
		apic_write_reg(apic, APIC_TMICT, s->tmict);
	} else if (s->tmcct) {
		/* One-shot: the pending event fires when it would have. */
		apic_write_reg(apic, APIC_TMICT,
			       s->tmcct > elapsed ? s->tmcct - elapsed : 1);
	}
}

static unsigned int count_ticks(const struct apic_access *apic,
				const struct timer_state *s)
{
	u64 window = (u64)tsc_khz * WINDOW_MS, start, end;
	u32 ticks;

	/* Masked one-shot at divide-by-1: counts, never interrupts. */
	apic_write_reg(apic, APIC_LVTT, APIC_LVT_MASKED | (s->lvtt & 0xff));
	apic_write_reg(apic, APIC_TDCR, APIC_TDR_DIV_1);
	apic_write_reg(apic, APIC_TMICT, 0xffffffff);
	start = rdtsc_ordered();
	do {
		end = rdtsc_ordered();
	} while (end - start < window);
	ticks = 0xffffffff - apic_read_reg(apic, APIC_TMCCT);
	restore_timer(apic, s, ticks);
	return div64_u64((u64)ticks * tsc_khz, end - start);
}

unsigned int jailhouse_measure_apic_khz(void)
{
	struct apic_access apic = { NULL };
	struct timer_state state;
	unsigned long flags;
	unsigned int khz = 0;
	u64 base, base_now;

	rdmsrl(MSR_IA32_APICBASE, base);
	if (!tsc_khz || !(base & MSR_IA32_APICBASE_ENABLE))
		return 0;
	if (!(base & X2APIC_ENABLE)) {
		apic.mmio = ioremap(base & MSR_IA32_APICBASE_BASE, PAGE_SIZE);
		if (!apic.mmio)
			return 0;
	}
	local_irq_save(flags);
	/* Every CPU uses the same APIC mode; recheck on the one we run on. */
	rdmsrl(MSR_IA32_APICBASE, base_now);
	if (base_now == base) {
		save_timer(&apic, &state);
		khz = count_ticks(&apic, &state);
	}
	local_irq_restore(flags);
	if (apic.mmio)
		iounmap(apic.mmio);
	return khz;
}
