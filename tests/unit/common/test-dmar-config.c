// SPDX-License-Identifier: GPL-2.0
/*
 * The DMAR part of a system config (revision 3): device scopes and RMRRs
 * in jh_config_validate(), and what they mean for a cell in
 * cell_config_check(): a device an RMRR names stays with the root, no cell
 * maps an RMRR, devices sharing a requester ID (DMA alias, functions
 * without ACS) go to one cell together.  Each test starts from a valid
 * system and breaks one thing; every refusal is checked by its sentence.
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

#define NUM_PCI 8
#define NUM_SCOPES 5

/*
 * The builder's system with more devices: a conventional PCI bridge
 * 00:1e.0 with two devices behind it (DMA alias 00:1e.0), a sibling
 * function of 00:01.1 (both without ACS), a USB controller 00:14.0 with
 * an RMRR, and the DMAR's scopes for them, the IOAPIC and the HPET.
 */
struct dmar_system {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[6];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio[2];
	struct jailhouse_pci_device pci[NUM_PCI];
	struct jailhouse_pci_capability caps[1];
	struct jailhouse_iommu_scope scopes[NUM_SCOPES];
	struct jailhouse_rmrr rmrrs[1];
} JH_PACKED;

enum {
	DEV_USB = 3,
	DEV_BRIDGE,
	DEV_BEHIND_0,
	DEV_BEHIND_1,
	DEV_SIBLING
};
enum {
	SC_USB,
	SC_BRIDGE,
	SC_IOAPIC,
	SC_HPET,
	SC_RMRR_USB
};

#define RMRR_BASE 0x39e00000ULL
#define RMRR_SIZE 0x20000ULL

static struct dmar_system sys;
static struct test_cell cell;

static void copy_builder_system(void)
{
	struct test_system base;

	fill_system(&base);
	memset(&sys, 0, sizeof(sys));
	sys.header = base.header;
	sys.cpus[0] = base.cpus[0];
	memcpy(sys.mem, base.mem, sizeof(sys.mem));
	sys.irqchips[0] = base.irqchips[0];
	memcpy(sys.pio, base.pio, sizeof(sys.pio));
	memcpy(sys.pci, base.pci, sizeof(base.pci));
	sys.caps[0] = base.caps[0];
	sys.header.root_cell.num_pci_devices = NUM_PCI;
	sys.header.num_iommu_scopes = NUM_SCOPES;
	sys.header.num_rmrrs = 1;
}

static void add_devices(void)
{
	const struct jailhouse_pci_device dev = {
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
	};

	sys.pci[DEV_USB] = dev;
	sys.pci[DEV_USB].bdf = 0x00a0;
	sys.pci[DEV_BRIDGE] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_BRIDGE,
		.bdf = 0x00f0
	};
	sys.pci[DEV_BEHIND_0] = dev;
	sys.pci[DEV_BEHIND_0].bdf = 0x0200;
	sys.pci[DEV_BEHIND_1] = dev;
	sys.pci[DEV_BEHIND_1].bdf = 0x0208;
	sys.pci[DEV_BEHIND_0].flags |= JAILHOUSE_PCI_FLAG_DMA_ALIAS;
	sys.pci[DEV_BEHIND_1].flags |= JAILHOUSE_PCI_FLAG_DMA_ALIAS;
	sys.pci[DEV_BEHIND_0].dma_alias = 0x00f0;
	sys.pci[DEV_BEHIND_1].dma_alias = 0x00f0;
	/* 00:01.1 and 00:01.2: one device, no ACS */
	sys.pci[DEV_SIBLING] = dev;
	sys.pci[DEV_SIBLING].bdf = 0x000a;
	sys.pci[DEV_SIBLING].flags |= JAILHOUSE_PCI_FLAG_NO_ACS;
	sys.pci[1].flags |= JAILHOUSE_PCI_FLAG_NO_ACS;
}

