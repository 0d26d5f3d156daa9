// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse cell linux`'s pure part: the bzImage check, the placement in
 * the cell's RAM and the zero page, against images built here with the
 * header fields the x86 boot protocol defines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "linux-boot.h"

#define MIB (1024ULL * 1024)
#define SETUP_SECTS 3
#define IMAGE_SIZE ((SETUP_SECTS + 1) * 512 + 64 * 1024)

static __u8 image[IMAGE_SIZE];
static char why[256];
static struct linux_image img;

static void put(size_t off, __u64 v, unsigned int bytes)
{
	unsigned int n;

	for (n = 0; n < bytes; n++)
		image[off + n] = v >> (8 * n);
}

static __u64 get(const __u8 *p, size_t off, unsigned int bytes)
{
	__u64 v = 0;

	while (bytes--)
		v = v << 8 | p[off + bytes];
	return v;
}

/* A 6.1-like bzImage header: protocol 2.15, 64-bit, relocatable. */
static void make_image(void)
{
	memset(image, 0, sizeof(image));
	image[HDR_SETUP_SECTS] = SETUP_SECTS;
	put(HDR_BOOT_FLAG, 0xaa55, 2);
	image[HDR_JUMP] = 0xeb;
	image[HDR_JUMP + 1] = 0x6a; /* header ends at 0x26c */
	memcpy(image + HDR_MAGIC, "HdrS", 4);
	put(HDR_VERSION, 0x020f, 2);
	image[HDR_LOADFLAGS] = 0x81;
	put(HDR_INITRD_ADDR_MAX, 0x7fffffff, 4);
	put(HDR_KERNEL_ALIGNMENT, 2 * MIB, 4);
	image[HDR_RELOCATABLE] = 1;
	put(HDR_XLOADFLAGS, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G, 2);
	put(HDR_CMDLINE_SIZE, 2047, 4);
	put(HDR_PREF_ADDRESS, 0x1000000, 8);
	put(HDR_INIT_SIZE, 8 * MIB, 4);
	image[(SETUP_SECTS + 1) * 512] = 0x5a; /* first byte of the kernel */
}

static int parse(void)
{
	return linux_image_parse(image, sizeof(image), &img, why, sizeof(why));
}

static void a_good_image_parses(void **state)
{
	(void)state;
	make_image();
	assert_int_equal(parse(), 0);
	assert_int_equal(img.setup_size, (SETUP_SECTS + 1) * 512);
	assert_int_equal(img.kernel_size, 64 * 1024);
	assert_int_equal(img.kernel[0], 0x5a);
	assert_int_equal(img.version, 0x020f);
	assert_int_equal(img.init_size, 8 * MIB);
}

static void bad_images_are_refused_by_name(void **state)
{
	(void)state;
	make_image();
	put(HDR_BOOT_FLAG, 0, 2);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "is not a bzImage: no boot sector"));

	make_image();
	memcpy(image + HDR_MAGIC, "HdrX", 4);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "no \"HdrS\" setup header"));

	make_image();
	put(HDR_VERSION, 0x020b, 2);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "boot protocol 2.11"));

	make_image();
	put(HDR_XLOADFLAGS, 0, 2);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "no 64-bit entry point"));

	make_image();
	image[HDR_SETUP_SECTS] = 200; /* setup longer than the file */
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "cut short"));

	make_image();
	put(HDR_INIT_SIZE, 4096, 4);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "init_size"));

	make_image();
	put(HDR_KERNEL_ALIGNMENT, 3 * MIB, 4);
	assert_int_equal(parse(), -1);
	assert_non_null(strstr(why, "alignment"));

	assert_int_equal(linux_image_parse(image, 100, &img, why, sizeof(why)),
			 -1);
}

/* setup_sects 0 means 4 (protocol rule) */
static void zero_setup_sects_means_four(void **state)
{
	(void)state;
	make_image();
	image[HDR_SETUP_SECTS] = 0;
	assert_int_equal(parse(), 0);
	assert_int_equal(img.setup_size, 5 * 512);
}

/* The cell: loader RAM below 1 MiB, the comm region page, 63 MiB RAM. */
static const struct linux_range cell[] = {
	{ 0, 0x100000, E820_RAM },
	{ 0x100000, 0x1000, E820_RESERVED },
	{ 0x200000, 63 * MIB, E820_RAM },
};

