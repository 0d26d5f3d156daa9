// SPDX-License-Identifier: GPL-2.0
/*
 * paging.c: the page-table builder behind the hypervisor's own tables and
 * every EPT.  Table pages come from a real pool in host memory, identity
 * translated; the mapped physical addresses are never dereferenced.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <common/env.h>
#include "paging.h"

#define POOL_PAGES 64
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

struct fixture {
	struct page_pool pool;
	unsigned long bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
	void *memory;
	struct page_table ept, own;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(page_pool_init(&f->pool, f->memory, POOL_PAGES,
					f->bitmap),
			 0);
	assert_int_equal(paging_create(&f->ept, &paging_ept, &f->pool,
				       &paging_identity_memory),
			 0);
	assert_int_equal(paging_create(&f->own, &paging_x86_64, &f->pool,
				       &paging_identity_memory),
			 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	paging_destroy(&f->ept);
	paging_destroy(&f->own);
	assert_int_equal(page_pool_used(&f->pool), 0);
	free(f->memory);
	free(f);
	return 0;
}

/* The raw entry that maps `virt`, and its level. */
static pt_entry_t raw_leaf(const struct page_table *pt, __u64 virt,
			   unsigned int *level)
{
	const pt_entry_t *table = pt->root;
	unsigned int l;
	pt_entry_t e;

	for (l = 3;; l--) {
		e = table[(virt >> (12 + 9 * l)) & 511];
		if (l == 0 || (e & (1ULL << 7)))
			break;
		table = (const pt_entry_t
				 *)(unsigned long)(e & 0x000ffffffffff000ULL);
	}
	*level = l;
	return e;
}

static void expect_mapping(const struct page_table *pt, __u64 virt, __u64 phys,
			   unsigned int flags, __u64 page_size)
{
	unsigned int got_flags;
	__u64 got_phys, got_size;

	assert_int_equal(paging_lookup(pt, virt, &got_phys, &got_flags,
				       &got_size),
			 0);
	assert_int_equal(got_phys, phys);
	assert_int_equal(got_flags, flags);
	assert_int_equal(got_size, page_size);
}

static void expect_unmapped(const struct page_table *pt, __u64 virt)
{
	__u64 phys;

	assert_int_equal(paging_lookup(pt, virt, &phys, NULL, NULL), -ENOENT);
}

static void test_4k_map_lookup_unmap(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_map(&f->ept, 0x5000, 0x3a600000, 0x2000,
				    PAGING_RWX),
			 0);
	expect_mapping(&f->ept, 0x5000, 0x3a600000, PAGING_RWX, 0x1000);
	expect_mapping(&f->ept, 0x6abc, 0x3a601abc, PAGING_RWX, 0x1000);
	expect_unmapped(&f->ept, 0x4fff);
	expect_unmapped(&f->ept, 0x7000);
	assert_int_equal(paging_table_pages(&f->ept), 4);
	assert_int_equal(paging_unmap(&f->ept, 0x5000, 0x1000), 0);
	expect_unmapped(&f->ept, 0x5000);
	expect_mapping(&f->ept, 0x6000, 0x3a601000, PAGING_RWX, 0x1000);
	/* the last page gone: every intermediate table is freed */
	assert_int_equal(paging_unmap(&f->ept, 0x6000, 0x1000), 0);
	assert_int_equal(paging_table_pages(&f->ept), 1);
}

