// SPDX-License-Identifier: GPL-2.0
/* arch/cpuid-filter.c: what the root and non-root cells see from CPUID,
 * on hand-made words and on recorded leaves of named parts
 * (fixtures/cpu-parts.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse/hypercall.h>
#include "cpuid-filter.h"
#include "msr-policy.h"
#include "../fixtures/cpu-parts.h"

#define CR4_OSXSAVE (1ULL << 18)
#define CR4_PKE (1ULL << 22)

static const struct cpuid_cell root = { .root = 1, .guest_cr4 = CR4_OSXSAVE };
static const struct cpuid_cell cell = { .root = 0, .guest_cr4 = 0 };
static const struct cpuid_cell x2cell = { .root = 0, .x2apic_permitted = 1 };

static struct cpuid_regs filtered(__u32 leaf, __u32 subleaf,
				  const struct cpuid_cell *c,
				  struct cpuid_regs native)
{
	cpuid_filter(leaf, subleaf, c, &native);
	return native;
}

static void test_vmx_hidden_hypervisor_bit_set(void **state)
{
	/* Haswell-like leaf 1: VMX, x2APIC, XSAVE, OSXSAVE (host CR4) */
	struct cpuid_regs native = { 0x306c3, 0x00100800, 0x7ffafbbf,
				     0xbfebfbff };
	struct cpuid_regs r;

	(void)state;
	r = filtered(1, 0, &root, native);
	assert_int_equal(r.ecx & (1U << 5), 0);
	assert_int_equal(r.ecx & (1U << 31), 1U << 31);
	/* the root keeps everything else, including x2APIC */
	assert_int_equal(r.ecx | (1U << 5),
			 native.ecx | (1U << 31) | (1U << 5));
	assert_int_equal(r.edx, native.edx);
	assert_int_equal(r.eax, native.eax);
	assert_int_equal(r.ebx, native.ebx);
	r = filtered(1, 0, &cell, native);
	assert_int_equal(r.ecx & (1U << 5), 0);
	assert_int_equal(r.ecx & (1U << 31), 1U << 31);
}

static void test_osxsave_follows_the_guest_cr4(void **state)
{
	struct cpuid_regs native = { 0, 0, (1U << 26) | (1U << 27), 0 };
	struct cpuid_cell c = { .root = 1 };
	struct cpuid_regs r;

	(void)state;
	/* the hypervisor's CR4 has OSXSAVE, the guest's does not (yet) */
	r = filtered(1, 0, &c, native);
	assert_int_equal(r.ecx & (1U << 27), 0);
	c.guest_cr4 = CR4_OSXSAVE;
	r = filtered(1, 0, &c, native);
	assert_int_equal(r.ecx & (1U << 27), 1U << 27);
	/* and never without XSAVE itself */
	native.ecx = 0;
	r = filtered(1, 0, &c, native);
	assert_int_equal(r.ecx & (1U << 27), 0);
	/* the same for OSPKE (leaf 7 ECX bit 4, needs PKU bit 3) */
	native = (struct cpuid_regs){ 0, 0, 1U << 3, 0 };
	r = filtered(7, 0, &c, native);
	assert_int_equal(r.ecx, 1U << 3);
	c.guest_cr4 |= CR4_PKE;
	r = filtered(7, 0, &c, native);
	assert_int_equal(r.ecx, (1U << 3) | (1U << 4));
}

static void test_hypervisor_leaves(void **state)
{
	struct cpuid_regs junk = { 0x11, 0x22, 0x33, 0x44 };
	struct cpuid_regs r;
	char signature[13];

	(void)state;
	r = filtered(0x40000000, 0, &root, junk);
	assert_int_equal(r.eax, 0x40000001);
	memcpy(signature, &r.ebx, 4);
	memcpy(signature + 4, &r.ecx, 4);
	memcpy(signature + 8, &r.edx, 4);
	signature[12] = 0;
	/* what Linux's jailhouse_cpuid_base() compares against */
	assert_string_equal(signature, "Jailhouse");
	assert_memory_equal(signature, "Jailhouse\0\0\0", 12);
	r = filtered(0x40000000, 0, &cell, junk);
	assert_int_equal(r.ebx, JAILHOUSE_CPUID_SIG_EBX);
	r = filtered(0x40000001, 0, &cell, junk);
	assert_int_equal(r.eax, JAILHOUSE_CPUID_FEATURE_CELLS);
	assert_int_equal(r.ebx | r.ecx | r.edx, 0);
	r = filtered(0x400000ff, 0, &root, junk);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	/* outside the range: native */
	r = filtered(0x40000100, 0, &root, junk);
	assert_int_equal(r.eax, 0x11);
}

