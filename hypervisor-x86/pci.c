// SPDX-License-Identifier: GPL-2.0
/*
 * The PCI unit (include/pci.h): the table of the devices the root config
 * lists, their owners, the hardware access to configuration space, and a
 * device's way from the root to a cell and back.
 *
 * cell_check refuses by name a device the root config does not list, a
 * bridge (bridges stay the root's: their windows route everybody's
 * addresses), a device another cell owns, one whose entry in the cell's
 * config differs from the root's, one whose BARs are no longer where the
 * config says (root Linux moved them: the cell's mappings would then show
 * something else), and a capability list or BAR mapping pci-virt.c cannot
 * present.
 *
 * cell_create saves the command register and BARs root Linux left, turns
 * bus mastering and decoding off (a ring the root's driver set up must not
 * be written into the cell's memory), and gives the device to the cell,
 * which then sees it through pci-virt.c.  cell_quiesce stops the device
 * (decoding and bus master off, MSI and MSI-X off, the device-specific
 * stop and the reset of pci-reset.c), cell_start after a shutdown or
 * failure shows it to the cell again as at create, cell_destroy puts the
 * saved BARs and command register back and returns the device to the
 * root.
 *
 * MMCONFIG (platform.pci_mmconfig_base): a cell's accesses to the ECAM
 * window are trapped and decided like port accesses; the root's ECAM page
 * of each device a cell owns leaves its EPT and is trapped too (all ones),
 * and so is, from enable on, the page of each of the root's ivshmem
 * devices (which the root then sees there as through the ports).
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "ivshmem.h"
#include <common/format.h>
#include <common/string.h>
#include "mmio.h"
#include "pci.h"
#include "pci-config.h"
#include "pci-reset.h"
#include "pci-topology.h"
#include "pci-virt.h"
#include "processor.h"
#include "spinlock.h"
#include "port-sized.h"
#include "unit.h"
#include "vmexit.h"
#include "vtd-hooks.h"
#include "wait.h"

#define CONFIG_ADDRESS_PORT 0xcf8
#define CONFIG_DATA_PORT 0xcfc
#define CONFIG_ENABLE 0x80000000U

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_BAR0 0x10
#define PCI_HEADER_TYPE 0x0e
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_CAP_ID_EXP 0x10
#define PCI_EXP_FLAGS 0x02
#define PCI_EXP_TYPE_PCI_BRIDGE 0x7 /* PCIe-to-PCI/PCI-X bridge */
#define PCI_EXP_DEVCTL 0x08
#define PCI_EXP_DEVCTL_PHANTOM 0x0200

/* how long pending transactions may take to complete before a reset */
#define TRANSACTIONS_WAIT_MS 100

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(bdf) (bdf) >> 8, ((bdf) >> 3) & 0x1f, (bdf)&7

/* Pages of one trapped run: a table of 2048 vectors, not page-aligned,
 * spans 9; with the PBA right behind it, 10. */
#define MSIX_MAX_PAGES 10

/*
 * Pages of the root's EPT that a device given to a cell takes away: its
 * ECAM page and its MSI-X table and PBA pages (the rest of its BARs leaves
 * the root with the cell's memory regions; these pages are in none of
 * them).  The root's accesses are trapped meanwhile and see all ones;
 * the pages are mapped back as they were when the device comes back.
 */
struct root_hidden {
	__u64 start;
	unsigned int pages;  /* 0: nothing hidden */
	unsigned int mapped; /* bit k: page k was in the root's EPT */
	__u64 phys[MSIX_MAX_PAGES];
	unsigned int flags[MSIX_MAX_PAGES]; /* PAGING_* */
};

/* One trapped run of MSI-X pages: the table's, and the PBA's when it is
 * elsewhere (it may even be in another BAR). */
struct msix_trap {
	__u64 phys;		   /* first page */
	__u64 gphys;		   /* where the cell sees it */
	unsigned int pages;	   /* 0: not trapped */
	void *map[MSIX_MAX_PAGES]; /* the hypervisor's mappings, kept */
	struct root_hidden root;   /* the same pages, taken from the root */
};

struct pci_device {
	const struct jailhouse_pci_device *root_config;
	/* the owner: the root, or the cell that took it (pci.h) */
	const struct cell *volatile owner;
	/* the device's ECAM page for the hypervisor, NULL: ports only */
	void *ecam;
	struct pci_hw hw;

	/* ---- while a non-root cell owns it ---- */
	struct pci_virt_dev virt;
	int quiesced;	     /* stopped: the owner's accesses are dropped */
	int bar_note_logged; /* one console line per device and cell */
	struct pci_saved_state saved; /* what root Linux had */
	struct root_hidden root_ecam; /* the root's ECAM page, trapped */
	struct pci_msi_dev msi;	      /* the shadow (pci-msi.c) */
	/* the CPU whose access the MSI hook serves (pci_lock held) */
	const struct per_cpu *accessing_cpu;
	int msi_ready;
	void *msix_storage;
	unsigned long msix_storage_pages;
	/* the MSI-X table and PBA pages, trapped in the cell */
	struct msix_trap msix_trap[2];
	struct pci_reset reset; /* started by the first quiesce */
	/* the first page of BAR 0 at root Linux's address, for the
	 * device-specific stop (pci-reset.h); NULL if it has none */
	void *bar0_page;
	unsigned int bar0_bytes;
};

static struct pci_device devices[JAILHOUSE_MAX_PCI_DEVICES];
static unsigned int num_devices;
/*
 * The real address latch at 0xcf8 is shared by all CPUs: a latch write
 * and its data access must not interleave with another CPU's pair.  It
 * also guards every device's state here (the cell's view, quiesced) and
 * orders ownership changes against the root's accesses (pci.h).  A leaf
 * of the lock order (include/spinlock.h): only printk() is called under
 * it, never cell_fail() (whose quiesce takes it).
 */
static struct spinlock pci_lock;

static const struct jailhouse_x86_platform *platform(void)
{
	return &hv_system_config->platform;
}

/* ---- the hardware: one place, pci_lock held ---- */

static __u32 mem_read(const volatile void *p, unsigned int size)
{
	if (size == 1)
		return *(const volatile __u8 *)p;
	if (size == 2)
		return *(const volatile __u16 *)p;
	return *(const volatile __u32 *)p;
}

