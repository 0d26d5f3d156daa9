// SPDX-License-Identifier: GPL-2.0
/*
 * guest_read_code(): fetching instruction bytes through the guest's page
 * tables in every paging mode (none, 32-bit, PAE, 4-level, 5-level) and the
 * cell's EPT; the linear address with CS's base; guest_read_phys().  Host
 * memory plays guest-physical and host-physical memory at once (identity
 * EPT, identity physical window), allocated below 4 GiB (MAP_32BIT) so
 * that 32-bit page tables can point at it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
	void *mapping;
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

static struct guest_paging level4(const void *pml4)
{
	return (struct guest_paging){ .mode = GUEST_PAGING_4LEVEL,
				      .cr3 = addr(pml4) };
}

static int read4(struct fixture *f, const void *pml4, __u64 rip, __u8 *buf,
		 unsigned int len)
{
	struct guest_paging p = level4(pml4);

	return guest_read_code(&f->cell, &p, rip, buf, len);
}

static void map_4k(struct fixture *f, __u64 virt, const void *page)
{
	table_for(f, virt, 0)[index_of(virt, 0)] = addr(page) | PTE_P;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	/* 4 MiB, 2 MiB aligned, below 4 GiB */
	f->mapping = mmap(NULL, 6UL << 20, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	assert_true(f->mapping != MAP_FAILED);
	f->memory = (void *)((addr(f->mapping) + (2UL << 20) - 1) &
			     ~((2UL << 20) - 1));
	assert_true(addr(f->memory) + (4UL << 20) <= (1ULL << 32));
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
	munmap(f->mapping, 6UL << 20);
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
	assert_int_equal(read4(f, f->pml4, rip, buf, 15), 15);
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
	assert_int_equal(read4(f, f->pml4, rip, buf, 15), 15);
	assert_memory_equal(buf, want, 15);
}

static void stops_at_an_unmapped_page(void **state)
{
	struct fixture *f = *state;
	__u8 *first = (__u8 *)new_page(f), buf[15];
	__u64 rip = 0x400ffcULL;

	map_4k(f, 0x400000ULL, first);
	assert_int_equal(read4(f, f->pml4, rip, buf, 15), 4);
	assert_int_equal(read4(f, f->pml4, 0x7000000ULL, buf, 15), 0);
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
	assert_int_equal(read4(f, f->pml4, virt + off, buf, 8), 8);
	assert_memory_equal(buf, "\x0f\xa2\x89\x07\xc3\x90\x90\x90", 8);
}

static void refuses_guest_tables_outside_the_cell(void **state)
{
	struct fixture *f = *state;
	static __u64 foreign_pml4[512] __attribute__((aligned(4096)));
	__u8 buf[4];

	/* a CR3 the EPT does not map: nothing may be read through it */
	foreign_pml4[0] = addr(f->pml4) | PTE_P;
	assert_int_equal(read4(f, foreign_pml4, 0x1000, buf, 4), 0);
}

static const __u8 insn[8] = { 0x89, 0x07, 0xc3, 0x90, 0x0f, 0xa2, 0x90, 0xcc };

/* a fresh code page with `insn` at `off` */
static __u8 *code_page(struct fixture *f, unsigned int off)
{
	__u8 *code = (__u8 *)new_page(f);

	memcpy(code + off, insn, sizeof(insn));
	return code;
}

static void reads_without_paging(void **state)
{
	struct fixture *f = *state;
	__u8 *code = code_page(f, 0x10), buf[8];
	struct guest_paging p = { .mode = GUEST_PAGING_NONE };

	assert_int_equal(guest_read_code(&f->cell, &p, addr(code) + 0x10, buf,
					 8),
			 8);
	assert_memory_equal(buf, insn, 8);
	/* 32-bit linear addresses: bits above 31 do not reach memory */
	assert_int_equal(guest_read_code(&f->cell, &p,
					 (1ULL << 32) | (addr(code) + 0x10),
					 buf, 8),
			 8);
	assert_memory_equal(buf, insn, 8);
}

static void reads_through_32bit_paging(void **state)
{
	struct fixture *f = *state;
	__u32 *pd = (__u32 *)new_page(f), *pt = (__u32 *)new_page(f);
	__u8 *code = code_page(f, 0x234), buf[8];
	struct guest_paging p = { .mode = GUEST_PAGING_32BIT, .cr3 = addr(pd) };
	__u32 virt = 0xc0123234;

	pd[virt >> 22] = (__u32)addr(pt) | PTE_P;
	pt[(virt >> 12) & 0x3ff] = (__u32)addr(code) | PTE_P;
	assert_int_equal(guest_read_code(&f->cell, &p, virt, buf, 8), 8);
	assert_memory_equal(buf, insn, 8);
	/* not present */
	assert_int_equal(guest_read_code(&f->cell, &p, 0x00400000, buf, 8), 0);
}

static void follows_a_4m_page_with_pse(void **state)
{
	struct fixture *f = *state;
	__u32 *pd = (__u32 *)new_page(f);
	__u64 huge = addr(f->memory) + (2UL << 20);
	/* a 4 MiB page must be 4 MiB aligned: use the frame holding `huge`,
	 * offset so that the access lands inside the cell's memory */
	__u64 frame = huge & ~0x3fffffULL, off = huge - frame + 0x4321;
	struct guest_paging p = { .mode = GUEST_PAGING_32BIT,
				  .cr3 = addr(pd),
				  .pse = 1 };
	__u32 virt = 0x80000000;
	__u8 buf[8];

	memcpy((void *)(uintptr_t)(frame + off), insn, 8);
	pd[virt >> 22] = (__u32)frame | PTE_P | PTE_PS;
	assert_int_equal(guest_read_code(&f->cell, &p, virt + off, buf, 8), 8);
	assert_memory_equal(buf, insn, 8);
	/* without CR4.PSE the PS bit is ignored: the entry is a table */
	p.pse = 0;
	assert_int_not_equal(guest_code_phys(&f->cell, &p, virt + off),
			     frame + off);
}