static void test_non_root_cells_lose_what_they_may_not_use(void **state)
{
	struct cpuid_regs all = { ~0U, ~0U, ~0U, ~0U };
	struct cpuid_regs r;

	(void)state;
	r = filtered(1, 0, &cell, all);
	assert_int_equal(r.ecx & (1U << 21), 0); /* x2APIC not permitted */
	assert_int_equal(r.ecx & (1U << 15), 0); /* PDCM */
	assert_int_equal(r.ecx & (1U << 6), 0);	 /* SMX */
	assert_int_equal(r.ecx & (1U << 7), 0);	 /* EST */
	assert_int_equal(r.edx & (1U << 22), 0); /* ACPI thermal MSRs */
	assert_int_equal(r.edx & (1U << 0), 1);	 /* FPU stays */
	r = filtered(1, 0, &x2cell, all);
	assert_int_equal(r.ecx & (1U << 21), 1U << 21);
	r = filtered(6, 0, &cell, all);
	assert_int_equal(r.eax, 1U << 2); /* ARAT only */
	assert_int_equal(r.ecx, 1);	  /* APERF/MPERF */
	assert_int_equal(r.ebx | r.edx, 0);
	r = filtered(7, 0, &cell, all);
	assert_int_equal(r.ebx & (1U << 2), 0);	 /* SGX */
	assert_int_equal(r.ecx & (1U << 5), 0);	 /* WAITPKG */
	assert_int_equal(r.edx & (1U << 20), 0); /* CET IBT */
	assert_int_equal(r.ebx & 1, 1);		 /* FSGSBASE stays */
	r = filtered(7, 1, &cell, all);		 /* other subleaf */
	assert_int_equal(r.ebx, ~0U);
	r = filtered(0xa, 0, &cell, all);
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	/* the root keeps performance monitoring and thermal leaves */
	r = filtered(0xa, 0, &root, all);
	assert_int_equal(r.eax, ~0U);
	r = filtered(6, 0, &root, all);
	assert_int_equal(r.eax, ~0U);
	/* unrelated leaves are untouched */
	r = filtered(0x80000001, 0, &cell, all);
	assert_int_equal(r.edx, ~0U);
}

/* Leaf 0xD subleaf 1 ECX:EDX lists the IA32_XSS components: a kind of cell
 * sees only those its mediated IA32_XSS writes accept. */
static void test_xss_components_match_what_xss_writes_accept(void **state)
{
	struct cpuid_regs all = { ~0U, ~0U, ~0U, ~0U };
	struct cpuid_regs r;

	(void)state;
	r = filtered(0xd, 1, &cell, all);
	assert_int_equal(r.ecx, 0);
	assert_int_equal(r.edx, 0);
	assert_int_equal(r.eax, ~0U); /* XSAVES itself stays */
	r = filtered(0xd, 1, &root, all);
	assert_int_equal(r.ecx & (1U << 8), 0);		/* never Intel PT */
	assert_int_equal(r.ecx & (1U << 11), 1U << 11); /* CET user */
	assert_int_equal(r.ecx & (1U << 12), 1U << 12); /* CET supervisor */
	assert_int_equal(r.edx, 0);
	r = filtered(0xd, 0, &cell, all); /* XCR0 leaf: untouched */
	assert_int_equal(r.ecx, ~0U);
}

static struct cpuid_regs regs_of(const struct cpuid_leaf *l)
{
	return (struct cpuid_regs){ l->eax, l->ebx, l->ecx, l->edx };
}

/* The i9-12900K's recorded leaves, as a non-root cell sees them. */
static void test_recorded_alder_lake_for_a_cell(void **state)
{
	const struct cpu_part *p = &core_i9_12900k;
	struct cpuid_regs r;

	(void)state;
	r = filtered(1, 0, &cell, regs_of(&p->l1));
	assert_int_equal(r.eax, 0x00090672);
	assert_int_equal(r.ecx & (P1C_VMX | (1U << 21) | (1U << 27)), 0);
	assert_true(r.ecx & P1C_HYPERVISOR);
	assert_true(r.ecx & P1C_XSAVE);
	/* DS, ACPI thermal, TM, PBE gone; FPU..SSE2 kept */
	assert_int_equal(r.edx, 0xbfebfbffU & ~((1U << 21) | (1U << 22) |
						(1U << 29) | (1U << 31)));
	r = filtered(7, 0, &cell, regs_of(&p->l7));
	assert_int_equal(r.eax, 1); /* subleaves: 0 and 1 */
	assert_int_equal(r.ebx & P7B_PT, 0);
	assert_true(r.ebx & P7B_AVX2);
	assert_int_equal(r.ecx & (P7C_WAITPKG | P7C_CET_SS), 0);
	assert_true(r.ecx & P7C_RDPID);
	assert_int_equal(r.edx & (P7D_ARCH_LBR | P7D_IBT), 0);
	assert_true(r.edx & P7D_HYBRID);
	/* no XSS component a cell may enable: PT (the escape),
	 * CET, arch LBR, HWP of the recorded 0x19900 all gone */
	assert_int_equal(p->ld1.ecx, 0x00019900);
	r = filtered(0xd, 1, &cell, regs_of(&p->ld1));
	assert_int_equal(r.ecx & (1U << 8), 0);
	assert_int_equal(r.ecx & ~(__u32)msr_xss_permitted(MSR_CELL_NON_ROOT),
			 0);
	assert_int_equal(r.eax, p->ld1.eax);
	r = filtered(0x14, 0, &cell, regs_of(&p->l14));
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	/* the root keeps PT and its leaf */
	r = filtered(0x14, 0, &root, regs_of(&p->l14));
	assert_int_equal(r.ebx, 0x5f);
	r = filtered(7, 0, &root, regs_of(&p->l7));
	assert_true(r.ebx & P7B_PT);
	assert_true(r.ecx & P7C_WAITPKG);
}

