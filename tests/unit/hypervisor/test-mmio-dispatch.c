// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's MMIO region table and the dispatch of a decoded access
 * (mmio.c): registration, overlaps refused, lookup in registration order,
 * free entries reused, an unregistered or unknown address unhandled, and
 * the handlers' typed results passed through with their fault kinds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "mmio.h"

#define XAPIC 0xfee00000ULL
#define IOAPIC 0xfec00000ULL
#define HPET 0xfed00000ULL

static struct cell cell;
static struct per_cpu cpu;

/* ---- handlers that say who was called, with what ---- */
static unsigned int calls;
static void *last_arg;
static struct mmio_access *last_access;
static struct mmio_result answer;

static struct mmio_result handler(struct per_cpu *c, struct mmio_access *a,
				  void *arg)
{
	assert_ptr_equal(c, &cpu);
	calls++;
	last_arg = arg;
	last_access = a;
	if (!a->is_write && answer.verdict == MMIO_HANDLED)
		a->value = 0x1234;
	return answer;
}

static struct mmio_result other_handler(struct per_cpu *c,
					struct mmio_access *a, void *arg)
{
	(void)c;
	(void)a;
	(void)arg;
	fail_msg("the wrong handler was called");
	return mmio_unhandled();
}

/* ---- what mmio_cell_init() registers, in the order it does ---- */
static char order[8];

int apic_mmio_register(struct cell *c)
{
	strcat(order, "A");
	return mmio_region_register(c, XAPIC, PAGE_SIZE, handler, "xapic",
				    "xAPIC");
}

int mmio_subpage_register(struct cell *c)
{
	strcat(order, "S");
	return mmio_region_register(c, HPET, PAGE_SIZE, handler, "subpage",
				    "sub-page MMIO");
}

static int setup(void **state)
{
	(void)state;
	memset(&cell, 0, sizeof(cell));
	memset(&cpu, 0, sizeof(cpu));
	cpu.cell = &cell;
	calls = 0;
	last_arg = NULL;
	last_access = NULL;
	answer = mmio_handled();
	order[0] = 0;
	return 0;
}

static struct mmio_result access(__u64 address, unsigned int size, int is_write,
				 __u64 value, struct mmio_access *a)
{
	a->address = address;
	a->size = size;
	a->is_write = is_write;
	a->value = value;
	return mmio_dispatch(&cpu, a);
}

static void test_cell_init_registers_xapic_first(void **state)
{
	(void)state;
	cell.mmio.count = 5; /* left over: a fresh table */
	assert_int_equal(mmio_cell_init(&cell), 0);
	assert_string_equal(order, "AS");
	assert_int_equal(cell.mmio.count, 2);
	assert_true(cell.mmio.regions[0].start == XAPIC);
	assert_ptr_equal(mmio_region_lookup(&cell, XAPIC + 0xb0),
			 &cell.mmio.regions[0]);
	assert_ptr_equal(mmio_region_lookup(&cell, HPET + 0xf0),
			 &cell.mmio.regions[1]);
}

static void test_lookup_bounds(void **state)
{
	(void)state;
	assert_int_equal(mmio_region_register(&cell, IOAPIC, PAGE_SIZE, handler,
					      NULL, "IOAPIC"),
			 0);
	assert_non_null(mmio_region_lookup(&cell, IOAPIC));
	assert_non_null(mmio_region_lookup(&cell, IOAPIC + PAGE_SIZE - 1));
	assert_null(mmio_region_lookup(&cell, IOAPIC - 1));
	assert_null(mmio_region_lookup(&cell, IOAPIC + PAGE_SIZE));
	assert_null(mmio_region_lookup(&cell, 0));
	assert_null(mmio_region_lookup(&cell, ~0ULL));
}

