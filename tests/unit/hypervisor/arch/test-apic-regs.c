// SPDX-License-Identifier: GPL-2.0
/*
 * arch/apic-regs.c: which of a non-root cell's local APIC registers reach
 * the hardware and which are its own copies, in xAPIC and x2APIC mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "apic-regs.h"
#include <common/env.h>

#define R 0
#define W 1
#define XAPIC 0
#define X2APIC 1
#define NMI_DELIVERY 0x400
#define SMI_DELIVERY 0x200
#define INIT_DELIVERY 0x500
#define EXTINT_DELIVERY 0x700

static void expect(unsigned int offset, int is_write, __u32 value, int x2apic,
		   enum apic_reg_action action)
{
	enum apic_reg_action got =
		apic_reg_decide(offset, is_write, value, x2apic);

	if (got != action)
		fail_msg("offset 0x%x %s 0x%x (%s): %d, expected %d", offset,
			 is_write ? "write" : "read", value,
			 x2apic ? "x2APIC" : "xAPIC", got, action);
}

/* EOI, TPR, SVR, ESR and the timer only touch the cell's own CPU. */
static void test_safe_registers_reach_hardware(void **state)
{
	static const unsigned int safe[] = {
		APIC_REG_EOI,	    APIC_REG_TPR,	APIC_REG_SVR,
		APIC_REG_ESR,	    APIC_REG_LVT_TIMER, APIC_REG_LVT_ERROR,
		APIC_REG_TIMER_ICR, APIC_REG_TIMER_DCR,
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(safe) / sizeof(safe[0]); n++) {
		expect(safe[n], W, 0x1234, XAPIC, APIC_REG_HARDWARE);
		expect(safe[n], W, 0x1234, X2APIC, APIC_REG_HARDWARE);
		expect(safe[n], R, 0, XAPIC, APIC_REG_HARDWARE);
	}
}

/* The ID (another CPU's interrupts), LDR and DFR (the IPI filter) never
 * reach the hardware in xAPIC mode: written and read as copies. */
static void test_id_ldr_dfr_virtual_in_xapic(void **state)
{
	(void)state;
	expect(APIC_REG_ID, W, 0, XAPIC, APIC_REG_VIRTUAL);
	expect(APIC_REG_ID, R, 0, XAPIC, APIC_REG_VIRTUAL);
	expect(APIC_REG_LDR, W, 0x01000000, XAPIC, APIC_REG_VIRTUAL);
	expect(APIC_REG_LDR, R, 0, XAPIC, APIC_REG_VIRTUAL);
	expect(APIC_REG_DFR, W, 0x0fffffff, XAPIC, APIC_REG_VIRTUAL);
	expect(APIC_REG_DFR, R, 0, XAPIC, APIC_REG_VIRTUAL);
}

/* x2APIC: ID and LDR are read-only (a write is #GP), DFR is gone. */
static void test_x2apic_id_ldr_read_only(void **state)
{
	(void)state;
	expect(APIC_REG_ID, R, 0, X2APIC, APIC_REG_HARDWARE);
	expect(APIC_REG_ID, W, 0, X2APIC, APIC_REG_REFUSE);
	expect(APIC_REG_LDR, R, 0, X2APIC, APIC_REG_HARDWARE);
	expect(APIC_REG_LDR, W, 0, X2APIC, APIC_REG_REFUSE);
	expect(APIC_REG_DFR, R, 0, X2APIC, APIC_REG_REFUSE);
	expect(APIC_REG_ICR_HIGH, W, 0, X2APIC, APIC_REG_REFUSE);
	expect(APIC_REG_SELF_IPI, W, 0x40, X2APIC, APIC_REG_HARDWARE);
	expect(APIC_REG_SELF_IPI, W, 0x40, XAPIC, APIC_REG_REFUSE);
}

/* LINT0/LINT1 (ExtINT, NMI of the platform) are copies whatever the
 * delivery mode, in both modes. */
static void test_lint_always_virtual(void **state)
{
	static const __u32 values[] = { 0x10000, 0x31, NMI_DELIVERY,
					EXTINT_DELIVERY, SMI_DELIVERY };
	unsigned int n;

	(void)state;
	for (n = 0; n < 5; n++) {
		expect(APIC_REG_LVT_LINT0, W, values[n], XAPIC,
		       APIC_REG_VIRTUAL);
		expect(APIC_REG_LVT_LINT1, W, values[n], XAPIC,
		       APIC_REG_VIRTUAL);
		expect(APIC_REG_LVT_LINT0, W, values[n], X2APIC,
		       APIC_REG_VIRTUAL);
		expect(APIC_REG_LVT_LINT1, W, values[n], X2APIC,
		       APIC_REG_VIRTUAL);
	}
	expect(APIC_REG_LVT_LINT1, R, 0, XAPIC, APIC_REG_VIRTUAL);
}

