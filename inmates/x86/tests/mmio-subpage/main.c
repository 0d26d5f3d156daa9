// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * mmio-subpage: reads the HPET main counter through the sub-page region
 * of configs/x86/mmio-subpage.c (0xfed000f0, 8 bytes, 32/64-bit reads).
 * The hypervisor emulates every access: 64-bit reads before and after a
 * delay must show the counter advancing, and the 32-bit halves must lie
 * between them.  Last, a 16-bit read, a width the region does not allow,
 * announced like an attack (attack.h): it must stop the cell.
 * Expected: "(advancing)", "(consistent)", then the cell fails with fault
 * "mmio-decode" at the announced RIP.
 */
#include "../attack.h"

#define HPET_COUNTER 0xfed000f0UL
#define NAME "mmio-subpage"

static u64 read64(unsigned long address)
{
	u64 value;

	asm volatile("movq (%1), %0" : "=r"(value) : "r"(address) : "memory");
	return value;
}

static u32 read32(unsigned long address)
{
	u32 value;

	asm volatile("movl (%1), %0" : "=r"(value) : "r"(address) : "memory");
	return value;
}

static u16 __attribute__((noinline)) attack(void)
{
	u16 value;

	asm volatile(ATTACK_INSTRUCTION("movw (%1), %0")
		     : "=r"(value)
		     : "r"(HPET_COUNTER)
		     : "memory");
	return value;
}

/* About a millisecond; with no usable clock, a fixed spin. */
static void pause_a_little(int have_time)
{
	unsigned int n;

	if (have_time) {
		delay_us(1000);
		return;
	}
	for (n = 0; n < 1000000; n++)
		cpu_relax();
}

/* The halves read after `before` and before `after` must lie between. */
static int halves_consistent(u64 before, u32 low, u32 high, u64 after)
{
	if (high < (u32)(before >> 32) || high > (u32)(after >> 32))
		return 0;
	if ((before >> 32) == (after >> 32))
		return low >= (u32)before && low <= (u32)after;
	return 1;
}

void inmate_main(void)
{
	int have_time = timing_init() == 0;
	u64 first, second, third;
	u32 low, high;
	u16 value;

	first = read64(HPET_COUNTER);
	pause_a_little(have_time);
	second = read64(HPET_COUNTER);
	printk(NAME ": counter %#llx -> %#llx (%s)\n", first, second,
	       second > first ? "advancing" : "NOT ADVANCING");

	low = read32(HPET_COUNTER);
	high = read32(HPET_COUNTER + 4);
	third = read64(HPET_COUNTER);
	printk(NAME ": 32-bit halves low %#x high %#x (%s)\n", low, high,
	       halves_consistent(second, low, high, third) ? "consistent" :
							     "INCONSISTENT");

	attack_announce(NAME, "16-bit read");
	value = attack();
	printk(NAME ": 16-bit read gave %#x\n", value);
	attack_not_stopped(NAME);
}
