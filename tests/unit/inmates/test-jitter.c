// SPDX-License-Identifier: GPL-2.0
/* Jitter statistics of apic-demo: min/avg/max over windows and in total. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inmate/jitter.h>

static void test_empty_stats_are_zero(void **state)
{
	struct jitter_stats s;

	(void)state;
	jitter_reset(&s);
	assert_int_equal(s.samples, 0);
	assert_int_equal(jitter_average(&s), 0);
}

static void test_min_avg_max_of_a_series(void **state)
{
	struct jitter_stats s;
	const int64_t latencies[] = { 900, 1100, 1000, 5000, 1000 };

	(void)state;
	jitter_reset(&s);
	for (unsigned int i = 0; i < 5; i++)
		jitter_add(&s, latencies[i]);
	assert_int_equal(s.samples, 5);
	assert_int_equal(s.min, 900);
	assert_int_equal(s.max, 5000);
	assert_int_equal(jitter_average(&s), 1800);
}

static void test_first_sample_sets_min_and_max(void **state)
{
	struct jitter_stats s;

	(void)state;
	jitter_reset(&s);
	/* min must not stick at the reset value 0 */
	jitter_add(&s, 700);
	assert_int_equal(s.min, 700);
	assert_int_equal(s.max, 700);
	jitter_reset(&s);
	jitter_add(&s, -300);
	assert_int_equal(s.max, -300);
}

static void test_average_rounds_to_nearest_for_both_signs(void **state)
{
	struct jitter_stats s;

	(void)state;
	jitter_reset(&s);
	jitter_add(&s, 1);
	jitter_add(&s, 2);
	assert_int_equal(jitter_average(&s), 2); /* 1.5 -> 2 */
	jitter_reset(&s);
	jitter_add(&s, -1);
	jitter_add(&s, -2);
	assert_int_equal(jitter_average(&s), -2); /* -1.5 -> -2 */
	jitter_add(&s, 0);
	assert_int_equal(jitter_average(&s), -1); /* -1 */
}

static void test_sum_overflow_drops_sample_and_counts_it(void **state)
{
	struct jitter_stats s;

	(void)state;
	jitter_reset(&s);
	jitter_add(&s, INT64_MAX - 10);
	jitter_add(&s, 100);
	assert_int_equal(s.samples, 1);
	assert_int_equal(s.overflows, 1);
	assert_int_equal(s.max, INT64_MAX - 10);
}

static void test_merge_window_into_total(void **state)
{
	struct jitter_stats total, window;

	(void)state;
	jitter_reset(&total);
	jitter_reset(&window);
	jitter_merge(&total, &window); /* empty: no effect */
	assert_int_equal(total.samples, 0);

	jitter_add(&window, 50);
	jitter_add(&window, 150);
	jitter_merge(&total, &window);
	jitter_reset(&window);
	jitter_add(&window, 20);
	jitter_add(&window, 400);
	jitter_merge(&total, &window);
	assert_int_equal(total.samples, 4);
	assert_int_equal(total.min, 20);
	assert_int_equal(total.max, 400);
	assert_int_equal(jitter_average(&total), 155);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_stats_are_zero),
		cmocka_unit_test(test_min_avg_max_of_a_series),
		cmocka_unit_test(test_first_sample_sets_min_and_max),
		cmocka_unit_test(test_average_rounds_to_nearest_for_both_signs),
		cmocka_unit_test(test_sum_overflow_drops_sample_and_counts_it),
		cmocka_unit_test(test_merge_window_into_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
