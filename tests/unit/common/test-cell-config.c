// SPDX-License-Identifier: GPL-2.0
/*
 * cell-config.c: a cell against the system and the cells that exist.
 * Every refusal names the conflicting resource.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <common/cell-config.h>
#include "config-builder.h"
#include <common/config-validate.h>
#include <common/env.h>

static struct test_system sys;
static struct test_cell cell, other;
static const struct jailhouse_cell_desc *others[1] = { &other.header };

static int setup(void **state)
{
	(void)state;
	fill_system(&sys);
	fill_cell(&cell, "demo", 0x2, 0x3a600000);
	/* another cell on CPU 2, 1 MiB further, owning pin 6 and no PCI */
	fill_cell(&other, "other", 0x4, 0x3a700000);
	other.mem[2].phys_start = other.mem[2].virt_start = 0xfed01000;
	other.irqchips[0].pin_bitmap[0] = 1 << 6;
	other.header.num_pci_devices = 0;
	return 0;
}

static void expect_fits(unsigned int num_others)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	assert_int_equal(jh_config_validate(&sys, sizeof(sys), msg,
					    sizeof(msg)),
			 0);
	assert_int_equal(jh_config_validate(&cell, sizeof(cell), msg,
					    sizeof(msg)),
			 0);
	err = cell_config_check(&sys.header, &cell.header, others, num_others,
				msg, sizeof(msg));
	if (err)
		fail_msg("refused: %s", msg);
}

static void expect_refusal(unsigned int num_others, int err,
			   const char *expected)
{
	char msg[JAILHOUSE_MSG_MAX];

	/* the configs themselves stay valid: only the placement is wrong */
	assert_int_equal(jh_config_validate(&cell, sizeof(cell), msg,
					    sizeof(msg)),
			 0);
	assert_int_equal(cell_config_check(&sys.header, &cell.header, others,
					   num_others, msg, sizeof(msg)),
			 err);
	if (strcmp(msg, expected))
		fail_msg("expected \"%s\", got \"%s\"", expected, msg);
}

static void test_cells_that_fit(void **state)
{
	(void)state;
	expect_fits(0);
	expect_fits(1);
	/* the 1 MiB region may also span two adjacent root regions */
	cell.mem[2].size = 0x2000;
	expect_fits(0);
}

static void test_name_taken(void **state)
{
	(void)state;
	strcpy(cell.header.name, "other");
	expect_refusal(1, -EEXIST,
		       "cell \"other\": a cell with this name already exists");
	strcpy(cell.header.name, "test-root");
	expect_refusal(0, -EEXIST,
		       "cell \"test-root\": the root cell has the same name");
}

static void test_cpus(void **state)
{
	(void)state;
	cell.cpus[0] = 0x3;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": CPU 0 must stay with the root cell (Linux cannot take it offline)");
	cell.cpus[0] = 0x12;
	expect_refusal(0, -EINVAL,
		       "cell \"demo\": CPU 4 is not in the root cell's CPU set");
	cell.cpus[0] = 0x6;
	expect_refusal(1, -EBUSY,
		       "cell \"demo\": CPU 2 already belongs to cell \"other\"");
}

static void test_memory_overlapping_the_hypervisor(void **state)
{
	(void)state;
	cell.mem[0].phys_start = 0x3a500000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 0 (0x3a500000+0x100000) overlaps the hypervisor memory 0x3a000000+0x600000");
}

