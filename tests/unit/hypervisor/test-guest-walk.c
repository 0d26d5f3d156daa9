// SPDX-License-Identifier: GPL-2.0
/*
 * guest_read_code(): fetching instruction bytes through the guest's 4-level
 * page tables and the cell's EPT.  Host memory plays guest-physical and
 * host-physical memory at once (identity EPT, identity physical window).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "cell.h"
#include "guest-memory.h"

#define POOL_PAGES 64
#define PTE_P 0x1ULL
#define PTE_RW 0x2ULL
#define PTE_PS 0x80ULL

/* The hypervisor's physical window, here the identity. */
void *phys_window(__u64 phys)
{
	return (void *)(uintptr_t)phys;
}

struct fixture {
	void *memory;
	struct page_pool pool;
	unsigned long bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
	struct cell cell;
	__u64 *pml4;
};

static __u64 *new_page(struct fixture *f)
{
	__u64 *p = page_zalloc(&f->pool, 1);

	assert_non_null(p);
	return p;
}

static __u64 addr(const void *p)
{
	return (uintptr_t)p;
}

static unsigned int index_of(__u64 virt, int level)
{
	return (virt >> (12 + 9 * level)) & 511;
}

/* Walks/creates the guest tables down to `level` for `virt`. */
static __u64 *table_for(struct fixture *f, __u64 virt, int level)
{
	__u64 *table = f->pml4;
	int l;

	for (l = 3; l > level; l--) {
		__u64 *e = &table[index_of(virt, l)];

		if (!(*e & PTE_P))
			*e = addr(new_page(f)) | PTE_P | PTE_RW;
		table = (__u64 *)(uintptr_t)(*e & ~0xfffULL);
	}
	return table;
}

static void map_4k(struct fixture *f, __u64 virt, const void *page)
{
	table_for(f, virt, 0)[index_of(virt, 0)] = addr(page) | PTE_P;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->memory = aligned_alloc(2UL << 20, 4UL << 20);
	assert_non_null(f->memory);
	assert_int_equal(page_pool_init(&f->pool, f->memory, POOL_PAGES,
					f->bitmap),
			 0);
	assert_int_equal(paging_create(&f->cell.ept, &paging_ept, &f->pool,
				       &paging_identity_memory),
			 0);
	/* the cell owns the pool pages (its tables and code) ... */
	assert_int_equal(paging_map(&f->cell.ept, addr(f->memory),
				    addr(f->memory), POOL_PAGES * PAGE_SIZE,
				    PAGING_RWX),
			 0);
	/* ... and the 2 MiB page behind them, used as a huge guest page */
	assert_int_equal(paging_map(&f->cell.ept, addr(f->memory) + (2UL << 20),
				    addr(f->memory) + (2UL << 20), 2UL << 20,
				    PAGING_RWX),
			 0);
	f->pml4 = new_page(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	paging_destroy(&f->cell.ept);
	free(f->memory);
	free(f);
	return 0;
}

static void reads_code_through_4k_pages(void **state)
{
	struct fixture *f = *state;
	__u8 *code = (__u8 *)new_page(f), buf[15];
	__u64 rip = 0xffffffff81000100ULL;
	unsigned int n;

	for (n = 0; n < 15; n++)
		code[0x100 + n] = 0x90 + n;
	map_4k(f, rip & ~0xfffULL, code);
	assert_int_equal(guest_read_code(&f->cell, addr(f->pml4), rip, buf, 15),
			 15);
	assert_memory_equal(buf, code + 0x100, 15);
}

static void joins_an_instruction_split_across_pages(void **state)
{
	struct fixture *f = *state;
	__u8 *first = (__u8 *)new_page(f), *second = (__u8 *)new_page(f);
	__u64 rip = 0xffffffffc0001ffaULL;
	__u8 buf[15], want[15];

	memset(first + 0xffa, 0xaa, 6);
	memset(second, 0xbb, 9);
	memset(want, 0xaa, 6);
	memset(want + 6, 0xbb, 9);
	/* the two virtual pages sit in different host pages, not adjacent */
	map_4k(f, 0xffffffffc0001000ULL, first);
	map_4k(f, 0xffffffffc0002000ULL, second);
	assert_int_equal(guest_read_code(&f->cell, addr(f->pml4), rip, buf, 15),
			 15);
	assert_memory_equal(buf, want, 15);
}

static void stops_at_an_unmapped_page(void **state)
{
	struct fixture *f = *state;
	__u8 *first = (__u8 *)new_page(f), buf[15];
	__u64 rip = 0x400ffcULL;

	map_4k(f, 0x400000ULL, first);
	assert_int_equal(guest_read_code(&f->cell, addr(f->pml4), rip, buf, 15),
			 4);
	assert_int_equal(guest_read_code(&f->cell, addr(f->pml4), 0x7000000ULL,
					 buf, 15),
			 0);
}

static void follows_a_2m_guest_page(void **state)
{
	struct fixture *f = *state;
	__u64 huge = addr(f->memory) + (2UL << 20);
	__u64 virt = 0xffff888000200000ULL, off = 0x12345;
	__u8 buf[8];

	memcpy((void *)(uintptr_t)(huge + off),
	       "\x0f\xa2\x89\x07\xc3\x90\x90\x90", 8);
	table_for(f, virt, 1)[index_of(virt, 1)] = huge | PTE_P | PTE_PS;
	assert_int_equal(guest_read_code(&f->cell, addr(f->pml4), virt + off,
					 buf, 8),
			 8);
	assert_memory_equal(buf, "\x0f\xa2\x89\x07\xc3\x90\x90\x90", 8);
}

static void refuses_guest_tables_outside_the_cell(void **state)
{
	struct fixture *f = *state;
	static __u64 foreign_pml4[512] __attribute__((aligned(4096)));
	__u8 buf[4];

	/* a CR3 the EPT does not map: nothing may be read through it */
	foreign_pml4[0] = addr(f->pml4) | PTE_P;
	assert_int_equal(guest_read_code(&f->cell, addr(foreign_pml4), 0x1000,
					 buf, 4),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reads_code_through_4k_pages,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			joins_an_instruction_split_across_pages, setup,
			teardown),
		cmocka_unit_test_setup_teardown(stops_at_an_unmapped_page,
						setup, teardown),
		cmocka_unit_test_setup_teardown(follows_a_2m_guest_page, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			refuses_guest_tables_outside_the_cell, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
