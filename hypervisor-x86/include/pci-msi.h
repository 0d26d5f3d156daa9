/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MSI and MSI-X of a PCI device a non-root cell owns (arch/pci-msi.c).
 * Pure logic: the caller (pci.c) gives the device's config space and
 * MSI-X table through struct pci_hw and the owner's CPUs through
 * struct pci_msi_cpus.
 *
 * Without interrupt remapping a device's message is a write to the local
 * APICs: whoever chooses it chooses vector, CPU and delivery mode.  The
 * cell therefore never programs the device: it writes a shadow, and the
 * device gets the shadow's message validated and rewritten (fixed or
 * lowest-priority delivery only, the destination one of the owner's CPUs
 * in physical mode, the vector as the cell programmed it).  A message
 * that cannot be made safe is a violation: the device keeps the vector
 * masked (MSI-X) or MSI disabled, and the caller stops the cell with the
 * reason.
 */
#ifndef _HV_PCI_MSI_H
#define _HV_PCI_MSI_H

#include <jailhouse/config.h>
#include "apic-icr.h"

#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11

/* How the device is reached (pci.c fills it; unit tests give images). */
struct pci_hw {
	/* config space of the device, offsets 0..0xfff, size 1, 2 or 4 */
	__u32 (*cfg_read)(void *ctx, unsigned int reg, unsigned int size);
	void (*cfg_write)(void *ctx, unsigned int reg, unsigned int size,
			  __u32 value);
	/* the device's MSI-X table, host-physical address, 32-bit access */
	__u32 (*mmio_read32)(void *ctx, __u64 phys);
	void (*mmio_write32)(void *ctx, __u64 phys, __u32 value);
	void *ctx;
};

struct pci_msi_cpus;

/*
 * Interrupt remapping (arch/vtd-ir.c): turns a message pci_msi_rewrite()
 * produced for the device's MSI (`msix` 0, `count` messages from vector
 * slot 0) or MSI-X entry `slot` into the remappable message naming the
 * IOMMU entries it writes.  0, or -EPERM with a static *reason.
 */
struct pci_msi_remap {
	int (*remap)(void *ctx, const struct pci_msi_cpus *cpus,
		     const struct jailhouse_pci_device *dev, int msix,
		     unsigned int slot, unsigned int count, __u64 *address,
		     __u32 *data, const char **reason);
	void *ctx;
};

/* Bit 4 of an MSI address: VT-d's remappable format (a handle, no
 * destination); reserved in the compatibility format. */
#define PCI_MSI_ADDRESS_REMAPPABLE (1U << 4)

/*
 * The root's remappable-format messages to a virtual device (ivshmem),
 * which no IOMMU unit sees (arch/vtd.c): the APIC ID and vector of the
 * entry the message names.  0, or -EPERM with a static *reason.
 */
struct pci_msi_resolve {
	int (*target)(void *ctx, __u64 address, __u32 data, __u32 *apic_id,
		      __u8 *vector, const char **reason);
	void *ctx;
};

/* Who may receive the device's interrupts: the owner cell's CPUs. */
struct pci_msi_cpus {
	/* NULL without IOMMU units: the device gets the validated message */
	const struct pci_msi_remap *remap;
	/* the root's virtual devices where a unit remaps its interrupts,
	 * else NULL (a remappable-format message is then refused) */
	const struct pci_msi_resolve *resolve;
	const struct apic_cpu *cpus; /* every CPU; in_cell = the owner's */
	unsigned int num_cpus;
	int x2apic;	   /* the system runs its APICs in x2APIC mode */
	int xapic_cluster; /* xAPIC logical format: cluster, not flat */
};

/* One MSI-X table entry as the cell wrote it. */
struct pci_msix_entry {
	__u32 address_lo, address_hi, data, ctrl;
};

/* The shadow of one device's MSI and MSI-X state. */
struct pci_msi_dev {
	const struct jailhouse_pci_device *config;
	/* MSI capability: offset in config space, 0 if the device has none;
	 * its layout (64-bit, per-vector masking) and vector count come from
	 * the config (JAILHOUSE_PCI_FLAG_MSI_*, num_msi_vectors) and are
	 * checked against the device before MSI is enabled */
	unsigned int msi_cap;
	__u16 msi_ctrl; /* enable and MME as the cell wrote them */
	__u32 msi_address_lo, msi_address_hi, msi_mask;
	__u16 msi_data;
	int msi_hw_enabled; /* the device has MSI enabled (by us) */
	/* MSI-X capability, 0 if none; table entries, the cell's view */
	unsigned int msix_cap;
	__u16 msix_ctrl;	     /* enable and function mask as written */
	struct pci_msix_entry *msix; /* config->num_msix_vectors entries */
};

/* Bytes of storage pci_msi_init() needs for `d`'s MSI-X shadow. */
unsigned long pci_msix_storage_size(const struct jailhouse_pci_device *d);

/*
 * Sets up `m` for device `d` with its capability list `caps` (the cell's
 * pci_caps from d->caps_start): finds the MSI and MSI-X capabilities;
 * `storage` has pci_msix_storage_size(d) bytes (NULL if 0).  The shadow
 * starts as the device after reset: MSI and MSI-X disabled, every MSI-X
 * vector masked.  0 or -EINVAL (a capability too short for its kind).
 */
int pci_msi_init(struct pci_msi_dev *m, const struct jailhouse_pci_device *d,
		 const struct jailhouse_pci_capability *caps, void *storage);

/* Does config-space register `reg` (size bytes) fall in the MSI or MSI-X
 * capability (those go to pci_msi_cfg_access)? */
int pci_msi_owns_reg(const struct pci_msi_dev *m, unsigned int reg,
		     unsigned int size);

/*
 * The owner's access to its MSI or MSI-X capability.  Reads give the
 * shadow (*value); writes update it and program the device through `hw`
 * with the rewritten message.  0, or -EPERM with *reason (static text)
 * when the cell asked for a message that cannot be made safe: the device
 * is left with that vector masked / MSI disabled; the caller stops the
 * cell.
 */
int pci_msi_cfg_access(struct pci_msi_dev *m, const struct pci_hw *hw,
		       const struct pci_msi_cpus *cpus, unsigned int reg,
		       unsigned int size, int is_write, __u32 *value,
		       const char **reason);

/*
 * The owner's access to its trapped MSI-X table, `offset` bytes into the
 * table (config->msix_address), size 4 or 8.  Reads give the shadow (the
 * pending bits come from the device's PBA, which is not trapped); writes
 * as for pci_msi_cfg_access().  -EINVAL: not a table access.
 */
int pci_msix_table_access(struct pci_msi_dev *m, const struct pci_hw *hw,
			  const struct pci_msi_cpus *cpus, __u64 offset,
			  unsigned int size, int is_write, __u64 *value,
			  const char **reason);

/* The device's interrupts off before it changes owner: MSI disabled,
 * MSI-X disabled with every vector masked; the shadow reset. */
void pci_msi_quiesce(struct pci_msi_dev *m, const struct pci_hw *hw);

/*
 * Pure: the message the device gets for the cell's (address, data), or
 * -EPERM with *reason.  Exposed for the unit tests and for ivshmem.
 */
int pci_msi_rewrite(const struct pci_msi_cpus *cpus, __u64 *address,
		    __u32 *data, const char **reason);

#endif