static void add_dmar(void)
{
	sys.header.flags = 0;
	sys.header.platform.num_iommu_units = 1;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[0].base = 0xfed90000;
	sys.header.platform.iommu_units[0].size = 0x1000;
	sys.header.platform.iommu_units[0].flags =
		JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL;
	sys.irqchips[0].iommu_source_id = 0xf0f8;
	sys.scopes[SC_USB] = (struct jailhouse_iommu_scope){
		.type = JAILHOUSE_SCOPE_PCI_ENDPOINT,
		.bdf = 0x00a0
	};
	sys.scopes[SC_BRIDGE] = (struct jailhouse_iommu_scope){
		.type = JAILHOUSE_SCOPE_PCI_BRIDGE,
		.bdf = 0x00f0,
		.secondary_bus = 2,
		.subordinate_bus = 2,
	};
	sys.scopes[SC_IOAPIC] =
		(struct jailhouse_iommu_scope){ .type = JAILHOUSE_SCOPE_IOAPIC,
						.id = 4,
						.bdf = 0xf0f8 };
	sys.scopes[SC_HPET] =
		(struct jailhouse_iommu_scope){ .type = JAILHOUSE_SCOPE_HPET,
						.id = 0,
						.bdf = 0x00ff };
	sys.scopes[SC_RMRR_USB] = (struct jailhouse_iommu_scope){
		.type = JAILHOUSE_SCOPE_PCI_ENDPOINT,
		.iommu = JAILHOUSE_SCOPE_OF_RMRR,
		.rmrr = 0,
		.bdf = 0x00a0,
	};
	sys.rmrrs[0] =
		(struct jailhouse_rmrr){ .base = RMRR_BASE, .size = RMRR_SIZE };
}

static int setup(void **state)
{
	(void)state;
	copy_builder_system();
	add_devices();
	add_dmar();
	fill_cell(&cell, "demo", 0x2, 0x3a600000);
	return 0;
}

static void expect_sys_refused(const char *expected)
{
	char msg[JAILHOUSE_MSG_MAX];

	assert_int_equal(jh_config_validate(&sys, sizeof(sys), msg,
					    sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, expected);
}

static void expect_sys_valid(void)
{
	char msg[JAILHOUSE_MSG_MAX];

	if (jh_config_validate(&sys, sizeof(sys), msg, sizeof(msg)))
		fail_msg("refused: %s", msg);
}

static int check_cell(char *msg)
{
	assert_int_equal(jh_config_validate(&cell, sizeof(cell), msg,
					    JAILHOUSE_MSG_MAX),
			 0);
	return cell_config_check(&sys.header, &cell.header, NULL, 0, msg,
				 JAILHOUSE_MSG_MAX);
}

static void expect_cell_refused(const char *expected)
{
	char msg[JAILHOUSE_MSG_MAX];

	expect_sys_valid();
	assert_int_equal(check_cell(msg), -EINVAL);
	assert_string_equal(msg, expected);
}

static void expect_cell_fits(void)
{
	char msg[JAILHOUSE_MSG_MAX];

	expect_sys_valid();
	if (check_cell(msg))
		fail_msg("refused: %s", msg);
}

/* ---- the system config ---- */

static void test_layout_and_valid_system(void **state)
{
	(void)state;
	assert_int_equal(jailhouse_system_config_size(&sys.header),
			 sizeof(sys));
	assert_ptr_equal(jailhouse_system_iommu_scopes(&sys.header),
			 sys.scopes);
	assert_ptr_equal(jailhouse_system_rmrrs(&sys.header), sys.rmrrs);
	expect_sys_valid();
}

static void test_old_revision_refused(void **state)
{
	(void)state;
	sys.header.revision = 3;
	expect_sys_refused("system config: revision is 3, this hypervisor "
			   "reads revision 5");
}

static void test_counts_and_size(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	sys.header.num_rmrrs = JAILHOUSE_MAX_RMRRS + 1;
	expect_sys_refused("system config: num_rmrrs is 33, more than the "
			   "maximum of 32");
	sys.header.num_rmrrs = 1;
	sys.header.num_iommu_scopes = JAILHOUSE_MAX_IOMMU_SCOPES + 1;
	expect_sys_refused("system config: num_iommu_scopes is 257, more "
			   "than the maximum of 256");
	/* one scope fewer than the bytes: the size says so */
	sys.header.num_iommu_scopes = NUM_SCOPES - 1;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), msg,
					    sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "the counts in the descriptor add up"));
}

