/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `jailhouse cell linux`: the command (cell_linux) and its pure parts,
 * unit-tested: the argument parser and what a cell config gives Linux.
 */
#ifndef _JAILHOUSE_TOOLS_CELL_LINUX_H
#define _JAILHOUSE_TOOLS_CELL_LINUX_H

#include <stddef.h>

#include "config/cell-decode.h"
#include "linux-boot.h"

struct linux_args {
	const char *config, *kernel; /* CELLCONFIG, BZIMAGE */
	const char *initrd;	     /* -i, --initrd; NULL: none */
	const char *cmdline;	     /* -c, --cmdline; "" by default */
	const char *loader;	     /* -l, --loader; NULL: installed one */
};

/* argv[0] is "linux".  Returns 0, or -1 with a sentence in @msg. */
int linux_args_parse(int argc, char **argv, struct linux_args *a, char *msg,
		     size_t msg_size);

/* What the cell's config gives Linux. */
struct linux_cell {
	struct linux_range ranges[BP_E820_MAX];
	unsigned int num_ranges;
	__u64 boot_data_min; /* the comm region's end */
	__u32 uart_flags;    /* JH_SETUP_UART(n) */
	int standard_ioapic;
	unsigned int last_bus; /* highest bus of the cell's PCI devices */
};

/*
 * RAM (read-write, not I/O, not shared: no ivshmem section, nothing
 * ROOTSHARED) and the comm region (reserved) as e820 ranges sorted by
 * address; every other region is left out of the map.  The legacy UARTs
 * the cell owns, whether it has the standard IOAPIC.  Returns 0, or -1 with a sentence in @msg
 * (no RAM, no console, too many regions).
 */
int linux_cell_describe(const struct cell_view *v, struct linux_cell *c,
			char *msg, size_t msg_size);

/*
 * The command line Linux gets: the user's, plus `pci=lastbus=N` (N: the
 * cell's last bus) unless the user gave a `pci=` option.  Without it,
 * mainline's Jailhouse guest probes every function of buses 1-255
 * through 0xcf8/0xcfc: ~130,000 mediated port accesses, nearly all of a
 * cell's VM exits at boot.  Returns 0, or -1 with a sentence in @msg
 * when the result does not fit @out.
 */
int linux_cmdline_build(const char *user, const struct linux_cell *c, char *out,
			size_t out_size, char *msg, size_t msg_size);

int cell_linux(int argc, char **argv);

#endif
