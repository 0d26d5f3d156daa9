// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell: Linux, taken over as it runs.  Its EPT maps every root
 * region of the system config 1:1 (the hypervisor's memory is not among
 * them - the validator refuses overlaps - so Linux can no longer reach it),
 * plus the IOAPIC, passed through while no other cell exists, and the local
 * APIC page read-only (its writes are emulated, see arch/apic.c).  Its I/O
 * and MSR bitmaps are VMX's (vmx/cell.c).
 */
#include "hv.h"
#include "cell.h"
#include "cell-memory.h"
#include <common/string.h>
#include "mmio.h"

struct cell root_cell;

static int map_regions(struct cell *cell)
{
	const struct jailhouse_memory *mem =
		jailhouse_cell_mem_regions(cell->config);
	unsigned int n;
	int err;

	for (n = 0; n < cell->config->num_memory_regions; n++) {
		/* sub-page regions are trapped and emulated, never mapped */
		if (mem[n].flags &
		    (JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_WIDTHS |
		     JAILHOUSE_MEM_COMM_REGION))
			continue;
		err = paging_map(&cell->ept, mem[n].virt_start,
				 mem[n].phys_start, mem[n].size,
				 cell_memory_paging_flags(mem[n].flags));
		if (err)
			return err;
	}
	return 0;
}

/* The interrupt controllers are not memory regions in the config, but the
 * root cell drives them until cells exist. */
static int map_interrupt_controllers(struct cell *cell)
{
	const struct jailhouse_irqchip *chip =
		jailhouse_cell_irqchips(cell->config);
	unsigned int n;
	int err;

	for (n = 0; n < cell->config->num_irqchips; n++) {
		err = paging_map(&cell->ept, chip[n].address & PAGE_MASK,
				 chip[n].address & PAGE_MASK, PAGE_SIZE,
				 PAGING_RW | PAGING_UNCACHED);
		if (err)
			return err;
	}
	return cell_map_xapic(&cell->ept);
}

/* Every cell sees the local APIC page read-only: reads reach the hardware
 * without an exit, writes exit and are emulated (arch/apic.c). */
int cell_map_xapic(struct page_table *ept)
{
	return paging_map(ept, hv_apic_phys, hv_apic_phys, PAGE_SIZE,
			  PAGING_READ | PAGING_UNCACHED);
}

int root_cell_init(void)
{
	struct cell *cell = &root_cell;
	int err;

	cell->id = 0;
	cell->in_use = 1;
	cell->config = &hv_system_config->root_cell;
	cell->state = JAILHOUSE_CELL_RUNNING;
	err = arch_cell_create(cell);
	if (!err)
		err = map_regions(cell);
	if (!err)
		err = map_interrupt_controllers(cell);
	if (!err)
		err = mmio_cell_init(cell);
	if (err)
		return hv_fail(
			err,
			"root cell: out of memory for its EPT and bitmaps (pool of %lu pages)",
			page_pool_size(&hv_mem_pool));
	printk("root cell \"%s\": %u memory regions, EPT %lu pages\n",
	       cell->config->name, cell->config->num_memory_regions,
	       paging_table_pages(&cell->ept));
	return 0;
}
