// SPDX-License-Identifier: GPL-2.0
/*
 * The rules checked here are the ones the hypervisor enforces when it
 * creates a cell, plus the partitioning promises behind them: what one cell
 * owns, no other non-root cell owns; what a cell gets, the root gave up;
 * nothing maps the hypervisor, the IOMMU, the IOAPICs or MMCONFIG, which
 * the hypervisor must keep to itself to stay in control.
 */
#include <stdio.h>

#include "config-check.h"
#include "config-diag.h"

#define PAGE_SIZE	0x1000ULL
#define LAPIC_BASE	0xfee00000ULL

struct area {
	__u64 start, end;	/* end exclusive */
	char what[64];
};

static unsigned int errors;

#define report(fmt, ...) do { errors++; cfg_error(fmt, ##__VA_ARGS__); } while (0)

static int overlaps(__u64 a0, __u64 a1, __u64 b0, __u64 b1)
{
	return a0 < b1 && b0 < a1;
}

static int is_phys(const struct jailhouse_memory *m)
{
	return !(m->flags & JAILHOUSE_MEM_COMM_REGION);
}

static __u64 mem_end(const struct jailhouse_memory *m)
{
	return m->phys_start + m->size;
}

/* Sizes, alignment and wrap-around: the later checks rely on them. */
static int check_region_shape(const struct cell_view *v, unsigned int i)
{
	const struct jailhouse_memory *m = &v->mem[i];

	if (!m->size) {
		report("%s: mem_regions[%u]: size 0", v->file, i);
		return -1;
	}
	if (m->phys_start + m->size < m->phys_start ||
	    m->virt_start + m->size < m->virt_start) {
		report("%s: mem_regions[%u]: 0x%llx + size 0x%llx wraps around",
		       v->file, i, (unsigned long long)m->phys_start,
		       (unsigned long long)m->size);
		return -1;
	}
	if (!(m->flags & JAILHOUSE_MEM_IO_UNALIGNED) &&
	    ((m->phys_start | m->virt_start | m->size) & (PAGE_SIZE - 1))) {
		report("%s: mem_regions[%u]: 0x%llx size 0x%llx is not page "
		       "aligned (only JAILHOUSE_MEM_IO_UNALIGNED regions may "
		       "be)", v->file, i, (unsigned long long)m->phys_start,
		       (unsigned long long)m->size);
		return -1;
	}
	return 0;
}

static int check_shapes(const struct cell_view *v)
{
	unsigned int i;
	int bad = 0;

	for (i = 0; i < v->cell->num_memory_regions; i++)
		bad |= check_region_shape(v, i);
	return bad;
}

static void check_cell_overlaps(const struct cell_view *v)
{
	const struct jailhouse_memory *a, *b;
	unsigned int i, j;

	for (i = 0; i < v->cell->num_memory_regions; i++)
		for (j = i + 1; j < v->cell->num_memory_regions; j++) {
			a = &v->mem[i];
			b = &v->mem[j];
			if (is_phys(a) && is_phys(b) &&
			    overlaps(a->phys_start, mem_end(a), b->phys_start,
				     mem_end(b)))
				report("%s: mem_regions[%u] and [%u] overlap "
				       "(physical 0x%llx-0x%llx and 0x%llx-0x%llx)",
				       v->file, i, j,
				       (unsigned long long)a->phys_start,
				       (unsigned long long)mem_end(a) - 1,
				       (unsigned long long)b->phys_start,
				       (unsigned long long)mem_end(b) - 1);
			else if (overlaps(a->virt_start, a->virt_start + a->size,
					  b->virt_start, b->virt_start + b->size))
				report("%s: mem_regions[%u] and [%u] overlap in "
				       "the cell's address space at 0x%llx",
				       v->file, i, j, (unsigned long long)
				       (a->virt_start > b->virt_start ?
					a->virt_start : b->virt_start));
		}
}

/* Areas no cell may map: the hypervisor keeps them to itself. */
static unsigned int reserved_areas(const struct cell_view *sys,
				   struct area *areas, unsigned int max)
{
	const struct jailhouse_system_desc *s = sys->system;
	const struct jailhouse_x86_platform *p = &s->platform;
	unsigned int n = 0, i;

