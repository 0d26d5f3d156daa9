// SPDX-License-Identifier: GPL-2.0
/*
 * arch/cpu-features.c: each CPUID feature against the VMX control it
 * needs, on the enumerations of named parts newer than the rig's Haswell
 * (fixtures/cpu-parts.h), and what the root and cells then see through
 * cpuid-filter.c.
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
		.leaf7_ebx = p->leaf7_ebx,
		.leaf7_ecx = p->leaf7_ecx,
		.leaf7_edx = p->leaf7_edx,
		.leafd1_eax = p->leafd1_eax,
		.ext1_edx = p->ext1_edx,
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

static void test_skylake_sp_enables_rdtscp_invpcid_xsaves(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&skylake_sp, &err);
	assert_int_equal(err, 0);
	assert_null(p.refused);
	assert_int_equal(p.secondary, V2_RDTSCP | V2_INVPCID | V2_XSAVES);
	assert_int_equal(p.root.leaf7_ecx | p.root.leaf7_edx | p.root.leaf7_ebx,
			 0);
	assert_int_equal(p.cell.leaf7_ecx, 0);
}

static void test_sapphire_rapids_waitpkg_for_the_root_only(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&sapphire_rapids, &err);
	assert_int_equal(err, 0);
	assert_true(p.secondary & V2_USER_WAIT);
	assert_true(p.secondary & V2_RDTSCP); /* RDTSCP and RDPID */
	assert_false(p.root.leaf7_ecx & P7C_WAITPKG);
	assert_true(p.cell.leaf7_ecx & P7C_WAITPKG);
	assert_false(p.root.leaf7_ecx & P7C_RDPID);
}

static void test_pconfig_enqcmd_uintr_hidden_from_everyone(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&sapphire_rapids, &err);
	assert_int_equal(err, 0);
	/* the control stays off: PCONFIG #UDs in every cell */
	assert_false(p.secondary & V2_PCONFIG);
	assert_true(p.root.leaf7_edx & P7D_PCONFIG);
	assert_true(p.cell.leaf7_edx & P7D_PCONFIG);
	assert_true(p.root.leaf7_ecx & P7C_ENQCMD);
	assert_true(p.cell.leaf7_edx & P7D_UINTR);
}

static void test_alder_lake_hides_key_locker(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&alder_lake, &err);
	assert_int_equal(err, 0);
	assert_true(p.root.leaf7_ecx & P7C_KL);
	assert_true(p.cell.leaf7_ecx & P7C_KL);
	assert_true(p.root.leaf7_edx & P7D_PCONFIG);
	assert_true(p.secondary & V2_USER_WAIT);
}

static void test_tremont_has_no_invpcid_to_enable(void **state)
{
	struct cpu_feature_plan p;
	int err;

	(void)state;
	p = plan_for(&tremont, &err);
	assert_int_equal(err, 0);
	assert_int_equal(p.secondary, V2_RDTSCP | V2_XSAVES | V2_USER_WAIT);
}

/* The case: Alder Lake under a hypervisor (KVM) whose VMX lacks
 * "enable user wait and pause": Linux uses TPAUSE; refuse by name. */
static void test_waitpkg_without_its_control_is_refused(void **state)
{
	struct cpu_part nested = alder_lake;
	struct cpu_feature_plan p;
	int err;

	(void)state;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_USER_WAIT);
	p = plan_for(&nested, &err);
	assert_int_equal(err, -ENODEV);
	assert_non_null(strstr(p.refused, "WAITPKG"));
	nested = tremont;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_USER_WAIT);
	p = plan_for(&nested, &err);
	assert_int_equal(err, -ENODEV);
	assert_non_null(strstr(p.refused, "TPAUSE"));
}

static void test_other_features_without_controls_are_refused(void **state)
{
	struct cpu_part nested = sapphire_rapids;
	struct cpu_feature_plan p;
	int err;

	(void)state;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_RDTSCP);
	p = plan_for(&nested, &err);
	assert_int_equal(err, -ENODEV);
	assert_string_equal(p.refused, "RDTSCP");
	nested = skylake_sp;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_INVPCID);
	p = plan_for(&nested, &err);
	assert_string_equal(p.refused, "INVPCID");
	nested = tremont;
	nested.vmx_procbased_ctls2 &= ~VMX2(V2_XSAVES);
	p = plan_for(&nested, &err);
	assert_string_equal(p.refused, "XSAVES/XRSTORS");
	assert_true(p.cell.leafd1_eax & PD1A_XSAVES);
	/* without RDTSCP enumerated, RDPID still needs the control */
	nested = tremont;
	nested.ext1_edx = 0;
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
	p = plan_for(&sapphire_rapids, &err);
	cpu_features_hide(&p);
	root.hidden = cpu_features_hidden(1);
	cell.hidden = cpu_features_hidden(0);
	r = (struct cpuid_regs){ 0, sapphire_rapids.leaf7_ebx,
				 sapphire_rapids.leaf7_ecx,
				 sapphire_rapids.leaf7_edx };
	cpuid_filter(7, 0, &root, &r);
	assert_true(r.ecx & P7C_WAITPKG);
	assert_false(r.edx & P7D_PCONFIG);
	assert_false(r.ecx & P7C_ENQCMD);
	assert_true(r.edx & P7D_AMX_TILE);
	r = (struct cpuid_regs){ 0, sapphire_rapids.leaf7_ebx,
				 sapphire_rapids.leaf7_ecx,
				 sapphire_rapids.leaf7_edx };
	cpuid_filter(7, 0, &cell, &r);
	assert_false(r.ecx & P7C_WAITPKG);
	assert_false(r.edx & P7D_PCONFIG);
	assert_false(r.edx & P7D_UINTR);
	assert_true(r.ecx & P7C_RDPID);
	/* another subleaf is left alone */
	r = (struct cpuid_regs){ 0, 0, 0, P7D_PCONFIG };
	cpuid_filter(7, 1, &cell, &r);
	assert_int_equal(r.edx, P7D_PCONFIG);
}

static void test_hidden_is_the_union_of_all_cpus(void **state)
{
	struct cpu_part nested = tremont;
	struct cpu_feature_plan a, b;
	int err;

	(void)state;
	a = plan_for(&alder_lake, &err);
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
		cmocka_unit_test(test_skylake_sp_enables_rdtscp_invpcid_xsaves),
		cmocka_unit_test(
			test_sapphire_rapids_waitpkg_for_the_root_only),
		cmocka_unit_test(
			test_pconfig_enqcmd_uintr_hidden_from_everyone),
		cmocka_unit_test(test_alder_lake_hides_key_locker),
		cmocka_unit_test(test_tremont_has_no_invpcid_to_enable),
		cmocka_unit_test(test_waitpkg_without_its_control_is_refused),
		cmocka_unit_test(
			test_other_features_without_controls_are_refused),
		cmocka_unit_test(test_cells_do_not_see_hidden_features),
		cmocka_unit_test(test_hidden_is_the_union_of_all_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