static void test_scope_names_unknown_device(void **state)
{
	(void)state;
	sys.scopes[SC_USB].bdf = 0x00a8;
	expect_sys_refused("system config: IOMMU unit 0's device scope 0 "
			   "names PCI device 0000:00:15.0, which the system "
			   "config does not list");
}

static void test_bridge_scope_names_no_bridge(void **state)
{
	(void)state;
	sys.scopes[SC_BRIDGE].bdf = 0x00a0;
	expect_sys_refused("system config: IOMMU unit 0's device scope 1 "
			   "names PCI bridge 0000:00:14.0, which the system "
			   "config does not list as one");
	sys.scopes[SC_BRIDGE].bdf = 0x00f0;
	sys.scopes[SC_BRIDGE].secondary_bus = 0;
	expect_sys_refused("system config: IOMMU unit 0's device scope 1: "
			   "bridge 0000:00:1e.0 has buses 00-02, not below its "
			   "own bus");
}

static void test_scope_and_device_disagree_on_the_unit(void **state)
{
	(void)state;
	sys.header.platform.num_iommu_units = 2;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[1].base = 0xfed91000;
	sys.header.platform.iommu_units[1].size = 0x1000;
	expect_sys_valid();
	sys.pci[DEV_USB].iommu = 1;
	expect_sys_refused("system config: IOMMU unit 0's device scope 0 "
			   "names PCI device 0000:00:14.0, but the device's "
			   "entry names IOMMU unit 1");
}

static void test_scope_owner(void **state)
{
	(void)state;
	sys.scopes[SC_HPET].iommu = 3;
	expect_sys_refused("system config: IOMMU unit 3's device scope 3 "
			   "names IOMMU unit 3, but the system has 1");
	sys.scopes[SC_HPET].iommu = 0;
	sys.scopes[SC_HPET].segment = 1;
	expect_sys_refused("system config: IOMMU unit 0's device scope 3 is "
			   "in PCI segment 1, its owner in 0");
	sys.scopes[SC_HPET].segment = 0;
	sys.scopes[SC_RMRR_USB].rmrr = 1;
	expect_sys_refused("system config: RMRR 1's device scope 4 names "
			   "RMRR 1, but the system has 1");
	sys.scopes[SC_RMRR_USB].rmrr = 0;
	sys.scopes[SC_RMRR_USB].type = JAILHOUSE_SCOPE_HPET;
	expect_sys_refused("system config: RMRR 0's device scope 4 has type "
			   "4; an RMRR's scope is a PCI endpoint or bridge");
	sys.scopes[SC_RMRR_USB].type = 7;
	expect_sys_refused("system config: RMRR 0's device scope 4 has "
			   "unknown type 7");
	sys.scopes[SC_RMRR_USB].type = JAILHOUSE_SCOPE_PCI_ENDPOINT;
	sys.scopes[SC_RMRR_USB].bdf = 0x00a8;
	expect_sys_refused("system config: RMRR 0's device scope 4 names PCI "
			   "device 0000:00:15.0, which the system config does "
			   "not list");
}

/* The IOAPIC code reads the source ID from the irqchip. */
static void test_ioapic_scope(void **state)
{
	(void)state;
	sys.scopes[SC_IOAPIC].id = 5;
	expect_sys_refused("system config: IOMMU unit 0's device scope 2 "
			   "names IOAPIC 5, which the system config does not "
			   "list");
	sys.scopes[SC_IOAPIC].id = 4;
	sys.irqchips[0].iommu_source_id = 0xf0f9;
	expect_sys_refused("system config: IOMMU unit 0's device scope 2 "
			   "gives IOAPIC 4 source ID f0:1f.0 on IOMMU unit 0, "
			   "but root IOAPIC 0 says f0:1f.1 on unit 0");
}

