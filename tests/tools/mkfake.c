// SPDX-License-Identifier: GPL-2.0
/*
 * Builds the binary parts of a fake system tree for the golden tests from
 * a readable description, so that fixtures stay reviewable text:
 *
 *   pci DOMAIN:BUS:DEV.FN VENDOR DEVICE CLASS
 *       [bridge=SECONDARY[-SUBORDINATE] [window=io|mem|pref,BASE,LIMIT]...]
 *       [barN=mem32|mem64|io,BASE,SIZE] [msi=VECTORS[,64][,mask]]
 *       [msix=VECTORS,BIR,OFFSET[,PBA_BIR,PBA_OFFSET]] [pm] [pcie]
 *       [ext=ID,SIZE]...
 *     -> sys/bus/pci/devices/D:B:D.F/{config,resource,vendor,device,class}
 *   A bridge's memory window is closed (base above limit, as Linux leaves
 *   an unused one) unless given; I/O and prefetchable windows are absent
 *   (registers 0) unless given; a prefetchable window above 4 GiB is
 *   64-bit, an I/O window above 64 KiB 32-bit.
 *   Capabilities are laid out in the order given, from 0x40; the PBA is at
 *   OFFSET + 0x800 in the table's BAR unless given.  ext= adds a PCIe
 *   extended capability (SIZE bytes, from 0x100) and makes the config
 *   space 4 KiB, as Linux shows it for a PCIe function.
 *   msr CPU INDEX VALUE        -> dev/cpu/CPU/msr, VALUE at offset INDEX * 8
 *   cpuid CPU LEAF EAX EBX ECX EDX -> dev/cpu/CPU/cpuid at offset LEAF * 16
 *
 * (the layout host_read_msr() expects of a regular file standing in for
 * the msr and cpuid devices)
 *
 * Usage: mkfake SPEC TREE
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bar {
	int type; /* 0 none, 1 mem32, 2 mem64, 3 io */
	unsigned long long base, size;
};

static const char *tree;
static unsigned int lineno;

static void die(const char *what)
{
	fprintf(stderr, "mkfake: line %u: %s\n", lineno, what);
	exit(1);
}

static void mkdirs(const char *path)
{
	char buf[4096], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			if (mkdir(buf, 0755) && errno != EEXIST)
				die("cannot create a directory");
			*p = '/';
		}
}

static void write_at(const char *rel, const void *data, size_t len, off_t off,
		     int truncate)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tree, rel);
	mkdirs(path);
	fd = open(path, O_WRONLY | O_CREAT | (truncate ? O_TRUNC : 0), 0644);
	if (fd < 0 || pwrite(fd, data, len, off) != (ssize_t)len)
		die("cannot write a file");
	close(fd);
}

static void put16(uint8_t *c, unsigned int off, unsigned int v)
{
	c[off] = v;
	c[off + 1] = v >> 8;
}

static void put32(uint8_t *c, unsigned int off, unsigned long v)
{
	put16(c, off, v & 0xffff);
	put16(c, off + 2, v >> 16);
}

/* Appends a capability at *pos and links it; returns its offset. */
static unsigned int add_cap(uint8_t *c, unsigned int *pos, unsigned int *link,
			    uint8_t id, unsigned int len)
{
	unsigned int at = *pos;

	c[*link] = at;
	c[at] = id;
	*link = at + 1;
	*pos = (at + len + 3) & ~3u;
	c[6] |= 0x10; /* status: capability list */
	return at;
}

/*
 * Appends an extended capability (ID,SIZE) at *pos (from 0x100) and links
 * the previous one to it: header bits 15:0 ID, 19:16 version 1, 31:20 the
 * next capability's offset.
 */
static void add_ext_cap(uint8_t *c, unsigned int *pos, unsigned int *link,
			const char *arg)
{
	unsigned int id, size, at = *pos;

	if (sscanf(arg, "%x,%x", &id, &size) != 2 || !size ||
	    at + size > 0x1000)
		die("ext=ID,SIZE (hex), within 4 KiB");
	if (*link)
		put16(c, *link + 2, (c[*link + 2] & 0x0f) | at << 4);
	put16(c, at, id);
	put16(c, at + 2, 0x1);
	*link = at;
	*pos = (at + size + 3) & ~3u;
}

static void parse_bar(const char *arg, struct bar *bars)
{
	unsigned int n = arg[3] - '0';
	char type[8], base[32], size[32];

	if (n > 5 ||
	    sscanf(arg + 5, "%7[^,],%31[^,],%31s", type, base, size) != 3)
		die("bar: barN=mem32|mem64|io,BASE,SIZE");
	bars[n].base = strtoull(base, NULL, 0);
	bars[n].size = strtoull(size, NULL, 0);
	bars[n].type = !strcmp(type, "mem32") ? 1 :
		       !strcmp(type, "mem64") ? 2 :
		       !strcmp(type, "io")    ? 3 :
						(die("bar type"), 0);
}

