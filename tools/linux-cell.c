// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of `jailhouse cell linux` (cell-linux.h): its argument
 * parser, and what a cell config gives Linux (e820 ranges, UARTs, IOAPIC).
 */
#include <stdio.h>
#include <string.h>

#include "cell-linux.h"

#define STD_IOAPIC 0xfec00000ULL

static const __u16 uart_bases[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

int linux_args_parse(int argc, char **argv, struct linux_args *a, char *msg,
		     size_t msg_size)
{
	const char **value;
	int i, operands = 0;

	memset(a, 0, sizeof(*a));
	a->cmdline = "";
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-i") || !strcmp(argv[i], "--initrd"))
			value = &a->initrd;
		else if (!strcmp(argv[i], "-c") ||
			 !strcmp(argv[i], "--cmdline"))
			value = &a->cmdline;
		else if (!strcmp(argv[i], "-l") || !strcmp(argv[i], "--loader"))
			value = &a->loader;
		else if (argv[i][0] == '-' && argv[i][1]) {
			snprintf(msg, msg_size, "unknown option '%s'", argv[i]);
			return -1;
		} else {
			if (operands == 2) {
				snprintf(msg, msg_size,
					 "one CELLCONFIG and one BZIMAGE; "
					 "'%s' is one too many",
					 argv[i]);
				return -1;
			}
			*(operands++ ? &a->kernel : &a->config) = argv[i];
			continue;
		}
		if (i + 1 >= argc) {
			snprintf(msg, msg_size, "%s needs a value", argv[i]);
			return -1;
		}
		*value = argv[++i];
	}
	if (operands < 2) {
		snprintf(msg, msg_size, "needs CELLCONFIG and BZIMAGE");
		return -1;
	}
	return 0;
}

static int pio_covers(const struct cell_view *v, __u16 base, __u16 len)
{
	unsigned int n;

	for (n = 0; n < v->cell->num_pio_regions; n++)
		if (v->pio[n].base <= base &&
		    base + len <= v->pio[n].base + v->pio[n].length)
			return 1;
	return 0;
}

static void add_range(struct linux_cell *c, __u64 start, __u64 size, __u32 type)
{
	unsigned int n = c->num_ranges++;

	/* keep them sorted by address, as e820 lists them */
	while (n > 0 && c->ranges[n - 1].start > start) {
		c->ranges[n] = c->ranges[n - 1];
		n--;
	}
	c->ranges[n] = (struct linux_range){ start, size, type };
}

/*
 * Is memory region `r` a section of one of the cell's ivshmem links (from
 * shmem_regions_start: state table, read/write section, one output
 * section per peer)?  The validator has checked that they exist.
 */
static int ivshmem_section(const struct cell_view *v, unsigned int r)
{
	const struct jailhouse_pci_device *d;
	unsigned int n;

	for (n = 0; n < v->cell->num_pci_devices; n++) {
		d = &v->pci[n];
		if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM &&
		    r >= d->shmem_regions_start &&
		    r < d->shmem_regions_start + 2U + d->shmem_peers)
			return 1;
	}
	return 0;
}

/*
 * Memory Linux may take as its own RAM: read-write, not device memory,
 * and the cell's alone.  An ivshmem section is memory the peers share,
 * which the guest's driver finds through the device (the base address of
 * its capability): as RAM, Linux would allocate pages in it and the
 * loader might put the initrd there.  ROOTSHARED memory is the root's as
 * well, so it is no RAM of the cell's either.
 */
static int linux_ram(const struct cell_view *v, unsigned int r)
{
	const struct jailhouse_memory *m = &v->mem[r];

	return !(m->flags & (JAILHOUSE_MEM_IO | JAILHOUSE_MEM_ROOTSHARED)) &&
	       (m->flags & JAILHOUSE_MEM_RW) == JAILHOUSE_MEM_RW &&
	       !ivshmem_section(v, r);
}

int linux_cell_describe(const struct cell_view *v, struct linux_cell *c,
			char *msg, size_t msg_size)
{
	const struct jailhouse_memory *m;
	unsigned int n, ram = 0;

	memset(c, 0, sizeof(*c));
	if (v->cell->num_memory_regions > BP_E820_MAX) {
		snprintf(msg, msg_size,
			 "has %u memory regions; Linux's zero page lists at "
			 "most %d",
			 v->cell->num_memory_regions, BP_E820_MAX);
		return -1;
	}
	for (n = 0; n < v->cell->num_memory_regions; n++) {
		m = &v->mem[n];
		if (m->flags & JAILHOUSE_MEM_COMM_REGION) {
			add_range(c, m->virt_start, m->size, E820_RESERVED);
			if (m->virt_start + m->size > c->boot_data_min)
				c->boot_data_min = m->virt_start + m->size;
		} else if (linux_ram(v, n)) {
			add_range(c, m->virt_start, m->size, E820_RAM);
			ram++;
		}
	}
	for (n = 0; n < sizeof(uart_bases) / sizeof(uart_bases[0]); n++)
		if (pio_covers(v, uart_bases[n], 8))
			c->uart_flags |= JH_SETUP_UART(n);
	for (n = 0; n < v->cell->num_irqchips; n++)
		if (v->irqchips[n].address == STD_IOAPIC)
			c->standard_ioapic = 1;
	for (n = 0; n < v->cell->num_pci_devices; n++)
		if (v->pci[n].bdf >> 8 > c->last_bus)
			c->last_bus = v->pci[n].bdf >> 8;
	if (!ram) {
		snprintf(msg, msg_size, "gives the cell no RAM for Linux");
		return -1;
	}
	if (!c->uart_flags) {
		snprintf(msg, msg_size,
			 "gives Linux no console: the cell owns none of the "
			 "legacy UARTs 0x3f8, 0x2f8, 0x3e8, 0x2e8 (8 ports "
			 "each in pio_regions)");
		return -1;
	}
	return 0;
}

/* Does @cmdline hold an option starting with @name (at a word's start)? */
static int has_option(const char *cmdline, const char *name)
{
	const char *p = cmdline;
	size_t len = strlen(name);

	while ((p = strstr(p, name))) {
		if (p == cmdline || p[-1] == ' ')
			return 1;
		p += len;
	}
	return 0;
}

int linux_cmdline_build(const char *user, const struct linux_cell *c, char *out,
			size_t out_size, char *msg, size_t msg_size)
{
	int len;

	if (has_option(user, "pci="))
		len = snprintf(out, out_size, "%s", user);
	else
		len = snprintf(out, out_size, "%s%spci=lastbus=%u", user,
			       *user ? " " : "", c->last_bus);
	if (len < 0 || (size_t)len >= out_size) {
		snprintf(msg, msg_size,
			 "the command line with pci=lastbus=%u is longer than "
			 "%zu bytes",
			 c->last_bus, out_size - 1);
		return -1;
	}
	return 0;
}
