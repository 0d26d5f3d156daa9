// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding of `.cell` files; see cell-decode.h.  Every rule about one file
 * (signature, revision, counts, exact size, and what the arrays may hold)
 * is the hypervisor's: jh_config_validate() runs first, so the arrays are
 * only located once the counts are known to match the bytes present.
 */
#include <string.h>

#include <common/config-validate.h>

#include "cell-decode.h"

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

int cell_decode(const void *buf, size_t size, struct cell_view *view, char *msg,
		size_t msg_size)
{
	const struct jailhouse_system_desc *sys = buf;

	memset(view, 0, sizeof(*view));
	if (jh_config_validate(buf, size, msg, msg_size))
		return -1;
	/* Valid, so the signature is one of the two. */
	if (!memcmp(buf, JAILHOUSE_SYSTEM_SIGNATURE,
		    JAILHOUSE_SIGNATURE_SIZE)) {
		view->system = sys;
		fill_view(view, &sys->root_cell);
	} else {
		fill_view(view, buf);
	}
	return 0;
}

int cell_view_has_cpu(const struct cell_view *view, unsigned int cpu)
{
	if (cpu / 8 >= view->cell->cpu_set_size)
		return 0;
	return (view->cpu_set[cpu / 8] >> (cpu % 8)) & 1;
}
