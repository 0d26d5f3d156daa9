// SPDX-License-Identifier: GPL-2.0
/*
 * common/string.c and common/format.c: the libc replacements of the
 * hypervisor (and the inmates).
 * The string functions run here under their jh_* test names (common/string.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <common/format.h>
#include <common/string.h>

static void test_memcpy_memset_memcmp(void **state)
{
	unsigned char a[16], b[16];

	(void)state;
	assert_ptr_equal(memset(a, 0xab, sizeof(a)), a);
	assert_int_equal(a[0], 0xab);
	assert_int_equal(a[15], 0xab);
	assert_ptr_equal(memcpy(b, a, sizeof(a)), b);
	assert_int_equal(memcmp(a, b, sizeof(a)), 0);
	b[7] = 0xac;
	assert_int_equal(memcmp(a, b, sizeof(a)), -1);
	assert_int_equal(memcmp(b, a, sizeof(a)), 1);
	assert_int_equal(memcmp(a, b, 7), 0);
}

/* Every start from 0 to 15 bytes past a word boundary, every length 0..64:
 * the head, word and tail parts of memset() each cover exactly their bytes
 * (the guard bytes around stay), with the byte of `c` only. */
static void test_memset_unaligned_starts_and_lengths(void **state)
{
	_Alignas(16) unsigned char buf[16 + 64 + 16];
	unsigned int start, len, i;

	(void)state;
	for (start = 0; start < 16; start++) {
		for (len = 0; len <= 64; len++) {
			for (i = 0; i < sizeof(buf); i++)
				buf[i] = (unsigned char)(0x5a ^ i);
			assert_ptr_equal(memset(buf + start, 0x1c3, len),
					 buf + start);
			for (i = 0; i < sizeof(buf); i++) {
				int inside = i >= start && i < start + len;

				assert_int_equal(buf[i],
						 inside ? 0xc3 :
							  (unsigned char)(0x5a ^
									  i));
			}
		}
	}
}

static void test_memmove_overlaps_both_ways(void **state)
{
	char s[] = "abcdefgh";

	(void)state;
	memmove(s + 2, s, 5);
	assert_string_equal(s, "ababcdeh");
	memmove(s, s + 3, 5);
	assert_string_equal(s, "bcdehdeh");
}

static void test_string_functions(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("cell"), 4);
	assert_int_equal(strnlen("cell", 2), 2);
	assert_int_equal(strnlen("cell", 10), 4);
	assert_int_equal(strcmp("root", "root"), 0);
	assert_true(strcmp("root", "rooz") < 0);
	assert_true(strcmp("roo", "root") < 0);
	assert_int_equal(strncmp("JHCELL", "JHSYST", 2), 0);
	assert_true(strncmp("JHCELL", "JHSYST", 3) < 0);
	assert_int_equal(strlcpy(buf, "truncated name", sizeof(buf)), 14);
	assert_string_equal(buf, "truncat");
	assert_int_equal(strlcpy(buf, "ok", sizeof(buf)), 2);
	assert_string_equal(buf, "ok");
}

#define CHECK_FORMAT(expected, ...)                                 \
	do {                                                        \
		char out[128];                                      \
		int n = jh_snprintf(out, sizeof(out), __VA_ARGS__); \
		assert_string_equal(out, expected);                 \
		assert_int_equal(n, (int)sizeof(expected) - 1);     \
	} while (0)

static void test_format_conversions(void **state)
{
	(void)state;
	CHECK_FORMAT("CPU 1: VMX preemption timer not supported",
		     "CPU %u: VMX %s not supported", 1u, "preemption timer");
	CHECK_FORMAT("-42 42 0 2147483647 -2147483648", "%d %i %u %d %d", -42,
		     42, 0u, 2147483647, (int)-2147483648LL);
	CHECK_FORMAT("ff FF 3a000000", "%x %X %lx", 255u, 255u, 0x3a000000UL);
	CHECK_FORMAT("ffffffffffffffff -9223372036854775808", "%llx %lld",
		     ~0ULL, (long long)(-9223372036854775807LL - 1));
	CHECK_FORMAT("18446744073709551615", "%llu", ~0ULL);
	CHECK_FORMAT("c% x", "%c%% %c", 'c', 'x');
	CHECK_FORMAT("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	{
		const char *volatile none = NULL;

		CHECK_FORMAT("(null)", "%s", none);
	}
}

static void test_format_width_and_padding(void **state)
{
	(void)state;
	CHECK_FORMAT("   42|00042|42   |", "%5d|%05d|%-5d|", 42, 42, 42);
	CHECK_FORMAT("-0042|  -42", "%05d|%5d", -42, -42);
	CHECK_FORMAT("0x0000ab00", "0x%08x", 0xab00u);
	CHECK_FORMAT("  root|cell  ", "%6s|%-6s", "root", "cell");
	CHECK_FORMAT("    7", "%*u", 5, 7u);
	CHECK_FORMAT("toolong", "%3s", "toolong");
}

static void test_format_precision_and_alternate(void **state)
{
	char name[4] = { 'r', 'o', 'o', 't' }; /* not NUL-terminated */

	(void)state;
	CHECK_FORMAT("[root]", "[%.4s]", name);
	CHECK_FORMAT("[ro]", "[%.*s]", 2, name);
	CHECK_FORMAT("[  roo]", "[%5.3s]", name);
	CHECK_FORMAT("0042 -007", "%.4u %.3d", 42u, -7);
	CHECK_FORMAT("0x1f 0X1F 1f", "%#x %#X %x", 31u, 31u, 31u);
	CHECK_FORMAT("0x0000001f", "%#010x", 31u);
	CHECK_FORMAT("42", "%zu", (unsigned long)42);
}

static void test_format_truncates_and_reports_full_length(void **state)
{
	char out[6];

	(void)state;
	assert_int_equal(jh_snprintf(out, sizeof(out), "hello %s", "world"),
			 11);
	assert_string_equal(out, "hello");
	assert_int_equal(jh_snprintf(out, 1, "x"), 1);
	assert_string_equal(out, "");
	/* size 0: nothing written, not even the terminator */
	out[0] = 'Z';
	assert_int_equal(jh_snprintf(out, 0, "%u", 123u), 3);
	assert_int_equal(out[0], 'Z');
}

static void test_format_unknown_conversion_is_literal(void **state)
{
	/* The formats are not literals so that gcc's format check lets
	 * them through: they are deliberately wrong. */
	const char *volatile unknown = "%q %d", *volatile trailing =
							"trailing %";
	char out[32];

	(void)state;
	/* %q does not exist: printed as is and consumes no argument */
	assert_int_equal(jh_snprintf(out, sizeof(out), unknown, 5), 4);
	assert_string_equal(out, "%q 5");
	jh_snprintf(out, sizeof(out), trailing, 0);
	assert_string_equal(out, "trailing %");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_memset_memcmp),
		cmocka_unit_test(test_memset_unaligned_starts_and_lengths),
		cmocka_unit_test(test_memmove_overlaps_both_ways),
		cmocka_unit_test(test_string_functions),
		cmocka_unit_test(test_format_conversions),
		cmocka_unit_test(test_format_width_and_padding),
		cmocka_unit_test(test_format_precision_and_alternate),
		cmocka_unit_test(test_format_truncates_and_reports_full_length),
		cmocka_unit_test(test_format_unknown_conversion_is_literal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
