// SPDX-License-Identifier: GPL-2.0
/*
 * arch/spec-plan.c: which speculation barrier runs at which boundary, on
 * named parts (spec-parts.h says which values are recorded and which,
 * ARCH_CAPABILITIES among them, are hand-composed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include "spec-plan.h"
#include "spec-parts.h"

static struct spec_plan plan_of(const struct spec_cpu *cpu)
{
	struct spec_plan plan;

	memset(&plan, 0x5a, sizeof(plan)); /* every field must be written */
	spec_plan_decide(cpu, &plan);
	return plan;
}

static void test_haswell_retpolines_rsb_fill_and_l1d_flush(void **state)
{
	struct spec_plan p = plan_of(&part_haswell);

	(void)state;
	assert_false(p.switch_spec_ctrl);
	assert_int_equal(p.hv_spec_ctrl, 0);
	assert_false(p.retbleed);
	assert_true(p.l1tf);
	assert_true(p.mds);
	assert_false(p.taa); /* TSX fused off */
	assert_int_equal(p.exit, SPEC_RSB_FILL);
	/* the L1D flush clears the buffers too (MD_CLEAR): no VERW */
	assert_int_equal(p.entry, SPEC_L1D_FLUSH);
	assert_int_equal(p.cell_change, SPEC_RSB_FILL | SPEC_IBPB |
						SPEC_L1D_FLUSH |
						SPEC_SPEC_CTRL_RESET);
	assert_int_equal(p.gaps, 0);
}

static void test_skylake_rsba_by_model_gets_ibrs_on_exit(void **state)
{
	struct spec_plan p = plan_of(&part_skylake);

	(void)state;
	assert_true(p.retbleed);
	assert_true(p.switch_spec_ctrl);
	assert_int_equal(p.hv_spec_ctrl, SPEC_CTRL_IBRS);
	assert_true(p.taa);
	assert_int_equal(p.exit, SPEC_RSB_FILL);
	assert_int_equal(p.entry, SPEC_L1D_FLUSH);
	assert_int_equal(p.gaps, 0);
}

static void test_cascade_lake_eibrs_pbrsb_and_verw(void **state)
{
	struct spec_plan p = plan_of(&part_cascade_lake);

	(void)state;
	assert_false(p.l1tf);
	assert_false(p.mds);
	assert_true(p.taa);
	assert_true(p.mmio_stale);
	assert_false(p.retbleed); /* model 0x55, but eIBRS */
	assert_true(p.pbrsb);
	assert_true(p.switch_spec_ctrl);
	assert_int_equal(p.hv_spec_ctrl, SPEC_CTRL_IBRS);
	assert_int_equal(p.exit, SPEC_RSB_PBRSB);
	assert_int_equal(p.entry, SPEC_VERW);
	assert_int_equal(p.cell_change, SPEC_RSB_FILL | SPEC_IBPB | SPEC_VERW |
						SPEC_SPEC_CTRL_RESET);
}

static void test_ice_lake_verw_for_mmio_stale_data_only(void **state)
{
	struct spec_plan p = plan_of(&part_ice_lake);

	(void)state;
	assert_false(p.mds);
	assert_false(p.taa);
	assert_true(p.mmio_stale);
	assert_int_equal(p.entry, SPEC_VERW);
	assert_int_equal(p.exit, SPEC_RSB_PBRSB);
}

static void test_alder_lake_nothing_on_entry_bhi_rrsba_disabled(void **state)
{
	struct spec_plan p = plan_of(&part_alder_lake_2024);

	(void)state;
	assert_false(p.mmio_stale);
	assert_true(p.bhi);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.exit, SPEC_RSB_PBRSB);
	assert_int_equal(p.hv_spec_ctrl, SPEC_CTRL_IBRS |
						 SPEC_CTRL_RRSBA_DIS_S |
						 SPEC_CTRL_BHI_DIS_S);
	assert_int_equal(p.cell_change,
			 SPEC_RSB_FILL | SPEC_IBPB | SPEC_SPEC_CTRL_RESET);
	assert_int_equal(p.gaps, 0);
}

/*
 * The i9-12900K as recorded: leaf 7.0 EAX is 1, no leaf 7.2, so neither
 * RRSBA_DIS_S nor BHI_DIS_S exists.  The hand-made fixture had assumed
 * the 2024 microcode; the recording shows the plan must name the gap
 * (it used to say nothing).
 */