/* The recorded Xeon D-1718T leaf 1 already carries a hypervisor bit
 * (Hyper-V) and no VMX: the filter's result is the same. */
static void test_recorded_guest_view_leaf1(void **state)
{
	struct cpuid_regs r;

	(void)state;
	r = filtered(1, 0, &root, regs_of(&xeon_d_1718t.l1));
	assert_int_equal(r.ecx & P1C_VMX, 0);
	assert_true(r.ecx & P1C_HYPERVISOR);
	r = filtered(1, 0, &root, regs_of(&core_i7_6700k.l1));
	assert_int_equal(r.ecx & P1C_VMX, 0);
	assert_true(r.ecx & P1C_HYPERVISOR);
	assert_int_equal(r.ecx | P1C_VMX,
			 core_i7_6700k.l1.ecx | P1C_HYPERVISOR);
}

static int regs_equal(struct cpuid_regs a, struct cpuid_regs b)
{
	return a.eax == b.eax && a.ebx == b.ebx && a.ecx == b.ecx &&
	       a.edx == b.edx;
}

/* Whether the rules change this leaf for any kind of cell, CR4, hidden
 * set, subleaf 0-2 or native value tried. */
static int rules_change(__u32 leaf)
{
	static const struct cpuid_hidden all_hidden = { ~0U, ~0U, ~0U, ~0U,
							~0U };
	static const __u32 words[] = { 0, ~0U, 0x5a5a5a5a, 0xa5a5a5a5 };
	unsigned int kind, w, subleaf;

	for (kind = 0; kind < 16; kind++) {
		struct cpuid_cell c = {
			.root = kind & 1,
			.x2apic_permitted = !!(kind & 2),
			.guest_cr4 = (kind & 4) ? ~0ULL : 0,
			.hidden = (kind & 8) ? &all_hidden : NULL,
		};

		for (w = 0; w < 4; w++)
			for (subleaf = 0; subleaf < 3; subleaf++) {
				struct cpuid_regs in = { words[w], words[w],
							 words[w], words[w] };
				struct cpuid_regs out = in;

				cpuid_filter_rules(leaf, subleaf, &c, &out);
				if (!regs_equal(in, out))
					return 1;
			}
	}
	return 0;
}

/* The shortcut (issue 17): cpuid_filter() passes a leaf without running
 * the rules only where the rules would not change it.  Fails when a rule
 * is added for a leaf the shortcut's list lacks. */
static void test_shortcut_passes_only_leaves_no_rule_changes(void **state)
{
	static const __u32 firsts[] = { 0, 0x40000000, 0x80000000 };
	unsigned int f, passed = 0;
	__u32 leaf;

	(void)state;
	for (f = 0; f < 3; f++)
		for (leaf = firsts[f]; leaf < firsts[f] + 0x120; leaf++) {
			if (cpuid_leaf_filtered(leaf))
				continue;
			passed++;
			if (rules_change(leaf))
				fail_msg("leaf 0x%x passes unfiltered but a "
					 "rule changes it",
					 leaf);
		}
	/* and the shortcut does pass the common ones */
	assert_false(cpuid_leaf_filtered(0));
	assert_false(cpuid_leaf_filtered(0xb));
	assert_false(cpuid_leaf_filtered(0x80000002));
	/* all but 7 basic leaves, the hypervisor's 0x100 and 0x80000001 */
	assert_int_equal(passed, 3 * 0x120 - 7 - 0x100 - 1);
	/* every leaf it sends to the rules has one */
	for (leaf = 0; leaf < 32; leaf++)
		if (cpuid_leaf_filtered(leaf))
			assert_true(rules_change(leaf));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmx_hidden_hypervisor_bit_set),
		cmocka_unit_test(test_osxsave_follows_the_guest_cr4),
		cmocka_unit_test(test_hypervisor_leaves),
		cmocka_unit_test(
			test_non_root_cells_lose_what_they_may_not_use),
		cmocka_unit_test(
			test_xss_components_match_what_xss_writes_accept),
		cmocka_unit_test(test_recorded_alder_lake_for_a_cell),
		cmocka_unit_test(test_recorded_guest_view_leaf1),
		cmocka_unit_test(
			test_shortcut_passes_only_leaves_no_rule_changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
