/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which functions share a requester ID (pci-topology.c): pure logic on a
 * description of the functions read from the hardware.
 *
 * A DMA request (and an MSI) carries the requester ID of the function that
 * issued it - unless a bridge on the way takes it over.  A PCIe-to-PCI or
 * PCI-X bridge, and a conventional PCI-to-PCI bridge, forward the
 * transactions of everything behind them with their own (or their
 * secondary bus's) ID, so an IOMMU cannot tell those functions apart; a
 * function with phantom functions enabled issues requests with the
 * function numbers of its device's other functions.  Functions that share
 * an ID must belong to one cell: with VT-d they share one context entry,
 * and so one domain.
 */
#ifndef _HV_PCI_TOPOLOGY_H
#define _HV_PCI_TOPOLOGY_H

#include <jailhouse/types.h>

struct pci_function {
	__u16 bdf;
	__u8 is_bridge;	 /* a PCI-to-PCI bridge (header type 1) */
	__u8 rid_bridge; /* a bridge whose secondary side loses its IDs */
	__u8 phantom;	 /* phantom functions enabled (PCIe Device Control) */
	__u8 secondary, subordinate; /* a bridge's bus range */
};

/* The functions that share the requester ID of one function. */
struct pci_rid_group {
	int bridge;		  /* the bridge's index, -1: none */
	__u8 first_bus, last_bus; /* behind it, if any */
	int phantom_device;	  /* bus << 8 | dev << 3 sharing, -1 none */
};

/*
 * The group of the function at `bdf` among the `n` functions `fns`: the
 * outermost requester-ID bridge whose bus range holds its bus, and its
 * device if a function of that device has phantom functions enabled.
 */
void pci_rid_group_of(const struct pci_function *fns, unsigned int n, __u16 bdf,
		      struct pci_rid_group *group);
/* 1 if the function at `bdf` is in `group`. */
int pci_rid_group_has(const struct pci_rid_group *group, __u16 bdf);

#endif
