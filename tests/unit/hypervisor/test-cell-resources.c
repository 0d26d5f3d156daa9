// SPDX-License-Identifier: GPL-2.0
/*
 * cell-resources.c: what the root cell gives to a cell at create and gets
 * back at destroy - ports and pieces of its guest-physical memory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cell-resources.h"
#include "config-builder.h"

static struct test_system sys;
static struct test_cell cell;

static int setup(void **state)
{
	(void)state;
	fill_system(&sys);
	fill_cell(&cell, "demo", 0x2, 0x3a600000);
	return 0;
}

static void test_cell_io_bitmap_lets_through_only_its_ports(void **state)
{
	static __u8 bitmap[IO_BITMAP_SIZE];
	unsigned int port, open = 0;

	(void)state;
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x3f8, .length = 8 };
	cell_resources_io_bitmap(&cell.header, bitmap);
	for (port = 0; port < 0x10000; port++)
		open += !cell_resources_port_exits(bitmap, port);
	assert_int_equal(open, 8);
	assert_false(cell_resources_port_exits(bitmap, 0x3f8));
	assert_false(cell_resources_port_exits(bitmap, 0x3ff));
	assert_true(cell_resources_port_exits(bitmap, 0x3f7));
	assert_true(cell_resources_port_exits(bitmap, 0x400));
	assert_true(cell_resources_port_exits(bitmap, 0xcf8));
	assert_true(cell_resources_port_exits(bitmap, 0xffff));
	/* bitmap B: port 0x8000 is byte 4096 bit 0 */
	assert_int_equal(bitmap[4096] & 1, 1);
}

static void test_root_ports_move_and_come_back(void **state)
{
	static __u8 root[IO_BITMAP_SIZE], before[IO_BITMAP_SIZE];

	(void)state;
	memset(root, 0, sizeof(root));
	root[0xcf8 / 8] = 0xff; /* the root's own traps stay */
	memcpy(before, root, sizeof(root));
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x3f8, .length = 8 };
	cell_resources_root_ports(root, &cell.header, 1);
	assert_true(cell_resources_port_exits(root, 0x3f8));
	assert_true(cell_resources_port_exits(root, 0x3ff));
	assert_false(cell_resources_port_exits(root, 0x3f7));
	assert_false(cell_resources_port_exits(root, 0x400));
	cell_resources_root_ports(root, &cell.header, 0);
	assert_memory_equal(root, before, sizeof(root));
}

static void test_root_shared_ports_stay_with_the_root(void **state)
{
	static __u8 root[IO_BITMAP_SIZE];

	(void)state;
	memset(root, 0, sizeof(root));
	/* fill_cell gives the PM timer 0xb008, shared */
	cell_resources_root_ports(root, &cell.header, 1);
	assert_false(cell_resources_port_exits(root, 0xb008));
	assert_false(cell_resources_port_exits(root, 0xb00b));
}

struct collected {
	unsigned int count;
	struct root_piece pieces[8];
	int stop_after;
};

static int collect(const struct root_piece *piece, void *ctx)
{
	struct collected *c = ctx;

	c->pieces[c->count++] = *piece;
	return c->stop_after && c->count == (unsigned int)c->stop_after ? -7 :
									  0;
}

/* An e1000 with its 64 ports at 0xc000 (BAR1) and a memory BAR0. */
static void give_e1000(void)
{
	cell.pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010,
		.bar_mask = { 0xfffe0000, 0xffffffc0 },
		.bar_address = { 0xfebc0000, 0xc001 },
	};
}

static void test_io_bars_of_owned_devices_are_open(void **state)
{
	static __u8 bitmap[IO_BITMAP_SIZE];
	unsigned int port, open = 0;

	(void)state;
	give_e1000();
	cell_resources_io_bitmap(&cell.header, bitmap);
	for (port = 0; port < 0x10000; port++)
		open += !cell_resources_port_exits(bitmap, port);
	/* its PIO region (4) and the BAR (64) */
	assert_int_equal(open, 4 + 64);
	assert_false(cell_resources_port_exits(bitmap, 0xc000));
	assert_false(cell_resources_port_exits(bitmap, 0xc03f));
	assert_true(cell_resources_port_exits(bitmap, 0xc040));
	assert_true(cell_resources_port_exits(bitmap, 0xbfff));
	/* the memory BAR's address is no port */
	assert_true(cell_resources_port_exits(bitmap, 0x0000));
	/* ivshmem entries have no I/O BARs */
	cell.pci[0].type = JAILHOUSE_PCI_TYPE_IVSHMEM;
	cell_resources_io_bitmap(&cell.header, bitmap);
	assert_true(cell_resources_port_exits(bitmap, 0xc000));
}

