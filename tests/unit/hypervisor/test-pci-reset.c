// SPDX-License-Identifier: GPL-2.0
/*
 * pci-reset.c: which reset a function gets when it leaves a cell, in
 * which order the generic ones are tried, and the device-specific stop of
 * the Intel gigabit controllers against a small register model of BAR 0
 * (one that can also refuse to stop, as a broken or hostile device
 * would).  Config space is an image; every write is logged in order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "pci-reset.h"
#include "pci-virt.h"

/* ---- config space: an image and a log of writes ---- */

struct write {
	unsigned int reg, size;
	__u32 value;
};

static __u8 cfg[4096];
static struct write cfg_log[32];
static unsigned int cfg_writes;

static __u32 cfg_read(void *ctx, unsigned int reg, unsigned int size)
{
	__u32 v = 0;
	unsigned int n;

	(void)ctx;
	for (n = 0; n < size; n++)
		v |= (__u32)cfg[reg + n] << 8 * n;
	return v;
}

static void cfg_write(void *ctx, unsigned int reg, unsigned int size,
		      __u32 value)
{
	unsigned int n;

	(void)ctx;
	for (n = 0; n < size; n++)
		cfg[reg + n] = value >> 8 * n;
	assert_true(cfg_writes < 32);
	cfg_log[cfg_writes++] = (struct write){ reg, size, value };
}

static const struct pci_hw hw = { .cfg_read = cfg_read,
				  .cfg_write = cfg_write };

static void put(unsigned int reg, unsigned int size, __u32 value)
{
	unsigned int n;

	for (n = 0; n < size; n++)
		cfg[reg + n] = value >> 8 * n;
}

/* capabilities from 0x40 on, each 0x10 bytes: ids in chain order */
static void device(__u32 id, const __u8 *caps, unsigned int num_caps)
{
	unsigned int n;

	memset(cfg, 0, sizeof(cfg));
	cfg_writes = 0;
	put(0x00, 4, id);
	put(0x04, 2, 0x0107); /* decoding, bus master, SERR# */
	if (!num_caps)
		return;
	put(0x06, 2, 0x0010);
	put(0x34, 1, 0x40);
	for (n = 0; n < num_caps; n++) {
		put(0x40 + 0x10 * n, 1, caps[n]);
		put(0x41 + 0x10 * n, 1, n + 1 < num_caps ? 0x50 + 0x10 * n : 0);
	}
}

/* ---- BAR 0 of an Intel gigabit controller ---- */

#define ICR 0x00c0
#define IMC 0x00d8
#define RCTL 0x0100
#define TCTL 0x0400
#define EN 0x2

static __u32 regs[0x1000 / 4];
static int stuck;	      /* the device keeps RCTL/TCTL.EN set */
static int decoding_seen;     /* memory decoding was on at each access */
static unsigned int accesses; /* BAR 0 accesses */
static __u32 icr_reads;

static void check_decoding(void)
{
	accesses++;
	decoding_seen &= (cfg_read(NULL, 0x04, 2) & 0x7) == 0x2;
}

static __u32 bar_read(void *ctx, unsigned int offset)
{
	(void)ctx;
	check_decoding();
	if (offset == ICR) {
		icr_reads++;
		return 0;
	}
	return regs[offset / 4];
}

static void bar_write(void *ctx, unsigned int offset, __u32 value)
{
	(void)ctx;
	check_decoding();
	if (stuck && (offset == RCTL || offset == TCTL))
		value |= EN;
	regs[offset / 4] = value;
}

static struct pci_bar_regs bar0 = { .read32 = bar_read,
				    .write32 = bar_write,
				    .size = 0x1000 };

static void running_nic(__u32 id)
{
	device(id, NULL, 0);
	memset(regs, 0, sizeof(regs));
	regs[RCTL / 4] = 0x04008002;
	regs[TCTL / 4] = 0x000400fa;
	stuck = 0;
	decoding_seen = 1;
	accesses = icr_reads = 0;
}

/* ---- generic resets ---- */

static void test_no_reset_without_a_capability_for_it(void **state)
{
	static const __u8 pcix[] = { 0x07 };
	struct pci_reset r;

	(void)state;
	device(0x12348086, pcix, 1);
	assert_int_equal(pci_dev_reset_start(&hw, &r), 0);
	assert_int_equal(r.method, PCI_RESET_NONE);
	assert_int_equal(pci_dev_reset_finish(&hw, &r), 0);
	assert_int_equal(cfg_writes, 0);
}

static void test_pcie_flr_first(void **state)
{
	static const __u8 caps[] = { 0x01, 0x10, 0x13 }; /* PM, PCIe, AF */
	struct pci_reset r;

	(void)state;
	device(0x10d38086, caps, 3);
	/* PCIe without FLR in Device Capabilities: the AF FLR next */
	put(0x62, 2, 0x0306);
	assert_int_equal(pci_dev_reset_start(&hw, &r), 100);
	assert_int_equal(r.method, PCI_RESET_AF_FLR);
	assert_int_equal(cfg_log[0].reg, 0x64);
	assert_int_equal(cfg_log[0].value, 0x01);
	/* with it: Initiate FLR in Device Control, the other bits kept */
	device(0x10d38086, caps, 3);
	put(0x54, 4, 1u << 28);
	put(0x58, 2, 0x2810);
	assert_int_equal(pci_dev_reset_start(&hw, &r), 100);
	assert_int_equal(r.method, PCI_RESET_FLR);
	assert_int_equal(cfg_writes, 1);
	assert_int_equal(cfg_read(NULL, 0x58, 2), 0xa810);
	assert_int_equal(pci_dev_reset_finish(&hw, &r), 0);
	assert_int_equal(cfg_writes, 1);
}