static void mem_write(volatile void *p, unsigned int size, __u32 v)
{
	if (size == 1)
		*(volatile __u8 *)p = v;
	else if (size == 2)
		*(volatile __u16 *)p = v;
	else
		*(volatile __u32 *)p = v;
}

/* Through the device's ECAM page where it is mapped; else the ports,
 * which reach the first 256 bytes only: beyond, the device is silent. */
static __u32 hw_read(void *ecam, __u16 bdf, unsigned int reg, unsigned int size)
{
	if (ecam)
		return mem_read((__u8 *)ecam + reg, size);
	if (reg >= 0x100)
		return 0xffffffffU >> (32 - 8 * size);
	port_out(CONFIG_ADDRESS_PORT, 4,
		 CONFIG_ENABLE | bdf << 8 | (reg & 0xfc));
	return port_in(CONFIG_DATA_PORT + (reg & 3), size);
}

static void hw_write(void *ecam, __u16 bdf, unsigned int reg, unsigned int size,
		     __u32 v)
{
	if (ecam) {
		mem_write((__u8 *)ecam + reg, size, v);
		return;
	}
	if (reg >= 0x100)
		return;
	port_out(CONFIG_ADDRESS_PORT, 4,
		 CONFIG_ENABLE | bdf << 8 | (reg & 0xfc));
	port_out(CONFIG_DATA_PORT + (reg & 3), size, v);
}

/* struct pci_hw of a device (pci-msi.h), for pci-virt.c and pci-msi.c */
static __u32 dev_cfg_read(void *ctx, unsigned int reg, unsigned int size)
{
	struct pci_device *dev = ctx;

	return hw_read(dev->ecam, dev->root_config->bdf, reg, size);
}

static void dev_cfg_write(void *ctx, unsigned int reg, unsigned int size,
			  __u32 value)
{
	struct pci_device *dev = ctx;

	hw_write(dev->ecam, dev->root_config->bdf, reg, size, value);
}

/* The MSI-X table or PBA word at host-physical `phys`, NULL if the page
 * is not one of the device's trapped pages. */
static volatile __u32 *msix_word(struct pci_device *dev, __u64 phys)
{
	const struct msix_trap *t;
	unsigned int n;

	for (n = 0; n < 2; n++) {
		t = &dev->msix_trap[n];
		if (phys >= t->phys &&
		    phys - t->phys < (__u64)t->pages * PAGE_SIZE)
			return (volatile __u32
					*)((__u8 *)t->map[(phys - t->phys) /
							  PAGE_SIZE] +
					   (phys & ~PAGE_MASK & ~3UL));
	}
	return NULL;
}

static __u32 dev_mmio_read32(void *ctx, __u64 phys)
{
	volatile __u32 *p = msix_word(ctx, phys);

	return p ? *p : 0xffffffffU;
}

static void dev_mmio_write32(void *ctx, __u64 phys, __u32 value)
{
	volatile __u32 *p = msix_word(ctx, phys);

	if (p)
		*p = value;
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

static const struct jailhouse_pci_capability *
caps_of(const struct jailhouse_cell_desc *c,
	const struct jailhouse_pci_device *d)
{
	/* the validator checked caps_start + num_caps <= num_pci_caps */
	return jailhouse_cell_pci_caps(c) + d->caps_start;
}

const struct cell *pci_owner(__u16 bdf)
{
	const struct pci_device *dev = find(bdf);

	return dev ? dev->owner : &root_cell;
}

/* A cell's device did what cannot be made safe: the cell stops.  Called
 * without pci_lock (the quiesce of cell_fail() takes it). */
static void fail_cell(struct per_cpu *cpu, __u16 bdf, const char *reason)
{
	struct jailhouse_fault_report r = {
		.reason = JAILHOUSE_FAULT_IPI,
		.cpu = cpu->cpu_id,
		.address = bdf,
	};

	jh_snprintf(r.message, sizeof(r.message),
		    "ipi violation on CPU %u: PCI device " BDF_FMT
		    ": interrupt message refused: %s",
		    cpu->cpu_id, BDF_ARGS(bdf), reason);
	cell_fail(cpu, &r);
}

static void log_bar_note(struct pci_device *dev, const struct cell *cell,
			 const struct pci_virt_note *note)
{
	if (!note->bar_refused || dev->bar_note_logged)
		return;
	dev->bar_note_logged = 1;
	printk("cell \"%s\": PCI device " BDF_FMT
	       ": BAR %u write 0x%08x dropped: the BAR stays where the cell's config maps it (further ones not shown)\n",
	       cell->config->name, BDF_ARGS(dev->root_config->bdf), note->bar,
	       note->bar_value);
}

/* model: cell_exit, root_step (hypervisor-x86/model/pci-devices.pml) */
int pci_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
		      unsigned int size, int is_write, __u32 *value)
{
	struct pci_device *dev = find(bdf);
	struct pci_virt_note note = { 0 };
	int err = 0;

	/* the accessing cell's virtual devices (ivshmem-unit.c) */
	if (ivshmem_is_device(cpu->cell, bdf))
		return ivshmem_config_device(cpu, bdf, reg, size, is_write,
					     value);
	spin_lock(&pci_lock);
	/* the owner may have changed since the caller looked (pci.h) */
	if ((dev ? dev->owner : &root_cell) != cpu->cell ||
	    (dev && dev->quiesced)) {
		if (!is_write)
			*value = 0xffffffffU;
	} else if (cpu->cell != &root_cell) {
		dev->accessing_cpu = cpu;
		err = pci_virt_access(&dev->virt, &dev->hw, reg, size, is_write,
				      value, &note);
		log_bar_note(dev, cpu->cell, &note);
	} else if (is_write) {
		hw_write(dev ? dev->ecam : NULL, bdf, reg, size, *value);
	} else {
		*value = hw_read(dev ? dev->ecam : NULL, bdf, reg, size);
	}
	spin_unlock(&pci_lock);
	if (err == -EPERM) {
		fail_cell(cpu, bdf, note.reason ?: "no reason given");
		return -EPERM;
	}
	/* -EINVAL: an access pci-virt.c does not take (never from the
	 * decoders, which give aligned 1/2/4 bytes): as if absent */
	if (err && !is_write)
		*value = 0xffffffffU;
	return 0;
}

/* ---- MMCONFIG ---- */