static void test_memory_of_another_cell(void **state)
{
	(void)state;
	cell.mem[0].phys_start = 0x3a700000;
	expect_refusal(
		1, -EBUSY,
		"cell \"demo\": memory region 0 (0x3a700000+0x100000) overlaps memory region 0 of cell \"other\"");
	/* both ROOTSHARED: shared memory, allowed */
	cell.mem[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	other.mem[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	expect_fits(1);
	/* only one side shared: still a conflict */
	other.mem[0].flags &= ~JAILHOUSE_MEM_ROOTSHARED;
	expect_refusal(
		1, -EBUSY,
		"cell \"demo\": memory region 0 (0x3a700000+0x100000) overlaps memory region 0 of cell \"other\"");
}

static void test_memory_not_backed_by_root(void **state)
{
	(void)state;
	cell.mem[0].phys_start = 0x80000000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 0 (0x80000000+0x100000) is not backed by the root cell's memory");
	/* running off the end of the root's reserved region */
	cell.mem[0].phys_start = 0x3f100000;
	cell.mem[0].size = 0x200000;
	cell.mem[1].virt_start = 0x200000; /* comm region out of the way */
	expect_fits(0);			   /* regions 2 and 3 are adjacent */
	cell.mem[0].phys_start = 0x40000000 - 0x100000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 0 (0x3ff00000+0x200000) is not backed by the root cell's memory");
	/* the hole between low RAM and 1 MiB */
	cell.mem[0].phys_start = 0x0;
	cell.mem[0].size = 0x100000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 0 (0x0+0x100000) is not backed by the root cell's memory");
}

static void test_memory_the_hypervisor_keeps(void **state)
{
	(void)state;
	cell.mem[2].phys_start = 0xfec00000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 covers the IOAPIC at 0xfec00000, which the hypervisor emulates");
	cell.mem[2].phys_start = 0xfee00000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 covers the local APIC page 0xfee00000, which the hypervisor emulates");
	cell.mem[2].phys_start = 0xe0000000;
	sys.header.platform.pci_mmconfig_base = 0xe0000000;
	sys.header.platform.pci_mmconfig_end_bus = 0xff;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 covers the PCI MMCONFIG area at 0xe0000000, which the hypervisor mediates");
	sys.header.flags = 0;
	sys.header.platform.num_iommu_units = 1;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[0].base = 0xe0000000;
	sys.header.platform.iommu_units[0].size = 0x1000;
	sys.header.platform.pci_mmconfig_base = 0;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 covers IOMMU unit 0 at 0xe0000000");
}

static void test_ports(void **state)
{
	(void)state;
	cell.pio[0] = (struct jailhouse_pio){ .base = 0xc010, .length = 8 };
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PIO range 0 (0xc010+0x8) is not owned by the root cell");
	cell.pio[0] = (struct jailhouse_pio){ .base = 0xbff8, .length = 0x10 };
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PIO range 0 (0xbff8+0x10) is not owned by the root cell");
	cell.pio[0] = (struct jailhouse_pio){ .base = 0xcfc, .length = 4 };
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PIO range 0 (0xcfc+0x4) covers the PCI configuration ports 0xcf8-0xcff, which the hypervisor mediates");
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x2f8, .length = 8 };
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PIO range 0 (0x2f8+0x8) covers the hypervisor's debug console at port 0x2f8");
	/* the PM timer shared by both cells is fine... */
	cell.pio[0] =
		(struct jailhouse_pio){ .base = 0xb008,
					.length = 4,
					.flags = JAILHOUSE_PIO_ROOT_SHARED };
	expect_fits(1);
	/* ...but not when this cell wants it for itself */
	cell.pio[0].flags = 0;
	expect_refusal(
		1, -EBUSY,
		"cell \"demo\": PIO range 0 (0xb008+0x4) overlaps PIO range 0 of cell \"other\"");
}

/* Each port that reaches the whole machine, refused by name. */
static void expect_port_refused(unsigned int base, unsigned int length,
				unsigned int port, const char *what)
{
	char expected[JAILHOUSE_MSG_MAX];

	cell.pio[0] = (struct jailhouse_pio){ .base = base, .length = length };
	snprintf(expected, sizeof(expected),
		 "cell \"demo\": PIO range 0 (0x%x+0x%x) covers port 0x%x, %s, "
		 "which no cell but the root may own",
		 base, length, port, what);
	expect_refusal(0, -EINVAL, expected);
}

static void test_ports_that_reach_the_machine(void **state)
{
	(void)state;
	expect_port_refused(0x20, 2, 0x20,
			    "the master 8259 PIC (interrupt routing of every CPU)");
	expect_port_refused(0x10, 0x12, 0x20,
			    "the master 8259 PIC (interrupt routing of every CPU)");
	expect_port_refused(0xa1, 1, 0xa1,
			    "the slave 8259 PIC (interrupt routing of every CPU)");
	expect_port_refused(0x61, 1, 0x61,
			    "NMI status and control (port 0x61)");
	expect_port_refused(0x60, 8, 0x61,
			    "NMI status and control (port 0x61)");
	expect_port_refused(0x64, 1, 0x64,
			    "the keyboard controller command port (pulses reset)");
	expect_port_refused(0x70, 2, 0x70,
			    "the RTC index port (bit 7 masks NMI)");
	expect_port_refused(0x92, 1, 0x92,
			    "System Control Port A (fast reset, A20)");
	expect_port_refused(0x4d1, 1, 0x4d1,
			    "the ELCR (edge/level control of the PICs)");
	expect_port_refused(0xcf9, 1, 0xcf9,
			    "the reset control register (resets the machine)");
	expect_port_refused(0xcf8, 4, 0xcf9,
			    "the reset control register (resets the machine)");
	/* neighbours of the forbidden ports stay possible */
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x71, .length = 1 };
	expect_fits(0);
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x60, .length = 1 };
	expect_fits(0);
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x4d2, .length = 0x2e };
	expect_fits(0);
}

