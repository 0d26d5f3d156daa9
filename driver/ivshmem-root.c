// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's ivshmem devices in Linux.
 *
 * The hypervisor shows the root its JAILHOUSE_PCI_TYPE_IVSHMEM devices
 * only once it runs, but Linux scanned its PCI buses at boot: it would
 * never look at those slots again.  So after enable each slot is scanned
 * (pci_scan_single_device), its two BARs are claimed where the config put
 * them (the hypervisor never moves them: a BAR Linux assigned elsewhere
 * would point at nothing) and the device is added, which binds its driver
 * (uio_ivshmem) if one is loaded.  Before disable the devices leave Linux
 * again, driver first, whether or not a peer is still on the link: after
 * disable their slots read all ones and their registers are gone.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/pci.h>
#include <linux/slab.h>

#include "jailhouse.h"

#define IVSHMEM_VENDOR 0x110a
#define IVSHMEM_DEVICE 0x4106
/* BAR 0: registers, BAR 1: MSI-X table and PBA; no shared-memory BAR. */
#define IVSHMEM_BARS 2

struct root_slot {
	u16 domain;
	u16 bdf;
};

/* The root config's ivshmem slots, from enable until disable succeeded. */
static struct root_slot *root_slots;
static unsigned int num_root_slots;

#define SLOT_ARGS(s) \
	(s)->domain, (s)->bdf >> 8, PCI_SLOT((s)->bdf), PCI_FUNC((s)->bdf)

static bool is_ivshmem(const struct pci_dev *dev)
{
	return dev->vendor == IVSHMEM_VENDOR && dev->device == IVSHMEM_DEVICE;
}

/*
 * The BARs must stay where the hypervisor has them; a BAR outside the
 * bridge windows of its bus cannot be claimed, and the device is given up.
 */
static int claim_ivshmem_bars(struct pci_dev *dev)
{
	struct resource *r;
	int n;

	for (n = 0; n < IVSHMEM_BARS; n++) {
		r = &dev->resource[n];
		if (!r->flags || !r->start) {
			pr_err("ivshmem device %s: BAR %d is empty; the hypervisor did not show the config's address\n",
			       pci_name(dev), n);
			return -ENODEV;
		}
		if (!r->parent && pci_claim_resource(dev, n)) {
			pr_err("ivshmem device %s: BAR %d at %pR lies outside the PCI windows of its bus (see \"PCI Bus\" in /proc/iomem); put bar_address[%d] of the root config inside one\n",
			       pci_name(dev), n, r, n);
			return -EBUSY;
		}
	}
	return 0;
}

static void scan_slot(const struct root_slot *slot)
{
	struct pci_bus *bus;
	struct pci_dev *dev;

	pci_lock_rescan_remove();
	bus = pci_find_bus(slot->domain, slot->bdf >> 8);
	dev = bus ? pci_get_slot(bus, slot->bdf & 0xff) : NULL;
	if (dev) {
		/* Found by a rescan of someone else's already. */
		pci_dev_put(dev);
		goto out;
	}
	if (!bus) {
		pr_err("ivshmem device %04x:%02x:%02x.%d: Linux has no bus %02x; the device stays invisible to it\n",
		       SLOT_ARGS(slot), slot->bdf >> 8);
		goto out;
	}
	dev = pci_scan_single_device(bus, slot->bdf & 0xff);
	if (!dev) {
		pr_err("ivshmem device %04x:%02x:%02x.%d: the hypervisor shows no device there\n",
		       SLOT_ARGS(slot));
		goto out;
	}
	if (!is_ivshmem(dev) || claim_ivshmem_bars(dev)) {
		if (!is_ivshmem(dev))
			pr_err("ivshmem device %s: found %04x:%04x there instead\n",
			       pci_name(dev), dev->vendor, dev->device);
		pci_stop_and_remove_bus_device(dev);
		goto out;
	}
	pci_bus_add_device(dev);
	pr_info("ivshmem device %s added to Linux%s%s\n", pci_name(dev),
		dev->dev.driver ? ", driver " : " (no driver bound yet)",
		dev->dev.driver ? dev->dev.driver->name : "");
out:
	pci_unlock_rescan_remove();
}

static void remove_slot(const struct root_slot *slot)
{
	struct pci_dev *dev;

	dev = pci_get_domain_bus_and_slot(slot->domain, slot->bdf >> 8,
					  slot->bdf & 0xff);
	if (!dev)
		return;
	/* Whoever added it: after disable nothing answers at this slot. */
	if (is_ivshmem(dev)) {
		pr_info("ivshmem device %s removed from Linux\n",
			pci_name(dev));
		pci_stop_and_remove_bus_device_locked(dev);
	}
	pci_dev_put(dev);
}

void jailhouse_ivshmem_root_add(const struct jailhouse_cell_desc *root)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(root);
	unsigned int n;

	jailhouse_ivshmem_root_forget();
	for (n = 0; n < root->num_pci_devices; n++)
		if (dev[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM)
			num_root_slots++;
	if (!num_root_slots)
		return;
	root_slots = kcalloc(num_root_slots, sizeof(*root_slots), GFP_KERNEL);
	if (!root_slots) {
		pr_err("no memory to list the root cell's %u ivshmem devices; Linux does not see them\n",
		       num_root_slots);
		num_root_slots = 0;
		return;
	}
	num_root_slots = 0;
	for (n = 0; n < root->num_pci_devices; n++) {
		if (dev[n].type != JAILHOUSE_PCI_TYPE_IVSHMEM)
			continue;
		root_slots[num_root_slots].domain = dev[n].domain;
		root_slots[num_root_slots].bdf = dev[n].bdf;
		num_root_slots++;
	}
	jailhouse_ivshmem_root_rescan();
}

void jailhouse_ivshmem_root_rescan(void)
{
	unsigned int n;

	for (n = 0; n < num_root_slots; n++)
		scan_slot(&root_slots[n]);
}

void jailhouse_ivshmem_root_remove(void)
{
	unsigned int n;

	for (n = num_root_slots; n > 0; n--)
		remove_slot(&root_slots[n - 1]);
}

void jailhouse_ivshmem_root_forget(void)
{
	kfree(root_slots);
	root_slots = NULL;
	num_root_slots = 0;
}