static __u64 ecam_size(void)
{
	return ((__u64)platform()->pci_mmconfig_end_bus + 1) << 20;
}

static __u64 ecam_page(__u16 bdf)
{
	return platform()->pci_mmconfig_base + ((__u64)bdf << 12);
}

/* Both sides of the ECAM window: a cell's whole window, the root's pages
 * of the devices cells own.  The decision is the owner's, as for ports. */
static struct mmio_result mmconfig_access(struct per_cpu *cpu,
					  struct mmio_access *a, void *arg)
{
	unsigned int reg;
	__u32 value;
	__u16 bdf;

	(void)arg;
	if (pci_mmconfig_decode(platform()->pci_mmconfig_base,
				platform()->pci_mmconfig_end_bus, a->address,
				a->size, &bdf, &reg))
		return mmio_unhandled();
	value = a->value;
	if (pci_owner(bdf) != cpu->cell && !ivshmem_is_device(cpu->cell, bdf))
		value = 0xffffffffU;
	else if (pci_config_device(cpu, bdf, reg, a->size, a->is_write, &value))
		return mmio_denied(JAILHOUSE_FAULT_IPI);
	if (!a->is_write)
		a->value = value & (0xffffffffU >> (32 - 8 * a->size));
	return mmio_handled();
}

/* The device's ECAM page for the hypervisor, mapped once and kept (a
 * remap-pool page is never reused for another device). */
static int map_ecam(struct pci_device *dev)
{
	if (!platform()->pci_mmconfig_base || dev->ecam)
		return 0;
	dev->ecam = remap_device(ecam_page(dev->root_config->bdf));
	return dev->ecam ? 0 : -ENOMEM;
}

/* ---- what the root loses while a cell owns the device ---- */

static int hide_from_root(struct root_hidden *h, __u64 start,
			  unsigned int pages, mmio_handler handler, void *arg,
			  const char *name)
{
	unsigned int k;
	int err;

	h->start = start;
	h->mapped = 0;
	for (k = 0; k < pages; k++)
		if (!paging_lookup(&root_cell.ept, start + k * PAGE_SIZE,
				   &h->phys[k], &h->flags[k], NULL))
			h->mapped |= 1U << k;
	err = mmio_region_register(&root_cell, start, (__u64)pages * PAGE_SIZE,
				   handler, arg, name);
	if (err)
		return err;
	h->pages = pages;
	for (k = 0; k < pages && !err; k++)
		if (h->mapped & 1U << k)
			err = paging_unmap(&root_cell.ept,
					   start + k * PAGE_SIZE, PAGE_SIZE);
	cell_flush_root();
	return err;
}

static void show_to_root(struct root_hidden *h)
{
	unsigned int k;

	if (!h->pages)
		return;
	for (k = 0; k < h->pages; k++)
		if (h->mapped & 1U << k)
			paging_map(&root_cell.ept, h->start + k * PAGE_SIZE,
				   h->phys[k] & PAGE_MASK, PAGE_SIZE,
				   h->flags[k]);
	mmio_region_unregister(&root_cell, h->start);
	h->pages = 0;
}

/* The root's view of a cell's MSI-X pages: as if the device were absent
 * (its config space reads all ones to the root as well). */
static struct mmio_result root_hidden_access(struct per_cpu *cpu,
					     struct mmio_access *a, void *arg)
{
	(void)cpu;
	(void)arg;
	if (!a->is_write)
		a->value = ~0ULL >> (64 - 8 * a->size);
	return mmio_handled();
}

static int trap_root_ecam(struct pci_device *dev)
{
	if (!platform()->pci_mmconfig_base)
		return 0;
	return hide_from_root(&dev->root_ecam, ecam_page(dev->root_config->bdf),
			      1, mmconfig_access, NULL, "PCI MMCONFIG");
}

static void untrap_root_ecam(struct pci_device *dev)
{
	show_to_root(&dev->root_ecam);
}

/* An ivshmem device of the root (ivshmem-unit.c) has no hardware at its
 * bdf: its ECAM page leaves the root's EPT at enable and is trapped, so
 * that a root reading config space through MMCONFIG finds the device as
 * it does through the ports (Linux takes ECAM for registers above 0xff,
 * and for all of them where it does not use the ports).  Nothing is kept
 * to give the page back: the trap lasts as long as the hypervisor, and no
 * root CPU runs on the EPT yet, so there is nothing to flush. */
static int trap_root_virtual_ecam(const struct jailhouse_cell_desc *root)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(root);
	unsigned int n, flags;
	__u64 page, phys;
	int err = 0;

	if (!platform()->pci_mmconfig_base)
		return 0;
	for (n = 0; n < root->num_pci_devices && !err; n++) {
		if (d[n].type != JAILHOUSE_PCI_TYPE_IVSHMEM ||
		    (d[n].bdf >> 8) > platform()->pci_mmconfig_end_bus)
			continue;
		page = ecam_page(d[n].bdf);
		err = mmio_region_register(&root_cell, page, PAGE_SIZE,
					   mmconfig_access, NULL,
					   "PCI MMCONFIG (ivshmem)");
		if (!err &&
		    !paging_lookup(&root_cell.ept, page, &phys, &flags, NULL))
			err = paging_unmap(&root_cell.ept, page, PAGE_SIZE);
	}
	return err;
}

/* ---- MSI and MSI-X ---- */

/* The owner's CPUs as pci-msi.c wants them, for an access of `cpu`;
 * `cpus` has room for all.  With IOMMU units the message becomes a
 * validated remapping entry (`hook`: the caller's storage). */
static struct pci_msi_cpus msi_cpus(const struct per_cpu *cpu,
				    struct apic_cpu *cpus,
				    struct vtd_irq_hook *hook)
{
	apic_cpus_seen_by(cpu->cell, cpus);
	return (struct pci_msi_cpus){
		.remap = vtd_msi_hook(cpu->cell, hook),
		.cpus = cpus,
		.num_cpus = hv_num_cpus,
		.x2apic = platform()->apic_mode == JAILHOUSE_APIC_MODE_X2APIC,
		.xapic_cluster = cpu->cell != &root_cell &&
				 apic_virtual_cluster(&cpu->apic_virtual),
	};
}

/* pci-virt.c's MSI hook (pci_lock held): the capability's registers go
 * to the shadow, which programs the device with a safe message. */
