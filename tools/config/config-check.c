// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-config checks of `config check`.  Each cell config is checked
 * against the system config and the cells listed before it with the
 * hypervisor's own rules (cell_config_check() in hypervisor-x86/
 * cell-config.c: exactly what `jailhouse cell create` would refuse, with the
 * same sentence), so that the CLI takes no view of its own on a cell.
 *
 * A cell that gets a physical PCI device under the unsafe opt-in
 * (JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA) draws a warning saying what that
 * means, every time, as `cell create` logs it.
 *
 * One promise is checked here only, because no hypervisor rule covers it:
 * the root cell's regions stay off what the hypervisor emulates or keeps to
 * itself (the local APIC page, IOAPICs, IOMMU units, MMCONFIG); the
 * validator covers the hypervisor memory only.
 *
 * (That the cells leave the root cell a CPU needs no rule of its own: the
 * hypervisor keeps CPU 0 out of every cell, and the driver only enables
 * with every online CPU, so CPU 0 too, in the root cell.)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <common/cell-config.h>
#include <common/config-validate.h>
#include <jailhouse/fault.h>

#include "config-check.h"
#include "config-diag.h"

#define PAGE_SIZE 0x1000ULL
#define LAPIC_BASE 0xfee00000ULL

struct area {
	__u64 start, size;
	char what[32];
};

static unsigned int errors;

#define report(fmt, ...)                       \
	do {                                   \
		errors++;                      \
		cfg_error(fmt, ##__VA_ARGS__); \
	} while (0)

static void __attribute__((format(printf, 4, 5)))
add_area(struct area *area, __u64 start, __u64 size, const char *fmt, ...)
{
	va_list ap;

	area->start = start;
	area->size = size;
	va_start(ap, fmt);
	vsnprintf(area->what, sizeof(area->what), fmt, ap);
	va_end(ap);
}

/* What the hypervisor emulates or owns, hypervisor memory aside. */
static unsigned int reserved_areas(const struct cell_view *sys,
				   struct area *areas)
{
	const struct jailhouse_x86_platform *p = &sys->system->platform;
	unsigned int n = 0, i;

	add_area(&areas[n++], LAPIC_BASE, PAGE_SIZE, "the local APIC page");
	if (p->pci_mmconfig_base)
		add_area(&areas[n++], p->pci_mmconfig_base,
			 ((__u64)p->pci_mmconfig_end_bus + 1) << 20,
			 "PCI MMCONFIG");
	for (i = 0; i < p->num_iommu_units; i++)
		add_area(&areas[n++], p->iommu_units[i].base,
			 p->iommu_units[i].size, "IOMMU unit %u", i);
	for (i = 0; i < sys->cell->num_irqchips; i++)
		add_area(&areas[n++], sys->irqchips[i].address, PAGE_SIZE,
			 "IOAPIC %u", sys->irqchips[i].id);
	return n;
}

static void check_root_regions(const struct cell_view *sys)
{
	struct area
		areas[2 + JAILHOUSE_MAX_IOMMU_UNITS + JAILHOUSE_MAX_IRQCHIPS];
	unsigned int num = reserved_areas(sys, areas);
	const struct jailhouse_memory *m;
	unsigned int i, a;

	for (i = 0; i < sys->cell->num_memory_regions; i++) {
		m = &sys->mem[i];
		for (a = 0; a < num; a++)
			if (jh_ranges_overlap(m->phys_start, m->size,
					      areas[a].start, areas[a].size))
				report("%s: mem_regions[%u] (0x%llx-0x%llx) maps "
				       "%s (0x%llx-0x%llx)",
				       sys->file, i,
				       (unsigned long long)m->phys_start,
				       (unsigned long long)(m->phys_start +
							    m->size - 1),
				       areas[a].what,
				       (unsigned long long)areas[a].start,
				       (unsigned long long)(areas[a].start +
							    areas[a].size - 1));
	}
}

/* As `jailhouse cell create` of each cell in turn would see it. */
static void check_cells(const struct cell_view *sys,
			const struct cell_view *cells, unsigned int num)
{
	const struct jailhouse_cell_desc **before;
	char msg[JAILHOUSE_MSG_MAX];
	unsigned int c;

	before = calloc(num, sizeof(*before));
	if (!before) {
		report("%s: out of memory", sys->file);
		return;
	}
	for (c = 0; c < num; c++) {
		if (cell_config_check(sys->system, cells[c].cell, before, c,
				      msg, sizeof(msg)))
			report("%s: %s", cells[c].file, msg);
		else if (cell_config_unisolated_dma_warning(sys->system->flags,
							    cells[c].cell, msg,
							    sizeof(msg)))
			cfg_warn("%s: %s", cells[c].file, msg);
		/* A refused cell still claims its resources in the plan. */
		before[c] = cells[c].cell;
	}
	free(before);
}

unsigned int config_check(const struct cell_view *system,
			  const struct cell_view *cells, unsigned int num_cells)
{
	errors = 0;
	check_root_regions(system);
	if (num_cells)
		check_cells(system, cells, num_cells);
	return errors;
}
