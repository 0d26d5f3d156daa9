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
#include "ioapic-root-request.h"

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

static struct ioapic_rte_result filter_remapped(__u64 rte, int root_remapped)
{
	return root_filter(rte, root_remapped, cpus, 4);
}

/* Linux's IOAPIC entry with interrupt remapping on, masked. */
#define REMAPPED (LINUX_REMAPPED_RTE | MASKED)

static void test_remappable_entry_of_the_root_is_kept(void **state)
{
	struct ioapic_rte_result res = filter_remapped(REMAPPED, 1);

	(void)state;
	expect_written(&res, REMAPPED, 0);
	/* the read-only bits and reserved bits 47:17 go */
	res = filter_remapped(REMAPPED | IOAPIC_RTE_REMOTE_IRR |
				      IOAPIC_RTE_DELIVERY_STATUS,
			      1);
	expect_written(&res, REMAPPED, 0);
	res = filter_remapped(REMAPPED | (1ULL << 40), 1);
	expect_written(&res, REMAPPED, 1);
	/* not read as a compatibility entry: bit 11 is no logical mode,
	 * 63:56 no destination (a CPU of nobody here) */
	assert_int_equal(res.verdict, IOAPIC_RTE_WRITE);
}

static void test_remappable_entry_refused_elsewhere(void **state)
{
	struct ioapic_rte_result res = filter_remapped(REMAPPED, 0);

	(void)state;
	expect_violation(&res, 4, "remappable-format entry (bit 48)");
	/* delivery-mode bits in remappable format: reserved */
	res = filter_remapped(REMAPPED | MODE(IOAPIC_RTE_DELIVERY_NMI), 1);
	expect_violation(&res, 4, "bits 10:8");
	/* the filter's own output keeps compatibility format without it */
	res = filter(DEST(2) | 0x31, 0);
	assert_false(res.rte & IOAPIC_RTE_REMAPPABLE);
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

/* ---- vectors shared with the root's level-triggered pins ---- */

/* 6 pins: 0 root edge 0x30, 1 root level 0x41 (masked), 2 root level
 * 0x42, 3 the cell's (0x41 as the root wrote it before: not the root's
 * any more), 4 root level vector 5, 5 the cell's */
static __u64 root_view[6];
static __u64 cell_view[6];
static int a_cell;
static const void *owner[6];

static void vector_setup(void)
{
	root_view[0] = 0x30;
	root_view[1] = 0x41 | LEVEL_LOW | MASKED;
	root_view[2] = 0x42 | LEVEL_LOW;
	root_view[3] = 0x43 | LEVEL_LOW;
	root_view[4] = 0x05 | LEVEL_LOW;
	root_view[5] = 0;
	memset(cell_view, 0, sizeof(cell_view));
	memset(owner, 0, sizeof(owner));
	owner[3] = owner[5] = &a_cell;
}

/* A cell's source with the vector of a root level-triggered pin: found
 * (the cell is stopped naming that pin), masked or not. */
static void test_vector_of_root_level_pin_clashes(void **state)
{
	(void)state;
	vector_setup();
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x42), 2);
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x41), 1);
}

/* Edge pins, the cell's own pins, vectors below 16 and unused vectors
 * are no clash. */
static void test_other_vectors_do_not_clash(void **state)
{
	__u64 set[IOAPIC_VECTOR_WORDS];
	unsigned int v, n = 0;

	(void)state;
	vector_setup();
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x30), -1);
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x43), -1);
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x05), -1);
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x50), -1);
	ioapic_root_level_vectors(root_view, owner, 6, set);
	for (v = 0; v < 256; v++)
		n += ioapic_vector_in_set(set, v);
	assert_int_equal(n, 2);
	assert_true(ioapic_vector_in_set(set, 0x41));
	assert_true(ioapic_vector_in_set(set, 0x42));
	assert_false(ioapic_vector_in_set(NULL, 0x42));
	assert_false(ioapic_vector_in_set(set, 256));
}