	areas[n++] = (struct area){ s->hypervisor_memory.phys_start,
		s->hypervisor_memory.phys_start + s->hypervisor_memory.size,
		"hypervisor memory" };
	areas[n++] = (struct area){ LAPIC_BASE, LAPIC_BASE + PAGE_SIZE,
		"the local APIC page" };
	if (p->pci_mmconfig_base)
		areas[n++] = (struct area){ p->pci_mmconfig_base,
			p->pci_mmconfig_base +
			(((__u64)p->pci_mmconfig_end_bus + 1) << 20),
			"PCI MMCONFIG" };
	for (i = 0; i < p->num_iommu_units && i < JAILHOUSE_MAX_IOMMU_UNITS &&
	     n < max; i++) {
		areas[n] = (struct area){ p->iommu_units[i].base,
			p->iommu_units[i].base +
			(p->iommu_units[i].size ? p->iommu_units[i].size :
			 PAGE_SIZE), "" };
		snprintf(areas[n++].what, sizeof(areas[0].what),
			 "IOMMU unit %u", i);
	}
	for (i = 0; i < sys->cell->num_irqchips && n < max; i++) {
		areas[n] = (struct area){ sys->irqchips[i].address,
			sys->irqchips[i].address + PAGE_SIZE, "" };
		snprintf(areas[n++].what, sizeof(areas[0].what),
			 "IOAPIC %u", sys->irqchips[i].id);
	}
	return n;
}

static void check_reserved_areas(const struct cell_view *sys,
				 const struct cell_view *v)
{
	struct area areas[4 + JAILHOUSE_MAX_IOMMU_UNITS + JAILHOUSE_MAX_IRQCHIPS];
	unsigned int num = reserved_areas(sys, areas, sizeof(areas) /
					  sizeof(areas[0]));
	unsigned int i, a;

	for (i = 0; i < v->cell->num_memory_regions; i++) {
		const struct jailhouse_memory *m = &v->mem[i];

		if (!is_phys(m))
			continue;
		for (a = 0; a < num; a++)
			if (overlaps(m->phys_start, mem_end(m), areas[a].start,
				     areas[a].end))
				report("%s: mem_regions[%u] (0x%llx-0x%llx) maps "
				       "%s (0x%llx-0x%llx)", v->file, i,
				       (unsigned long long)m->phys_start,
				       (unsigned long long)mem_end(m) - 1,
				       areas[a].what,
				       (unsigned long long)areas[a].start,
				       (unsigned long long)areas[a].end - 1);
	}
}

/* Returns the first address of [start, end) that no root region covers. */
static int root_backs(const struct cell_view *root, __u64 start, __u64 end,
		      __u64 *hole)
{
	unsigned int i;
	int moved = 1;

	while (start < end && moved) {
		moved = 0;
		for (i = 0; i < root->cell->num_memory_regions; i++) {
			const struct jailhouse_memory *r = &root->mem[i];

			if (is_phys(r) && r->phys_start <= start &&
			    start < mem_end(r)) {
				start = mem_end(r);
				moved = 1;
			}
		}
	}
	*hole = start;
	return start >= end;
}

static void check_backing(const struct cell_view *root,
			  const struct cell_view *v)
{
	unsigned int i;
	__u64 hole;

	for (i = 0; i < v->cell->num_memory_regions; i++) {
		const struct jailhouse_memory *m = &v->mem[i];

		if (is_phys(m) && !root_backs(root, m->phys_start, mem_end(m),
					      &hole))
			report("%s: mem_regions[%u] (0x%llx-0x%llx) is not "
			       "backed by the root cell: 0x%llx is in no root "
			       "memory region", v->file, i,
			       (unsigned long long)m->phys_start,
			       (unsigned long long)mem_end(m) - 1,
			       (unsigned long long)hole);
	}
}

