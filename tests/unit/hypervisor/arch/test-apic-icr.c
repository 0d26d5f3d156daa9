// SPDX-License-Identifier: GPL-2.0
/*
 * arch/apic-icr.c: each rewrite and each refusal of the IPI filter, for
 * xAPIC (flat and cluster logical) and x2APIC.  The system has 4 CPUs;
 * the sending cell owns CPUs 0 and 1, another cell CPUs 2 and 3.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "apic-icr.h"
#include <common/env.h>

#define FIXED(vector) ((__u32)(vector))
#define NMI (APIC_ICR_DELIVERY_NMI << APIC_ICR_DELIVERY_SHIFT)
#define INIT (APIC_ICR_DELIVERY_INIT << APIC_ICR_DELIVERY_SHIFT)
#define SIPI(page) \
	((APIC_ICR_DELIVERY_STARTUP << APIC_ICR_DELIVERY_SHIFT) | (page))
#define LOWEST(vector) \
	((APIC_ICR_DELIVERY_LOWEST << APIC_ICR_DELIVERY_SHIFT) | (vector))
#define LOGICAL APIC_ICR_DEST_LOGICAL
#define SELF (APIC_ICR_SHORTHAND_SELF << APIC_ICR_SHORTHAND_SHIFT)
#define ALL (APIC_ICR_SHORTHAND_ALL << APIC_ICR_SHORTHAND_SHIFT)
#define OTHERS (APIC_ICR_SHORTHAND_OTHERS << APIC_ICR_SHORTHAND_SHIFT)
#define XAPIC_DEST(d) ((__u64)(d) << 56)
#define X2APIC_DEST(d) ((__u64)(d) << 32)

/* Linux in flat logical mode: logical ID = 1 << CPU number. */
static struct apic_cpu flat_cpus[4] = {
	{ 0, 0x01, 1 },
	{ 1, 0x02, 1 },
	{ 2, 0x04, 0 },
	{ 3, 0x08, 0 },
};

static struct apic_icr_plan send(__u64 icr, int x2apic, int cluster,
				 unsigned int sender,
				 const struct apic_cpu *cpus)
{
	struct apic_icr_request req = {
		.icr = icr,
		.x2apic = x2apic,
		.xapic_cluster = cluster,
		.sender = sender,
		.cpus = cpus,
		.num_cpus = 4,
	};
	struct apic_icr_plan plan;

	assert_int_equal(apic_icr_filter(&req, &plan), 0);
	return plan;
}

static struct apic_icr_plan xapic(__u64 icr)
{
	return send(icr, 0, 0, 0, flat_cpus);
}

/* The plan sends exactly to the CPUs in `mask`. */
static void expect_targets(const struct apic_icr_plan *plan, unsigned int mask)
{
	unsigned int n, count = 0;

	assert_int_equal(plan->verdict, APIC_ICR_SEND);
	for (n = 0; n < 4; n++) {
		assert_int_equal(apic_icr_is_target(plan, n), (mask >> n) & 1);
		count += (mask >> n) & 1;
	}
	assert_int_equal(plan->num_targets, count);
}

static void expect_violation(const struct apic_icr_plan *plan,
			     unsigned int foreign_cpu, const char *reason)
{
	assert_int_equal(plan->verdict, APIC_ICR_VIOLATION);
	assert_int_equal(plan->foreign_cpu, foreign_cpu);
	assert_int_equal(plan->num_targets, 0);
	assert_non_null(strstr(plan->reason, reason));
}

static void test_physical_ipi_inside_the_cell_passes_unchanged(void **state)
{
	struct apic_icr_plan plan = xapic(XAPIC_DEST(1) | FIXED(0xfd));
	struct apic_icr_request req = { .cpus = flat_cpus, .num_cpus = 4 };
	__u32 low, high;

	(void)state;
	expect_targets(&plan, 0x2);
	assert_false(plan.rewritten);
	apic_icr_target_write(&req, &plan, 1, &low, &high);
	assert_int_equal(low, 0xfd);
	assert_int_equal(high, 1 << 24);
	/* INIT, SIPI and NMI inside the cell are the cell's business */
	expect_targets((plan = xapic(XAPIC_DEST(1) | INIT |
				     APIC_ICR_LEVEL_ASSERT),
			&plan),
		       0x2);
	expect_targets((plan = xapic(XAPIC_DEST(1) | SIPI(0x9a)), &plan), 0x2);
	assert_int_equal(plan.icr_low, SIPI(0x9a));
	expect_targets((plan = xapic(XAPIC_DEST(1) | NMI), &plan), 0x2);
}