/* window=io|mem|pref,BASE,LIMIT in a type-1 header (0x1c-0x33) */
static void parse_window(const char *arg, uint8_t *c)
{
	char type[8], base_text[32], limit_text[32];
	unsigned long long base, limit;

	if (sscanf(arg, "%7[^,],%31[^,],%31s", type, base_text, limit_text) !=
	    3)
		die("window=io|mem|pref,BASE,LIMIT");
	base = strtoull(base_text, NULL, 0);
	limit = strtoull(limit_text, NULL, 0);
	if (!strcmp(type, "io")) {
		int wide = limit > 0xffff;

		c[0x1c] = (base >> 8 & 0xf0) | wide;
		c[0x1d] = (limit >> 8 & 0xf0) | wide;
		put16(c, 0x30, base >> 16);
		put16(c, 0x32, limit >> 16);
	} else if (!strcmp(type, "mem")) {
		put16(c, 0x20, base >> 16 & 0xfff0);
		put16(c, 0x22, limit >> 16 & 0xfff0);
	} else if (!strcmp(type, "pref")) {
		int wide = limit > 0xffffffffULL;

		put16(c, 0x24, (base >> 16 & 0xfff0) | wide);
		put16(c, 0x26, (limit >> 16 & 0xfff0) | wide);
		put32(c, 0x28, base >> 32);
		put32(c, 0x2c, limit >> 32);
	} else {
		die("window type");
	}
}

static void write_bars(uint8_t *c, const struct bar *bars, FILE *res)
{
	unsigned int n;

	for (n = 0; n < 6; n++) {
		const struct bar *b = &bars[n];
		unsigned long flags = 0;

		if (b->type == 1 || b->type == 2) {
			put32(c, 0x10 + 4 * n,
			      b->base | (b->type == 2 ? 4 : 0));
			if (b->type == 2 && n < 5)
				put32(c, 0x14 + 4 * n, b->base >> 32);
			flags = 0x200 | (b->type == 2 ? 0x100004 : 0);
		} else if (b->type == 3) {
			put32(c, 0x10 + 4 * n, b->base | 1);
			flags = 0x101;
		}
		if (b->type)
			fprintf(res, "0x%016llx 0x%016llx 0x%016lx\n", b->base,
				b->base + b->size - 1, flags);
		else
			fprintf(res, "0x%016x 0x%016x 0x%016x\n", 0, 0, 0);
	}
	fprintf(res, "0x%016x 0x%016x 0x%016x\n", 0, 0, 0);
}

