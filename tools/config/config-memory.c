// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's memory map, from /proc/iomem: RAM stays RAM, device and
 * firmware areas become I/O regions, and the areas the hypervisor must own
 * alone are cut out (the memmap= reservation, the local APIC, the IOAPICs,
 * the IOMMU units, MMCONFIG).  The reservation behind the hypervisor's own
 * memory goes back to the root as the pool cells are carved from.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-diag.h"
#include "config-model.h"

#define PAGE_SIZE 0x1000ULL
#define PAGE_DOWN(x) ((x) & ~(PAGE_SIZE - 1))
#define PAGE_UP(x) PAGE_DOWN((x) + PAGE_SIZE - 1)
#define LOW_MEMORY_END 0x100000ULL

void model_comment(char *dst, const char *fmt, ...)
{
	char *p;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, MODEL_COMMENT_LEN, fmt, ap);
	va_end(ap);
	/* The text lands in a C comment: keep it from ending one. */
	for (p = dst; *p; p++)
		if (*p == '*' && p[1] == '/')
			*p = '#';
		else if (*p < 0x20 || *p > 0x7e)
			*p = '?';
}

static int add_region(struct model *m, __u64 start, __u64 end, __u64 flags,
		      const char *comment)
{
	struct model_region *r;

	if (start >= end)
		return 0;
	if (m->num_regions >= JAILHOUSE_MAX_MEM_REGIONS) {
		fprintf(stderr,
			"more than %d memory regions: this machine's "
			"memory map does not fit a config\n",
			JAILHOUSE_MAX_MEM_REGIONS);
		return -1;
	}
	r = &m->regions[m->num_regions++];
	r->start = start;
	r->end = end;
	r->flags = flags;
	snprintf(r->comment, sizeof(r->comment), "%s", comment);
	return 0;
}

/* Removes [start, end) from every region, splitting where needed. */
static int cut_out(struct model *m, __u64 start, __u64 end)
{
	unsigned int n, count = m->num_regions;
	struct model_region *r;

	start = PAGE_DOWN(start);
	end = PAGE_UP(end);
	for (n = 0; n < count; n++) {
		r = &m->regions[n];
		if (r->end <= start || end <= r->start)
			continue;
		if (r->end > end &&
		    add_region(m, end, r->end, r->flags, r->comment))
			return -1;
		r = &m->regions[n];
		r->end = r->start < start ? start : r->start;
	}
	return 0;
}

static int is_skipped(const char *name)
{
	/* The hypervisor owns these; they are cut out by address below. */
	return strstr(name, "Local APIC") || strstr(name, "IOAPIC") ||
	       !strncmp(name, "dmar", 4) || strstr(name, "MMCONFIG");
}

static __u64 iomem_flags(const struct iomem_entry *e)
{
	if (!strcmp(e->name, "System RAM"))
		return JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA;
	if (strstr(e->name, "ACPI"))
		return JAILHOUSE_MEM_RW;
	if (strstr(e->name, "Video RAM") || !strncmp(e->name, "PCI Bus", 7))
		return JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO;
	/* Firmware below 1 MiB (BIOS, option ROMs) runs cached. */
	if (e->end < LOW_MEMORY_END)
		return JAILHOUSE_MEM_RWX;
	return JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO;
}

static int add_iomem(struct model *m, const struct host_info *host)
{
	__u64 prev_end = 0, start, end, flags;
	char comment[MODEL_COMMENT_LEN];
	unsigned int n;

	for (n = 0; n < host->num_iomem; n++) {
		const struct iomem_entry *e = &host->iomem[n];

		if (e->level || is_skipped(e->name))
			continue;
		flags = iomem_flags(e);
		/* RAM shrinks to whole pages, device areas grow to them. */
		if (flags & JAILHOUSE_MEM_DMA) {
			start = PAGE_UP(e->start);
			end = PAGE_DOWN(e->end + 1);
		} else {
			start = PAGE_DOWN(e->start);
			end = PAGE_UP(e->end + 1);
		}
		if (start < prev_end)
			start = prev_end;
		model_comment(comment, "/proc/iomem: %s", e->name);
		if (start < end && add_region(m, start, end, flags, comment))
			return -1;
		if (end > prev_end)
			prev_end = end;
	}
	return 0;
}

