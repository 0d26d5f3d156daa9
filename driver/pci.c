// SPDX-License-Identifier: GPL-2.0
/*
 * Handing a cell's PCI devices over from Linux and back.
 *
 * At cell create each device is unbound from its driver and removed from
 * Linux's view (pci_stop_and_remove_bus_device_locked): nothing in Linux
 * may touch its config space or BARs while a cell owns it, and lspci and
 * /sys no longer show it.  At cell destroy, or when the create fails
 * later, the bus the device sat on is rescanned, so that Linux finds it
 * again (the hypervisor has given it back by then) and its driver binds.
 *
 * Before a device goes, its INTx line is checked: the cell's config must
 * give it the IOAPIC pin root Linux routed the device to, and nothing else
 * in the root may use that line (another PCI device, the ACPI SCI, any
 * other handler): a shared level-triggered line would either deliver the
 * root's interrupts to the cell or storm the root with the cell's.  Every
 * refusal leaves the device with its driver, and gives back the devices
 * of the same cell taken before it.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/acpi.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "jailhouse.h"
#include "pci-select.h"

/*
 * What a rescan needs once the pci_dev is gone.  The bus is looked up
 * again by number at rescan time rather than kept as a pointer: the bus
 * could vanish meanwhile (its bridge hot-removed), and the PCI core has no
 * exported way for a module to hold a reference on a bus.
 */
struct jailhouse_pci_claim {
	u16 domain;
	u8 bus;
	u8 devfn;
};

/* One device on its way out, and the cell it goes to. */
struct handover {
	struct jailhouse_request *req;
	const struct jailhouse_cell *cell;
	const struct jailhouse_pci_slot *slots; /* all devices of the cell */
	unsigned int num_slots;
	struct pci_dev *dev;
	const struct jailhouse_pci_device *config; /* its entry in the cell */
};

#define NAME_ARGS(claim)                                         \
	(claim)->domain, (claim)->bus, PCI_SLOT((claim)->devfn), \
		PCI_FUNC((claim)->devfn)

static void rescan_claim(const struct jailhouse_pci_claim *claim)
{
	struct pci_bus *bus;
	struct pci_dev *dev;

	pci_lock_rescan_remove();
	bus = pci_find_bus(claim->domain, claim->bus);
	if (bus)
		pci_rescan_bus(bus);
	pci_unlock_rescan_remove();
	dev = pci_get_domain_bus_and_slot(claim->domain, claim->bus,
					  claim->devfn);
	if (!dev) {
		pr_err("PCI device %04x:%02x:%02x.%d did not reappear in Linux after the rescan%s\n",
		       NAME_ARGS(claim), bus ? "" : " (its bus is gone)");
		return;
	}
	if (dev->dev.driver)
		pr_info("PCI device %s is back in Linux (driver %s)\n",
			pci_name(dev), dev->dev.driver->name);
	else
		pr_info("PCI device %s is back in Linux; no driver bound to it\n",
			pci_name(dev));
	pci_dev_put(dev);
}

void jailhouse_pci_release_cell(struct jailhouse_cell *cell)
{
	unsigned int n;

	/* In reverse: functions of one device come back after function 0. */
	for (n = cell->num_pci_claims; n > 0; n--)
		rescan_claim(&cell->pci_claims[n - 1]);
	kfree(cell->pci_claims);
	cell->pci_claims = NULL;
	cell->num_pci_claims = 0;
}

static int refuse_device(struct handover *h, int err, const char *why)
{
	return jailhouse_refuse(h->req, err, "cell \"%s\": PCI device %s %s",
				h->cell->name, pci_name(h->dev), why);
}

/*
 * What a cell gets must be one endpoint: a bridge carries the devices
 * behind it (and their config space), which Linux keeps.  A driver that
 * suppresses its bind/unbind attributes says it cannot be unbound.
 */
