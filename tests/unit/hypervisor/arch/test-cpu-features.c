// SPDX-License-Identifier: GPL-2.0
/*
 * arch/cpu-features.c: each CPUID feature against the VMX control it
 * needs, on the recorded enumerations of named parts newer than the
 * rig's Haswell (fixtures/cpu-parts.h says where each value comes from and
 * which VMX values are hand-composed), and what the root and cells then
 * see through cpuid-filter.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "cpu-features.h"
#include "cpuid-filter.h"
#include "../fixtures/cpu-parts.h"

static struct cpu_enumeration enumeration(const struct cpu_part *p)
{
	return (struct cpu_enumeration){
		.leaf7_ebx = p->l7.ebx,
		.leaf7_ecx = p->l7.ecx,
		.leaf7_edx = p->l7.edx,
		.leafd1_eax = p->ld1.eax,
		.ext1_edx = p->e1.edx,
		.vmx_procbased_ctls2 = p->vmx_procbased_ctls2,
	};
}

static struct cpu_feature_plan plan_for(const struct cpu_part *p, int *err)
{
	struct cpu_enumeration e = enumeration(p);
	struct cpu_feature_plan plan;

	*err = cpu_features_plan(&e, &plan);
	return plan;
}

static struct cpuid_regs leaf7(const struct cpu_part *p)
{
	return (struct cpuid_regs){ p->l7.eax, p->l7.ebx, p->l7.ecx,
				    p->l7.edx };
}

/* The one part whose VMX capability MSRs are recorded: every control its
 * features need is there, nothing is hidden or refused. */
static void test_recorded_6700k_enables_rdtscp_invpcid_xsaves(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	assert_true(core_i7_6700k.vmx_recorded);
	assert_int_equal(core_i7_6700k_vmx.procbased2,
			 core_i7_6700k.vmx_procbased_ctls2);
	p = plan_for(&core_i7_6700k, &err);
	assert_int_equal(err, 0);
	assert_null(p.refused);
	assert_int_equal(p.secondary, V2_RDTSCP | V2_INVPCID | V2_XSAVES);
	assert_int_equal(p.root.leaf7_ecx | p.root.leaf7_edx | p.root.leaf7_ebx,
			 0);
	assert_int_equal(p.cell.leaf7_ecx | p.cell.leaf7_edx, 0);
}

/* Cascade Lake: the recording has no leaf 0xD.1, so XSAVES is not seen
 * and its control is not asked for (the 6700K covers it). */
static void test_cascade_lake_enables_rdtscp_invpcid(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&xeon_8269cy, &err);
	assert_int_equal(err, 0);
	assert_null(p.refused);
	assert_int_equal(p.secondary, V2_RDTSCP | V2_INVPCID);
	assert_int_equal(p.root.leaf7_ecx | p.root.leaf7_edx | p.root.leaf7_ebx,
			 0);
}

static void test_alder_lake_waitpkg_for_the_root_only(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	assert_true(core_i9_12900k.l7.ecx & P7C_WAITPKG); /* recorded */
	p = plan_for(&core_i9_12900k, &err);
	assert_int_equal(err, 0);
	assert_true(p.secondary & V2_USER_WAIT);
	assert_true(p.secondary & V2_RDTSCP); /* RDTSCP and RDPID */
	assert_true(p.secondary & V2_XSAVES);
	assert_false(p.root.leaf7_ecx & P7C_WAITPKG);
	assert_true(p.cell.leaf7_ecx & P7C_WAITPKG);
	assert_false(p.root.leaf7_ecx & P7C_RDPID);
	assert_false(p.cell.leaf7_ecx & P7C_RDPID);
}

static void test_alder_lake_hides_key_locker_and_pconfig(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	assert_true(core_i9_12900k.l7.ecx & P7C_KL);	  /* recorded */
	assert_true(core_i9_12900k.l7.edx & P7D_PCONFIG); /* recorded */
	p = plan_for(&core_i9_12900k, &err);
	assert_int_equal(err, 0);
	assert_true(p.root.leaf7_ecx & P7C_KL);
	assert_true(p.cell.leaf7_ecx & P7C_KL);
	/* the control stays off: PCONFIG #UDs in every cell */
	assert_false(p.secondary & V2_PCONFIG);
	assert_true(p.root.leaf7_edx & P7D_PCONFIG);
	assert_true(p.cell.leaf7_edx & P7D_PCONFIG);
	/* the recording has neither ENQCMD nor UINTR to hide */
	assert_false(p.root.leaf7_ecx & P7C_ENQCMD);
	assert_false(p.root.leaf7_edx & P7D_UINTR);
}

/* ENQCMD and UINTR: no recorded part has them (hand-composed SPR). */
static void test_enqcmd_uintr_hidden_from_everyone(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&sapphire_rapids_composed, &err);
	assert_int_equal(err, 0);
	assert_false(p.secondary & V2_PCONFIG);
	assert_true(p.root.leaf7_ecx & P7C_ENQCMD);
	assert_true(p.cell.leaf7_ecx & P7C_ENQCMD);
	assert_true(p.root.leaf7_edx & P7D_UINTR);
	assert_true(p.cell.leaf7_edx & P7D_UINTR);
}

/* Goldmont Plus: RDPID without INVPCID; no leaf 0xD.1 recorded. */
static void test_gemini_lake_has_no_invpcid_to_enable(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	assert_false(celeron_n4100.l7.ebx & P7B_INVPCID);
	assert_true(celeron_n4100.l7.ecx & P7C_RDPID);
	p = plan_for(&celeron_n4100, &err);
	assert_int_equal(err, 0);
	assert_int_equal(p.secondary, V2_RDTSCP);
}

