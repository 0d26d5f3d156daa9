// SPDX-License-Identifier: GPL-2.0
/* Reading the facts `config create` needs from a (copied) system tree. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config-diag.h"
#include "host-info.h"

int host_read_file(const char *root, const char *path, char **buf, size_t *len)
{
	size_t cap = 4096, used = 0;
	char full[4096];
	ssize_t n;
	char *data;
	int fd;

	snprintf(full, sizeof(full), "%s/%s", root, path);
	fd = open(full, O_RDONLY);
	if (fd < 0)
		return -1;
	data = malloc(cap + 1);
	while (data) {
		n = read(fd, data + used, cap - used);
		if (n <= 0)
			break;
		used += n;
		if (used == cap) {
			char *bigger = realloc(data, (cap *= 2) + 1);

			if (!bigger)
				free(data);
			data = bigger;
		}
	}
	close(fd);
	if (!data || n < 0) {
		free(data);
		return -1;
	}
	data[used] = 0;
	*buf = data;
	*len = used;
	return 0;
}

/* One register file of sysfs unit dmar@n, in hex; 0, or -1 if unreadable. */
static int read_dmar_reg(const char *root, unsigned int n, const char *reg,
			 __u64 *value)
{
	char path[128], *text;
	size_t len;

	snprintf(path, sizeof(path), "sys/class/iommu/dmar%u/intel-iommu/%s", n,
		 reg);
	if (host_read_file(root, path, &text, &len))
		return -1;
	*value = strtoull(text, NULL, 16);
	free(text);
	return 0;
}

int host_read_vtd_regs(const char *root, __u64 base, __u64 *cap, __u64 *ecap)
{
	__u64 address;
	unsigned int n;

	/* Linux numbers the units dmar0... in its own order, not the DMAR's. */
	for (n = 0; n < 16; n++)
		if (read_dmar_reg(root, n, "address", &address) == 0 &&
		    address == base)
			return read_dmar_reg(root, n, "cap", cap) ||
					       read_dmar_reg(root, n, "ecap",
							     ecap) ?
				       -1 :
				       0;
	return -1;
}

static int iomem_parse_line(const char *line, struct iomem_entry *e)
{
	const char *p = line;
	unsigned long long start, end;
	int consumed = 0;
	size_t n;

	while (*p == ' ')
		p++;
	e->level = (p - line) / 2;
	if (sscanf(p, "%llx-%llx : %n", &start, &end, &consumed) < 2 ||
	    !consumed || end < start)
		return -1;
	e->start = start;
	e->end = end;
	p += consumed;
	n = strcspn(p, "\n");
	if (n >= sizeof(e->name))
		n = sizeof(e->name) - 1;
	memcpy(e->name, p, n);
	e->name[n] = 0;
	return 0;
}

int host_parse_iomem(const char *text, struct host_info *host)
{
	const char *line = text;
	unsigned int lineno = 1;

	host->num_iomem = 0;
	for (; *line; lineno++) {
		const char *next = strchr(line, '\n');
		struct iomem_entry e;

		if (iomem_parse_line(line, &e) == 0) {
			if (host->num_iomem >= HOST_MAX_IOMEM) {
				cfg_warn("/proc/iomem: more than %d entries; "
					 "rest ignored",
					 HOST_MAX_IOMEM);
				break;
			}
			host->iomem[host->num_iomem++] = e;
		} else if (line[0] != '\n') {
			cfg_warn("/proc/iomem: line %u is not \"start-end : "
				 "name\"; ignored",
				 lineno);
		}
		if (!next)
			break;
		line = next + 1;
	}
	return 0;
}

int host_parse_cpu_list(const char *text, __u8 *bitmap, unsigned int max)
{
	const char *p = text;
	unsigned long a, b, cpu;
	char *end;
	int count = 0;

	memset(bitmap, 0, max / 8);
	while (*p && *p != '\n') {
		a = strtoul(p, &end, 10);
		if (end == p)
			return -1;
		b = a;
		if (*end == '-') {
			p = end + 1;
			b = strtoul(p, &end, 10);
			if (end == p || b < a)
				return -1;
		}
		if (b >= max)
			return -1;
		for (cpu = a; cpu <= b; cpu++, count++)
			bitmap[cpu / 8] |= 1 << (cpu % 8);
		p = end;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -1;
	}
	return count ? count : -1;
}

int host_parse_size(const char *text, __u64 *value, const char **end)
{
	unsigned long long v;
	char *e;

	errno = 0;
	v = strtoull(text, &e, 0);
	if (e == text || errno || *text == '-')
		return -1;
	switch (*e) {
	case 'G':
	case 'g':
		v <<= 10; /* fall through */
	case 'M':
	case 'm':
		v <<= 10; /* fall through */
	case 'K':
	case 'k':
		v <<= 10;
		e++;
		break;
	}
	*value = v;
	if (end)
		*end = e;
	else if (*e)
		return -1;
	return 0;
}

int host_find_memmap(const char *cmdline, __u64 *base, __u64 *size)
{
	const char *p = cmdline;
	const char *end;

	while ((p = strstr(p, "memmap="))) {
		if (p != cmdline && !isspace((unsigned char)p[-1])) {
			p++;
			continue;
		}
		p += 7;
		if (host_parse_size(p, size, &end))
			continue;
		/* The '$' is often escaped for a boot loader: accept "\$". */
		if (*end == '\\')
			end++;
		if (*end != '$')
			continue;
		if (host_parse_size(end + 1, base, &end) == 0 &&
		    (!*end || isspace((unsigned char)*end)))
			return 0;
	}
	return -1;
}

