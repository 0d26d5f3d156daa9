// SPDX-License-Identifier: GPL-2.0
/* Choosing the PCI devices a cell takes from Linux, and checking their line. */
#include "pci-select.h"

bool jailhouse_pci_slot_listed(const struct jailhouse_pci_slot *slots,
			       unsigned int count, __u16 domain, __u16 bdf)
{
	unsigned int n;

	for (n = 0; n < count; n++)
		if (slots[n].domain == domain && slots[n].bdf == bdf)
			return true;
	return false;
}

int jailhouse_pci_select(const struct jailhouse_cell_desc *cell,
			 struct jailhouse_pci_slot *out, unsigned int max)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(cell);
	unsigned int n, count = 0;

	for (n = 0; n < cell->num_pci_devices; n++, dev++) {
		if (dev->type != JAILHOUSE_PCI_TYPE_DEVICE)
			continue;
		if (jailhouse_pci_slot_listed(out, count, dev->domain,
					      dev->bdf))
			continue;
		if (count == max)
			return -E2BIG;
		out[count].domain = dev->domain;
		out[count].bdf = dev->bdf;
		out[count].index = n;
		count++;
	}
	return count;
}

static bool pin_given(const struct jailhouse_irqchip *chip, unsigned int pin)
{
	return (chip->pin_bitmap[pin / 32] >> (pin % 32)) & 1;
}

/* "5, 9, 10" or "none": the pins @chip gives, as much as fits. */
static void list_pins(const struct jailhouse_irqchip *chip, char *out,
		      size_t size)
{
	size_t used = 0;
	unsigned int pin;

	out[0] = '\0';
	for (pin = 0; pin < chip->num_pins && pin < JAILHOUSE_IRQCHIP_MAX_PINS;
	     pin++)
		if (pin_given(chip, pin))
			used += scnprintf(out + used, size - used, "%s%u",
					  used ? ", " : "", pin);
	if (!used)
		scnprintf(out, size, "none");
}

int jailhouse_pci_check_intx(const struct jailhouse_cell_desc *cell,
			     const struct jailhouse_pci_device *dev,
			     const char *dev_name, unsigned int gsi, char *msg,
			     size_t msg_size)
{
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(cell);
	bool msi = dev->num_msi_vectors || dev->num_msix_vectors;
	unsigned int n, pin;
	char pins[64];

	for (n = 0; n < cell->num_irqchips; n++, chip++) {
		if (gsi < chip->gsi_base ||
		    gsi - chip->gsi_base >= chip->num_pins)
			continue;
		pin = gsi - chip->gsi_base;
		if (pin_given(chip, pin))
			return JAILHOUSE_INTX_GIVEN;
		if (msi)
			return JAILHOUSE_INTX_MSI_ONLY;
		list_pins(chip, pins, sizeof(pins));
		scnprintf(msg, msg_size,
			  "cell \"%s\": PCI device %s uses IRQ %u (pin %u of the IOAPIC at 0x%llx), but the cell's config does not give it that pin (it gives pins: %s)",
			  cell->name, dev_name, gsi, pin,
			  (unsigned long long)chip->address, pins);
		return -EINVAL;
	}
	if (msi)
		return JAILHOUSE_INTX_MSI_ONLY;
	scnprintf(msg, msg_size,
		  "cell \"%s\": PCI device %s uses IRQ %u, but none of the %u IOAPICs in the cell's config has that GSI, so the cell cannot receive its interrupts",
		  cell->name, dev_name, gsi, cell->num_irqchips);
	return -EINVAL;
}
