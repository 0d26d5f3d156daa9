// SPDX-License-Identifier: GPL-2.0
/*
 * arch/cr-rules.c: each check MOV to CR0/CR4 makes on hardware (a value
 * accepted here goes into the VMCS, and an invalid one fails VM entry:
 * a lost CPU), and the PAE PDPTE checks; the last tests on the recorded
 * IA32_VMX_CR4_FIXED1 and physical-address width of named parts
 * (fixtures/cpu-parts.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "cr-rules.h"
#include "cpu-features.h"
#include "../fixtures/cpu-parts.h"

#define CR0_ET (1ULL << 4)
#define CR0_NE (1ULL << 5)
#define CR0_PROT (CR0_PE | CR0_ET | CR0_NE)
#define CR0_PAGED (CR0_PROT | CR0_PG | CR0_WP)
#define TR_TYPE_BUSY_TSS32 11

/* 64-bit Linux: long mode, CS.L=1, PAE */
static const struct cr_state long64 = {
	.cr0 = CR0_PAGED,
	.cr3 = 0x1000,
	.cr4 = CR4_PAE | CR4_PGE,
	.efer = EFER_LME_BIT | EFER_LMA_BIT,
	.cs_l = 1,
	.tr_type = TR_TYPE_BUSY_TSS32,
};

/* protected mode, paging off, about to enter long mode */
static const struct cr_state prot32 = {
	.cr0 = CR0_PROT,
	.cr3 = 0x2000,
	.cr4 = CR4_PAE,
	.efer = EFER_LME_BIT,
	.cs_l = 0,
	.tr_type = TR_TYPE_BUSY_TSS32,
};

static int cr0(const struct cr_state *s, __u64 value, struct cr_effect *e)
{
	return cr0_write_check(s, value, e);
}

static void test_cr0_bits_63_32_are_reserved(void **state)
{
	struct cr_effect e;

	(void)state;
	assert_int_equal(cr0(&long64, CR0_PAGED | (1ULL << 32), &e), -EINVAL);
	assert_int_equal(cr0(&long64, CR0_PAGED | (1ULL << 63), &e), -EINVAL);
	assert_int_equal(cr0(&long64, CR0_PAGED, &e), 0);
}

static void test_cr0_nw_without_cd(void **state)
{
	struct cr_effect e;

	(void)state;
	assert_int_equal(cr0(&long64, CR0_PAGED | CR0_NW, &e), -EINVAL);
	assert_int_equal(cr0(&long64, CR0_PAGED | CR0_NW | CR0_CD, &e), 0);
	assert_int_equal(cr0(&long64, CR0_PAGED | CR0_CD, &e), 0);
}

static void test_cr0_pg_without_pe(void **state)
{
	struct cr_state real = prot32;
	struct cr_effect e;

	(void)state;
	real.cr0 = CR0_ET;
	real.efer = 0;
	assert_int_equal(cr0(&real, CR0_ET | CR0_PG, &e), -EINVAL);
	assert_int_equal(cr0(&long64, CR0_PAGED & ~CR0_PE, &e), -EINVAL);
}

static void test_clearing_pg_in_64bit_mode(void **state)
{
	struct cr_state compat = long64;
	struct cr_effect e;

	(void)state;
	assert_int_equal(cr0(&long64, CR0_PAGED & ~CR0_PG, &e), -EINVAL);
	/* in compatibility mode (CS.L=0) it leaves long mode */
	compat.cs_l = 0;
	assert_int_equal(cr0(&compat, CR0_PAGED & ~CR0_PG, &e), 0);
	assert_true(e.leave_long_mode);
	assert_false(e.enter_long_mode);
}

static void test_clearing_pg_with_pcide(void **state)
{
	struct cr_state compat = long64;
	struct cr_effect e;

	(void)state;
	compat.cs_l = 0;
	compat.cr4 |= CR4_PCIDE;
	assert_int_equal(cr0(&compat, CR0_PAGED & ~CR0_PG, &e), -EINVAL);
}

static void test_activating_long_mode(void **state)
{
	struct cr_state s = prot32;
	struct cr_effect e;

	(void)state;
	assert_int_equal(cr0(&s, CR0_PAGED, &e), 0);
	assert_true(e.enter_long_mode);
	assert_false(e.load_pdptes); /* 4-level paging: no PDPTE registers */
	/* with CS.L already set */
	s.cs_l = 1;
	assert_int_equal(cr0(&s, CR0_PAGED, &e), -EINVAL);
	/* with TR holding a 16-bit TSS */
	s = prot32;
	s.tr_type = TR_TYPE_BUSY_TSS16;
	assert_int_equal(cr0(&s, CR0_PAGED, &e), -EINVAL);
	/* without CR4.PAE */
	s = prot32;
	s.cr4 = 0;
	assert_int_equal(cr0(&s, CR0_PAGED, &e), -EINVAL);
}

