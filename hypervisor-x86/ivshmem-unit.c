// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem unit (include/unit.h): the links between cells and each
 * cell's virtual devices on them, wired to the hypervisor.  The device's
 * logic is ivshmem.c; here are the tables, the lock, the config-space
 * seam with pci.c, the two trapped pages of each device (BAR 0 registers,
 * BAR 1 MSI-X), and the interrupts (apic_send_fixed()).
 *
 * A link is found by what its peers share: PCI domain, bdf and the
 * physical address of the state table.  The root's devices join their
 * links at init and stay; a cell's join at create, are active from start
 * until the cell stops or fails (quiesce: its state goes to 0 and the
 * peers are told), and leave at destroy.
 *
 * ivshmem_lock guards every link and endpoint.  It is a leaf like
 * pci_lock: under it only the pure calls, printk() and the IPI writes;
 * cell_fail() only after it is dropped (the quiesce it runs takes it).
 */
#include "hv.h"
#include "apic.h"
#include "apic-regs.h"
#include "cell.h"
#include "ivshmem.h"
#include "mmio.h"
#include "processor.h"
#include "spinlock.h"
#include "unit.h"
#include "vmexit.h"
#include "vtd-hooks.h"
#include <common/format.h>
#include <common/string.h>

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(bdf) (bdf) >> 8, ((bdf) >> 3) & 0x1f, (bdf)&7

/* Devices of all cells together, and links: enough for a few links of a
 * few cells each on the machines this is for; cell_check says when not. */
#define IVSHMEM_MAX_DEVICES 32
#define IVSHMEM_MAX_LINKS 16

struct ivshmem_device {
	struct ivshmem_endpoint ep;
	const struct cell *cell; /* NULL: a free slot */
	__u16 bdf;
};

struct link_slot {
	struct ivshmem_link link;
	__u16 domain, bdf;
	__u64 state_table_phys;
	/* the link's memory, section by section (as its first peer had it,
	 * which every later peer must match) */
	__u64 section_phys[2 + JAILHOUSE_IVSHMEM_MAX_PEERS];
	__u64 section_size[2 + JAILHOUSE_IVSHMEM_MAX_PEERS];
	unsigned int users; /* 0: a free slot */
};

static struct ivshmem_device devices[IVSHMEM_MAX_DEVICES];
static struct link_slot links[IVSHMEM_MAX_LINKS];
static struct spinlock ivshmem_lock;

static const struct jailhouse_memory *
state_table_region(const struct jailhouse_cell_desc *c,
		   const struct jailhouse_pci_device *d)
{
	return jailhouse_cell_mem_regions(c) + d->shmem_regions_start;
}

static struct link_slot *find_link(const struct jailhouse_cell_desc *c,
				   const struct jailhouse_pci_device *d)
{
	__u64 phys = state_table_region(c, d)->phys_start;
	unsigned int n;

	for (n = 0; n < IVSHMEM_MAX_LINKS; n++)
		if (links[n].users && links[n].domain == d->domain &&
		    links[n].bdf == d->bdf && links[n].state_table_phys == phys)
			return &links[n];
	return NULL;
}

static struct ivshmem_device *find_device(const struct cell *cell, __u16 bdf)
{
	unsigned int n;

	for (n = 0; n < IVSHMEM_MAX_DEVICES; n++)
		if (devices[n].cell && devices[n].cell == cell &&
		    devices[n].bdf == bdf)
			return &devices[n];
	return NULL;
}

static struct ivshmem_device *free_device(void)
{
	unsigned int n;

	for (n = 0; n < IVSHMEM_MAX_DEVICES; n++)
		if (!devices[n].cell)
			return &devices[n];
	return NULL;
}

int ivshmem_is_device(const struct cell *cell, __u16 bdf)
{
	return find_device(cell, bdf) != NULL;
}

/* ---- interrupts ---- */

/* The CPUs of `dev`'s cell as pci-msi.c wants them (`cpus` for all;
 * `hook` holds the root's resolver of remappable-format messages). */
static struct pci_msi_cpus target_cpus(const struct ivshmem_device *dev,
				       struct apic_cpu *cpus,
				       struct vtd_irq_hook *hook)
{
	const struct cell *cell = dev->cell;
	unsigned int n;
	int cluster = 0;