static void check_cells_memory(const struct cell_view *a,
			       const struct cell_view *b)
{
	unsigned int i, j;

	for (i = 0; i < a->cell->num_memory_regions; i++)
		for (j = 0; j < b->cell->num_memory_regions; j++) {
			const struct jailhouse_memory *x = &a->mem[i];
			const struct jailhouse_memory *y = &b->mem[j];

			if (!is_phys(x) || !is_phys(y) ||
			    !overlaps(x->phys_start, mem_end(x), y->phys_start,
				      mem_end(y)))
				continue;
			/* Shared memory is meant to be in both cells. */
			if (x->flags & y->flags & JAILHOUSE_MEM_ROOTSHARED)
				continue;
			report("%s: mem_regions[%u] (0x%llx-0x%llx) overlaps "
			       "%s: mem_regions[%u] (0x%llx-0x%llx)", a->file, i,
			       (unsigned long long)x->phys_start,
			       (unsigned long long)mem_end(x) - 1, b->file, j,
			       (unsigned long long)y->phys_start,
			       (unsigned long long)mem_end(y) - 1);
		}
}

static void check_cpus(const struct cell_view *root,
		       const struct cell_view *cells, unsigned int num)
{
	unsigned int c, k, cpu, left = 0, count;

	for (c = 0; c < num; c++) {
		count = 0;
		for (cpu = 0; cpu < JAILHOUSE_MAX_CPUS; cpu++) {
			if (!cell_view_has_cpu(&cells[c], cpu))
				continue;
			count++;
			if (!cell_view_has_cpu(root, cpu))
				report("%s: CPU %u is not a CPU of the root "
				       "cell", cells[c].file, cpu);
			for (k = 0; k < c; k++)
				if (cell_view_has_cpu(&cells[k], cpu))
					report("%s: CPU %u is also claimed by "
					       "%s", cells[c].file, cpu,
					       cells[k].file);
		}
		if (!count)
			report("%s: the cell has no CPU", cells[c].file);
	}
	for (cpu = 0; cpu < JAILHOUSE_MAX_CPUS; cpu++) {
		int taken = 0;

		for (c = 0; c < num; c++)
			taken |= cell_view_has_cpu(&cells[c], cpu);
		left += cell_view_has_cpu(root, cpu) && !taken;
	}
	if (!left)
		report("%s: the cells together take every CPU; the root cell "
		       "needs at least one", root->file);
}

static int find_pci(const struct cell_view *v, const struct jailhouse_pci_device *d)
{
	unsigned int i;

	for (i = 0; i < v->cell->num_pci_devices; i++)
		if (v->pci[i].domain == d->domain && v->pci[i].bdf == d->bdf &&
		    v->pci[i].type != JAILHOUSE_PCI_TYPE_IVSHMEM)
			return i;
	return -1;
}

static void check_pci_twice_in_cell(const struct cell_view *v)
{
	unsigned int i;

	for (i = 0; i < v->cell->num_pci_devices; i++)
		if (v->pci[i].type != JAILHOUSE_PCI_TYPE_IVSHMEM &&
		    find_pci(v, &v->pci[i]) != (int)i)
			report("%s: pci_devices[%u] %04x:%02x:%02x.%x is listed "
			       "twice", v->file, i, v->pci[i].domain,
			       v->pci[i].bdf >> 8, (v->pci[i].bdf >> 3) & 0x1f,
			       v->pci[i].bdf & 7);
}

static void check_pci(const struct cell_view *root, const struct cell_view *cells,
		      unsigned int num)
{
	__u32 sys_flags = root->system->flags;
	unsigned int c, k, i;

	for (c = 0; c < num; c++)
		for (i = 0; i < cells[c].cell->num_pci_devices; i++) {
			const struct jailhouse_pci_device *d = &cells[c].pci[i];
			unsigned int bus = d->bdf >> 8, dev = (d->bdf >> 3) & 0x1f;

			if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM)
				continue;
			if (find_pci(root, d) < 0)
				report("%s: PCI device %04x:%02x:%02x.%x is not a "
				       "device of the root cell", cells[c].file,
				       d->domain, bus, dev, d->bdf & 7);
			for (k = 0; k < c; k++)
				if (find_pci(&cells[k], d) >= 0)
					report("%s: PCI device %04x:%02x:%02x.%x "
					       "is also claimed by %s",
					       cells[c].file, d->domain, bus, dev,
					       d->bdf & 7, cells[k].file);
			if ((d->flags & JAILHOUSE_PCI_FLAG_DMA_CAPABLE) &&
			    (sys_flags & JAILHOUSE_SYS_NO_IOMMU) &&
			    !(sys_flags & JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA))
				report("%s: PCI device %04x:%02x:%02x.%x can do "
				       "DMA, and this system has no IOMMU: the "
				       "cell could overwrite any memory",
				       cells[c].file, d->domain, bus, dev,
				       d->bdf & 7);
		}
}

