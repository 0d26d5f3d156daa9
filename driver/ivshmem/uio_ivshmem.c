// SPDX-License-Identifier: GPL-2.0
/*
 * uio_ivshmem: an ivshmem v2 device (one peer's end of a link between
 * cells) for user space, through the UIO framework.
 *
 * /dev/uioN offers five mappings (mmap offset = index * page size):
 *   0 "registers"       BAR 0: ID, Maximum Peers, Interrupt Control,
 *                        Doorbell, State (uncached; a doorbell is one
 *                        32-bit write)
 *   1 "state_table"     read-only: one 32-bit state per peer
 *   2 "rw_section"      read/write, shared by all peers
 *   3 "output_sections" read-only: every peer's output section, peer 0 first
 *   4 "output_section"  this peer's own output section, writable
 * The memory is mapped write-back, like RAM: every peer of the link maps
 * it so, and the hypervisor maps the read-only parts read-only, so a
 * writable mapping of them is refused here (a write would stop the cell,
 * for the root the whole machine).  Only shared mappings are offered.
 *
 * Interrupts: every MSI-X vector of the device counts as a UIO event:
 * read() of 4 bytes blocks until the next one and returns the count, poll()
 * waits for one.  A write() of 1 or 0 turns Interrupt Control on or off
 * (on from probe; with the one-shot mode each interrupt turns it off and
 * user space writes 1 to re-arm).  Vector 0 also signals state changes.
 *
 * sysfs (on the PCI device): id, max_peers, protocol, one_shot (rw),
 * state (rw: this peer's State register), peer_states (the state table,
 * one value per peer, pollable: it is notified when a peer's state
 * changes), interrupts (count per vector).
 */
#define pr_fmt(fmt) "uio_ivshmem: " fmt

#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uio_driver.h>
#include <linux/version.h>

#include <jailhouse/ivshmem-net.h>

#include "ivshmem-layout.h"
#include "ivshmem-regs.h"

#define DRIVER_NAME "uio_ivshmem"

enum {
	MAP_REGISTERS,
	MAP_STATE_TABLE,
	MAP_RW_SECTION,
	MAP_OUTPUT_SECTIONS,
	MAP_OWN_OUTPUT,
	NUM_MAPS
};

struct uio_ivshmem;

/* What an MSI-X vector's handler gets: the device and the vector. */
struct ivshmem_vector {
	struct uio_ivshmem *iv;
	unsigned int number;
};

struct uio_ivshmem {
	struct uio_info info;
	struct pci_dev *pdev;
	void __iomem *registers;
	const u32 *state_table; /* write-back mapping, read-only use */
	unsigned int id;
	unsigned int peers;
	struct ivshmem_layout layout;
	int vectors;
	int irqs_requested;
	struct ivshmem_vector vector[IVSHMEM_MAX_VECTORS];
	atomic_t interrupts[IVSHMEM_MAX_VECTORS];
	/* The state table as last seen by an interrupt on vector 0. */
	u32 seen_states[IVSHMEM_MAX_PEERS];
	spinlock_t seen_lock;
	struct kernfs_node *peer_states_node;
};

static bool map_is_read_only(unsigned int map)
{
	return map == MAP_STATE_TABLE || map == MAP_OUTPUT_SECTIONS;
}

