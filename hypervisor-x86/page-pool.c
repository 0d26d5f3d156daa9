// SPDX-License-Identifier: GPL-2.0
/*
 * Page-granular bitmap allocator for the memory pool and the remap pool.
 * First fit from the pool's start: allocations are rare (cell create,
 * enable) and small, so simplicity beats speed here.  Always the lowest
 * free run, so that a page freed while something still uses it comes back
 * at the next allocation, where the short create/destroy scenarios see
 * it.  A search that moved on after each allocation hid such a page until
 * it had gone round the whole pool: the bitmap page, counted as free by
 * mistake, came back as the hypervisor's zeroed PML4 after about 90 soak
 * cycles.
 */
#include "page-pool.h"
#include <common/env.h>
#include <common/string.h>

#define BITS PAGE_POOL_BITS_PER_LONG

static int page_used(const struct page_pool *pool, unsigned long page)
{
	return (pool->bitmap[page / BITS] >> (page % BITS)) & 1;
}

static void mark(struct page_pool *pool, unsigned long first, unsigned long num,
		 int used)
{
	unsigned long page;

	for (page = first; page < first + num; page++) {
		if (used)
			pool->bitmap[page / BITS] |= 1UL << (page % BITS);
		else
			pool->bitmap[page / BITS] &= ~(1UL << (page % BITS));
	}
	if (used)
		pool->used += num;
	else
		pool->used -= num;
}

int page_pool_init(struct page_pool *pool, void *base, unsigned long pages,
		   unsigned long *bitmap)
{
	unsigned long addr = (unsigned long)base;

	if ((addr & ~PAGE_MASK) || pages == 0 ||
	    pages > (~0UL - addr) / PAGE_SIZE + 1)
		return -EINVAL;
	pool->base = addr;
	pool->pages = pages;
	pool->used = 0;
	pool->bitmap = bitmap;
	memset(bitmap, 0, PAGE_POOL_BITMAP_LONGS(pages) * sizeof(long));
	return 0;
}

/* Pages of bitmap a pool of `pages` pages needs. */
static unsigned long bitmap_pages(unsigned long pages)
{
	return PAGES(PAGE_POOL_BITMAP_LONGS(pages) * sizeof(long));
}

int page_pool_init_in_place(struct page_pool *pool, void *base,
			    unsigned long pages)
{
	unsigned long own;

	if (page_pool_init(pool, base, pages, base))
		return -EINVAL;
	own = bitmap_pages(pages);
	if (own >= pages)
		return -EINVAL;
	/* Whole pages zeroed before the reservation: zeroing them after it
	 * cleared the bitmap's own bits, the allocator then handed the
	 * bitmap page out as the hypervisor's PML4, and once its search
	 * wrapped around, handed the PML4 out again, zeroed (the soak's
	 * triple fault after about 90 create/destroy cycles). */
	memset(base, 0, own * PAGE_SIZE);
	return page_pool_reserve(pool, 0, own);
}

static int range_valid(const struct page_pool *pool, unsigned long first,
		       unsigned long num)
{
	return num && first < pool->pages && num <= pool->pages - first;
}

static int run_free(const struct page_pool *pool, unsigned long first,
		    unsigned long num)
{
	unsigned long page;

	for (page = first; page < first + num; page++)
		if (page_used(pool, page))
			return 0;
	return 1;
}

int page_pool_reserve(struct page_pool *pool, unsigned long first,
		      unsigned long num)
{
	if (!range_valid(pool, first, num))
		return -EINVAL;
	if (!run_free(pool, first, num))
		return -EBUSY;
	mark(pool, first, num, 1);
	return 0;
}

/* The lowest free aligned run, or ~0. */
static unsigned long find_run(const struct page_pool *pool, unsigned long num,
			      unsigned long align)
{
	unsigned long first;

	for (first = 0; first < pool->pages && num <= pool->pages - first;
	     first += align)
		if (run_free(pool, first, num))
			return first;
	return ~0UL;
}

void *page_alloc_aligned(struct page_pool *pool, unsigned long num,
			 unsigned long align)
{
	unsigned long first;

	if (num == 0 || num > pool->pages || align == 0 ||
	    (align & (align - 1)) || pool->pages - pool->used < num)
		return 0;
	first = find_run(pool, num, align);
	if (first == ~0UL)
		return 0;
	mark(pool, first, num, 1);
	return (void *)(pool->base + first * PAGE_SIZE);
}

void *page_alloc(struct page_pool *pool, unsigned long num)
{
	return page_alloc_aligned(pool, num, 1);
}

void *page_zalloc(struct page_pool *pool, unsigned long num)
{
	void *pages = page_alloc(pool, num);

	/* memset() stores whole words: 512 stores a page */
	if (pages)
		memset(pages, 0, num * PAGE_SIZE);
	return pages;
}

int page_pool_contains(const struct page_pool *pool, const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return a >= pool->base && (a - pool->base) / PAGE_SIZE < pool->pages;
}

int page_free(struct page_pool *pool, void *first, unsigned long num)
{
	unsigned long addr = (unsigned long)first, page, n;

	if (!page_pool_contains(pool, first) || (addr & ~PAGE_MASK))
		return -EINVAL;
	page = (addr - pool->base) / PAGE_SIZE;
	if (!range_valid(pool, page, num))
		return -EINVAL;
	for (n = page; n < page + num; n++)
		if (!page_used(pool, n))
			return -EINVAL;
	mark(pool, page, num, 0);
	return 0;
}
