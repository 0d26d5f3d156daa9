// SPDX-License-Identifier: GPL-2.0
/*
 * arch/scrub.c: which CPU state a CPU that changes owners loses, and to
 * what.  The CPUID words are the leaves the decisions read (leaf 1 ECX,
 * 7.0 EBX/ECX, 0xD.0 EAX/EDX, 0xD.1 EAX, 0x80000001 EDX), copied whole
 * from the recordings ../fixtures/cpu-parts.h cites (repository, file,
 * commit) except where a part says otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "scrub.h"

#define XSAVE (1U << 26)
#define RDTSCP (1U << 27)
#define MPX (1U << 14)
#define RDPID (1U << 22)
#define XSAVES (1U << 3)
#define XFD (1U << 4)

/* Haswell (the rig's model), HAND-COMPOSED: XSAVE, AVX, RDTSCP; no
 * XSAVES, no MPX. */
static const struct scrub_cpuid haswell = {
	.leaf1_ecx = XSAVE,
	.leafd0_eax = 0x7,
	.leafd1_eax = 0x1,
	.ext1_edx = RDTSCP,
};
/* Core i7-6700K, RECORDED (VirtualBox Intel_Core_i7_6700K.h, 2015): MPX,
 * XSAVES, RDTSCP; XCR0 0x1f. */
static const struct scrub_cpuid skylake = {
	.leaf1_ecx = 0x7ffafbbf,
	.leaf7_ebx = 0x029c6fbf,
	.leaf7_ecx = 0x00000000,
	.leafd0_eax = 0x0000001f,
	.leafd1_eax = 0x0000000f,
	.ext1_edx = 0x2c100800,
};
/* Core i9-12900K, RECORDED (libcpuid alder-lake-s-i9.test): RDPID,
 * XSAVES, no MPX, no XFD; XCR0 0x207. */
static const struct scrub_cpuid alder_lake = {
	.leaf1_ecx = 0x7ffafbff,
	.leaf7_ebx = 0x239ca7eb,
	.leaf7_ecx = 0x98c027ac,
	.leafd0_eax = 0x00000207,
	.leafd1_eax = 0x0000000f,
	.ext1_edx = 0x2c100000,
};
/* Xeon Platinum 8269CY, RECORDED (libcpuid xeon-clx.test): AVX-512 and
 * MPX, XCR0 0x2ff; leaf 0xD.1 not in the recording (0 here). */
static const struct scrub_cpuid cascade_lake = {
	.leaf1_ecx = 0x7ffefbff,
	.leaf7_ebx = 0xd39ffffb,
	.leaf7_ecx = 0x00000818,
	.leafd0_eax = 0x000002ff,
	.ext1_edx = 0x2c100800,
};
/* Sapphire Rapids, HAND-COMPOSED (no recording found; the only part
 * with XFD and AMX here): RDPID, XCR0 0x602e7; MPX gone. */
static const struct scrub_cpuid sapphire_rapids = {
	.leaf1_ecx = XSAVE,
	.leaf7_ecx = RDPID,
	.leafd0_eax = 0x602e7,
	.leafd1_eax = 0x1f,
	.ext1_edx = RDTSCP,
};

static int index_of(__u32 msr)
{
	unsigned int n;

	for (n = 0; n < SCRUB_NUM_MSRS; n++)
		if (scrub_msrs[n].msr == msr)
			return (int)n;
	return -1;
}

static struct scrub_root_state root_of(const struct scrub_cpuid *c)
{
	struct scrub_root_state s;
	unsigned int n;

	memset(&s, 0, sizeof(s));
	s.features = scrub_features(c);
	for (n = 0; n < SCRUB_NUM_MSRS; n++) {
		s.value[n] = 0xffffffff81000000ULL + n;
		s.valid |= 1U << n;
	}
	return s;
}

static void test_syscall_msrs_and_tsc_aux_are_scrubbed(void **state)
{
	static const __u32 wanted[] = { 0xc0000081, 0xc0000082, 0xc0000083,
					0xc0000084, 0xc0000102, 0xc0000103,
					0xda0,	    0xd90,	0x1c4,
					0x1c5 };
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(wanted) / sizeof(wanted[0]); n++)
		assert_true(index_of(wanted[n]) >= 0);
	/* the five syscall ones exist on every x86-64 CPU */
	for (n = 0; n < 5; n++)
		assert_int_equal(scrub_msrs[index_of(wanted[n])].needs,
				 SCRUB_ALWAYS);
	/* IA32_XFD last: XRSTOR runs with it clear (arch/scrub-cpu.c) */
	assert_int_equal(index_of(0x1c4), SCRUB_NUM_MSRS - 1);
}

