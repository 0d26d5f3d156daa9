// SPDX-License-Identifier: GPL-2.0
/* page-pool.c: the page allocator behind mem_pool_* and remap_pool_*. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "page-pool.h"

#define POOL_PAGES 70 /* more than one bitmap long, not a multiple */

struct fixture {
	struct page_pool pool;
	unsigned long bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
	unsigned char *memory;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(page_pool_init(&f->pool, f->memory, POOL_PAGES,
					f->bitmap),
			 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->memory);
	free(f);
	return 0;
}

static void test_init_refuses_unaligned_or_empty(void **state)
{
	struct fixture *f = *state;
	struct page_pool pool;

	assert_int_equal(page_pool_init(&pool, f->memory + 8, 4, f->bitmap),
			 -EINVAL);
	assert_int_equal(page_pool_init(&pool, f->memory, 0, f->bitmap),
			 -EINVAL);
}

static void test_size_and_used_are_reported(void **state)
{
	struct fixture *f = *state;
	void *a, *b;

	assert_int_equal(page_pool_size(&f->pool), POOL_PAGES);
	assert_int_equal(page_pool_used(&f->pool), 0);
	a = page_alloc(&f->pool, 3);
	b = page_alloc(&f->pool, 1);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(page_pool_used(&f->pool), 4);
	assert_int_equal(page_free(&f->pool, a, 3), 0);
	assert_int_equal(page_pool_used(&f->pool), 1);
	assert_int_equal(page_free(&f->pool, b, 1), 0);
	assert_int_equal(page_pool_used(&f->pool), 0);
}

static void test_allocations_do_not_overlap_and_stay_inside(void **state)
{
	struct fixture *f = *state;
	unsigned char *pages[POOL_PAGES];
	unsigned int n, m;

	for (n = 0; n < POOL_PAGES; n++) {
		pages[n] = page_alloc(&f->pool, 1);
		assert_non_null(pages[n]);
		assert_true(page_pool_contains(&f->pool, pages[n]));
		for (m = 0; m < n; m++)
			assert_ptr_not_equal(pages[n], pages[m]);
	}
	assert_null(page_alloc(&f->pool, 1));
	assert_int_equal(page_pool_used(&f->pool), POOL_PAGES);
	/* a hole in the middle is found again */
	assert_int_equal(page_free(&f->pool, pages[40], 1), 0);
	assert_ptr_equal(page_alloc(&f->pool, 1), pages[40]);
}

static void test_contiguous_and_aligned_runs(void **state)
{
	struct fixture *f = *state;
	unsigned char *one, *run;

	one = page_alloc(&f->pool, 1);
	assert_ptr_equal(one, f->memory);
	run = page_alloc_aligned(&f->pool, 4, 8);
	assert_non_null(run);
	assert_int_equal((run - f->memory) / PAGE_SIZE % 8, 0);
	assert_ptr_equal(run, f->memory + 8 * PAGE_SIZE);
	assert_null(page_alloc_aligned(&f->pool, 2, 3)); /* not 2^n */
	assert_null(page_alloc(&f->pool, POOL_PAGES));	 /* no room */
	assert_null(page_alloc(&f->pool, 0));
}

static void test_zalloc_clears(void **state)
{
	struct fixture *f = *state;
	unsigned char *p;
	unsigned int n;

	for (n = 0; n < POOL_PAGES * PAGE_SIZE; n++)
		f->memory[n] = 0x5a;
	p = page_zalloc(&f->pool, 2);
	assert_non_null(p);
	for (n = 0; n < 2 * PAGE_SIZE; n++)
		assert_int_equal(p[n], 0);
	assert_int_equal(p[2 * PAGE_SIZE], 0x5a);
}

static void test_reserve_marks_pages_used(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(page_pool_reserve(&f->pool, 0, 2), 0);
	assert_int_equal(page_pool_used(&f->pool), 2);
	assert_ptr_equal(page_alloc(&f->pool, 1), f->memory + 2 * PAGE_SIZE);
	assert_int_equal(page_pool_reserve(&f->pool, 1, 1), -EBUSY);
	assert_int_equal(page_pool_reserve(&f->pool, POOL_PAGES - 1, 2),
			 -EINVAL);
}

static void test_bad_free_changes_nothing(void **state)
{
	struct fixture *f = *state;
	unsigned char *p = page_alloc(&f->pool, 2);

	assert_int_equal(page_free(&f->pool, p + 1, 1), -EINVAL);
	assert_int_equal(page_free(&f->pool, p, 3), -EINVAL); /* 3rd free */
	assert_int_equal(page_free(&f->pool, f->memory + POOL_PAGES * PAGE_SIZE,
				   1),
			 -EINVAL);
	assert_int_equal(page_pool_used(&f->pool), 2);
	assert_int_equal(page_free(&f->pool, p, 2), 0);
	assert_int_equal(page_free(&f->pool, p, 1), -EINVAL); /* double */
	assert_int_equal(page_pool_used(&f->pool), 0);
}

static void test_remap_pool_never_touches_its_range(void **state)
{
	/* A remap pool manages addresses without memory behind them: with
	 * ASan, any access to this range would be reported. */
	unsigned long bitmap[1];
	struct page_pool remap;
	void *p;

	(void)state;
	assert_int_equal(page_pool_init(&remap, (void *)0x7f0000000000UL, 16,
					bitmap),
			 0);
	p = page_alloc(&remap, 16);
	assert_ptr_equal(p, (void *)0x7f0000000000UL);
	assert_int_equal(page_free(&remap, p, 16), 0);
}