static void test_overlaps_refused(void **state)
{
	(void)state;
	assert_int_equal(mmio_region_register(&cell, HPET, 2 * PAGE_SIZE,
					      handler, NULL, "a"),
			 0);
	/* the same, inside, across either end, around it */
	assert_int_equal(mmio_region_register(&cell, HPET, 2 * PAGE_SIZE,
					      other_handler, NULL, "b"),
			 -EEXIST);
	assert_int_equal(mmio_region_register(&cell, HPET + 0x1000, 8,
					      other_handler, NULL, "b"),
			 -EEXIST);
	assert_int_equal(mmio_region_register(&cell, HPET - 8, 16,
					      other_handler, NULL, "b"),
			 -EEXIST);
	assert_int_equal(mmio_region_register(&cell, HPET + 0x1ff8, 16,
					      other_handler, NULL, "b"),
			 -EEXIST);
	assert_int_equal(mmio_region_register(&cell, HPET - PAGE_SIZE,
					      4 * PAGE_SIZE, other_handler,
					      NULL, "b"),
			 -EEXIST);
	/* empty or wrapping ranges are no ranges */
	assert_int_equal(mmio_region_register(&cell, IOAPIC, 0, other_handler,
					      NULL, "b"),
			 -EEXIST);
	assert_int_equal(mmio_region_register(&cell, ~0ULL - 8, 16,
					      other_handler, NULL, "b"),
			 -EEXIST);
	assert_int_equal(cell.mmio.count, 1);
	/* right next to it on both sides is fine */
	assert_int_equal(mmio_region_register(&cell, HPET - PAGE_SIZE,
					      PAGE_SIZE, other_handler, NULL,
					      "b"),
			 0);
	assert_int_equal(mmio_region_register(&cell, HPET + 2 * PAGE_SIZE,
					      PAGE_SIZE, other_handler, NULL,
					      "c"),
			 0);
	assert_string_equal(mmio_region_lookup(&cell, HPET)->name, "a");
	assert_string_equal(mmio_region_lookup(&cell, HPET + 0x1fff)->name,
			    "a");
	assert_string_equal(mmio_region_lookup(&cell, HPET - 1)->name, "b");
	assert_string_equal(mmio_region_lookup(&cell, HPET + 0x2000)->name,
			    "c");
}

static void test_table_full(void **state)
{
	unsigned int n;

	(void)state;
	for (n = 0; n < MMIO_REGIONS_MAX; n++)
		assert_int_equal(mmio_region_register(&cell, n * PAGE_SIZE,
						      PAGE_SIZE, handler, NULL,
						      "x"),
				 0);
	assert_int_equal(mmio_region_register(&cell, n * PAGE_SIZE, PAGE_SIZE,
					      handler, NULL, "x"),
			 -ENOMEM);
	/* a freed entry is taken again, where it was */
	mmio_region_unregister(&cell, 3 * PAGE_SIZE);
	assert_null(mmio_region_lookup(&cell, 3 * PAGE_SIZE));
	assert_int_equal(mmio_region_register(&cell, HPET, PAGE_SIZE, handler,
					      NULL, "again"),
			 0);
	assert_ptr_equal(mmio_region_lookup(&cell, HPET),
			 &cell.mmio.regions[3]);
	assert_int_equal(cell.mmio.count, MMIO_REGIONS_MAX);
}

static void test_unregister(void **state)
{
	struct mmio_access a;

	(void)state;
	assert_int_equal(mmio_region_register(&cell, XAPIC, PAGE_SIZE, handler,
					      NULL, "xAPIC"),
			 0);
	assert_int_equal(mmio_region_register(&cell, IOAPIC, PAGE_SIZE, handler,
					      NULL, "IOAPIC"),
			 0);
	mmio_region_unregister(&cell, IOAPIC);
	assert_null(mmio_region_lookup(&cell, IOAPIC + 0x10));
	assert_true(access(IOAPIC + 0x10, 4, 0, 0, &a).verdict ==
		    MMIO_UNHANDLED);
	assert_int_equal(calls, 0);
	/* the other stays, and the range can be registered again */
	assert_non_null(mmio_region_lookup(&cell, XAPIC));
	assert_int_equal(mmio_region_register(&cell, IOAPIC, PAGE_SIZE, handler,
					      NULL, "IOAPIC"),
			 0);
	assert_int_equal(cell.mmio.count, 2);
	/* unknown start: nothing happens */
	mmio_region_unregister(&cell, IOAPIC + 0x10);
	assert_non_null(mmio_region_lookup(&cell, IOAPIC + 0x10));
}