static void test_huge_pages_where_alignment_allows(void **state)
{
	struct fixture *f = *state;

	/* 0x1ff000..0x401000: one 4K page, one 2M page, one 4K page */
	assert_int_equal(paging_map(&f->ept, 0x1ff000, 0x1ff000, 0x202000,
				    PAGING_RW),
			 0);
	expect_mapping(&f->ept, 0x1ff000, 0x1ff000, PAGING_RW, 0x1000);
	expect_mapping(&f->ept, 0x200000, 0x200000, PAGING_RW, 2 * MiB);
	expect_mapping(&f->ept, 0x3fffff, 0x3fffff, PAGING_RW, 2 * MiB);
	expect_mapping(&f->ept, 0x400000, 0x400000, PAGING_RW, 0x1000);
	expect_unmapped(&f->ept, 0x401000);
	/* 1 GiB aligned on both sides: a 1 GiB leaf */
	assert_int_equal(paging_map(&f->ept, GiB, 3 * GiB, GiB, PAGING_RW), 0);
	expect_mapping(&f->ept, GiB + 0x1234, 3 * GiB + 0x1234, PAGING_RW, GiB);
	/* virt aligned but phys not: falls back to 2 MiB */
	assert_int_equal(paging_map(&f->ept, 4 * GiB, 2 * MiB, GiB, PAGING_RW),
			 0);
	expect_mapping(&f->ept, 4 * GiB, 2 * MiB, PAGING_RW, 2 * MiB);
}

static void test_no_huge_flag_forces_4k(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_map(&f->ept, 0x200000, 0x200000, 2 * MiB,
				    PAGING_RW | PAGING_NO_HUGE),
			 0);
	expect_mapping(&f->ept, 0x300000, 0x300000, PAGING_RW, 0x1000);
	assert_int_equal(paging_table_pages(&f->ept), 4);
}

static void test_unmap_splits_a_2m_page(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_map(&f->ept, 0x200000, 0x40200000, 2 * MiB,
				    PAGING_RWX),
			 0);
	/* punch the xAPIC-page-style hole in the middle */
	assert_int_equal(paging_unmap(&f->ept, 0x300000, 0x1000), 0);
	expect_unmapped(&f->ept, 0x300000);
	expect_mapping(&f->ept, 0x2ff000, 0x402ff000, PAGING_RWX, 0x1000);
	expect_mapping(&f->ept, 0x301000, 0x40301000, PAGING_RWX, 0x1000);
	expect_mapping(&f->ept, 0x200000, 0x40200000, PAGING_RWX, 0x1000);
	expect_mapping(&f->ept, 0x3ff000, 0x403ff000, PAGING_RWX, 0x1000);
}

static void test_unmap_splits_a_1g_page_in_two_steps(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_map(&f->ept, 0, 0, GiB, PAGING_RW), 0);
	assert_int_equal(paging_table_pages(&f->ept), 2);
	assert_int_equal(paging_unmap(&f->ept, 0x3a000000, 0x600000), 0);
	expect_unmapped(&f->ept, 0x3a000000);
	expect_unmapped(&f->ept, 0x3a5ff000);
	/* the rest of the GiB stays in 2 MiB pages */
	expect_mapping(&f->ept, 0x39fff000, 0x39fff000, PAGING_RW, 2 * MiB);
	expect_mapping(&f->ept, 0x3a600000, 0x3a600000, PAGING_RW, 2 * MiB);
	expect_mapping(&f->ept, 0, 0, PAGING_RW, 2 * MiB);
	assert_int_equal(paging_table_pages(&f->ept), 3);
	/* a 4 KiB hole in a 2 MiB page of the split GiB */
	assert_int_equal(paging_unmap(&f->ept, 0x3a601000, 0x1000), 0);
	expect_mapping(&f->ept, 0x3a600000, 0x3a600000, PAGING_RW, 0x1000);
	expect_unmapped(&f->ept, 0x3a601000);
	assert_int_equal(paging_table_pages(&f->ept), 4);
}

static void test_map_over_existing_mapping_replaces_it(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_map(&f->ept, 0x200000, 0x200000, 0x1000,
				    PAGING_RW),
			 0);
	/* a huge leaf over the 4K table: the table is freed */
	assert_int_equal(paging_map(&f->ept, 0, 0x80000000, GiB, PAGING_READ),
			 0);
	expect_mapping(&f->ept, 0x200000, 0x80200000, PAGING_READ, GiB);
	assert_int_equal(paging_table_pages(&f->ept), 2);
	/* a 4K page inside the huge leaf: split, then replaced */
	assert_int_equal(paging_map(&f->ept, 0x1000, 0x7000, 0x1000,
				    PAGING_RWX),
			 0);
	expect_mapping(&f->ept, 0x1000, 0x7000, PAGING_RWX, 0x1000);
	expect_mapping(&f->ept, 0x2000, 0x80002000, PAGING_READ, 0x1000);
	expect_mapping(&f->ept, 0x200000, 0x80200000, PAGING_READ, 2 * MiB);
}

