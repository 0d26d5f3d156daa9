// SPDX-License-Identifier: GPL-2.0
/*
 * arch/xcr0.c: every XCR0 rule of the SDM (Vol. 1 13.3), on the XCR0
 * enumeration of named parts (fixtures/cpu-parts.h: recorded leaf 0xD.0
 * of real machines, and one hand-composed Sapphire Rapids for AMX, which
 * no recording found has), and the XSETBV
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
	return xcr0_supported_from_cpuid(p->ld0.eax, p->ld0.edx);
}

static int valid(__u64 value, const struct cpu_part *p)
{
	return xcr0_invalid_reason(value, supported(p)) == NULL;
}

static void test_every_supported_component_at_once_is_valid(void **state)
{
	(void)state;
	/* the XCR0 each recording enumerates is itself valid */
	assert_true(valid(0x1f, &core_i7_6700k));
	assert_true(valid(0x2ff, &xeon_8269cy));
	assert_true(valid(0xe7, &xeon_d_1718t));
	assert_true(valid(0x207, &core_i9_12900k));
	assert_true(valid(0x1b, &celeron_n4100));
	assert_true(valid(0x602e7, &sapphire_rapids_composed));
	assert_true(supported(&core_i9_12900k) == 0x207);
	assert_true(supported(&celeron_n4100) == 0x1b);
}

static void test_x87_must_stay_set(void **state)
{
	(void)state;
	assert_false(valid(0, &xeon_8269cy));
	assert_false(valid(XCR0_SSE | XCR0_AVX, &core_i9_12900k));
	assert_true(valid(XCR0_X87, &celeron_n4100));
}

static void test_avx_needs_sse(void **state)
{
	(void)state;
	assert_false(valid(XCR0_X87 | XCR0_AVX, &core_i9_12900k));
	assert_true(valid(XCR0_X87 | XCR0_SSE | XCR0_AVX, &core_i9_12900k));
	/* SSE alone without AVX is fine */
	assert_true(valid(XCR0_X87 | XCR0_SSE, &core_i9_12900k));
}

static void test_avx512_is_all_or_none(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE | XCR0_AVX;

	(void)state;
	assert_false(valid(base | XCR0_OPMASK, &xeon_8269cy));
	assert_false(valid(base | XCR0_OPMASK | XCR0_ZMM_HI256, &xeon_8269cy));
	assert_false(valid(base | XCR0_HI16_ZMM, &xeon_d_1718t));
	assert_false(
		valid(base | XCR0_ZMM_HI256 | XCR0_HI16_ZMM, &xeon_d_1718t));
	assert_true(valid(base | XCR0_AVX512, &xeon_8269cy));
	assert_true(valid(base | XCR0_AVX512, &xeon_d_1718t));
}

static void test_avx512_needs_avx(void **state)
{
	(void)state;
	assert_false(valid(XCR0_X87 | XCR0_SSE | XCR0_AVX512, &xeon_8269cy));
	assert_string_equal(xcr0_invalid_reason(XCR0_X87 | XCR0_SSE |
							XCR0_AVX512,
						supported(&xeon_8269cy)),
			    "AVX-512 without AVX");
}

static void test_mpx_registers_go_together(void **state)
{
	(void)state;
	assert_false(valid(XCR0_X87 | XCR0_BNDREGS, &core_i7_6700k));
	assert_false(valid(XCR0_X87 | XCR0_BNDCSR, &xeon_8269cy));
	assert_true(valid(XCR0_X87 | XCR0_MPX, &core_i7_6700k));
	/* MPX does not need SSE or AVX: the N4100 has MPX and no AVX */
	assert_true(valid(XCR0_X87 | XCR0_SSE | XCR0_MPX, &celeron_n4100));
	assert_false(valid(XCR0_X87 | XCR0_BNDCSR, &celeron_n4100));
}

