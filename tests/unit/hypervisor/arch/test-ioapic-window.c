// SPDX-License-Identifier: GPL-2.0
/*
 * arch/ioapic-filter.c, a non-root cell's side: which IOAPIC register a
 * cell may read or write (ioapic_window_decide), pin ownership, its view
 * of its own entries, and its EOI writes.  The cell's irqchip owns pins 3
 * and 10 of a 24-pin IOAPIC.  Also the Bochs scenario's cell config
 * (configs/x86/ioapic-pin.c): valid, fits bochs-sys.c, owns pin 10 only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/cell-config.h>
#include <common/config-validate.h>
#include <common/env.h>
#include "ioapic-filter.h"

#define config bochs_sys_config
#include "../../../../configs/x86/bochs-sys.c"
#undef config
#undef ARRAY_SIZE
#define config ioapic_pin_config
#include "../../../../configs/x86/ioapic-pin.c"
#undef config

#define PINS 24
#define RTE_LOW(pin) (IOAPIC_REG_RTE + 2 * (pin))
#define RTE_HIGH(pin) (IOAPIC_REG_RTE + 2 * (pin) + 1)

static const struct jailhouse_irqchip chip = {
	.address = 0xfec00000,
	.num_pins = PINS,
	.pin_bitmap = { (1U << 3) | (1U << 10) },
};

static struct ioapic_window_access decide(__u8 index, int is_write)
{
	struct ioapic_window_access acc;

	memset(&acc, 0x5a, sizeof(acc)); /* every field must be set */
	ioapic_window_decide(&chip, PINS, index, is_write, &acc);
	return acc;
}

static void expect_refused(__u8 index, const char *reason)
{
	struct ioapic_window_access acc = decide(index, 1);

	assert_int_equal(acc.verdict, IOAPIC_WINDOW_REFUSED);
	assert_non_null(acc.reason);
	assert_non_null(strstr(acc.reason, reason));
}

static void expect_read(__u8 index, __u32 value)
{
	struct ioapic_window_access acc = decide(index, 0);

	assert_int_equal(acc.verdict, IOAPIC_WINDOW_READ_VALUE);
	assert_int_equal(acc.value, value);
}

static void test_pin_ownership(void **state)
{
	struct jailhouse_irqchip wide = {
		.num_pins = 200,
		.pin_bitmap = { 0, 0, 0, 0x80000000 },
	};
	struct jailhouse_irqchip narrow = { .num_pins = 8,
					    .pin_bitmap = { 0x300 } };

	(void)state;
	assert_true(ioapic_pin_owned(&chip, 3));
	assert_true(ioapic_pin_owned(&chip, 10));
	assert_false(ioapic_pin_owned(&chip, 2));
	assert_false(ioapic_pin_owned(&chip, 11));
	assert_false(ioapic_pin_owned(NULL, 3));
	/* bits beyond num_pins do not count */
	assert_false(ioapic_pin_owned(&narrow, 8));
	assert_false(ioapic_pin_owned(&narrow, 9));
	/* the last bit of the bitmap counts, nothing behind it */
	assert_true(ioapic_pin_owned(&wide, 127));
	assert_false(ioapic_pin_owned(&wide, 128));
	assert_false(ioapic_pin_owned(&wide, 199));
}

static void test_registers_are_read_through(void **state)
{
	__u8 index;

	(void)state;
	for (index = IOAPIC_REG_ID; index <= IOAPIC_REG_ARBITRATION; index++)
		assert_int_equal(decide(index, 0).verdict,
				 IOAPIC_WINDOW_READ_REGISTER);
	/* undefined registers read 0, the IOAPIC is not asked */
	expect_read(0x03, 0);
	expect_read(0x0f, 0);
}

static void test_writes_to_registers_are_refused(void **state)
{
	(void)state;
	expect_refused(IOAPIC_REG_ID, "not the IOAPIC's ID");
	expect_refused(IOAPIC_REG_VERSION, "not the IOAPIC's ID");
	expect_refused(IOAPIC_REG_ARBITRATION, "arbitration");
	expect_refused(0x0f, "only the redirection entries of its own pins");
}

static void test_own_pins(void **state)
{
	struct ioapic_window_access acc;

	(void)state;
	acc = decide(RTE_LOW(3), 0);
	assert_int_equal(acc.verdict, IOAPIC_WINDOW_READ_ENTRY);
	assert_int_equal(acc.pin, 3);
	assert_int_equal(acc.high, 0);
	acc = decide(RTE_HIGH(10), 0);
	assert_int_equal(acc.verdict, IOAPIC_WINDOW_READ_ENTRY);
	assert_int_equal(acc.pin, 10);
	assert_int_equal(acc.high, 1);
	acc = decide(RTE_LOW(10), 1);
	assert_int_equal(acc.verdict, IOAPIC_WINDOW_WRITE_ENTRY);
	assert_int_equal(acc.pin, 10);
	assert_int_equal(acc.high, 0);
	acc = decide(RTE_HIGH(3), 1);
	assert_int_equal(acc.verdict, IOAPIC_WINDOW_WRITE_ENTRY);
	assert_int_equal(acc.pin, 3);
	assert_int_equal(acc.high, 1);
}

static void test_foreign_pins_read_masked(void **state)
{
	(void)state;
	expect_read(RTE_LOW(0), 0x10000);
	expect_read(RTE_HIGH(0), 0);
	expect_read(RTE_LOW(2), 0x10000);
	expect_read(RTE_HIGH(11), 0);
	expect_read(RTE_LOW(PINS - 1), 0x10000);
	/* behind the last entry: nothing there */
	expect_read(RTE_LOW(PINS), 0);
	expect_read(0xff, 0);
}