/* Device reserved memory (RMRR): the devices DMA there, so it stays DMA. */
static int add_rmrrs(struct model *m, const struct acpi_info *acpi)
{
	char comment[MODEL_COMMENT_LEN];
	unsigned int n;

	for (n = 0; n < acpi->num_rmrrs; n++) {
		const struct acpi_rmrr *r = &acpi->rmrrs[n];

		if (cut_out(m, r->base, r->limit + 1))
			return -1;
		model_comment(comment,
			      "DMAR: reserved memory (RMRR) of a "
			      "device, segment %u",
			      r->segment);
		if (add_region(m, PAGE_DOWN(r->base), PAGE_UP(r->limit + 1),
			       JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA, comment))
			return -1;
	}
	return 0;
}

static int cut_hypervisor_areas(struct model *m, const struct acpi_info *acpi)
{
	__u64 lapic = acpi->lapic_address ? acpi->lapic_address : 0xfee00000;
	unsigned int n;
	int err = 0;

	err |= cut_out(m, m->reservation_base,
		       m->reservation_base + m->reservation_size);
	err |= cut_out(m, lapic, lapic + PAGE_SIZE);
	for (n = 0; n < acpi->num_ioapics; n++)
		err |= cut_out(m, acpi->ioapics[n].address,
			       acpi->ioapics[n].address + PAGE_SIZE);
	for (n = 0; n < acpi->num_dmar_units; n++)
		err |= cut_out(m, acpi->dmar_units[n].base,
			       acpi->dmar_units[n].base +
				       acpi->dmar_units[n].size);
	for (n = 0; n < acpi->num_mcfg; n++)
		err |= cut_out(m,
			       acpi->mcfg[n].base +
				       ((__u64)acpi->mcfg[n].start_bus << 20),
			       acpi->mcfg[n].base +
				       (((__u64)acpi->mcfg[n].end_bus + 1)
					<< 20));
	return err ? -1 : 0;
}

/* The memmap= reservation must really be reserved, not System RAM. */
static int check_reservation(const struct model *m,
			     const struct host_info *host)
{
	__u64 end = m->reservation_base + m->reservation_size;
	unsigned int n;

	for (n = 0; n < host->num_iomem; n++) {
		const struct iomem_entry *e = &host->iomem[n];

		if (!strcmp(e->name, "System RAM") && e->start < end &&
		    m->reservation_base <= e->end) {
			fprintf(stderr,
				"the reservation 0x%llx-0x%llx is System "
				"RAM in /proc/iomem: Linux did not reserve it (is "
				"the '$' of memmap= escaped as the boot loader "
				"needs?)\n",
				(unsigned long long)m->reservation_base,
				(unsigned long long)end - 1);
			return -1;
		}
	}
	return 0;
}

static int region_order(const void *a, const void *b)
{
	const struct model_region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Drops regions emptied by cut_out() and sorts by address. */
static void tidy_regions(struct model *m)
{
	unsigned int n, kept = 0;

	for (n = 0; n < m->num_regions; n++)
		if (m->regions[n].start < m->regions[n].end)
			m->regions[kept++] = m->regions[n];
	m->num_regions = kept;
	qsort(m->regions, kept, sizeof(m->regions[0]), region_order);
}

int model_build_memory(struct model *m, const struct host_info *host)
{
	__u64 pool = m->hypervisor.phys_start + m->hypervisor.size;
	__u64 pool_end = pool + m->pool_size;
	char comment[MODEL_COMMENT_LEN];

	if (check_reservation(m, host) || add_iomem(m, host) ||
	    add_rmrrs(m, &host->acpi) || cut_hypervisor_areas(m, &host->acpi))
		return -1;
	model_comment(comment,
		      "memmap= reservation behind the hypervisor: "
		      "memory for cells, root-owned until they take it");
	if (add_region(m, pool, pool_end, JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA,
		       comment))
		return -1;
	tidy_regions(m);
	return 0;
}
