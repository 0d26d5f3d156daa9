/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCI unit (pci.c): who owns which PCI device, and the one way to the
 * devices' configuration space.
 *
 * Every device the root config lists starts as the root's; a non-root
 * cell takes the devices its config lists at create and gives them back
 * at destroy (pci_unit, include/unit.h).  Devices the root config does not
 * list (and bridges) stay the root's for good.  For everybody but its
 * owner a device is absent: reads return all ones, writes are dropped,
 * like a master abort; that is no fault, guests scan the bus.
 *
 * Ownership is read without a lock (pci_owner()): it changes only under
 * cell_lock, in the unit's cell_create and cell_destroy, while the CPUs of
 * the cell concerned are parked - so no CPU of that cell can see the
 * change half-way - and under pci_lock.  The root's CPUs keep running
 * during the change: their accesses check the owner once more under
 * pci_lock before they touch the device, so none reaches a device the
 * root has just given away.
 */
#ifndef _HV_PCI_H
#define _HV_PCI_H

#include <jailhouse/types.h>

struct cell;
struct per_cpu;

/* The owner of device `bdf` (bus << 8 | dev << 3 | fn) of the platform's
 * PCI segment: the root for every device no cell took. */
const struct cell *pci_owner(__u16 bdf);

/*
 * A configuration access of `cpu`'s cell to device `bdf`, register `reg`
 * (0..0xfff), `size` bytes (1, 2, 4; not crossing a dword), after the port
 * or MMCONFIG path found the cell owns it.  Reads put the value in
 * *value.  0, or -EPERM when the access was a violation (the caller stops
 * the cell; the reason is on the console).
 */
int pci_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
		      unsigned int size, int is_write, __u32 *value);

#endif
