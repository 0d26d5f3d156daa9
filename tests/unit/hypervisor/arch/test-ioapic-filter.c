// SPDX-License-Identifier: GPL-2.0
/*
 * arch/ioapic-filter.c: redirection entries restricted to the writer's
 * CPUs.  4 CPUs, flat logical IDs 1 << n; the writer owns CPUs 1 and 2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "ioapic-filter.h"

#define DEST(d) ((__u64)(d) << IOAPIC_RTE_DEST_SHIFT)
#define MODE(m) ((__u64)(m) << IOAPIC_RTE_DELIVERY_SHIFT)
#define LOGICAL IOAPIC_RTE_DEST_LOGICAL
#define MASKED IOAPIC_RTE_MASKED
#define LEVEL_LOW (IOAPIC_RTE_TRIGGER_LEVEL | IOAPIC_RTE_POLARITY_LOW)

static const struct apic_cpu cpus[4] = {
	{ 0, 0x01, 0 },
	{ 1, 0x02, 1 },
	{ 2, 0x04, 1 },
	{ 3, 0x08, 0 },
};

static struct ioapic_rte_result filter(__u64 rte, int allow_extint)
{
	struct ioapic_rte_request req = {
		.rte = rte,
		.allow_extint = allow_extint,
		.cpus = cpus,
		.num_cpus = 4,
	};
	struct ioapic_rte_result res;

	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	return res;
}

static void expect_written(const struct ioapic_rte_result *res, __u64 rte,
			   int rewritten)
{
	assert_int_equal(res->verdict, IOAPIC_RTE_WRITE);
	assert_int_equal(res->rte, rte);
	assert_int_equal(res->rewritten, rewritten);
}

static void expect_violation(const struct ioapic_rte_result *res,
			     unsigned int cpu, const char *reason)
{
	assert_int_equal(res->verdict, IOAPIC_RTE_VIOLATION);
	assert_int_equal(res->foreign_cpu, cpu);
	assert_non_null(strstr(res->reason, reason));
}

static void test_physical_entry_of_the_cell_is_kept(void **state)
{
	struct ioapic_rte_result res = filter(DEST(2) | LEVEL_LOW | 0x31, 0);

	(void)state;
	expect_written(&res, DEST(2) | LEVEL_LOW | 0x31, 0);
	assert_int_equal(res.target, 2);
	res = filter(DEST(1) | MODE(IOAPIC_RTE_DELIVERY_NMI), 0);
	expect_written(&res, DEST(1) | MODE(IOAPIC_RTE_DELIVERY_NMI), 0);
}

static void test_read_only_bits_are_cleared(void **state)
{
	struct ioapic_rte_result res =
		filter(DEST(1) | IOAPIC_RTE_REMOTE_IRR |
			       IOAPIC_RTE_DELIVERY_STATUS | 0x40,
		       0);

	(void)state;
	expect_written(&res, DEST(1) | 0x40, 0);
}

static void test_physical_entry_to_another_cell_is_a_violation(void **state)
{
	struct ioapic_rte_result res = filter(DEST(3) | 0x31, 0);

	(void)state;
	expect_violation(&res, 3, "interrupt routed to a CPU outside the cell");
	res = filter(DEST(0x7f) | 0x31, 0); /* no such CPU */
	expect_violation(&res, 4, "outside the cell");
	/* masked: parked on the cell's first CPU, stays masked */
	res = filter(DEST(3) | MASKED | 0x31, 0);
	expect_written(&res, DEST(1) | MASKED | 0x31, 1);
}

static void test_logical_entry_becomes_physical(void **state)
{
	struct ioapic_rte_result res;

	(void)state;
	/* CPUs 1 and 2: first one */
	res = filter(DEST(0x06) | LOGICAL | MODE(IOAPIC_RTE_DELIVERY_LOWEST) |
			     0x41,
		     0);
	expect_written(&res, DEST(1) | MODE(IOAPIC_RTE_DELIVERY_LOWEST) | 0x41,
		       1);
	/* all CPUs: narrowed to the cell's first */
	res = filter(DEST(0xff) | LOGICAL | 0x41, 0);
	expect_written(&res, DEST(1) | 0x41, 1);
	/* CPU 2 only */
	res = filter(DEST(0x04) | LOGICAL | 0x41, 0);
	expect_written(&res, DEST(2) | 0x41, 1);
	/* only foreign CPUs: written masked */
	res = filter(DEST(0x09) | LOGICAL | 0x41, 0);
	expect_written(&res, DEST(1) | MASKED | 0x41, 1);
	assert_non_null(strstr(res.reason, "names no CPU of the cell"));
}

static void test_cluster_logical(void **state)
{
	static const struct apic_cpu cluster[2] = {
		{ 0, 0x11, 0 },
		{ 5, 0x22, 1 },
	};
	struct ioapic_rte_request req = {
		.rte = DEST(0x22) | LOGICAL | 0x50,
		.xapic_cluster = 1,
		.cpus = cluster,
		.num_cpus = 2,
	};
	struct ioapic_rte_result res;

	(void)state;
	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	expect_written(&res, DEST(5) | 0x50, 1);
	req.rte = DEST(0x11) | LOGICAL | 0x50;
	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	expect_written(&res, DEST(5) | MASKED | 0x50, 1);
}

static void test_forbidden_delivery_modes(void **state)
{
	struct ioapic_rte_result res;

	(void)state;
	res = filter(DEST(1) | MODE(IOAPIC_RTE_DELIVERY_SMI), 0);
	expect_violation(&res, 4, "SMI delivery");
	res = filter(DEST(1) | MODE(IOAPIC_RTE_DELIVERY_INIT), 0);
	expect_violation(&res, 4, "INIT delivery");
	res = filter(DEST(1) | MODE(3), 0);
	expect_violation(&res, 4, "reserved");
	res = filter(DEST(1) | MODE(IOAPIC_RTE_DELIVERY_EXTINT), 0);
	expect_violation(&res, 4,
			 "ExtINT delivery is only allowed for the root cell");
	res = filter(DEST(1) | MODE(IOAPIC_RTE_DELIVERY_EXTINT), 1);
	expect_written(&res, DEST(1) | MODE(IOAPIC_RTE_DELIVERY_EXTINT), 0);
}

static void test_malformed_requests(void **state)
{
	static const struct apic_cpu none[2] = { { 0, 1, 0 }, { 1, 2, 0 } };
	struct ioapic_rte_request req = { .cpus = none, .num_cpus = 2 };
	struct ioapic_rte_result res;

	(void)state;
	assert_int_equal(ioapic_rte_filter(&req, &res), -EINVAL);
	req.cpus = NULL;
	assert_int_equal(ioapic_rte_filter(&req, &res), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_physical_entry_of_the_cell_is_kept),
		cmocka_unit_test(test_read_only_bits_are_cleared),
		cmocka_unit_test(
			test_physical_entry_to_another_cell_is_a_violation),
		cmocka_unit_test(test_logical_entry_becomes_physical),
		cmocka_unit_test(test_cluster_logical),
		cmocka_unit_test(test_forbidden_delivery_modes),
		cmocka_unit_test(test_malformed_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
