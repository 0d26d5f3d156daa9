// SPDX-License-Identifier: GPL-2.0
/*
 * Sub-page MMIO regions (JAILHOUSE_MEM_IO_UNALIGNED), e.g. one register
 * of a device page whose other registers belong to the root.  Their pages
 * are in no EPT, so every access exits; the pages are registered in the
 * cell's MMIO table (mmio.h) and each decoded access is checked against
 * the cell's regions (mmio-region.c) and, if allowed, made on the device
 * with exactly the decoded width through this CPU's uncached window
 * (memory.c).  An access elsewhere in such a page touches memory the cell
 * does not have: unhandled, a memory violation.
 */
#include "hv.h"
#include "cell.h"
#include "mmio.h"
#include "mmio-region.h"

#define SUBPAGE_NAME "sub-page MMIO"

/* Volatile accesses of exactly `size` bytes: a device register may react
 * to the width (the HPET counter latches on a 64-bit read). */
static __u64 device_read(const volatile void *at, unsigned int size)
{
	switch (size) {
	case 1:
		return *(const volatile __u8 *)at;
	case 2:
		return *(const volatile __u16 *)at;
	case 4:
		return *(const volatile __u32 *)at;
	}
	return *(const volatile __u64 *)at;
}

static void device_write(volatile void *at, unsigned int size, __u64 value)
{
	switch (size) {
	case 1:
		*(volatile __u8 *)at = value;
		break;
	case 2:
		*(volatile __u16 *)at = value;
		break;
	case 4:
		*(volatile __u32 *)at = value;
		break;
	default:
		*(volatile __u64 *)at = value;
	}
}

static struct mmio_result refuse(const struct per_cpu *cpu, __u64 gphys,
				 __u32 fault, const char *why)
{
	printk("CPU %u: " SUBPAGE_NAME " access at 0x%llx refused: %s\n",
	       cpu->cpu_id, (unsigned long long)gphys, why);
	return mmio_denied(fault);
}

static struct mmio_result subpage_access(struct per_cpu *cpu,
					 struct mmio_access *access, void *arg)
{
	struct mmio_region_hit hit;
	const char *why;
	void *at;
	int err;

	(void)arg;
	err = mmio_region_find(cpu->cell->config, access->address, access->size,
			       access->is_write, &hit, &why);
	if (err == -ENOENT)
		return mmio_unhandled();
	if (err)
		return refuse(cpu, access->address, JAILHOUSE_FAULT_MEMORY,
			      why);
	at = mmio_window(cpu, hit.phys);
	if (!at)
		return refuse(cpu, access->address, JAILHOUSE_FAULT_MMIO_DECODE,
			      "the device page cannot be mapped");
	if (access->is_write)
		device_write(at, access->size, access->value);
	else
		access->value = device_read(at, access->size);
	return mmio_handled();
}

/* From `page` on, the pages with sub-page regions that no entry has yet
 * (two regions may share a page): one entry for the run. */
static int register_run(struct cell *cell, __u64 page)
{
	__u64 last = page;

	/* the IOAPICs register later, where nothing can fail: their room
	 * stays free */
	if (cell->mmio.count + IOAPIC_MAX >= MMIO_REGIONS_MAX)
		return -ENOMEM;
	while (mmio_region_in_page(cell->config, last + PAGE_SIZE) &&
	       !mmio_region_lookup(cell, last + PAGE_SIZE))
		last += PAGE_SIZE;
	return mmio_region_register(cell, page, last + PAGE_SIZE - page,
				    subpage_access, NULL, SUBPAGE_NAME);
}

int mmio_subpage_register(struct cell *cell)
{
	const struct jailhouse_cell_desc *config = cell->config;
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(config);
	__u64 page, end;
	unsigned int n;
	int err;

	for (n = 0; n < config->num_memory_regions; n++) {
		if (!(m[n].flags & JAILHOUSE_MEM_IO_UNALIGNED))
			continue;
		page = m[n].virt_start & PAGE_MASK;
		end = m[n].virt_start + m[n].size;
		for (; page < end; page += PAGE_SIZE) {
			if (mmio_region_lookup(cell, page))
				continue;
			err = register_run(cell, page);
			if (err)
				return err;
		}
	}
	return 0;
}