static int check_releasable(struct handover *h)
{
	struct device_driver *drv = h->dev->dev.driver;
	char why[96];

	if (h->dev->subordinate || h->dev->hdr_type != PCI_HEADER_TYPE_NORMAL)
		return refuse_device(
			h, -EBUSY,
			"is a bridge (with the devices behind it); bridges stay with root Linux");
	if (drv && drv->suppress_bind_attrs) {
		scnprintf(why, sizeof(why),
			  "cannot be taken from Linux: its driver %s does not support unbinding",
			  drv->name);
		return refuse_device(h, -EBUSY, why);
	}
	return 0;
}

/* Another PCI device of the root on @irq (the cell's own do not count). */
static int check_other_pci_devices(struct handover *h, unsigned int irq)
{
	struct pci_dev *other = NULL;
	u16 bdf;

	for_each_pci_dev(other)
	{
		bdf = PCI_DEVID(other->bus->number, other->devfn);
		if (other == h->dev || !other->pin || other->irq != irq ||
		    jailhouse_pci_slot_listed(h->slots, h->num_slots,
					      pci_domain_nr(other->bus), bdf))
			continue;
		jailhouse_refuse(
			h->req, -EBUSY,
			"cell \"%s\": PCI device %s uses IRQ %u, which root Linux also uses for %s (%s)",
			h->cell->name, pci_name(h->dev), irq, pci_name(other),
			other->dev.driver ? other->dev.driver->name :
					    "no driver now");
		pci_dev_put(other);
		return -EBUSY;
	}
	return 0;
}

static int check_sci(struct handover *h, unsigned int irq)
{
#ifdef CONFIG_ACPI
	unsigned int sci_irq;

	if (acpi_disabled || !acpi_gbl_FADT.sci_interrupt ||
	    acpi_gsi_to_irq(acpi_gbl_FADT.sci_interrupt, &sci_irq) < 0 ||
	    sci_irq != irq)
		return 0;
	return jailhouse_refuse(
		h->req, -EBUSY,
		"cell \"%s\": PCI device %s uses IRQ %u, which root Linux also uses for the ACPI SCI (GSI %u)",
		h->cell->name, pci_name(h->dev), irq,
		acpi_gbl_FADT.sci_interrupt);
#else
	return 0;
#endif
}

/*
 * The checks of the line that need no unbinding: 0 (the cell gets the
 * line and nobody else in the root uses it), JAILHOUSE_INTX_MSI_ONLY, or a
 * refusal.  On x86 Linux numbers the IRQs of the IOAPIC at GSI base 0 by
 * their GSI (its irqdomain is of the legacy kind), which is the IOAPIC the
 * Bochs and QEMU PCs route PCI INTx to; pdev->irq is taken as the GSI.
 */
static int check_line(struct handover *h, unsigned int irq)
{
	char msg[JAILHOUSE_MSG_MAX];
	int verdict;

	verdict = jailhouse_pci_check_intx(h->cell->config, h->config,
					   pci_name(h->dev), irq, msg,
					   sizeof(msg));
	if (verdict < 0)
		return jailhouse_refuse(h->req, verdict, "%s", msg);
	if (verdict == JAILHOUSE_INTX_MSI_ONLY) {
		pr_info("cell \"%s\": PCI device %s: the cell does not get its INTx line (IRQ %u), only its MSI/MSI-X\n",
			h->cell->name, pci_name(h->dev), irq);
		return verdict;
	}
	return check_other_pci_devices(h, irq) ?: check_sci(h, irq);
}

/*
 * The device's INTx IRQ while it keeps its driver: with MSI or MSI-X on,
 * pdev->irq is an MSI vector, and a device nobody enabled has not been
 * routed yet: 0, learn it after unbinding.
 */
static unsigned int routed_irq_now(struct pci_dev *dev)
{
	if (!dev->pin || !pci_is_enabled(dev) || dev->msi_enabled ||
	    dev->msix_enabled)
		return 0;
	return dev->irq;
}

