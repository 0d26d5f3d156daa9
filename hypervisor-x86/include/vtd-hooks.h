/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the VT-d unit (arch/vtd.c) offers pci.c and arch/ioapic.c: the
 * interrupt-remapping hooks of pci-msi.h and ioapic-filter.h for a
 * non-root cell's MSI, MSI-X and IOAPIC programming, and whether the
 * root's IOAPIC entries are in remappable format (the root's unit taken
 * over from Linux).  Without IOMMU units (or before vtd_init) every
 * function answers "nothing to do": NULL, 0.
 *
 * The hooks take the VT-d lock, which comes after pci_lock, ioapic_lock
 * and ivshmem_lock (include/spinlock.h): callers may hold any of them.
 */
#ifndef _HV_VTD_HOOKS_H
#define _HV_VTD_HOOKS_H

#include <jailhouse/config.h>
#include "pci-msi.h"
#include "ioapic-filter.h"

/* The caller's storage for one hook (on its stack, for one call). */
struct vtd_irq_hook {
	struct pci_msi_remap msi;
	struct ioapic_rte_remap ioapic;
	struct pci_msi_resolve resolve;
	__u16 owner; /* cell id + 1 */
	/* IOAPIC: the chip's unit, source ID and the pin; the root's
	 * virtual device: its unit */
	unsigned int unit;
	__u16 source;
	unsigned int pin;
};

struct cell;

/* The MSI/MSI-X hook for devices of `cell`; NULL for the root cell or
 * when no unit remaps interrupts. */
const struct pci_msi_remap *vtd_msi_hook(const struct cell *cell,
					 struct vtd_irq_hook *h);
/* The resolver of the root's remappable-format messages to its virtual
 * device `dev` (ivshmem), on dev->iommu's unit; NULL for a non-root cell
 * or without IOMMU units. */
const struct pci_msi_resolve *
vtd_root_msi_resolver(const struct cell *cell,
		      const struct jailhouse_pci_device *dev,
		      struct vtd_irq_hook *h);
/* The hook for `cell`'s entry of `pin` of the IOAPIC `chip` (the
 * system config's entry); NULL as above. */
const struct ioapic_rte_remap *
vtd_ioapic_hook(const struct cell *cell, const struct jailhouse_irqchip *chip,
		unsigned int pin, struct vtd_irq_hook *h);
/* 1 while the unit of `chip` is one taken over from Linux: the root's
 * entries of that IOAPIC name Linux's (validated) remapping entries. */
int vtd_root_remaps_ioapic(const struct jailhouse_irqchip *chip);

#endif
