// SPDX-License-Identifier: GPL-2.0
/*
 * pci-port: configuration space through ports 0xcf8/0xcfc, past Linux's
 * PCI core, as a root that ignores what Linux knows would do it.  For the
 * scenarios that check that the root cannot reach a device a cell owns.
 *
 *   pci-port read BB:DD.F REG          prints the dword at REG (hex)
 *   pci-port write BB:DD.F REG VALUE   writes the dword VALUE at REG
 *
 * REG is a dword-aligned offset below 0x100; numbers in C notation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>

static int parse_bdf(const char *text, unsigned int *bdf)
{
	unsigned int bus, dev, fn;
	char end;

	if (sscanf(text, "%x:%x.%x%c", &bus, &dev, &fn, &end) != 3 ||
	    bus > 0xff || dev > 0x1f || fn > 7)
		return -1;
	*bdf = bus << 8 | dev << 3 | fn;
	return 0;
}

static int parse_number(const char *text, unsigned long max,
			unsigned long *value)
{
	char *end;

	*value = strtoul(text, &end, 0);
	return *end || end == text || *value > max ? -1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: pci-port read BB:DD.F REG\n"
			"       pci-port write BB:DD.F REG VALUE\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long reg, value = 0;
	unsigned int bdf;
	int write;

	if (argc < 4)
		return usage();
	write = !strcmp(argv[1], "write");
	if ((!write && strcmp(argv[1], "read")) || argc != (write ? 5 : 4))
		return usage();
	if (parse_bdf(argv[2], &bdf) || parse_number(argv[3], 0xfc, &reg) ||
	    reg % 4 || (write && parse_number(argv[4], 0xffffffffUL, &value))) {
		fprintf(stderr, "pci-port: bad device, register or value\n");
		return 2;
	}
	if (iopl(3)) {
		perror("pci-port: iopl");
		return 1;
	}
	outl(0x80000000U | bdf << 8 | reg, 0xcf8);
	if (write)
		outl(value, 0xcfc);
	else
		printf("0x%08x\n", inl(0xcfc));
	return 0;
}
