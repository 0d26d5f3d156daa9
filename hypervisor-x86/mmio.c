// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's table of trapped MMIO ranges and the dispatch of a decoded
 * access to the handler of one (see mmio.h).  Generic: no VMCS, no guest
 * registers; a fixed table in struct cell, nothing allocated on an exit.
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "mmio.h"

static int overlaps(const struct mmio_region *r, __u64 start, __u64 size)
{
	return r->handler && start < r->start + r->size &&
	       r->start < start + size;
}

static int range_taken(const struct mmio_table *t, __u64 start, __u64 size)
{
	unsigned int n;

	for (n = 0; n < t->count; n++)
		if (overlaps(&t->regions[n], start, size))
			return 1;
	return 0;
}

/* A free entry: one left by mmio_region_unregister(), else a new one. */
static struct mmio_region *free_entry(struct mmio_table *t)
{
	unsigned int n;

	for (n = 0; n < t->count; n++)
		if (!t->regions[n].handler)
			return &t->regions[n];
	return t->count < MMIO_REGIONS_MAX ? &t->regions[t->count] : NULL;
}

int mmio_region_register(struct cell *cell, __u64 start, __u64 size,
			 mmio_handler handler, void *arg, const char *name)
{
	struct mmio_table *t = &cell->mmio;
	struct mmio_region *r;

	if (!size || start + size < start || range_taken(t, start, size))
		return -EEXIST;
	r = free_entry(t);
	if (!r)
		return -ENOMEM;
	r->start = start;
	r->size = size;
	r->name = name;
	r->arg = arg;
	/* readers on other CPUs: the entry is whole before it is live */
	asm volatile("" : : : "memory");
	r->handler = handler;
	if (r == &t->regions[t->count])
		t->count++;
	return 0;
}

void mmio_region_unregister(struct cell *cell, __u64 start)
{
	struct mmio_table *t = &cell->mmio;
	unsigned int n;

	for (n = 0; n < t->count; n++)
		if (t->regions[n].handler && t->regions[n].start == start)
			t->regions[n].handler = NULL;
}

const struct mmio_region *mmio_region_lookup(const struct cell *cell,
					     __u64 address)
{
	return mmio_table_lookup(&cell->mmio, address);
}

struct mmio_result mmio_dispatch(struct per_cpu *cpu,
				 struct mmio_access *access)
{
	const struct mmio_region *r =
		mmio_region_lookup(cpu->cell, access->address);

	return r ? mmio_region_access(r, cpu, access) : mmio_unhandled();
}

int mmio_cell_init(struct cell *cell)
{
	int err;

	cell->mmio.count = 0;
	err = apic_mmio_register(cell);
	return err ?: mmio_subpage_register(cell);
}