static void test_a_cell_gets_zero_in_every_msr_the_cpu_has(void **state)
{
	struct scrub_root_state s = root_of(&sapphire_rapids);
	unsigned int n, written = 0;
	__u64 v;

	(void)state;
	for (n = 0; n < SCRUB_NUM_MSRS; n++) {
		v = 0x1234;
		if (!scrub_msr_value(n, SCRUB_TO_CELL, &s, &v))
			continue;
		assert_true(v == 0);
		written++;
	}
	/* all but BNDCFGS: no MPX on Sapphire Rapids */
	assert_int_equal(written, SCRUB_NUM_MSRS - 1);
	assert_int_equal(scrub_msr_value(index_of(0xd90), SCRUB_TO_CELL, &s,
					 &v),
			 0);
}

static void test_the_root_gets_linux_values_back(void **state)
{
	struct scrub_root_state s = root_of(&skylake);
	unsigned int n;
	__u64 v;

	(void)state;
	for (n = 0; n < SCRUB_NUM_MSRS; n++) {
		if (scrub_msrs[n].needs == SCRUB_HAS_XFD) {
			assert_int_equal(scrub_msr_value(n, SCRUB_TO_ROOT, &s,
							 &v),
					 0);
			continue;
		}
		assert_int_equal(scrub_msr_value(n, SCRUB_TO_ROOT, &s, &v), 1);
		assert_true(v == s.value[n]);
	}
}

/* A value that could not be read at enable is never written back: the
 * root would get a zero it never had. */
static void test_unread_root_value_is_left_alone(void **state)
{
	struct scrub_root_state s = root_of(&haswell);
	int lstar = index_of(0xc0000082);
	__u64 v = 7;

	(void)state;
	s.valid &= ~(1U << lstar);
	assert_int_equal(scrub_msr_value(lstar, SCRUB_TO_ROOT, &s, &v), 0);
	assert_true(v == 7);
	/* a cell still gets zero */
	assert_int_equal(scrub_msr_value(lstar, SCRUB_TO_CELL, &s, &v), 1);
	assert_true(v == 0);
	assert_int_equal(scrub_msr_value(SCRUB_NUM_MSRS, SCRUB_TO_CELL, &s, &v),
			 0);
}

static void test_features_of_named_parts(void **state)
{
	struct scrub_cpuid none = { 0 };
	struct scrub_cpuid no_xsave = skylake;

	(void)state;
	assert_int_equal(scrub_features(&haswell),
			 SCRUB_HAS_XSAVE | SCRUB_HAS_TSC_AUX);
	assert_int_equal(scrub_features(&skylake),
			 SCRUB_HAS_XSAVE | SCRUB_HAS_TSC_AUX | SCRUB_HAS_MPX |
				 SCRUB_HAS_XSAVES);
	assert_int_equal(scrub_features(&alder_lake),
			 SCRUB_HAS_XSAVE | SCRUB_HAS_TSC_AUX |
				 SCRUB_HAS_XSAVES);
	/* no leaf 0xD.1 in the recording: no XSAVES seen */
	assert_int_equal(scrub_features(&cascade_lake),
			 SCRUB_HAS_XSAVE | SCRUB_HAS_TSC_AUX | SCRUB_HAS_MPX);
	assert_int_equal(scrub_features(&sapphire_rapids),
			 SCRUB_HAS_XSAVE | SCRUB_HAS_TSC_AUX |
				 SCRUB_HAS_XSAVES | SCRUB_HAS_XFD);
	assert_int_equal(scrub_features(&none), 0);
	/* leaf 0xD means nothing without XSAVE */
	no_xsave.leaf1_ecx = 0;
	assert_int_equal(scrub_features(&no_xsave),
			 SCRUB_HAS_TSC_AUX | SCRUB_HAS_MPX);
}