static int msi_hook(void *ctx, unsigned int reg, unsigned int size,
		    int is_write, __u32 *value, const char **reason)
{
	struct pci_device *dev = ctx;
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct vtd_irq_hook hook;
	struct pci_msi_cpus who;

	if (!pci_msi_owns_reg(&dev->msi, reg, size)) {
		/* listed longer than the shadow's capability: read-only */
		if (!is_write)
			*value = dev_cfg_read(dev, reg, size);
		return 0;
	}
	who = msi_cpus(dev->accessing_cpu, cpus, &hook);
	return pci_msi_cfg_access(&dev->msi, &dev->hw, &who, reg, size,
				  is_write, value, reason);
}

static int msi_setup(struct pci_device *dev, const struct cell *cell,
		     const struct jailhouse_pci_device *d)
{
	unsigned long bytes = pci_msix_storage_size(d);
	int err;

	dev->msix_storage_pages = PAGES(bytes);
	dev->msix_storage = NULL;
	if (dev->msix_storage_pages) {
		dev->msix_storage =
			page_zalloc(&hv_mem_pool, dev->msix_storage_pages);
		if (!dev->msix_storage)
			return -ENOMEM;
	}
	spin_lock(&pci_lock);
	err = pci_msi_init(&dev->msi, d, caps_of(cell->config, d),
			   dev->msix_storage);
	if (!err) {
		dev->virt.msi = msi_hook;
		dev->virt.msi_ctx = dev;
		dev->msi_ready = 1;
	}
	spin_unlock(&pci_lock);
	return err;
}

/* What msi_setup() will find, tried on scratch storage at cell_check:
 * 0, -EINVAL (the MSI or MSI-X capability does not fit the device's
 * entry) or -ENOMEM. */
static int msi_check(const struct jailhouse_pci_device *d,
		     const struct jailhouse_pci_capability *caps)
{
	unsigned long pages = PAGES(pci_msix_storage_size(d));
	void *storage = pages ? page_alloc(&hv_mem_pool, pages) : NULL;
	struct pci_msi_dev m;
	int err;

	if (pages && !storage)
		return -ENOMEM;
	err = pci_msi_init(&m, d, caps, storage);
	if (storage)
		page_free(&hv_mem_pool, storage, pages);
	return err;
}

/* pci_lock held */
static void msi_stop(struct pci_device *dev)
{
	if (dev->msi_ready)
		pci_msi_quiesce(&dev->msi, &dev->hw);
}

static void msi_release(struct pci_device *dev)
{
	spin_lock(&pci_lock);
	dev->msi_ready = 0;
	dev->virt.msi = NULL;
	spin_unlock(&pci_lock);
	if (dev->msix_storage)
		page_free(&hv_mem_pool, dev->msix_storage,
			  dev->msix_storage_pages);
	dev->msix_storage = NULL;
}

/* The pages of the MSI-X table, and of the PBA where they are not next
 * to or among the table's (the validator keeps both out of the cell's
 * regions): first page and count of each run, 0 pages for none. */
static void msix_runs(const struct jailhouse_pci_device *d, __u64 *first,
		      unsigned int *pages)
{
	__u64 pba_end = d->msix_pba_address +
			((__u64)d->num_msix_vectors + 63) / 64 * 8;
	__u64 start, end, pba_start;

	pages[0] = pages[1] = 0;
	if (!d->num_msix_vectors || !d->msix_address)
		return;
	start = d->msix_address & PAGE_MASK;
	end = (d->msix_address +
	       (d->msix_region_size ?: (__u64)d->num_msix_vectors * 16) +
	       PAGE_SIZE - 1) &
	      PAGE_MASK;
	if (d->msix_pba_address) {
		pba_start = d->msix_pba_address & PAGE_MASK;
		pba_end = (pba_end + PAGE_SIZE - 1) & PAGE_MASK;
		if (pba_start <= end && pba_end >= start) {
			start = pba_start < start ? pba_start : start;
			end = pba_end > end ? pba_end : end;
		} else {
			first[1] = pba_start;
			pages[1] = (pba_end - pba_start) / PAGE_SIZE;
		}
	}
	first[0] = start;
	pages[0] = (end - start) / PAGE_SIZE;
}

static int in_range(__u64 phys, unsigned int size, __u64 start, __u64 len)
{
	return phys >= start && phys + size <= start + len;
}

/* The table: the shadow decides, the device gets a safe message. */
/* model: cell_exit (hypervisor-x86/model/pci-devices.pml) */
static struct mmio_result msix_table_access(struct per_cpu *cpu,
					    struct pci_device *dev,
					    __u64 offset, struct mmio_access *a)
{
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct vtd_irq_hook hook;
	struct pci_msi_cpus who;
	const char *reason = NULL;
	__u64 value = a->value;
	int err = -EINVAL;

	spin_lock(&pci_lock);
	if (dev->quiesced || !dev->msi_ready) {
		value = ~0ULL;
		err = 0;
	} else if (a->size == 4 || a->size == 8) {
		who = msi_cpus(cpu, cpus, &hook);
		err = pci_msix_table_access(&dev->msi, &dev->hw, &who, offset,
					    a->size, a->is_write, &value,
					    &reason);
	}
	spin_unlock(&pci_lock);
	if (err == -EPERM) {
		fail_cell(cpu, dev->root_config->bdf,
			  reason ?: "no reason given");
		return mmio_denied(JAILHOUSE_FAULT_IPI);
	}
	if (err)
		return mmio_unhandled(); /* 1 or 2 bytes of an entry */
	if (!a->is_write)
		a->value = value & (~0ULL >> (64 - 8 * a->size));
	return mmio_handled();
}

/* The rest of the trapped pages: the PBA read-only, other registers of
 * the BAR as they are (the cell owns the device). */
static struct mmio_result msix_page_access(struct pci_device *dev, __u64 phys,
					   struct mmio_access *a)
{
	const struct jailhouse_pci_device *d = dev->virt.config;
	__u64 pba_len = ((__u64)d->num_msix_vectors + 63) / 64 * 8;
	volatile __u8 *p;