static void test_io_bars_leave_the_root_and_come_back(void **state)
{
	static __u8 root[IO_BITMAP_SIZE];

	(void)state;
	memset(root, 0, sizeof(root));
	give_e1000();
	cell_resources_root_ports(root, &cell.header, 1);
	assert_true(cell_resources_port_exits(root, 0xc000));
	assert_true(cell_resources_port_exits(root, 0xc03f));
	assert_false(cell_resources_port_exits(root, 0xc040));
	cell_resources_root_ports(root, &cell.header, 0);
	assert_false(cell_resources_port_exits(root, 0xc000));
	assert_false(cell_resources_port_exits(root, 0xc03f));
}

static void test_memory_pieces_the_root_loses(void **state)
{
	struct collected c = { 0 };

	(void)state;
	assert_int_equal(cell_resources_root_pieces(&sys.header, &cell.header,
						    collect, &c),
			 0);
	/* RAM (region 0) and the HPET page (region 2); not the comm region */
	assert_int_equal(c.count, 2);
	assert_int_equal(c.pieces[0].phys, 0x3a600000);
	assert_int_equal(c.pieces[0].root_gphys, 0x3a600000);
	assert_int_equal(c.pieces[0].size, 0x100000);
	assert_int_equal(c.pieces[0].root_flags, JAILHOUSE_MEM_RW);
	assert_int_equal(c.pieces[0].cell_region, 0);
	assert_int_equal(c.pieces[0].root_region, 2);
	assert_int_equal(c.pieces[1].phys, 0xfed00000);
	assert_int_equal(c.pieces[1].root_flags,
			 JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO);
}

static void test_piece_spanning_two_root_regions(void **state)
{
	struct collected c = { 0 };

	(void)state;
	/* the root sees its reserved RAM 0x3a600000 at 0x7a600000 */
	sys.mem[2].virt_start = 0x7a600000;
	cell.mem[0].phys_start = 0x3f100000;
	cell.mem[0].size = 0x200000;
	cell.mem[2].flags |= JAILHOUSE_MEM_ROOTSHARED; /* root keeps HPET */
	assert_int_equal(cell_resources_root_pieces(&sys.header, &cell.header,
						    collect, &c),
			 0);
	assert_int_equal(c.count, 2);
	assert_int_equal(c.pieces[0].phys, 0x3f100000);
	assert_int_equal(c.pieces[0].root_gphys, 0x7f100000);
	assert_int_equal(c.pieces[0].size, 0x100000);
	assert_int_equal(c.pieces[0].root_region, 2);
	assert_int_equal(c.pieces[1].phys, 0x3f200000);
	assert_int_equal(c.pieces[1].root_gphys, 0x3f200000);
	assert_int_equal(c.pieces[1].size, 0x100000);
	assert_int_equal(c.pieces[1].root_region, 3);
	assert_int_equal(c.pieces[1].root_flags, JAILHOUSE_MEM_RWX);
}

static void test_sub_page_regions_and_errors(void **state)
{
	struct collected c = { .stop_after = 1 };

	(void)state;
	cell.mem[2] =
		(struct jailhouse_memory){ 0xfed00100, 0xfed00100, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_32 };
	/* the callback's error stops the walk and is returned */
	assert_int_equal(cell_resources_root_pieces(&sys.header, &cell.header,
						    collect, &c),
			 -7);
	assert_int_equal(c.count, 1);
	c = (struct collected){ 0 };
	assert_int_equal(cell_resources_root_pieces(&sys.header, &cell.header,
						    collect, &c),
			 0);
	assert_int_equal(c.count, 1); /* the sub-page region stays */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, setup)
		T(test_io_bars_of_owned_devices_are_open),
		T(test_io_bars_leave_the_root_and_come_back),
		T(test_cell_io_bitmap_lets_through_only_its_ports),
		T(test_root_ports_move_and_come_back),
		T(test_root_shared_ports_stay_with_the_root),
		T(test_memory_pieces_the_root_loses),
		T(test_piece_spanning_two_root_regions),
		T(test_sub_page_regions_and_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