	apic_cpus_seen_by(cell, cpus);
	/* a cell's logical format is its own (virtualised DFR); the root's
	 * is taken as flat, which is what Linux uses with xAPIC on up to 8
	 * CPUs (with more it uses physical destinations) */
	for (n = 0; n < hv_num_cpus && cell != &root_cell; n++)
		if (per_cpu_of(n)->cell == cell) {
			cluster = apic_virtual_cluster(
				&per_cpu_of(n)->apic_virtual);
			break;
		}
	return (struct pci_msi_cpus){
		.resolve = vtd_root_msi_resolver(cell, dev->ep.config, hook),
		.cpus = cpus,
		.num_cpus = hv_num_cpus,
		.x2apic = hv_system_config->platform.apic_mode ==
			  JAILHOUSE_APIC_MODE_X2APIC,
		.xapic_cluster = cluster,
	};
}

static struct ivshmem_device *device_of(struct ivshmem_endpoint *ep)
{
	return (struct ivshmem_device *)((char *)ep -
					 offsetof(struct ivshmem_device, ep));
}

/* ivshmem_lock held.  A signal that becomes no interrupt costs nothing
 * but this look (the spec: no effect). */
/* model: signal_a (hypervisor-x86/model/ivshmem-peers.pml) */
static void send_signals(const struct ivshmem_effect *effect)
{
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct vtd_irq_hook hook;
	struct pci_msi_cpus who;
	const char *reason;
	unsigned int n;
	__u32 apic_id;
	__u8 vector;

	for (n = 0; n < effect->count; n++) {
		who = target_cpus(device_of(effect->signal[n].target), cpus,
				  &hook);
		if (!ivshmem_signal_message(&effect->signal[n], &who, &apic_id,
					    &vector, &reason))
			apic_send_fixed(apic_id, vector);
	}
}

/* ---- the cell's accesses ---- */

/* The root's violation is only logged (the entry is never sent: every
 * delivery checks it again); a cell stops, as with a real device. */
static int violation(struct per_cpu *cpu, __u16 bdf, const char *reason)
{
	struct jailhouse_fault_report r = {
		.reason = JAILHOUSE_FAULT_IPI,
		.cpu = cpu->cpu_id,
		.address = bdf,
	};

	if (cpu->cell == &root_cell) {
		printk("root cell: ivshmem device " BDF_FMT
		       ": MSI-X message refused: %s\n",
		       BDF_ARGS(bdf), reason);
		return 0;
	}
	jh_snprintf(r.message, sizeof(r.message),
		    "ipi violation on CPU %u: ivshmem device " BDF_FMT
		    ": interrupt message refused: %s",
		    cpu->cpu_id, BDF_ARGS(bdf), reason);
	cell_fail(cpu, &r);
	return -EPERM;
}

int ivshmem_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
			  unsigned int size, int is_write, __u32 *value)
{
	struct ivshmem_device *dev = find_device(cpu->cell, bdf);
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct vtd_irq_hook hook;
	struct pci_msi_cpus who;
	const char *reason = NULL;
	int err;

	if (!dev) {
		if (!is_write)
			*value = 0xffffffffU;
		return 0;
	}
	who = target_cpus(dev, cpus, &hook);
	spin_lock(&ivshmem_lock);
	err = ivshmem_config_access(&dev->ep, &who, reg, size, is_write, value,
				    &reason);
	spin_unlock(&ivshmem_lock);
	return err ? violation(cpu, bdf, reason ?: "no reason given") : 0;
}

/*
 * An inactive device's register writes are dropped: after a failure's
 * quiesce the cell's other CPUs run on until they park, and one could
 * turn decoding on again and set its state or ring its peers - the peers
 * would see a failed peer alive (model/ivshmem-peers.pml, INACTIVE_WRITES).
 */
/* model: register_write (hypervisor-x86/model/ivshmem-peers.pml) */
static struct mmio_result register_page(struct per_cpu *cpu,
					struct mmio_access *a, void *arg)
{
	struct ivshmem_device *dev = arg;
	struct ivshmem_effect effect;

	(void)cpu;
	spin_lock(&ivshmem_lock);
	if (!a->is_write || dev->ep.active) {
		ivshmem_register_access(&dev->ep,
					a->address - dev->ep.bar_address[0],
					a->size, a->is_write, &a->value,
					&effect);
		send_signals(&effect);
	}
	spin_unlock(&ivshmem_lock);
	return mmio_handled();
}

