// SPDX-License-Identifier: GPL-2.0
/*
 * unit.c on the host: the table of units (include/unit.h) runs in order
 * and is undone in reverse.  Three recording units stand in for the
 * hypervisor's (IOAPIC, later PCI, ivshmem, VT-d); each hook appends
 * "<hook letter><unit letter>" to a log: i init, x exit, k cell_check,
 * c cell_create, d cell_destroy, q cell_quiesce, s cell_start,
 * o disable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "cell.h"
#include "unit.h"

static char calls[128];
/* the unit whose hook of that kind fails, 0 for none */
static char failing_init, failing_check, failing_create, failing_disable;
static struct cell test_cell;
/* the sentence buffer of the CPU whose disable runs (hypercall_refuse) */
static char *refusal_msg;
static struct per_cpu *const caller = (struct per_cpu *)0x1000;

static void record(char hook, char unit)
{
	size_t n = strlen(calls);

	assert_true(n + 3 < sizeof(calls));
	calls[n] = hook;
	calls[n + 1] = unit;
	calls[n + 2] = ' ';
	calls[n + 3] = 0;
}

#define UNIT(L)                                                          \
	static int init_##L(void)                                        \
	{                                                                \
		record('i', #L[0]);                                      \
		return failing_init == #L[0] ? -ENOMEM : 0;              \
	}                                                                \
	static void exit_##L(void)                                       \
	{                                                                \
		record('x', #L[0]);                                      \
	}                                                                \
	static int check_##L(struct per_cpu *c, const struct cell *cell) \
	{                                                                \
		assert_ptr_equal(c, caller);                             \
		assert_ptr_equal(cell, &test_cell);                      \
		record('k', #L[0]);                                      \
		return failing_check == #L[0] ? -EINVAL : 0;             \
	}                                                                \
	static int create_##L(struct cell *cell)                         \
	{                                                                \
		assert_ptr_equal(cell, &test_cell);                      \
		record('c', #L[0]);                                      \
		return failing_create == #L[0] ? -EBUSY : 0;             \
	}                                                                \
	static void destroy_##L(struct cell *cell)                       \
	{                                                                \
		assert_ptr_equal(cell, &test_cell);                      \
		record('d', #L[0]);                                      \
	}                                                                \
	static void quiesce_##L(struct cell *cell)                       \
	{                                                                \
		assert_ptr_equal(cell, &test_cell);                      \
		record('q', #L[0]);                                      \
	}                                                                \
	static void start_##L(struct cell *cell)                         \
	{                                                                \
		assert_ptr_equal(cell, &test_cell);                      \
		record('s', #L[0]);                                      \
	}                                                                \
	static int disable_##L(struct per_cpu *c)                        \
	{                                                                \
		assert_ptr_equal(c, caller);                             \
		record('o', #L[0]);                                      \
		if (failing_disable != #L[0])                            \
			return 0;                                        \
		strcpy(refusal_msg, #L " did not answer");               \
		return -EIO;                                             \
	}                                                                \
	static const struct hv_unit unit_##L = {                         \
		.name = #L,                                              \
		.init = init_##L,                                        \
		.exit = exit_##L,                                        \
		.cell_check = check_##L,                                 \
		.cell_create = create_##L,                               \
		.cell_destroy = destroy_##L,                             \
		.cell_quiesce = quiesce_##L,                             \
		.cell_start = start_##L,                                 \
		.disable = disable_##L,                                  \
	};

UNIT(A)
UNIT(B)
UNIT(C)

/* A unit without hooks (a later subsystem may need only some). */
static const struct hv_unit unit_empty = { .name = "empty" };

const struct hv_unit *const hv_units[] = {
	&unit_A,
	&unit_empty,
	&unit_B,
	&unit_C,
};
const unsigned int hv_num_units = sizeof(hv_units) / sizeof(hv_units[0]);

static int setup(void **state)
{
	(void)state;
	calls[0] = 0;
	failing_init = failing_check = failing_create = failing_disable = 0;
	return 0;
}

static void test_init_runs_in_table_order(void **state)
{
	(void)state;
	assert_int_equal(units_init(), 0);
	assert_string_equal(calls, "iA iB iC ");
}

static void test_failed_init_unwinds_in_reverse(void **state)
{
	(void)state;
	failing_init = 'C';
	assert_int_equal(units_init(), -ENOMEM);
	assert_string_equal(calls, "iA iB iC xB xA ");
}

static void test_first_init_failing_undoes_nothing(void **state)
{
	(void)state;
	failing_init = 'A';
	assert_int_equal(units_init(), -ENOMEM);
	assert_string_equal(calls, "iA ");
}

static void test_create_in_order_destroy_in_reverse(void **state)
{
	(void)state;
	assert_int_equal(units_cell_check(caller, &test_cell), 0);
	assert_int_equal(units_cell_create(&test_cell), 0);
	units_cell_destroy(&test_cell);
	assert_string_equal(calls, "kA kB kC cA cB cC dC dB dA ");
}

static void test_failed_create_unwinds_in_reverse(void **state)
{
	(void)state;
	failing_create = 'C';
	assert_int_equal(units_cell_create(&test_cell), -EBUSY);
	/* C's own create failed: only A and B are undone */
	assert_string_equal(calls, "cA cB cC dB dA ");
}

static void test_check_refuses_before_anything_changes(void **state)
{
	(void)state;
	failing_check = 'B';
	assert_int_equal(units_cell_check(caller, &test_cell), -EINVAL);
	/* no create or destroy of anyone, and C is not even asked */
	assert_string_equal(calls, "kA kB ");
}

static void test_quiesce_in_reverse(void **state)
{
	(void)state;
	units_cell_quiesce(&test_cell);
	assert_string_equal(calls, "qC qB qA ");
}

static void test_start_in_order(void **state)
{
	(void)state;
	units_cell_start(&test_cell);
	assert_string_equal(calls, "sA sB sC ");
}

static void test_disable_in_reverse(void **state)
{
	(void)state;
	assert_int_equal(units_disable(caller), 0);
	assert_string_equal(calls, "oC oB oA ");
}

static void test_failed_disable_stops_there(void **state)
{
	char msg[JAILHOUSE_MSG_MAX] = "";

	(void)state;
	refusal_msg = msg;
	failing_disable = 'B';
	assert_int_equal(units_disable(caller), -EIO);
	assert_string_equal(msg, "B did not answer");
	/* C handed back already, A (which B relies on) still holds */
	assert_string_equal(calls, "oC oB ");
}

/* Three CPUs call disable at once: the hooks run for the first only,
 * every CPU gets the first one's answer and sentence. */
static void test_disable_round_answers_every_cpu_alike(void **state)
{
	char msg[3][JAILHOUSE_MSG_MAX] = { "", "", "" };
	unsigned int n;

	(void)state;
	failing_disable = 'B';
	for (n = 0; n < 3; n++) {
		refusal_msg = msg[n];
		assert_int_equal(units_disable_round(caller, msg[n], 3), -EIO);
		assert_string_equal(msg[n], "B did not answer");
	}
	assert_string_equal(calls, "oC oB ");
	/* the next round asks the units again; now they answer */
	failing_disable = 0;
	calls[0] = 0;
	for (n = 0; n < 3; n++)
		assert_int_equal(units_disable_round(caller, msg[n], 3), 0);
	assert_string_equal(calls, "oC oB oA ");
}

#define T(name) cmocka_unit_test_setup(name, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_runs_in_table_order),
		T(test_failed_init_unwinds_in_reverse),
		T(test_first_init_failing_undoes_nothing),
		T(test_create_in_order_destroy_in_reverse),
		T(test_failed_create_unwinds_in_reverse),
		T(test_check_refuses_before_anything_changes),
		T(test_quiesce_in_reverse),
		T(test_start_in_order),
		T(test_disable_in_reverse),
		T(test_failed_disable_stops_there),
		T(test_disable_round_answers_every_cpu_alike),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