/* A unit without INCLUDE_PCI_ALL translates only its scopes' devices. */
static void test_device_outside_its_units_scopes(void **state)
{
	(void)state;
	/* unit 1 for the bridge and bus 2 only, as its bridge scope says */
	sys.header.platform.num_iommu_units = 2;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[1].base = 0xfed91000;
	sys.header.platform.iommu_units[1].size = 0x1000;
	sys.scopes[SC_BRIDGE].iommu = 1;
	sys.pci[DEV_BRIDGE].iommu = 1;
	sys.pci[DEV_BEHIND_0].iommu = 1;
	sys.pci[DEV_BEHIND_1].iommu = 1;
	expect_sys_valid();
	sys.pci[DEV_BEHIND_0].bdf = 0x0300;
	expect_sys_refused("system config: root PCI device 5 (0000:03:00.0) "
			   "names IOMMU unit 1, which has no INCLUDE_PCI_ALL "
			   "and no device scope covering it");
	/* on the catch-all unit it is covered */
	sys.pci[DEV_BEHIND_0].iommu = 0;
	expect_sys_valid();
	/* unit 0 without INCLUDE_PCI_ALL covers only 00:14.0 */
	sys.header.platform.iommu_units[0].flags = 0;
	expect_sys_refused("system config: root PCI device 0 (0000:00:00.0) "
			   "names IOMMU unit 0, which has no INCLUDE_PCI_ALL "
			   "and no device scope covering it");
}

static void test_rmrr_ranges(void **state)
{
	(void)state;
	sys.rmrrs[0].size = 0x800;
	expect_sys_refused("system config: RMRR 0 0x39e00000+0x800 is empty, "
			   "not page aligned or beyond the physical address "
			   "space");
	sys.rmrrs[0].size = RMRR_SIZE;
	sys.rmrrs[0].base = 0x3a100000;
	expect_sys_refused("system config: RMRR 0 0x3a100000+0x20000 overlaps "
			   "the hypervisor memory; its devices' firmware DMAs "
			   "there");
}

static void test_dma_alias_needs_its_flag(void **state)
{
	(void)state;
	sys.pci[DEV_USB].dma_alias = 0x00f0;
	expect_sys_refused("system config: root PCI device 3 (00:14.0) has "
			   "dma_alias 0x00f0 without "
			   "JAILHOUSE_PCI_FLAG_DMA_ALIAS");
}

/* ---- cells ---- */

static void test_rmrr_device_stays_with_the_root(void **state)
{
	(void)state;
	cell.pci[0] = sys.pci[DEV_USB];
	expect_cell_refused("cell \"demo\": PCI device 0000:00:14.0 is in the "
			    "scope of RMRR 0 (0x39e00000+0x20000): its "
			    "firmware DMAs there, so it stays with the root "
			    "cell");
	/* an RMRR scope of a bridge covers the devices below it */
	sys.scopes[SC_RMRR_USB].type = JAILHOUSE_SCOPE_PCI_BRIDGE;
	sys.scopes[SC_RMRR_USB].bdf = 0x00f0;
	sys.scopes[SC_RMRR_USB].secondary_bus = 2;
	sys.scopes[SC_RMRR_USB].subordinate_bus = 2;
	cell.pci[0] = sys.pci[DEV_BEHIND_1];
	expect_cell_refused("cell \"demo\": PCI device 0000:02:01.0 is in the "
			    "scope of RMRR 0 (0x39e00000+0x20000): its "
			    "firmware DMAs there, so it stays with the root "
			    "cell");
}

static void test_no_cell_maps_an_rmrr(void **state)
{
	(void)state;
	cell.mem[0].phys_start = RMRR_BASE + RMRR_SIZE - 0x1000;
	expect_cell_refused("cell \"demo\": memory region 0 "
			    "(0x39e1f000+0x100000) overlaps RMRR 0 "
			    "0x39e00000+0x20000, where root devices' firmware "
			    "DMAs");
	cell.mem[0].phys_start = RMRR_BASE + RMRR_SIZE;
	expect_cell_fits();
}

/* The sample cell with a second PCI device behind its first. */
static struct cell2 {
	struct test_cell c;
	struct jailhouse_pci_device pci1;
} JH_PACKED cell2;