static void test_physical_ipi_outside_the_cell_is_a_violation(void **state)
{
	struct apic_icr_plan plan;

	(void)state;
	plan = xapic(XAPIC_DEST(2) | FIXED(0x30));
	expect_violation(&plan, 2, "IPI to a CPU outside the cell");
	plan = xapic(XAPIC_DEST(3) | INIT | APIC_ICR_LEVEL_ASSERT);
	expect_violation(&plan, 3, "outside the cell");
	plan = xapic(XAPIC_DEST(2) | SIPI(0x10));
	expect_violation(&plan, 2, "outside the cell");
	plan = xapic(XAPIC_DEST(3) | NMI);
	expect_violation(&plan, 3, "outside the cell");
}

static void test_unknown_apic_id_is_dropped(void **state)
{
	struct apic_icr_plan plan = xapic(XAPIC_DEST(7) | FIXED(0x30));

	(void)state;
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
	assert_int_equal(plan.num_targets, 0);
	assert_string_equal(plan.reason, "no CPU has the destination APIC ID");
}

static void test_flat_logical_is_narrowed_to_the_cell(void **state)
{
	struct apic_icr_request req = { .cpus = flat_cpus, .num_cpus = 4 };
	struct apic_icr_plan plan;
	__u32 low, high;

	(void)state;
	/* Linux: fixed IPI to logical mask 0x0f while CPUs 2, 3 are away */
	plan = xapic(XAPIC_DEST(0x0f) | LOGICAL | FIXED(0xfb));
	expect_targets(&plan, 0x3);
	assert_true(plan.rewritten);
	/* delivered physically: logical mode and shorthand are gone */
	apic_icr_target_write(&req, &plan, 0, &low, &high);
	assert_int_equal(low, 0xfb);
	assert_int_equal(high, 0);
	/* only foreign CPUs named: nothing to send */
	plan = xapic(XAPIC_DEST(0x0c) | LOGICAL | FIXED(0xfb));
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
	/* inside the cell only: not narrowed, still sent physically */
	plan = xapic(XAPIC_DEST(0x02) | LOGICAL | NMI);
	expect_targets(&plan, 0x2);
	assert_int_equal(plan.icr_low, NMI);
}

static void test_logical_nmi_init_sipi_outside_are_violations(void **state)
{
	struct apic_icr_plan plan;

	(void)state;
	plan = xapic(XAPIC_DEST(0x0f) | LOGICAL | NMI);
	expect_violation(&plan, 2,
			 "logical destination that includes a CPU "
			 "outside the cell");
	plan = xapic(XAPIC_DEST(0x08) | LOGICAL | INIT | APIC_ICR_LEVEL_ASSERT);
	expect_violation(&plan, 3, "logical destination");
	plan = xapic(XAPIC_DEST(0x06) | LOGICAL | SIPI(0x9a));
	expect_violation(&plan, 2, "logical destination");
}

static void test_shorthands_are_rewritten_to_the_cell(void **state)
{
	struct apic_icr_plan plan;

	(void)state;
	/* all-but-self from CPU 0: only CPU 1, not the other cell */
	plan = xapic(OTHERS | FIXED(0xfc));
	expect_targets(&plan, 0x2);
	assert_true(plan.rewritten);
	assert_int_equal(plan.icr_low, 0xfc);
	/* Linux's NMI backtrace: all-but-self NMI, narrowed as well */
	plan = xapic(OTHERS | NMI);
	expect_targets(&plan, 0x2);
	plan = xapic(ALL | FIXED(0xfc));
	expect_targets(&plan, 0x3);
	/* all-but-self from CPU 1 */
	plan = send(OTHERS | FIXED(0xfc), 0, 0, 1, flat_cpus);
	expect_targets(&plan, 0x1);
	/* self */
	plan = xapic(SELF | FIXED(0xf0));
	expect_targets(&plan, 0x1);
	assert_false(plan.rewritten);
	/* the broadcast destination 0xff counts as "all" */
	plan = xapic(XAPIC_DEST(0xff) | FIXED(0xf0));
	expect_targets(&plan, 0x3);
	assert_true(plan.rewritten);
}

