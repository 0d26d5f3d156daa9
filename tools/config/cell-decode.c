// SPDX-License-Identifier: GPL-2.0
/* Bounds-checked decoding of `.cell` files; see cell-decode.h. */
#include <stdio.h>
#include <string.h>

#include "cell-decode.h"

static int check_signature(const char *sig, __u16 revision, const char *what,
			   const char *want, char *msg, size_t msg_size)
{
	if (memcmp(sig, want, JAILHOUSE_SIGNATURE_SIZE)) {
		snprintf(msg, msg_size, "%s: signature is not \"%s\"", what, want);
		return -1;
	}
	if (revision != JAILHOUSE_CONFIG_REVISION) {
		snprintf(msg, msg_size, "%s: revision %u, this tool reads "
			 "revision %u", what, revision,
			 (unsigned int)JAILHOUSE_CONFIG_REVISION);
		return -1;
	}
	return 0;
}

static int check_counts(const struct jailhouse_cell_desc *c, char *msg,
			size_t msg_size)
{
	const struct {
		const char *field;
		__u32 value, max;
	} limits[] = {
		{ "cpu_set_size", c->cpu_set_size, JAILHOUSE_MAX_CPU_SET_SIZE },
		{ "num_memory_regions", c->num_memory_regions,
		  JAILHOUSE_MAX_MEM_REGIONS },
		{ "num_irqchips", c->num_irqchips, JAILHOUSE_MAX_IRQCHIPS },
		{ "num_pio_regions", c->num_pio_regions,
		  JAILHOUSE_MAX_PIO_REGIONS },
		{ "num_pci_devices", c->num_pci_devices,
		  JAILHOUSE_MAX_PCI_DEVICES },
		{ "num_pci_caps", c->num_pci_caps, JAILHOUSE_MAX_PCI_CAPS },
	};
	unsigned int n;

	for (n = 0; n < sizeof(limits) / sizeof(limits[0]); n++)
		if (limits[n].value > limits[n].max) {
			snprintf(msg, msg_size, "%s is %u, more than the limit "
				 "%u", limits[n].field, limits[n].value,
				 limits[n].max);
			return -1;
		}
	if (c->cpu_set_size == 0 || c->cpu_set_size % 8) {
		snprintf(msg, msg_size, "cpu_set_size is %u, not a non-zero "
			 "multiple of 8", c->cpu_set_size);
		return -1;
	}
	return 0;
}

static void fill_view(struct cell_view *v, const struct jailhouse_cell_desc *c)
{
	v->cell = c;
	memcpy(v->name, c->name, JAILHOUSE_CELL_NAME_MAXLEN);
	v->name[JAILHOUSE_CELL_NAME_MAXLEN] = 0;
	v->cpu_set = jailhouse_cell_cpu_set(c);
	v->mem = jailhouse_cell_mem_regions(c);
	v->irqchips = jailhouse_cell_irqchips(c);
	v->pio = jailhouse_cell_pio(c);
	v->pci = jailhouse_cell_pci_devices(c);
	v->caps = jailhouse_cell_pci_caps(c);
}

int cell_decode(const void *buf, size_t size, struct cell_view *view,
		char *msg, size_t msg_size)
{
	const struct jailhouse_cell_desc *cell = buf;
	const struct jailhouse_system_desc *sys = buf;
	__u64 expected;

	memset(view, 0, sizeof(*view));
	if (size < sizeof(*cell)) {
		snprintf(msg, msg_size, "%zu bytes, smaller than a cell "
			 "descriptor (%zu)", size, sizeof(*cell));
		return -1;
	}
	if (!memcmp(buf, JAILHOUSE_SYSTEM_SIGNATURE, JAILHOUSE_SIGNATURE_SIZE)) {
		if (size < sizeof(*sys)) {
			snprintf(msg, msg_size, "%zu bytes, smaller than a "
				 "system descriptor (%zu)", size, sizeof(*sys));
			return -1;
		}
		if (check_signature(sys->signature, sys->revision, "system "
				    "config", JAILHOUSE_SYSTEM_SIGNATURE, msg,
				    msg_size))
			return -1;
		cell = &sys->root_cell;
		view->system = sys;
	}
	if (check_signature(cell->signature, cell->revision, view->system ?
			    "root cell" : "cell config", JAILHOUSE_CELL_SIGNATURE,
			    msg, msg_size) ||
	    check_counts(cell, msg, msg_size))
		return -1;
	expected = view->system ? jailhouse_system_config_size(sys) :
				  jailhouse_cell_config_size(cell);
	if (expected != size) {
		snprintf(msg, msg_size, "the counts in the descriptor add up to "
			 "%llu bytes, but the file holds %zu",
			 (unsigned long long)expected, size);
		return -1;
	}
	fill_view(view, cell);
	return 0;
}

int cell_view_has_cpu(const struct cell_view *view, unsigned int cpu)
{
	if (cpu / 8 >= view->cell->cpu_set_size)
		return 0;
	return (view->cpu_set[cpu / 8] >> (cpu % 8)) & 1;
}
