// SPDX-License-Identifier: GPL-2.0
/*
 * arch/msr-policy.c: the allow-list and the VMX MSR bitmap built from it.
 * The bitmap is checked bit by bit against the SDM layout here, not only
 * through msr_bitmap_exits().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* Included, not linked, so that the table itself can be checked. */
#include "../../../../hypervisor-x86/arch/msr-policy.c"

#define R MSR_ACCESS_READ
#define W MSR_ACCESS_WRITE
#define ROOT MSR_CELL_ROOT
#define CELL MSR_CELL_NON_ROOT

static __u8 root_bitmap[MSR_BITMAP_SIZE], cell_bitmap[MSR_BITMAP_SIZE];

static int setup(void **state)
{
	(void)state;
	msr_bitmap_build(root_bitmap, ROOT);
	msr_bitmap_build(cell_bitmap, CELL);
	return 0;
}

/* Raw SDM layout: read-low 0, read-high 1024, write-low 2048, write-high 3072. */
static int raw_bit(const __u8 *bitmap, __u32 msr, int write)
{
	unsigned int base = (write ? 2048 : 0) + (msr >= 0xc0000000 ? 1024 : 0);
	unsigned int bit = msr & 0x1fff;

	return (bitmap[base + bit / 8] >> (bit % 8)) & 1;
}

static void expect(enum msr_cell_kind kind, __u32 msr, int access,
		   enum msr_handling handling)
{
	const __u8 *bitmap = kind == ROOT ? root_bitmap : cell_bitmap;

	if (msr_policy_lookup(kind, msr, access) != handling)
		fail_msg("MSR 0x%x %s for %s: handling %d, expected %d", msr,
			 access == W ? "write" : "read",
			 kind == ROOT ? "root" : "non-root",
			 msr_policy_lookup(kind, msr, access), handling);
	assert_int_equal(msr_bitmap_exits(bitmap, msr, access),
			 handling != MSR_PASS_THROUGH);
	if (msr <= 0x1fff || (msr >= 0xc0000000 && msr <= 0xc0001fff))
		assert_int_equal(raw_bit(bitmap, msr, access == W),
				 handling != MSR_PASS_THROUGH);
}

static void test_linux_hot_msrs_pass_without_exit(void **state)
{
	static const __u32 hot[] = {
		0xe7,	    0xe8, /* MPERF, APERF: every tick */
		0x6e0,		  /* TSC_DEADLINE */
		0xc0000100, 0xc0000101, 0xc0000102, /* FS/GS/KERNEL_GS */
		0x174,	    0x175,	0x176,	    /* SYSENTER */
		0xc0000081, 0xc0000082, 0xc0000084, /* STAR, LSTAR, FMASK */
		0xc0000103,			    /* TSC_AUX */
		0x48,				    /* SPEC_CTRL */
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(hot) / sizeof(hot[0]); n++) {
		expect(ROOT, hot[n], R, MSR_PASS_THROUGH);
		expect(CELL, hot[n], R, MSR_PASS_THROUGH);
	}
	expect(ROOT, 0x6e0, W, MSR_PASS_THROUGH);
	expect(CELL, 0x6e0, W, MSR_PASS_THROUGH);
	expect(CELL, 0xc0000100, W, MSR_PASS_THROUGH);
	expect(ROOT, 0x49, W, MSR_PASS_THROUGH); /* PRED_CMD */
	/* a CPU coming back online: the microcode loader reads the platform
	 * ID; nobody may write it */
	expect(ROOT, 0x17, R, MSR_PASS_THROUGH);
	expect(ROOT, 0x17, W, MSR_DENY);
}

static void test_mediated_msrs_exit(void **state)
{
	(void)state;
	expect(ROOT, 0x830, W, MSR_MEDIATE); /* x2APIC ICR: IPI filter */
	expect(CELL, 0x830, W, MSR_MEDIATE);
	expect(ROOT, 0x830, R, MSR_PASS_THROUGH);
	expect(ROOT, 0x1b, W, MSR_MEDIATE); /* APIC_BASE */
	expect(CELL, 0x1b, W, MSR_MEDIATE);
	expect(ROOT, 0x1b, R, MSR_PASS_THROUGH);
	/* a cell reads its own BSP flag, not the machine's */
	expect(CELL, 0x1b, R, MSR_MEDIATE);
	expect(ROOT, 0x3a, R, MSR_MEDIATE); /* FEATURE_CONTROL: hide VMX */
	expect(ROOT, 0x3a, W, MSR_MEDIATE);
	expect(CELL, 0x3a, R, MSR_MEDIATE);
}