static void test_ept_entry_bits(void **state)
{
	struct fixture *f = *state;
	unsigned int level;

	assert_int_equal(paging_map(&f->ept, 0x1000, 0x1000, 0x1000,
				    PAGING_RWX),
			 0);
	assert_int_equal(paging_map(&f->ept, 0xfed00000, 0xfed00000, 0x1000,
				    PAGING_RW | PAGING_UNCACHED),
			 0);
	assert_int_equal(paging_map(&f->ept, 0x40000000, 0x40000000, 2 * MiB,
				    PAGING_READ | PAGING_EXECUTE),
			 0);
	/* read, write, execute; memory type WB (6); no IPAT */
	assert_int_equal(raw_leaf(&f->ept, 0x1000, &level),
			 0x1000 | 7 | 6 << 3);
	assert_int_equal(level, 0);
	/* device memory: UC (0), not executable */
	assert_int_equal(raw_leaf(&f->ept, 0xfed00000, &level), 0xfed00000 | 3);
	/* a 2 MiB leaf: bit 7 */
	assert_int_equal(raw_leaf(&f->ept, 0x40000000, &level),
			 0x40000000 | 5 | 6 << 3 | 1 << 7);
	assert_int_equal(level, 1);
	/* table entries grant everything; leaves restrict */
	assert_int_equal(f->ept.root[0] & 0xfff, 7);
	expect_mapping(&f->ept, 0xfed00000, 0xfed00000,
		       PAGING_RW | PAGING_UNCACHED, 0x1000);
}

static void test_x86_64_entry_bits_and_upper_half(void **state)
{
	struct fixture *f = *state;
	const __u64 link = 0xffffff0000000000ULL;
	unsigned int level;
	pt_entry_t e;

	assert_int_equal(paging_map(&f->own, link, 0x3a000000, 0x1000,
				    PAGING_READ | PAGING_EXECUTE |
					    PAGING_GLOBAL),
			 0);
	assert_int_equal(paging_map(&f->own, link + 0x200000, 0x3a200000,
				    2 * MiB, PAGING_RW),
			 0);
	assert_int_equal(paging_map(&f->own, 0x2f8000, 0xfee00000, 0x1000,
				    PAGING_RW | PAGING_UNCACHED),
			 0);
	/* present, global; executable so no NX */
	e = raw_leaf(&f->own, link, &level);
	assert_int_equal(e, 0x3a000000 | 1 | 1 << 8);
	/* data: present, RW, NX; 2 MiB: PS */
	e = raw_leaf(&f->own, link + 0x200000, &level);
	assert_int_equal(e, 0x3a200000 | 3 | 1 << 7 | 1ULL << 63);
	assert_int_equal(level, 1);
	/* uncached: PCD | PWT */
	e = raw_leaf(&f->own, 0x2f8000, &level);
	assert_int_equal(e, 0xfee00000 | 3 | 1 << 3 | 1 << 4 | 1ULL << 63);
	expect_mapping(&f->own, link + 0x10, 0x3a000010,
		       PAGING_READ | PAGING_EXECUTE | PAGING_GLOBAL, 0x1000);
	/* PML4 slot 510 (0xffffff00...) */
	assert_int_equal(f->own.root[510] & 3, 3);
}

static void test_ept_without_1g_pages_uses_2m(void **state)
{
	struct fixture *f = *state;
	struct page_table pt;

	assert_int_equal(paging_create(&pt, &paging_ept_no_1g, &f->pool,
				       &paging_identity_memory),
			 0);
	assert_int_equal(paging_map(&pt, 0, 0, GiB, PAGING_RWX), 0);
	expect_mapping(&pt, 0x40000000 - 1, 0x40000000 - 1, PAGING_RWX,
		       2 * MiB);
	assert_int_equal(paging_table_pages(&pt), 3);
	paging_destroy(&pt);
	assert_int_equal(paging_create(&pt, &paging_x86_64_no_1g, &f->pool,
				       &paging_identity_memory),
			 0);
	assert_int_equal(paging_map(&pt, GiB, GiB, GiB, PAGING_RW), 0);
	expect_mapping(&pt, GiB, GiB, PAGING_RW, 2 * MiB);
	paging_destroy(&pt);
}