static void reads_through_pae_pdpte_registers(void **state)
{
	struct fixture *f = *state;
	__u64 *pd = new_page(f), *pt = new_page(f);
	__u8 *code = code_page(f, 0x800), buf[8];
	__u64 huge = addr(f->memory) + (2UL << 20);
	struct guest_paging p = { .mode = GUEST_PAGING_PAE };
	__u32 virt = 0xc0001800, big = 0xc0200000;

	/* the walk starts at the PDPTE registers, not at CR3 */
	p.cr3 = 0xdead0000;
	p.pdpte[3] = addr(pd) | PTE_P;
	pd[(virt >> 21) & 511] = addr(pt) | PTE_P;
	pt[(virt >> 12) & 511] = addr(code) | PTE_P;
	assert_int_equal(guest_read_code(&f->cell, &p, virt, buf, 8), 8);
	assert_memory_equal(buf, insn, 8);
	/* a 2 MiB page */
	memcpy((void *)(uintptr_t)(huge + 0x10), insn, 8);
	pd[(big >> 21) & 511] = huge | PTE_P | PTE_PS;
	assert_int_equal(guest_read_code(&f->cell, &p, big + 0x10, buf, 8), 8);
	assert_memory_equal(buf, insn, 8);
	/* a PDPTE that is not present */
	assert_int_equal(guest_read_code(&f->cell, &p, 0x40001800, buf, 8), 0);
}

static void reads_through_5level_paging(void **state)
{
	struct fixture *f = *state;
	__u64 *pml5 = new_page(f), *pml4 = new_page(f), *pdpt = new_page(f),
	      *pd = new_page(f), *pt = new_page(f);
	__u8 *code = code_page(f, 0x40), buf[8];
	__u64 virt = 0xff11223344556040ULL;
	struct guest_paging p = { .mode = GUEST_PAGING_5LEVEL,
				  .cr3 = addr(pml5) };

	pml5[(virt >> 48) & 511] = addr(pml4) | PTE_P;
	pml4[(virt >> 39) & 511] = addr(pdpt) | PTE_P;
	pdpt[(virt >> 30) & 511] = addr(pd) | PTE_P;
	pd[(virt >> 21) & 511] = addr(pt) | PTE_P;
	pt[(virt >> 12) & 511] = addr(code) | PTE_P;
	assert_int_equal(guest_read_code(&f->cell, &p, virt, buf, 8), 8);
	assert_memory_equal(buf, insn, 8);
	/* the same tables read as 4-level paging miss */
	p.mode = GUEST_PAGING_4LEVEL;
	assert_int_not_equal(guest_code_phys(&f->cell, &p, virt),
			     addr(code) + 0x40);
}

static void paging_mode_from_control_registers(void **state)
{
	(void)state;
	assert_int_equal(guest_paging_mode(0x11, 0x20, 0x500),
			 GUEST_PAGING_NONE);
	assert_int_equal(guest_paging_mode(0x80000011, 0, 0),
			 GUEST_PAGING_32BIT);
	assert_int_equal(guest_paging_mode(0x80000011, 0x20, 0),
			 GUEST_PAGING_PAE);
	assert_int_equal(guest_paging_mode(0x80000011, 0x20, 0x500),
			 GUEST_PAGING_4LEVEL);
	assert_int_equal(guest_paging_mode(0x80000011, 0x1020, 0x500),
			 GUEST_PAGING_5LEVEL);
}

static void code_address_adds_cs_base_outside_64bit_mode(void **state)
{
	(void)state;
	/* real mode: CS 0x1000 -> base 0x10000 */
	assert_int_equal(guest_code_linear(0, 0x10000, 0x234), 0x10234);
	/* 32-bit: wraps at 4 GiB */
	assert_int_equal(guest_code_linear(0, 0xfffff000, 0x2000), 0x1000);
	/* 64-bit: CS base ignored */
	assert_int_equal(guest_code_linear(1, 0x10000, 0xffffffff81000000ULL),
			 0xffffffff81000000ULL);
}

static void reads_guest_physical_memory(void **state)
{
	struct fixture *f = *state;
	__u64 *page = new_page(f), out[4];
	static __u64 foreign[4];

	page[510] = 0x1111;
	page[511] = 0x2222;
	assert_int_equal(guest_read_phys(&f->cell, addr(&page[510]), out, 16),
			 0);
	assert_int_equal(out[0], 0x1111);
	assert_int_equal(out[1], 0x2222);
	assert_int_equal(guest_read_phys(&f->cell, addr(foreign), out, 32),
			 -EINVAL);
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
		cmocka_unit_test_setup_teardown(reads_without_paging, setup,
						teardown),
		cmocka_unit_test_setup_teardown(reads_through_32bit_paging,
						setup, teardown),
		cmocka_unit_test_setup_teardown(follows_a_4m_page_with_pse,
						setup, teardown),
		cmocka_unit_test_setup_teardown(reads_through_pae_pdpte_registers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(reads_through_5level_paging,
						setup, teardown),
		cmocka_unit_test(paging_mode_from_control_registers),
		cmocka_unit_test(code_address_adds_cs_base_outside_64bit_mode),
		cmocka_unit_test_setup_teardown(reads_guest_physical_memory,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