static void test_wp_cleared_with_cet(void **state)
{
	struct cr_state s = long64;
	struct cr_effect e;

	(void)state;
	s.cr4 |= CR4_CET;
	assert_int_equal(cr0(&s, CR0_PAGED & ~CR0_WP, &e), -EINVAL);
	s.cr4 &= ~CR4_CET;
	assert_int_equal(cr0(&s, CR0_PAGED & ~CR0_WP, &e), 0);
}

static void test_pae_paging_loads_pdptes(void **state)
{
	struct cr_state s = prot32;
	struct cr_effect e;

	(void)state;
	s.efer = 0;
	assert_int_equal(cr0(&s, CR0_PAGED, &e), 0);
	assert_true(e.load_pdptes);
	assert_false(e.enter_long_mode);
	/* 32-bit paging: none */
	s.cr4 = 0;
	assert_int_equal(cr0(&s, CR0_PAGED, &e), 0);
	assert_false(e.load_pdptes);
	/* already PAE-paged, CD toggled: reloaded (SDM 4.4.1) */
	s.cr4 = CR4_PAE;
	s.cr0 = CR0_PAGED;
	assert_int_equal(cr0(&s, CR0_PAGED | CR0_CD, &e), 0);
	assert_true(e.load_pdptes);
	/* WP toggled: not */
	assert_int_equal(cr0(&s, CR0_PAGED & ~CR0_WP, &e), 0);
	assert_false(e.load_pdptes);
}

static void test_cr4_rules(void **state)
{
	struct cr_state s = long64;
	struct cr_effect e;
	__u64 reserved = 1ULL << 25;

	(void)state;
	assert_int_equal(cr4_write_check(&s, s.cr4, reserved, &e), 0);
	assert_int_equal(cr4_write_check(&s, s.cr4 | reserved, reserved, &e),
			 -EINVAL);
	assert_int_equal(cr4_write_check(&s, s.cr4 | (1ULL << 40), 0, &e),
			 -EINVAL);
	/* PAE cannot go in long mode, LA57 cannot change */
	assert_int_equal(cr4_write_check(&s, s.cr4 & ~CR4_PAE, 0, &e), -EINVAL);
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_LA57, 0, &e), -EINVAL);
	/* PCIDE: long mode and CR3[11:0] = 0 */
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_PCIDE, 0, &e), 0);
	s.cr3 = 0x1001;
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_PCIDE, 0, &e),
			 -EINVAL);
	s = prot32;
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_PCIDE, 0, &e),
			 -EINVAL);
	/* CET needs CR0.WP */
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_CET, 0, &e), -EINVAL);
	s.cr0 |= CR0_WP;
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_CET, 0, &e), 0);
	/* outside long mode, PAE and LA57 may change */
	assert_int_equal(cr4_write_check(&s, 0, 0, &e), 0);
}

static void test_cr4_in_pae_paging_loads_pdptes(void **state)
{
	struct cr_state s = prot32;
	struct cr_effect e;

	(void)state;
	s.efer = 0;
	s.cr0 = CR0_PAGED;
	assert_int_equal(cr4_write_check(&s, s.cr4 | CR4_PGE, 0, &e), 0);
	assert_true(e.load_pdptes);
	s.cr4 = 0; /* 32-bit paging -> PAE paging */
	assert_int_equal(cr4_write_check(&s, CR4_PAE, 0, &e), 0);
	assert_true(e.load_pdptes);
	s.cr4 = CR4_PAE;
	assert_int_equal(cr4_write_check(&s, CR4_PAE | (1ULL << 9), 0, &e), 0);
	assert_false(e.load_pdptes); /* OSFXSR: not a paging bit */
}

static void test_pdptes(void **state)
{
	__u64 ok[4] = { 0x1001, 0, 0x3001, 0xffffff000ULL | 1 };
	__u64 bad[4] = { 0x1001, 0, 0, 0 };

	(void)state;
	assert_int_equal(pae_pdpte_table(0x12345678ULL), 0x12345660ULL);
	assert_int_equal(pae_pdptes_check(ok, 36), 0);
	assert_int_equal(pae_pdptes_check(ok, 35), -EINVAL);
	bad[1] = 0x1003; /* bit 1 (R/W) is reserved in a PDPTE */
	assert_int_equal(pae_pdptes_check(bad, 46), -EINVAL);
	bad[1] = 0x1021; /* bit 5 */
	assert_int_equal(pae_pdptes_check(bad, 46), -EINVAL);
	bad[1] = 0x1000 | (1ULL << 63) | 1; /* XD is reserved here */
	assert_int_equal(pae_pdptes_check(bad, 46), -EINVAL);
	/* reserved bits do not matter in a non-present entry */
	bad[1] = 0xfffffffffffffffeULL;
	assert_int_equal(pae_pdptes_check(bad, 46), 0);
	bad[1] = 0x1019; /* PWT, PCD allowed */
	assert_int_equal(pae_pdptes_check(bad, 46), 0);
}