/* The FADT's ports come from the system config, not from a list. */
static void test_fadt_ports(void **state)
{
	(void)state;
	expect_port_refused(0xb2, 1, 0xb2,
			    "the FADT's SMI command port (raises an SMI)");
	expect_port_refused(0xb000, 8, 0xb004,
			    "the FADT's PM1a control block (sleep, power off)");
	expect_port_refused(0xb005, 1, 0xb005,
			    "the FADT's PM1a control block (sleep, power off)");
	/* next to the block: fine (the PM timer, shared) */
	cell.pio[0] =
		(struct jailhouse_pio){ .base = 0xb006,
					.length = 6,
					.flags = JAILHOUSE_PIO_ROOT_SHARED };
	expect_fits(0);
	/* another machine's FADT moves the forbidden ports with it */
	sys.header.platform.smi_command_port = 0xb6;
	sys.header.platform.pm1a_control_port = 0x404;
	sys.header.platform.pm1b_control_port = 0x408;
	sys.header.platform.pm1_control_length = 4;
	cell.pio[0] = (struct jailhouse_pio){ .base = 0xb2, .length = 1 };
	expect_fits(0);
	expect_port_refused(0xb6, 1, 0xb6,
			    "the FADT's SMI command port (raises an SMI)");
	expect_port_refused(0x407, 1, 0x407,
			    "the FADT's PM1a control block (sleep, power off)");
	expect_port_refused(0x40b, 2, 0x40b,
			    "the FADT's PM1b control block (sleep, power off)");
	cell.pio[0] = (struct jailhouse_pio){ .base = 0x40c, .length = 4 };
	expect_fits(0);
	/* a FADT without an SMI port forbids none */
	sys.header.platform.smi_command_port = 0;
	cell.pio[0] = (struct jailhouse_pio){ .base = 0xb6, .length = 1 };
	expect_fits(0);
}

static void test_execute_only_regions(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	cell.mem[0].flags = JAILHOUSE_MEM_EXECUTE | JAILHOUSE_MEM_LOADABLE;
	assert_int_equal(jh_config_validate(&cell, sizeof(cell), msg,
					    sizeof(msg)),
			 0);
	assert_int_equal(cell_config_check_caps(&cell.header, 0, msg,
						sizeof(msg)),
			 -EINVAL);
	assert_string_equal(
		msg,
		"cell \"demo\": memory region 0 (at 0x0+0x100000) is execute-only, which this CPU's EPT cannot express (IA32_VMX_EPT_VPID_CAP bit 0 is clear); add JAILHOUSE_MEM_READ");
	/* with the capability the same config is fine */
	assert_int_equal(cell_config_check_caps(&cell.header,
						CELL_CONFIG_CAP_EPT_EXECUTE_ONLY,
						msg, sizeof(msg)),
			 0);
	/* and read+execute never needed it */
	cell.mem[0].flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_EXECUTE;
	assert_int_equal(cell_config_check_caps(&cell.header, 0, msg,
						sizeof(msg)),
			 0);
	/* the root cell's regions are checked the same way */
	sys.mem[3].flags = JAILHOUSE_MEM_EXECUTE;
	assert_int_equal(cell_config_check_caps(&sys.header.root_cell, 0, msg,
						sizeof(msg)),
			 -EINVAL);
	assert_string_equal(
		msg,
		"cell \"test-root\": memory region 3 (at 0x3f200000+0xe00000) is execute-only, which this CPU's EPT cannot express (IA32_VMX_EPT_VPID_CAP bit 0 is clear); add JAILHOUSE_MEM_READ");
}

