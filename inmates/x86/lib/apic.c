// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Local APIC access and its timer.
 *
 * The hot path of a timer-driven inmate is apic_timer_arm() + apic_eoi().
 * In x2APIC mode with the TSC-deadline timer both are WRMSRs to registers
 * the hypervisor passes through (TSC_DEADLINE 0x6e0, EOI 0x80b), so the
 * inmate runs without VM exits.  In xAPIC mode each is an MMIO access to
 * the trapped APIC page: it works, with two exits per tick.
 */
#include <inmate.h>

#define ICR_BUSY_POLLS 1000

static bool x2apic;
static enum apic_timer_mode timer_mode;

bool apic_x2apic_mode(void)
{
	return x2apic;
}

u32 apic_read(unsigned int reg)
{
	if (x2apic)
		return (u32)rdmsr(MSR_X2APIC_BASE + (reg >> 4));
	return *(volatile u32 *)(XAPIC_BASE + reg);
}

void apic_write(unsigned int reg, u32 value)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_BASE + (reg >> 4), value);
	else
		*(volatile u32 *)(XAPIC_BASE + reg) = value;
}

u32 apic_id(void)
{
	u32 id = apic_read(APIC_REG_ID);

	return x2apic ? id : id >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_REG_EOI, 0);
}

void apic_send_ipi(u32 destination, u32 command)
{
	if (x2apic) {
		wrmsr(MSR_X2APIC_BASE + (APIC_REG_ICR >> 4),
		      ((u64)destination << 32) | command);
		return;
	}
	apic_write(APIC_REG_ICR_HIGH, destination << 24);
	apic_write(APIC_REG_ICR, command);
	/* Bounded: an emulated APIC need not ever show the busy bit clear. */
	for (int n = 0; n < ICR_BUSY_POLLS; n++)
		if (!(apic_read(APIC_REG_ICR) & APIC_ICR_BUSY))
			break;
}

static u32 cpuid1_ecx(void)
{
	u32 eax, ebx, ecx, edx;

	cpuid(1, &eax, &ebx, &ecx, &edx);
	return ecx;
}

/* Each CPU's APIC has its own mode bit: every CPU switches itself. */
static void switch_to_x2apic(void)
{
	u64 base = rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_X2APIC))
		wrmsr(MSR_APIC_BASE,
		      base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
}

static bool choose_x2apic(bool want_x2apic)
{
	const struct jailhouse_comm_region *comm = comm_region();

	if (comm->platform.apic_mode == JAILHOUSE_APIC_MODE_X2APIC)
		return true;
	if (!want_x2apic)
		return false;
	if (!(comm->flags & JAILHOUSE_CELL_X2APIC_PERMITTED)) {
		printk("apic: cell may not switch to x2APIC "
		       "(no JAILHOUSE_CELL_X2APIC_PERMITTED), staying in xAPIC\n");
		return false;
	}
	if (!(cpuid1_ecx() & CPUID1_ECX_X2APIC)) {
		printk("apic: CPU has no x2APIC, staying in xAPIC\n");
		return false;
	}
	return true;
}

void apic_cpu_init(void)
{
	if (x2apic)
		switch_to_x2apic();
	apic_write(APIC_REG_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
}

void apic_init(bool want_x2apic)
{
	x2apic = choose_x2apic(want_x2apic);
	apic_cpu_init();
}

enum apic_timer_mode apic_timer_init(unsigned int vector)
{
	if (cpuid1_ecx() & CPUID1_ECX_TSC_DEADLINE) {
		timer_mode = APIC_TIMER_DEADLINE;
		apic_write(APIC_REG_LVT_TIMER,
			   APIC_TIMER_TSC_DEADLINE | vector);
		/* SDM: serialise the LVT write before the first deadline. */
		memory_barrier();
		return timer_mode;
	}
	if (!apic_timer_frequency()) {
		timer_mode = APIC_TIMER_NONE;
		return timer_mode;
	}
	timer_mode = APIC_TIMER_COUNTDOWN;
	apic_write(APIC_REG_TIMER_DIVIDE, APIC_TIMER_DIVIDE_BY_1);
	apic_write(APIC_REG_LVT_TIMER, APIC_TIMER_ONE_SHOT | vector);
	return timer_mode;
}

void apic_timer_arm(u64 deadline)
{
	u64 now, count;

	if (timer_mode == APIC_TIMER_DEADLINE) {
		wrmsr(MSR_TSC_DEADLINE, deadline);
		return;
	}
	if (timer_mode != APIC_TIMER_COUNTDOWN)
		return;
	now = rdtsc();
	count = deadline > now ?
			ticks_convert(deadline - now, tsc_khz, apic_timer_khz) :
			1;
	if (count == 0)
		count = 1;
	if (count > 0xffffffffULL)
		count = 0xffffffffULL;
	apic_write(APIC_REG_TIMER_INITIAL, (u32)count);
}

const char *apic_timer_mode_name(enum apic_timer_mode mode)
{
	switch (mode) {
	case APIC_TIMER_DEADLINE:
		return "TSC-deadline";
	case APIC_TIMER_COUNTDOWN:
		return "one-shot countdown";
	default:
		return "none";
	}
}