static void test_recorded_alder_lake_names_missing_disables(void **state)
{
	struct spec_plan p = plan_of(&part_alder_lake);
	struct spec_row rows[SPEC_ROWS];

	(void)state;
	assert_true(p.bhi);
	assert_true(p.switch_spec_ctrl);
	assert_int_equal(p.hv_spec_ctrl, SPEC_CTRL_IBRS);
	assert_int_equal(p.gaps, SPEC_GAP_BHI);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.exit, SPEC_RSB_PBRSB);
	spec_plan_rows(&p, rows);
	assert_true(rows[1].applies);
	assert_non_null(strstr(rows[1].why, "update the microcode"));
}

/*
 * The i7-6700K as recorded in 2015, before any Spectre microcode: leaf
 * 7.0 EDX is 0.  Nothing the plan would do needs an MSR the CPU lacks,
 * and every mitigation it cannot apply is named as a gap: IBPB, the L1D
 * flush, VERW, and IBRS on exit (RSBA by model; the plan used to call
 * that row "not needed").
 */
static void test_pre_spectre_skylake_does_what_it_can(void **state)
{
	struct spec_plan p = plan_of(&part_skylake_2015);
	struct spec_row rows[SPEC_ROWS];

	(void)state;
	assert_true(p.retbleed); /* model 0x5e, nothing enumerated */
	assert_true(p.l1tf);
	assert_true(p.mds);
	assert_true(p.taa); /* HLE/RTM in the recorded EBX */
	assert_false(p.switch_spec_ctrl);
	assert_int_equal(p.hv_spec_ctrl, 0);
	assert_int_equal(p.gaps, SPEC_GAP_IBPB | SPEC_GAP_L1D_FLUSH |
					 SPEC_GAP_MD_CLEAR | SPEC_GAP_IBRS);
	/* only what needs no MSR: the RSB fill */
	assert_int_equal(p.exit, SPEC_RSB_FILL);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.cell_change, SPEC_RSB_FILL);
	spec_plan_rows(&p, rows);
	assert_false(rows[1].applies);
	assert_non_null(strstr(rows[1].why, "update the microcode"));
	assert_false(rows[3].applies);
	assert_non_null(strstr(rows[3].why, "update the microcode"));
	assert_non_null(strstr(rows[4].why, "update the microcode"));
	assert_non_null(strstr(rows[5].why, "update the microcode"));
	assert_false(rows[6].applies); /* no IA32_SPEC_CTRL to reset */
}

static void test_sapphire_rapids_tsx_with_taa_no(void **state)
{
	struct spec_plan p = plan_of(&part_sapphire_rapids);

	(void)state;
	assert_false(p.taa);
	assert_int_equal(p.entry, 0);
	assert_true(p.switch_spec_ctrl);
}

static void test_bhi_disable_only_when_enumerated(void **state)
{
	struct spec_cpu cpu = part_alder_lake_2024;
	struct spec_plan p;

	(void)state;
	cpu.cpuid7_2_edx = SPEC_CPUID7_2_RRSBA_CTRL; /* BHI_CTRL cleared */
	p = plan_of(&cpu);
	assert_int_equal(p.hv_spec_ctrl,
			 SPEC_CTRL_IBRS | SPEC_CTRL_RRSBA_DIS_S);
	assert_int_equal(p.gaps, SPEC_GAP_BHI);
	cpu = part_alder_lake_2024;
	cpu.arch_capabilities |= ARCH_CAP_BHI_NO | ARCH_CAP_PBRSB_NO;
	p = plan_of(&cpu);
	assert_false(p.bhi);
	assert_int_equal(p.hv_spec_ctrl,
			 SPEC_CTRL_IBRS | SPEC_CTRL_RRSBA_DIS_S);
	assert_int_equal(p.exit, 0);
	assert_int_equal(p.gaps, 0);
	/* BHI_NO, but RRSBA without RRSBA_CTRL is still a gap */
	cpu.cpuid7_2_edx = 0;
	p = plan_of(&cpu);
	assert_int_equal(p.hv_spec_ctrl, SPEC_CTRL_IBRS);
	assert_int_equal(p.gaps, SPEC_GAP_BHI);
}

static void test_old_microcode_leaves_named_gaps(void **state)
{
	struct spec_cpu cpu = part_haswell;
	struct spec_plan p;

	(void)state;
	cpu.cpuid7_edx = 0;
	p = plan_of(&cpu);
	assert_int_equal(p.gaps, SPEC_GAP_IBPB | SPEC_GAP_L1D_FLUSH |
					 SPEC_GAP_MD_CLEAR);
	assert_int_equal(p.entry, 0);
	assert_int_equal(p.cell_change, SPEC_RSB_FILL);
	assert_false(p.switch_spec_ctrl);
}