static int check_cell2(char *msg)
{
	if (jh_config_validate(&cell2, sizeof(cell2), msg, JAILHOUSE_MSG_MAX))
		return -1;
	return cell_config_check(&sys.header, &cell2.c.header, NULL, 0, msg,
				 JAILHOUSE_MSG_MAX);
}

static void give_cell(unsigned int a, unsigned int b)
{
	cell2.c = cell;
	cell2.c.header.num_pci_devices = 2;
	cell2.c.pci[0] = sys.pci[a];
	cell2.pci1 = sys.pci[b];
	/* a cell's entry lists its own capabilities: none here */
	cell2.c.pci[0].num_caps = cell2.pci1.num_caps = 0;
}

/*
 * The system without IOMMU units under the unsafe opt-in, where a cell
 * may take physical devices today: the unit scopes become scopes of the
 * RMRR's, of 00:00.0.
 */
static void unsafe_without_units(void)
{
	unsigned int n;

	sys.header.platform.num_iommu_units = 0;
	sys.header.platform.iommu_ir_order = 0;
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	for (n = 0; n < NUM_SCOPES; n++)
		if (n != SC_RMRR_USB)
			sys.scopes[n] = (struct jailhouse_iommu_scope){
				.type = JAILHOUSE_SCOPE_PCI_ENDPOINT,
				.iommu = JAILHOUSE_SCOPE_OF_RMRR,
			};
}

static void expect_cell2(int err, const char *expected)
{
	char msg[JAILHOUSE_MSG_MAX];

	expect_sys_valid();
	int got = check_cell2(msg);

	assert_string_equal(msg, expected);
	assert_int_equal(got, err);
}

static void test_alias_group_goes_together(void **state)
{
	(void)state;
	cell.pci[0] = sys.pci[DEV_BEHIND_0];
	expect_cell_refused("cell \"demo\": PCI device 0000:02:00.0 shares "
			    "its requester ID with PCI device 0000:02:01.0, "
			    "which the cell does not list; the IOMMU cannot "
			    "keep them apart: give both to one cell");
	/* both: the group is whole, and DMA and interrupt remapping
	 * confine them (CELL_CONFIG_DMA_REMAPPING) */
	give_cell(DEV_BEHIND_0, DEV_BEHIND_1);
	expect_cell2(0, "");
	/* and without IOMMU units under the unsafe opt-in, both fit */
	unsafe_without_units();
	expect_cell2(0, "");
	cell.pci[0] = sys.pci[DEV_BEHIND_1];
	expect_cell_refused("cell \"demo\": PCI device 0000:02:01.0 shares "
			    "its requester ID with PCI device 0000:02:00.0, "
			    "which the cell does not list; the IOMMU cannot "
			    "keep them apart: give both to one cell");
	/* another alias is another group */
	sys.pci[DEV_BEHIND_0].dma_alias = 0x0200;
	expect_cell_fits();
}

static void test_functions_without_acs_go_together(void **state)
{
	(void)state;
	cell.pci[0] = sys.pci[DEV_SIBLING];
	expect_cell_refused("cell \"demo\": PCI device 0000:00:01.2 reaches, "
			    "without ACS, PCI device 0000:00:01.1, which the "
			    "cell does not list; the IOMMU cannot keep them "
			    "apart: give both to one cell");
	unsafe_without_units();
	give_cell(1, DEV_SIBLING);
	expect_cell2(0, "");
	/* one function with ACS breaks the group */
	sys.pci[1].flags &= ~JAILHOUSE_PCI_FLAG_NO_ACS;
	expect_cell_fits();
}

#define T(name) cmocka_unit_test_setup(name, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_layout_and_valid_system),
		T(test_old_revision_refused),
		T(test_counts_and_size),
		T(test_scope_names_unknown_device),
		T(test_bridge_scope_names_no_bridge),
		T(test_scope_and_device_disagree_on_the_unit),
		T(test_scope_owner),
		T(test_ioapic_scope),
		T(test_device_outside_its_units_scopes),
		T(test_rmrr_ranges),
		T(test_dma_alias_needs_its_flag),
		T(test_rmrr_device_stays_with_the_root),
		T(test_no_cell_maps_an_rmrr),
		T(test_alias_group_goes_together),
		T(test_functions_without_acs_go_together),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