static struct mmio_result msix_page(struct per_cpu *cpu, struct mmio_access *a,
				    void *arg)
{
	struct ivshmem_device *dev = arg;
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct vtd_irq_hook hook;
	struct pci_msi_cpus who = target_cpus(dev, cpus, &hook);
	const char *reason = NULL;
	int err;

	spin_lock(&ivshmem_lock);
	err = ivshmem_msix_access(&dev->ep, &who,
				  a->address - dev->ep.bar_address[1], a->size,
				  a->is_write, &a->value, &reason);
	spin_unlock(&ivshmem_lock);
	if (err && violation(cpu, dev->bdf, reason ?: "no reason given"))
		return mmio_denied(JAILHOUSE_FAULT_IPI);
	return mmio_handled();
}

/* ---- joining and leaving ---- */

static int in_mmconfig(__u64 page)
{
	const struct jailhouse_x86_platform *p = &hv_system_config->platform;
	__u64 size = ((__u64)p->pci_mmconfig_end_bus + 1) << 20;

	return p->pci_mmconfig_base && page >= p->pci_mmconfig_base &&
	       page - p->pci_mmconfig_base < size;
}

static int check_device(const struct cell *cell,
			const struct jailhouse_pci_device *d, char *msg,
			unsigned long msg_size)
{
	struct ivshmem_endpoint scratch;
	const struct jailhouse_pci_device *root =
		jailhouse_cell_pci_devices(root_cell.config);
	struct link_slot *slot;
	unsigned int n;
	int err;

	err = ivshmem_layout_check(&scratch, cell->config, d, msg, msg_size);
	if (err)
		return err;
	/* a bus slot no real device uses: the root config lists them all */
	for (n = 0; n < root_cell.config->num_pci_devices; n++)
		if (root[n].type != JAILHOUSE_PCI_TYPE_IVSHMEM &&
		    root[n].domain == d->domain && root[n].bdf == d->bdf) {
			jh_snprintf(msg, msg_size,
				    "ivshmem device " BDF_FMT
				    " is at the address of a real PCI device",
				    BDF_ARGS(d->bdf));
			return -EINVAL;
		}
	/* a non-root cell's whole ECAM window is trapped (pci.c) */
	if (in_mmconfig(d->bar_address[0]) || in_mmconfig(d->bar_address[1])) {
		jh_snprintf(msg, msg_size,
			    "ivshmem device " BDF_FMT
			    ": a BAR lies in the PCI MMCONFIG window",
			    BDF_ARGS(d->bdf));
		return -EINVAL;
	}
	/* the hypervisor writes the state table through its window */
	if (!phys_window(scratch.regions[0].phys_start)) {
		jh_snprintf(msg, msg_size,
			    "ivshmem device " BDF_FMT
			    ": the state table at 0x%llx is not RAM the "
			    "hypervisor can reach",
			    BDF_ARGS(d->bdf),
			    (unsigned long long)scratch.regions[0].phys_start);
		return -EINVAL;
	}
	slot = find_link(cell->config, d);
	return slot ? ivshmem_peer_check(&slot->link, &scratch, msg, msg_size) :
		      0;
}

static struct link_slot *take_link(const struct jailhouse_cell_desc *c,
				   const struct jailhouse_pci_device *d)
{
	const struct jailhouse_memory *table = state_table_region(c, d);
	struct link_slot *slot = find_link(c, d);
	unsigned int n;

	for (n = 0; n < IVSHMEM_MAX_LINKS && !slot; n++)
		if (!links[n].users)
			slot = &links[n];
	if (!slot)
		return NULL;
	if (!slot->users) {
		/* the state table is RAM: the window maps it write-back,
		 * as the cells see it */
		void *window = phys_window(table->phys_start);

		if (!window)
			return NULL;
		memset(&slot->link, 0, sizeof(slot->link));
		slot->link.max_peers = d->shmem_peers;
		slot->link.state_table = window;
		slot->domain = d->domain;
		slot->bdf = d->bdf;
		slot->state_table_phys = table->phys_start;
		for (n = 0; n < 2U + d->shmem_peers; n++) {
			slot->section_phys[n] = table[n].phys_start;
			slot->section_size[n] = table[n].size;
		}
	}
	slot->users++;
	return slot;
}

static struct link_slot *link_slot_of(const struct ivshmem_link *link)
{
	return (struct link_slot *)((char *)link -
				    offsetof(struct link_slot, link));
}

/* Leaves the link and frees the pages' traps; quiesced before. */
static void remove_device(struct cell *cell, struct ivshmem_device *dev)
{
	struct link_slot *slot = link_slot_of(dev->ep.link);

	mmio_region_unregister(cell, dev->ep.bar_address[0]);
	mmio_region_unregister(cell, dev->ep.bar_address[1]);
	spin_lock(&ivshmem_lock);
	ivshmem_detach(&dev->ep);
	slot->users--;
	dev->cell = NULL;
	spin_unlock(&ivshmem_lock);
}