static void test_ioapic_pins(void **state)
{
	(void)state;
	cell.irqchips[0].pin_bitmap[0] = 1 << 6;
	expect_refusal(
		1, -EBUSY,
		"cell \"demo\": pin 6 of the IOAPIC at 0xfec00000 already belongs to cell \"other\"");
	sys.irqchips[0].pin_bitmap[0] = 0x00ffffbf; /* root kept pin 6 out */
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": pin 6 of the IOAPIC at 0xfec00000 is not owned by the root cell");
	cell.irqchips[0].address = 0xfec01000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": IOAPIC 0 at 0xfec01000 is not an IOAPIC of the root cell");
}

static void test_pci_devices(void **state)
{
	(void)state;
	cell.pci[0].type = JAILHOUSE_PCI_TYPE_DEVICE;
	cell.pci[0].bdf = 0x0018;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 0000:00:03.0 is not owned by the root cell");
	cell.pci[0].bdf = 0x0010;
	other.header.num_pci_devices = 1;
	other.pci[0].type = JAILHOUSE_PCI_TYPE_DEVICE;
	other.pci[0].bdf = 0x0010;
	expect_refusal(
		1, -EBUSY,
		"cell \"demo\": PCI device 0000:00:02.0 already belongs to cell \"other\"");
	/* a virtual ivshmem device belongs to nobody before */
	fill_ivshmem(&cell.pci[0]);
	expect_fits(0);
}

#define NO_IOMMU_SENTENCE(bdf)                                                 \
	"cell \"demo\": PCI device " bdf                                       \
	" can master the bus (DMA) and the system runs without IOMMU; giving " \
	"it to a cell needs JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA, which gives " \
	"up all memory isolation"

static void declare_iommu(void)
{
	sys.header.flags = 0;
	sys.header.platform.num_iommu_units = 1;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[0].base = 0xfed90000;
	sys.header.platform.iommu_units[0].size = 0x1000;
}

static void test_dma_capable_device_without_iommu(void **state)
{
	(void)state;
	/* the root's entry says DMA-capable */
	cell.pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0009,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
	};
	expect_refusal(0, -EINVAL, NO_IOMMU_SENTENCE("00:01.1"));
	/* no flag anywhere: a physical device counts all the same */
	cell.pci[0] = sys.pci[2];
	expect_refusal(0, -EINVAL, NO_IOMMU_SENTENCE("00:02.0"));
	/* the unsafe opt-in allows it, together with NO_IOMMU as before ... */
	sys.header.flags |= JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	expect_fits(0);
	/* ... and on its own: it is the one opt-in */
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	expect_fits(0);
}

#define NOT_IDENTITY_SENTENCE                                                \
	"cell \"demo\": memory region 0 (0x3a600000+0x100000 at 0x0) takes " \
	"DMA from PCI device 00:02.0 but is not mapped 1:1; without an "     \
	"IOMMU, DMA goes to host-physical addresses: set virt_start = "      \
	"phys_start"

/* Under the opt-in the device DMAs to host-physical addresses. */
static void test_unisolated_dma_needs_identity_mapped_dma_regions(void **state)
{
	(void)state;
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	cell.pci[0] = sys.pci[2];
	/* RAM at guest-physical 0 that the device may DMA into: refused */
	cell.mem[0].flags |= JAILHOUSE_MEM_DMA;
	expect_refusal(0, -EINVAL, NOT_IDENTITY_SENTENCE);
	/* mapped 1:1 (the reset address moves along): fine */
	cell.mem[0].virt_start = cell.mem[0].phys_start;
	cell.header.cpu_reset_address = cell.mem[0].phys_start + 0xfff0;
	expect_fits(0);
	/* the comm region and MMIO are no DMA targets of the device */
	cell.mem[2].flags |= JAILHOUSE_MEM_DMA;
	cell.mem[2].virt_start = 0x200000;
	expect_fits(0);
	/* without a physical device nothing needs to be 1:1 */
	cell.mem[0].virt_start = 0;
	cell.header.cpu_reset_address = 0xfff0;
	fill_ivshmem(&cell.pci[0]);
	expect_fits(0);
	/* a region the device does not DMA into may stay where it is */
	cell.pci[0] = sys.pci[2];
	cell.mem[0].flags &= ~(__u64)JAILHOUSE_MEM_DMA;
	expect_fits(0);
}