/* A cell's LVTs that may carry NMI, SMI, INIT or ExtINT delivery:
 * CMCI, thermal, perf, LINT0, LINT1 (include/apic-regs.h). */
static int cell_virtual_lvt(__u32 msr)
{
	return msr == 0x82f || (msr >= 0x833 && msr <= 0x836);
}

static void test_x2apic_registers_pass_except_icr(void **state)
{
	__u32 msr;

	(void)state;
	for (msr = 0x800; msr <= 0x8ff; msr++) {
		if (msr == 0x830)
			continue;
		expect(ROOT, msr, R, MSR_PASS_THROUGH);
		expect(ROOT, msr, W, MSR_PASS_THROUGH);
		expect(CELL, msr, R,
		       cell_virtual_lvt(msr) ? MSR_MEDIATE : MSR_PASS_THROUGH);
		expect(CELL, msr, W,
		       cell_virtual_lvt(msr) ? MSR_MEDIATE : MSR_PASS_THROUGH);
	}
	expect(CELL, 0x80b, W, MSR_PASS_THROUGH); /* EOI */
	expect(CELL, 0x83f, W, MSR_PASS_THROUGH); /* SELF IPI */
	/* ID and LDR are read-only in x2APIC mode: the hardware's #GP */
	expect(CELL, 0x802, W, MSR_PASS_THROUGH);
	expect(CELL, 0x80d, W, MSR_PASS_THROUGH);
	expect(CELL, 0x835, W, MSR_MEDIATE); /* LINT0 */
	expect(CELL, 0x836, W, MSR_MEDIATE); /* LINT1 */
}

static void test_everything_else_is_denied(void **state)
{
	static const __u32 unlisted[] = {
		0x0,	    0x11,	0x3c,	    0x480,	0x481,
		0x48d,	    0x491, /* VMX caps */
		0x1fff,	    0x9ff,	0xc0000000, 0xc0000085, 0xc0000104,
		0xc0001fff, 0xc0010000, 0x40000000, 0xffffffff, 0x2000,
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(unlisted) / sizeof(unlisted[0]); n++) {
		expect(ROOT, unlisted[n], R, MSR_DENY);
		expect(ROOT, unlisted[n], W, MSR_DENY);
		expect(CELL, unlisted[n], R, MSR_DENY);
		expect(CELL, unlisted[n], W, MSR_DENY);
	}
	assert_null(msr_name(0x480));
	assert_int_equal(msr_policy_lookup((enum msr_cell_kind)5, 0x10, R),
			 MSR_DENY);
}

static void test_non_root_cells_get_less_than_root(void **state)
{
	(void)state;
	/* microcode load, MTRR writes, MC banks, perf counters: root only */
	expect(ROOT, 0x79, W, MSR_PASS_THROUGH);
	expect(CELL, 0x79, W, MSR_DENY);
	expect(ROOT, 0x2ff, W, MSR_PASS_THROUGH);
	expect(CELL, 0x2ff, W, MSR_DENY);
	expect(CELL, 0x2ff, R, MSR_PASS_THROUGH);
	expect(ROOT, 0x401, R, MSR_PASS_THROUGH);
	expect(CELL, 0x401, R, MSR_DENY);
	expect(ROOT, 0x38f, W, MSR_PASS_THROUGH);
	expect(CELL, 0x38f, W, MSR_DENY);
	expect(ROOT, 0xc1, R, MSR_PASS_THROUGH);
	expect(CELL, 0xc1, R, MSR_DENY);
	expect(ROOT, 0x10, W, MSR_PASS_THROUGH);
	expect(CELL, 0x10, W, MSR_DENY);
	expect(CELL, 0xe7, W, MSR_DENY);
	/* read-only MSRs are not writable by anyone */
	expect(ROOT, 0xce, W, MSR_DENY);
	expect(ROOT, 0x10a, W, MSR_DENY);
}

