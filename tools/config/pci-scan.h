/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PCI devices of the system, read through libpci (live sysfs, or the
 * sysfs of a copied tree), with what a config needs: BARs, MSI and MSI-X,
 * the capability list.
 */
#ifndef _JAILHOUSE_PCI_SCAN_H
#define _JAILHOUSE_PCI_SCAN_H

#include <jailhouse/types.h>

#define PCI_SCAN_MAX_CAPS 32

struct pci_scan_cap {
	__u16 id; /* | JAILHOUSE_PCI_EXT_CAP for extended ones */
	__u16 start;
	__u16 len;
	__u16 flags;
};

struct pci_scan_device {
	__u16 domain;
	__u8 bus, dev, fn;
	__u16 vendor_id, device_id;
	__u16 class_id; /* base class << 8 | sub class */
	int is_bridge;
	__u8 secondary_bus, subordinate_bus;
	/* a bridge's forwarding windows, base and size; size 0: closed */
	__u64 io_window[2], mem_window[2], pref_window[2];
	int pcie_type; /* PCIe capability's port type, -1: no PCIe capability */
	int msi_64bits, msi_maskable;
	__u8 num_msi_vectors;
	__u16 num_msix_vectors;
	__u64 msix_address;
	__u64 msix_pba_address;
	__u16 msix_region_size;
	__u32 bar_mask[6];
	__u64 bar_base[6];
	__u64 bar_size[6];
	unsigned int num_caps;
	struct pci_scan_cap caps[PCI_SCAN_MAX_CAPS];
};

/*
 * Scans the PCI devices below ROOT/sys/bus/pci, sorted by domain and BDF.
 * Returns the count (0 with a warning when there is no PCI sysfs), or -1
 * after an error message.
 */
int pci_scan(const char *root, struct pci_scan_device **devices);

#endif