static void test_amx_tile_config_and_data_go_together(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE | XCR0_AVX;

	(void)state;
	/* no recorded part has AMX: the hand-composed one */
	assert_false(valid(base | XCR0_XTILECFG, &sapphire_rapids_composed));
	assert_false(valid(base | XCR0_XTILEDATA, &sapphire_rapids_composed));
	assert_true(valid(base | XCR0_AMX, &sapphire_rapids_composed));
	assert_true(valid(base | XCR0_AVX512 | XCR0_PKRU | XCR0_AMX,
			  &sapphire_rapids_composed));
}

static void test_components_the_part_lacks_are_refused(void **state)
{
	__u64 base = XCR0_X87 | XCR0_SSE | XCR0_AVX;

	(void)state;
	assert_false(valid(base | XCR0_AMX, &xeon_8269cy));
	assert_false(valid(base | XCR0_AMX, &core_i9_12900k));
	assert_false(valid(XCR0_X87 | XCR0_MPX, &xeon_d_1718t));
	assert_false(valid(XCR0_X87 | XCR0_MPX, &sapphire_rapids_composed));
	assert_false(valid(base | XCR0_AVX512, &core_i9_12900k));
	assert_false(valid(base | XCR0_AVX512, &core_i7_6700k));
	assert_false(valid(XCR0_X87 | XCR0_MPX, &core_i9_12900k));
	assert_false(valid(base, &celeron_n4100));
	assert_false(valid(XCR0_X87 | XCR0_SSE | XCR0_PKRU, &celeron_n4100));
	assert_false(valid(XCR0_X87 | XCR0_SSE | XCR0_PKRU, &core_i7_6700k));
	/* the Hyper-V guest view hides PKU: no PKRU in its XCR0 */
	assert_false(valid(base | XCR0_PKRU, &xeon_d_1718t));
	assert_false(valid(base | XCR0_APX, &core_i9_12900k));
	assert_false(valid(base | (1ULL << 63), &xeon_8269cy));
	assert_string_equal(xcr0_invalid_reason(base | XCR0_AMX,
						supported(&xeon_8269cy)),
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
	assert_true(valid(base | XCR0_AVX | XCR0_PKRU, &core_i9_12900k));
	/* the recorded 0xD.1 ECX of Alder Lake (PT, CET, arch LBR, HWP):
	 * IA32_XSS components, none of them an XCR0 bit */
	assert_int_equal(xcr0_supported_from_cpuid(core_i9_12900k.ld1.ecx, 0),
			 0);
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
	assert_int_equal(xsetbv(0, 0x207, 0, 1, &core_i9_12900k), XSETBV_OK);
	assert_int_equal(xsetbv(0, 0x207, 0, 0, &core_i9_12900k), XSETBV_UD);
	/* #UD has priority over the other checks */
	assert_int_equal(xsetbv(1, 0, 3, 0, &core_i9_12900k), XSETBV_UD);
	assert_int_equal(xsetbv(0, 0x207, 3, 1, &core_i9_12900k), XSETBV_GP);
	assert_int_equal(xsetbv(1, 0x207, 0, 1, &core_i9_12900k), XSETBV_GP);
	assert_int_equal(xsetbv(0xffffffff, 0x3, 0, 1, &celeron_n4100),
			 XSETBV_GP);
	assert_int_equal(xsetbv(0, 0x67, 0, 1, &xeon_8269cy), XSETBV_GP);
	/* the whole MPX pair on the 6700K, half of it */
	assert_int_equal(xsetbv(0, 0x1f, 0, 1, &core_i7_6700k), XSETBV_OK);
	assert_int_equal(xsetbv(0, 0x0f, 0, 1, &core_i7_6700k), XSETBV_GP);
	assert_int_equal(xsetbv(0, 0x20007, 0, 1, &sapphire_rapids_composed),
			 XSETBV_GP);
	assert_int_equal(xsetbv(0, 0, 0, 1, &celeron_n4100), XSETBV_GP);
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
