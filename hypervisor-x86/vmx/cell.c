// SPDX-License-Identifier: GPL-2.0
/*
 * A cell's VMX parts (include/arch.h): its EPT in the format this CPU
 * supports, the EPT pointer, and the I/O and MSR bitmaps that decide which
 * port and MSR accesses exit.  The root cell passes every port but the PCI
 * configuration ports 0xcf8-0xcff, which are mediated (vmx/port-io.c); a
 * non-root cell passes its config's ports; the MSR bitmaps come from the
 * allow-list of the cell's kind (arch/msr-policy.c).
 */
#include "hv.h"
#include "cell.h"
#include "cell-resources.h"
#include <common/cell-config.h>
#include "msr-policy.h"
#include "processor.h"

#define PCI_CONFIG_PORT_FIRST 0xcf8
#define PCI_CONFIG_PORT_LAST 0xcff
#define EPT_CAP_1G (1UL << 17) /* IA32_VMX_EPT_VPID_CAP */
#define EPT_CAP_EXECUTE_ONLY (1UL << 0)

/* 1 GiB EPT leaves only where VMX offers them. */
static const struct paging_format *ept_format(void)
{
	return (read_msr(MSR_IA32_VMX_EPT_VPID_CAP) & EPT_CAP_1G) ?
		       &paging_ept :
		       &paging_ept_no_1g;
}

/* write-back, 4-level walk */
static __u64 ept_pointer(const struct page_table *ept)
{
	return paging_root_phys(ept) | (3 << 3) | 6;
}

static void trap_port(__u8 *io_bitmap, unsigned int port)
{
	io_bitmap[port / 8] |= 1 << (port % 8);
}

static void fill_bitmaps(struct cell *cell)
{
	unsigned int port;

	if (cell == &root_cell) {
		for (port = PCI_CONFIG_PORT_FIRST; port <= PCI_CONFIG_PORT_LAST;
		     port++)
			trap_port(cell->arch.io_bitmap, port);
		msr_bitmap_build(cell->arch.msr_bitmap, MSR_CELL_ROOT);
	} else {
		cell_resources_io_bitmap(cell->config, cell->arch.io_bitmap);
		msr_bitmap_build(cell->arch.msr_bitmap, MSR_CELL_NON_ROOT);
	}
}

/* Fixed for the cell's life: worked out once, not on every CPUID exit. */
static void cpuid_view(struct cell *cell)
{
	int root = cell == &root_cell;

	cell->arch.cpuid = (struct cpuid_cell){
		.root = root,
		/* a cell may not switch to x2APIC without the flag (msr-
		 * mediate.c refuses): then it must not see x2APIC either */
		.x2apic_permitted = root || (cell->config->flags &
					     JAILHOUSE_CELL_X2APIC_PERMITTED),
		.hidden = cpu_features_hidden(root),
	};
}

int arch_cell_create(struct cell *cell)
{
	int err;

	err = paging_create(&cell->ept, ept_format(), &hv_mem_pool,
			    &hv_paging_memory);
	if (err)
		return err;
	cell->arch.eptp = ept_pointer(&cell->ept);
	cell->arch.io_bitmap = page_zalloc(&hv_mem_pool, 2);
	cell->arch.msr_bitmap = page_zalloc(&hv_mem_pool, 1);
	if (!cell->arch.io_bitmap || !cell->arch.msr_bitmap)
		return -ENOMEM;
	fill_bitmaps(cell);
	cpuid_view(cell);
	return 0;
}

void arch_cell_destroy(struct cell *cell)
{
	if (cell->ept.root)
		paging_destroy(&cell->ept);
	if (cell->arch.io_bitmap)
		page_free(&hv_mem_pool, cell->arch.io_bitmap, 2);
	if (cell->arch.msr_bitmap)
		page_free(&hv_mem_pool, cell->arch.msr_bitmap, 1);
	cell->arch.io_bitmap = cell->arch.msr_bitmap = NULL;
}

void arch_root_ports(const struct cell *cell, int taken)
{
	cell_resources_root_ports(root_cell.arch.io_bitmap, cell->config,
				  taken);
}

unsigned int arch_config_caps(void)
{
	return (read_msr(MSR_IA32_VMX_EPT_VPID_CAP) & EPT_CAP_EXECUTE_ONLY) ?
		       CELL_CONFIG_CAP_EPT_EXECUTE_ONLY :
		       0;
}