static void test_all_but_self_alone_in_the_cell_is_dropped(void **state)
{
	struct apic_cpu alone[4] = {
		{ 0, 0x01, 1 },
		{ 1, 0x02, 0 },
		{ 2, 0x04, 0 },
		{ 3, 0x08, 0 },
	};
	struct apic_icr_plan plan = send(OTHERS | FIXED(0xfc), 0, 0, 0, alone);

	(void)state;
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
	assert_string_equal(plan.reason,
			    "the destination names no CPU of the cell");
}

static void test_lowest_priority_becomes_fixed_to_one_cpu(void **state)
{
	struct apic_icr_plan plan =
		xapic(XAPIC_DEST(0x0e) | LOGICAL | LOWEST(0x41));

	(void)state;
	expect_targets(&plan, 0x2);
	assert_int_equal(plan.icr_low, 0x41);
}

static void test_smi_and_reserved_modes_are_violations(void **state)
{
	struct apic_icr_plan plan;

	(void)state;
	plan = xapic(XAPIC_DEST(1) |
		     (APIC_ICR_DELIVERY_SMI << APIC_ICR_DELIVERY_SHIFT));
	expect_violation(&plan, 4, "SMI IPIs are not allowed");
	plan = xapic(XAPIC_DEST(1) | (3 << APIC_ICR_DELIVERY_SHIFT));
	expect_violation(&plan, 4, "reserved IPI delivery mode");
	plan = xapic(SELF | (7 << APIC_ICR_DELIVERY_SHIFT));
	expect_violation(&plan, 4, "reserved");
}

static void test_level_trigger_and_status_bits(void **state)
{
	/* level trigger kept, delivery status dropped */
	struct apic_icr_plan plan =
		xapic(XAPIC_DEST(1) | FIXED(0x31) | APIC_ICR_TRIGGER_LEVEL |
		      APIC_ICR_LEVEL_ASSERT | APIC_ICR_SEND_PENDING);

	(void)state;
	expect_targets(&plan, 0x2);
	assert_int_equal(plan.icr_low, FIXED(0x31) | APIC_ICR_TRIGGER_LEVEL |
					       APIC_ICR_LEVEL_ASSERT);
}

static void test_init_deassert_is_dropped(void **state)
{
	/* Linux sends it after each INIT; a VMX CPU would take it as INIT */
	struct apic_icr_plan plan =
		xapic(XAPIC_DEST(1) | INIT | APIC_ICR_TRIGGER_LEVEL);

	(void)state;
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
	assert_int_equal(plan.num_targets, 0);
	assert_non_null(strstr(plan.reason, "INIT level de-assert"));
	/* the assert itself still goes through */
	plan = xapic(XAPIC_DEST(1) | INIT | APIC_ICR_TRIGGER_LEVEL |
		     APIC_ICR_LEVEL_ASSERT);
	expect_targets(&plan, 0x2);
}

static void test_xapic_cluster_logical(void **state)
{
	/* clusters 1 and 2; CPU 2 (foreign) shares cluster 1 */
	struct apic_cpu cluster[4] = {
		{ 0, 0x11, 1 },
		{ 1, 0x12, 1 },
		{ 2, 0x14, 0 },
		{ 3, 0x21, 0 },
	};
	struct apic_icr_plan plan;

	(void)state;
	plan = send(XAPIC_DEST(0x17) | LOGICAL | FIXED(0x30), 0, 1, 0, cluster);
	expect_targets(&plan, 0x3);
	assert_true(plan.rewritten);
	plan = send(XAPIC_DEST(0x12) | LOGICAL | NMI, 0, 1, 0, cluster);
	expect_targets(&plan, 0x2);
	/* cluster 2 member 1 is CPU 3: outside */
	plan = send(XAPIC_DEST(0x21) | LOGICAL | NMI, 0, 1, 0, cluster);
	expect_violation(&plan, 3, "logical destination");
	/* cluster 0xf: bit 0 of every cluster -> CPUs 0 and 3 */
	plan = send(XAPIC_DEST(0xf1) | LOGICAL | FIXED(0x30), 0, 1, 0, cluster);
	expect_targets(&plan, 0x1);
	/* in flat mode the same 0x21 would mean CPUs with bits 0 or 5 */
	plan = send(XAPIC_DEST(0x21) | LOGICAL | FIXED(0x30), 0, 0, 0, cluster);
	expect_targets(&plan, 0x1);
}

