/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-granular bitmap allocator.
 *
 * The hypervisor has two pools: the memory pool (real pages inside the
 * hypervisor memory: page tables, per-cell data) and the remap pool (a
 * range of hypervisor virtual addresses without backing, handed out to map
 * device or guest pages temporarily).  The allocator never touches the
 * pages it manages, so the same code serves both; page_zalloc() is for
 * pools backed by memory.  Size and use are what the driver shows as
 * mem_pool_size/used and remap_pool_size/used.
 *
 * Not thread safe: the hypervisor serialises management with its own lock.
 */
#ifndef _JH_PAGE_POOL_H
#define _JH_PAGE_POOL_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
/* Pages that hold `bytes` bytes (rounded up). */
#define PAGES(bytes) (((bytes) + PAGE_SIZE - 1) / PAGE_SIZE)

#define PAGE_POOL_BITS_PER_LONG (8 * sizeof(unsigned long))
/* Longs of bitmap a pool of `pages` pages needs. */
#define PAGE_POOL_BITMAP_LONGS(pages) \
	(((pages) + PAGE_POOL_BITS_PER_LONG - 1) / PAGE_POOL_BITS_PER_LONG)

struct page_pool {
	unsigned long base;    /* (virtual) address of page 0 */
	unsigned long pages;   /* pages managed */
	unsigned long used;    /* pages allocated or reserved */
	unsigned long *bitmap; /* bit set = page in use */
};

/*
 * Sets up a pool of `pages` pages at `base` (page aligned).  `bitmap` must
 * hold PAGE_POOL_BITMAP_LONGS(pages) longs; it may live inside the pool if
 * the caller then reserves its pages with page_pool_reserve().
 * Returns 0 or -EINVAL (unaligned base, zero pages).
 */
int page_pool_init(struct page_pool *pool, void *base, unsigned long pages,
		   unsigned long *bitmap);

/*
 * A pool of memory that holds its own bitmap: the first pages of
 * [base, base + pages * PAGE_SIZE) become the bitmap, zeroed and reserved,
 * so that no allocation ever hands them out.  Returns 0, or -EINVAL as
 * page_pool_init() and when the bitmap would take every page.
 */
int page_pool_init_in_place(struct page_pool *pool, void *base,
			    unsigned long pages);

/* Marks pages [first, first + num) as used (e.g. the pool's own bitmap).
 * Returns 0, -EINVAL if out of range, -EBUSY if one is already used. */
int page_pool_reserve(struct page_pool *pool, unsigned long first,
		      unsigned long num);

/* The lowest `num` contiguous free pages, aligned to `align` pages (a
 * power of two, 1 for none), or NULL when no such run is free.  Contents
 * are not touched. */
void *page_alloc_aligned(struct page_pool *pool, unsigned long num,
			 unsigned long align);
/* page_alloc_aligned(pool, num, 1). */
void *page_alloc(struct page_pool *pool, unsigned long num);
/* As page_alloc(), zero-filled: for pools backed by memory only. */
void *page_zalloc(struct page_pool *pool, unsigned long num);

/* Returns pages to the pool.  Freeing pages that are not allocated or lie
 * outside the pool is a hypervisor bug: it returns -EINVAL and changes
 * nothing, so the caller can report it. */
int page_free(struct page_pool *pool, void *first, unsigned long num);

static inline unsigned long page_pool_size(const struct page_pool *pool)
{
	return pool->pages;
}

static inline unsigned long page_pool_used(const struct page_pool *pool)
{
	return pool->used;
}

/* Does `addr` lie inside the pool? */
int page_pool_contains(const struct page_pool *pool, const void *addr);

#endif
