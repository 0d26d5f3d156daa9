// SPDX-License-Identifier: GPL-2.0
/*
 * pci-config.c: ports 0xcf8-0xcff.  The cell owns 00:01.1 and 00:02.0 only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "pci-config.h"

static int owns(const void *ctx, __u16 bdf)
{
	(void)ctx;
	return bdf == 0x0009 || bdf == 0x0010;
}

static const struct pci_config_cell cell = { .owns = owns };
static const struct pci_config_cell root = { .owns = owns, .may_reset = 1 };

#define ADDR(bus, dev, fn, reg) \
	(0x80000000U | (bus) << 16 | (dev) << 11 | (fn) << 8 | (reg))

static struct pci_config_decision access(const struct pci_config_cell *c,
					 __u32 *shadow, __u16 port,
					 unsigned int size, int write,
					 __u32 value)
{
	struct pci_config_decision d;

	assert_int_equal(pci_config_access(c, shadow, port, size, write, value,
					   &d),
			 0);
	return d;
}

static void test_latch_is_shadowed_never_written(void **state)
{
	__u32 shadow = 0;
	struct pci_config_decision d;

	(void)state;
	d = access(&cell, &shadow, 0xcf8, 4, 1, ADDR(0, 1, 1, 0x10));
	assert_int_equal(d.action, PCI_CONFIG_LATCH);
	assert_int_equal(shadow, ADDR(0, 1, 1, 0x10));
	d = access(&cell, &shadow, 0xcf8, 4, 0, 0);
	assert_int_equal(d.action, PCI_CONFIG_READ_LATCH);
}

static void test_owned_device_is_accessed(void **state)
{
	__u32 shadow = ADDR(0, 1, 1, 0x3c);
	struct pci_config_decision d;

	(void)state;
	d = access(&cell, &shadow, 0xcfc, 4, 0, 0);
	assert_int_equal(d.action, PCI_CONFIG_DEVICE);
	assert_int_equal(d.address, ADDR(0, 1, 1, 0x3c));
	assert_int_equal(d.port, 0xcfc);
	assert_int_equal(d.bdf, 0x0009);
	assert_int_equal(d.reg, 0x3c);
	/* byte write to the interrupt line, register 0x3d via 0xcfd */
	d = access(&cell, &shadow, 0xcfd, 1, 1, 0x0b);
	assert_int_equal(d.action, PCI_CONFIG_DEVICE);
	assert_int_equal(d.reg, 0x3d);
	assert_int_equal(d.port, 0xcfd);
	/* word at 0xcfe */
	shadow = ADDR(0, 2, 0, 0x04);
	d = access(&cell, &shadow, 0xcfe, 2, 0, 0);
	assert_int_equal(d.action, PCI_CONFIG_DEVICE);
	assert_int_equal(d.reg, 0x06);
}

static void test_other_devices_read_all_ones_and_ignore_writes(void **state)
{
	__u32 shadow = ADDR(0, 0, 0, 0x00); /* the host bridge */
	struct pci_config_decision d;

	(void)state;
	d = access(&cell, &shadow, 0xcfc, 4, 0, 0);
	assert_int_equal(d.action, PCI_CONFIG_ALL_ONES);
	assert_int_equal(d.bdf, 0x0000);
	d = access(&cell, &shadow, 0xcfc, 4, 1, 0xffffffff);
	assert_int_equal(d.action, PCI_CONFIG_IGNORE);
	/* same device number, other function; other bus */
	shadow = ADDR(0, 1, 2, 0);
	assert_int_equal(access(&cell, &shadow, 0xcfc, 4, 0, 0).action,
			 PCI_CONFIG_ALL_ONES);
	shadow = ADDR(1, 1, 1, 0);
	assert_int_equal(access(&cell, &shadow, 0xcfc, 4, 0, 0).action,
			 PCI_CONFIG_ALL_ONES);
}

static void test_disabled_latch_and_odd_accesses(void **state)
{
	__u32 shadow = ADDR(0, 1, 1, 0) & ~PCI_CONFIG_ENABLE;
	struct pci_config_decision d;

	(void)state;
	assert_int_equal(access(&cell, &shadow, 0xcfc, 4, 0, 0).action,
			 PCI_CONFIG_ALL_ONES);
	/* a dword at 0xcfe would run past 0xcff */
	shadow = ADDR(0, 1, 1, 0);
	assert_int_equal(access(&cell, &shadow, 0xcfe, 4, 0, 0).action,
			 PCI_CONFIG_ALL_ONES);
	/* reserved latch bits 30:24 are never forwarded */
	shadow = ADDR(0, 1, 1, 0x40) | 0x0f000000;
	d = access(&cell, &shadow, 0xcfc, 4, 0, 0);
	assert_int_equal(d.action, PCI_CONFIG_DEVICE);
	assert_int_equal(d.address, ADDR(0, 1, 1, 0x40));
	/* neither is a misaligned dword offset in bits 1:0 */
	shadow = ADDR(0, 1, 1, 0x40) | 3;
	assert_int_equal(access(&cell, &shadow, 0xcfc, 4, 0, 0).address,
			 ADDR(0, 1, 1, 0x40));
}

