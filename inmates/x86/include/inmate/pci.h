/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * PCI configuration space through the legacy ports 0xcf8 (address) and
 * 0xcfc (data), configuration mechanism #1 of the PCI Local Bus spec.
 * In a non-root cell the hypervisor mediates every access: the cell sees
 * only the functions its config lists, all others read as all ones.
 */
#ifndef _INMATE_PCI_H
#define _INMATE_PCI_H

#include <inmate/types.h>

#define PCI_CFG_VENDOR_ID 0x00
#define PCI_CFG_DEVICE_ID 0x02
#define PCI_CFG_COMMAND 0x04
#define PCI_CFG_STATUS 0x06
#define PCI_CFG_BAR0 0x10
#define PCI_CFG_INT_LINE 0x3c
#define PCI_CFG_INT_PIN 0x3d

#define PCI_CMD_IO 0x0001
#define PCI_CMD_MEMORY 0x0002
#define PCI_CMD_MASTER 0x0004
#define PCI_CMD_INTX_DISABLE 0x0400

#define PCI_BAR_IO 0x1
#define PCI_BAR_MEM_MASK (~0xfUL)

#define PCI_BDF(bus, dev, fn) ((u16)((bus) << 8 | (dev) << 3 | (fn)))
#define PCI_NO_DEVICE (-1)

/* size: 1, 2 or 4 bytes, reg aligned to it */
u32 pci_read_config(u16 bdf, unsigned int reg, unsigned int size);
void pci_write_config(u16 bdf, unsigned int reg, u32 value, unsigned int size);
/* The first function on bus 0 with this vendor and device ID, at or after
 * start_bdf; PCI_NO_DEVICE if there is none. */
int pci_find_device(u16 vendor, u16 device, u16 start_bdf);

#endif