static void test_physical_device_with_vtd(void **state)
{
	(void)state;
	declare_iommu();
	/* with IOMMU units declared, DMA and interrupt remapping confine a
	 * cell's device (CELL_CONFIG_DMA_REMAPPING): it fits, with or
	 * without the DMA flag */
	cell.pci[0] = sys.pci[2];
	expect_fits(0);
	sys.pci[2].flags = cell.pci[0].flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE;
	expect_fits(0);
	/* the unit index is still checked first */
	cell.pci[0].iommu = 2;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 00:02.0 refers to IOMMU unit 2, but the system has 1");
	/* a virtual device is fine */
	fill_ivshmem(&cell.pci[0]);
	expect_fits(0);
}

/* Bridges never leave the root, whatever the system's opt-ins. */
static void test_bridges_stay_with_the_root(void **state)
{
	(void)state;
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	sys.pci[2].type = JAILHOUSE_PCI_TYPE_BRIDGE;
	cell.pci[0] = sys.pci[2];
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 0000:00:02.0 is a bridge; bridges stay with the root cell, whose Linux owns the bus topology and the devices behind them");
	declare_iommu();
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 0000:00:02.0 is a bridge; bridges stay with the root cell, whose Linux owns the bus topology and the devices behind them");
}

/* The cell's entry must describe the device the root's entry describes. */
static void test_device_must_match_the_roots_entry(void **state)
{
	(void)state;
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	sys.pci[2].bar_address[0] = 0xfebf0000;
	sys.pci[2].bar_mask[0] = 0xfffe0000;
	sys.pci[2].bar_address[1] = 0xc001;
	sys.pci[2].bar_mask[1] = 0xffffffc0;
	cell.pci[0] = sys.pci[2];
	expect_fits(0);
	/* listed as a bridge by the root, as a device here */
	sys.pci[2].type = JAILHOUSE_PCI_TYPE_BRIDGE;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 0000:00:02.0 is a device here, but a bridge in the root config");
	sys.pci[2].type = JAILHOUSE_PCI_TYPE_DEVICE;
	/* a BAR moved */
	cell.pci[0].bar_address[0] = 0xfeb00000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 0000:00:02.0: BAR 0 is 0xfeb00000 (mask 0xfffe0000) here, but 0xfebf0000 (mask 0xfffe0000) in the root config; the BARs must be the root's");
	/* a BAR resized */
	cell.pci[0] = sys.pci[2];
	cell.pci[0].bar_mask[1] = 0xffffff00;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PCI device 0000:00:02.0: BAR 1 is 0xc001 (mask 0xffffff00) here, but 0xc001 (mask 0xffffffc0) in the root config; the BARs must be the root's");
}

static void test_unisolated_dma_warning(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	/* no physical device: nothing to say */
	assert_int_equal(cell_config_unisolated_dma_warning(
				 JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA,
				 &cell.header, msg, sizeof(msg)),
			 0);
	assert_string_equal(msg, "");
	cell.pci[0] = sys.pci[2];
	/* a device, but no opt-in (the cell is refused anyway) */
	assert_int_equal(cell_config_unisolated_dma_warning(JAILHOUSE_SYS_NO_IOMMU,
							    &cell.header, msg,
							    sizeof(msg)),
			 0);
	assert_int_equal(cell_config_unisolated_dma_warning(
				 JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA,
				 &cell.header, msg, sizeof(msg)),
			 1);
	assert_string_equal(
		msg,
		"cell \"demo\": PCI device 00:02.0 is given under JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA: no IOMMU confines its DMA, so this cell can read and write all memory of every cell and of the hypervisor");
}

static void test_msix_table_pages(void **state)
{
	(void)state;
	/* a root device's MSI-X table in the page the cell maps */
	sys.pci[2].num_msix_vectors = 4;
	sys.pci[2].msix_address = 0xfed00800;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) covers the MSI-X table page 0xfed00000 of PCI device 00:02.0, which chooses the device's interrupt vectors and CPUs");
	/* a table that ends in the next page reaches it too */
	sys.pci[2].msix_address = 0xfecfffe0;
	sys.pci[2].msix_region_size = 0x40;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) covers the MSI-X table page 0xfecff000 of PCI device 00:02.0, which chooses the device's interrupt vectors and CPUs");
	/* in another page: fine */
	sys.pci[2].msix_address = 0xfed01000;
	sys.pci[2].msix_region_size = 0x1000;
	expect_fits(0);
	/* a sub-page window onto the table page is refused as well */
	sys.pci[2].msix_address = 0xfed00000;
	cell.mem[2] = (struct jailhouse_memory){
		0xfed00f00, 0xfed00f00, 8,
		JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_32
	};
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00f00+0x8) covers the MSI-X table page 0xfed00000 of PCI device 00:02.0, which chooses the device's interrupt vectors and CPUs");
}