	spin_lock(&pci_lock);
	p = dev->quiesced ? NULL : (volatile __u8 *)msix_word(dev, phys);
	if (p)
		p += phys & 3;
	if (!a->is_write) {
		if (!p)
			a->value = ~0ULL >> (64 - 8 * a->size);
		else if (a->size == 8)
			a->value = *(volatile __u64 *)p;
		else
			a->value = mem_read(p, a->size);
	} else if (p &&
		   !in_range(phys, a->size, d->msix_pba_address, pba_len)) {
		if (a->size == 8)
			*(volatile __u64 *)p = a->value;
		else
			mem_write(p, a->size, a->value);
	}
	spin_unlock(&pci_lock);
	return mmio_handled();
}

static struct mmio_result msix_access(struct per_cpu *cpu,
				      struct mmio_access *a, void *arg)
{
	struct pci_device *dev = arg;
	const struct jailhouse_pci_device *d = dev->virt.config;
	const struct msix_trap *t = &dev->msix_trap[0];
	__u64 phys;

	if (a->address < t->gphys ||
	    a->address - t->gphys >= (__u64)t->pages * PAGE_SIZE)
		t = &dev->msix_trap[1];
	phys = a->address - t->gphys + t->phys;

	/* the decoder gives 1, 2, 4, 8 bytes; none may cross a word */
	if (phys & (a->size - 1))
		return mmio_unhandled();
	if (in_range(phys, a->size, d->msix_address,
		     (__u64)d->num_msix_vectors * 16))
		return msix_table_access(cpu, dev, phys - d->msix_address, a);
	return msix_page_access(dev, phys, a);
}

static int trap_run(struct cell *cell, struct pci_device *dev,
		    struct msix_trap *t, __u64 phys, unsigned int pages)
{
	unsigned int k;
	int err;

	if (!pages)
		return 0;
	if (pci_virt_gphys(&dev->virt, phys, &t->gphys))
		return -EINVAL;
	for (k = 0; k < pages; k++) {
		/* a run starts where it did last time: same device, same
		 * config (cell_check compared it with the root's) */
		if (!t->map[k])
			t->map[k] = remap_device(phys + (__u64)k * PAGE_SIZE);
		if (!t->map[k])
			return -ENOMEM;
	}
	t->phys = phys;
	err = mmio_region_register(cell, t->gphys, (__u64)pages * PAGE_SIZE,
				   msix_access, dev, "MSI-X table");
	if (err)
		return err;
	t->pages = pages;
	return hide_from_root(&t->root, phys, pages, root_hidden_access, NULL,
			      "MSI-X table of a cell's device");
}

static int trap_msix(struct cell *cell, struct pci_device *dev)
{
	unsigned int pages[2];
	__u64 first[2];
	int err;

	msix_runs(dev->virt.config, first, pages);
	err = trap_run(cell, dev, &dev->msix_trap[0], first[0], pages[0]);
	return err   ?:
		       trap_run(cell, dev, &dev->msix_trap[1], first[1],
				pages[1]);
}

static void untrap_msix(struct cell *cell, struct pci_device *dev)
{
	unsigned int n;

	for (n = 0; n < 2; n++) {
		show_to_root(&dev->msix_trap[n].root);
		if (dev->msix_trap[n].pages)
			mmio_region_unregister(cell, dev->msix_trap[n].gphys);
		dev->msix_trap[n].pages = 0;
	}
}

/* Physical devices of the platform's segment: ivshmem devices are
 * virtual, and ports reach one segment only. */
static int is_physical(const struct jailhouse_pci_device *d)
{
	return d->type != JAILHOUSE_PCI_TYPE_IVSHMEM &&
	       d->domain == platform()->pci_domain;
}

/* ---- stopping a device ---- */

/* pci_lock held: the shadow's interrupts off, then the device quiet
 * whatever the shadow holds (pci-virt.c).  INTx stays as it was when the
 * cell gets the device (its pin is the cell's then; a small driver that
 * only sets bits in the command register must still get interrupts), and
 * goes off when the cell stops. */
/* model: HW_STOP (hypervisor-x86/model/pci-devices.pml) */
static void hw_stop(struct pci_device *dev, int intx_off)
{
	msi_stop(dev);
	pci_dev_stop(&dev->hw, intx_off);
}

/*
 * The device-specific stop (pci-reset.h) reaches the device's registers
 * through the first page of BAR 0 at the address root Linux gave it (the
 * config's, checked at cell_check; the cell may have moved the BAR since,
 * and a reset clears it): mapped once at take and kept, like the ECAM
 * page.
 */
static __u64 config_bar0(const struct pci_device *dev, __u64 *size)
{
	const struct jailhouse_pci_device *d = dev->root_config;
	__u32 mask = d->bar_mask[0] & ~0xfU;

	*size = mask ? (__u64)(__u32)~mask + 1 : 1ULL << 32;
	return (d->bar_address[0] & 1) ? 0 : d->bar_address[0] & ~0xfULL;
}

static __u32 bar0_read32(void *ctx, unsigned int offset)
{
	const struct pci_device *dev = ctx;

	return *(volatile __u32 *)((__u8 *)dev->bar0_page + offset);
}

static void bar0_write32(void *ctx, unsigned int offset, __u32 value)
{
	const struct pci_device *dev = ctx;

	*(volatile __u32 *)((__u8 *)dev->bar0_page + offset) = value;
}

static int map_bar0(struct pci_device *dev)
{
	unsigned int need;
	__u64 base, size;
	const char *name;

	spin_lock(&pci_lock);
	name = pci_dev_specific_stop_name(&dev->hw, &need);
	spin_unlock(&pci_lock);
	if (dev->bar0_page || !name)
		return 0;
	base = config_bar0(dev, &size);
	/* a BAR not page-aligned shares its page: only its own bytes */
	if (!base || base & ~PAGE_MASK)
		return 0;
	dev->bar0_page = remap_device(base);
	dev->bar0_bytes = size < PAGE_SIZE ? size : PAGE_SIZE;
	return dev->bar0_page ? 0 : -ENOMEM;
}

/* pci_lock held: BAR 0 back where the mapping shows it, then the stop. */
static void specific_stop(struct pci_device *dev)
{
	struct pci_bar_regs regs = {
		.read32 = bar0_read32,
		.write32 = bar0_write32,
		.ctx = dev,
		.size = dev->bar0_bytes,
	};
	unsigned int need;
	const char *name = pci_dev_specific_stop_name(&dev->hw, &need);

	if (!name)
		return;
	if (!dev->bar0_page) {
		printk("PCI device " BDF_FMT
		       ": %s: its BAR 0 is not mapped, no device-specific stop\n",
		       BDF_ARGS(dev->root_config->bdf), name);
		return;
	}
	dev->hw.cfg_write(dev, PCI_BAR0, 4, dev->saved.bars[0]);
	dev->hw.cfg_write(dev, PCI_BAR0 + 4, 4, dev->saved.bars[1]);
	if (pci_dev_specific_stop(&dev->hw, &regs))
		printk("PCI device " BDF_FMT
		       ": %s: still running after its device-specific stop\n",
		       BDF_ARGS(dev->root_config->bdf), name);
}

