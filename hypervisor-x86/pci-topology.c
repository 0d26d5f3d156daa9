// SPDX-License-Identifier: GPL-2.0
/*
 * Which functions share a requester ID (see pci-topology.h).
 */
#include "pci-topology.h"

#define BUS(bdf) ((bdf) >> 8)
#define DEVICE(bdf) ((bdf)&0xfff8)

static int behind(const struct pci_function *bridge, unsigned int bus)
{
	return bridge->is_bridge && bridge->secondary &&
	       bus >= bridge->secondary && bus <= bridge->subordinate;
}

/* The outermost: its range holds every other one's that holds `bus`. */
static int outermost_rid_bridge(const struct pci_function *fns, unsigned int n,
				unsigned int bus)
{
	int found = -1;
	unsigned int k;

	for (k = 0; k < n; k++) {
		if (!fns[k].rid_bridge || !behind(&fns[k], bus))
			continue;
		if (found < 0 || fns[k].secondary < fns[found].secondary)
			found = k;
	}
	return found;
}

static int phantom_device(const struct pci_function *fns, unsigned int n,
			  __u16 bdf)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		if (fns[k].phantom && DEVICE(fns[k].bdf) == DEVICE(bdf))
			return DEVICE(bdf);
	return -1;
}

void pci_rid_group_of(const struct pci_function *fns, unsigned int n, __u16 bdf,
		      struct pci_rid_group *group)
{
	int b = outermost_rid_bridge(fns, n, BUS(bdf));

	group->bridge = b;
	group->first_bus = b < 0 ? 0 : fns[b].secondary;
	group->last_bus = b < 0 ? 0 : fns[b].subordinate;
	group->phantom_device = phantom_device(fns, n, bdf);
}

int pci_rid_group_has(const struct pci_rid_group *group, __u16 bdf)
{
	if (group->bridge >= 0 && BUS(bdf) >= group->first_bus &&
	    BUS(bdf) <= group->last_bus)
		return 1;
	return group->phantom_device >= 0 &&
	       DEVICE(bdf) == (unsigned int)group->phantom_device;
}