/* model: unit_create (hypervisor-x86/model/ivshmem-peers.pml) */
static int add_device(struct cell *cell, const struct jailhouse_pci_device *d)
{
	struct ivshmem_device *dev = free_device();
	struct link_slot *slot;
	char msg[8];
	int err;

	/* cell_check ran ivshmem_layout_check and counted the slots */
	if (!dev)
		return -ENOMEM;
	memset(dev, 0, sizeof(*dev));
	err = ivshmem_layout_check(&dev->ep, cell->config, d, msg, sizeof(msg));
	if (err)
		return err;
	spin_lock(&ivshmem_lock);
	slot = take_link(cell->config, d);
	if (slot) {
		dev->cell = cell;
		dev->bdf = d->bdf;
		ivshmem_attach(&slot->link, &dev->ep);
	}
	spin_unlock(&ivshmem_lock);
	if (!slot)
		return -ENOMEM;
	err = mmio_region_register(cell, dev->ep.bar_address[0],
				   IVSHMEM_BAR_SIZE, register_page, dev,
				   "ivshmem registers");
	if (!err) {
		err = mmio_region_register(cell, dev->ep.bar_address[1],
					   IVSHMEM_BAR_SIZE, msix_page, dev,
					   "ivshmem MSI-X");
		if (err)
			mmio_region_unregister(cell, dev->ep.bar_address[0]);
	}
	if (err) {
		/* nothing registered: undo only the join */
		spin_lock(&ivshmem_lock);
		ivshmem_detach(&dev->ep);
		slot->users--;
		dev->cell = NULL;
		spin_unlock(&ivshmem_lock);
	}
	return err;
}

/* Resets the cell's side of every link it is on; the peers are told. */
/* model: reset_a, unit_quiesce (hypervisor-x86/model/ivshmem-peers.pml) */
static void reset_cell(struct cell *cell)
{
	struct ivshmem_effect effect;
	unsigned int n;

	spin_lock(&ivshmem_lock);
	for (n = 0; n < IVSHMEM_MAX_DEVICES; n++) {
		if (devices[n].cell != cell)
			continue;
		ivshmem_reset(&devices[n].ep, &effect);
		send_signals(&effect);
	}
	spin_unlock(&ivshmem_lock);
}

static void activate_cell(struct cell *cell)
{
	unsigned int n;

	spin_lock(&ivshmem_lock);
	for (n = 0; n < IVSHMEM_MAX_DEVICES; n++)
		if (devices[n].cell == cell)
			ivshmem_activate(&devices[n].ep);
	spin_unlock(&ivshmem_lock);
}

/* model: unit_destroy (hypervisor-x86/model/ivshmem-peers.pml) */
static void ivshmem_cell_destroy(struct cell *cell)
{
	unsigned int n;

	reset_cell(cell);
	for (n = 0; n < IVSHMEM_MAX_DEVICES; n++)
		if (devices[n].cell == cell)
			remove_device(cell, &devices[n]);
}

static int add_devices(struct cell *cell)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	unsigned int n;
	int err = 0;

	for (n = 0; n < cell->config->num_pci_devices && !err; n++)
		if (d[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM)
			err = add_device(cell, &d[n]);
	if (err)
		ivshmem_cell_destroy(cell);
	return err;
}

/* ---- the unit's hooks ---- */

static unsigned int free_devices(void)
{
	unsigned int n, count = 0;

	for (n = 0; n < IVSHMEM_MAX_DEVICES; n++)
		count += !devices[n].cell;
	return count;
}

/* The ivshmem devices of `cell` against the links and the hypervisor's
 * room: 0, or an errno with a sentence in `msg`. */
/* Is region `r` of `c` section `k` of `slot`, through a device of `c`
 * on that link? */
static int is_own_section(const struct jailhouse_cell_desc *c, unsigned int r,
			  const struct link_slot *slot, unsigned int k)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(c);
	unsigned int n;

	for (n = 0; n < c->num_pci_devices; n++)
		if (d[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM &&
		    find_link(c, &d[n]) == slot &&
		    r == d[n].shmem_regions_start + k)
			return 1;
	return 0;
}

/*
 * A link's memory is reached only as the link's sections by its peers:
 * a region of `cell` that overlaps a section of an existing link must be
 * that section through a device of the cell on that link.  Otherwise a
 * plain region, or a second link over the same memory with other peer
 * ids, could write what the link makes read-only (the state table,
 * another peer's output section).
 */
