// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * PCI configuration access, mechanism #1: the address register at port
 * 0xcf8 (bit 31 enable, bus 23:16, device 15:11, function 10:8, dword
 * register 7:2), then the data window at 0xcfc + (reg & 3).
 */
#include <inmate.h>
#include <inmate/pci.h>

#define PCI_ADDRESS_PORT 0xcf8
#define PCI_DATA_PORT 0xcfc
#define PCI_ADDRESS_ENABLE 0x80000000U
#define PCI_DEVICES_PER_BUS 32
#define PCI_FUNCTIONS 8

static void outl_port(u32 value, u16 port)
{
	asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static void outw_port(u16 value, u16 port)
{
	asm volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static u16 inw_port(u16 port)
{
	u16 value;

	asm volatile("inw %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static void select_register(u16 bdf, unsigned int reg)
{
	outl_port(PCI_ADDRESS_ENABLE | (u32)bdf << 8 | (reg & 0xfc),
		  PCI_ADDRESS_PORT);
}

u32 pci_read_config(u16 bdf, unsigned int reg, unsigned int size)
{
	u16 port = PCI_DATA_PORT + (reg & 3);

	select_register(bdf, reg);
	switch (size) {
	case 1:
		return inb(port);
	case 2:
		return inw_port(port);
	default:
		return inl(port);
	}
}

void pci_write_config(u16 bdf, unsigned int reg, u32 value, unsigned int size)
{
	u16 port = PCI_DATA_PORT + (reg & 3);

	select_register(bdf, reg);
	switch (size) {
	case 1:
		outb(value, port);
		break;
	case 2:
		outw_port(value, port);
		break;
	default:
		outl_port(value, port);
		break;
	}
}

int pci_find_device(u16 vendor, u16 device, u16 start_bdf)
{
	unsigned int bdf;
	u32 id, want = (u32)device << 16 | vendor;

	/* bus 0 only: the cells' machines have no bridges to look behind */
	for (bdf = start_bdf; bdf < PCI_DEVICES_PER_BUS * PCI_FUNCTIONS;
	     bdf++) {
		id = pci_read_config(bdf, PCI_CFG_VENDOR_ID, 4);
		if (id == want)
			return bdf;
	}
	return PCI_NO_DEVICE;
}