static unsigned int max_ms(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

/* Waits `ms` with no lock held, not at all for 0. */
static void wait_ms(unsigned int ms)
{
	struct hv_wait wait;

	if (!ms)
		return;
	wait_begin(&wait, ms);
	while (!wait_expired(&wait))
		cpu_relax();
}

static int any_pending(const int *which)
{
	unsigned int n;
	int pending = 0;

	spin_lock(&pci_lock);
	for (n = 0; n < num_devices && !pending; n++)
		pending = which[n] &&
			  pci_dev_transactions_pending(&devices[n].hw);
	spin_unlock(&pci_lock);
	return pending;
}

/* Bus mastering is off: what the devices in `which` still have in flight
 * completes before a reset throws it away (PCIe base spec, 6.6.2), for
 * TRANSACTIONS_WAIT_MS at most; a reset after that is not worse than
 * none. */
static void wait_transactions(const int *which)
{
	struct hv_wait wait;

	if (!any_pending(which))
		return;
	wait_begin(&wait, TRANSACTIONS_WAIT_MS);
	while (!wait_expired(&wait) && any_pending(which))
		cpu_relax();
}

/*
 * The cell's devices stopped, reset where they can be.  On a cell
 * failure this runs on the failing CPU without cell_lock: only pci_lock
 * is taken, and not during the waits (the device is marked quiesced
 * first, so nobody touches it meanwhile: its owner's accesses are
 * dropped, the root does not own it).  A later quiesce (destroy after a
 * failure or shutdown) repeats only the device-specific stop: then the
 * cell's CPUs are parked and cannot turn the device on again.
 */
/* model: unit_quiesce (hypervisor-x86/model/pci-devices.pml) */
static void pci_cell_quiesce(struct cell *cell)
{
	unsigned int n, ms = 0, finish_ms = 0;
	struct pci_device *dev;
	int first[JAILHOUSE_MAX_PCI_DEVICES] = { 0 };

	spin_lock(&pci_lock);
	for (n = 0; n < num_devices; n++) {
		dev = &devices[n];
		first[n] = dev->owner == cell && !dev->quiesced;
		if (dev->owner != cell)
			continue;
		dev->quiesced = 1;
		if (first[n])
			hw_stop(dev, 1);
		specific_stop(dev);
	}
	spin_unlock(&pci_lock);
	wait_transactions(first);
	spin_lock(&pci_lock);
	for (n = 0; n < num_devices; n++)
		if (first[n])
			ms = max_ms(ms, pci_dev_reset_start(&devices[n].hw,
							    &devices[n].reset));
	spin_unlock(&pci_lock);
	wait_ms(ms);
	spin_lock(&pci_lock);
	for (n = 0; n < num_devices; n++)
		if (first[n])
			finish_ms =
				max_ms(finish_ms,
				       pci_dev_reset_finish(&devices[n].hw,
							    &devices[n].reset));
	spin_unlock(&pci_lock);
	wait_ms(finish_ms);
}

/*
 * The cell starts again after a shutdown or failure: its devices, reset
 * by the quiesce, are shown to it as at create (BARs where the config
 * has them, decoding and bus mastering off, a fresh MSI shadow).
 */
/* model: unit_start (hypervisor-x86/model/pci-devices.pml) */
static void restart_device(struct cell *cell, struct pci_device *dev,
			   const struct jailhouse_pci_device *d)
{
	struct pci_saved_state quiet = dev->saved;
	char msg[8];

	quiet.command &=
		~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	spin_lock(&pci_lock);
	pci_dev_restore(&dev->hw, &quiet);
	/* checked at cell_check and done once at create: cannot fail */
	pci_virt_init(&dev->virt, d, caps_of(cell->config, d), cell->config,
		      msg, sizeof(msg));
	if (dev->msi_ready) {
		if (dev->msix_storage)
			memset(dev->msix_storage, 0,
			       dev->msix_storage_pages * PAGE_SIZE);
		pci_msi_init(&dev->msi, d, caps_of(cell->config, d),
			     dev->msix_storage);
		dev->virt.msi = msi_hook;
		dev->virt.msi_ctx = dev;
	}
	dev->bar_note_logged = 0;
	dev->quiesced = 0;
	spin_unlock(&pci_lock);
}

static void pci_cell_start(struct cell *cell)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	struct pci_device *dev;
	unsigned int n;

	for (n = 0; n < cell->config->num_pci_devices; n++) {
		dev = is_physical(&d[n]) ? find(d[n].bdf) : NULL;
		if (dev && dev->owner == cell && dev->quiesced)
			restart_device(cell, dev, &d[n]);
	}
}

/* ---- the unit ---- */

static int pci_init(void)
{
	const struct jailhouse_cell_desc *root = &hv_system_config->root_cell;
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(root);
	struct pci_device *dev;
	unsigned int n;

	num_devices = 0;
	for (n = 0; n < root->num_pci_devices; n++) {
		if (!is_physical(&d[n]))
			continue;
		dev = &devices[num_devices++];
		*dev = (struct pci_device){ .root_config = &d[n],
					    .owner = &root_cell };
		dev->hw.cfg_read = dev_cfg_read;
		dev->hw.cfg_write = dev_cfg_write;
		dev->hw.mmio_read32 = dev_mmio_read32;
		dev->hw.mmio_write32 = dev_mmio_write32;
		dev->hw.ctx = dev;
	}
	return trap_root_virtual_ecam(root);
}

/* The fields of the cell's entry that say where the device's registers
 * are must be the root's: they decide what the hypervisor writes back. */