static void test_transactions_pending_from_pcie_device_status(void **state)
{
	static const __u8 pm_pcie[] = { 0x01, 0x10 };
	static const __u8 pm[] = { 0x01 };

	(void)state;
	device(0x10d38086, pm_pcie, 2);
	assert_false(pci_dev_transactions_pending(&hw));
	put(0x5a, 2, 0x0020);
	assert_true(pci_dev_transactions_pending(&hw));
	/* the same bits without PCIe mean nothing */
	device(0x100e8086, pm, 1);
	put(0x4a, 2, 0x0020);
	assert_false(pci_dev_transactions_pending(&hw));
}

static void test_af_flr_needs_its_flr_bit(void **state)
{
	static const __u8 caps[] = { 0x13 };
	struct pci_reset r;

	(void)state;
	device(0x12348086, caps, 1);
	put(0x42, 2, 0x0106); /* length 6, TP only */
	assert_int_equal(pci_dev_reset_start(&hw, &r), 0);
	assert_int_equal(cfg_writes, 0);
}

static void test_pm_reset_d3hot_and_back(void **state)
{
	static const __u8 caps[] = { 0x01 };
	struct pci_reset r;

	(void)state;
	device(0x100e8086, caps, 1);
	put(0x44, 2, 0x8100); /* D0, PME status pending, PME enable */
	assert_int_equal(pci_dev_reset_start(&hw, &r), 10);
	assert_int_equal(r.method, PCI_RESET_PM);
	/* D3hot; PME status (RW1C) written as 0, PME enable kept */
	assert_int_equal(cfg_log[0].reg, 0x44);
	assert_int_equal(cfg_log[0].value, 0x0103);
	assert_int_equal(pci_dev_reset_finish(&hw, &r), 10);
	assert_int_equal(cfg_log[1].reg, 0x44);
	assert_int_equal(cfg_log[1].value, 0x0100);
}

static void test_no_pm_reset_where_it_would_not_reset(void **state)
{
	static const __u8 caps[] = { 0x01 };
	struct pci_reset r;

	(void)state;
	/* No_Soft_Reset: D3hot -> D0 keeps the function's state */
	device(0x100e8086, caps, 1);
	put(0x44, 2, 0x0008);
	assert_int_equal(pci_dev_reset_start(&hw, &r), 0);
	/* not in D0 now: the transition back would not be a reset */
	put(0x44, 2, 0x0002);
	assert_int_equal(pci_dev_reset_start(&hw, &r), 0);
	assert_int_equal(r.method, PCI_RESET_NONE);
	assert_int_equal(cfg_writes, 0);
}

/* ---- device-specific stops ---- */

static void test_gigabit_nics_have_a_stop(void **state)
{
	static const __u32 ids[] = { 0x100e8086, 0x100f8086, 0x10d38086 };
	unsigned int n, need = 0;

	(void)state;
	for (n = 0; n < 3; n++) {
		device(ids[n], NULL, 0);
		assert_non_null(pci_dev_specific_stop_name(&hw, &need));
		assert_true(need > TCTL && need <= 0x1000);
	}
	/* another vendor with the same device ID, another Intel device */
	device(0x100e1234, NULL, 0);
	assert_null(pci_dev_specific_stop_name(&hw, &need));
	device(0x10008086, NULL, 0);
	assert_null(pci_dev_specific_stop_name(&hw, &need));
	running_nic(0x10008086);
	assert_int_equal(pci_dev_specific_stop(&hw, &bar0), -ENOENT);
	assert_int_equal(cfg_writes + accesses, 0);
}

static void test_gigabit_nic_stopped_through_bar0(void **state)
{
	(void)state;
	running_nic(0x100e8086);
	assert_int_equal(pci_dev_specific_stop(&hw, &bar0), 0);
	assert_int_equal(regs[IMC / 4], 0xffffffff);
	assert_int_equal(regs[RCTL / 4], 0x04008000);
	assert_int_equal(regs[TCTL / 4], 0x000400f8);
	assert_int_equal(icr_reads, 1);
	/* memory decoding only while the registers were written, never bus
	 * mastering; everything off afterwards, SERR# kept */
	assert_true(decoding_seen);
	assert_int_equal(cfg_read(NULL, 0x04, 2), 0x0100);
}

static void test_a_nic_that_keeps_running_is_reported(void **state)
{
	(void)state;
	running_nic(0x10d38086);
	stuck = 1;
	assert_int_equal(pci_dev_specific_stop(&hw, &bar0), -EIO);
	assert_int_equal(cfg_read(NULL, 0x04, 2) & 0x7, 0);
}

static void test_a_bar_too_small_is_not_touched(void **state)
{
	struct pci_bar_regs small = bar0;

	(void)state;
	running_nic(0x100e8086);
	small.size = TCTL;
	assert_int_equal(pci_dev_specific_stop(&hw, &small), -ENOENT);
	assert_int_equal(cfg_writes + accesses, 0);
	assert_int_equal(regs[TCTL / 4], 0x000400fa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_reset_without_a_capability_for_it),
		cmocka_unit_test(test_pcie_flr_first),
		cmocka_unit_test(
			test_transactions_pending_from_pcie_device_status),
		cmocka_unit_test(test_af_flr_needs_its_flr_bit),
		cmocka_unit_test(test_pm_reset_d3hot_and_back),
		cmocka_unit_test(test_no_pm_reset_where_it_would_not_reset),
		cmocka_unit_test(test_gigabit_nics_have_a_stop),
		cmocka_unit_test(test_gigabit_nic_stopped_through_bar0),
		cmocka_unit_test(test_a_nic_that_keeps_running_is_reported),
		cmocka_unit_test(test_a_bar_too_small_is_not_touched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
