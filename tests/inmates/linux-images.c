// SPDX-License-Identifier: GPL-2.0
/*
 * linux-images BZIMAGE RAM-MIB CMDLINE OUTDIR [INITRD]
 *
 * The pieces `jailhouse cell linux` would load into a cell, for the QEMU
 * PC of tests/inmates/run (RAM-MIB of RAM, the fake communication region
 * at 1 MiB): OUTDIR/boot-data.bin (zero page, Jailhouse setup_data,
 * command line), OUTDIR/kernel.bin (the protected-mode part) and
 * OUTDIR/params.bin (the linux-loader's parameter string).  Prints the
 * two addresses as "ZERO_PAGE KERNEL" (hex) for QEMU's loader devices;
 * with INITRD also where it goes: "ZERO_PAGE KERNEL INITRD" (the test
 * loads the file itself there).
 * Uses the CLI's own code (tools/linux-boot.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux-boot.h"

#define MIB (1024ULL * 1024)

static void *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, got;

	*len = 0;
	if (!f)
		return NULL;
	do {
		cap += 16 * MIB;
		buf = realloc(buf, cap);
		if (!buf)
			break;
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
	} while (buf && *len == cap);
	fclose(f);
	return buf;
}

static int write_all(const char *dir, const char *name, const void *data,
		     size_t len)
{
	char path[4096];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	static struct linux_boot boot;
	struct linux_range ram[3] = {
		{ 0, 0x9f000, E820_RAM },
		{ 0x100000, 0x1000, E820_RESERVED },
		{ 0x200000, 0, E820_RAM },
	};
	char why[256];
	size_t len, initrd_len = 0;
	void *bz, *initrd;

	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: linux-images BZIMAGE RAM-MIB CMDLINE "
				"OUTDIR [INITRD]\n");
		return 2;
	}
	if (argc == 6) {
		initrd = read_all(argv[5], &initrd_len);
		if (!initrd) {
			perror(argv[5]);
			return 1;
		}
		free(initrd);
	}
	ram[2].size = strtoull(argv[2], NULL, 0) * MIB - 0x200000;
	bz = read_all(argv[1], &len);
	if (!bz) {
		perror(argv[1]);
		return 1;
	}
	if (linux_boot_prepare(bz, len, initrd_len, argv[3], ram, 3, 0x101000,
			       0, 0, &boot, why, sizeof(why))) {
		fprintf(stderr, "%s %s\n", argv[1], why);
		return 1;
	}
	if (write_all(argv[4], "boot-data.bin", boot.boot_data,
		      boot.boot_data_size) ||
	    write_all(argv[4], "kernel.bin", boot.image.kernel,
		      boot.image.kernel_size) ||
	    write_all(argv[4], "params.bin", boot.params,
		      strlen(boot.params) + 1)) {
		perror(argv[4]);
		return 1;
	}
	printf("%llx %llx", (unsigned long long)boot.layout.zero_page,
	       (unsigned long long)boot.layout.kernel);
	if (initrd_len)
		printf(" %llx", (unsigned long long)boot.layout.initrd);
	printf("\n");
	return 0;
}