/* Thermal, perf, CMCI: fixed delivery reaches the hardware, any other
 * mode is kept and the hardware gets the LVT masked. */
static void test_lvt_delivery_modes(void **state)
{
	static const unsigned int lvts[] = { APIC_REG_LVT_CMCI,
					     APIC_REG_LVT_THERMAL,
					     APIC_REG_LVT_PERF };
	unsigned int n;

	(void)state;
	for (n = 0; n < 3; n++) {
		expect(lvts[n], W, 0xf0, XAPIC, APIC_REG_HARDWARE);
		expect(lvts[n], W, 0x100f0, X2APIC, APIC_REG_HARDWARE);
		expect(lvts[n], W, NMI_DELIVERY, XAPIC, APIC_REG_LVT_MASKED);
		expect(lvts[n], W, SMI_DELIVERY, X2APIC, APIC_REG_LVT_MASKED);
		expect(lvts[n], W, INIT_DELIVERY, XAPIC, APIC_REG_LVT_MASKED);
		expect(lvts[n], W, EXTINT_DELIVERY, XAPIC, APIC_REG_LVT_MASKED);
		expect(lvts[n], R, 0, XAPIC, APIC_REG_VIRTUAL);
	}
}

static void test_icr_and_read_only(void **state)
{
	(void)state;
	expect(APIC_REG_ICR_LOW, W, 0x4fd, XAPIC, APIC_REG_SEND_IPI);
	expect(APIC_REG_ICR_HIGH, W, 0, XAPIC, APIC_REG_SAVE_HIGH);
	expect(APIC_REG_ICR_LOW, R, 0, XAPIC, APIC_REG_HARDWARE);
	/* ISR, IRR, version, PPR, current count: writes ignored in xAPIC
	 * (as the hardware does), #GP in x2APIC */
	expect(0x100, W, 1, XAPIC, APIC_REG_IGNORE);
	expect(0x270, W, 1, XAPIC, APIC_REG_IGNORE);
	expect(APIC_REG_VERSION, W, 1, XAPIC, APIC_REG_IGNORE);
	expect(APIC_REG_TIMER_CCR, W, 1, X2APIC, APIC_REG_REFUSE);
	expect(0x200, W, 1, X2APIC, APIC_REG_REFUSE);
	/* reserved offsets: nothing reaches the hardware */
	expect(0x040, W, 1, XAPIC, APIC_REG_IGNORE);
	expect(0x3c0, W, 1, XAPIC, APIC_REG_IGNORE);
	/* not a register */
	expect(0x024, R, 0, XAPIC, APIC_REG_REFUSE);
	expect(0x400, W, 0, XAPIC, APIC_REG_REFUSE);
}

static void test_copies_and_reset(void **state)
{
	struct apic_virtual v;

	(void)state;
	memset(&v, 0xa5, sizeof(v));
	apic_virtual_reset(&v, 6);
	assert_int_equal(*apic_virtual_reg(&v, APIC_REG_ID), 6U << 24);
	assert_int_equal(*apic_virtual_reg(&v, APIC_REG_LDR), 0);
	assert_int_equal(*apic_virtual_reg(&v, APIC_REG_DFR), 0xffffffff);
	assert_int_equal(*apic_virtual_reg(&v, APIC_REG_LVT_LINT0),
			 APIC_LVT_MASK);
	assert_int_equal(*apic_virtual_reg(&v, APIC_REG_LVT_LINT1),
			 APIC_LVT_MASK);
	assert_int_equal(*apic_virtual_reg(&v, APIC_REG_LVT_PERF),
			 APIC_LVT_MASK);
	assert_null(apic_virtual_reg(&v, APIC_REG_EOI));
	assert_int_equal(apic_virtual_cluster(&v), 0);
	*apic_virtual_reg(&v, APIC_REG_DFR) = 0x0fffffff;
	*apic_virtual_reg(&v, APIC_REG_LDR) = 0x21000000;
	assert_int_equal(apic_virtual_cluster(&v), 1);
	assert_int_equal(apic_virtual_logical_id(&v), 0x21);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_safe_registers_reach_hardware),
		cmocka_unit_test(test_id_ldr_dfr_virtual_in_xapic),
		cmocka_unit_test(test_x2apic_id_ldr_read_only),
		cmocka_unit_test(test_lint_always_virtual),
		cmocka_unit_test(test_lvt_delivery_modes),
		cmocka_unit_test(test_icr_and_read_only),
		cmocka_unit_test(test_copies_and_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