/* The root makes pin 2 edge-triggered: its vector is free for cells. */
static void test_root_pin_made_edge_frees_the_vector(void **state)
{
	__u64 set[IOAPIC_VECTOR_WORDS];

	(void)state;
	vector_setup();
	root_view[2] &= ~IOAPIC_RTE_TRIGGER_LEVEL;
	assert_int_equal(ioapic_root_level_pin(root_view, owner, 6, 0x42), -1);
	ioapic_root_level_vectors(root_view, owner, 6, set);
	assert_false(ioapic_vector_in_set(set, 0x42));
	assert_true(ioapic_vector_in_set(set, 0x41));
}

/* A root write that creates a clash finds the cell's pin (to report it):
 * only pins given to cells, whatever their trigger mode. */
static void test_root_write_finds_the_cells_pin(void **state)
{
	(void)state;
	vector_setup();
	cell_view[5] = 0x42 | MASKED;
	cell_view[0] = 0x42; /* not a cell's pin: ignored */
	assert_int_equal(ioapic_cell_vector_pin(cell_view, owner, 6, 0x42), 5);
	assert_int_equal(ioapic_cell_vector_pin(cell_view, owner, 6, 0x41), -1);
	cell_view[5] = 0;
	/* a cell's entry not written yet (vector 0) never clashes */
	assert_int_equal(ioapic_cell_vector_pin(cell_view, owner, 6, 0), -1);
}

/* Which of a cell's entries are checked against the root's level
 * vectors: level-triggered ones, unless they keep the level vector they
 * had; edge-triggered ones never (their EOIs reach no IOAPIC). */
static void test_cell_entry_clash_check(void **state)
{
	(void)state;
	/* edge, masked or not, any vector */
	assert_false(ioapic_cell_entry_needs_clash_check(0, 0x42));
	assert_false(ioapic_cell_entry_needs_clash_check(0x42 | LEVEL_LOW,
							 0x42 | MASKED));
	/* level: a new pin, from edge, another vector */
	assert_true(ioapic_cell_entry_needs_clash_check(0, 0x42 | LEVEL_LOW));
	assert_true(
		ioapic_cell_entry_needs_clash_check(0x42, 0x42 | LEVEL_LOW));
	assert_true(ioapic_cell_entry_needs_clash_check(0x41 | LEVEL_LOW,
							0x42 | LEVEL_LOW));
	/* level, keeping its level vector (masked, unmasked, destination) */
	assert_false(
		ioapic_cell_entry_needs_clash_check(0x42 | LEVEL_LOW,
						    0x42 | LEVEL_LOW | MASKED));
	assert_false(
		ioapic_cell_entry_needs_clash_check(0x42 | LEVEL_LOW | MASKED,
						    0x42 | LEVEL_LOW |
							    DEST(2)));
}

/* The root is trusted: its clash is programmed and told once per pin and
 * vector, again once it ended and came back. */
static void test_root_clash_told_once(void **state)
{
	const __u64 level = 0x42 | LEVEL_LOW;
	__u16 told = 0;

	(void)state;
	assert_int_equal(ioapic_root_clash_news(level, -1, &told), 0);
	assert_int_equal(ioapic_root_clash_news(level, 5, &told), 1);
	assert_int_equal(ioapic_root_clash_news(level, 5, &told), 0);
	assert_int_equal(ioapic_root_clash_news(level | MASKED, 5, &told), 0);
	/* made edge: the clash is over, and told again when it returns */
	assert_int_equal(ioapic_root_clash_news(0x42, 5, &told), 0);
	assert_int_equal(told, 0);
	assert_int_equal(ioapic_root_clash_news(level, 5, &told), 1);
	/* another vector the cell also uses: told */
	assert_int_equal(ioapic_root_clash_news(0x43 | LEVEL_LOW, 2, &told), 1);
	/* vectors below 16 are never a clash */
	assert_int_equal(ioapic_root_clash_news(0x05 | LEVEL_LOW, 2, &told), 0);
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
		cmocka_unit_test(test_vector_of_root_level_pin_clashes),
		cmocka_unit_test(test_other_vectors_do_not_clash),
		cmocka_unit_test(test_root_pin_made_edge_frees_the_vector),
		cmocka_unit_test(test_root_write_finds_the_cells_pin),
		cmocka_unit_test(test_cell_entry_clash_check),
		cmocka_unit_test(test_root_clash_told_once),
		cmocka_unit_test(test_remappable_entry_of_the_root_is_kept),
		cmocka_unit_test(test_remappable_entry_refused_elsewhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