/*
 * Without a driver: enabling the device routes its INTx through ACPI
 * (pdev->irq), disabling it again undoes the routing.
 */
static int routed_irq_unbound(struct handover *h, unsigned int *irq)
{
	int err = pci_enable_device(h->dev);

	if (err)
		return refuse_device(
			h, err,
			"cannot be enabled to learn its interrupt line");
	*irq = h->dev->irq;
	pci_disable_device(h->dev);
	if (!*irq)
		return refuse_device(
			h, -EINVAL,
			"has an INTx pin, but Linux routes it to no IRQ (no ACPI _PRT entry?)");
	return 0;
}

/*
 * After unbinding (a refusal binds the driver again): the line, if it could
 * not be checked before (@verdict < 0), and whether a handler is left on it.
 */
static int check_unbound(struct handover *h, int verdict, unsigned int irq)
{
	int err = 0;

	if (!h->dev->pin)
		return 0;
	if (verdict < 0) {
		err = routed_irq_unbound(h, &irq);
		verdict = err ?: check_line(h, irq);
		err = verdict < 0 ? verdict : 0;
	}
	if (!err && verdict != JAILHOUSE_INTX_MSI_ONLY && irq_has_action(irq))
		err = jailhouse_refuse(
			h->req, -EBUSY,
			"cell \"%s\": PCI device %s uses IRQ %u, which root Linux also uses for another handler (see /proc/interrupts)",
			h->cell->name, pci_name(h->dev), irq);
	if (err && device_attach(&h->dev->dev) < 0)
		dev_warn(&h->dev->dev, "no driver took the device back\n");
	return err;
}

static int take_device(struct handover *h, struct jailhouse_pci_claim *claim)
{
	unsigned int irq = routed_irq_now(h->dev);
	int err, verdict = -1; /* the line is not checked yet */

	err = check_releasable(h);
	if (!err && irq) {
		verdict = check_line(h, irq);
		err = verdict < 0 ? verdict : 0;
	}
	if (err)
		return err;
	device_release_driver(&h->dev->dev);
	err = check_unbound(h, verdict, irq);
	if (err)
		return err;
	claim->domain = pci_domain_nr(h->dev->bus);
	claim->bus = h->dev->bus->number;
	claim->devfn = h->dev->devfn;
	pci_stop_and_remove_bus_device_locked(h->dev);
	pr_info("cell \"%s\": PCI device %04x:%02x:%02x.%d taken from Linux\n",
		h->cell->name, NAME_ARGS(claim));
	return 0;
}

static int take_slot(struct handover *h, const struct jailhouse_pci_slot *slot,
		     struct jailhouse_pci_claim *claim)
{
	int err;

	h->dev = pci_get_domain_bus_and_slot(slot->domain, slot->bdf >> 8,
					     slot->bdf & 0xff);
	if (!h->dev)
		return jailhouse_refuse(
			h->req, -ENODEV,
			"cell \"%s\": PCI device %04x:%02x:%02x.%d is not present",
			h->cell->name, slot->domain, slot->bdf >> 8,
			PCI_SLOT(slot->bdf & 0xff), PCI_FUNC(slot->bdf & 0xff));
	h->config = jailhouse_cell_pci_devices(h->cell->config) + slot->index;
	err = take_device(h, claim);
	pci_dev_put(h->dev);
	return err;
}

int jailhouse_pci_claim_cell(struct jailhouse_request *req,
			     struct jailhouse_cell *cell)
{
	struct jailhouse_pci_slot *slots;
	struct handover h = { .req = req, .cell = cell };
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
	h.slots = slots;
	h.num_slots = count;
	for (n = 0; n < count && !err; n++) {
		err = take_slot(&h, &slots[n],
				&cell->pci_claims[cell->num_pci_claims]);
		if (!err)
			cell->num_pci_claims++;
	}
	kfree(slots);
	/* The caller gives back what was taken (jailhouse_pci_release_cell). */
	return err;
}