static const struct jailhouse_irqchip *find_irqchip(const struct cell_view *v,
						    __u64 address)
{
	unsigned int i;

	for (i = 0; i < v->cell->num_irqchips; i++)
		if (v->irqchips[i].address == address)
			return &v->irqchips[i];
	return NULL;
}

static void check_irq_pins(const struct cell_view *root,
			   const struct cell_view *cells, unsigned int num)
{
	const struct jailhouse_irqchip *mine, *other, *base;
	unsigned int c, k, i, w;

	for (c = 0; c < num; c++)
		for (i = 0; i < cells[c].cell->num_irqchips; i++) {
			mine = &cells[c].irqchips[i];
			base = find_irqchip(root, mine->address);
			if (!base) {
				report("%s: irqchips[%u] at 0x%llx is no IOAPIC "
				       "of the root cell", cells[c].file, i,
				       (unsigned long long)mine->address);
				continue;
			}
			for (w = 0; w < JAILHOUSE_IRQCHIP_MAX_PINS / 32; w++)
				if (mine->pin_bitmap[w] & ~base->pin_bitmap[w])
					report("%s: irqchips[%u]: pins 0x%08x of "
					       "word %u are not the root cell's",
					       cells[c].file, i, mine->pin_bitmap[w]
					       & ~base->pin_bitmap[w], w);
			for (k = 0; k < c; k++) {
				other = find_irqchip(&cells[k], mine->address);
				for (w = 0; other &&
				     w < JAILHOUSE_IRQCHIP_MAX_PINS / 32; w++)
					if (mine->pin_bitmap[w] &
					    other->pin_bitmap[w])
						report("%s: IOAPIC 0x%llx pins "
						       "0x%08x (word %u) are also "
						       "claimed by %s",
						       cells[c].file,
						       (unsigned long long)
						       mine->address,
						       mine->pin_bitmap[w] &
						       other->pin_bitmap[w], w,
						       cells[k].file);
			}
		}
}

static void check_pio(const struct cell_view *a, const struct cell_view *b)
{
	unsigned int i, j;

	for (i = 0; i < a->cell->num_pio_regions; i++)
		for (j = 0; j < b->cell->num_pio_regions; j++) {
			const struct jailhouse_pio *x = &a->pio[i], *y = &b->pio[j];

			if (x->flags & y->flags & JAILHOUSE_PIO_ROOT_SHARED)
				continue;
			if (overlaps(x->base, (__u32)x->base + x->length, y->base,
				     (__u32)y->base + y->length))
				report("%s: pio_regions[%u] (ports 0x%x-0x%x) is "
				       "also claimed by %s", a->file, i, x->base,
				       x->base + x->length - 1, b->file);
		}
}

unsigned int config_check(const struct cell_view *system,
			  const struct cell_view *cells, unsigned int num_cells)
{
	unsigned int c, k;

	errors = 0;
	if (check_shapes(system))
		return errors;
	check_cell_overlaps(system);
	check_pci_twice_in_cell(system);
	check_reserved_areas(system, system);
	for (c = 0; c < num_cells; c++) {
		if (check_shapes(&cells[c]))
			continue;
		check_cell_overlaps(&cells[c]);
		check_pci_twice_in_cell(&cells[c]);
		check_reserved_areas(system, &cells[c]);
		check_backing(system, &cells[c]);
		for (k = 0; k < c; k++) {
			check_cells_memory(&cells[c], &cells[k]);
			check_pio(&cells[c], &cells[k]);
		}
	}
	if (num_cells) {
		check_cpus(system, cells, num_cells);
		check_pci(system, cells, num_cells);
		check_irq_pins(system, cells, num_cells);
	}
	return errors;
}