static void test_x2apic(void **state)
{
	/* APIC IDs 0, 1 (cluster 0, bits 0 and 1), 2, 0x10 (cluster 1) */
	struct apic_cpu x2[4] = {
		{ 0, 0, 1 },
		{ 1, 0, 1 },
		{ 2, 0, 0 },
		{ 0x10, 0, 0 },
	};
	struct apic_icr_request req = { .cpus = x2,
					.num_cpus = 4,
					.x2apic = 1 };
	struct apic_icr_plan plan;
	__u32 low, high;

	(void)state;
	plan = send(X2APIC_DEST(1) | FIXED(0xfd), 1, 0, 0, x2);
	expect_targets(&plan, 0x2);
	apic_icr_target_write(&req, &plan, 1, &low, &high);
	assert_int_equal(high, 1); /* MSR bits 63:32, not shifted by 24 */
	assert_int_equal(low, 0xfd);
	plan = send(X2APIC_DEST(0x10) | FIXED(0xfd), 1, 0, 0, x2);
	expect_violation(&plan, 3, "IPI to a CPU outside the cell");
	/* logical: cluster 0, bits 0-1 */
	plan = send(X2APIC_DEST(0x00000003) | LOGICAL | FIXED(0xfd), 1, 0, 0,
		    x2);
	expect_targets(&plan, 0x3);
	/* cluster 0 bits 0-2: CPU 2 is foreign, narrowed for fixed... */
	plan = send(X2APIC_DEST(0x00000007) | LOGICAL | FIXED(0xfd), 1, 0, 0,
		    x2);
	expect_targets(&plan, 0x3);
	assert_true(plan.rewritten);
	/* ...a violation for NMI */
	plan = send(X2APIC_DEST(0x00000007) | LOGICAL | NMI, 1, 0, 0, x2);
	expect_violation(&plan, 2, "logical destination");
	/* cluster 1 bit 0 is APIC 0x10 */
	plan = send(X2APIC_DEST(0x00010001) | LOGICAL | INIT |
			    APIC_ICR_LEVEL_ASSERT,
		    1, 0, 0, x2);
	expect_violation(&plan, 3, "logical destination");
	plan = send(X2APIC_DEST(0x00010001) | LOGICAL | FIXED(0x20), 1, 0, 0,
		    x2);
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
	/* 0xffffffff broadcast; 0xff is an ordinary x2APIC ID here */
	plan = send(X2APIC_DEST(0xffffffff) | FIXED(0x20), 1, 0, 0, x2);
	expect_targets(&plan, 0x3);
	plan = send(X2APIC_DEST(0xff) | FIXED(0x20), 1, 0, 0, x2);
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
}

/* The root (narrow_logical): an x2APIC logical NMI or INIT whose cluster
 * mask includes another cell's CPU goes to the root's CPUs named, and is
 * no violation; a cell's is still one. */
static void test_root_logical_strict_modes_are_narrowed(void **state)
{
	struct apic_cpu x2[4] = {
		{ 0x100, 0, 1 },
		{ 0x102, 0, 1 },
		{ 0x104, 0, 0 },
		{ 0x106, 0, 0 },
	};
	struct apic_icr_request req = { .icr = X2APIC_DEST(0x00100055) |
					       LOGICAL | NMI,
					.x2apic = 1,
					.narrow_logical = 1,
					.cpus = x2,
					.num_cpus = 4 };
	struct apic_icr_plan plan;
	__u32 low, high;

	(void)state;
	assert_int_equal(apic_icr_filter(&req, &plan), 0);
	expect_targets(&plan, 0x3);
	assert_true(plan.rewritten);
	apic_icr_target_write(&req, &plan, 1, &low, &high);
	assert_int_equal(high, 0x102); /* 32 bits, physical */
	assert_int_equal(low, NMI);
	req.icr = X2APIC_DEST(0x00100050) | LOGICAL | INIT |
		  APIC_ICR_LEVEL_ASSERT;
	assert_int_equal(apic_icr_filter(&req, &plan), 0);
	assert_int_equal(plan.verdict, APIC_ICR_DROP);
	/* a physical NMI to another cell's CPU stays a violation */
	req.icr = X2APIC_DEST(0x104) | NMI;
	assert_int_equal(apic_icr_filter(&req, &plan), 0);
	expect_violation(&plan, 2, "outside the cell");
	req.narrow_logical = 0;
	req.icr = X2APIC_DEST(0x00100055) | LOGICAL | NMI;
	assert_int_equal(apic_icr_filter(&req, &plan), 0);
	expect_violation(&plan, 2, "logical destination");
}

