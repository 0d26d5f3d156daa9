// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell: Linux, taken over as it runs.  Its EPT maps every root
 * region of the system config 1:1 (the hypervisor's memory is not among
 * them - the validator refuses overlaps - so Linux can no longer reach it),
 * plus the IOAPIC, passed through while no other cell exists, and the local
 * APIC page read-only (its writes are emulated, see arch/apic.c).  Its I/O
 * bitmap passes every port but the PCI configuration ports 0xcf8-0xcff,
 * which are mediated; its MSR bitmap comes from the allow-list.
 */
#include "hv.h"
#include "cell.h"
#include "cell-memory.h"
#include "msr-policy.h"
#include "processor.h"
#include <common/string.h>
#include "mmio.h"

#define PCI_CONFIG_PORT_FIRST	0xcf8
#define PCI_CONFIG_PORT_LAST	0xcff

struct cell root_cell;

static int map_regions(struct cell *cell)
{
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(cell->config);
	unsigned int n;
	int err;

	for (n = 0; n < cell->config->num_memory_regions; n++) {
		/* sub-page regions are trapped and emulated, never mapped */
		if (mem[n].flags & (JAILHOUSE_MEM_IO_UNALIGNED |
				    JAILHOUSE_MEM_IO_WIDTHS |
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
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(cell->config);
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

static void trap_port(__u8 *io_bitmap, unsigned int port)
{
	io_bitmap[port / 8] |= 1 << (port % 8);
}

static int bitmaps_init(struct cell *cell)
{
	unsigned int port;

	cell->io_bitmap = page_zalloc(&hv_mem_pool, 2);
	cell->msr_bitmap = page_zalloc(&hv_mem_pool, 1);
	if (!cell->io_bitmap || !cell->msr_bitmap)
		return -ENOMEM;
	for (port = PCI_CONFIG_PORT_FIRST; port <= PCI_CONFIG_PORT_LAST; port++)
		trap_port(cell->io_bitmap, port);
	msr_bitmap_build(cell->msr_bitmap, MSR_CELL_ROOT);
	return 0;
}

int cell_port_passthrough(const struct cell *cell, __u16 port)
{
	return !(cell->io_bitmap[port / 8] & (1 << (port % 8)));
}

/* 1 GiB EPT leaves only where VMX offers them (EPT_VPID_CAP bit 17). */
const struct paging_format *cell_ept_format(void)
{
	return (read_msr(MSR_IA32_VMX_EPT_VPID_CAP) & (1UL << 17)) ?
		&paging_ept : &paging_ept_no_1g;
}

/* write-back, 4-level walk */
__u64 cell_ept_pointer(const struct page_table *ept)
{
	return paging_root_phys(ept) | (3 << 3) | 6;
}

int root_cell_init(void)
{
	struct cell *cell = &root_cell;
	int err;

	cell->id = 0;
	cell->in_use = 1;
	cell->config = &hv_system_config->root_cell;
	cell->state = JAILHOUSE_CELL_RUNNING;
	err = paging_create(&cell->ept, cell_ept_format(), &hv_mem_pool,
			    &hv_paging_memory);
	if (!err)
		err = map_regions(cell);
	if (!err)
		err = map_interrupt_controllers(cell);
	if (!err)
		err = bitmaps_init(cell);
	if (!err)
		err = mmio_cell_init(cell);
	if (err)
		return hv_fail(err, "root cell: out of memory for its EPT and bitmaps (pool of %lu pages)",
			       page_pool_size(&hv_mem_pool));
	cell->eptp = cell_ept_pointer(&cell->ept);
	printk("root cell \"%s\": %u memory regions, EPT %lu pages\n",
	       cell->config->name, cell->config->num_memory_regions,
	       paging_table_pages(&cell->ept));
	return 0;
}