/* The reserved set vmx/cr.c passes: what IA32_VMX_CR4_FIXED1 does not
 * allow (VMXE hidden from the guest), and the CR4 bits no cell may set. */
static __u64 cr4_reserved(const struct vmx_caps *vmx)
{
	__u64 vmxe = 1ULL << 13;

	return (~(vmx->cr4_fixed1 & ~vmxe) & 0xffffffffULL) |
	       CPU_FEATURES_CR4_DENIED;
}

/* The i7-6700K's recorded CR4_FIXED1 (0x3727ff): no PKU, UMIP, LA57 or
 * CET on that part, so a guest setting them gets #GP before the value
 * could reach the VMCS; what Linux sets on it passes. */
static void test_cr4_on_the_recorded_6700k(void **state)
{
	__u64 reserved = cr4_reserved(&core_i7_6700k_vmx);
	__u64 linux_cr4 = CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP |
			  (1ULL << 21) /* SMAP */ | (1ULL << 18) /* OSXSAVE */ |
			  (1ULL << 16) /* FSGSBASE */ | (1ULL << 9) |
			  (1ULL << 10) /* OSFXSR, OSXMMEXCPT */;
	struct cr_effect e;

	(void)state;
	assert_int_equal(core_i7_6700k_vmx.cr4_fixed1, 0x3727ff);
	assert_int_equal(cr4_write_check(&long64, linux_cr4, reserved, &e), 0);
	assert_int_equal(cr4_write_check(&long64, linux_cr4 | (1ULL << 22),
					 reserved, &e),
			 -EINVAL); /* PKE */
	assert_int_equal(cr4_write_check(&long64, linux_cr4 | (1ULL << 11),
					 reserved, &e),
			 -EINVAL); /* UMIP */
	assert_int_equal(cr4_write_check(&long64, linux_cr4 | CR4_CET, reserved,
					 &e),
			 -EINVAL);
	assert_int_equal(cr4_write_check(&long64, linux_cr4 | (1ULL << 13),
					 reserved, &e),
			 -EINVAL); /* VMXE: the guest sees no VMX */
	assert_int_equal(cr4_write_check(&prot32, CR4_PAE | CR4_LA57, reserved,
					 &e),
			 -EINVAL);
	/* Key Locker is refused whatever FIXED1 says */
	assert_int_equal(cr4_write_check(&long64, linux_cr4 | (1ULL << 19),
					 reserved, &e),
			 -EINVAL);
}

/* MAXPHYADDR from the recorded leaf 0x80000008: 39 bits on the 6700K, 46
 * on the i9-12900K; a PDPTE above it is refused on the one, not the
 * other. */
static void test_pdptes_at_the_recorded_maxphyaddr(void **state)
{
	unsigned int skl = core_i7_6700k.e8.eax & 0xff;
	unsigned int adl = core_i9_12900k.e8.eax & 0xff;
	__u64 pdpte[4] = { 0x1001, 0, 0, 0 };

	(void)state;
	assert_int_equal(skl, 39);
	assert_int_equal(adl, 46);
	pdpte[2] = (1ULL << 40) | 1;
	assert_int_equal(pae_pdptes_check(pdpte, skl), -EINVAL);
	assert_int_equal(pae_pdptes_check(pdpte, adl), 0);
	pdpte[2] = (1ULL << 38) | 1;
	assert_int_equal(pae_pdptes_check(pdpte, skl), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cr0_bits_63_32_are_reserved),
		cmocka_unit_test(test_cr0_nw_without_cd),
		cmocka_unit_test(test_cr0_pg_without_pe),
		cmocka_unit_test(test_clearing_pg_in_64bit_mode),
		cmocka_unit_test(test_clearing_pg_with_pcide),
		cmocka_unit_test(test_activating_long_mode),
		cmocka_unit_test(test_wp_cleared_with_cet),
		cmocka_unit_test(test_pae_paging_loads_pdptes),
		cmocka_unit_test(test_cr4_rules),
		cmocka_unit_test(test_cr4_in_pae_paging_loads_pdptes),
		cmocka_unit_test(test_pdptes),
		cmocka_unit_test(test_cr4_on_the_recorded_6700k),
		cmocka_unit_test(test_pdptes_at_the_recorded_maxphyaddr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
