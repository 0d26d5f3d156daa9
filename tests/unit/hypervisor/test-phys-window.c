// SPDX-License-Identifier: GPL-2.0
/*
 * phys-window.c: which parts of the hypervisor's physical-memory window
 * are write-back (RAM) and which uncached, and how far it reaches.  The
 * layout is also mapped into a real x86-64 page table (paging.c, host
 * pool) the way memory.c maps it, to see the leaves the CPU would use.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <common/env.h>
#include "phys-window.h"
#include "paging.h"
#include "config-builder.h"

#define GiB (1ULL << 30)
#define MiB (1ULL << 20)
#define WINDOW_MAX (256 * GiB)
#define POOL_PAGES 64

static struct test_system sys;

struct range {
	__u64 phys, size;
	int cached;
};

static struct range ranges[32];
static unsigned int num_ranges;

static int record(__u64 phys, __u64 size, int cached, void *ctx)
{
	(void)ctx;
	assert_true(num_ranges < 32);
	ranges[num_ranges].phys = phys;
	ranges[num_ranges].size = size;
	ranges[num_ranges].cached = cached;
	num_ranges++;
	return 0;
}

static void layout(__u64 end)
{
	num_ranges = 0;
	assert_int_equal(phys_window_layout(&sys.header, end, record, NULL), 0);
}

static void expect_range(unsigned int n, __u64 phys, __u64 size, int cached)
{
	assert_true(n < num_ranges);
	assert_true(ranges[n].phys == phys);
	assert_true(ranges[n].size == size);
	assert_int_equal(ranges[n].cached, cached);
}

/* Consecutive, gap-free from 0 to end, never two of a kind in a row. */
static void expect_well_formed(__u64 end)
{
	unsigned int n;
	__u64 pos = 0;

	for (n = 0; n < num_ranges; n++) {
		assert_true(ranges[n].phys == pos);
		assert_true(ranges[n].size > 0);
		if (n)
			assert_int_not_equal(ranges[n].cached,
					     ranges[n - 1].cached);
		pos += ranges[n].size;
	}
	assert_true(pos == end);
}

static int setup(void **state)
{
	(void)state;
	fill_system(&sys);
	return 0;
}

/* The sample system: low RAM, the legacy hole, RAM up to 1 GiB with the
 * hypervisor memory (0x3a000000, not a root region) inside it, then
 * devices (the HPET pages) in the uncached rest of the 32-bit space. */
static void test_sample_system_layout(void **state)
{
	__u64 end;

	(void)state;
	assert_int_equal(phys_window_end(&sys.header, WINDOW_MAX, &end), 0);
	assert_true(end == 4 * GiB);
	layout(end);
	expect_well_formed(end);
	assert_int_equal(num_ranges, 4);
	expect_range(0, 0, 0xa0000, 1);
	expect_range(1, 0xa0000, 0x60000, 0);
	/* root RAM, hypervisor memory, reserved RAM: one run */
	expect_range(2, 0x100000, 0x40000000 - 0x100000, 1);
	expect_range(3, 0x40000000, 3 * GiB, 0);
}

/* The hypervisor memory is RAM even where no root region is. */
static void test_hypervisor_memory_is_covered(void **state)
{
	__u64 end;

	(void)state;
	sys.header.hypervisor_memory.phys_start = 5 * GiB + 2 * MiB;
	assert_int_equal(phys_window_end(&sys.header, WINDOW_MAX, &end), 0);
	assert_true(end == 6 * GiB);
	layout(end);
	expect_well_formed(end);
	expect_range(0, 0, 0xa0000, 1);
	expect_range(2, 0x100000, 0x3a000000 - 0x100000, 1);
	/* the hole the hypervisor memory left at 0x3a000000 */
	expect_range(3, 0x3a000000, 0x600000, 0);
	expect_range(4, 0x3a600000, 0x40000000 - 0x3a600000, 1);
	expect_range(5, 0x40000000, 5 * GiB + 2 * MiB - 0x40000000, 0);
	expect_range(6, 5 * GiB + 2 * MiB, 0x600000, 1);
	expect_range(7, 5 * GiB + 8 * MiB, GiB - 8 * MiB, 0);
}

/* Device regions stay uncached even where they overlap nothing else;
 * device flags of any kind count (sub-page, widths). */
static void test_device_regions_are_not_ram(void **state)
{
	(void)state;
	/* the second HPET page becomes a sub-page region of RAM-less flags */
	sys.mem[5].flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO_32;
	/* and the first reserved-RAM region is declared as device memory */
	sys.mem[2].flags |= JAILHOUSE_MEM_IO;
	layout(4 * GiB);
	expect_well_formed(4 * GiB);
	expect_range(2, 0x100000, 0x3a600000 - 0x100000, 1);
	expect_range(3, 0x3a600000, 0x4c00000, 0);
	expect_range(4, 0x3f200000, 0xe00000, 1);
}