static void test_pba_pages(void **state)
{
	(void)state;
	sys.pci[2].num_msix_vectors = 70; /* two 64-bit words */
	sys.pci[2].msix_address = 0xfed01000;
	sys.pci[2].msix_pba_address = 0xfed00ff8;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) covers the MSI-X pending-bit array page 0xfed00000 of PCI device 00:02.0");
	/* starting in the page before, it reaches into the cell's page */
	sys.pci[2].msix_pba_address = 0xfecffff8;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) covers the MSI-X pending-bit array page 0xfecff000 of PCI device 00:02.0");
	sys.pci[2].msix_pba_address = 0xfed01800;
	expect_fits(0);
}

/* Registers of a device the cell does not own, wherever its BARs are. */
static void test_bars_of_devices_not_owned(void **state)
{
	(void)state;
	sys.pci[2].bar_mask[0] = 0xffffff00; /* 256 bytes */
	sys.pci[2].bar_address[0] = 0xfed00400;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) overlaps BAR 0 (0xfed00400+0x100) of PCI device 00:02.0, which the cell does not own");
	/* a 64-bit BAR, named by its lower slot; the upper one is skipped */
	sys.pci[2].bar_mask[0] = 0;
	sys.pci[2].bar_address[0] = 0;
	sys.pci[1].bar_mask[2] = 0xffffc000;
	sys.pci[1].bar_mask[3] = 0xffffffff;
	sys.pci[1].bar_address[2] = 0xfecfe000 | 0x4;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) overlaps BAR 2 (0xfecfe000+0x4000) of PCI device 00:01.1, which the cell does not own");
	/* I/O BARs are ports, not memory */
	sys.pci[1].bar_address[2] = 0xfed00001;
	sys.pci[1].bar_mask[3] = 0;
	expect_fits(0);
	/* a BAR next to the region: fine */
	sys.pci[1].bar_mask[2] = 0xfffff000;
	sys.pci[1].bar_address[2] = 0xfed01000;
	expect_fits(0);
	/* an unassigned BAR (address 0) is not checked */
	sys.pci[1].bar_address[2] = 0;
	expect_fits(0);
}

/*
 * Revision 4: 00:00.0 becomes a bridge to buses 1-2 whose memory window
 * holds the cell's HPET page (region 2, 0xfed00000+0x1000); 00:02.0
 * moves behind it as 01:00.0.
 */
static void bridge_over_region_2(struct jailhouse_pci_window *w)
{
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	sys.pci[0].type = JAILHOUSE_PCI_TYPE_BRIDGE;
	sys.pci[0].secondary_bus = 1;
	sys.pci[0].subordinate_bus = 2;
	*w = (struct jailhouse_pci_window){ 0xfed00000, 0x100000 };
	sys.pci[2].bdf = 0x0100;
	sys.pci[2].bar_mask[0] = 0xfffff000;
	sys.pci[2].bar_address[0] = 0xfed80000;
}

static void test_region_in_a_bridge_window(void **state)
{
	(void)state;
	bridge_over_region_2(&sys.pci[0].mem_window);
	/* 01:00.0 is the root's: the window is its */
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) overlaps the memory window 0xfed00000+0x100000 of PCI bridge 0000:00:00.0 (buses 01-02), and PCI device 0000:01:00.0 behind it is not the cell's");
	/* the cell owns every listed device, but the page is in none of its
	 * BARs: an unlisted device, or none, answers there */
	cell.pci[0] = sys.pci[2];
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) overlaps the memory window 0xfed00000+0x100000 of PCI bridge 0000:00:00.0 (buses 01-02), and its address 0xfed00000 lies in no BAR of the cell's devices");
	/* the BAR of its own device covers the region: accepted */
	sys.pci[2].bar_address[0] = 0xfed00000;
	cell.pci[0] = sys.pci[2];
	expect_fits(0);
	/* one page more than the BAR: the second page is uncovered */
	cell.mem[2].size = 0x2000;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x2000) overlaps the memory window 0xfed00000+0x100000 of PCI bridge 0000:00:00.0 (buses 01-02), and its address 0xfed01000 lies in no BAR of the cell's devices");
	/* two BARs of its device side by side cover it */
	sys.pci[2].bar_mask[1] = 0xfffff000;
	sys.pci[2].bar_address[1] = 0xfed01000;
	cell.pci[0] = sys.pci[2];
	expect_fits(0);
	/* a device on bus 2, behind the same bridge, that stays the root's */
	sys.pci[1].bdf = 0x0208;
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x2000) overlaps the memory window 0xfed00000+0x100000 of PCI bridge 0000:00:00.0 (buses 01-02), and PCI device 0000:02:01.0 behind it is not the cell's");
	/* on bus 3 it is behind no window of this bridge */
	sys.pci[1].bdf = 0x0308;
	expect_fits(0);
}