static void pci_line(char *args)
{
	unsigned int dom, bus, dev, fn, vendor, device, class;
	unsigned int pos = 0x40, link = 0x34, ext_pos = 0x100, ext_link = 0;
	struct bar bars[6] = { { 0, 0, 0 } };
	char dir[128], text[64], *arg, *save;
	uint8_t config[4096] = { 0 };
	size_t config_size = 256;
	char resource[1024];
	FILE *res;

	if (sscanf(args, "%x:%x:%x.%x %x %x %x", &dom, &bus, &dev, &fn, &vendor,
		   &device, &class) != 7)
		die("pci: DOMAIN:BUS:DEV.FN VENDOR DEVICE CLASS ...");
	put16(config, 0, vendor);
	put16(config, 2, device);
	put16(config, 4, 0x0007);
	config[9] = class;
	config[10] = class >> 8;
	config[11] = class >> 16;
	strtok_r(args, " \n", &save);
	for (unsigned int skip = 0; skip < 3; skip++)
		strtok_r(NULL, " \n", &save);
	while ((arg = strtok_r(NULL, " \n", &save))) {
		unsigned int vectors = 0, bir = 0, at;
		unsigned long offset = 0;

		if (!strncmp(arg, "bridge=", 7)) {
			char *end;

			config[0x0e] = 1;
			config[0x18] = bus;
			config[0x19] = strtoul(arg + 7, &end, 0);
			config[0x1a] = *end == '-' ? strtoul(end + 1, NULL, 0) :
						     config[0x19];
			put16(config, 0x20, 0xfff0); /* memory window closed */
		} else if (!strncmp(arg, "window=", 7)) {
			parse_window(arg + 7, config);
		} else if (!strncmp(arg, "bar", 3)) {
			parse_bar(arg, bars);
		} else if (!strncmp(arg, "msi=", 4)) {
			int is64 = strstr(arg, ",64") != NULL;
			int mask = strstr(arg, ",mask") != NULL;
			unsigned int mmc = 0;

			vectors = strtoul(arg + 4, NULL, 0);
			while ((1u << mmc) < vectors)
				mmc++;
			at = add_cap(config, &pos, &link, 0x05,
				     10 + (is64 ? 4 : 0) + (mask ? 10 : 0));
			put16(config, at + 2,
			      mmc << 1 | (is64 ? 0x80 : 0) |
				      (mask ? 0x100 : 0));
		} else if (!strncmp(arg, "msix=", 5)) {
			unsigned int pba_bir;
			unsigned long pba_offset;
			int n = sscanf(arg + 5, "%u,%u,%lx,%u,%lx", &vectors,
				       &bir, &offset, &pba_bir, &pba_offset);

			if (n != 3 && n != 5)
				die("msix=VECTORS,BIR,OFFSET[,PBA_BIR,PBA_OFFSET] "
				    "(offsets hex)");
			if (n == 3) {
				pba_bir = bir;
				pba_offset = offset + 0x800;
			}
			at = add_cap(config, &pos, &link, 0x11, 12);
			put16(config, at + 2, vectors - 1);
			put32(config, at + 4, offset | bir);
			put32(config, at + 8, pba_offset | pba_bir);
		} else if (!strcmp(arg, "pm")) {
			add_cap(config, &pos, &link, 0x01, 8);
		} else if (!strcmp(arg, "pcie")) {
			add_cap(config, &pos, &link, 0x10, 0x3c);
		} else if (!strncmp(arg, "ext=", 4)) {
			add_ext_cap(config, &ext_pos, &ext_link, arg + 4);
			config_size = sizeof(config);
		} else {
			die("unknown pci option");
		}
	}
	res = fmemopen(resource, sizeof(resource), "w");
	write_bars(config, bars, res);
	fclose(res);
	snprintf(dir, sizeof(dir), "sys/bus/pci/devices/%04x:%02x:%02x.%x", dom,
		 bus, dev, fn);
#define WRITE_TEXT(name, fmt, value)                           \
	do {                                                   \
		char p[192];                                   \
		snprintf(p, sizeof(p), "%s/" name, dir);       \
		snprintf(text, sizeof(text), fmt "\n", value); \
		write_at(p, text, strlen(text), 0, 1);         \
	} while (0)
	WRITE_TEXT("vendor", "0x%04x", vendor);
	WRITE_TEXT("device", "0x%04x", device);
	WRITE_TEXT("class", "0x%06x", class);
	{
		char p[192];

		snprintf(p, sizeof(p), "%s/resource", dir);
		write_at(p, resource, strlen(resource), 0, 1);
		snprintf(p, sizeof(p), "%s/config", dir);
		write_at(p, config, config_size, 0, 1);
	}
}

static void msr_line(const char *args)
{
	unsigned long long index, value;
	char path[64], idx[32], val[32];
	unsigned int cpu;

	/* strtoull: values above LLONG_MAX are common in capability MSRs. */
	if (sscanf(args, "%u %31s %31s", &cpu, idx, val) != 3)
		die("msr CPU INDEX VALUE");
	index = strtoull(idx, NULL, 0);
	value = strtoull(val, NULL, 0);
	snprintf(path, sizeof(path), "dev/cpu/%u/msr", cpu);
	write_at(path, &value, 8, index * 8, 0);
}

static void cpuid_line(const char *args)
{
	char path[64], text[5][32];
	unsigned int cpu, leaf, regs[4], n;

	if (sscanf(args, "%u %31s %31s %31s %31s %31s", &cpu, text[0], text[1],
		   text[2], text[3], text[4]) != 6)
		die("cpuid CPU LEAF EAX EBX ECX EDX");
	leaf = strtoul(text[0], NULL, 0);
	for (n = 0; n < 4; n++)
		regs[n] = strtoul(text[n + 1], NULL, 0);
	snprintf(path, sizeof(path), "dev/cpu/%u/cpuid", cpu);
	write_at(path, regs, sizeof(regs), (off_t)leaf * 16, 0);
}

int main(int argc, char **argv)
{
	char line[1024];
	FILE *spec;

	if (argc != 3 || !(spec = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: mkfake SPEC TREE\n");
		return 2;
	}
	tree = argv[2];
	while (fgets(line, sizeof(line), spec)) {
		lineno++;
		if (!strncmp(line, "pci ", 4))
			pci_line(line + 4);
		else if (!strncmp(line, "msr ", 4))
			msr_line(line + 4);
		else if (!strncmp(line, "cpuid ", 6))
			cpuid_line(line + 6);
		else if (line[0] != '#' && line[0] != '\n')
			die("expected pci, msr, cpuid or a # comment");
	}
	fclose(spec);
	return 0;
}
