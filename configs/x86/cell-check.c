// SPDX-License-Identifier: GPL-2.0
/*
 * Build-time check of a compiled config: does the data the C file produced
 * fit the ABI?  Names the field that is wrong, so that a config author sees
 * "mem_regions: header says 5 entries, file holds 4" instead of a
 * mysterious refusal at run time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <common/config-validate.h>
#include <jailhouse/config.h>

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(1);
	}
	buf = malloc(len ? len : 1);
	if (!buf || fread(buf, 1, len, f) != (size_t)len) {
		fprintf(stderr, "%s: cannot read\n", path);
		exit(1);
	}
	fclose(f);
	*size = len;
	return buf;
}

static int check_header(const char *src, const char *sig, __u16 revision)
{
	if (memcmp(sig, JAILHOUSE_SYSTEM_SIGNATURE, JAILHOUSE_SIGNATURE_SIZE) &&
	    memcmp(sig, JAILHOUSE_CELL_SIGNATURE, JAILHOUSE_SIGNATURE_SIZE)) {
		fprintf(stderr,
			"%s: signature: neither \"%s\" nor \"%s\" "
			"(is the config in section .config?)\n",
			src, JAILHOUSE_SYSTEM_SIGNATURE,
			JAILHOUSE_CELL_SIGNATURE);
		return 1;
	}
	if (revision != JAILHOUSE_CONFIG_REVISION) {
		fprintf(stderr, "%s: revision: %u, this ABI is revision %u\n",
			src, revision, (unsigned int)JAILHOUSE_CONFIG_REVISION);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char msg[JAILHOUSE_MSG_MAX];
	const struct jailhouse_cell_desc *cell;
	size_t size, expected;
	unsigned char *buf;
	const char *src;
	int is_system;

	if (argc != 3) {
		fprintf(stderr, "usage: cell-check FILE.cell SOURCE\n");
		return 2;
	}
	src = argv[2];
	buf = read_file(argv[1], &size);
	if (size < sizeof(struct jailhouse_cell_desc)) {
		fprintf(stderr,
			"%s: %zu bytes, smaller than a cell descriptor\n", src,
			size);
		return 1;
	}
	if (check_header(src, (const char *)buf, *(__u16 *)(buf + 6)))
		return 1;

	is_system = !memcmp(buf, JAILHOUSE_SYSTEM_SIGNATURE,
			    JAILHOUSE_SIGNATURE_SIZE);
	if (is_system) {
		const struct jailhouse_system_desc *sys = (const void *)buf;

		if (size < sizeof(*sys)) {
			fprintf(stderr,
				"%s: smaller than a system descriptor\n", src);
			return 1;
		}
		if (check_header(src, sys->root_cell.signature,
				 sys->root_cell.revision))
			return 1;
		cell = &sys->root_cell;
		expected = jailhouse_system_config_size(sys);
	} else {
		cell = (const void *)buf;
		expected = jailhouse_cell_config_size(cell);
	}
	if (cell->cpu_set_size % 8 || cell->cpu_set_size == 0) {
		fprintf(stderr,
			"%s: cpu_set_size: %u, must be a non-zero multiple "
			"of 8 (use __u64 cpus[N])\n",
			src, cell->cpu_set_size);
		return 1;
	}
	if (size != expected) {
		fprintf(stderr,
			"%s: the counts in the descriptor (cpu_set_size=%u, "
			"num_memory_regions=%u, num_irqchips=%u, num_pio_regions=%u, "
			"num_pci_devices=%u, num_pci_caps=%u) add up to %zu bytes, "
			"but the config holds %zu: a num_* field does not match its "
			"array\n",
			src, cell->cpu_set_size, cell->num_memory_regions,
			cell->num_irqchips, cell->num_pio_regions,
			cell->num_pci_devices, cell->num_pci_caps, expected,
			size);
		return 1;
	}
	/* Then what the hypervisor will refuse, in its own words. */
	if (jh_config_validate(buf, size, msg, sizeof(msg))) {
		fprintf(stderr, "%s: %s\n", src, msg);
		return 1;
	}
	free(buf);
	return 0;
}