static int same_registers(const struct jailhouse_pci_device *a,
			  const struct jailhouse_pci_device *b)
{
	unsigned int n;

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++)
		if (a->bar_mask[n] != b->bar_mask[n] ||
		    a->bar_address[n] != b->bar_address[n])
			return 0;
	return a->msix_address == b->msix_address &&
	       a->msix_pba_address == b->msix_pba_address &&
	       a->msix_region_size == b->msix_region_size &&
	       a->num_msix_vectors == b->num_msix_vectors;
}

/* An I/O BAR the cell would get must not hold ports nobody but the root
 * may own (the validator's rule for PIO regions). */
static int forbidden_port(const struct jailhouse_pci_device *d, __u16 *port)
{
	const struct jailhouse_x86_platform *p = platform();
	const struct jailhouse_console *con = &hv_system_config->debug_console;
	__u32 base, size, k, n;
	__u32 bad[] = { CONFIG_ADDRESS_PORT, p->smi_command_port,
			p->pm1a_control_port, p->pm1b_control_port,
			con->type == JAILHOUSE_CON_TYPE_8250_PIO ?
				(__u32)con->address :
				0 };

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++) {
		if (!(d->bar_address[n] & 1) || !d->bar_mask[n])
			continue;
		base = d->bar_address[n] & 0xfffc;
		size = (~(d->bar_mask[n] & ~3U) + 1) & 0xffff;
		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			/* 8 ports: 0xcf8-0xcff, a UART, PM1 up to 8 */
			if (bad[k] && base < bad[k] + 8 &&
			    bad[k] < base + size) {
				*port = bad[k];
				return 1;
			}
		}
	}
	return 0;
}

static int check_hardware(struct per_cpu *caller, const struct cell *cell,
			  struct pci_device *dev)
{
	__u16 bdf = dev->root_config->bdf;
	int bar;

	spin_lock(&pci_lock);
	if (dev_cfg_read(dev, 0, 2) == 0xffff)
		bar = -2;
	else if (pci_dev_is_bridge(&dev->hw))
		bar = -3;
	else
		bar = pci_virt_bar_mismatch(dev->root_config, &dev->hw);
	spin_unlock(&pci_lock);
	if (bar == -2)
		return hypercall_refuse(caller, -ENODEV,
					"cell \"%s\": PCI device " BDF_FMT
					" is not present",
					cell->config->name, BDF_ARGS(bdf));
	if (bar == -3)
		return hypercall_refuse(
			caller, -EINVAL,
			"cell \"%s\": PCI device " BDF_FMT
			" is a bridge (its class or header type says so, whatever the config calls it); bridges stay the root cell's",
			cell->config->name, BDF_ARGS(bdf));
	if (bar >= 0)
		return hypercall_refuse(
			caller, -EINVAL,
			"cell \"%s\": PCI device " BDF_FMT
			": BAR %d is no longer where the system config says (0x%llx); root Linux moved it: re-run config create",
			cell->config->name, BDF_ARGS(bdf), bar,
			(unsigned long long)dev->root_config->bar_address[bar]);
	return 0;
}

static int check_device(struct per_cpu *caller, const struct cell *cell,
			const struct jailhouse_pci_device *d,
			const struct jailhouse_pci_capability *caps)
{
	struct pci_device *dev = find(d->bdf);
	const char *name = cell->config->name;
	struct pci_virt_dev virt;
	char msg[JAILHOUSE_MSG_MAX / 2];
	unsigned int pages[2];
	__u64 first[2];
	int err;
	__u16 port;

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
	if (!same_registers(d, dev->root_config))
		return hypercall_refuse(
			caller, -EINVAL,
			"cell \"%s\": PCI device " BDF_FMT
			": its BARs or MSI-X location differ from the root cell's config",
			name, BDF_ARGS(d->bdf));
	if (forbidden_port(d, &port))
		return hypercall_refuse(
			caller, -EINVAL,
			"cell \"%s\": PCI device " BDF_FMT
			": an I/O BAR holds port 0x%x, which stays the root cell's",
			name, BDF_ARGS(d->bdf), port);
	msix_runs(d, first, pages);
	if (pages[0] > MSIX_MAX_PAGES || pages[1] > MSIX_MAX_PAGES)
		return hypercall_refuse(
			caller, -EINVAL,
			"cell \"%s\": PCI device " BDF_FMT
			": MSI-X table or PBA spans %u pages, at most %u are supported",
			name, BDF_ARGS(d->bdf),
			pages[0] > pages[1] ? pages[0] : pages[1],
			MSIX_MAX_PAGES);
	err = msi_check(d, caps);
	if (err)
		return hypercall_refuse(
			caller, err, "cell \"%s\": PCI device " BDF_FMT ": %s",
			name, BDF_ARGS(d->bdf),
			err == -ENOMEM ?
				"out of hypervisor memory for its MSI-X table" :
				"its MSI or MSI-X capability does not fit its entry (capability length, MSI flags, vector count or table address)");
	if (pci_virt_init(&virt, d, caps, cell->config, msg, sizeof(msg)))
		return hypercall_refuse(caller, -EINVAL,
					"cell \"%s\": PCI device " BDF_FMT
					": %s",
					name, BDF_ARGS(d->bdf), msg);
	return check_hardware(caller, cell, dev);
}

/* The same device twice would be taken twice (and what root Linux had
 * saved over by the stopped device). */
static int listed_before(const struct jailhouse_pci_device *d, unsigned int n)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		if (is_physical(&d[k]) && d[k].bdf == d[n].bdf)
			return 1;
	return 0;
}

/* ---- requester IDs (pci-topology.h) ---- */

/* pci_lock held: what the topology check needs of one function. */
static void describe(struct pci_device *dev, struct pci_function *f)
{
	unsigned int pos, type;

	*f = (struct pci_function){ .bdf = dev->root_config->bdf };
	if (dev_cfg_read(dev, 0, 2) == 0xffff)
		return;
	pos = pci_dev_find_cap(&dev->hw, PCI_CAP_ID_EXP);
	if ((dev_cfg_read(dev, PCI_HEADER_TYPE, 1) & 0x7f) == 1) {
		type = pos ? dev_cfg_read(dev, pos + PCI_EXP_FLAGS, 2) >> 4 &
				       0xf :
			     0;
		f->is_bridge = 1;
		f->secondary = dev_cfg_read(dev, PCI_SECONDARY_BUS, 1);
		f->subordinate = dev_cfg_read(dev, PCI_SUBORDINATE_BUS, 1);
		/* conventional PCI behind it, or no PCIe at all */
		f->rid_bridge = !pos || type == PCI_EXP_TYPE_PCI_BRIDGE;
	} else if (pos) {
		f->phantom = !!(dev_cfg_read(dev, pos + PCI_EXP_DEVCTL, 2) &
				PCI_EXP_DEVCTL_PHANTOM);
	}
}