static void test_bad_requests_change_nothing(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_map(&f->ept, 0x1001, 0, 0x1000, PAGING_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&f->ept, 0x1000, 0x10, 0x1000, PAGING_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&f->ept, 0x1000, 0, 0x800, PAGING_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&f->ept, 0x1000, 0, 0, PAGING_RW), -EINVAL);
	/* non-canonical, and crossing the canonical hole */
	assert_int_equal(paging_map(&f->ept, 0x0000900000000000ULL, 0, 0x1000,
				    PAGING_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&f->ept, 0x00007ffffffff000ULL, 0, 0x2000,
				    PAGING_RW),
			 -EINVAL);
	/* physical beyond 52 bits, and wrapping */
	assert_int_equal(paging_map(&f->ept, 0, 1ULL << 52, 0x1000, PAGING_RW),
			 -EINVAL);
	assert_int_equal(paging_map(&f->ept, 0, (1ULL << 52) - 0x1000, 0x2000,
				    PAGING_RW),
			 -EINVAL);
	/* write-only is an EPT misconfiguration; x86-64 cannot express it */
	assert_int_equal(paging_map(&f->ept, 0, 0, 0x1000, PAGING_WRITE),
			 -EINVAL);
	assert_int_equal(paging_map(&f->own, 0, 0, 0x1000, PAGING_WRITE),
			 -EINVAL);
	assert_int_equal(paging_map(&f->ept, 0, 0, 0x1000, 0), -EINVAL);
	assert_int_equal(paging_unmap(&f->ept, 0x10, 0x1000), -EINVAL);
	assert_int_equal(paging_table_pages(&f->ept), 1);
	assert_int_equal(paging_table_pages(&f->own), 1);
}

static void test_out_of_pool_memory_is_reported(void **state)
{
	struct fixture *f = *state;
	unsigned long left =
		page_pool_size(&f->pool) - page_pool_used(&f->pool);
	unsigned long n;

	/* 4 KiB pages 1 GiB apart: a PDPT once, then a PD and a PT each */
	for (n = 0; n < (left - 1) / 2; n++)
		assert_int_equal(paging_map(&f->ept, n * GiB, 0, 0x1000,
					    PAGING_RW),
				 0);
	assert_int_equal(paging_map(&f->ept, n * GiB, 0, 0x1000, PAGING_RW),
			 -ENOMEM);
	/* unmapping everything gives it all back */
	assert_int_equal(paging_unmap(&f->ept, 0, (n + 1) * GiB), 0);
	assert_int_equal(paging_table_pages(&f->ept), 1);
	assert_int_equal(page_pool_size(&f->pool) - page_pool_used(&f->pool),
			 left);
}

static void test_unmap_of_holes_is_fine(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(paging_unmap(&f->ept, 0, 4 * GiB), 0);
	assert_int_equal(paging_map(&f->ept, 0x3000, 0x3000, 0x1000, PAGING_RW),
			 0);
	assert_int_equal(paging_unmap(&f->ept, 0, 2 * MiB), 0);
	expect_unmapped(&f->ept, 0x3000);
	assert_int_equal(paging_table_pages(&f->ept), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_4k_map_lookup_unmap),
		T(test_huge_pages_where_alignment_allows),
		T(test_no_huge_flag_forces_4k),
		T(test_unmap_splits_a_2m_page),
		T(test_unmap_splits_a_1g_page_in_two_steps),
		T(test_map_over_existing_mapping_replaces_it),
		T(test_ept_entry_bits),
		T(test_x86_64_entry_bits_and_upper_half),
		T(test_ept_without_1g_pages_uses_2m),
		T(test_bad_requests_change_nothing),
		T(test_out_of_pool_memory_is_reported),
		T(test_unmap_of_holes_is_fine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
