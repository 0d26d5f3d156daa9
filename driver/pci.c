// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI stub driver: while a device belongs to a cell, Linux's own driver
 * must let go of it and no other driver may bind.  driver_override pins the
 * device to this stub; releasing it clears the override and lets Linux
 * attach its usual driver again.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/device.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "jailhouse.h"
#include "pci-select.h"

#define STUB_NAME "jailhouse-pci"

struct jailhouse_pci_claim {
	struct pci_dev *dev;
};

static int stub_probe(struct pci_dev *dev, const struct pci_device_id *id)
{
	dev_info(&dev->dev, "assigned to a Jailhouse cell\n");
	return 0;
}

static void stub_remove(struct pci_dev *dev)
{
}

static struct pci_driver stub_driver = {
	.name = STUB_NAME,
	/* No ids: only devices whose driver_override names us bind. */
	.id_table = NULL,
	.probe = stub_probe,
	.remove = stub_remove,
};

/*
 * Newer kernels (and Debian's 6.12 by backport) keep the override in
 * struct device; Kbuild detects which interface the headers have.
 */
static int set_override(struct pci_dev *dev, const char *name)
{
#ifdef HAVE_DEVICE_SET_DRIVER_OVERRIDE
	return device_set_driver_override(&dev->dev, name[0] ? name : NULL);
#else
	return driver_set_override(&dev->dev, &dev->driver_override, name,
				   strlen(name));
#endif
}

static void release_device(struct pci_dev *dev)
{
	set_override(dev, "");
	device_release_driver(&dev->dev);
	if (device_attach(&dev->dev) < 0)
		dev_warn(&dev->dev, "no driver took the device back\n");
	pci_dev_put(dev);
}

static int claim_device(struct jailhouse_request *req, const char *cell,
			struct pci_dev *dev)
{
	int err;

	err = set_override(dev, STUB_NAME);
	if (!err) {
		device_release_driver(&dev->dev);
		err = device_attach(&dev->dev) == 1 ? 0 : -EBUSY;
	}
	if (err) {
		release_device(dev);
		return jailhouse_refuse(
			req, err,
			"cell \"%s\": PCI device %s cannot be taken from Linux (error %d)",
			cell, pci_name(dev), err);
	}
	return 0;
}

int jailhouse_pci_claim_cell(struct jailhouse_request *req,
			     struct jailhouse_cell *cell)
{
	struct jailhouse_pci_slot *slots;
	struct pci_dev *dev;
	int count, n, err = 0;

	slots = kcalloc(JAILHOUSE_MAX_PCI_DEVICES, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return jailhouse_refuse(req, -ENOMEM,
					"cell create: out of memory");
	count = jailhouse_pci_select(cell->config, slots,
				     JAILHOUSE_MAX_PCI_DEVICES);
	if (count > 0)
		cell->pci_claims =
			kcalloc(count, sizeof(*cell->pci_claims), GFP_KERNEL);
	if (count < 0 || (count > 0 && !cell->pci_claims)) {
		kfree(slots);
		return jailhouse_refuse(req, -ENOMEM,
					"cell create: out of memory");
	}
	for (n = 0; n < count && !err; n++) {
		dev = pci_get_domain_bus_and_slot(slots[n].domain,
						  slots[n].bdf >> 8,
						  slots[n].bdf & 0xff);
		/* A device Linux never found has no driver to take away. */
		if (!dev)
			continue;
		err = claim_device(req, cell->name, dev);
		if (!err)
			cell->pci_claims[cell->num_pci_claims++].dev = dev;
	}
	kfree(slots);
	return err;
}

void jailhouse_pci_release_cell(struct jailhouse_cell *cell)
{
	unsigned int n;

	for (n = 0; n < cell->num_pci_claims; n++)
		release_device(cell->pci_claims[n].dev);
	kfree(cell->pci_claims);
	cell->pci_claims = NULL;
	cell->num_pci_claims = 0;
}

int jailhouse_pci_init(void)
{
	return pci_register_driver(&stub_driver);
}

void jailhouse_pci_exit(void)
{
	pci_unregister_driver(&stub_driver);
}