static int ivshmem_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	unsigned long map = vma->vm_pgoff;
	struct uio_mem *mem;
	pgprot_t prot = vma->vm_page_prot;

	/* uio_mmap() checked the index and that the size fits the map. */
	if (map >= NUM_MAPS)
		return -EINVAL;
	mem = &info->mem[map];
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (map_is_read_only(map)) {
		if (vma->vm_flags & VM_WRITE)
			return -EPERM;
			/* No mprotect(PROT_WRITE) later either. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
		vm_flags_clear(vma, VM_MAYWRITE);
#else
		vma->vm_flags &= ~VM_MAYWRITE;
#endif
	}
	if (map == MAP_REGISTERS)
		prot = pgprot_noncached(prot);
	vma->vm_page_prot = prot;
	return remap_pfn_range(vma, vma->vm_start, mem->addr >> PAGE_SHIFT,
			       vma->vm_end - vma->vm_start, prot);
}

static int ivshmem_irqcontrol(struct uio_info *info, s32 on)
{
	struct uio_ivshmem *iv = info->priv;

	if (on != 0 && on != 1)
		return -EINVAL;
	writel(on ? IVSHMEM_INT_ENABLE : 0,
	       iv->registers + IVSHMEM_REG_INT_CONTROL);
	return 0;
}

/* Did a peer's state change since the last interrupt on vector 0? */
static bool states_changed(struct uio_ivshmem *iv)
{
	bool changed = false;
	unsigned int n;
	u32 now;

	spin_lock(&iv->seen_lock);
	for (n = 0; n < iv->peers; n++) {
		now = READ_ONCE(iv->state_table[n]);
		if (now != iv->seen_states[n]) {
			iv->seen_states[n] = now;
			changed = true;
		}
	}
	spin_unlock(&iv->seen_lock);
	return changed;
}

static irqreturn_t ivshmem_interrupt(int irq, void *arg)
{
	struct ivshmem_vector *vector = arg;
	struct uio_ivshmem *iv = vector->iv;

	atomic_inc(&iv->interrupts[vector->number]);
	if (vector->number == 0 && iv->peer_states_node && states_changed(iv))
		sysfs_notify_dirent(iv->peer_states_node);
	uio_event_notify(&iv->info);
	return IRQ_HANDLED;
}

/* The layout (ivshmem-layout.h), checked for this many peers. */
static int read_layout(struct uio_ivshmem *iv)
{
	struct pci_dev *pdev = iv->pdev;
	struct ivshmem_layout *l = &iv->layout;
	int cap = ivshmem_read_layout(pdev, l);
	u64 end;

	if (cap < 0)
		return cap;
	end = l->base + l->state_table_size + l->rw_size +
	      l->output_size * iv->peers;
	if (!PAGE_ALIGNED(l->base) || !PAGE_ALIGNED(l->state_table_size) ||
	    !PAGE_ALIGNED(l->rw_size) || !PAGE_ALIGNED(l->output_size) ||
	    l->state_table_size < iv->peers * sizeof(u32) || end < l->base) {
		dev_err(&pdev->dev,
			"shared memory at 0x%llx (state table 0x%llx, read/write 0x%llx, output 0x%llx x %u) is not page-aligned or too small\n",
			l->base, l->state_table_size, l->rw_size,
			l->output_size, iv->peers);
		return -EINVAL;
	}
	return 0;
}

static void set_map(struct uio_mem *mem, const char *name, phys_addr_t addr,
		    u64 size)
{
	mem->name = name;
	mem->addr = addr;
	mem->size = size;
	/* Only for the UIO core's sysfs; ivshmem_mmap() does the mapping. */
	mem->memtype = UIO_MEM_PHYS;
}

static void describe_maps(struct uio_ivshmem *iv)
{
	const struct ivshmem_layout *l = &iv->layout;
	struct uio_mem *mem = iv->info.mem;
	u64 outputs = l->base + l->state_table_size + l->rw_size;

	set_map(&mem[MAP_REGISTERS], "registers",
		pci_resource_start(iv->pdev, 0), PAGE_SIZE);
	set_map(&mem[MAP_STATE_TABLE], "state_table", l->base,
		l->state_table_size);
	set_map(&mem[MAP_RW_SECTION], "rw_section",
		l->base + l->state_table_size, l->rw_size);
	set_map(&mem[MAP_OUTPUT_SECTIONS], "output_sections", outputs,
		l->output_size * iv->peers);
	set_map(&mem[MAP_OWN_OUTPUT], "output_section",
		outputs + l->output_size * iv->id, l->output_size);
}

static int setup_interrupts(struct uio_ivshmem *iv)
{
	struct pci_dev *pdev = iv->pdev;
	int n, err;

	iv->vectors = pci_alloc_irq_vectors(pdev, 1, IVSHMEM_MAX_VECTORS,
					    PCI_IRQ_MSIX);
	if (iv->vectors < 0) {
		dev_err(&pdev->dev, "no MSI-X vectors (error %d)\n",
			iv->vectors);
		return iv->vectors;
	}
	for (n = 0; n < iv->vectors; n++) {
		iv->vector[n].iv = iv;
		iv->vector[n].number = n;
		err = request_irq(pci_irq_vector(pdev, n), ivshmem_interrupt, 0,
				  DRIVER_NAME, &iv->vector[n]);
		if (err) {
			dev_err(&pdev->dev,
				"cannot request the IRQ of vector %d (error %d)\n",
				n, err);
			return err;
		}
		iv->irqs_requested++;
	}
	return 0;
}

static void free_interrupts(struct uio_ivshmem *iv)
{
	while (iv->irqs_requested > 0) {
		iv->irqs_requested--;
		free_irq(pci_irq_vector(iv->pdev, iv->irqs_requested),
			 &iv->vector[iv->irqs_requested]);
	}
	if (iv->vectors > 0)
		pci_free_irq_vectors(iv->pdev);
	iv->vectors = 0;
}

static ssize_t id_show(struct device *dev, struct device_attribute *attr,
		       char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", iv->id);
}
static DEVICE_ATTR_RO(id);

static ssize_t max_peers_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", iv->peers);
}
static DEVICE_ATTR_RO(max_peers);

