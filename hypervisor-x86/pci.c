// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI unit (include/pci.h): the table of the devices the root config
 * lists, their owners, and the hardware access to configuration space.
 *
 * cell_check refuses a cell that asks for a device the root config does
 * not list, for a bridge (bridges stay the root's: their windows route
 * everybody's addresses), or for a device another cell owns; cell_create
 * moves the devices to the cell, cell_destroy back to the root.
 */
#include "hv.h"
#include "cell.h"
#include "pci.h"
#include "processor.h"
#include "unit.h"
#include "vmexit.h"

#define CONFIG_ADDRESS_PORT 0xcf8
#define CONFIG_DATA_PORT 0xcfc
#define CONFIG_ENABLE 0x80000000U

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(bdf) (bdf) >> 8, ((bdf) >> 3) & 0x1f, (bdf)&7

struct pci_device {
	const struct jailhouse_pci_device *root_config;
	/* the owner: the root, or the cell that took it (pci.h) */
	const struct cell *volatile owner;
};

static struct pci_device devices[JAILHOUSE_MAX_PCI_DEVICES];
static unsigned int num_devices;
/*
 * The real address latch at 0xcf8 is shared by all CPUs: a latch write
 * and its data access must not interleave with another CPU's pair.  It
 * also orders ownership changes against the root's accesses (pci.h).  A
 * leaf of the lock order (include/processor.h): only printk() is called
 * under it.
 */
static struct spinlock pci_lock;

/* ---- the hardware: one place, pci_lock held ---- */

static __u32 port_in(__u16 port, unsigned int size)
{
	__u32 v;

	if (size == 1) {
		__u8 b;

		asm volatile("inb %1, %0" : "=a"(b) : "Nd"(port));
		return b;
	}
	if (size == 2) {
		__u16 w;

		asm volatile("inw %1, %0" : "=a"(w) : "Nd"(port));
		return w;
	}
	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_out(__u16 port, unsigned int size, __u32 v)
{
	if (size == 1)
		asm volatile("outb %b0, %1" : : "a"(v), "Nd"(port));
	else if (size == 2)
		asm volatile("outw %w0, %1" : : "a"(v), "Nd"(port));
	else
		asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/* Ports reach the first 256 bytes only; beyond, the device is silent. */
static __u32 hw_read(__u16 bdf, unsigned int reg, unsigned int size)
{
	if (reg >= 0x100)
		return 0xffffffffU;
	port_out(CONFIG_ADDRESS_PORT, 4,
		 CONFIG_ENABLE | bdf << 8 | (reg & 0xfc));
	return port_in(CONFIG_DATA_PORT + (reg & 3), size);
}

static void hw_write(__u16 bdf, unsigned int reg, unsigned int size, __u32 v)
{
	if (reg >= 0x100)
		return;
	port_out(CONFIG_ADDRESS_PORT, 4,
		 CONFIG_ENABLE | bdf << 8 | (reg & 0xfc));
	port_out(CONFIG_DATA_PORT + (reg & 3), size, v);
}

/* ---- the table ---- */

static struct pci_device *find(__u16 bdf)
{
	unsigned int n;

	for (n = 0; n < num_devices; n++)
		if (devices[n].root_config->bdf == bdf)
			return &devices[n];
	return NULL;
}

const struct cell *pci_owner(__u16 bdf)
{
	const struct pci_device *dev = find(bdf);

	return dev ? dev->owner : &root_cell;
}

int pci_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
		      unsigned int size, int is_write, __u32 *value)
{
	const struct pci_device *dev = find(bdf);

	spin_lock(&pci_lock);
	/* the owner may have changed since the caller looked (pci.h) */
	if ((dev ? dev->owner : &root_cell) != cpu->cell) {
		if (!is_write)
			*value = 0xffffffffU;
	} else if (is_write) {
		hw_write(bdf, reg, size, *value);
	} else {
		*value = hw_read(bdf, reg, size);
	}
	spin_unlock(&pci_lock);
	return 0;
}

/* ---- the unit ---- */

/* Physical devices of the platform's segment: ivshmem devices are
 * virtual, and ports reach one segment only. */
static int is_physical(const struct jailhouse_pci_device *d)
{
	return d->type != JAILHOUSE_PCI_TYPE_IVSHMEM &&
	       d->domain == hv_system_config->platform.pci_domain;
}

static int pci_init(void)
{
	const struct jailhouse_cell_desc *root = &hv_system_config->root_cell;
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(root);
	unsigned int n;

	for (n = 0; n < root->num_pci_devices; n++) {
		if (!is_physical(&d[n]))
			continue;
		devices[num_devices].root_config = &d[n];
		devices[num_devices].owner = &root_cell;
		num_devices++;
	}
	return 0;
}

static int check_device(struct per_cpu *caller, const struct cell *cell,
			const struct jailhouse_pci_device *d)
{
	const struct pci_device *dev = find(d->bdf);
	const char *name = cell->config->name;

	if (!dev)
		return hypercall_refuse(caller, -EINVAL,
					"cell \"%s\": PCI device " BDF_FMT
					" is not in the root cell's config",
					name, BDF_ARGS(d->bdf));
	if (d->type != JAILHOUSE_PCI_TYPE_DEVICE ||
	    dev->root_config->type != JAILHOUSE_PCI_TYPE_DEVICE)
		return hypercall_refuse(caller, -EINVAL,
					"cell \"%s\": PCI device " BDF_FMT
					" is a bridge; bridges stay the root cell's",
					name, BDF_ARGS(d->bdf));
	if (dev->owner != &root_cell)
		return hypercall_refuse(caller, -EBUSY,
					"cell \"%s\": PCI device " BDF_FMT
					" belongs to cell \"%s\"",
					name, BDF_ARGS(d->bdf),
					dev->owner->config->name);
	return 0;
}

static int pci_cell_check(struct per_cpu *caller, const struct cell *cell)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int n;
	int err;

	for (n = 0; n < cell->config->num_pci_devices; n++) {
		if (!is_physical(&d[n]))
			continue;
		err = check_device(caller, cell, &d[n]);
		if (err)
			return err;
	}
	return 0;
}

/* Every device of the cell's config to the cell (cell_check made sure
 * each is in the table and the root's). */
static int pci_cell_create(struct cell *cell)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	struct pci_device *dev;
	unsigned int n;

	spin_lock(&pci_lock);
	for (n = 0; n < cell->config->num_pci_devices; n++) {
		dev = is_physical(&d[n]) ? find(d[n].bdf) : NULL;
		if (dev)
			dev->owner = cell;
	}
	spin_unlock(&pci_lock);
	return 0;
}

static void pci_cell_destroy(struct cell *cell)
{
	unsigned int n;

	spin_lock(&pci_lock);
	for (n = 0; n < num_devices; n++)
		if (devices[n].owner == cell)
			devices[n].owner = &root_cell;
	spin_unlock(&pci_lock);
}

const struct hv_unit pci_unit = {
	.name = "PCI",
	.init = pci_init,
	.cell_check = pci_cell_check,
	.cell_create = pci_cell_create,
	.cell_destroy = pci_cell_destroy,
};