static int plan(const struct linux_range *r, unsigned int n, size_t cmdline,
		size_t initrd, struct linux_layout *l)
{
	return linux_layout_plan(&img, r, n, 0x10000, cmdline, initrd, l, why,
				 sizeof(why));
}

static int overlap(__u64 a, __u64 alen, __u64 b, __u64 blen)
{
	return a < b + blen && b < a + alen;
}

static void layout_keeps_pieces_apart_and_in_ram(void **state)
{
	struct linux_layout l;

	(void)state;
	make_image();
	assert_int_equal(parse(), 0);
	assert_int_equal(plan(cell, 3, 100, 5 * MIB, &l), 0);
	assert_int_equal(l.zero_page, 0x10000);
	assert_int_equal(l.setup_data, 0x11000);
	assert_int_equal(l.cmdline, 0x11000 + SD_SIZE);
	assert_int_equal(l.kernel, 0x1000000); /* its preferred address */
	/* the initrd at the top of RAM, page-aligned */
	assert_int_equal(l.initrd, 0x200000 + 63 * MIB - 5 * MIB);
	assert_false(overlap(l.kernel, img.init_size, l.initrd, 5 * MIB));
}

static void a_kernel_moves_when_its_preferred_address_is_not_ram(void **state)
{
	static const struct linux_range small[] = {
		{ 0, 0x100000, E820_RAM },
		{ 0x400000, 12 * MIB, E820_RAM },
	};
	struct linux_layout l;

	(void)state;
	make_image();
	assert_int_equal(parse(), 0);
	assert_int_equal(plan(small, 2, 10, 0, &l), 0);
	assert_int_equal(l.kernel, 0x400000);
	assert_int_equal(l.initrd, 0);

	/* not relocatable: only its preferred address will do */
	image[HDR_RELOCATABLE] = 0;
	assert_int_equal(parse(), 0);
	assert_int_equal(plan(small, 2, 10, 0, &l), -1);
	assert_non_null(strstr(why, "not relocatable"));
}

static void what_does_not_fit_is_named(void **state)
{
	static const struct linux_range tiny[] = {
		{ 0, 0x100000, E820_RAM },
		{ 0x200000, 6 * MIB, E820_RAM },
	};
	struct linux_layout l;

	(void)state;
	make_image();
	assert_int_equal(parse(), 0);
	assert_int_equal(plan(tiny, 2, 10, 0, &l), -1);
	assert_non_null(strstr(why, "the kernel needs 8192 KiB"));

	assert_int_equal(plan(cell, 3, 10, 60 * MIB, &l), -1);
	assert_non_null(strstr(why, "the initrd (61440 KiB) does not fit"));

	assert_int_equal(plan(cell, 3, 4000, 0, &l), -1);
	assert_non_null(strstr(why, "at most 2047"));

	/* no RAM at or above the loader's end below 4 GiB */
	assert_int_equal(linux_layout_plan(&img, cell, 3, 0x100000000ULL, 10, 0,
					   &l, why, sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "zero page"));
}

/* Without XLF_CAN_BE_LOADED_ABOVE_4G the initrd stays under its limit. */
static void initrd_respects_initrd_addr_max(void **state)
{
	struct linux_layout l;

	(void)state;
	make_image();
	put(HDR_XLOADFLAGS, XLF_KERNEL_64, 2);
	put(HDR_INITRD_ADDR_MAX, 0x2000000 - 1, 4); /* below 32 MiB */
	assert_int_equal(parse(), 0);
	assert_int_equal(plan(cell, 3, 10, 2 * MIB, &l), 0);
	assert_true(l.initrd + 2 * MIB <= 0x2000000);
	assert_false(overlap(l.kernel, img.init_size, l.initrd, 2 * MIB));
}