static ssize_t protocol_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);

	/* class code: 0xff, then the protocol in sub-class and interface */
	return sysfs_emit(buf, "0x%04x\n", iv->pdev->class & 0xffff);
}
static DEVICE_ATTR_RO(protocol);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n",
			  readl(iv->registers + IVSHMEM_REG_STATE));
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);
	u32 state;
	int err = kstrtou32(buf, 0, &state);

	if (err)
		return err;
	writel(state, iv->registers + IVSHMEM_REG_STATE);
	return count;
}
static DEVICE_ATTR_RW(state);

static ssize_t peer_states_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);
	unsigned int n;
	int len = 0;

	for (n = 0; n < iv->peers; n++)
		len += sysfs_emit_at(buf, len, "%s%u", n ? " " : "",
				     READ_ONCE(iv->state_table[n]));
	return len + sysfs_emit_at(buf, len, "\n");
}
static DEVICE_ATTR_RO(peer_states);

static ssize_t one_shot_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);
	int cap = pci_find_capability(iv->pdev, PCI_CAP_ID_VNDR);
	u8 control;

	pci_read_config_byte(iv->pdev, cap + IVSHMEM_CAP_PRIV_CONTROL,
			     &control);
	return sysfs_emit(buf, "%u\n", control & IVSHMEM_PRIV_ONE_SHOT);
}

static ssize_t one_shot_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);
	int cap = pci_find_capability(iv->pdev, PCI_CAP_ID_VNDR);
	bool on;
	int err = kstrtobool(buf, &on);

	if (err)
		return err;
	pci_write_config_byte(iv->pdev, cap + IVSHMEM_CAP_PRIV_CONTROL,
			      on ? IVSHMEM_PRIV_ONE_SHOT : 0);
	return count;
}
static DEVICE_ATTR_RW(one_shot);

static ssize_t interrupts_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct uio_ivshmem *iv = dev_get_drvdata(dev);
	int n, len = 0;

	for (n = 0; n < iv->vectors; n++)
		len += sysfs_emit_at(buf, len, "%s%d", n ? " " : "",
				     atomic_read(&iv->interrupts[n]));
	return len + sysfs_emit_at(buf, len, "\n");
}
static DEVICE_ATTR_RO(interrupts);

static struct attribute *ivshmem_attrs[] = {
	&dev_attr_id.attr,	    &dev_attr_max_peers.attr,
	&dev_attr_protocol.attr,    &dev_attr_state.attr,
	&dev_attr_peer_states.attr, &dev_attr_one_shot.attr,
	&dev_attr_interrupts.attr,  NULL,
};

static const struct attribute_group ivshmem_group = {
	.attrs = ivshmem_attrs,
};

