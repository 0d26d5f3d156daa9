// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of .cell files before they are sent to jailhouse.ko.  The driver
 * and the hypervisor check everything again; checking here as well lets the
 * CLI name the file and say in words what is wrong with it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <common/config-validate.h>
#include <jailhouse/config.h>
#include <jailhouse/fault.h>

#include "config-file.h"
#include "file.h"

static const char *kind_name(enum config_kind kind)
{
	return kind == CONFIG_SYSTEM ? "system" : "cell";
}

static int check_signature(const char *buf, size_t size, enum config_kind kind,
			   char *msg, size_t msg_size)
{
	const char *want = kind == CONFIG_SYSTEM ? JAILHOUSE_SYSTEM_SIGNATURE :
						   JAILHOUSE_CELL_SIGNATURE;
	const char *other = kind == CONFIG_SYSTEM ? JAILHOUSE_CELL_SIGNATURE :
						    JAILHOUSE_SYSTEM_SIGNATURE;

	if (size == 0) {
		snprintf(msg, msg_size, "empty file, not a %s configuration",
			 kind_name(kind));
		return -1;
	}
	if (size >= JAILHOUSE_SIGNATURE_SIZE &&
	    !memcmp(buf, other, JAILHOUSE_SIGNATURE_SIZE)) {
		if (kind == CONFIG_SYSTEM)
			snprintf(msg, msg_size,
				 "a cell configuration, not a "
				 "system configuration (use it with `jailhouse "
				 "cell create`)");
		else
			snprintf(msg, msg_size,
				 "a system configuration, not a "
				 "cell configuration (use it with `jailhouse "
				 "enable`)");
		return -1;
	}
	if (size < JAILHOUSE_SIGNATURE_SIZE ||
	    memcmp(buf, want, JAILHOUSE_SIGNATURE_SIZE)) {
		snprintf(msg, msg_size,
			 "not a %s configuration (bad signature)",
			 kind_name(kind));
		return -1;
	}
	return 0;
}

static int check_revision(__u16 revision, const char *what, char *msg,
			  size_t msg_size)
{
	if (revision == JAILHOUSE_CONFIG_REVISION)
		return 0;
	snprintf(msg, msg_size,
		 "%sconfiguration revision %d, but this "
		 "jailhouse reads revision %d (rebuild the config against this "
		 "version)",
		 what, revision, JAILHOUSE_CONFIG_REVISION);
	return -1;
}

static int check_count(const char *field, __u32 count, __u32 limit, char *msg,
		       size_t msg_size)
{
	if (count <= limit)
		return 0;
	snprintf(msg, msg_size, "%s is %u, more than the limit of %u", field,
		 count, limit);
	return -1;
}

/* The descriptor's counts within the ABI limits: no overflow, no huge sizes. */
static int check_counts(const struct jailhouse_cell_desc *cell, char *msg,
			size_t msg_size)
{
	if (cell->cpu_set_size == 0 || cell->cpu_set_size % 8 ||
	    cell->cpu_set_size > JAILHOUSE_MAX_CPU_SET_SIZE) {
		snprintf(msg, msg_size,
			 "cpu_set_size is %u, must be a multiple "
			 "of 8 from 8 to %d",
			 cell->cpu_set_size, JAILHOUSE_MAX_CPU_SET_SIZE);
		return -1;
	}
	return check_count("num_memory_regions", cell->num_memory_regions,
			   JAILHOUSE_MAX_MEM_REGIONS, msg, msg_size) ||
			       check_count("num_irqchips", cell->num_irqchips,
					   JAILHOUSE_MAX_IRQCHIPS, msg,
					   msg_size) ||
			       check_count("num_pio_regions",
					   cell->num_pio_regions,
					   JAILHOUSE_MAX_PIO_REGIONS, msg,
					   msg_size) ||
			       check_count("num_pci_devices",
					   cell->num_pci_devices,
					   JAILHOUSE_MAX_PCI_DEVICES, msg,
					   msg_size) ||
			       check_count("num_pci_caps", cell->num_pci_caps,
					   JAILHOUSE_MAX_PCI_CAPS, msg,
					   msg_size) ?
		       -1 :
		       0;
}

static int check_name(const struct jailhouse_cell_desc *cell, char *msg,
		      size_t msg_size)
{
	if (!memchr(cell->name, '\0', sizeof(cell->name))) {
		snprintf(msg, msg_size,
			 "the cell name is not NUL-terminated "
			 "within %d characters",
			 JAILHOUSE_CELL_NAME_MAXLEN);
		return -1;
	}
	if (cell->name[0] == '\0') {
		snprintf(msg, msg_size, "the cell name is empty");
		return -1;
	}
	return 0;
}

