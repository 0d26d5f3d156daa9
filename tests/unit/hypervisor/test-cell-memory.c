// SPDX-License-Identifier: GPL-2.0
/*
 * cell-memory.c: a cell's EPT, and the root EPT's changes at create,
 * set-loadable, start and destroy.  The root EPT is built from the sample
 * system config of config-builder.h the way root-cell.c builds it (every
 * root region, sub-page ones skipped); table pages come from a host pool.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <common/env.h>
#include "cell-memory.h"
#include "config-builder.h"

#define POOL_PAGES 64
#define MiB (1ULL << 20)
#define COMM_PAGE 0x3a010000ULL /* inside the hypervisor memory */

static struct test_system sys;
static struct test_cell cell;

static struct page_pool pool;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static void *pool_memory;
static struct page_table root, ept;
static void *held[POOL_PAGES];
static unsigned long num_held;

/* What the root (or a cell) sees at one guest-physical address. */
struct view {
	int err;
	unsigned int flags;
	__u64 phys;
};

/* Guest-physical ranges a snapshot walks, page by page: the low GiB with
 * the RAM regions and holes, the device pages, and where the root may see
 * its reserved RAM in test_loadable_follows_the_root_address. */
static const struct {
	__u64 start, size;
} walked[] = {
	{ 0x0, 0x40000000 },
	{ 0xfec00000, 0x200000 },
	{ 0x7a600000, 0x4c00000 },
};

static unsigned long snapshot_pages(void)
{
	unsigned long pages = 0;
	unsigned int n;

	for (n = 0; n < sizeof(walked) / sizeof(walked[0]); n++)
		pages += walked[n].size / PAGE_SIZE;
	return pages;
}

static struct view *snapshot(const struct page_table *pt)
{
	struct view *v = calloc(snapshot_pages(), sizeof(*v));
	unsigned long at = 0;
	unsigned int n;
	__u64 gphys;

	assert_non_null(v);
	for (n = 0; n < sizeof(walked) / sizeof(walked[0]); n++)
		for (gphys = walked[n].start;
		     gphys < walked[n].start + walked[n].size;
		     gphys += PAGE_SIZE, at++)
			v[at].err = paging_lookup(pt, gphys, &v[at].phys,
						  &v[at].flags, NULL);
	return v;
}

/* Same translation for every walked page (page sizes may differ). */
static void expect_same_view(const struct page_table *pt, struct view *before)
{
	struct view *after = snapshot(pt);
	unsigned long n, differ = 0;

	for (n = 0; n < snapshot_pages(); n++)
		if (before[n].err != after[n].err ||
		    (!before[n].err && (before[n].phys != after[n].phys ||
					before[n].flags != after[n].flags)))
			differ++;
	free(after);
	free(before);
	assert_int_equal(differ, 0);
}

static void expect_mapped(const struct page_table *pt, __u64 gphys, __u64 phys,
			  unsigned int flags)
{
	unsigned int got_flags;
	__u64 got_phys;

	assert_int_equal(paging_lookup(pt, gphys, &got_phys, &got_flags, NULL),
			 0);
	assert_int_equal(got_phys, phys);
	assert_int_equal(got_flags, flags);
}

static void expect_unmapped(const struct page_table *pt, __u64 gphys)
{
	__u64 phys;

	assert_int_equal(paging_lookup(pt, gphys, &phys, NULL, NULL), -ENOENT);
}

static __u64 page_size_at(const struct page_table *pt, __u64 gphys)
{
	__u64 phys, size = 0;

	assert_int_equal(paging_lookup(pt, gphys, &phys, NULL, &size), 0);
	return size;
}

/* The root EPT as root-cell.c builds it: all regions, no comm region. */
static void build_root(void)
{
	assert_int_equal(paging_create(&root, &paging_ept, &pool,
				       &paging_identity_memory),
			 0);
	assert_int_equal(cell_memory_build(&root, &sys.header.root_cell, 0), 0);
}

/* Takes every free page of the pool (given back by refill_pool, or by
 * the teardown if an assertion ended the test first). */
static void exhaust_pool(void)
{
	while ((held[num_held] = page_alloc(&pool, 1)))
		num_held++;
}

static void refill_pool(void)
{
	while (num_held)
		assert_int_equal(page_free(&pool, held[--num_held], 1), 0);
}