static int map_device(struct uio_ivshmem *iv)
{
	struct pci_dev *pdev = iv->pdev;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	err = pcim_iomap_regions(pdev, BIT(0) | BIT(1), DRIVER_NAME);
	if (err) {
		dev_err(&pdev->dev, "cannot claim BARs 0 and 1 (error %d)\n",
			err);
		return err;
	}
	iv->registers = pcim_iomap_table(pdev)[0];
	iv->id = readl(iv->registers + IVSHMEM_REG_ID);
	iv->peers = readl(iv->registers + IVSHMEM_REG_MAX_PEERS);
	if (iv->peers < 2 || iv->peers > IVSHMEM_MAX_PEERS ||
	    iv->id >= iv->peers) {
		dev_err(&pdev->dev,
			"ID %u of %u peers: not a link this driver can serve\n",
			iv->id, iv->peers);
		return -EINVAL;
	}
	err = read_layout(iv);
	if (err)
		return err;
	iv->state_table = devm_memremap(&pdev->dev, iv->layout.base,
					iv->layout.state_table_size,
					MEMREMAP_WB);
	if (IS_ERR(iv->state_table)) {
		dev_err(&pdev->dev, "cannot map the state table at 0x%llx\n",
			iv->layout.base);
		return PTR_ERR(iv->state_table);
	}
	return 0;
}

static int ivshmem_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct uio_ivshmem *iv;
	int err;

	/* ivshmem_net.ko serves these links; a PCI ID table cannot leave out
	 * one protocol, so this driver declines it here. */
	if ((pdev->class & 0xffff) == IVSHMEM_NET_PROTOCOL)
		return -ENODEV;
	iv = devm_kzalloc(&pdev->dev, sizeof(*iv), GFP_KERNEL);
	if (!iv)
		return -ENOMEM;
	iv->pdev = pdev;
	spin_lock_init(&iv->seen_lock);
	pci_set_drvdata(pdev, iv);
	err = map_device(iv);
	if (err)
		return err;
	describe_maps(iv);
	pci_set_master(pdev);
	err = setup_interrupts(iv);
	if (err)
		goto free_vectors;
	err = sysfs_create_group(&pdev->dev.kobj, &ivshmem_group);
	if (err)
		goto free_vectors;
	iv->peer_states_node =
		sysfs_get_dirent(pdev->dev.kobj.sd, "peer_states");
	iv->info.name = DRIVER_NAME;
	iv->info.version = "1";
	iv->info.irq = UIO_IRQ_CUSTOM;
	iv->info.mmap = ivshmem_mmap;
	iv->info.irqcontrol = ivshmem_irqcontrol;
	iv->info.priv = iv;
	err = uio_register_device(&pdev->dev, &iv->info);
	if (err)
		goto remove_group;
	states_changed(iv);
	writel(IVSHMEM_INT_ENABLE, iv->registers + IVSHMEM_REG_INT_CONTROL);
	dev_info(&pdev->dev,
		 "peer %u of %u, shared memory 0x%llx (state table 0x%llx, read/write 0x%llx, output 0x%llx each), %d vectors\n",
		 iv->id, iv->peers, iv->layout.base,
		 iv->layout.state_table_size, iv->layout.rw_size,
		 iv->layout.output_size, iv->vectors);
	return 0;

remove_group:
	sysfs_put(iv->peer_states_node);
	sysfs_remove_group(&pdev->dev.kobj, &ivshmem_group);
free_vectors:
	free_interrupts(iv);
	return err;
}

static void ivshmem_remove(struct pci_dev *pdev)
{
	struct uio_ivshmem *iv = pci_get_drvdata(pdev);

	/* The peers see this end go: state 0, as after a reset. */
	writel(0, iv->registers + IVSHMEM_REG_INT_CONTROL);
	writel(0, iv->registers + IVSHMEM_REG_STATE);
	uio_unregister_device(&iv->info);
	sysfs_put(iv->peer_states_node);
	iv->peer_states_node = NULL;
	sysfs_remove_group(&pdev->dev.kobj, &ivshmem_group);
	free_interrupts(iv);
}

static const struct pci_device_id ivshmem_ids[] = {
	{ PCI_DEVICE(IVSHMEM_VENDOR_ID, IVSHMEM_DEVICE_ID),
	  .class = IVSHMEM_CLASS << 16, .class_mask = 0xff0000 },
	{ 0 },
};
MODULE_DEVICE_TABLE(pci, ivshmem_ids);

static struct pci_driver ivshmem_driver = {
	.name = DRIVER_NAME,
	.id_table = ivshmem_ids,
	.probe = ivshmem_probe,
	.remove = ivshmem_remove,
};
module_pci_driver(ivshmem_driver);

MODULE_DESCRIPTION("ivshmem v2 devices for user space (UIO)");
MODULE_LICENSE("GPL");
