// SPDX-License-Identifier: GPL-2.0
/*
 * jh_vsnprintf() (common/format.c, the inmates' and the hypervisor's formatter) against the host's snprintf as the reference: every case
 * must produce the same text and the same return value, including when
 * the buffer is too small.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <cmocka.h>
#include <common/format.h>

/* Formats with both and compares; buffer sizes 64 and `small`. */
#define SAME_AS_LIBC(small, fmt, ...)                                       \
	do {                                                                \
		char ours[64], ref[64];                                     \
		int n_ours, n_ref;                                          \
		memset(ours, 'Z', sizeof(ours));                            \
		memset(ref, 'Z', sizeof(ref));                              \
		n_ours = jh_snprintf(ours, sizeof(ours), fmt, __VA_ARGS__); \
		n_ref = snprintf(ref, sizeof(ref), fmt, __VA_ARGS__);       \
		assert_string_equal(ours, ref);                             \
		assert_int_equal(n_ours, n_ref);                            \
		memset(ours, 'Z', sizeof(ours));                            \
		memset(ref, 'Z', sizeof(ref));                              \
		n_ours = jh_snprintf(ours, small, fmt, __VA_ARGS__);        \
		n_ref = snprintf(ref, small, fmt, __VA_ARGS__);             \
		assert_int_equal(n_ours, n_ref);                            \
		assert_memory_equal(ours, ref, sizeof(ours));               \
	} while (0)

static void test_integers_match_libc(void **state)
{
	(void)state;
	SAME_AS_LIBC(3, "%d", 0);
	SAME_AS_LIBC(3, "%d", -12345);
	SAME_AS_LIBC(3, "%i|%u", INT_MIN, UINT_MAX);
	SAME_AS_LIBC(5, "%ld %lu", LONG_MIN, ULONG_MAX);
	SAME_AS_LIBC(5, "%lld %llu", LLONG_MIN, ULLONG_MAX);
	SAME_AS_LIBC(5, "%zu %zd", (size_t)1234567, (ssize_t)-9);
	SAME_AS_LIBC(2, "%hhu %hd %hhd %hx", (unsigned char)255, (short)-300,
		     (signed char)-5, (unsigned short)0xbeef);
	SAME_AS_LIBC(4, "%x %X %o", 0xdeadbeefU, 0xabcU, 8U);
	SAME_AS_LIBC(4, "%llx", 0x123456789abcdef0ULL);
}

static void test_flags_width_precision_match_libc(void **state)
{
	(void)state;
	SAME_AS_LIBC(4, "[%5d]", 42);
	SAME_AS_LIBC(4, "[%-5d]", 42);
	SAME_AS_LIBC(4, "[%05d]", -42);
	SAME_AS_LIBC(4, "[%+d] [% d]", 7, 7);
	SAME_AS_LIBC(4, "[%#x] [%#X] [%#o]", 255U, 255U, 8U);
	SAME_AS_LIBC(4, "[%#x] [%#o]", 0U, 0U);
	SAME_AS_LIBC(4, "[%.3d] [%8.3d] [%-8.3d|]", 5, -5, 5);
	SAME_AS_LIBC(4, "[%.0d] [%.0x]", 0, 0U);
/* C: the 0 flag is ignored with a precision; gcc warns about exactly that. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	SAME_AS_LIBC(4, "[%08.3d]", 5);
#pragma GCC diagnostic pop
	SAME_AS_LIBC(4, "[%*d] [%-*d]", 6, 1, 6, 1);
	SAME_AS_LIBC(4, "[%*d]", -6, 1);
	SAME_AS_LIBC(4, "[%.*d]", 4, 3);
	SAME_AS_LIBC(4, "[%#010llx]", 0xbeefULL);
}

static void test_strings_and_chars_match_libc(void **state)
{
	(void)state;
	SAME_AS_LIBC(3, "%s", "hello");
	SAME_AS_LIBC(3, "[%8s] [%-8s]", "ab", "cd");
	SAME_AS_LIBC(3, "[%.2s] [%5.1s]", "abcdef", "xyz");
	SAME_AS_LIBC(3, "%c%c%c", 'a', 'b', 'c');
	SAME_AS_LIBC(3, "[%3c] [%-3c]", 'x', 'y');
	SAME_AS_LIBC(3, "100%% %s", "sure");
	SAME_AS_LIBC(1, "%s", "");
}

static void test_short_lengths_truncate_like_c(void **state)
{
	char buf[32];
	const char *volatile fmt = "%hhu %hd %hhx"; /* hidden from gcc */

	(void)state;
	/* An int passed for %hhu is converted to unsigned char (C 7.21.6.1). */
	jh_snprintf(buf, sizeof(buf), fmt, 0x1ff, 0x18000, 0x1234);
	assert_string_equal(buf, "255 -32768 34");
}

static void test_pointer_is_hex_with_prefix(void **state)
{
	char buf[32];

	(void)state;
	/* Not libc's text: always 0x and 16 digits (the hypervisor's log). */
	jh_snprintf(buf, sizeof(buf), "%p", (void *)0x1000);
	assert_string_equal(buf, "0x0000000000001000");
	/* glibc prints "(nil)"; we print the number, always with 0x. */
	jh_snprintf(buf, sizeof(buf), "%p", (void *)0xfee00000UL);
	assert_string_equal(buf, "0x00000000fee00000");
	jh_snprintf(buf, sizeof(buf), "%p", (void *)0);
	assert_string_equal(buf, "0x0000000000000000");
}

static void test_null_string_prints_marker(void **state)
{
	char buf[32];
	const char *volatile nothing = NULL; /* hidden from gcc's check */

	(void)state;
	jh_snprintf(buf, sizeof(buf), "[%s]", nothing);
	assert_string_equal(buf, "[(null)]");
}

/* Deliberately malformed formats: gcc's format check must not stop them. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
static void test_unknown_conversion_is_copied_verbatim(void **state)
{
	char buf[32];

	(void)state;
	/* %q is unknown; %f is floating point, not supported. */
	assert_int_equal(jh_snprintf(buf, sizeof(buf), "a%qb%5.2fc", 1), 10);
	assert_string_equal(buf, "a%qb%5.2fc");
	jh_snprintf(buf, sizeof(buf), "end%");
	assert_string_equal(buf, "end%");
	jh_snprintf(buf, sizeof(buf), "end%-0");
	assert_string_equal(buf, "end%-0");
}
#pragma GCC diagnostic pop

static void test_size_zero_writes_nothing(void **state)
{
	char buf[4] = "abc";

	(void)state;
	assert_int_equal(jh_snprintf(buf, 0, "%d", 12345), 5);
	assert_string_equal(buf, "abc");
}

static void test_truncation_terminates_and_counts_everything(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	assert_int_equal(jh_snprintf(buf, sizeof(buf), "count %llu\n",
				     123456ULL),
			 13);
	assert_string_equal(buf, "count 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers_match_libc),
		cmocka_unit_test(test_flags_width_precision_match_libc),
		cmocka_unit_test(test_strings_and_chars_match_libc),
		cmocka_unit_test(test_short_lengths_truncate_like_c),
		cmocka_unit_test(test_pointer_is_hex_with_prefix),
		cmocka_unit_test(test_null_string_prints_marker),
		cmocka_unit_test(test_unknown_conversion_is_copied_verbatim),
		cmocka_unit_test(test_size_zero_writes_nothing),
		cmocka_unit_test(
			test_truncation_terminates_and_counts_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
