// SPDX-License-Identifier: GPL-2.0
/* mmio-region.c: which trapped sub-page accesses a cell may make. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config-builder.h"
#include <common/env.h>
#include "mmio-region.h"

static struct test_cell cell;

static int setup(void **state)
{
	(void)state;
	fill_cell(&cell, "demo", 0x2, 0x3a600000);
	/* 16 bytes of a device page at guest 0xfed00100: 32-bit RW, and a
	 * read-only byte-wide 8-byte window right after it */
	cell.mem[2] =
		(struct jailhouse_memory){ 0xfed00100, 0xfed00100, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_32 };
	cell.mem[1] = (struct jailhouse_memory){
		0xfed00110, 0x200110, 8,
		JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_8 |
			JAILHOUSE_MEM_IO_16
	};
	return 0;
}

static void expect_refused(__u64 gphys, unsigned int size, int write, int err,
			   const char *reason)
{
	struct mmio_region_hit hit;
	const char *why;

	assert_int_equal(mmio_region_find(&cell.header, gphys, size, write,
					  &hit, &why),
			 err);
	if (reason)
		assert_string_equal(why, reason);
}

static void test_allowed_accesses(void **state)
{
	struct mmio_region_hit hit;
	const char *why;

	(void)state;
	assert_int_equal(mmio_region_find(&cell.header, 0xfed00104, 4, 1, &hit,
					  &why),
			 0);
	assert_int_equal(hit.region, 2);
	assert_int_equal(hit.phys, 0xfed00104);
	assert_null(why);
	/* guest and host addresses differ: translated */
	assert_int_equal(mmio_region_find(&cell.header, 0x200116, 2, 0, &hit,
					  &why),
			 0);
	assert_int_equal(hit.region, 1);
	assert_int_equal(hit.phys, 0xfed00116);
}

static void test_refused_accesses(void **state)
{
	(void)state;
	expect_refused(0xfed00104, 2, 0, -EPERM,
		       "the access width is not allowed in this region");
	expect_refused(0xfed00104, 8, 1, -EPERM,
		       "the access width is not allowed in this region");
	expect_refused(0xfed00102, 4, 0, -EPERM,
		       "the access is not naturally aligned");
	expect_refused(0xfed00106, 4, 0, -EPERM,
		       "the access is not naturally aligned");
	expect_refused(0xfed0010c, 8, 0, -EPERM,
		       "the access crosses a boundary of the region");
	expect_refused(0x200110, 1, 1, -EPERM, "the region is read-only");
	expect_refused(0xfed000fe, 4, 0, -EPERM,
		       "the access crosses a boundary of the region");
}

static void test_outside_every_sub_page_region(void **state)
{
	(void)state;
	expect_refused(0xfed00120, 4, 0, -ENOENT, NULL);
	/* ordinary (mapped) regions are not this function's business */
	expect_refused(0x1000, 4, 0, -ENOENT, NULL);
}

static void test_page_with_a_sub_page_region(void **state)
{
	(void)state;
	/* anywhere in the pages holding a region, by its guest address */
	assert_int_equal(mmio_region_in_page(&cell.header, 0xfed00000), 1);
	assert_int_equal(mmio_region_in_page(&cell.header, 0xfed00ffc), 1);
	assert_int_equal(mmio_region_in_page(&cell.header, 0x200ff8), 1);
	/* the next device page, and the host page of the translated region */
	assert_int_equal(mmio_region_in_page(&cell.header, 0xfed01000), 0);
	assert_int_equal(mmio_region_in_page(&cell.header, 0xfecff000), 0);
	/* RAM: an ordinary region is no sub-page region */
	assert_int_equal(mmio_region_in_page(&cell.header, 0x1000), 0);
}

static void test_region_at_a_page_end(void **state)
{
	(void)state;
	/* the last 8 bytes of a page belong to that page only */
	cell.mem[1].virt_start = 0x300ff8;
	assert_int_equal(mmio_region_in_page(&cell.header, 0x300000), 1);
	assert_int_equal(mmio_region_in_page(&cell.header, 0x301000), 0);
	assert_int_equal(mmio_region_in_page(&cell.header, 0x2ff000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_allowed_accesses, setup),
		cmocka_unit_test_setup(test_refused_accesses, setup),
		cmocka_unit_test_setup(test_outside_every_sub_page_region,
				       setup),
		cmocka_unit_test_setup(test_page_with_a_sub_page_region, setup),
		cmocka_unit_test_setup(test_region_at_a_page_end, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
