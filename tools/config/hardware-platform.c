// SPDX-License-Identifier: GPL-2.0
/*
 * The platform half of `hardware check`: the IOMMU (DMAR table and, where
 * readable, each unit's CAP/ECAP registers) and the kernel command line.
 * Register bits are those of the VT-d specification, chapter 11.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hardware-caps.h"

#define VTD_CAP_REG 0x08
#define VTD_ECAP_REG 0x10
#define VTD_CAP_CM (1ULL << 7)
#define VTD_ECAP_C (1ULL << 0)
#define VTD_ECAP_QI (1ULL << 1)
#define VTD_ECAP_IR (1ULL << 3)
#define VTD_ECAP_EIM (1ULL << 4)
#define HYPERVISOR_MIN_SIZE (6ULL << 20)

struct vtd_regs {
	__u64 cap, ecap;
};

/* Only works where /dev/mem lets us (the unit not claimed by Linux). */
static int regs_from_devmem(__u64 base, struct vtd_regs *r)
{
	volatile __u64 *regs;
	int fd = open("/dev/mem", O_RDONLY | O_SYNC);

	if (fd < 0)
		return -1;
	regs = mmap(NULL, 0x1000, PROT_READ, MAP_SHARED, fd, base);
	close(fd);
	if (regs == MAP_FAILED)
		return -1;
	r->cap = regs[VTD_CAP_REG / 8];
	r->ecap = regs[VTD_ECAP_REG / 8];
	munmap((void *)regs, 0x1000);
	return r->ecap && r->ecap != ~0ULL ? 0 : -1;
}

static void check_unit_bits(const char *name, const struct vtd_regs *r,
			    int known)
{
	static const struct {
		const char *what;
		__u64 bit;
		int required;
		const char *why;
	} bits[] = {
		{ "queued invalidation", VTD_ECAP_QI, 1,
		  "the hypervisor invalidates caches through the queue" },
		{ "interrupt remapping", VTD_ECAP_IR, 1,
		  "device interrupts are steered to their owning cell" },
		{ "extended interrupt mode", VTD_ECAP_EIM, 0,
		  "remapped interrupts to x2APIC IDs; without it: xAPIC only" },
	};
	char row[96];
	unsigned int n;

	for (n = 0; n < sizeof(bits) / sizeof(bits[0]); n++) {
		snprintf(row, sizeof(row), "%s: %s", name, bits[n].what);
		if (!known)
			hw_row(row, HW_UNKNOWN, 0,
			       "ECAP not readable: Linux's "
			       "IOMMU driver is off and /dev/mem refuses the "
			       "unit; the hypervisor checks it when enabled");
		else
			hw_row(row, r->ecap & bits[n].bit ? HW_OK : HW_MISSING,
			       bits[n].required, "%s", bits[n].why);
	}
}

/* Caching mode and walk coherency change what the hypervisor does, not
 * whether it runs: reported, never required. */
static void check_unit_modes(const char *name, const struct vtd_regs *r,
			     int known)
{
	char row[96];

	if (!known)
		return; /* check_unit_bits said why */
	snprintf(row, sizeof(row), "%s: caching mode", name);
	hw_row(row, HW_OK, 0, "%s",
	       r->cap & VTD_CAP_CM ?
		       "on (a virtual unit): not-present entries are "
		       "invalidated too" :
		       "off");
	snprintf(row, sizeof(row), "%s: coherent table walks", name);
	hw_row(row, r->ecap & VTD_ECAP_C ? HW_OK : HW_MISSING, 0, "%s",
	       r->ecap & VTD_ECAP_C ?
		       "the unit snoops the CPU caches" :
		       "without them every table line is written back "
		       "(CLFLUSH)");
}

static void check_unit_widths(const char *name, const struct acpi_info *acpi,
			      __u64 base, const struct vtd_regs *r, int known)
{
	unsigned int sagaw = (r->cap >> 8) & 0x1f,
		     mgaw = ((r->cap >> 16) & 0x3f) + 1;
	char row[96];

	snprintf(row, sizeof(row), "%s: address widths", name);
	if (!known)
		hw_row(row, HW_OK, 0,
		       "at 0x%llx; host address width %u bits "
		       "(DMAR), unit CAP not readable",
		       (unsigned long long)base, acpi->dmar_host_address_width);
	else if (sagaw & 6)
		hw_row(row, HW_OK, 1,
		       "at 0x%llx; host %u bits, guest %u bits, "
		       "page walks:%s%s",
		       (unsigned long long)base, acpi->dmar_host_address_width,
		       mgaw, sagaw & 2 ? " 3-level" : "",
		       sagaw & 4 ? " 4-level" : "");
	else
		hw_row(row, HW_MISSING, 1,
		       "neither 3- nor 4-level DMA page "
		       "walks (SAGAW 0x%x)",
		       sagaw);
}