static void test_dispatch_to_the_right_handler(void **state)
{
	struct mmio_access a;
	struct mmio_result res;

	(void)state;
	assert_int_equal(mmio_region_register(&cell, XAPIC, PAGE_SIZE, handler,
					      "xapic", "xAPIC"),
			 0);
	assert_int_equal(mmio_region_register(&cell, IOAPIC, PAGE_SIZE, handler,
					      "ioapic", "IOAPIC"),
			 0);
	res = access(IOAPIC + 0x10, 4, 0, 0, &a);
	assert_true(res.verdict == MMIO_HANDLED);
	assert_int_equal(mmio_result_fault(res), JAILHOUSE_FAULT_NONE);
	assert_string_equal(last_arg, "ioapic");
	assert_ptr_equal(last_access, &a);
	/* the load's data comes back in the access */
	assert_true(a.value == 0x1234);
	res = access(XAPIC + 0xb0, 4, 1, 0, &a);
	assert_true(res.verdict == MMIO_HANDLED);
	assert_string_equal(last_arg, "xapic");
	assert_true(a.value == 0); /* a store's value stays */
	assert_int_equal(calls, 2);
}

static void test_unhandled_address(void **state)
{
	struct mmio_access a;
	struct mmio_result res;

	(void)state;
	assert_int_equal(mmio_region_register(&cell, XAPIC, PAGE_SIZE, handler,
					      NULL, "xAPIC"),
			 0);
	res = access(XAPIC + PAGE_SIZE, 4, 1, 7, &a);
	assert_true(res.verdict == MMIO_UNHANDLED);
	assert_int_equal(mmio_result_fault(res), JAILHOUSE_FAULT_MEMORY);
	assert_int_equal(calls, 0);
	/* an empty table */
	memset(&cell.mmio, 0, sizeof(cell.mmio));
	res = access(XAPIC, 4, 1, 7, &a);
	assert_true(res.verdict == MMIO_UNHANDLED);
	assert_int_equal(calls, 0);
}

static void test_typed_results_pass_through(void **state)
{
	static const __u32 faults[] = {
		JAILHOUSE_FAULT_IPI,
		JAILHOUSE_FAULT_IOAPIC,
		JAILHOUSE_FAULT_MEMORY,
		JAILHOUSE_FAULT_MMIO_DECODE,
	};
	struct mmio_access a;
	struct mmio_result res;
	unsigned int n;

	(void)state;
	assert_int_equal(mmio_region_register(&cell, XAPIC, PAGE_SIZE, handler,
					      NULL, "xAPIC"),
			 0);
	for (n = 0; n < sizeof(faults) / sizeof(faults[0]); n++) {
		answer = mmio_denied(faults[n]);
		res = access(XAPIC + 0x300, 4, 1, 0xfd, &a);
		assert_true(res.verdict == MMIO_DENIED);
		assert_int_equal(mmio_result_fault(res), faults[n]);
		/* a refused load leaves the access as it was */
		res = access(XAPIC + 0x300, 4, 0, 0x55, &a);
		assert_int_equal(mmio_result_fault(res), faults[n]);
		assert_true(a.value == 0x55);
	}
	/* a handler's "not mine" is a memory violation */
	answer = mmio_unhandled();
	res = access(XAPIC + 0x300, 4, 1, 0, &a);
	assert_true(res.verdict == MMIO_UNHANDLED);
	assert_int_equal(mmio_result_fault(res), JAILHOUSE_FAULT_MEMORY);
}

#define T(name) cmocka_unit_test_setup(name, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cell_init_registers_xapic_first),
		T(test_lookup_bounds),
		T(test_overlaps_refused),
		T(test_table_full),
		T(test_unregister),
		T(test_dispatch_to_the_right_handler),
		T(test_unhandled_address),
		T(test_typed_results_pass_through),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
