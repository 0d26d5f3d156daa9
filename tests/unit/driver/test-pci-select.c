// SPDX-License-Identifier: GPL-2.0
/* Host tests of driver/pci-select.c: which devices Linux hands to a cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "pci-select.h"

struct test_cell {
	struct jailhouse_cell_desc cell;
	__u8 cpus[8];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[6];
} JH_PACKED;

static struct test_cell t;
static struct jailhouse_pci_slot slots[8];

static void add_device(__u8 type, __u16 domain, __u16 bdf)
{
	struct jailhouse_pci_device *dev = &t.pci[t.cell.num_pci_devices++];

	dev->type = type;
	dev->domain = domain;
	dev->bdf = bdf;
}

static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	memset(slots, 0xee, sizeof(slots));
	t.cell.cpu_set_size = 8;
	t.cell.num_memory_regions = 1;
	return 0;
}

static void cell_without_devices_claims_nothing(void **state)
{
	(void)state;
	assert_int_equal(jailhouse_pci_select(&t.cell, slots, 8), 0);
}

static void physical_devices_are_claimed_in_config_order(void **state)
{
	(void)state;
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0010);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 1, 0x0308);
	assert_int_equal(jailhouse_pci_select(&t.cell, slots, 8), 2);
	assert_int_equal(slots[0].domain, 0);
	assert_int_equal(slots[0].bdf, 0x0010);
	assert_int_equal(slots[1].domain, 1);
	assert_int_equal(slots[1].bdf, 0x0308);
}

static void bridges_and_ivshmem_stay_with_linux(void **state)
{
	(void)state;
	add_device(JAILHOUSE_PCI_TYPE_BRIDGE, 0, 0x0008);
	add_device(JAILHOUSE_PCI_TYPE_IVSHMEM, 0, 0x0068);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0010);
	add_device(0x7f, 0, 0x0020); /* unknown types are not ours to take */
	assert_int_equal(jailhouse_pci_select(&t.cell, slots, 8), 1);
	assert_int_equal(slots[0].bdf, 0x0010);
}

static void a_device_listed_twice_is_claimed_once(void **state)
{
	(void)state;
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0010);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0010);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 1, 0x0010);
	assert_int_equal(jailhouse_pci_select(&t.cell, slots, 8), 2);
	assert_int_equal(slots[1].domain, 1);
}

static void too_small_output_is_an_error_not_an_overflow(void **state)
{
	(void)state;
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0010);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0018);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0020);
	assert_int_equal(jailhouse_pci_select(&t.cell, slots, 2), -E2BIG);
	assert_int_equal(slots[2].bdf, 0xeeee);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(cell_without_devices_claims_nothing,
				       setup),
		cmocka_unit_test_setup(physical_devices_are_claimed_in_config_order,
				       setup),
		cmocka_unit_test_setup(bridges_and_ivshmem_stay_with_linux,
				       setup),
		cmocka_unit_test_setup(a_device_listed_twice_is_claimed_once,
				       setup),
		cmocka_unit_test_setup(too_small_output_is_an_error_not_an_overflow,
				       setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
