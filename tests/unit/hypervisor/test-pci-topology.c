// SPDX-License-Identifier: GPL-2.0
/*
 * pci-topology.c: which functions share a requester ID.  The machine: a
 * root port 00:1c.0 (bus 1-4) with a PCIe switch below it, a
 * PCIe-to-PCI bridge 02:00.0 (bus 3-4) behind the switch, a conventional
 * PCI-to-PCI bridge 03:02.0 (bus 4) behind that; endpoints everywhere,
 * and a device 00:03 with phantom functions enabled in function 0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "pci-topology.h"

#define BDF(b, d, f) ((__u16)((b) << 8 | (d) << 3 | (f)))

static const struct pci_function fns[] = {
	{ .bdf = BDF(0, 0x1c, 0),
	  .is_bridge = 1,
	  .secondary = 1,
	  .subordinate = 4 }, /* root port: own IDs below it */
	{ .bdf = BDF(1, 0, 0),
	  .is_bridge = 1,
	  .secondary = 2,
	  .subordinate = 4 }, /* switch upstream port */
	{ .bdf = BDF(2, 0, 0),
	  .is_bridge = 1,
	  .rid_bridge = 1,
	  .secondary = 3,
	  .subordinate = 4 }, /* PCIe-to-PCI */
	{ .bdf = BDF(3, 1, 0) },
	{ .bdf = BDF(3, 2, 0),
	  .is_bridge = 1,
	  .rid_bridge = 1,
	  .secondary = 4,
	  .subordinate = 4 }, /* conventional */
	{ .bdf = BDF(4, 5, 0) },
	{ .bdf = BDF(2, 1, 0) }, /* beside the PCIe-to-PCI bridge */
	{ .bdf = BDF(0, 2, 0) },
	{ .bdf = BDF(0, 3, 0), .phantom = 1 },
	{ .bdf = BDF(0, 3, 1) },
	{ .bdf = BDF(0, 4, 0) },
	{ .bdf = BDF(0, 4, 1) }, /* multi-function, no phantoms */
};
#define N (sizeof(fns) / sizeof(fns[0]))

static struct pci_rid_group group(__u16 bdf)
{
	struct pci_rid_group g;

	pci_rid_group_of(fns, N, bdf, &g);
	return g;
}

static void test_own_id_on_bus_0_and_below_pcie_ports(void **state)
{
	struct pci_rid_group g = group(BDF(0, 2, 0));

	(void)state;
	assert_int_equal(g.bridge, -1);
	assert_false(pci_rid_group_has(&g, BDF(0, 4, 0)));
	g = group(BDF(2, 1, 0));
	assert_int_equal(g.bridge, -1);
	assert_false(pci_rid_group_has(&g, BDF(3, 1, 0)));
	/* functions of one device without phantoms: their own IDs */
	g = group(BDF(0, 4, 0));
	assert_false(pci_rid_group_has(&g, BDF(0, 4, 1)));
}

static void test_behind_a_pcie_to_pci_bridge_all_share(void **state)
{
	struct pci_rid_group g = group(BDF(3, 1, 0));

	(void)state;
	assert_int_equal(g.bridge, 2);
	assert_true(pci_rid_group_has(&g, BDF(4, 5, 0)));
	assert_true(pci_rid_group_has(&g, BDF(3, 2, 0)));
	assert_false(pci_rid_group_has(&g, BDF(2, 1, 0)));
	/* from below the nested conventional bridge: the outermost */
	g = group(BDF(4, 5, 0));
	assert_int_equal(g.bridge, 2);
	assert_true(pci_rid_group_has(&g, BDF(3, 1, 0)));
}

static void test_phantom_functions_share_their_device(void **state)
{
	struct pci_rid_group g = group(BDF(0, 3, 1));

	(void)state;
	assert_true(pci_rid_group_has(&g, BDF(0, 3, 0)));
	assert_true(pci_rid_group_has(&g, BDF(0, 3, 7)));
	assert_false(pci_rid_group_has(&g, BDF(0, 4, 0)));
	assert_false(pci_rid_group_has(&g, BDF(3, 1, 0)));
}

static void test_a_bridge_without_bus_numbers_holds_nothing(void **state)
{
	static const struct pci_function unset[] = {
		{ .bdf = BDF(0, 5, 0), .is_bridge = 1, .rid_bridge = 1 },
		{ .bdf = BDF(0, 6, 0) },
	};
	struct pci_rid_group g;

	(void)state;
	pci_rid_group_of(unset, 2, BDF(0, 6, 0), &g);
	assert_int_equal(g.bridge, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_id_on_bus_0_and_below_pcie_ports),
		cmocka_unit_test(test_behind_a_pcie_to_pci_bridge_all_share),
		cmocka_unit_test(test_phantom_functions_share_their_device),
		cmocka_unit_test(
			test_a_bridge_without_bus_numbers_holds_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
