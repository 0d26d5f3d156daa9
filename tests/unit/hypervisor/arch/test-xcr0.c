// SPDX-License-Identifier: GPL-2.0
/*
 * arch/xcr0.c: every XCR0 rule of the SDM (Vol. 1 13.3), on the XCR0
 * enumeration of named parts (fixtures/cpu-parts.h), and the XSETBV
 * exceptions.  A value accepted here is executed by the hypervisor in VMX
 * root: accepting an invalid one would be a #GP there.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "xcr0.h"
#include "../fixtures/cpu-parts.h"

static __u64 supported(const struct cpu_part *p)
{
	return xcr0_supported_from_cpuid(p->leafd0_eax, p->leafd0_edx);
}

static int valid(__u64 value, const struct cpu_part *p)
{
	return xcr0_invalid_reason(value, supported(p)) == NULL;
}

static void test_every_supported_component_at_once_is_valid(void **state)
{
	(void)state;
	assert_true(valid(0x2ff, &skylake_sp));
	assert_true(valid(0x602e7, &sapphire_rapids));
	assert_true(valid(0x207, &alder_lake));
	assert_true(valid(0x3, &tremont));
}

static void test_x87_must_stay_set(void **state)
{
	(void)state;
	assert_false(valid(0, &skylake_sp));
	assert_false(valid(XCR0_SSE | XCR0_AVX, &alder_lake));
	assert_true(valid(XCR0_X87, &tremont));
}

static void test_avx_needs_sse(void **state)
{
	(void)state;
	assert_false(valid(XCR0_X87 | XCR0_AVX, &alder_lake));
	assert_true(valid(XCR0_X87 | XCR0_SSE | XCR0_AVX, &alder_lake));
	/* SSE alone without AVX is fine */
	assert_true(valid(XCR0_X87 | XCR0_SSE, &alder_lake));
}

static void test_avx512_is_all_or_none(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE | XCR0_AVX;

	(void)state;
	assert_false(valid(base | XCR0_OPMASK, &skylake_sp));
	assert_false(valid(base | XCR0_OPMASK | XCR0_ZMM_HI256, &skylake_sp));
	assert_false(valid(base | XCR0_HI16_ZMM, &sapphire_rapids));
	assert_false(
		valid(base | XCR0_ZMM_HI256 | XCR0_HI16_ZMM, &sapphire_rapids));
	assert_true(valid(base | XCR0_AVX512, &skylake_sp));
	assert_true(valid(base | XCR0_AVX512, &sapphire_rapids));
}

static void test_avx512_needs_avx(void **state)
{
	(void)state;
	assert_false(valid(XCR0_X87 | XCR0_SSE | XCR0_AVX512, &skylake_sp));
	assert_string_equal(xcr0_invalid_reason(XCR0_X87 | XCR0_SSE |
							XCR0_AVX512,
						supported(&skylake_sp)),
			    "AVX-512 without AVX");
}

static void test_mpx_registers_go_together(void **state)
{
	(void)state;
	assert_false(valid(XCR0_X87 | XCR0_BNDREGS, &skylake_sp));
	assert_false(valid(XCR0_X87 | XCR0_BNDCSR, &skylake_sp));
	assert_true(valid(XCR0_X87 | XCR0_MPX, &skylake_sp));
	/* MPX does not need SSE or AVX */
	assert_true(valid(XCR0_X87 | XCR0_SSE | XCR0_MPX, &skylake_sp));
}

static void test_amx_tile_config_and_data_go_together(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE | XCR0_AVX;

	(void)state;
	assert_false(valid(base | XCR0_XTILECFG, &sapphire_rapids));
	assert_false(valid(base | XCR0_XTILEDATA, &sapphire_rapids));
	assert_true(valid(base | XCR0_AMX, &sapphire_rapids));
	assert_true(valid(base | XCR0_AVX512 | XCR0_PKRU | XCR0_AMX,
			  &sapphire_rapids));
}

static void test_components_the_part_lacks_are_refused(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE | XCR0_AVX;

	(void)state;
	assert_false(valid(base | XCR0_AMX, &skylake_sp));
	assert_false(valid(XCR0_X87 | XCR0_MPX, &sapphire_rapids));
	assert_false(valid(base | XCR0_AVX512, &alder_lake));
	assert_false(valid(XCR0_X87 | XCR0_MPX, &alder_lake));
	assert_false(valid(base, &tremont));
	assert_false(valid(XCR0_X87 | XCR0_SSE | XCR0_PKRU, &tremont));
	assert_false(valid(base | XCR0_APX, &sapphire_rapids));
	assert_false(valid(base | (1ULL << 63), &sapphire_rapids));
	assert_string_equal(xcr0_invalid_reason(base | XCR0_AMX,
						supported(&skylake_sp)),
			    "state component the CPU does not support");
}

static void test_supervisor_components_are_never_xcr0_bits(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE;
	unsigned int bit;

	(void)state;
	for (bit = 8; bit <= 16; bit++) {
		if (bit == 9) /* PKRU is a user component */
			continue;
		/* even if a (buggy or hostile) enumeration claims it */
		assert_non_null(
			xcr0_invalid_reason(base | (1ULL << bit), ~0ULL));
		assert_int_equal(xcr0_supported_from_cpuid(1U << bit, 0), 0);
	}
	assert_true(valid(base | XCR0_AVX | XCR0_PKRU, &alder_lake));
}

static enum xsetbv_outcome xsetbv(__u32 index, __u64 value, int cpl,
				  int osxsave, const struct cpu_part *p)
{
	struct xsetbv_request req = {
		.index = index,
		.value = value,
		.cpl = cpl,
		.cr4_osxsave = osxsave,
	};

	return xsetbv_check(&req, supported(p));
}

static void test_xsetbv_exceptions(void **state)
{
	(void)state;
	assert_int_equal(xsetbv(0, 0x207, 0, 1, &alder_lake), XSETBV_OK);
	assert_int_equal(xsetbv(0, 0x207, 0, 0, &alder_lake), XSETBV_UD);
	/* #UD has priority over the other checks */
	assert_int_equal(xsetbv(1, 0, 3, 0, &alder_lake), XSETBV_UD);
	assert_int_equal(xsetbv(0, 0x207, 3, 1, &alder_lake), XSETBV_GP);
	assert_int_equal(xsetbv(1, 0x207, 0, 1, &alder_lake), XSETBV_GP);
	assert_int_equal(xsetbv(0xffffffff, 0x3, 0, 1, &tremont), XSETBV_GP);
	assert_int_equal(xsetbv(0, 0x67, 0, 1, &skylake_sp), XSETBV_GP);
	assert_int_equal(xsetbv(0, 0x20007, 0, 1, &sapphire_rapids), XSETBV_GP);
	assert_int_equal(xsetbv(0, 0, 0, 1, &tremont), XSETBV_GP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_every_supported_component_at_once_is_valid),
		cmocka_unit_test(test_x87_must_stay_set),
		cmocka_unit_test(test_avx_needs_sse),
		cmocka_unit_test(test_avx512_is_all_or_none),
		cmocka_unit_test(test_avx512_needs_avx),
		cmocka_unit_test(test_mpx_registers_go_together),
		cmocka_unit_test(test_amx_tile_config_and_data_go_together),
		cmocka_unit_test(test_components_the_part_lacks_are_refused),
		cmocka_unit_test(
			test_supervisor_components_are_never_xcr0_bits),
		cmocka_unit_test(test_xsetbv_exceptions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