static void test_window_end(void **state)
{
	__u64 end = 0;

	(void)state;
	/* RAM above 4 GiB: up to its end, rounded to 1 GiB */
	sys.mem[5] = (struct jailhouse_memory){ 0x100000000ULL, 0x100000000ULL,
						0x40200000, JAILHOUSE_MEM_RW };
	assert_int_equal(phys_window_end(&sys.header, WINDOW_MAX, &end), 0);
	assert_true(end == 6 * GiB);
	/* RAM the window cannot reach: refused */
	assert_int_equal(phys_window_end(&sys.header, 5 * GiB, &end), -ERANGE);
	/* a device there only clips the window */
	sys.mem[5].flags |= JAILHOUSE_MEM_IO;
	assert_int_equal(phys_window_end(&sys.header, 5 * GiB, &end), 0);
	assert_true(end == 5 * GiB);
	sys.header.hypervisor_memory.phys_start = 5 * GiB;
	assert_int_equal(phys_window_end(&sys.header, 5 * GiB, &end), -ERANGE);
}

/* Overlapping and adjacent RAM regions, in any order, make one range. */
static void test_overlapping_ram_merges(void **state)
{
	(void)state;
	sys.mem[4] = (struct jailhouse_memory){ 0x200000000ULL, 0, 0x1000000,
						JAILHOUSE_MEM_RW };
	sys.mem[5] = (struct jailhouse_memory){ 0x1ff000000ULL, 0, 0x1800000,
						JAILHOUSE_MEM_RW };
	layout(9 * GiB);
	expect_well_formed(9 * GiB);
	expect_range(4, 0x1ff000000ULL, 0x2000000, 1);
}

static int stop_at_third(__u64 phys, __u64 size, int cached, void *ctx)
{
	unsigned int *calls = ctx;

	(void)phys;
	(void)size;
	(void)cached;
	return ++*calls == 3 ? -ENOMEM : 0;
}

static void test_layout_stops_at_an_error(void **state)
{
	unsigned int calls = 0;

	(void)state;
	assert_int_equal(phys_window_layout(&sys.header, 4 * GiB, stop_at_third,
					    &calls),
			 -ENOMEM);
	assert_int_equal(calls, 3);
}

/* ---- as memory.c maps it ---- */
static struct page_pool pool;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static struct page_table own;

static int map_range(__u64 phys, __u64 size, int cached, void *ctx)
{
	(void)ctx;
	return paging_map(&own, phys, phys, size,
			  cached ? PAGING_RW : PAGING_RW | PAGING_UNCACHED);
}

static void expect_leaf(__u64 addr, int cached, __u64 page_size)
{
	unsigned int flags;
	__u64 phys, size;

	assert_int_equal(paging_lookup(&own, addr, &phys, &flags, &size), 0);
	assert_true(phys == addr);
	assert_int_equal(!(flags & PAGING_UNCACHED), cached);
	assert_true(size == page_size);
}

static void test_mapped_leaves_never_span_ram_and_devices(void **state)
{
	void *memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	__u64 end;

	(void)state;
	sys.mem[5] = (struct jailhouse_memory){ 0x100000000ULL, 0x100000000ULL,
						GiB, JAILHOUSE_MEM_RW };
	assert_int_equal(page_pool_init(&pool, memory, POOL_PAGES, pool_bitmap),
			 0);
	assert_int_equal(paging_create(&own, &paging_x86_64, &pool,
				       &paging_identity_memory),
			 0);
	assert_int_equal(phys_window_end(&sys.header, WINDOW_MAX, &end), 0);
	assert_int_equal(phys_window_layout(&sys.header, end, map_range, NULL),
			 0);
	/* the first 2 MiB hold RAM and the legacy hole: 4 KiB leaves */
	expect_leaf(0x9f000, 1, 4096);
	expect_leaf(0xa0000, 0, 4096);
	expect_leaf(0x100000, 1, 4096);
	expect_leaf(0x200000, 1, 2 * MiB);
	expect_leaf(0x3a000000, 1, 2 * MiB); /* hypervisor memory */
	/* devices: uncached, 1 GiB leaves where nothing else is */
	expect_leaf(0xfed00000, 0, GiB);
	expect_leaf(0x40000000, 0, GiB);
	/* RAM above 4 GiB, one leaf, then nothing: the window ends */
	expect_leaf(0x100000000ULL, 1, GiB);
	assert_true(end == 5 * GiB);
	paging_destroy(&own);
	assert_int_equal(page_pool_used(&pool), 0);
	free(memory);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, setup)
		T(test_sample_system_layout),
		T(test_hypervisor_memory_is_covered),
		T(test_device_regions_are_not_ram),
		T(test_window_end),
		T(test_overlapping_ram_merges),
		T(test_layout_stops_at_an_error),
		T(test_mapped_leaves_never_span_ram_and_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