static void test_bitmap_is_all_exits_outside_the_list(void **state)
{
	unsigned int n, clear = 0;

	(void)state;
	for (n = 0; n < MSR_BITMAP_SIZE * 8; n++)
		clear += !((cell_bitmap[n / 8] >> (n % 8)) & 1);
	/* only the listed pass-through MSRs have clear bits */
	assert_true(clear > 20);
	assert_true(clear < 700);
	assert_int_equal(raw_bit(cell_bitmap, 0x480, 0), 1);
	assert_int_equal(raw_bit(root_bitmap, 0xe8, 0), 0);
	assert_int_equal(raw_bit(root_bitmap, 0xc0000102, 1), 0);
	/* byte and bit position: 0xe7 is byte 28 bit 7 of the read-low map */
	assert_int_equal((root_bitmap[0xe7 / 8] >> 7) & 1, 0);
	/* FS_BASE write: write-high map (3072) + 0x100 / 8 = byte 3104 */
	assert_int_equal(root_bitmap[3072 + 0x100 / 8] & 1, 0);
}

static void test_rules_are_sorted_and_disjoint(void **state)
{
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(rules) / sizeof(rules[0]); n++) {
		if (rules[n].first > rules[n].last)
			fail_msg("rule %s: first 0x%x > last 0x%x",
				 rules[n].name, rules[n].first, rules[n].last);
		if (n && rules[n].first <= rules[n - 1].last)
			fail_msg("rule %s overlaps or precedes %s",
				 rules[n].name, rules[n - 1].name);
	}
}

/*
 * XRSTORS loads the MSRs of every component IA32_XSS enables, past the MSR
 * bitmap: Intel PT (bit 8) would let a cell point trace output at any
 * host-physical page.  Only components whose MSRs the cell may write
 * anyway are permitted.
 */
static void test_xss_permits_only_components_of_writable_msrs(void **state)
{
	__u64 root = msr_xss_permitted(MSR_CELL_ROOT);
	__u64 cell = msr_xss_permitted(MSR_CELL_NON_ROOT);

	(void)state;
	/* computed once, the same answer from then on */
	assert_int_equal(msr_xss_permitted(MSR_CELL_ROOT), root);
	assert_int_equal(msr_xss_permitted(MSR_CELL_NON_ROOT), cell);
	assert_int_equal(root & (1ULL << 8), 0); /* Intel PT */
	assert_int_equal(cell, 0);
	/* Linux's own components on newer parts stay usable by the root */
	assert_true(root & (1ULL << 10)); /* PASID */
	assert_true(root & (1ULL << 11)); /* CET user */
	assert_true(root & (1ULL << 12)); /* CET supervisor */
	assert_true(root & (1ULL << 15)); /* arch LBR */
	/* unknown and user-state bits are never permitted */
	assert_int_equal(root & ~((1ULL << 10) | (1ULL << 11) | (1ULL << 12) |
				  (1ULL << 15) | (1ULL << 16)),
			 0);
	/* the write itself is mediated, the read passes */
	assert_int_equal(msr_policy_lookup(MSR_CELL_NON_ROOT, 0xda0,
					   MSR_ACCESS_WRITE),
			 MSR_MEDIATE);
	assert_int_equal(msr_policy_lookup(MSR_CELL_ROOT, 0xda0,
					   MSR_ACCESS_READ),
			 MSR_PASS_THROUGH);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(msr_name(0x1b), "IA32_APIC_BASE");
	assert_string_equal(msr_name(0x830), "x2APIC ICR");
	assert_string_equal(msr_name(0xe8), "IA32_MPERF/APERF");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, setup)
		T(test_linux_hot_msrs_pass_without_exit),
		T(test_mediated_msrs_exit),
		T(test_x2apic_registers_pass_except_icr),
		T(test_everything_else_is_denied),
		T(test_non_root_cells_get_less_than_root),
		T(test_bitmap_is_all_exits_outside_the_list),
		T(test_rules_are_sorted_and_disjoint),
		T(test_xss_permits_only_components_of_writable_msrs),
		T(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