static void test_writes_to_foreign_pins_are_refused(void **state)
{
	(void)state;
	expect_refused(RTE_LOW(2), "pin the cell does not own");
	expect_refused(RTE_HIGH(2), "pin the cell does not own");
	expect_refused(RTE_LOW(0), "pin the cell does not own");
	expect_refused(RTE_HIGH(PINS - 1), "pin the cell does not own");
	expect_refused(RTE_LOW(PINS), "no such redirection entry");
	expect_refused(0xff, "no such redirection entry");
}

static void test_cell_without_irqchip_owns_nothing(void **state)
{
	struct ioapic_window_access acc;

	(void)state;
	ioapic_window_decide(NULL, PINS, RTE_LOW(3), 1, &acc);
	assert_int_equal(acc.verdict, IOAPIC_WINDOW_REFUSED);
	ioapic_window_decide(NULL, PINS, RTE_LOW(3), 0, &acc);
	assert_int_equal(acc.verdict, IOAPIC_WINDOW_READ_VALUE);
	assert_int_equal(acc.value, 0x10000);
}

static void test_entry_halves(void **state)
{
	__u64 entry = 0x0100000000018031ULL; /* dest 1, masked, level */

	(void)state;
	assert_int_equal(ioapic_entry_set_half(entry, 0, 0x41),
			 0x0100000000000041ULL);
	assert_int_equal(ioapic_entry_set_half(entry, 1, 0x03000000),
			 0x0300000000018031ULL);
	assert_int_equal(ioapic_entry_read_half(entry, 1, 0xffffffff),
			 0x01000000);
	/* status bits from the IOAPIC, everything else as written */
	assert_int_equal(ioapic_entry_read_half(entry, 0, 0), 0x18031);
	assert_int_equal(ioapic_entry_read_half(entry, 0, 0xffffffff),
			 0x18031 | IOAPIC_RTE_REMOTE_IRR |
				 IOAPIC_RTE_DELIVERY_STATUS);
	assert_int_equal(ioapic_entry_read_half(entry | IOAPIC_RTE_REMOTE_IRR,
						0, 0),
			 0x18031);
}

#define LEVEL IOAPIC_RTE_TRIGGER_LEVEL

static void test_eoi_only_for_own_vectors(void **state)
{
	__u64 entries[PINS] = { 0 };

	(void)state;
	entries[3] = LEVEL | 0x31;
	entries[10] = IOAPIC_RTE_MASKED | LEVEL | 0x52;
	entries[2] = LEVEL | 0x31; /* the root's pin, the same vector */
	assert_true(ioapic_eoi_pin(&chip, entries, PINS, 3, 0x31));
	assert_true(ioapic_eoi_pin(&chip, entries, PINS, 10, 0x52));
	/* only the vector bits count */
	assert_true(ioapic_eoi_pin(&chip, entries, PINS, 3, 0xff00031));
	/* the root's level-triggered pin 2 shares 0x31: never the cell's */
	assert_false(ioapic_eoi_pin(&chip, entries, PINS, 2, 0x31));
	assert_false(ioapic_eoi_pin(&chip, entries, PINS, 3, 0x30));
	assert_false(ioapic_eoi_pin(&chip, entries, PINS, 10, 0x99));
	/* an edge-triggered entry has no remote IRR to clear */
	entries[3] = 0x31;
	assert_false(ioapic_eoi_pin(&chip, entries, PINS, 3, 0x31));
	/* vector 0 of entries it never wrote, and exception vectors */
	entries[3] = LEVEL;
	assert_false(ioapic_eoi_pin(&chip, entries, PINS, 3, 0));
	entries[3] = LEVEL | 0x0e;
	assert_false(ioapic_eoi_pin(&chip, entries, PINS, 3, 0x0e));
	assert_false(ioapic_eoi_pin(NULL, entries, PINS, 10, 0x52));
	/* a pin behind num_pins is not looked at */
	assert_false(ioapic_eoi_pin(&chip, entries, 10, 10, 0x52));
}

static void test_scenario_config_owns_pin_10(void **state)
{
	const struct jailhouse_irqchip *c =
		jailhouse_cell_irqchips(&ioapic_pin_config.cell);
	char msg[JAILHOUSE_MSG_MAX];
	unsigned int pin;

	(void)state;
	if (jh_config_validate(&ioapic_pin_config, sizeof(ioapic_pin_config),
			       msg, sizeof(msg)))
		fail_msg("ioapic-pin.c: %s", msg);
	if (cell_config_check(&bochs_sys_config.header, &ioapic_pin_config.cell,
			      NULL, 0, msg, sizeof(msg)))
		fail_msg("ioapic-pin.c on bochs-sys.c: %s", msg);
	assert_int_equal(ioapic_pin_config.cell.num_irqchips, 1);
	assert_int_equal(c->address, bochs_sys_config.irqchips[0].address);
	for (pin = 0; pin < JAILHOUSE_IRQCHIP_MAX_PINS; pin++)
		assert_int_equal(ioapic_pin_owned(c, pin), pin == 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pin_ownership),
		cmocka_unit_test(test_registers_are_read_through),
		cmocka_unit_test(test_writes_to_registers_are_refused),
		cmocka_unit_test(test_own_pins),
		cmocka_unit_test(test_foreign_pins_read_masked),
		cmocka_unit_test(test_writes_to_foreign_pins_are_refused),
		cmocka_unit_test(test_cell_without_irqchip_owns_nothing),
		cmocka_unit_test(test_entry_halves),
		cmocka_unit_test(test_eoi_only_for_own_vectors),
		cmocka_unit_test(test_scenario_config_owns_pin_10),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