/* The case: Alder Lake under a hypervisor (KVM) whose VMX lacks
 * "enable user wait and pause": Linux uses TPAUSE; refuse by name.
 * Derived from the part: its (hand-composed) VMX value less that bit. */
static void test_waitpkg_without_its_control_is_refused(void **state)
{
	struct cpu_part nested = core_i9_12900k;
	struct cpu_feature_plan p;
	int err;

	(void)state;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_USER_WAIT);
	p = plan_for(&nested, &err);
	assert_int_equal(err, -ENODEV);
	assert_non_null(strstr(p.refused, "WAITPKG"));
	assert_non_null(strstr(p.refused, "TPAUSE"));
	assert_true(p.root.leaf7_ecx & P7C_WAITPKG);
}

/* Each variant: a part's VMX value with the one control cleared, as a
 * nested hypervisor or an older VMX implementation would report it. */
static void test_other_features_without_controls_are_refused(void **state)
{
	struct cpu_part nested = core_i9_12900k;
	struct cpu_feature_plan p;
	int err;

	(void)state;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_RDTSCP);
	p = plan_for(&nested, &err);
	assert_int_equal(err, -ENODEV);
	assert_string_equal(p.refused, "RDTSCP");
	/* the recorded 6700K value, one bit cleared */
	nested = core_i7_6700k;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_INVPCID);
	p = plan_for(&nested, &err);
	assert_string_equal(p.refused, "INVPCID");
	nested = core_i7_6700k;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_XSAVES);
	p = plan_for(&nested, &err);
	assert_string_equal(p.refused, "XSAVES/XRSTORS");
	assert_true(p.cell.leafd1_eax & PD1A_XSAVES);
	/* without RDTSCP enumerated, RDPID still needs the control */
	nested = celeron_n4100;
	nested.e1.edx = 0;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_RDTSCP);
	p = plan_for(&nested, &err);
	assert_string_equal(p.refused, "RDPID");
}

static void test_cells_do_not_see_hidden_features(void **state)
{
	struct cpu_feature_plan p;
	struct cpuid_cell root = { .root = 1 }, cell = { .root = 0 };
	struct cpuid_regs r;
	int err;

	(void)state;
	p = plan_for(&core_i9_12900k, &err);
	cpu_features_hide(&p);
	p = plan_for(&sapphire_rapids_composed, &err);
	cpu_features_hide(&p);
	root.hidden = cpu_features_hidden(1);
	cell.hidden = cpu_features_hidden(0);
	/* the recorded Alder Lake leaf */
	r = leaf7(&core_i9_12900k);
	cpuid_filter(7, 0, &root, &r);
	assert_true(r.ecx & P7C_WAITPKG);
	assert_false(r.edx & P7D_PCONFIG);
	assert_false(r.ecx & P7C_KL);
	assert_true(r.ecx & P7C_CET_SS); /* not a rule's business */
	r = leaf7(&core_i9_12900k);
	cpuid_filter(7, 0, &cell, &r);
	assert_false(r.ecx & P7C_WAITPKG);
	assert_false(r.edx & P7D_PCONFIG);
	assert_false(r.ecx & P7C_KL);
	assert_true(r.ecx & P7C_RDPID);
	/* the hand-composed SPR leaf: ENQCMD, UINTR gone, AMX stays */
	r = leaf7(&sapphire_rapids_composed);
	cpuid_filter(7, 0, &root, &r);
	assert_false(r.ecx & P7C_ENQCMD);
	assert_true(r.edx & P7D_AMX_TILE);
	r = leaf7(&sapphire_rapids_composed);
	cpuid_filter(7, 0, &cell, &r);
	assert_false(r.edx & P7D_UINTR);
	/* another subleaf is left alone: the recorded 7.1 of Alder Lake */
	r = (struct cpuid_regs){ core_i9_12900k.l7_1.eax, 0, 0, P7D_PCONFIG };
	cpuid_filter(7, 1, &cell, &r);
	assert_int_equal(r.eax, 0x00400810);
	assert_int_equal(r.edx, P7D_PCONFIG);
}

static void test_hidden_is_the_union_of_all_cpus(void **state)
{
	struct cpu_part nested = core_i7_6700k;
	struct cpu_feature_plan a, b;
	int err;

	(void)state;
	a = plan_for(&core_i9_12900k, &err);
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_XSAVES);
	b = plan_for(&nested, &err);
	cpu_features_hide(&a);
	cpu_features_hide(&b);
	assert_true(cpu_features_hidden(0)->leaf7_ecx & P7C_KL);
	assert_true(cpu_features_hidden(0)->leafd1_eax & PD1A_XSAVES);
	assert_true(cpu_features_hidden(1)->leafd1_eax & PD1A_XSAVES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_recorded_6700k_enables_rdtscp_invpcid_xsaves),
		cmocka_unit_test(test_cascade_lake_enables_rdtscp_invpcid),
		cmocka_unit_test(test_alder_lake_waitpkg_for_the_root_only),
		cmocka_unit_test(test_alder_lake_hides_key_locker_and_pconfig),
		cmocka_unit_test(test_enqcmd_uintr_hidden_from_everyone),
		cmocka_unit_test(test_gemini_lake_has_no_invpcid_to_enable),
		cmocka_unit_test(test_waitpkg_without_its_control_is_refused),
		cmocka_unit_test(
			test_other_features_without_controls_are_refused),
		cmocka_unit_test(test_cells_do_not_see_hidden_features),
		cmocka_unit_test(test_hidden_is_the_union_of_all_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