/* From xAPIC mode an ID above 254 cannot be named: cut to 8 bits, CPU 1's
 * 0x103 would be 0x03, CPU 2's ID in another cell.  Rewritten
 * destinations leave it out; a physical 0x03 is CPU 2's. */
static void test_xapic_sender_never_names_ids_above_254(void **state)
{
	struct apic_cpu mixed[4] = {
		{ 0x01, 0x01, 1 },
		{ 0x103, 0x02, 1 },
		{ 0x03, 0x04, 0 },
		{ 0xff, 0x08, 1 },
	};
	struct apic_icr_plan plan;

	(void)state;
	plan = send(XAPIC_DEST(0) | ALL | FIXED(0x30), 0, 0, 0, mixed);
	expect_targets(&plan, 0x1);
	assert_non_null(strstr(plan.reason, "above 254"));
	plan = send(XAPIC_DEST(0xff) | FIXED(0x30), 0, 0, 0, mixed);
	expect_targets(&plan, 0x1);
	plan = send(XAPIC_DEST(0x0b) | LOGICAL | FIXED(0x30), 0, 0, 0, mixed);
	expect_targets(&plan, 0x1);
	plan = send(XAPIC_DEST(0x03) | FIXED(0x30), 0, 0, 0, mixed);
	expect_violation(&plan, 2, "outside the cell");
	/* the same CPUs from x2APIC mode: every ID can be named */
	plan = send(X2APIC_DEST(0xffffffff) | FIXED(0x30), 1, 0, 0, mixed);
	expect_targets(&plan, 0xb);
}

static void test_bad_requests(void **state)
{
	struct apic_icr_request req = { .cpus = flat_cpus,
					.num_cpus = 4,
					.sender = 4 };
	struct apic_icr_plan plan;

	(void)state;
	assert_int_equal(apic_icr_filter(&req, &plan), -EINVAL);
	req.sender = 0;
	req.num_cpus = JAILHOUSE_MAX_CPUS + 1;
	assert_int_equal(apic_icr_filter(&req, &plan), -EINVAL);
	req.cpus = NULL;
	req.num_cpus = 4;
	assert_int_equal(apic_icr_filter(&req, &plan), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_physical_ipi_inside_the_cell_passes_unchanged),
		cmocka_unit_test(
			test_physical_ipi_outside_the_cell_is_a_violation),
		cmocka_unit_test(test_unknown_apic_id_is_dropped),
		cmocka_unit_test(test_flat_logical_is_narrowed_to_the_cell),
		cmocka_unit_test(
			test_logical_nmi_init_sipi_outside_are_violations),
		cmocka_unit_test(test_shorthands_are_rewritten_to_the_cell),
		cmocka_unit_test(
			test_all_but_self_alone_in_the_cell_is_dropped),
		cmocka_unit_test(test_lowest_priority_becomes_fixed_to_one_cpu),
		cmocka_unit_test(test_smi_and_reserved_modes_are_violations),
		cmocka_unit_test(test_level_trigger_and_status_bits),
		cmocka_unit_test(test_init_deassert_is_dropped),
		cmocka_unit_test(test_xapic_cluster_logical),
		cmocka_unit_test(test_x2apic),
		cmocka_unit_test(test_root_logical_strict_modes_are_narrowed),
		cmocka_unit_test(test_xapic_sender_never_names_ids_above_254),
		cmocka_unit_test(test_bad_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