static int cell_lists(const struct cell *cell, __u16 bdf)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int n;

	for (n = 0; n < cell->config->num_pci_devices; n++)
		if (is_physical(&d[n]) && d[n].bdf == bdf)
			return 1;
	return 0;
}

/* A function of the cell and one of the root config that shares its
 * requester ID but that the cell does not list: refused by name. */
static int check_rid_group(struct per_cpu *caller, const struct cell *cell,
			   const struct pci_function *fns, __u16 bdf)
{
	struct pci_rid_group g;
	unsigned int k;

	pci_rid_group_of(fns, num_devices, bdf, &g);
	for (k = 0; k < num_devices; k++) {
		if (fns[k].is_bridge || fns[k].bdf == bdf ||
		    !pci_rid_group_has(&g, fns[k].bdf) ||
		    cell_lists(cell, fns[k].bdf))
			continue;
		if (g.bridge >= 0)
			return hypercall_refuse(
				caller, -EINVAL,
				"cell \"%s\": PCI device " BDF_FMT
				" shares its requester ID with " BDF_FMT
				" (both behind the bridge " BDF_FMT
				", which forwards their DMA under one ID): a cell gets both or neither",
				cell->config->name, BDF_ARGS(bdf),
				BDF_ARGS(fns[k].bdf),
				BDF_ARGS(fns[g.bridge].bdf));
		return hypercall_refuse(
			caller, -EINVAL,
			"cell \"%s\": PCI device " BDF_FMT
			" shares its requester ID with " BDF_FMT
			" (phantom functions are enabled in their device): a cell gets both or neither",
			cell->config->name, BDF_ARGS(bdf),
			BDF_ARGS(fns[k].bdf));
	}
	return 0;
}

static int check_rid_groups(struct per_cpu *caller, const struct cell *cell)
{
	/* 2 KiB: not on the stack; cell_check runs under cell_lock */
	static struct pci_function fns[JAILHOUSE_MAX_PCI_DEVICES];
	unsigned int n;
	int err = 0;

	spin_lock(&pci_lock);
	for (n = 0; n < num_devices; n++)
		describe(&devices[n], &fns[n]);
	spin_unlock(&pci_lock);
	for (n = 0; n < num_devices && !err; n++)
		if (cell_lists(cell, fns[n].bdf))
			err = check_rid_group(caller, cell, fns, fns[n].bdf);
	return err;
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
		if (listed_before(d, n))
			return hypercall_refuse(caller, -EINVAL,
						"cell \"%s\": PCI device " BDF_FMT
						" is listed twice",
						cell->config->name,
						BDF_ARGS(d[n].bdf));
		err = check_device(caller, cell, &d[n],
				   caps_of(cell->config, &d[n]));
		if (err)
			return err;
	}
	return check_rid_groups(caller, cell);
}

/* model: unit_create (hypervisor-x86/model/pci-devices.pml) */
static int take_device(struct cell *cell, struct pci_device *dev,
		       const struct jailhouse_pci_device *d)
{
	char msg[8];
	int err;

	/* the root's direct way to it closed before the cell gets it */
	err = map_ecam(dev);
	err = err ?: map_bar0(dev);
	err = err ?: trap_root_ecam(dev);
	if (err) {
		untrap_root_ecam(dev);
		return err;
	}
	spin_lock(&pci_lock);
	/* checked in cell_check: cannot fail here */
	err = pci_virt_init(&dev->virt, d, caps_of(cell->config, d),
			    cell->config, msg, sizeof(msg));
	if (!err) {
		dev->owner = cell;
		dev->quiesced = 0;
		dev->bar_note_logged = 0;
		pci_dev_save(&dev->hw, &dev->saved);
		hw_stop(dev, 0);
	}
	spin_unlock(&pci_lock);
	if (err) {
		/* not the cell's: destroy would not find it */
		untrap_root_ecam(dev);
		return err;
	}
	err = msi_setup(dev, cell, d);
	err = err ?: trap_msix(cell, dev);
	return err;
}

static void pci_cell_destroy(struct cell *cell);

static int pci_cell_create(struct cell *cell)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int n;
	int err = 0;

	for (n = 0; n < cell->config->num_pci_devices && !err; n++)
		if (is_physical(&d[n]))
			err = take_device(cell, find(d[n].bdf), &d[n]);
	if (!err && platform()->pci_mmconfig_base)
		err = mmio_region_register(cell, platform()->pci_mmconfig_base,
					   ecam_size(), mmconfig_access, NULL,
					   "PCI MMCONFIG");
	if (err) {
		/* the unit table undoes only the units before this one */
		pci_cell_quiesce(cell);
		pci_cell_destroy(cell);
	}
	return err;
}

/* model: unit_destroy (hypervisor-x86/model/pci-devices.pml) */
static void give_back(struct pci_device *dev)
{
	spin_lock(&pci_lock);
	pci_dev_restore(&dev->hw, &dev->saved);
	dev->owner = &root_cell;
	dev->quiesced = 0;
	spin_unlock(&pci_lock);
	/* the root's direct way opened only once the device is its own */
	untrap_root_ecam(dev);
	msi_release(dev);
	printk("PCI device " BDF_FMT " back with the root cell\n",
	       BDF_ARGS(dev->root_config->bdf));
}

/* Quiesced before (cell.c quiesces first; a failed create here). */
static void pci_cell_destroy(struct cell *cell)
{
	unsigned int n;

	if (platform()->pci_mmconfig_base)
		mmio_region_unregister(cell, platform()->pci_mmconfig_base);
	for (n = 0; n < num_devices; n++) {
		if (devices[n].owner != cell)
			continue;
		untrap_msix(cell, &devices[n]);
		give_back(&devices[n]);
	}
}

const struct hv_unit pci_unit = {
	.name = "PCI",
	.init = pci_init,
	.cell_check = pci_cell_check,
	.cell_create = pci_cell_create,
	.cell_destroy = pci_cell_destroy,
	.cell_quiesce = pci_cell_quiesce,
	.cell_start = pci_cell_start,
};