static void test_arch_capabilities_ignored_unless_enumerated(void **state)
{
	struct spec_cpu cpu = part_cascade_lake;
	struct spec_plan p;

	(void)state;
	cpu.cpuid7_edx &= ~SPEC_CPUID7_ARCH_CAP;
	p = plan_of(&cpu);
	/* a stale MSR value must not switch a mitigation off */
	assert_true(p.l1tf);
	assert_true(p.mds);
	assert_true(p.retbleed); /* model 0x55 without enumeration */
	assert_int_equal(p.exit, SPEC_RSB_FILL);
}

static void test_rows_follow_the_plan(void **state)
{
	struct spec_row rows[SPEC_ROWS];
	struct spec_plan hsw = plan_of(&part_haswell);
	struct spec_plan adl = plan_of(&part_alder_lake_2024);
	unsigned int i;

	(void)state;
	spec_plan_rows(&hsw, rows);
	for (i = 0; i < SPEC_ROWS; i++) {
		assert_non_null(rows[i].name);
		assert_non_null(rows[i].why);
	}
	assert_false(rows[1].applies); /* SPEC_CTRL switch */
	assert_true(rows[4].applies);  /* L1D flush */
	assert_false(rows[5].applies); /* VERW */
	assert_non_null(strstr(rows[5].why, "L1D flush"));
	spec_plan_rows(&adl, rows);
	assert_true(rows[1].applies);
	assert_non_null(strstr(rows[1].why, "RRSBA"));
	assert_false(rows[4].applies);
	assert_non_null(strstr(rows[4].why, "not needed"));
}

static void test_smt_siblings_stay_in_one_cell(void **state)
{
	/* 4 CPUs, two cores: CPUs 0/2 on core 0, 1/3 on core 1 */
	const __u32 core_of[4] = { 0, 1, 0, 1 };
	__u8 in_cell[4] = { 0, 1, 0, 1 };
	unsigned int cpu = 99, sibling = 99;

	(void)state;
	assert_int_equal(spec_smt_check(core_of, in_cell, 4, &cpu, &sibling),
			 0);
	in_cell[3] = 0;
	assert_int_equal(spec_smt_check(core_of, in_cell, 4, &cpu, &sibling),
			 -EINVAL);
	assert_int_equal(cpu, 1);
	assert_int_equal(sibling, 3);
	/* no SMT: every CPU its own core */
	{
		const __u32 cores[3] = { 0, 1, 2 };
		const __u8 cell[3] = { 0, 0, 1 };

		assert_int_equal(spec_smt_check(cores, cell, 3, &cpu, &sibling),
				 0);
	}
}

static void test_smt_shift_only_from_the_smt_level(void **state)
{
	(void)state;
	/* i7-4770 with Hyper-Threading: level 0 is SMT, 1 bit */
	assert_int_equal(spec_smt_shift(1, 0x100), 1);
	/* the rig's Bochs PC, 3 processors without threads: level 0 has
	 * type 0 and a shift of 2 that must not count */
	assert_int_equal(spec_smt_shift(2, 0x000), 0);
	/* a level-0 core level (no SMT) */
	assert_int_equal(spec_smt_shift(3, 0x200), 0);
	/* only EAX[4:0] is the shift */
	assert_int_equal(spec_smt_shift(0xffffffe1, 0x100), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_haswell_retpolines_rsb_fill_and_l1d_flush),
		cmocka_unit_test(test_skylake_rsba_by_model_gets_ibrs_on_exit),
		cmocka_unit_test(test_cascade_lake_eibrs_pbrsb_and_verw),
		cmocka_unit_test(test_ice_lake_verw_for_mmio_stale_data_only),
		cmocka_unit_test(
			test_alder_lake_nothing_on_entry_bhi_rrsba_disabled),
		cmocka_unit_test(
			test_recorded_alder_lake_names_missing_disables),
		cmocka_unit_test(test_pre_spectre_skylake_does_what_it_can),
		cmocka_unit_test(test_sapphire_rapids_tsx_with_taa_no),
		cmocka_unit_test(test_bhi_disable_only_when_enumerated),
		cmocka_unit_test(test_old_microcode_leaves_named_gaps),
		cmocka_unit_test(
			test_arch_capabilities_ignored_unless_enumerated),
		cmocka_unit_test(test_rows_follow_the_plan),
		cmocka_unit_test(test_smt_siblings_stay_in_one_cell),
		cmocka_unit_test(test_smt_shift_only_from_the_smt_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
