// SPDX-License-Identifier: GPL-2.0
/* Choosing the PCI devices a cell takes from Linux. */
#include "pci-select.h"

static bool already_selected(const struct jailhouse_pci_slot *slots,
			     unsigned int count,
			     const struct jailhouse_pci_device *dev)
{
	unsigned int n;

	for (n = 0; n < count; n++)
		if (slots[n].domain == dev->domain && slots[n].bdf == dev->bdf)
			return true;
	return false;
}

int jailhouse_pci_select(const struct jailhouse_cell_desc *cell,
			 struct jailhouse_pci_slot *out, unsigned int max)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(cell);
	unsigned int n, count = 0;

	for (n = 0; n < cell->num_pci_devices; n++, dev++) {
		if (dev->type != JAILHOUSE_PCI_TYPE_DEVICE)
			continue;
		if (already_selected(out, count, dev))
			continue;
		if (count == max)
			return -E2BIG;
		out[count].domain = dev->domain;
		out[count].bdf = dev->bdf;
		count++;
	}
	return count;
}
