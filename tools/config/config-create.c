// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse config create [OPTIONS] SYSCONFIG.c`: reads the machine (or a
 * collected tree of it) and writes a system config as C source.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-commands.h"
#include "config-diag.h"
#include "config-model.h"

#define DEFAULT_RESERVATION_BASE 0x3a000000ULL
#define DEFAULT_RESERVATION_SIZE (82ULL << 20)
#define DEFAULT_HYPERVISOR_SIZE (6ULL << 20)
#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_X2APIC_ENABLE (1 << 10)

struct create_options {
	const char *root;
	const char *output;
	const char *console;
	const char *apic_mode;
	const char *name;
	const char *reservation;
	const char *binary; /* --binary: also the .cell itself */
	__u64 hypervisor_size;
	__u64 cell_mem_size; /* 0: the rest of the reservation */
};

static void create_usage(FILE *out)
{
	fprintf(out,
		"usage: jailhouse config create [OPTIONS] SYSCONFIG.c   (- for stdout)\n"
		"  --root DIR             read a collected tree (see 'config collect')\n"
		"                         instead of the live system\n"
		"  --reservation SIZE$ADDR  the memmap= reservation (default: from\n"
		"                         /proc/cmdline, else 82M$0x3a000000)\n"
		"  --hypervisor-mem SIZE  hypervisor memory at the start of the\n"
		"                         reservation (default 6M)\n"
		"  --cell-mem SIZE        memory for non-root cells behind it\n"
		"                         (default: the rest of the reservation)\n"
		"  --console auto|none|com1|com2|com3|com4|PORT\n"
		"                         hypervisor debug console (default auto:\n"
		"                         COM2 if it exists, else none)\n"
		"  --apic-mode auto|xapic|x2apic  the mode Linux runs the APICs in\n"
		"  --name NAME            root cell name (default \"root\")\n"
		"  --binary FILE.cell     also write the config compiled, byte for\n"
		"                         byte what the C gives (no compiler needed);\n"
		"                         then SYSCONFIG.c may be left out\n");
}