static void zero_page_carries_header_pointers_e820_and_setup_data(void **state)
{
	static __u8 page[LINUX_ZERO_PAGE_SIZE], node[SD_SIZE];
	struct linux_layout l;

	(void)state;
	make_image();
	assert_int_equal(parse(), 0);
	assert_int_equal(plan(cell, 3, 100, 5 * MIB, &l), 0);
	memset(page, 0xee, sizeof(page));
	linux_zero_page_build(&img, &l, cell, 3, JH_SETUP_UART(0), 1, page,
			      node);
	/* header copied up to its end (0x26c), nothing after it */
	assert_memory_equal(page + HDR_MAGIC, "HdrS", 4);
	assert_int_equal(get(page, HDR_INIT_SIZE, 4), 8 * MIB);
	assert_int_equal(page[0x26c], 0);
	assert_int_equal(page[HDR_TYPE_OF_LOADER], 0xff);
	assert_int_equal(page[HDR_LOADFLAGS] & 1, 1);
	assert_int_equal(get(page, HDR_CMD_LINE_PTR, 4), l.cmdline);
	assert_int_equal(get(page, HDR_RAMDISK_IMAGE, 4), l.initrd);
	assert_int_equal(get(page, HDR_RAMDISK_SIZE, 4), 5 * MIB);
	assert_int_equal(get(page, BP_EXT_RAMDISK_IMAGE, 4), 0);
	assert_int_equal(get(page, HDR_SETUP_DATA, 8), l.setup_data);
	/* e820: the three ranges in order, RAM and reserved */
	assert_int_equal(page[BP_E820_ENTRIES], 3);
	assert_int_equal(get(page, BP_E820_TABLE + 20 + 0, 8), 0x100000);
	assert_int_equal(get(page, BP_E820_TABLE + 20 + 8, 8), 0x1000);
	assert_int_equal(get(page, BP_E820_TABLE + 20 + 16, 4), E820_RESERVED);
	assert_int_equal(get(page, BP_E820_TABLE + 40 + 8, 8), 63 * MIB);
	/* the Jailhouse setup_data node: type 6, v2 compatible with 1 */
	assert_int_equal(get(node, SD_NEXT, 8), 0);
	assert_int_equal(get(node, SD_TYPE, 4), SETUP_JAILHOUSE);
	assert_int_equal(get(node, SD_LEN, 4), 284);
	assert_int_equal(get(node, SD_JH, 2), 2);
	assert_int_equal(get(node, SD_JH + 2, 2), 1);
	assert_int_equal(node[SD_JH_STD_IOAPIC], 1);
	assert_int_equal(get(node, SD_JH_FLAGS, 4), 1);
	assert_int_equal(SD_SIZE, 16 + 284);
}

static void prepare_gives_boot_data_and_loader_parameters(void **state)
{
	static struct linux_boot boot;
	const char *cmdline = "console=ttyS0 root=/dev/ram0";

	(void)state;
	make_image();
	assert_int_equal(linux_boot_prepare(image, sizeof(image), 5 * MIB,
					    cmdline, cell, 3, 0x101000, 0, 0,
					    &boot, why, sizeof(why)),
			 0);
	/* 0x101000 is not RAM: the boot data go to the next RAM range */
	assert_int_equal(boot.layout.zero_page, 0x200000);
	assert_string_equal((char *)boot.boot_data + LINUX_ZERO_PAGE_SIZE +
				    SD_SIZE,
			    cmdline);
	assert_int_equal(boot.boot_data_size,
			 LINUX_ZERO_PAGE_SIZE + SD_SIZE + strlen(cmdline) + 1);
	assert_int_equal(get(boot.boot_data, HDR_CMD_LINE_PTR, 4),
			 0x200000 + LINUX_ZERO_PAGE_SIZE + SD_SIZE);
	assert_string_equal(boot.params,
			    "jh-params: zero_page=2097152 kernel=16777216");

	memset(image + HDR_MAGIC, 0, 4);
	assert_int_equal(linux_boot_prepare(image, sizeof(image), 0, cmdline,
					    cell, 3, 0x101000, 0, 0, &boot, why,
					    sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "is not a bzImage"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_image_parses),
		cmocka_unit_test(bad_images_are_refused_by_name),
		cmocka_unit_test(zero_setup_sects_means_four),
		cmocka_unit_test(layout_keeps_pieces_apart_and_in_ram),
		cmocka_unit_test(
			a_kernel_moves_when_its_preferred_address_is_not_ram),
		cmocka_unit_test(what_does_not_fit_is_named),
		cmocka_unit_test(initrd_respects_initrd_addr_max),
		cmocka_unit_test(
			zero_page_carries_header_pointers_e820_and_setup_data),
		cmocka_unit_test(prepare_gives_boot_data_and_loader_parameters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