static int setup(void **state)
{
	(void)state;
	fill_system(&sys);
	fill_cell(&cell, "demo", 0x2, 0x3a600000);
	pool_memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(page_pool_init(&pool, pool_memory, POOL_PAGES,
					pool_bitmap),
			 0);
	assert_int_equal(paging_create(&ept, &paging_ept, &pool,
				       &paging_identity_memory),
			 0);
	root.root = NULL;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	refill_pool();
	paging_destroy(&ept);
	if (root.root)
		paging_destroy(&root);
	assert_int_equal(page_pool_used(&pool), 0);
	free(pool_memory);
	return 0;
}

/* ---- a cell's EPT ------------------------------------------------------- */
static void test_paging_flags_from_region_flags(void **state)
{
	(void)state;
	assert_int_equal(cell_memory_paging_flags(JAILHOUSE_MEM_READ),
			 PAGING_READ);
	assert_int_equal(cell_memory_paging_flags(JAILHOUSE_MEM_RWX |
						  JAILHOUSE_MEM_DMA |
						  JAILHOUSE_MEM_LOADABLE),
			 PAGING_RWX);
	assert_int_equal(cell_memory_paging_flags(JAILHOUSE_MEM_RW |
						  JAILHOUSE_MEM_IO),
			 PAGING_RW | PAGING_UNCACHED);
}

static void test_cell_ept_maps_regions_and_comm_page(void **state)
{
	(void)state;
	assert_int_equal(cell_memory_build(&ept, &cell.header, COMM_PAGE), 0);
	/* RAM: 1 MiB at guest 0, write-back */
	expect_mapped(&ept, 0x0, 0x3a600000, PAGING_RWX);
	expect_mapped(&ept, 0xff000, 0x3a6ff000, PAGING_RWX);
	/* comm region: the hypervisor's page, RW, not phys_start (0) */
	expect_mapped(&ept, 0x100000, COMM_PAGE, PAGING_RW);
	expect_unmapped(&ept, 0x101000);
	/* HPET page: read-only, uncached */
	expect_mapped(&ept, 0xfed00000, 0xfed00000,
		      PAGING_READ | PAGING_UNCACHED);
	expect_unmapped(&ept, 0xfed01000);
	expect_unmapped(&ept, 0x3a600000);
}

static void test_cell_ept_comm_region_maps_one_page_only(void **state)
{
	(void)state;
	cell.mem[1].size = 0x3000;
	assert_int_equal(cell_memory_build(&ept, &cell.header, COMM_PAGE), 0);
	expect_mapped(&ept, 0x100000, COMM_PAGE, PAGING_RW);
	/* what follows the comm page is hypervisor memory */
	expect_unmapped(&ept, 0x101000);
	expect_unmapped(&ept, 0x102000);
}

static void test_cell_ept_skips_sub_page_regions(void **state)
{
	(void)state;
	cell.mem[2] =
		(struct jailhouse_memory){ 0xfed00100, 0xfed00100, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_32 };
	assert_int_equal(cell_memory_build(&ept, &cell.header, COMM_PAGE), 0);
	expect_unmapped(&ept, 0xfed00000);
	expect_mapped(&ept, 0x0, 0x3a600000, PAGING_RWX);
}

static void test_cell_ept_uses_huge_pages_where_aligned(void **state)
{
	(void)state;
	/* 5 MiB at guest 4 MiB: two 2 MiB pages, then 4 KiB pages */
	cell.mem[0].virt_start = 0x400000;
	cell.mem[0].size = 5 * MiB;
	assert_int_equal(cell_memory_build(&ept, &cell.header, COMM_PAGE), 0);
	assert_int_equal(page_size_at(&ept, 0x400000), 2 * MiB);
	assert_int_equal(page_size_at(&ept, 0x600000), 2 * MiB);
	assert_int_equal(page_size_at(&ept, 0x800000), PAGE_SIZE);
	expect_mapped(&ept, 0x7ff000, 0x3a9ff000, PAGING_RWX);
	expect_mapped(&ept, 0x8ff000, 0x3aaff000, PAGING_RWX);
	expect_unmapped(&ept, 0x900000);
}

static void test_cell_ept_misaligned_phys_gets_small_pages(void **state)
{
	(void)state;
	/* guest address 2 MiB aligned, host address only 1 MiB aligned */
	cell.mem[0].phys_start = 0x3a700000;
	cell.mem[0].virt_start = 0x400000;
	cell.mem[0].size = 2 * MiB;
	assert_int_equal(cell_memory_build(&ept, &cell.header, COMM_PAGE), 0);
	assert_int_equal(page_size_at(&ept, 0x400000), PAGE_SIZE);
	expect_mapped(&ept, 0x5ff000, 0x3a8ff000, PAGING_RWX);
}

static void test_cell_ept_build_reports_a_full_pool(void **state)
{
	(void)state;
	exhaust_pool();
	assert_int_equal(cell_memory_build(&ept, &cell.header, COMM_PAGE),
			 -ENOMEM);
	refill_pool();
}