static void test_reset_control_only_for_the_root(void **state)
{
	__u32 shadow = 0;

	(void)state;
	/* "outb 0x06, 0xcf9": a hard reset of the machine */
	assert_int_equal(access(&cell, &shadow, 0xcf9, 1, 1, 6).action,
			 PCI_CONFIG_IGNORE);
	assert_int_equal(access(&cell, &shadow, 0xcf9, 1, 0, 0).action,
			 PCI_CONFIG_ALL_ONES);
	assert_int_equal(access(&root, &shadow, 0xcf9, 1, 1, 6).action,
			 PCI_CONFIG_PASS);
	/* a byte write to 0xcf8 does not touch the shadow */
	assert_int_equal(access(&cell, &shadow, 0xcf8, 1, 1, 0x80).action,
			 PCI_CONFIG_IGNORE);
	assert_int_equal(shadow, 0);
}

static void test_bad_requests(void **state)
{
	struct pci_config_decision d;
	__u32 shadow = 0;

	(void)state;
	assert_int_equal(pci_config_access(&cell, &shadow, 0xcf7, 1, 0, 0, &d),
			 -EINVAL);
	assert_int_equal(pci_config_access(&cell, &shadow, 0xd00, 1, 0, 0, &d),
			 -EINVAL);
	assert_int_equal(pci_config_access(&cell, &shadow, 0xcfc, 3, 0, 0, &d),
			 -EINVAL);
}

/* q35: ECAM at 0xb0000000 for buses 0-255 */
#define ECAM 0xb0000000ULL

static void test_mmconfig_decodes_bus_device_function_register(void **state)
{
	unsigned int reg = 0;
	__u16 bdf = 0;

	(void)state;
	assert_int_equal(pci_mmconfig_decode(ECAM, 255, ECAM + 0x10000 + 0x10,
					     4, &bdf, &reg),
			 0);
	assert_int_equal(bdf, 0x0010); /* 00:02.0 */
	assert_int_equal(reg, 0x10);
	/* extended config space, byte access */
	assert_int_equal(pci_mmconfig_decode(ECAM, 255,
					     ECAM + (3 << 20 | 0x1f << 15 |
						     7 << 12 | 0x103),
					     1, &bdf, &reg),
			 0);
	assert_int_equal(bdf, 0x03ff);
	assert_int_equal(reg, 0x103);
	assert_int_equal(pci_mmconfig_decode(ECAM, 255, ECAM + 0x0ffffffe, 2,
					     &bdf, &reg),
			 0);
	assert_int_equal(bdf, 0xffff);
	assert_int_equal(reg, 0xffe);
}

static void test_mmconfig_refuses_what_is_no_config_access(void **state)
{
	unsigned int reg;
	__u16 bdf;

	(void)state;
	/* outside the window, below and above (end bus 0x3f) */
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x3f, ECAM - 4, 4, &bdf,
					     &reg),
			 -EINVAL);
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x3f, ECAM + (0x40 << 20), 4,
					     &bdf, &reg),
			 -EINVAL);
	/* misaligned (crossing a dword) and sizes a config access has not */
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x3f, ECAM + 2, 4, &bdf,
					     &reg),
			 -EINVAL);
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x3f, ECAM + 1, 2, &bdf,
					     &reg),
			 -EINVAL);
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x3f, ECAM, 8, &bdf, &reg),
			 -EINVAL);
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x3f, ECAM, 3, &bdf, &reg),
			 -EINVAL);
	assert_int_equal(pci_mmconfig_decode(ECAM, 0x100, ECAM, 4, &bdf, &reg),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latch_is_shadowed_never_written),
		cmocka_unit_test(test_owned_device_is_accessed),
		cmocka_unit_test(
			test_other_devices_read_all_ones_and_ignore_writes),
		cmocka_unit_test(test_disabled_latch_and_odd_accesses),
		cmocka_unit_test(test_reset_control_only_for_the_root),
		cmocka_unit_test(test_bad_requests),
		cmocka_unit_test(
			test_mmconfig_decodes_bus_device_function_register),
		cmocka_unit_test(
			test_mmconfig_refuses_what_is_no_config_access),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
