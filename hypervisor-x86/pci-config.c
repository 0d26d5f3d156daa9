// SPDX-License-Identifier: GPL-2.0
/*
 * Mediation of the PCI configuration ports 0xcf8-0xcff (see pci-config.h).
 */
#include "pci-config.h"
#include <common/env.h>

/* Bits the latch forwards: enable, bus, device, function, dword offset.
 * Bits 30:24 are reserved (some chipsets put extended offsets there):
 * never forwarded, so a cell cannot reach beyond 256 bytes of config
 * space of a device it owns through them either. */
#define LATCH_FORWARD_MASK 0x80fffffcU

static int unowned(const struct pci_config_cell *cell, int is_write,
		   struct pci_config_decision *d)
{
	(void)cell;
	d->action = is_write ? PCI_CONFIG_IGNORE : PCI_CONFIG_ALL_ONES;
	return 0;
}

static int latch_port(const struct pci_config_cell *cell, __u32 *shadow,
		      unsigned int size, int is_write, __u32 value,
		      struct pci_config_decision *d, __u16 port)
{
	if (pci_config_is_latch(port, size)) {
		if (is_write)
			*shadow = value;
		d->action = is_write ? PCI_CONFIG_LATCH : PCI_CONFIG_READ_LATCH;
		return 0;
	}
	/* 0xcf9 and friends: chipset registers, not config space */
	if (cell->may_reset) {
		d->action = PCI_CONFIG_PASS;
		return 0;
	}
	return unowned(cell, is_write, d);
}

static int data_port(const struct pci_config_cell *cell, __u32 shadow,
		     __u16 port, unsigned int size, int is_write,
		     struct pci_config_decision *d)
{
	unsigned int offset = port - PCI_CONFIG_DATA_PORT;

	/* an access past 0xcff is not a config access */
	if (!(shadow & PCI_CONFIG_ENABLE) || offset + size > 4)
		return unowned(cell, is_write, d);
	d->bdf = (shadow >> 8) & 0xffff;
	d->reg = (shadow & 0xfc) | offset;
	if (!cell->owns(cell->ctx, d->bdf))
		return unowned(cell, is_write, d);
	d->action = PCI_CONFIG_DEVICE;
	d->address = shadow & LATCH_FORWARD_MASK;
	d->port = port;
	return 0;
}

int pci_config_access(const struct pci_config_cell *cell, __u32 *shadow,
		      __u16 port, unsigned int size, int is_write, __u32 value,
		      struct pci_config_decision *d)
{
	*d = (struct pci_config_decision){ .action = PCI_CONFIG_IGNORE };
	if (port < PCI_CONFIG_ADDRESS_PORT || port > PCI_CONFIG_DATA_PORT + 3 ||
	    (size != 1 && size != 2 && size != 4))
		return -EINVAL;
	if (port < PCI_CONFIG_DATA_PORT)
		return latch_port(cell, shadow, size, is_write, value, d, port);
	return data_port(cell, *shadow, port, size, is_write, d);
}

int pci_mmconfig_decode(__u64 base, unsigned int end_bus, __u64 address,
			unsigned int size, __u16 *bdf, unsigned int *reg)
{
	__u64 offset = address - base;

	if (end_bus > 0xff || address < base ||
	    offset >= ((__u64)end_bus + 1) << 20 ||
	    (size != 1 && size != 2 && size != 4) || address & (size - 1))
		return -EINVAL;
	*bdf = offset >> 12;
	*reg = offset & 0xfff;
	return 0;
}
