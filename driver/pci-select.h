/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which PCI devices of a cell config Linux must hand over: a pure function,
 * unit-tested on the host.
 */
#ifndef _JAILHOUSE_DRIVER_PCI_SELECT_H
#define _JAILHOUSE_DRIVER_PCI_SELECT_H

#include "pure.h"

struct jailhouse_pci_slot {
	__u16 domain;
	__u16 bdf;
};

/*
 * Fills @out with the physical devices of @cell (config already checked
 * structurally), each once, in config order.  Bridges stay with the root
 * cell (its Linux owns the bus topology) and ivshmem devices are virtual,
 * so neither is claimed.  Returns the count, or -E2BIG if @max is too small.
 */
int jailhouse_pci_select(const struct jailhouse_cell_desc *cell,
			 struct jailhouse_pci_slot *out, unsigned int max);

#endif