/* ---- the root's EPT at create and destroy ------------------------------ */
static void test_take_and_return_round_trip(void **state)
{
	struct view *before;

	(void)state;
	build_root();
	before = snapshot(&root);
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	/* the cell's 1 MiB and the HPET page are gone, their neighbours not */
	expect_unmapped(&root, 0x3a600000);
	expect_unmapped(&root, 0x3a6ff000);
	expect_mapped(&root, 0x3a700000, 0x3a700000, PAGING_RW);
	expect_mapped(&root, 0x39fff000, 0x39fff000, PAGING_RWX);
	expect_unmapped(&root, 0x3a5ff000); /* hypervisor memory */
	expect_unmapped(&root, 0xfed00000);
	expect_mapped(&root, 0xfed01000, 0xfed01000,
		      PAGING_RW | PAGING_UNCACHED);
	/* the comm region (phys_start 0) takes nothing from the root */
	expect_mapped(&root, 0x0, 0x0, PAGING_RWX);
	assert_int_equal(cell_memory_return_to_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_same_view(&root, before);
}

static void test_root_shared_region_stays_in_the_root(void **state)
{
	(void)state;
	build_root();
	cell.mem[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_mapped(&root, 0x3a600000, 0x3a600000, PAGING_RW);
	expect_unmapped(&root, 0xfed00000);
}

static void test_piece_across_two_root_regions(void **state)
{
	struct view *before;

	(void)state;
	/* the root sees its reserved RAM 0x3a600000 at 0x7a600000 */
	sys.mem[2].virt_start = 0x7a600000;
	build_root();
	before = snapshot(&root);
	cell.mem[0].phys_start = 0x3f100000;
	cell.mem[0].size = 2 * MiB;
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_unmapped(&root, 0x7f100000);
	expect_unmapped(&root, 0x3f200000);
	expect_unmapped(&root, 0x3f2ff000);
	expect_mapped(&root, 0x7f0ff000, 0x3f0ff000, PAGING_RW);
	expect_mapped(&root, 0x3f300000, 0x3f300000, PAGING_RWX);
	assert_int_equal(cell_memory_return_to_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_same_view(&root, before);
}

/* Decided: a cell region outside every root region has no pieces, so take
 * and return succeed and leave the root alone (cell_config_check refuses
 * such configs before create anyway). */
static void test_region_not_backed_by_root_is_no_error(void **state)
{
	struct view *before;

	(void)state;
	build_root();
	before = snapshot(&root);
	cell.mem[0].phys_start = 0x50000000;
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	/* the HPET page, which the root has, moves as usual */
	expect_unmapped(&root, 0xfed00000);
	expect_mapped(&root, 0x3a600000, 0x3a600000, PAGING_RW);
	assert_int_equal(cell_memory_return_to_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_same_view(&root, before);
}

/* A root sub-page region was never in the root's EPT: it is neither
 * unmapped (its piece is not page aligned) nor mapped back at destroy. */
static void test_root_sub_page_region_is_left_alone(void **state)
{
	struct view *before;

	(void)state;
	sys.mem[4] =
		(struct jailhouse_memory){ 0xfed00100, 0xfed00100, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_32 };
	build_root();
	expect_unmapped(&root, 0xfed00000);
	before = snapshot(&root);
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_unmapped(&root, 0x3a600000);
	assert_int_equal(cell_memory_return_to_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_unmapped(&root, 0xfed00000);
	expect_same_view(&root, before);
}

/*
 * Cell RAM: 2 MiB at 0x3a600000 (a whole 2 MiB page of the root: unmapping
 * it needs no table) and 3 MiB at 0x3a800000 (one whole 2 MiB page, then
 * half of the next, which must be split: needs a table page).
 */
static void two_ram_regions(void)
{
	cell.mem[0].size = 2 * MiB;
	cell.mem[2] = (struct jailhouse_memory){ 0x3a800000, 0x200000, 3 * MiB,
						 JAILHOUSE_MEM_RW };
}

static void test_take_failure_leaves_the_root_unchanged(void **state)
{
	struct view *before;

	(void)state;
	build_root();
	two_ram_regions();
	before = snapshot(&root);
	exhaust_pool();
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 -ENOMEM);
	refill_pool();
	expect_same_view(&root, before);
	/* with pages to spare, the same take works */
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_unmapped(&root, 0x3a600000);
	expect_unmapped(&root, 0x3a800000);
	expect_unmapped(&root, 0x3aaff000);
	expect_mapped(&root, 0x3ab00000, 0x3ab00000, PAGING_RW);
}

static void test_return_goes_on_after_a_failed_piece(void **state)
{
	(void)state;
	build_root();
	/* region 0: half of a root 2 MiB page (split at take); region 2: a
	 * whole one */
	cell.mem[0] = (struct jailhouse_memory){ 0x3aa00000, 0x0, 1 * MiB,
						 JAILHOUSE_MEM_RWX };
	cell.mem[2] = (struct jailhouse_memory){ 0x3a600000, 0x200000, 2 * MiB,
						 JAILHOUSE_MEM_RW };
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	/* drop the rest of the split page too, freeing its table: mapping
	 * region 0 back then needs a table page, which a full pool lacks */
	assert_int_equal(paging_unmap(&root, 0x3aa00000, 2 * MiB), 0);
	exhaust_pool();
	assert_int_equal(cell_memory_return_to_root(&root, &sys.header,
						    &cell.header),
			 -ENOMEM);
	expect_unmapped(&root, 0x3aa00000);
	/* the later piece needed no table and came back all the same */
	expect_mapped(&root, 0x3a600000, 0x3a600000, PAGING_RW);
	expect_mapped(&root, 0x3a7ff000, 0x3a7ff000, PAGING_RW);
	refill_pool();
}

/* ---- loadable regions --------------------------------------------------- */
static void test_loadable_map_and_unmap_are_idempotent(void **state)
{
	struct view *taken;
	int round;

	(void)state;
	sys.mem[2].flags = JAILHOUSE_MEM_RWX;
	build_root();
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	taken = snapshot(&root);
	for (round = 0; round < 2; round++) {
		assert_int_equal(cell_memory_loadable_to_root(&root,
							      &sys.header,
							      &cell.header, 1),
				 0);
		/* RW, though the root region and the cell's are executable */
		expect_mapped(&root, 0x3a600000, 0x3a600000, PAGING_RW);
		expect_mapped(&root, 0x3a6ff000, 0x3a6ff000, PAGING_RW);
		/* the HPET page is not loadable */
		expect_unmapped(&root, 0xfed00000);
	}
	for (round = 0; round < 2; round++) {
		assert_int_equal(cell_memory_loadable_to_root(&root,
							      &sys.header,
							      &cell.header, 0),
				 0);
		expect_unmapped(&root, 0x3a600000);
	}
	expect_same_view(&root, taken);
}

static void test_loadable_follows_the_root_address(void **state)
{
	(void)state;
	sys.mem[2].virt_start = 0x7a600000;
	build_root();
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	expect_unmapped(&root, 0x7a600000);
	assert_int_equal(cell_memory_loadable_to_root(&root, &sys.header,
						      &cell.header, 1),
			 0);
	expect_mapped(&root, 0x7a600000, 0x3a600000, PAGING_RW);
	expect_unmapped(&root, 0x3a600000);
}

static void test_loadable_root_shared_region_is_left_alone(void **state)
{
	(void)state;
	sys.mem[2].flags = JAILHOUSE_MEM_RWX;
	build_root();
	cell.mem[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	assert_int_equal(cell_memory_take_from_root(&root, &sys.header,
						    &cell.header),
			 0);
	/* start does not take it away, set-loadable does not make it RW */
	assert_int_equal(cell_memory_loadable_to_root(&root, &sys.header,
						      &cell.header, 0),
			 0);
	expect_mapped(&root, 0x3a600000, 0x3a600000, PAGING_RWX);
	assert_int_equal(cell_memory_loadable_to_root(&root, &sys.header,
						      &cell.header, 1),
			 0);
	expect_mapped(&root, 0x3a600000, 0x3a600000, PAGING_RWX);
}

/* ---- memory scrub at destroy ------------------------------------------- */

/* What cell_memory_scrub() asked to zero, in order. */
static struct {
	__u64 phys, size;
} zeroed[8];
static unsigned int num_zeroed;
static int zero_result;

static int record_zero(__u64 phys, __u64 size)
{
	assert_true(num_zeroed < 8);
	zeroed[num_zeroed].phys = phys;
	zeroed[num_zeroed].size = size;
	num_zeroed++;
	return zero_result;
}

static void scrub(int expected)
{
	num_zeroed = 0;
	assert_int_equal(cell_memory_scrub(&sys.header, &cell.header,
					   record_zero),
			 expected);
}

static void expect_zeroed(unsigned int n, __u64 phys, __u64 size)
{
	assert_true(n < num_zeroed);
	assert_true(zeroed[n].phys == phys);
	assert_true(zeroed[n].size == size);
}

/* The demo cell: its RAM is zeroed; its comm region (hypervisor memory)
 * and the HPET page (device) are not. */
static void test_scrub_zeroes_ram_only(void **state)
{
	(void)state;
	zero_result = 0;
	scrub(0);
	assert_int_equal(num_zeroed, 1);
	expect_zeroed(0, 0x3a600000, MiB);
}

static void test_scrub_selection_by_flags(void **state)
{
	struct jailhouse_memory m = { 0, 0, PAGE_SIZE, JAILHOUSE_MEM_RW };

	(void)state;
	assert_int_equal(cell_memory_piece_scrubbed(&m, JAILHOUSE_MEM_RWX), 1);
	m.flags = JAILHOUSE_MEM_READ; /* read-only RAM too */
	assert_int_equal(cell_memory_piece_scrubbed(&m, JAILHOUSE_MEM_RW), 1);
	m.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO;
	assert_int_equal(cell_memory_piece_scrubbed(&m, JAILHOUSE_MEM_RW), 0);
	m.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO_32;
	assert_int_equal(cell_memory_piece_scrubbed(&m, JAILHOUSE_MEM_RW), 0);
	m.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION;
	assert_int_equal(cell_memory_piece_scrubbed(&m, JAILHOUSE_MEM_RW), 0);
	m.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_ROOTSHARED;
	assert_int_equal(cell_memory_piece_scrubbed(&m, JAILHOUSE_MEM_RW), 0);
	/* RAM in the cell's config, a device in the root's: never written */
	m.flags = JAILHOUSE_MEM_RW;
	assert_int_equal(cell_memory_piece_scrubbed(&m,
						    JAILHOUSE_MEM_RW |
							    JAILHOUSE_MEM_IO),
			 0);
	assert_int_equal(cell_memory_piece_scrubbed(
				 &m,
				 JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO_UNALIGNED),
			 0);
}

/* A root-shared region (e.g. ivshmem the root uses) keeps its contents;
 * a cell region declared MEM_IO is not written, though the root has RAM
 * there. */
static void test_scrub_skips_shared_and_io_regions(void **state)
{
	(void)state;
	zero_result = 0;
	cell.mem[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	scrub(0);
	assert_int_equal(num_zeroed, 0);
	cell.mem[0].flags &= ~JAILHOUSE_MEM_ROOTSHARED;
	cell.mem[0].flags |= JAILHOUSE_MEM_IO;
	scrub(0);
	assert_int_equal(num_zeroed, 0);
}

/* Pieces in host-physical terms, one per root region: what the root sees
 * at another address is still zeroed where it is. */
static void test_scrub_pieces_across_two_root_regions(void **state)
{
	(void)state;
	zero_result = 0;
	sys.mem[2].virt_start = 0x7a600000;
	cell.mem[0].phys_start = 0x3f100000;
	cell.mem[0].size = 2 * MiB;
	scrub(0);
	assert_int_equal(num_zeroed, 2);
	expect_zeroed(0, 0x3f100000, MiB);
	expect_zeroed(1, 0x3f200000, MiB);
}

static void test_scrub_goes_on_after_a_failed_piece(void **state)
{
	(void)state;
	zero_result = -ERANGE;
	cell.mem[0].phys_start = 0x3f100000;
	cell.mem[0].size = 2 * MiB;
	scrub(-ERANGE);
	assert_int_equal(num_zeroed, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_paging_flags_from_region_flags),
		T(test_cell_ept_maps_regions_and_comm_page),
		T(test_cell_ept_comm_region_maps_one_page_only),
		T(test_cell_ept_skips_sub_page_regions),
		T(test_cell_ept_uses_huge_pages_where_aligned),
		T(test_cell_ept_misaligned_phys_gets_small_pages),
		T(test_cell_ept_build_reports_a_full_pool),
		T(test_take_and_return_round_trip),
		T(test_root_shared_region_stays_in_the_root),
		T(test_piece_across_two_root_regions),
		T(test_region_not_backed_by_root_is_no_error),
		T(test_root_sub_page_region_is_left_alone),
		T(test_take_failure_leaves_the_root_unchanged),
		T(test_return_goes_on_after_a_failed_piece),
		T(test_loadable_map_and_unmap_are_idempotent),
		T(test_loadable_follows_the_root_address),
		T(test_loadable_root_shared_region_is_left_alone),
		T(test_scrub_zeroes_ram_only),
		T(test_scrub_selection_by_flags),
		T(test_scrub_skips_shared_and_io_regions),
		T(test_scrub_pieces_across_two_root_regions),
		T(test_scrub_goes_on_after_a_failed_piece),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
