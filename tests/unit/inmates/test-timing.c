// SPDX-License-Identifier: GPL-2.0
/* Clock arithmetic of the inmate library: conversions and calibration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inmate/timing.h>

#define BOCHS_TSC_KHZ 50000 /* ips=50000000: the TSC reads 50 MHz */
#define GHZ_3_KHZ 3000000

static void test_ticks_to_ns_exact_values(void **state)
{
	(void)state;
	assert_int_equal(ticks_to_ns(50000, BOCHS_TSC_KHZ), 1000000);
	assert_int_equal(ticks_to_ns(3, GHZ_3_KHZ), 1);
	assert_int_equal(ticks_to_ns(1, GHZ_3_KHZ), 0); /* truncates */
	assert_int_equal(ticks_to_ns(123, 0), 0);	/* unknown clock */
}

static void test_ticks_to_ns_does_not_overflow(void **state)
{
	/* 2^63 ticks at 3 GHz: naive ticks * 10^6 would wrap many times. */
	uint64_t ticks = 1ULL << 63;
	uint64_t want =
		(uint64_t)((unsigned __int128)ticks * 1000000 / GHZ_3_KHZ);

	(void)state;
	assert_int_equal(ticks_to_ns(ticks, GHZ_3_KHZ), want);
	ticks = UINT64_MAX - 12345;
	want = (uint64_t)((unsigned __int128)ticks * 1000000 / 4000000);
	assert_int_equal(ticks_to_ns(ticks, 4000000), want);
}

static void test_ns_to_ticks_round_trips(void **state)
{
	(void)state;
	assert_int_equal(ns_to_ticks(NS_PER_MS, BOCHS_TSC_KHZ), 50000);
	assert_int_equal(ns_to_ticks(NS_PER_S, GHZ_3_KHZ), 3000000000ULL);
	for (uint64_t ns = 1; ns < 100 * NS_PER_S; ns = ns * 7 + 3)
		assert_int_equal(ticks_to_ns(ns_to_ticks(ns, 1000000), 1000000),
				 ns);
}

static void test_signed_ticks_keep_their_sign(void **state)
{
	(void)state;
	assert_int_equal(signed_ticks_to_ns(-50, BOCHS_TSC_KHZ), -1000);
	assert_int_equal(signed_ticks_to_ns(50, BOCHS_TSC_KHZ), 1000);
	assert_int_equal(signed_ticks_to_ns(-1000000, 1000000), -1000000);
}

static void test_ticks_convert_between_clocks(void **state)
{
	(void)state;
	/* 1 ms of TSC at 3 GHz is 100000 ticks of a 100 MHz APIC timer. */
	assert_int_equal(ticks_convert(3000000, GHZ_3_KHZ, 100000), 100000);
	assert_int_equal(ticks_convert(5, 0, 100000), 0);
}

static void test_pm_timer_delta_handles_wrap(void **state)
{
	(void)state;
	assert_int_equal(pm_timer_delta(100, 35895), 35795);
	/* The 24-bit counter wrapped: 0xfffff0 -> 0x10 is 0x20 ticks. */
	assert_int_equal(pm_timer_delta(0xfffff0, 0x10), 0x20);
	/* A 32-bit PM timer reads its high byte too: it is masked off. */
	assert_int_equal(pm_timer_delta(0x01fffff0, 0x02000010), 0x20);
}

static void test_calibrate_khz_from_pm_timer(void **state)
{
	(void)state;
	/* 10 ms of PM timer (35795 ticks) while a 50 MHz TSC ran 500000. */
	assert_int_equal(calibrate_khz(500000, 35795, PM_TIMER_HZ), 50000);
	/* 3 GHz for exactly one second of reference */
	assert_int_equal(calibrate_khz(3000000000ULL, PM_TIMER_HZ, PM_TIMER_HZ),
			 3000000);
}

static void test_calibrate_khz_refuses_nonsense(void **state)
{
	(void)state;
	assert_int_equal(calibrate_khz(1000, 0, PM_TIMER_HZ), 0);
	assert_int_equal(calibrate_khz(1000, 10, 0), 0);
	/* Beyond 2^32 kHz: not a clock, report failure rather than wrap. */
	assert_int_equal(calibrate_khz(UINT64_MAX / 4, 1, 1000), 0);
	assert_int_equal(calibrate_khz(10, UINT64_MAX / 2, 1000), 0);
	assert_int_equal(calibrate_khz(10000000000000ULL, 1, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticks_to_ns_exact_values),
		cmocka_unit_test(test_ticks_to_ns_does_not_overflow),
		cmocka_unit_test(test_ns_to_ticks_round_trips),
		cmocka_unit_test(test_signed_ticks_keep_their_sign),
		cmocka_unit_test(test_ticks_convert_between_clocks),
		cmocka_unit_test(test_pm_timer_delta_handles_wrap),
		cmocka_unit_test(test_calibrate_khz_from_pm_timer),
		cmocka_unit_test(test_calibrate_khz_refuses_nonsense),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