/* Set bits of the pool's bitmap: what `used` must agree with. */
static unsigned long bits_set(const struct page_pool *pool)
{
	unsigned long n, count = 0;

	for (n = 0; n < pool->pages; n++)
		count += (pool->bitmap[n / PAGE_POOL_BITS_PER_LONG] >>
			  (n % PAGE_POOL_BITS_PER_LONG)) &
			 1;
	return count;
}

/*
 * The hypervisor's pool keeps its bitmap in its own first page.  Zeroing
 * that page after reserving it counted it as free; the hypervisor's PML4
 * was then allocated on top of it and, once the search (which moved on
 * after each allocation then) wrapped around, handed out again and zeroed
 * after about 90 soak cycles.  Several rounds of the whole pool here, and
 * the bitmap page must never come back.
 */
static void test_in_place_never_hands_out_its_bitmap(void **state)
{
	struct fixture *f = *state;
	struct page_pool pool;
	unsigned char *a, *b;
	unsigned int round;

	memset(f->memory, 0x5a, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(page_pool_init_in_place(&pool, f->memory, POOL_PAGES),
			 0);
	assert_ptr_equal(pool.bitmap, f->memory);
	assert_int_equal(page_pool_used(&pool), 1);
	assert_int_equal(bits_set(&pool), 1);
	assert_int_equal(f->memory[PAGE_SIZE - 1], 0); /* whole page zeroed */
	assert_int_equal(f->memory[PAGE_SIZE], 0x5a);  /* and no more */
	for (round = 0; round < 4 * POOL_PAGES; round++) {
		a = page_zalloc(&pool, 3);
		b = page_zalloc(&pool, 1);
		assert_non_null(a);
		assert_non_null(b);
		assert_true(a >= f->memory + PAGE_SIZE);
		assert_true(b >= f->memory + PAGE_SIZE);
		assert_int_equal(bits_set(&pool), page_pool_used(&pool));
		assert_int_equal(page_free(&pool, a, 3), 0);
		assert_int_equal(page_free(&pool, b, 1), 0);
	}
	assert_int_equal(page_pool_used(&pool), 1);
	/* everything else, and then nothing */
	assert_ptr_equal(page_alloc_aligned(&pool, POOL_PAGES - 1, 1),
			 f->memory + PAGE_SIZE);
	assert_null(page_alloc(&pool, 1));
	assert_int_equal(bits_set(&pool), POOL_PAGES);
}

/* The lowest free run every time: a page freed while still in use shows
 * up at the next allocation, not a round of the pool later. */
static void test_freed_page_comes_back_first(void **state)
{
	struct fixture *f = *state;
	unsigned char *a, *b;

	a = page_alloc(&f->pool, 1);
	b = page_alloc(&f->pool, 1);
	assert_ptr_equal(a, f->memory);
	assert_ptr_equal(b, f->memory + PAGE_SIZE);
	assert_int_equal(page_free(&f->pool, a, 1), 0);
	assert_ptr_equal(page_alloc(&f->pool, 1), a);
	assert_ptr_equal(page_alloc(&f->pool, 1), f->memory + 2 * PAGE_SIZE);
	/* an aligned run skips what does not fit and still takes the lowest */
	assert_ptr_equal(page_alloc_aligned(&f->pool, 2, 4),
			 f->memory + 4 * PAGE_SIZE);
	assert_int_equal(page_free(&f->pool, b, 1), 0);
	assert_ptr_equal(page_alloc(&f->pool, 1), b);
}

static void test_in_place_refusals_touch_nothing(void **state)
{
	struct fixture *f = *state;
	struct page_pool pool;

	memset(f->memory, 0x5a, 2 * PAGE_SIZE);
	assert_int_equal(page_pool_init_in_place(&pool, f->memory + 8, 4),
			 -EINVAL);
	assert_int_equal(page_pool_init_in_place(&pool, f->memory, 0), -EINVAL);
	assert_int_equal(f->memory[8], 0x5a);
	/* a one-page pool would be nothing but its bitmap */
	assert_int_equal(page_pool_init_in_place(&pool, f->memory, 1), -EINVAL);
}

static void test_in_place_bitmap_of_two_pages(void **state)
{
	/* one bitmap page covers 32768 pages: one page more needs two */
	unsigned long pages = 8 * PAGE_SIZE + 1;
	unsigned char *memory = aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE);
	struct page_pool pool;

	(void)state;
	assert_non_null(memory);
	assert_int_equal(page_pool_init_in_place(&pool, memory, pages), 0);
	assert_int_equal(page_pool_used(&pool), 2);
	assert_int_equal(bits_set(&pool), 2);
	assert_ptr_equal(page_alloc(&pool, 1), memory + 2 * PAGE_SIZE);
	free(memory);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_init_refuses_unaligned_or_empty),
		T(test_size_and_used_are_reported),
		T(test_allocations_do_not_overlap_and_stay_inside),
		T(test_contiguous_and_aligned_runs),
		T(test_zalloc_clears),
		T(test_reserve_marks_pages_used),
		T(test_bad_free_changes_nothing),
		T(test_remap_pool_never_touches_its_range),
		T(test_freed_page_comes_back_first),
		T(test_in_place_never_hands_out_its_bitmap),
		T(test_in_place_refusals_touch_nothing),
		T(test_in_place_bitmap_of_two_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