static int host_read_cpus(const char *root, struct host_info *host)
{
	char *text;
	size_t len;
	int n;

	if (host_read_file(root, "sys/devices/system/cpu/present", &text,
			   &len)) {
		fprintf(stderr,
			"cannot read %s/sys/devices/system/cpu/present: "
			"%s\n",
			root, strerror(errno));
		return -1;
	}
	n = host_parse_cpu_list(text, host->cpu_present, HOST_MAX_CPUS);
	free(text);
	if (n < 0) {
		fprintf(stderr,
			"%s/sys/devices/system/cpu/present is not a "
			"list of CPUs below %d\n",
			root, HOST_MAX_CPUS);
		return -1;
	}
	host->num_cpus = n;
	return 0;
}

static void host_read_acpi(const char *root, struct acpi_info *acpi)
{
	char dirname[4096], path[4200];
	struct dirent *de;
	DIR *dir;

	acpi_info_init(acpi);
	snprintf(dirname, sizeof(dirname), "%s/sys/firmware/acpi/tables", root);
	dir = opendir(dirname);
	if (!dir) {
		cfg_warn("%s: %s; no ACPI tables read", dirname,
			 strerror(errno));
		return;
	}
	while ((de = readdir(dir))) {
		const char *want[] = { "APIC", "MCFG", "DMAR", "FACP", "HPET" };
		unsigned int n;
		size_t len;
		char *buf;

		for (n = 0; n < sizeof(want) / sizeof(want[0]); n++)
			if (!strncmp(de->d_name, want[n], 4))
				break;
		if (n == sizeof(want) / sizeof(want[0]))
			continue;
		snprintf(path, sizeof(path), "sys/firmware/acpi/tables/%s",
			 de->d_name);
		if (host_read_file(root, path, &buf, &len)) {
			cfg_warn("%s/%s: %s; table ignored", root, path,
				 strerror(errno));
			continue;
		}
		acpi_parse_table(de->d_name, (const __u8 *)buf, len, acpi);
		free(buf);
	}
	closedir(dir);
}

int host_info_read(const char *root, struct host_info *host)
{
	size_t len;
	char *text;

	memset(host, 0, sizeof(*host));
	host->root = root;
	if (host_read_file(root, "proc/iomem", &text, &len)) {
		fprintf(stderr, "cannot read %s/proc/iomem: %s\n", root,
			strerror(errno));
		return -1;
	}
	host_parse_iomem(text, host);
	free(text);
	if (host->num_iomem && !host->iomem[host->num_iomem - 1].end) {
		fprintf(stderr,
			"%s/proc/iomem shows only zero addresses: it "
			"must be read as root\n",
			root);
		return -1;
	}
	if (host_read_file(root, "proc/cmdline", &text, &len) == 0) {
		snprintf(host->cmdline, sizeof(host->cmdline), "%s", text);
		host->cmdline[strcspn(host->cmdline, "\n")] = 0;
		free(text);
	} else {
		cfg_warn("cannot read %s/proc/cmdline: %s", root,
			 strerror(errno));
	}
	if (host_read_cpus(root, host))
		return -1;
	host_read_acpi(root, &host->acpi);
	return 0;
}

int host_hypervisor_enabled(const char *root)
{
	size_t len;
	char *text;
	int on;

	if (host_read_file(root, "sys/devices/jailhouse/enabled", &text, &len))
		return 0;
	on = text[0] == '1';
	free(text);
	return on;
}

static int serial_sysfs_exists(const char *root, unsigned int port)
{
	char path[128], *text;
	unsigned int n;
	size_t len;
	int found = -1;

	for (n = 0; n < 32 && found < 0; n++) {
		unsigned long p;

		snprintf(path, sizeof(path), "sys/class/tty/ttyS%u/port", n);
		if (host_read_file(root, path, &text, &len))
			continue;
		p = strtoul(text, NULL, 0);
		free(text);
		if (p != port)
			continue;
		/* type 0 is PORT_UNKNOWN: nothing answered the probe. */
		snprintf(path, sizeof(path), "sys/class/tty/ttyS%u/type", n);
		if (host_read_file(root, path, &text, &len))
			continue;
		found = atoi(text) != 0;
		free(text);
	}
	return found;
}

int host_serial_exists(const char *root, unsigned int port)
{
	char want[32], *text;
	size_t len;
	int found;

	found = serial_sysfs_exists(root, port);
	if (found >= 0)
		return found;
	if (host_read_file(root, "proc/ioports", &text, &len))
		return 0;
	snprintf(want, sizeof(want), "%04x-%04x : serial", port, port + 7);
	found = strstr(text, want) != NULL;
	free(text);
	return found;
}

static int read_cpu_register(const char *root, unsigned int cpu,
			     const char *dev, __u64 index, void *buf,
			     size_t len)
{
	char path[4096];
	struct stat st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/dev/cpu/%u/%s", root, cpu, dev);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) == 0 && !S_ISCHR(st.st_mode))
		index *= len;
	n = pread(fd, buf, len, index);
	close(fd);
	return n == (ssize_t)len ? 0 : -EIO;
}

int host_read_msr(const char *root, unsigned int cpu, __u32 index, __u64 *value)
{
	return read_cpu_register(root, cpu, "msr", index, value, 8);
}

int host_read_cpuid(const char *root, unsigned int cpu, __u64 leaf,
		    __u32 regs[4])
{
	return read_cpu_register(root, cpu, "cpuid", leaf, regs, 16);
}