static void test_tsc_aux_with_rdpid_only(void **state)
{
	struct scrub_cpuid c = { .leaf7_ecx = RDPID };
	struct scrub_root_state s = root_of(&c);
	__u64 v;

	(void)state;
	assert_int_equal(scrub_features(&c), SCRUB_HAS_TSC_AUX);
	assert_int_equal(scrub_msr_value(index_of(0xc0000103), SCRUB_TO_CELL,
					 &s, &v),
			 1);
	c.leaf7_ecx = 0;
	s = root_of(&c);
	assert_int_equal(scrub_msr_value(index_of(0xc0000103), SCRUB_TO_CELL,
					 &s, &v),
			 0);
}

static void test_xcr0_covers_every_user_component(void **state)
{
	(void)state;
	assert_true(scrub_xcr0_mask(&haswell) == 0x7);
	assert_true(scrub_xcr0_mask(&skylake) == 0x1f);
	assert_true(scrub_xcr0_mask(&cascade_lake) == 0x2ff);
	assert_true(scrub_xcr0_mask(&alder_lake) == 0x207);
	assert_true(scrub_xcr0_mask(&sapphire_rapids) == 0x602e7);
}

/* Groups the SDM's XSETBV rules refuse in part never reach XSETBV. */
static void test_xcr0_drops_incomplete_groups(void **state)
{
	struct scrub_cpuid c = sapphire_rapids;

	(void)state;
	c.leafd0_eax = 0x60047; /* AVX-512 opmask only, AMX whole */
	assert_true(scrub_xcr0_mask(&c) == 0x60007);
	c.leafd0_eax = 0x20007; /* TILECFG without TILEDATA */
	assert_true(scrub_xcr0_mask(&c) == 0x7);
	c.leafd0_eax = 0x0f; /* BNDREGS without BNDCSR */
	assert_true(scrub_xcr0_mask(&c) == 0x7);
	c.leafd0_eax = 0xe5; /* AVX and AVX-512 without SSE */
	assert_true(scrub_xcr0_mask(&c) == 0x1);
	c.leafd0_eax = 0xe3; /* AVX-512 without AVX */
	assert_true(scrub_xcr0_mask(&c) == 0x3);
	c.leafd0_eax = 0x2; /* x87 is never left out */
	assert_true(scrub_xcr0_mask(&c) == 0x3);
	/* supervisor bits (PT 8, CET 11/12) never, PKRU (9) kept */
	c.leafd0_eax = 0x1b03;
	assert_true(scrub_xcr0_mask(&c) == 0x203);
	c.leafd0_eax = 0x7;
	c.leaf1_ecx = 0;
	assert_true(scrub_xcr0_mask(&c) == 0x1);
}

static void test_init_xsave_area(void **state)
{
	__u8 area[SCRUB_XSAVE_AREA_SIZE + 8];
	unsigned int n;

	(void)state;
	memset(area, 0xa5, sizeof(area));
	scrub_init_xsave_area(area);
	/* MXCSR at its reset value, little endian */
	assert_int_equal(area[24], 0x80);
	assert_int_equal(area[25], 0x1f);
	assert_int_equal(area[26], 0);
	assert_int_equal(area[27], 0);
	/* FCW for FXRSTOR */
	assert_int_equal(area[0], 0x7f);
	assert_int_equal(area[1], 0x03);
	/* every other byte zero: the abridged tag (4: all empty), the x87
	 * and XMM registers, XSTATE_BV (512) and XCOMP_BV (520), so XRSTOR
	 * initialises instead of loading */
	for (n = 2; n < SCRUB_XSAVE_AREA_SIZE; n++)
		if (n < 24 || n > 27)
			assert_int_equal(area[n], 0);
	/* and nothing past the area */
	assert_int_equal(area[SCRUB_XSAVE_AREA_SIZE], 0xa5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall_msrs_and_tsc_aux_are_scrubbed),
		cmocka_unit_test(
			test_a_cell_gets_zero_in_every_msr_the_cpu_has),
		cmocka_unit_test(test_the_root_gets_linux_values_back),
		cmocka_unit_test(test_unread_root_value_is_left_alone),
		cmocka_unit_test(test_features_of_named_parts),
		cmocka_unit_test(test_tsc_aux_with_rdpid_only),
		cmocka_unit_test(test_xcr0_covers_every_user_component),
		cmocka_unit_test(test_xcr0_drops_incomplete_groups),
		cmocka_unit_test(test_init_xsave_area),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
