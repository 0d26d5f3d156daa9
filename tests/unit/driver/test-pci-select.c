// SPDX-License-Identifier: GPL-2.0
/* Host tests of driver/pci-select.c: which devices Linux hands to a cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jailhouse/fault.h>

#include "pci-select.h"

struct test_cell {
	struct jailhouse_cell_desc cell;
	__u8 cpus[8];
	struct jailhouse_memory mem[1];
	struct jailhouse_irqchip chips[2];
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
	strcpy(t.cell.name, "nic");
	/* Both slots are in the layout; a chip with 0 pins has no GSI. */
	t.cell.num_irqchips = 2;
	return 0;
}

/* A cell with one IOAPIC (GSI 0-23) that gives it pins 5 and 10. */
static int setup_irqchip(void **state)
{
	setup(state);
	t.chips[0].address = 0xfec00000;
	t.chips[0].num_pins = 24;
	t.chips[0].pin_bitmap[0] = (1u << 5) | (1u << 10);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0018);
	return 0;
}

static char msg[JAILHOUSE_MSG_MAX];

static int check_intx(unsigned int gsi)
{
	memset(msg, 0, sizeof(msg));
	return jailhouse_pci_check_intx(&t.cell, &t.pci[0], "0000:00:03.0", gsi,
					msg, sizeof(msg));
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

static void selected_devices_remember_their_config_entry(void **state)
{
	(void)state;
	add_device(JAILHOUSE_PCI_TYPE_IVSHMEM, 0, 0x0068);
	add_device(JAILHOUSE_PCI_TYPE_DEVICE, 0, 0x0010);
	assert_int_equal(jailhouse_pci_select(&t.cell, slots, 8), 1);
	assert_int_equal(slots[0].index, 1);
	assert_true(jailhouse_pci_slot_listed(slots, 1, 0, 0x0010));
	assert_false(jailhouse_pci_slot_listed(slots, 1, 1, 0x0010));
	assert_false(jailhouse_pci_slot_listed(slots, 1, 0, 0x0068));
}

static void a_line_the_cell_owns_is_given(void **state)
{
	(void)state;
	assert_int_equal(check_intx(10), JAILHOUSE_INTX_GIVEN);
	assert_int_equal(check_intx(5), JAILHOUSE_INTX_GIVEN);
	assert_string_equal(msg, "");
}

static void a_line_the_cell_lacks_is_refused_naming_both_sides(void **state)
{
	(void)state;
	assert_int_equal(check_intx(11), -EINVAL);
	assert_string_equal(
		msg,
		"cell \"nic\": PCI device 0000:00:03.0 uses IRQ 11 (pin 11 of the IOAPIC at 0xfec00000), but the cell's config does not give it that pin (it gives pins: 5, 10)");
}

static void a_cell_without_pins_says_none(void **state)
{
	(void)state;
	t.chips[0].pin_bitmap[0] = 0;
	assert_int_equal(check_intx(9), -EINVAL);
	assert_non_null(strstr(msg, "(it gives pins: none)"));
}

static void the_pin_is_counted_from_the_ioapics_gsi_base(void **state)
{
	(void)state;
	t.chips[1] = t.chips[0];
	t.chips[1].address = 0xfec01000;
	t.chips[1].gsi_base = 24;
	t.chips[1].pin_bitmap[0] = 1u << 3;
	assert_int_equal(check_intx(27), JAILHOUSE_INTX_GIVEN);
	assert_int_equal(check_intx(29), -EINVAL);
	assert_non_null(strstr(msg, "pin 5 of the IOAPIC at 0xfec01000"));
	/* GSI 3 is pin 3 of the first IOAPIC, not of the second. */
	assert_int_equal(check_intx(3), -EINVAL);
}

static void a_gsi_on_no_ioapic_of_the_cell_is_refused(void **state)
{
	(void)state;
	assert_int_equal(check_intx(24), -EINVAL);
	assert_string_equal(
		msg,
		"cell \"nic\": PCI device 0000:00:03.0 uses IRQ 24, but none of the 2 IOAPICs in the cell's config has that GSI, so the cell cannot receive its interrupts");
	t.chips[0].num_pins = 0;
	assert_int_equal(check_intx(10), -EINVAL);
}

static void a_device_with_msi_and_no_pin_uses_msi_only(void **state)
{
	(void)state;
	t.pci[0].num_msix_vectors = 5;
	assert_int_equal(check_intx(11), JAILHOUSE_INTX_MSI_ONLY);
	assert_int_equal(check_intx(10), JAILHOUSE_INTX_GIVEN);
	t.pci[0].num_msix_vectors = 0;
	t.pci[0].num_msi_vectors = 1;
	assert_int_equal(check_intx(40), JAILHOUSE_INTX_MSI_ONLY);
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
		cmocka_unit_test_setup(selected_devices_remember_their_config_entry,
				       setup),
		cmocka_unit_test_setup(a_line_the_cell_owns_is_given,
				       setup_irqchip),
		cmocka_unit_test_setup(
			a_line_the_cell_lacks_is_refused_naming_both_sides,
			setup_irqchip),
		cmocka_unit_test_setup(a_cell_without_pins_says_none,
				       setup_irqchip),
		cmocka_unit_test_setup(the_pin_is_counted_from_the_ioapics_gsi_base,
				       setup_irqchip),
		cmocka_unit_test_setup(a_gsi_on_no_ioapic_of_the_cell_is_refused,
				       setup_irqchip),
		cmocka_unit_test_setup(a_device_with_msi_and_no_pin_uses_msi_only,
				       setup_irqchip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
