// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Clock arithmetic.  Split into quotient and remainder so that no product
 * overflows 64 bits (and no 128-bit division needs libgcc).
 */
#include <inmate/timing.h>

/* value * mul / div without overflow for mul, div < 2^32. */
static u64 scale(u64 value, u64 mul, u64 div)
{
	return (value / div) * mul + (value % div) * mul / div;
}

u64 ticks_to_ns(u64 ticks, u32 khz)
{
	if (!khz)
		return 0;
	return scale(ticks, NS_PER_MS, khz);
}

u64 ns_to_ticks(u64 ns, u32 khz)
{
	return scale(ns, khz, NS_PER_MS);
}

s64 signed_ticks_to_ns(s64 ticks, u32 khz)
{
	if (ticks < 0)
		return -(s64)ticks_to_ns(-(u64)ticks, khz);
	return (s64)ticks_to_ns((u64)ticks, khz);
}

u64 ticks_convert(u64 ticks, u32 from_khz, u32 to_khz)
{
	if (!from_khz)
		return 0;
	return scale(ticks, to_khz, from_khz);
}

u32 pm_timer_delta(u32 start, u32 end)
{
	return (end - start) & PM_TIMER_MASK;
}

u32 calibrate_khz(u64 counted, u64 reference, u64 ref_hz)
{
	u64 khz;

	if (!reference || !ref_hz)
		return 0;
	/* Keep both partial products of scale() within 64 bits. */
	if (reference > ~0ULL / ref_hz || counted / reference > ~0ULL / ref_hz)
		return 0;
	/* counted * ref_hz / reference / 1000, in that order for precision */
	khz = scale(counted, ref_hz, reference) / 1000;
	return khz > 0xffffffffULL ? 0 : (u32)khz;
}
