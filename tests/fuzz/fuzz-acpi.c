// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the ACPI table parser and what `config create` builds
 * from its result (memory map cut-outs, IOAPIC and IOMMU entries, the C
 * and binary writers).  The first input byte picks the table signature, so that every
 * parser gets inputs; the rest is the table.  Warnings are counted, not
 * printed.  A crash or sanitizer report is a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-diag.h"
#include "config-model.h"

static const char *const signatures[] = { "APIC", "MCFG", "DMAR", "FACP",
					  "HPET" };

/* A fixed, plausible /proc/iomem around the tables under test. */
static const char iomem[] = "00000000-0009ffff : System RAM\n"
			    "000a0000-000fffff : Reserved\n"
			    "00100000-39ffffff : System RAM\n"
			    "3a000000-3f1fffff : Reserved\n"
			    "3f200000-7fffffff : System RAM\n"
			    "80000000-febfffff : PCI Bus 0000:00\n"
			    "fec00000-fec003ff : IOAPIC 0\n"
			    "fee00000-fee00fff : Local APIC\n"
			    "100000000-1ffffffff : System RAM\n";

static void build_config(struct host_info *host)
{
	static struct model m;
	static FILE *devnull;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	memset(&m, 0, sizeof(m));
	m.source = "fuzz";
	m.reservation_base = 0x3a000000;
	m.reservation_size = 82 << 20;
	m.hypervisor.phys_start = 0x3a000000;
	m.hypervisor.size = 6 << 20;
	m.pool_size = 76 << 20;
	m.num_cpus = 1;
	if (model_build_memory(&m, host) == 0 &&
	    model_build_devices(&m, host, NULL, 0) == 0) {
		model_emit(&m, devnull);
		model_write_cell(&m, "/dev/null");
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct host_info host;
	unsigned char *table;

	if (size < 1)
		return 0;
	cfg_silent = 1;
	memset(&host, 0, sizeof(host));
	host.root = "/nonexistent-fuzz-root";
	host_parse_iomem(iomem, &host);
	table = malloc(size - 1 ? size - 1 : 1);
	memcpy(table, data + 1, size - 1);
	if (size - 1 >= 4)
		memcpy(table, signatures[data[0] % 5], 4);
	acpi_parse_table("fuzz", table, size - 1, &host.acpi);
	build_config(&host);
	free(table);
	return 0;
}
