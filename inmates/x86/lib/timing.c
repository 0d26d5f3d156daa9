// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Clock frequencies: taken from the communication region; measured once
 * only where it says 0.  The measurements poll the PM timer port (granted
 * to the cell, so it does not exit) or the APIC timer for 10 ms at start-up
 * and never again.
 */
#include <inmate.h>

#define CALIBRATION_PM_TICKS (PM_TIMER_HZ / 100) /* 10 ms */
#define CALIBRATION_NS (10 * NS_PER_MS)

u32 tsc_khz;
u32 apic_timer_khz;

static u32 pm_timer_read(u16 port)
{
	return inl(port) & PM_TIMER_MASK;
}

static u32 measure_tsc_khz(u16 pm_port)
{
	u32 pm_start, pm_now;
	u64 tsc_start;

	/* Start at a PM timer edge so that the count is exact. */
	pm_start = pm_timer_read(pm_port);
	while ((pm_now = pm_timer_read(pm_port)) == pm_start)
		cpu_relax();
	tsc_start = rdtsc();
	pm_start = pm_now;
	do {
		pm_now = pm_timer_read(pm_port);
	} while (pm_timer_delta(pm_start, pm_now) < CALIBRATION_PM_TICKS);
	return calibrate_khz(rdtsc() - tsc_start,
			     pm_timer_delta(pm_start, pm_now), PM_TIMER_HZ);
}

int timing_init(void)
{
	const struct jailhouse_comm_platform *platform =
		&comm_region()->platform;

	tsc_khz = platform->tsc_khz;
	apic_timer_khz = platform->apic_khz;
	if (tsc_khz)
		return 0;
	if (!platform->pm_timer_address) {
		printk("timing: the communication region gives neither the TSC "
		       "frequency nor a PM timer port: cannot measure time\n");
		return -1;
	}
	tsc_khz = measure_tsc_khz(platform->pm_timer_address);
	if (!tsc_khz) {
		printk("timing: PM timer at port %#x does not count\n",
		       platform->pm_timer_address);
		return -1;
	}
	printk("timing: TSC measured against the PM timer: %u kHz\n", tsc_khz);
	return 0;
}

static u32 measure_apic_timer_khz(void)
{
	u64 tsc_start, tsc_end;
	u32 remaining;

	apic_write(APIC_REG_TIMER_DIVIDE, APIC_TIMER_DIVIDE_BY_1);
	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_REG_TIMER_INITIAL, 0xffffffff);
	tsc_start = rdtsc();
	tsc_end = tsc_start + ns_to_ticks(CALIBRATION_NS, tsc_khz);
	while (rdtsc() < tsc_end)
		cpu_relax();
	remaining = apic_read(APIC_REG_TIMER_CURRENT);
	tsc_end = rdtsc();
	apic_write(APIC_REG_TIMER_INITIAL, 0);
	return calibrate_khz(0xffffffffULL - remaining, tsc_end - tsc_start,
			     (u64)tsc_khz * 1000);
}

u32 apic_timer_frequency(void)
{
	if (apic_timer_khz || !tsc_khz)
		return apic_timer_khz;
	apic_timer_khz = measure_apic_timer_khz();
	if (apic_timer_khz)
		printk("timing: APIC timer measured against the TSC: %u kHz\n",
		       apic_timer_khz);
	else
		printk("timing: APIC timer does not count\n");
	return apic_timer_khz;
}

u64 time_ns(void)
{
	return ticks_to_ns(rdtsc(), tsc_khz);
}

void delay_us(u64 us)
{
	u64 end = rdtsc() + ns_to_ticks(us * 1000, tsc_khz);

	while (rdtsc() < end)
		cpu_relax();
}
