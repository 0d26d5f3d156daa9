/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Decoding a `.cell` file (system or cell config) into a view of its
 * arrays, after the hypervisor's own validator (jh_config_validate) has
 * accepted it, so that `config check` and `config dump` never read outside
 * the file nor look at a config the hypervisor would refuse.
 */
#ifndef _JAILHOUSE_CELL_DECODE_H
#define _JAILHOUSE_CELL_DECODE_H

#include <stddef.h>
#include <jailhouse/config.h>

struct cell_view {
	const char *file;			    /* for messages */
	const struct jailhouse_system_desc *system; /* NULL: cell config */
	const struct jailhouse_cell_desc *cell;
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	const __u8 *cpu_set;
	const struct jailhouse_memory *mem;
	const struct jailhouse_irqchip *irqchips;
	const struct jailhouse_pio *pio;
	const struct jailhouse_pci_device *pci;
	const struct jailhouse_pci_capability *caps;
};

/* 0 on success; otherwise -1 and the validator's sentence in @msg. */
int cell_decode(const void *buf, size_t size, struct cell_view *view, char *msg,
		size_t msg_size);

int cell_view_has_cpu(const struct cell_view *view, unsigned int cpu);

#endif
