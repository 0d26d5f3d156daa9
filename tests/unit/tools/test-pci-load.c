// SPDX-License-Identifier: GPL-2.0
/*
 * libpci loaded on first use (tools/pci-load.c): the CLI is not linked
 * against it, so these check that the forwarding functions reach the
 * installed libpci at the versions a link would bind, and that a missing
 * library or symbol gives a sentence naming what to install.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <pci/pci.h>

#include "pci-load.h"

static char msg[512];

static int use_real_library(void **state)
{
	(void)state;
	pci_load_set_library(PCI_LIBRARY);
	msg[0] = '\0';
	return 0;
}

/* Every symbol pci-load.c forwards, at the version it asks for. */
static void every_forwarded_symbol_resolves(void **state)
{
	static const char *const syms[][2] = {
		{ "pci_alloc", "LIBPCI_3.0" },
		{ "pci_init", "LIBPCI_3.5" },
		{ "pci_cleanup", "LIBPCI_3.0" },
		{ "pci_scan_bus", "LIBPCI_3.0" },
		{ "pci_set_param", "LIBPCI_3.0" },
		{ "pci_fill_info", "LIBPCI_3.8" },
		{ "pci_read_byte", "LIBPCI_3.0" },
		{ "pci_read_word", "LIBPCI_3.0" },
		{ "pci_read_long", "LIBPCI_3.0" },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(syms) / sizeof(syms[0]); n++)
		assert_non_null(pci_load_symbol(syms[n][0], syms[n][1], msg,
						sizeof(msg)));
}

/* The forwarders work: an empty sysfs tree scans to no devices. */
static void forwarders_scan_an_empty_tree(void **state)
{
	char dir[] = "/tmp/pci-load-XXXXXX", path[64], devices[80];
	struct pci_access *pacc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(devices, sizeof(devices), "%s/devices", dir);
	assert_int_equal(mkdir(devices, 0700), 0);
	pacc = pci_alloc();
	assert_non_null(pacc);
	pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	snprintf(path, sizeof(path), "%s", dir);
	assert_int_equal(pci_set_param(pacc, "sysfs.path", path), 0);
	assert_int_equal(pci_set_param(pacc, "no.such.param", path), -1);
	pci_init(pacc);
	pci_scan_bus(pacc);
	assert_null(pacc->devices);
	pci_cleanup(pacc);
	rmdir(devices);
	rmdir(dir);
}

static void missing_library_says_what_to_install(void **state)
{
	(void)state;
	pci_load_set_library("libpci-not-there.so.3");
	assert_null(
		pci_load_symbol("pci_alloc", "LIBPCI_3.0", msg, sizeof(msg)));
	assert_non_null(strstr(msg, "libpci-not-there.so.3"));
	assert_non_null(strstr(msg, "cannot be loaded"));
	assert_non_null(strstr(msg, "install the package libpci3"));
}

static void missing_version_says_what_to_install(void **state)
{
	(void)state;
	assert_null(pci_load_symbol("pci_fill_info", "LIBPCI_9.9", msg,
				    sizeof(msg)));
	assert_non_null(strstr(msg, "pci_fill_info"));
	assert_non_null(strstr(msg, "LIBPCI_9.9"));
	assert_null(pci_load_symbol("pci_no_such_function", "LIBPCI_3.0", msg,
				    sizeof(msg)));
	assert_non_null(strstr(msg, "pci_no_such_function"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(every_forwarded_symbol_resolves,
				       use_real_library),
		cmocka_unit_test_setup(forwarders_scan_an_empty_tree,
				       use_real_library),
		cmocka_unit_test_setup(missing_library_says_what_to_install,
				       use_real_library),
		cmocka_unit_test_setup(missing_version_says_what_to_install,
				       use_real_library),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
