/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which PCI devices of a cell config Linux must hand over, and whether the
 * config gives the cell the interrupt line root Linux routed a device to:
 * pure functions, unit-tested on the host (tests/unit/driver).
 */
#ifndef _JAILHOUSE_DRIVER_PCI_SELECT_H
#define _JAILHOUSE_DRIVER_PCI_SELECT_H

#include "pure.h"

struct jailhouse_pci_slot {
	__u16 domain;
	__u16 bdf;
	__u16 index; /* of the device in the cell's pci_devices */
};

/*
 * Fills @out with the physical devices of @cell (config already checked
 * structurally), each once, in config order.  Bridges stay with the root
 * cell (its Linux owns the bus topology) and ivshmem devices are virtual,
 * so neither is claimed.  Returns the count, or -E2BIG if @max is too small.
 */
int jailhouse_pci_select(const struct jailhouse_cell_desc *cell,
			 struct jailhouse_pci_slot *out, unsigned int max);

/* 1 if @slots (@count of them) holds domain:bdf. */
bool jailhouse_pci_slot_listed(const struct jailhouse_pci_slot *slots,
			       unsigned int count, __u16 domain, __u16 bdf);

/* What jailhouse_pci_check_intx() found. */
#define JAILHOUSE_INTX_GIVEN 0	  /* the cell owns the device's IOAPIC pin */
#define JAILHOUSE_INTX_MSI_ONLY 1 /* no pin, but the config lists MSI(-X) */

/*
 * Does @cell's config give it the IOAPIC pin of GSI @gsi, the line root
 * Linux routed device @dev (its entry in @cell, named @dev_name) to?
 * A pin belongs to the IOAPIC whose [gsi_base, gsi_base + num_pins)
 * holds @gsi.  A device whose config entry has MSI or MSI-X vectors and
 * whose line the cell does not get is taken to be driven by MSI only.
 * Returns JAILHOUSE_INTX_GIVEN, JAILHOUSE_INTX_MSI_ONLY, or -EINVAL with
 * a sentence in @msg naming the pin the device uses and the pins the
 * config gives.
 */
int jailhouse_pci_check_intx(const struct jailhouse_cell_desc *cell,
			     const struct jailhouse_pci_device *dev,
			     const char *dev_name, unsigned int gsi, char *msg,
			     size_t msg_size);

#endif