static int check_link_memory(const struct cell *cell, char *msg,
			     unsigned long msg_size)
{
	const struct jailhouse_memory *m =
		jailhouse_cell_mem_regions(cell->config);
	const struct link_slot *slot;
	unsigned int r, l, k;

	for (r = 0; r < cell->config->num_memory_regions; r++)
		for (l = 0; l < IVSHMEM_MAX_LINKS; l++) {
			slot = &links[l];
			for (k = 0; slot->users && k < 2 + slot->link.max_peers;
			     k++) {
				if (m[r].phys_start >=
					    slot->section_phys[k] +
						    slot->section_size[k] ||
				    slot->section_phys[k] >=
					    m[r].phys_start + m[r].size ||
				    is_own_section(cell->config, r, slot, k))
					continue;
				jh_snprintf(msg, msg_size,
					    "cell \"%s\": memory region %u "
					    "(0x%llx+0x%llx) overlaps section %u "
					    "of the ivshmem link at " BDF_FMT
					    " without being that section of a "
					    "peer",
					    cell->config->name, r,
					    (unsigned long long)m[r].phys_start,
					    (unsigned long long)m[r].size, k,
					    BDF_ARGS(slot->bdf));
				return -EINVAL;
			}
		}
	return 0;
}

static int check_cell(const struct cell *cell, char *msg,
		      unsigned long msg_size)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(cell->config);
	char why[JAILHOUSE_MSG_MAX - 48];
	unsigned int n, m, count = 0;
	int err;

	for (n = 0; n < cell->config->num_pci_devices; n++) {
		if (d[n].type != JAILHOUSE_PCI_TYPE_IVSHMEM)
			continue;
		count++;
		err = check_device(cell, &d[n], why, sizeof(why));
		if (err) {
			jh_snprintf(msg, msg_size, "cell \"%s\": %s",
				    cell->config->name, why);
			return err;
		}
		/* two devices of one cell on one link: peers of themselves */
		for (m = 0; m < n; m++)
			if (d[m].type == JAILHOUSE_PCI_TYPE_IVSHMEM &&
			    d[m].domain == d[n].domain &&
			    d[m].bdf == d[n].bdf) {
				jh_snprintf(msg, msg_size,
					    "cell \"%s\": ivshmem device " BDF_FMT
					    " is listed twice",
					    cell->config->name,
					    BDF_ARGS(d[n].bdf));
				return -EINVAL;
			}
	}
	err = check_link_memory(cell, msg, msg_size);
	if (err)
		return err;
	if (count > free_devices()) {
		jh_snprintf(msg, msg_size,
			    "cell \"%s\": %u ivshmem devices, but the "
			    "hypervisor has room for %u more",
			    cell->config->name, count, free_devices());
		return -ENOMEM;
	}
	return 0;
}

static int ivshmem_cell_check(struct per_cpu *caller, const struct cell *cell)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err = check_cell(cell, msg, sizeof(msg));

	return err ? hypercall_refuse(caller, err, "%s", msg) : 0;
}

static int ivshmem_cell_create(struct cell *cell)
{
	return add_devices(cell);
}

static void ivshmem_cell_quiesce(struct cell *cell)
{
	reset_cell(cell);
}

/* model: unit_start (hypervisor-x86/model/ivshmem-peers.pml) */
static void ivshmem_cell_start(struct cell *cell)
{
	/* a start may also restart a running cell: its view from scratch */
	reset_cell(cell);
	activate_cell(cell);
}

static int ivshmem_init(void)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	err = check_cell(&root_cell, msg, sizeof(msg));
	if (err)
		return hv_fail(err, "%s", msg);
	err = add_devices(&root_cell);
	if (err)
		return hv_fail(err, "ivshmem: the root cell's devices cannot "
				    "be set up");
	activate_cell(&root_cell);
	return 0;
}

static void ivshmem_exit(void)
{
	ivshmem_cell_destroy(&root_cell);
}

const struct hv_unit ivshmem_unit = {
	.name = "ivshmem",
	.init = ivshmem_init,
	.exit = ivshmem_exit,
	.cell_check = ivshmem_cell_check,
	.cell_create = ivshmem_cell_create,
	.cell_destroy = ivshmem_cell_destroy,
	.cell_quiesce = ivshmem_cell_quiesce,
	.cell_start = ivshmem_cell_start,
};