static void test_region_in_a_prefetchable_window(void **state)
{
	(void)state;
	bridge_over_region_2(&sys.pci[0].pref_window);
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": memory region 2 (0xfed00000+0x1000) overlaps the prefetchable memory window 0xfed00000+0x100000 of PCI bridge 0000:00:00.0 (buses 01-02), and PCI device 0000:01:00.0 behind it is not the cell's");
	/* a window beside the region is no concern */
	sys.pci[0].pref_window.base = 0xfee00000;
	expect_fits(0);
	/* nor is a closed one, nor the root's own use of the window */
	sys.pci[0].pref_window = (struct jailhouse_pci_window){ 0, 0 };
	expect_fits(0);
}

/* The I/O window and the cell's ports: the PM timer 0xb008+4 here. */
static void test_ports_in_a_bridge_window(void **state)
{
	(void)state;
	bridge_over_region_2(&sys.pci[0].io_window);
	sys.pci[0].io_window = (struct jailhouse_pci_window){ 0xb000, 0x1000 };
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PIO range 0 (0xb008+0x4) overlaps the I/O window 0xb000+0x1000 of PCI bridge 0000:00:00.0 (buses 01-02), and PCI device 0000:01:00.0 behind it is not the cell's");
	/* its own device, whose 16 ports start beyond the range */
	sys.pci[2].bar_mask[1] = 0xfffffff0;
	sys.pci[2].bar_address[1] = 0xb011;
	cell.pci[0] = sys.pci[2];
	expect_refusal(
		0, -EINVAL,
		"cell \"demo\": PIO range 0 (0xb008+0x4) overlaps the I/O window 0xb000+0x1000 of PCI bridge 0000:00:00.0 (buses 01-02), and its port 0xb008 lies in no BAR of the cell's devices");
	/* an I/O BAR of 16 ports at 0xb000, its mask as a 16-bit decoder
	 * reads it: the range lies in it */
	sys.pci[2].bar_mask[1] = 0xfff0;
	sys.pci[2].bar_address[1] = 0xb001;
	cell.pci[0] = sys.pci[2];
	expect_fits(0);
	/* a memory window over the same numbers is no port window */
	sys.pci[0].mem_window = sys.pci[0].io_window;
	sys.pci[0].mem_window.size = 0x100000;
	sys.pci[0].mem_window.base = 0;
	sys.pci[0].io_window = (struct jailhouse_pci_window){ 0, 0 };
	cell.mem[0].phys_start = 0x3a600000;
	expect_fits(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, setup)
		T(test_cells_that_fit),
		T(test_name_taken),
		T(test_cpus),
		T(test_memory_overlapping_the_hypervisor),
		T(test_memory_of_another_cell),
		T(test_memory_not_backed_by_root),
		T(test_memory_the_hypervisor_keeps),
		T(test_ports),
		T(test_ports_that_reach_the_machine),
		T(test_fadt_ports),
		T(test_execute_only_regions),
		T(test_ioapic_pins),
		T(test_pci_devices),
		T(test_dma_capable_device_without_iommu),
		T(test_physical_device_with_vtd),
		T(test_unisolated_dma_needs_identity_mapped_dma_regions),
		T(test_bridges_stay_with_the_root),
		T(test_device_must_match_the_roots_entry),
		T(test_unisolated_dma_warning),
		T(test_msix_table_pages),
		T(test_pba_pages),
		T(test_bars_of_devices_not_owned),
		T(test_region_in_a_bridge_window),
		T(test_region_in_a_prefetchable_window),
		T(test_ports_in_a_bridge_window),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
