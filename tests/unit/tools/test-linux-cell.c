// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse cell linux`: the argument parser and what a cell config
 * gives Linux (e820 ranges sorted, comm region reserved, ivshmem
 * sections, shared and device memory left out, UART flags, standard
 * IOAPIC, the last PCI bus), with the refusals, and the command line
 * with its pci=lastbus.
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

/* A cell with an ivshmem link of two peers (peer 1): its four sections
 * are shared memory, never RAM of the guest. */
static struct jailhouse_memory link_mem[8];
static struct jailhouse_pci_device link_dev[1];

#define MIB 0x100000ULL

static void link_section(unsigned int n, __u64 start, __u64 size, __u64 flags)
{
	link_mem[n] = (struct jailhouse_memory){ .phys_start = start,
						 .virt_start = start,
						 .size = size,
						 .flags = flags };
}

/* low RAM, comm region, RAM at 2 MiB ending at `ram_end`, the link's
 * sections at `link` (regions 3-6, without ROOTSHARED so that only the
 * device makes them shared), RAM at 48 MiB */
static void make_link_view(__u64 ram_end, __u64 link)
{
	make_view();
	memset(link_mem, 0, sizeof(link_mem));
	link_section(0, 0, MIB, JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE);
	link_mem[0].phys_start = 0x3b000000;
	link_mem[1] = mem[2]; /* comm region at 1 MiB */
	link_section(2, 2 * MIB, ram_end - 2 * MIB,
		     JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE);
	link_section(3, link, 0x1000, JAILHOUSE_MEM_READ);
	link_section(4, link + 0x1000, 0x10000, JAILHOUSE_MEM_RW);
	link_section(5, link + 0x11000, 0x10000, JAILHOUSE_MEM_READ);
	link_section(6, link + 0x21000, 0x10000, JAILHOUSE_MEM_RW);
	link_section(7, 48 * MIB, 16 * MIB, JAILHOUSE_MEM_RWX);
	link_dev[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
		.bdf = 0x60,
		.shmem_regions_start = 3,
		.shmem_dev_id = 1,
		.shmem_peers = 2,
	};
	desc.num_memory_regions = 8;
	desc.num_pci_devices = 1;
	view.mem = link_mem;
	view.pci = link_dev;
}

static void assert_range(unsigned int n, __u64 start, __u64 size, __u32 type)
{
	assert_true(n < cell.num_ranges);
	assert_int_equal(cell.ranges[n].start, start);
	assert_int_equal(cell.ranges[n].size, size);
	assert_int_equal(cell.ranges[n].type, type);
}

/* nothing the map lists touches [start, start + size) */
static void assert_unlisted(__u64 start, __u64 size)
{
	unsigned int n;

	for (n = 0; n < cell.num_ranges; n++)
		assert_true(cell.ranges[n].start + cell.ranges[n].size <=
				    start ||
			    cell.ranges[n].start >= start + size);
}

static void ivshmem_between_ram_regions_is_not_ram(void **state)
{
	(void)state;
	make_link_view(32 * MIB, 40 * MIB);
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.num_ranges, 4);
	assert_range(0, 0, MIB, E820_RAM);
	assert_range(1, MIB, 0x1000, E820_RESERVED);
	assert_range(2, 2 * MIB, 30 * MIB, E820_RAM);
	assert_range(3, 48 * MIB, 16 * MIB, E820_RAM);
	assert_unlisted(40 * MIB, 0x31000);

	/* the same region without the device is RAM (the check is the
	 * device's, not the address's) */
	desc.num_pci_devices = 0;
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.num_ranges, 6);
}

static void ivshmem_adjacent_to_ram_is_not_ram(void **state)
{
	(void)state;
	make_link_view(32 * MIB, 32 * MIB);
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.num_ranges, 4);
	/* RAM ends where the state table begins, not a byte later */
	assert_range(2, 2 * MIB, 30 * MIB, E820_RAM);
	assert_range(3, 48 * MIB, 16 * MIB, E820_RAM);
	assert_unlisted(32 * MIB, 0x31000);
}

/* Memory the root shares (ROOTSHARED) and device memory are no RAM of
 * the cell's either; an MMIO region is not listed at all. */
static void shared_and_io_regions_are_not_ram(void **state)
{
	(void)state;
	make_link_view(32 * MIB, 40 * MIB);
	desc.num_pci_devices = 0;
	link_mem[4].flags |= JAILHOUSE_MEM_ROOTSHARED;
	link_mem[6].flags |= JAILHOUSE_MEM_ROOTSHARED;
	link_mem[7].flags |= JAILHOUSE_MEM_IO;
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.num_ranges, 3);
	assert_unlisted(40 * MIB, 0x31000);
	assert_unlisted(48 * MIB, 16 * MIB);
}

/* pci=lastbus=N is added with the cell's last bus, unless the user gave
 * a pci= option; a result too long for the buffer is refused. */
static void cmdline_gets_the_last_bus(void **state)
{
	char out[64];

	(void)state;
	make_link_view(32 * MIB, 40 * MIB);
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.last_bus, 0);
	assert_int_equal(linux_cmdline_build("console=ttyS3", &cell, out,
					     sizeof(out), msg, sizeof(msg)),
			 0);
	assert_string_equal(out, "console=ttyS3 pci=lastbus=0");
	assert_int_equal(linux_cmdline_build("", &cell, out, sizeof(out), msg,
					     sizeof(msg)),
			 0);
	assert_string_equal(out, "pci=lastbus=0");

	link_dev[0].bdf = 0x0260; /* 02:0c.0 */
	assert_int_equal(linux_cell_describe(&view, &cell, msg, sizeof(msg)),
			 0);
	assert_int_equal(cell.last_bus, 2);
	assert_int_equal(linux_cmdline_build("quiet", &cell, out, sizeof(out),
					     msg, sizeof(msg)),
			 0);
	assert_string_equal(out, "quiet pci=lastbus=2");

	/* the user's own pci= wins; "xpci=" is another option */
	assert_int_equal(linux_cmdline_build("quiet pci=nomsi", &cell, out,
					     sizeof(out), msg, sizeof(msg)),
			 0);
	assert_string_equal(out, "quiet pci=nomsi");
	assert_int_equal(linux_cmdline_build("xpci=1", &cell, out, sizeof(out),
					     msg, sizeof(msg)),
			 0);
	assert_string_equal(out, "xpci=1 pci=lastbus=2");

	assert_int_equal(linux_cmdline_build("console=ttyS3", &cell, out, 20,
					     msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "longer than 19 bytes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arguments_in_any_order),
		cmocka_unit_test(bad_arguments_are_named),
		cmocka_unit_test(config_gives_sorted_ranges_uarts_and_ioapic),
		cmocka_unit_test(config_without_console_or_ram_is_refused),
		cmocka_unit_test(ivshmem_between_ram_regions_is_not_ram),
		cmocka_unit_test(ivshmem_adjacent_to_ram_is_not_ram),
		cmocka_unit_test(shared_and_io_regions_are_not_ram),
		cmocka_unit_test(cmdline_gets_the_last_bus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
