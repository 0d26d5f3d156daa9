// SPDX-License-Identifier: GPL-2.0
/*
 * Load-time parameters of an inmate (inmates/x86/lib/param.c): what
 * `cell load ... -s "jh-params: ..." -a 0xff000` leaves in the page, and
 * what the page may hold when nothing was loaded there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <inmate/param.h>

static char page[4096];

static unsigned long get(const char *text, const char *key)
{
	memset(page, 0, sizeof(page));
	memcpy(page, text, strlen(text) + 1);
	return param_parse(page, sizeof(page), key, 7);
}

static void test_values_by_key(void **state)
{
	(void)state;
	assert_int_equal(get("jh-params: echoes=100 bench=1", "echoes"), 100);
	assert_int_equal(get("jh-params: echoes=100 bench=1", "bench"), 1);
	assert_int_equal(get("jh-params:bench=0", "bench"), 0);
}

static void test_defaults(void **state)
{
	(void)state;
	/* absent, a longer key, a key that only ends like it */
	assert_int_equal(get("jh-params: echoes=100", "bench"), 7);
	assert_int_equal(get("jh-params: echoes2=3", "echoes"), 7);
	assert_int_equal(get("jh-params: xechoes=3", "echoes"), 7);
	/* not a number, or trailing garbage */
	assert_int_equal(get("jh-params: echoes=", "echoes"), 7);
	assert_int_equal(get("jh-params: echoes=12x", "echoes"), 7);
	/* no prefix: whatever the memory held */
	assert_int_equal(get("echoes=100", "echoes"), 7);
	assert_int_equal(get("jh-param echoes=100", "echoes"), 7);
}

static void test_string_ends_at_unprintable_or_page_end(void **state)
{
	(void)state;
	memset(page, 0, sizeof(page));
	strcpy(page, "jh-params: a=1");
	page[14] = '\n';
	strcpy(page + 15, "echoes=5");
	assert_int_equal(param_parse(page, sizeof(page), "echoes", 7), 7);
	/* no NUL at all: the page's end ends it */
	memset(page, 'x', sizeof(page));
	memcpy(page, "jh-params: echoes=9 ", 20);
	assert_int_equal(param_parse(page, sizeof(page), "echoes", 7), 9);
	memcpy(page + sizeof(page) - 9, " echoes=4", 9);
	assert_int_equal(param_parse(page, sizeof(page), "bench", 7), 7);
	/* a prefix cut by the page's end */
	assert_int_equal(param_parse(page, 5, "echoes", 7), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_by_key),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_string_ends_at_unprintable_or_page_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