static int parse_options(int argc, char **argv, struct create_options *o)
{
	static const struct option longopts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "reservation", required_argument, NULL, 'R' },
		{ "hypervisor-mem", required_argument, NULL, 'H' },
		{ "cell-mem", required_argument, NULL, 'C' },
		{ "console", required_argument, NULL, 'c' },
		{ "apic-mode", required_argument, NULL, 'a' },
		{ "name", required_argument, NULL, 'n' },
		{ "binary", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'r':
			o->root = optarg;
			break;
		case 'R':
			o->reservation = optarg;
			break;
		case 'c':
			o->console = optarg;
			break;
		case 'a':
			o->apic_mode = optarg;
			break;
		case 'n':
			o->name = optarg;
			break;
		case 'b':
			o->binary = optarg;
			break;
		case 'H':
		case 'C':
			if (host_parse_size(optarg,
					    opt == 'H' ? &o->hypervisor_size :
							 &o->cell_mem_size,
					    NULL)) {
				fprintf(stderr,
					"config create: '%s' is not a "
					"size (e.g. 6M, 0x600000)\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			create_usage(stdout);
			return 1;
		default:
			create_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1 && !(o->binary && optind == argc)) {
		fprintf(stderr,
			"config create: expected exactly one output file\n");
		create_usage(stderr);
		return 2;
	}
	o->output = optind < argc ? argv[optind] : NULL;
	return 0;
}

static int valid_name(const char *name)
{
	size_t n, len = strlen(name);

	if (!len || len > JAILHOUSE_CELL_NAME_MAXLEN)
		return 0;
	for (n = 0; n < len; n++)
		if (!(name[n] == '-' || name[n] == '_' || name[n] == '.' ||
		      (name[n] >= '0' && name[n] <= '9') ||
		      ((name[n] | 0x20) >= 'a' && (name[n] | 0x20) <= 'z')))
			return 0;
	return 1;
}

static int plan_memory(struct model *m, const struct create_options *o,
		       const struct host_info *host)
{
	__u64 base = DEFAULT_RESERVATION_BASE, size = DEFAULT_RESERVATION_SIZE;
	const char *end;

	if (o->reservation) {
		if (host_parse_size(o->reservation, &size, &end) ||
		    *end != '$' || host_parse_size(end + 1, &base, NULL)) {
			fprintf(stderr,
				"config create: --reservation '%s' is not "
				"SIZE$ADDR (e.g. 82M$0x3a000000)\n",
				o->reservation);
			return -1;
		}
	} else if (host_find_memmap(host->cmdline, &base, &size)) {
		cfg_warn("no memmap=SIZE$ADDR on the kernel command line; "
			 "assuming 82M$0x3a000000 (boot Linux with it)");
	}
	if ((base | size) & 0xfff || !size) {
		fprintf(stderr,
			"config create: the reservation 0x%llx$0x%llx "
			"is not page aligned\n",
			(unsigned long long)size, (unsigned long long)base);
		return -1;
	}
	m->reservation_base = base;
	m->reservation_size = size;
	m->hypervisor.phys_start = base;
	m->hypervisor.size = o->hypervisor_size;
	m->pool_size = o->cell_mem_size		 ? o->cell_mem_size :
		       size > o->hypervisor_size ? size - o->hypervisor_size :
						   0;
	if ((o->hypervisor_size | m->pool_size) & 0xfff ||
	    o->hypervisor_size + m->pool_size > size || !o->hypervisor_size) {
		fprintf(stderr,
			"config create: hypervisor memory 0x%llx plus "
			"cell memory 0x%llx do not fit the reservation of 0x%llx "
			"bytes in whole pages\n",
			(unsigned long long)o->hypervisor_size,
			(unsigned long long)m->pool_size,
			(unsigned long long)size);
		return -1;
	}
	return 0;
}

static int plan_console(struct model *m, const struct create_options *o,
			const char *root)
{
	static const unsigned int com[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	const char *c = o->console ? o->console : "auto";
	unsigned long port;
	char *end;

	if (!strcmp(c, "none")) {
		model_comment(m->console_comment, "no debug console (--console "
						  "none)");
		return 0;
	}
	if (!strcmp(c, "auto")) {
		if (!host_serial_exists(root, 0x2f8)) {
			model_comment(m->console_comment,
				      "no debug console: "
				      "there is no COM2 (0x2f8)");
			return 0;
		}
		port = 0x2f8;
	} else if (!strncmp(c, "com", 3) && c[3] >= '1' && c[3] <= '4' &&
		   !c[4]) {
		port = com[c[3] - '1'];
	} else {
		port = strtoul(c, &end, 0);
		if (*end || !port || port > 0xfff8) {
			fprintf(stderr,
				"config create: --console '%s' is not "
				"auto, none, com1-com4 or a port\n",
				c);
			return -1;
		}
	}
	if (!host_serial_exists(root, port))
		cfg_warn("the debug console port 0x%lx has no UART according to "
			 "sysfs and /proc/ioports",
			 port);
	m->console.type = JAILHOUSE_CON_TYPE_8250_PIO;
	m->console.address = port;
	m->console.size = 8;
	model_comment(m->console_comment,
		      "8250 UART at 0x%lx (%s); keep Linux "
		      "off it (no console= or getty there)",
		      port, o->console ? "--console" : "COM2, present");
	return 0;
}

/* Which mode Linux runs the APICs in: IA32_APIC_BASE, if it is readable. */
static int plan_apic_mode(struct model *m, const struct create_options *o,
			  const char *root)
{
	const char *mode = o->apic_mode ? o->apic_mode : "auto";
	__u64 apic_base;

	if (strcmp(mode, "auto")) {
		if (strcmp(mode, "xapic") && strcmp(mode, "x2apic")) {
			fprintf(stderr,
				"config create: --apic-mode '%s' is not "
				"auto, xapic or x2apic\n",
				mode);
			return -1;
		}
		m->platform.apic_mode = strcmp(mode, "xapic") ?
						JAILHOUSE_APIC_MODE_X2APIC :
						JAILHOUSE_APIC_MODE_XAPIC;
		model_comment(m->apic_comment, "--apic-mode %s", mode);
		return 0;
	}
	if (host_read_msr(root, 0, MSR_IA32_APIC_BASE, &apic_base) == 0) {
		m->platform.apic_mode = apic_base & APIC_BASE_X2APIC_ENABLE ?
						JAILHOUSE_APIC_MODE_X2APIC :
						JAILHOUSE_APIC_MODE_XAPIC;
		model_comment(m->apic_comment,
			      "IA32_APIC_BASE of CPU 0 is "
			      "0x%llx",
			      (unsigned long long)apic_base);
		return 0;
	}
	cfg_warn("cannot read IA32_APIC_BASE (modprobe msr?); assuming Linux "
		 "runs the APICs in xAPIC mode (else use --apic-mode x2apic)");
	m->platform.apic_mode = JAILHOUSE_APIC_MODE_XAPIC;
	model_comment(m->apic_comment, "assumed: IA32_APIC_BASE was not "
				       "readable");
	return 0;
}

static void plan_platform(struct model *m, const struct host_info *host)
{
	const struct acpi_info *acpi = &host->acpi;
	unsigned int n;

	for (n = 0; n < acpi->num_mcfg; n++)
		if (acpi->mcfg[n].segment == 0) {
			m->platform.pci_mmconfig_base = acpi->mcfg[n].base;
			m->platform.pci_mmconfig_end_bus =
				acpi->mcfg[n].end_bus;
			break;
		}
	m->platform.pm_timer_address = acpi->pm_timer_port;
	m->platform.smi_command_port = acpi->smi_command_port;
	m->platform.pm1a_control_port = acpi->pm1a_control_port;
	m->platform.pm1b_control_port = acpi->pm1b_control_port;
	m->platform.pm1_control_length = acpi->pm1_control_length;
	if (!acpi->num_dmar_units) {
		m->flags |= JAILHOUSE_SYS_NO_IOMMU;
		model_comment(m->iommu_note, "no DMAR table: no IOMMU, see the "
					     "warning at the top");
		cfg_warn("no IOMMU on this machine (no DMAR table): the config "
			 "sets JAILHOUSE_SYS_NO_IOMMU, and DMA isolation is "
			 "impossible here; no DMA-capable device may go to a "
			 "non-root cell");
	} else {
		model_comment(m->iommu_note,
			      "ACPI DMAR: %u remapping unit%s, "
			      "host address width %u",
			      acpi->num_dmar_units,
			      acpi->num_dmar_units == 1 ? "" : "s",
			      acpi->dmar_host_address_width);
	}
}

static void plan_cpus(struct model *m, const struct host_info *host)
{
	unsigned int cpu, enabled = 0;

	for (cpu = 0; cpu < HOST_MAX_CPUS; cpu++)
		if ((host->cpu_present[cpu / 8] >> (cpu % 8)) & 1) {
			m->cpu_set[cpu / 8] |= 1 << (cpu % 8);
			m->num_cpus = cpu + 1;
		}
	for (cpu = 0; cpu < host->acpi.num_cpus; cpu++)
		enabled += host->acpi.cpus[cpu].enabled;
	if (host->acpi.have_madt && enabled != host->num_cpus)
		cfg_warn("MADT lists %u enabled CPUs, Linux has %u present",
			 enabled, host->num_cpus);
}

/* The command line lands in a C comment: keep it from ending it. */
static void sanitize_comment(char *text)
{
	for (; *text; text++)
		if ((*text == '*' && text[1] == '/') || *text < 0x20 ||
		    *text > 0x7e)
			*text = '?';
}

static int build_model(struct model *m, const struct create_options *o,
		       const struct host_info *host)
{
	struct pci_scan_device *devices;
	int num, err;
	size_t len;

	snprintf(m->name, sizeof(m->name), "%s", o->name ? o->name : "root");
	len = strnlen(host->cmdline, sizeof(m->cmdline) - 1);
	memcpy(m->cmdline, host->cmdline, len);
	m->cmdline[len] = 0;
	sanitize_comment(m->cmdline);
	plan_cpus(m, host);
	plan_platform(m, host);
	if (plan_memory(m, o, host) || plan_console(m, o, o->root) ||
	    plan_apic_mode(m, o, o->root) || model_build_memory(m, host))
		return -1;
	num = pci_scan(o->root, &devices);
	if (num < 0)
		return -1;
	err = model_build_devices(m, host, devices, num);
	free(devices);
	return err;
}

static int write_output(const struct model *m, const char *path)
{
	char tmp[4096];
	FILE *out;

	if (!strcmp(path, "-"))
		return model_emit(m, stdout);
	/* Write beside and rename: a failed run leaves no half file. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	out = fopen(tmp, "w");
	if (!out) {
		fprintf(stderr, "%s: %s\n", tmp, strerror(errno));
		return -1;
	}
	if (model_emit(m, out) | fclose(out) || rename(tmp, path)) {
		fprintf(stderr, "%s: cannot write: %s\n", path,
			strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int config_create_main(int argc, char **argv)
{
	struct create_options o = { .root = "/",
				    .hypervisor_size =
					    DEFAULT_HYPERVISOR_SIZE };
	struct host_info *host = calloc(1, sizeof(*host));
	struct model *m = calloc(1, sizeof(*m));
	int rc = parse_options(argc, argv, &o);

	if (rc == 1) /* --help */
		rc = 0;
	if (rc || !host || !m || (!o.output && !o.binary))
		goto out;
	rc = 1;
	if (o.name && !valid_name(o.name)) {
		fprintf(stderr,
			"config create: --name '%s': 1-%d letters, digits, "
			"'-', '_' or '.'\n",
			o.name, JAILHOUSE_CELL_NAME_MAXLEN);
		goto out;
	}
	if (host_hypervisor_enabled(o.root)) {
		fprintf(stderr,
			"config create: the hypervisor is enabled (%s/sys/"
			"devices/jailhouse/enabled is 1): Linux's view of the "
			"machine is then the root cell's, not the machine's; run "
			"'jailhouse disable' first\n",
			strcmp(o.root, "/") ? o.root : "");
		goto out;
	}
	m->source = strcmp(o.root, "/") ? o.root : "the live system";
	if (host_info_read(o.root, host) || build_model(m, &o, host) ||
	    (o.output && write_output(m, o.output)) ||
	    (o.binary && model_write_cell(m, o.binary)))
		goto out;
	rc = 0;
	if (!o.output || strcmp(o.output, "-"))
		fprintf(stderr,
			"%s: written (%u memory regions, %u IOAPICs, %u "
			"PCI devices, %u IOMMU units, %u warnings)\n",
			o.output ? o.output : o.binary, m->num_regions,
			m->num_irqchips, m->num_pci,
			m->platform.num_iommu_units, cfg_warnings);
out:
	free(host);
	free(m);
	return rc;
}