static void check_units(const struct host_info *host)
{
	const struct acpi_info *acpi = &host->acpi;
	int live = !strcmp(host->root, "/");
	unsigned int n;

	for (n = 0; n < acpi->num_dmar_units; n++) {
		const struct acpi_dmar_unit *u = &acpi->dmar_units[n];
		struct vtd_regs r = { 0, 0 };
		char name[64];
		int known;

		known = host_read_vtd_regs(host->root, u->base, &r.cap,
					   &r.ecap) == 0 ||
			(live && regs_from_devmem(u->base, &r) == 0);
		snprintf(name, sizeof(name), "DMAR unit %u", n);
		check_unit_bits(name, &r, known);
		check_unit_modes(name, &r, known);
		check_unit_widths(name, acpi, u->base, &r, known);
	}
}

void hw_check_iommu(const struct host_info *host, int allow_no_iommu)
{
	const struct acpi_info *acpi = &host->acpi;

	if (!acpi->num_dmar_units) {
		hw_row("VT-d IOMMU (DMAR table)", HW_MISSING, !allow_no_iommu,
		       "none: the hypervisor then runs only with the "
		       "JAILHOUSE_SYS_NO_IOMMU opt-in (config create sets it), "
		       "without DMA isolation: no DMA-capable device may go to a "
		       "non-root cell%s",
		       allow_no_iommu ? "; accepted "
					"(--no-iommu)" :
					"; --no-iommu accepts that");
		return;
	}
	hw_row("VT-d IOMMU (DMAR table)", HW_OK, 1, "%u remapping unit%s",
	       acpi->num_dmar_units, acpi->num_dmar_units == 1 ? "" : "s");
	hw_row("interrupt remapping (DMAR flags)",
	       acpi->dmar_flags & ACPI_DMAR_INTR_REMAP ? HW_OK : HW_MISSING, 1,
	       "the platform %s interrupt remapping",
	       acpi->dmar_flags & ACPI_DMAR_INTR_REMAP ? "supports" :
							 "does not declare");
	check_units(host);
}

static int has_token(const char *cmdline, const char *prefix, const char *value)
{
	size_t plen = strlen(prefix);
	const char *p = cmdline;

	while ((p = strstr(p, prefix))) {
		if ((p == cmdline || p[-1] == ' ') &&
		    !strncmp(p + plen, value, strlen(value)))
			return 1;
		p += plen;
	}
	return 0;
}

/* The reservation must be reserved in /proc/iomem and nobody's in it. */
static const char *reservation_problem(const struct host_info *host, __u64 base,
				       __u64 size)
{
	unsigned int n;

	for (n = 0; n < host->num_iomem; n++) {
		const struct iomem_entry *e = &host->iomem[n];

		if (e->end < base || e->start >= base + size)
			continue;
		if (!strcmp(e->name, "System RAM"))
			return "it is System RAM: memmap= did not take effect";
		if (e->level || strcasecmp(e->name, "reserved"))
			return "something else is mapped there (see /proc/iomem)";
	}
	return NULL;
}

void hw_check_cmdline(const struct host_info *host)
{
	const char *problem;
	__u64 base, size;

	if (!host->acpi.num_dmar_units)
		hw_row("intel_iommu=off", HW_OK, 1,
		       "no IOMMU to keep Linux from");
	else if (has_token(host->cmdline, "intel_iommu=", "off"))
		hw_row("intel_iommu=off", HW_OK, 1,
		       "Linux leaves the DMA "
		       "remapping units to the hypervisor");
	else
		hw_row("intel_iommu=off", HW_MISSING, 1,
		       "Linux would program "
		       "the IOMMU itself; boot with intel_iommu=off");
	if (host_find_memmap(host->cmdline, &base, &size)) {
		hw_row("memmap= reservation", HW_MISSING, 1,
		       "no memmap=SIZE$ADDR "
		       "on the kernel command line (e.g. memmap=82M$0x3a000000, "
		       "'$' escaped as the boot loader needs)");
		return;
	}
	problem = reservation_problem(host, base, size);
	if (problem)
		hw_row("memmap= reservation", HW_MISSING, 1,
		       "0x%llx-0x%llx: %s", (unsigned long long)base,
		       (unsigned long long)(base + size - 1), problem);
	else if (size < HYPERVISOR_MIN_SIZE)
		hw_row("memmap= reservation", HW_MISSING, 1,
		       "0x%llx bytes, the "
		       "hypervisor alone needs 6 MiB",
		       (unsigned long long)size);
	else
		hw_row("memmap= reservation", HW_OK, 1,
		       "0x%llx-0x%llx, %llu "
		       "MiB, reserved and unused",
		       (unsigned long long)base,
		       (unsigned long long)(base + size - 1),
		       (unsigned long long)(size >> 20));
}
