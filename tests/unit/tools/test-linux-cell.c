// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse cell linux`: the argument parser and what a cell config
 * gives Linux (e820 ranges sorted, comm region reserved, UART flags,
 * standard IOAPIC), with the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cell-linux.h"

static char msg[256];
static struct linux_args a;

static int parse(int argc, const char **argv)
{
	return linux_args_parse(argc, (char **)argv, &a, msg, sizeof(msg));
}

static void arguments_in_any_order(void **state)
{
	const char *full[] = { "linux",	 "-c",	    "console=ttyS0",
			       "l.cell", "bzImage", "--initrd",
			       "rd.img", "-l",	    "loader.bin" };
	const char *bare[] = { "linux", "l.cell", "bzImage" };

	(void)state;
	assert_int_equal(parse(9, full), 0);
	assert_string_equal(a.config, "l.cell");
	assert_string_equal(a.kernel, "bzImage");
	assert_string_equal(a.initrd, "rd.img");
	assert_string_equal(a.cmdline, "console=ttyS0");
	assert_string_equal(a.loader, "loader.bin");
	assert_int_equal(parse(3, bare), 0);
	assert_null(a.initrd);
	assert_null(a.loader);
	assert_string_equal(a.cmdline, "");
}

static void bad_arguments_are_named(void **state)
{
	const char *one[] = { "linux", "l.cell" };
	const char *three[] = { "linux", "l.cell", "bz", "extra" };
	const char *unknown[] = { "linux", "l.cell", "bz", "-x" };
	const char *no_value[] = { "linux", "l.cell", "bz", "-i" };

	(void)state;
	assert_int_equal(parse(2, one), -1);
	assert_string_equal(msg, "needs CELLCONFIG and BZIMAGE");
	assert_int_equal(parse(4, three), -1);
	assert_non_null(strstr(msg, "'extra' is one too many"));
	assert_int_equal(parse(4, unknown), -1);
	assert_string_equal(msg, "unknown option '-x'");
	assert_int_equal(parse(4, no_value), -1);
	assert_string_equal(msg, "-i needs a value");
}

static struct jailhouse_cell_desc desc;
static struct jailhouse_memory mem[4];
static struct jailhouse_pio pio[2];
static struct jailhouse_irqchip chips[1];
static struct cell_view view;
static struct linux_cell cell;

/* A Linux cell: low RAM, comm region, high RAM listed first, COM2 and
 * the standard IOAPIC, and an MMIO region that is not RAM. */
static void make_view(void)
{
	memset(&view, 0, sizeof(view));
	memset(mem, 0, sizeof(mem));
	desc = (struct jailhouse_cell_desc){ 0 };
	mem[0] = (struct jailhouse_memory){ .phys_start = 0x3b000000,
					    .virt_start = 0x200000,
					    .size = 0x3e00000,
					    .flags = JAILHOUSE_MEM_RWX |
						     JAILHOUSE_MEM_LOADABLE };
	mem[1] = (struct jailhouse_memory){ .phys_start = 0x3a600000,
					    .virt_start = 0,
					    .size = 0x100000,
					    .flags = JAILHOUSE_MEM_RWX |
						     JAILHOUSE_MEM_LOADABLE };
	mem[2] =
		(struct jailhouse_memory){ .virt_start = 0x100000,
					   .size = 0x1000,
					   .flags = JAILHOUSE_MEM_RW |
						    JAILHOUSE_MEM_COMM_REGION };
	mem[3] = (struct jailhouse_memory){ .phys_start = 0xfe000000,
					    .virt_start = 0xfe000000,
					    .size = 0x1000,
					    .flags = JAILHOUSE_MEM_RW |
						     JAILHOUSE_MEM_IO };
	pio[0] = (struct jailhouse_pio){ .base = 0x2f8, .length = 8 };
	pio[1] = (struct jailhouse_pio){ .base = 0x3f8, .length = 4 };
	chips[0] = (struct jailhouse_irqchip){ .address = 0xfec00000 };
	desc.num_memory_regions = 4;
	desc.num_pio_regions = 2;
	desc.num_irqchips = 1;
	view.cell = &desc;
	view.mem = mem;
	view.pio = pio;
	view.irqchips = chips;
}

static void config_gives_sorted_ranges_uarts_and_ioapic(void **state)
{
	(void)state;
	make_view();
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.num_ranges, 3);
	assert_int_equal(cell.ranges[0].start, 0);
	assert_int_equal(cell.ranges[0].type, E820_RAM);
	assert_int_equal(cell.ranges[1].start, 0x100000);
	assert_int_equal(cell.ranges[1].type, E820_RESERVED);
	assert_int_equal(cell.ranges[2].start, 0x200000);
	assert_int_equal(cell.ranges[2].size, 0x3e00000);
	assert_int_equal(cell.boot_data_min, 0x101000);
	/* COM2 whole; COM1 only half (4 of 8 ports): not Linux's */
	assert_int_equal(cell.uart_flags, JH_SETUP_UART(1));
	assert_int_equal(cell.standard_ioapic, 1);
}

static void config_without_console_or_ram_is_refused(void **state)
{
	(void)state;
	make_view();
	desc.num_pio_regions = 0;
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "gives Linux no console"));

	make_view();
	mem[0].flags = mem[1].flags = JAILHOUSE_MEM_READ;
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 -1);
	assert_string_equal(msg, "gives the cell no RAM for Linux");

	make_view();
	chips[0].address = 0xfec01000;
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.standard_ioapic, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arguments_in_any_order),
		cmocka_unit_test(bad_arguments_are_named),
		cmocka_unit_test(config_gives_sorted_ranges_uarts_and_ioapic),
		cmocka_unit_test(config_without_console_or_ram_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