static int check_size(size_t size, __u64 expected, char *msg, size_t msg_size)
{
	if (size < expected) {
		snprintf(msg, msg_size,
			 "truncated: the descriptor's counts need "
			 "%llu bytes, the file holds only %zu",
			 (unsigned long long)expected, size);
		return -1;
	}
	if (size > expected) {
		snprintf(msg, msg_size,
			 "%zu bytes, but the descriptor's counts "
			 "account for %llu: a num_* field does not match its array",
			 size, (unsigned long long)expected);
		return -1;
	}
	return 0;
}

static int check_descriptor_size(size_t size, size_t need,
				 enum config_kind kind, char *msg,
				 size_t msg_size)
{
	if (size >= need)
		return 0;
	snprintf(msg, msg_size,
		 "truncated: %zu bytes, smaller than a %s "
		 "descriptor (%zu bytes)",
		 size, kind_name(kind), need);
	return -1;
}

static int check_cell(const struct jailhouse_cell_desc *cell, const char *what,
		      char *msg, size_t msg_size)
{
	char reason[JAILHOUSE_MSG_MAX];

	if (check_revision(cell->revision, "", reason, sizeof(reason)) ||
	    check_name(cell, reason, sizeof(reason)) ||
	    check_counts(cell, reason, sizeof(reason))) {
		/* Say which descriptor: the root cell's in a system config. */
		snprintf(msg, msg_size, "%s%s", what, reason);
		return -1;
	}
	return 0;
}

static int check_layout(const char *buf, size_t size, enum config_kind kind,
			char *msg, size_t msg_size)
{
	const struct jailhouse_system_desc *system = (const void *)buf;
	const struct jailhouse_cell_desc *cell = (const void *)buf;

	if (kind == CONFIG_CELL) {
		if (check_descriptor_size(size, sizeof(*cell), kind, msg,
					  msg_size) ||
		    check_cell(cell, "", msg, msg_size))
			return -1;
		return check_size(size, jailhouse_cell_config_size(cell), msg,
				  msg_size);
	}
	if (check_descriptor_size(size, sizeof(*system), kind, msg, msg_size))
		return -1;
	if (memcmp(system->root_cell.signature, JAILHOUSE_CELL_SIGNATURE,
		   JAILHOUSE_SIGNATURE_SIZE)) {
		snprintf(msg, msg_size,
			 "root cell: bad signature (a system "
			 "configuration embeds a cell descriptor for the root)");
		return -1;
	}
	if (check_cell(&system->root_cell, "root cell: ", msg, msg_size))
		return -1;
	return check_size(size, jailhouse_system_config_size(system), msg,
			  msg_size);
}

int config_file_check(const void *buf, size_t size, enum config_kind kind,
		      char *msg, size_t msg_size)
{
	const unsigned char *bytes = buf;

	if (size > JAILHOUSE_MAX_CONFIG_SIZE) {
		snprintf(msg, msg_size,
			 "too large (%zu bytes, a configuration "
			 "holds at most %d)",
			 size, JAILHOUSE_MAX_CONFIG_SIZE);
		return -1;
	}
	if (check_signature(buf, size, kind, msg, msg_size))
		return -1;
	if (size < JAILHOUSE_SIGNATURE_SIZE + 2) {
		snprintf(msg, msg_size, "truncated: %zu bytes", size);
		return -1;
	}
	/* The revision comes right after the signature in both descriptors. */
	if (check_revision(bytes[6] | bytes[7] << 8, "", msg, msg_size))
		return -1;
	if (check_layout(buf, size, kind, msg, msg_size))
		return -1;
	/* The validator shared with the hypervisor (common/config-validate.c). */
	if (jh_config_validate(buf, size, msg, msg_size))
		return -1;
	return 0;
}

int config_file_load(const char *path, enum config_kind kind, void **buf,
		     size_t *size, char *msg, size_t msg_size)
{
	char reason[JAILHOUSE_MSG_MAX];

	if (file_read(path, JAILHOUSE_MAX_CONFIG_SIZE, buf, size, msg,
		      msg_size))
		return -1;
	if (config_file_check(*buf, *size, kind, reason, sizeof(reason))) {
		snprintf(msg, msg_size, "%s: %s", path, reason);
		free(*buf);
		*buf = NULL;
		return -1;
	}
	return 0;
}
