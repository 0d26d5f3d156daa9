// SPDX-License-Identifier: GPL-2.0
/*
 * Page-granular bitmap allocator for the memory pool and the remap pool.
 * A first-fit search from a moving start point: allocations are rare
 * (cell create, enable) and small, so simplicity beats speed here.
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
	pool->next = 0;
	memset(bitmap, 0, PAGE_POOL_BITMAP_LONGS(pages) * sizeof(long));
	return 0;
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

/* First free aligned run at or after `from` and before `limit`, or ~0. */
static unsigned long find_run(const struct page_pool *pool, unsigned long from,
			      unsigned long limit, unsigned long num,
			      unsigned long align)
{
	unsigned long first = (from + align - 1) & ~(align - 1);

	for (; first < limit && num <= pool->pages - first; first += align)
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
	first = find_run(pool, pool->next, pool->pages, num, align);
	if (first == ~0UL)
		first = find_run(pool, 0, pool->next, num, align);
	if (first == ~0UL)
		return 0;
	mark(pool, first, num, 1);
	pool->next = first + num < pool->pages ? first + num : 0;
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
