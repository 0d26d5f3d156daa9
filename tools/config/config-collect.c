// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse config collect [--root DIR] [--list] ARCHIVE.tar`: archives
 * what `config create` reads, so that the config can be generated on
 * another machine with `config create --root TREE` after `tar xf`.
 *
 * The archive is written here in C (tar-writer.c) rather than by running
 * tar: procfs and sysfs files report sizes (0, 4096) that have nothing to
 * do with their contents, and a tar that trusts stat() archives
 * /proc/iomem as an empty file.  It also keeps the collector free of any
 * dependency on the target's tar flavour.  --list prints the paths for
 * targets where even this binary cannot run (see
 * Documentation/config-tools.md for the shell loop that copies them).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-commands.h"
#include "config-diag.h"
#include "host-info.h"
#include "tar-writer.h"

#define MSR_IA32_APIC_BASE 0x1b

/* Plain files config create reads; missing ones are simply left out. */
static const char *const fixed_files[] = {
	"proc/iomem",
	"proc/ioports",
	"proc/cmdline",
	"proc/cpuinfo",
	"sys/devices/system/cpu/present",
	"sys/devices/system/cpu/online",
	"sys/devices/system/cpu/possible",
};

/* Per PCI device: what libpci's sysfs back end reads. */
static const char *const pci_files[] = {
	"config",   "resource",		"irq",
	"vendor",   "device",		"class",
	"revision", "subsystem_vendor", "subsystem_device",
};

struct collector {
	const char *root;
	FILE *out; /* NULL: --list */
	unsigned int files;
	int failed;
};

static void collect_file(struct collector *c, const char *path)
{
	size_t len;
	char *data;

	if (host_read_file(c->root, path, &data, &len))
		return;
	if (!c->out)
		printf("%s\n", path);
	else if (tar_add_file(c->out, path, data, len)) {
		fprintf(stderr,
			"config collect: cannot archive %s (name too "
			"long or write error)\n",
			path);
		c->failed = 1;
	}
	c->files++;
	free(data);
}

/* Calls collect_file for @leaf in each entry of DIR whose name starts with @prefix. */
static void collect_dir(struct collector *c, const char *dir,
			const char *prefix, const char *const *leaves,
			unsigned int num_leaves)
{
	char full[4096], path[4096];
	struct dirent *de;
	unsigned int n;
	DIR *d;

	snprintf(full, sizeof(full), "%s/%s", c->root, dir);
	d = opendir(full);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, prefix, strlen(prefix)))
			continue;
		for (n = 0; n < num_leaves; n++) {
			snprintf(path, sizeof(path), "%s/%s%s%s", dir,
				 de->d_name, leaves[n][0] ? "/" : "",
				 leaves[n]);
			collect_file(c, path);
		}
	}
	closedir(d);
}

/*
 * IA32_APIC_BASE of CPU 0 (which APIC mode Linux runs), stored in a
 * regular file standing in for the msr device: the value at offset
 * 0x1b * 8, where host_read_msr() looks in a copied tree.
 */
static void collect_apic_base(struct collector *c)
{
	unsigned char data[(MSR_IA32_APIC_BASE + 1) * 8] = { 0 };
	__u64 value;

	if (host_read_msr(c->root, 0, MSR_IA32_APIC_BASE, &value))
		return;
	memcpy(data + MSR_IA32_APIC_BASE * 8, &value, 8);
	if (!c->out)
		printf("# dev/cpu/0/msr: IA32_APIC_BASE, not a file to copy\n");
	else if (tar_add_file(c->out, "dev/cpu/0/msr", data, sizeof(data)))
		c->failed = 1;
	c->files++;
}

static void collect_all(struct collector *c)
{
	static const char *const tty_files[] = { "port", "type" };
	static const char *const iommu_files[] = { "intel-iommu/address",
						   "intel-iommu/cap",
						   "intel-iommu/ecap" };
	static const char *const table[] = { "" };
	unsigned int n;

	for (n = 0; n < sizeof(fixed_files) / sizeof(fixed_files[0]); n++)
		collect_file(c, fixed_files[n]);
	collect_dir(c, "sys/firmware/acpi/tables", "", table, 1);
	collect_dir(c, "sys/bus/pci/devices", "", pci_files,
		    sizeof(pci_files) / sizeof(pci_files[0]));
	collect_dir(c, "sys/class/tty", "ttyS", tty_files, 2);
	collect_dir(c, "sys/class/iommu", "dmar", iommu_files, 3);
	collect_apic_base(c);
}

static int collect_usage(FILE *out)
{
	fprintf(out, "usage: jailhouse config collect [--root DIR] ARCHIVE.tar "
		     "(- for stdout)\n"
		     "       jailhouse config collect [--root DIR] --list\n");
	return out == stdout ? 0 : 2;
}

int config_collect_main(int argc, char **argv)
{
	struct collector c = { .root = "/" };
	const char *archive = NULL;
	int n, list = 0;

	for (n = 1; n < argc; n++) {
		if (!strcmp(argv[n], "--root") && n + 1 < argc)
			c.root = argv[++n];
		else if (!strcmp(argv[n], "--list"))
			list = 1;
		else if (!strcmp(argv[n], "--help") || !strcmp(argv[n], "-h"))
			return collect_usage(stdout);
		else if (!archive && (argv[n][0] != '-' || !argv[n][1]))
			archive = argv[n];
		else
			return collect_usage(stderr);
	}
	if (list == !!archive)
		return collect_usage(stderr);
	if (host_hypervisor_enabled(c.root)) {
		fprintf(stderr,
			"config collect: the hypervisor is enabled: "
			"Linux now sees the root cell, not the machine; run "
			"'jailhouse disable' first\n");
		return 1;
	}
	if (archive) {
		c.out = strcmp(archive, "-") ? fopen(archive, "wb") : stdout;
		if (!c.out) {
			fprintf(stderr, "%s: %s\n", archive, strerror(errno));
			return 1;
		}
	}
	collect_all(&c);
	if (c.out && (tar_finish(c.out) || (c.out != stdout && fclose(c.out))))
		c.failed = 1;
	if (!c.files) {
		fprintf(stderr, "config collect: nothing readable below %s\n",
			c.root);
		return 1;
	}
	if (archive && strcmp(archive, "-"))
		fprintf(stderr, "%s: %u files%s\n", archive, c.files,
			c.failed ? ", with errors" : "");
	return c.failed;
}
