// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's devices: IOMMU units and IOAPICs from the ACPI tables
 * (with the DMAR device scopes that tie IOAPICs and PCI devices to their
 * remapping unit), PCI devices and their capabilities from libpci.
 */
#include <stdio.h>
#include <string.h>

#include "config-diag.h"
#include "config-model.h"

/* PCIe capability port type of a PCIe-to-PCI/PCI-X bridge; ACS's
 * extended capability ID (PCIe base specification). */
#define PCI_EXP_TYPE_PCI_BRIDGE_VALUE 7
#define PCI_EXT_CAP_ACS 0x0d

/* Walks a device scope's PCI path through the bridges to a BDF. */
static int scope_bdf(const struct acpi_dmar_scope *s,
		     const struct pci_scan_device *devs, unsigned int num,
		     __u16 segment, __u16 *bdf)
{
	unsigned int hop, n;
	__u8 bus = s->start_bus;

	for (hop = 0; hop + 1 < s->path_len; hop++) {
		for (n = 0; n < num; n++)
			if (devs[n].domain == segment && devs[n].bus == bus &&
			    devs[n].dev == s->path[hop][0] &&
			    devs[n].fn == s->path[hop][1] && devs[n].is_bridge)
				break;
		if (n == num) {
			cfg_warn("DMAR: offset 0x%x: device scope goes through "
				 "%02x:%02x.%x, which is no PCI bridge here; "
				 "scope ignored",
				 s->offset, bus, s->path[hop][0],
				 s->path[hop][1]);
			return -1;
		}
		bus = devs[n].secondary_bus;
	}
	*bdf = bus << 8 | s->path[hop][0] << 3 | s->path[hop][1];
	return 0;
}

static void iommu_read_ecap(const char *root, struct model_iommu *mi,
			    unsigned int index)
{
	__u64 cap, ecap;

	/* Linux exports the unit registers only when its own driver runs. */
	if (host_read_vtd_regs(root, mi->unit.base, &cap, &ecap)) {
		model_comment(mi->comment,
			      "DMAR unit %u; ECAP not visible "
			      "(Linux's IOMMU driver is off): the hypervisor "
			      "probes QI/EIM",
			      index);
		return;
	}
	/* ECAP bit 1: queued invalidation; bit 4: extended IR mode. */
	if (ecap & (1 << 1))
		mi->unit.flags |= JAILHOUSE_IOMMU_FLAG_QUEUED_INV;
	if (ecap & (1 << 4))
		mi->unit.flags |= JAILHOUSE_IOMMU_FLAG_EIM;
	model_comment(mi->comment, "DMAR unit %u; QI/EIM from ECAP 0x%llx",
		      index, (unsigned long long)ecap);
}

static void build_iommus(struct model *m, const struct host_info *host)
{
	const struct acpi_info *acpi = &host->acpi;
	unsigned int n;

	for (n = 0; n < acpi->num_dmar_units; n++) {
		struct model_iommu *mi = &m->iommus[n];

		mi->unit.base = acpi->dmar_units[n].base;
		mi->unit.size = acpi->dmar_units[n].size;
		mi->unit.segment = acpi->dmar_units[n].segment;
		if (acpi->dmar_units[n].include_all)
			mi->unit.flags |= JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL;
		if (acpi->dmar_flags & ACPI_DMAR_INTR_REMAP)
			mi->unit.flags |= JAILHOUSE_IOMMU_FLAG_INTR_REMAP;
		iommu_read_ecap(host->root, mi, n);
	}
	m->platform.num_iommu_units = acpi->num_dmar_units;
}

static unsigned int ioapic_pins(const struct acpi_info *acpi, unsigned int n)
{
	__u32 base = acpi->ioapics[n].gsi_base, next = ~0u;
	unsigned int k;

	/* The MADT has no pin count: the next IOAPIC's GSI base bounds it. */
	for (k = 0; k < acpi->num_ioapics; k++)
		if (acpi->ioapics[k].gsi_base > base &&
		    acpi->ioapics[k].gsi_base < next)
			next = acpi->ioapics[k].gsi_base;
	if (next != ~0u && next - base < 24)
		return next - base;
	return 24;
}

static void build_irqchips(struct model *m, const struct host_info *host,
			   const struct pci_scan_device *devs, unsigned int num)
{
	const struct acpi_info *acpi = &host->acpi;
	const struct acpi_dmar_scope *scope;
	unsigned int n, w;

	for (n = 0; n < acpi->num_ioapics && n < JAILHOUSE_MAX_IRQCHIPS; n++) {
		struct model_irqchip *mc = &m->irqchips[m->num_irqchips++];
		struct jailhouse_irqchip *c = &mc->chip;
		int unit = acpi_ioapic_scope(acpi, acpi->ioapics[n].id, &scope);
		__u16 bdf = 0;

		c->address = acpi->ioapics[n].address;
		c->id = acpi->ioapics[n].id;
		c->gsi_base = acpi->ioapics[n].gsi_base;
		c->num_pins = ioapic_pins(acpi, n);
		for (w = 0; w < c->num_pins; w++)
			c->pin_bitmap[w / 32] |= 1u << (w % 32);
		if (unit >= 0 &&
		    scope_bdf(scope, devs, num, acpi->dmar_units[unit].segment,
			      &bdf) == 0) {
			c->iommu = unit;
			c->iommu_source_id = bdf;
			model_comment(mc->comment,
				      "MADT IOAPIC %u; source ID "
				      "%02x:%02x.%x from the scope of DMAR unit "
				      "%d",
				      c->id, bdf >> 8, (bdf >> 3) & 0x1f,
				      bdf & 7, unit);
		} else {
			if (acpi->num_dmar_units)
				cfg_warn("DMAR: no device scope names IOAPIC %u: "
					 "its interrupts cannot be remapped",
					 c->id);
			model_comment(mc->comment, "MADT IOAPIC %u%s", c->id,
				      acpi->num_dmar_units ?
					      "; no DMAR scope names it" :
					      "");
		}
	}
	if (acpi->num_ioapics > JAILHOUSE_MAX_IRQCHIPS)
		cfg_warn("MADT: %u IOAPICs, a config holds %d; the rest left out",
			 acpi->num_ioapics, JAILHOUSE_MAX_IRQCHIPS);
}

static const struct pci_scan_device *
find_scanned(const struct pci_scan_device *devs, unsigned int num,
	     __u16 segment, __u16 bdf)
{
	unsigned int n;

	for (n = 0; n < num; n++)
		if (devs[n].domain == segment && devs[n].bus == bdf >> 8 &&
		    devs[n].dev == ((bdf >> 3) & 0x1f) &&
		    devs[n].fn == (bdf & 7))
			return &devs[n];
	return NULL;
}

/* 1 if d sits on a bus below the bridge at bdf (d's own segment). */
static int below_bridge(__u16 bdf, const struct pci_scan_device *d,
			const struct pci_scan_device *devs, unsigned int num)
{
	const struct pci_scan_device *b =
		find_scanned(devs, num, d->domain, bdf);

	return b && b->is_bridge && d->bus >= b->secondary_bus &&
	       d->bus <= b->subordinate_bus;
}

/* The unit whose scope lists the device, else the catch-all unit. */
static int device_iommu(const struct host_info *host,
			const struct pci_scan_device *d,
			const struct pci_scan_device *devs, unsigned int num)
{
	const struct acpi_info *acpi = &host->acpi;
	unsigned int n;
	__u16 bdf, want = d->bus << 8 | d->dev << 3 | d->fn;

	for (n = 0; n < acpi->num_dmar_scopes; n++) {
		const struct acpi_dmar_scope *s = &acpi->dmar_scopes[n];

		if (s->unit < 0 ||
		    (s->type != ACPI_SCOPE_ENDPOINT &&
		     s->type != ACPI_SCOPE_BRIDGE) ||
		    acpi->dmar_units[s->unit].segment != d->domain)
			continue;
		if (scope_bdf(s, devs, num, d->domain, &bdf))
			continue;
		if (bdf == want || (s->type == ACPI_SCOPE_BRIDGE &&
				    below_bridge(bdf, d, devs, num)))
			return s->unit;
	}
	for (n = 0; n < acpi->num_dmar_units; n++)
		if (acpi->dmar_units[n].include_all &&
		    acpi->dmar_units[n].segment == d->domain)
			return n;
	return -1;
}

/* Shares the capability list with an earlier device that has the same. */
static int add_caps(struct model *m, const struct pci_scan_device *d,
		    __u32 *start)
{
	unsigned int n, k;

	for (n = 0; n + d->num_caps <= m->num_caps; n++) {
		for (k = 0; k < d->num_caps; k++)
			if (m->caps[n + k].id != d->caps[k].id ||
			    m->caps[n + k].start != d->caps[k].start ||
			    m->caps[n + k].len != d->caps[k].len ||
			    m->caps[n + k].flags != d->caps[k].flags)
				break;
		if (k == d->num_caps) {
			*start = n;
			return 0;
		}
	}
	if (m->num_caps + d->num_caps > JAILHOUSE_MAX_PCI_CAPS) {
		fprintf(stderr,
			"more than %d PCI capabilities: does not fit a "
			"config\n",
			JAILHOUSE_MAX_PCI_CAPS);
		return -1;
	}
	*start = m->num_caps;
	for (k = 0; k < d->num_caps; k++) {
		struct jailhouse_pci_capability *c = &m->caps[m->num_caps++];

		c->id = d->caps[k].id;
		c->start = d->caps[k].start;
		c->len = d->caps[k].len;
		c->flags = d->caps[k].flags;
	}
	return 0;
}

/* A bridge's buses and windows (revision 4), as its header holds them. */
static void set_bridge(struct jailhouse_pci_device *p,
		       const struct pci_scan_device *d)
{
	p->secondary_bus = d->secondary_bus;
	p->subordinate_bus = d->subordinate_bus;
	p->io_window = (struct jailhouse_pci_window){ d->io_window[0],
						      d->io_window[1] };
	p->mem_window = (struct jailhouse_pci_window){ d->mem_window[0],
						       d->mem_window[1] };
	p->pref_window = (struct jailhouse_pci_window){ d->pref_window[0],
							d->pref_window[1] };
}

static int build_pci(struct model *m, const struct host_info *host,
		     const struct pci_scan_device *devs, unsigned int num)
{
	unsigned int n;

	if (num > JAILHOUSE_MAX_PCI_DEVICES) {
		fprintf(stderr, "%u PCI devices, a config holds %d\n", num,
			JAILHOUSE_MAX_PCI_DEVICES);
		return -1;
	}
	for (n = 0; n < num; n++) {
		const struct pci_scan_device *d = &devs[n];
		struct model_pci *mp = &m->pci[m->num_pci++];
		struct jailhouse_pci_device *p = &mp->dev;
		int unit = device_iommu(host, d, devs, num);
		__u32 caps_start;

		p->type = d->is_bridge ? JAILHOUSE_PCI_TYPE_BRIDGE :
					 JAILHOUSE_PCI_TYPE_DEVICE;
		p->iommu = unit < 0 ? 0 : unit;
		p->domain = d->domain;
		p->bdf = d->bus << 8 | d->dev << 3 | d->fn;
		/* Bridges (class 06xx) forward DMA but do not master it. */
		if (!d->is_bridge && d->class_id >> 8 != 0x06)
			p->flags |= JAILHOUSE_PCI_FLAG_DMA_CAPABLE;
		if (d->msi_64bits)
			p->flags |= JAILHOUSE_PCI_FLAG_MSI_64BITS;
		if (d->msi_maskable)
			p->flags |= JAILHOUSE_PCI_FLAG_MSI_MASKABLE;
		p->num_msi_vectors = d->num_msi_vectors;
		p->num_msix_vectors = d->num_msix_vectors;
		p->msix_region_size = d->msix_region_size;
		p->msix_address = d->msix_address;
		memcpy(p->bar_mask, d->bar_mask, sizeof(p->bar_mask));
		memcpy(p->bar_address, d->bar_base, sizeof(p->bar_address));
		p->msix_pba_address = d->msix_pba_address;
		if (d->is_bridge)
			set_bridge(p, d);
		p->num_caps = d->num_caps;
		if (add_caps(m, d, &caps_start))
			return -1;
		p->caps_start = caps_start;
		if (unit < 0 && host->acpi.num_dmar_units)
			cfg_warn("DMAR: no remapping unit covers PCI device "
				 "%04x:%02x:%02x.%x",
				 d->domain, d->bus, d->dev, d->fn);
		if (unit >= 0)
			model_comment(mp->comment,
				      "%02x:%02x.%x %04x:%04x class "
				      "%04x, IOMMU %d",
				      d->bus, d->dev, d->fn, d->vendor_id,
				      d->device_id, d->class_id, unit);
		else
			model_comment(mp->comment,
				      "%02x:%02x.%x %04x:%04x class "
				      "%04x",
				      d->bus, d->dev, d->fn, d->vendor_id,
				      d->device_id, d->class_id);
	}
	return 0;
}

/* ---- requester IDs ---- */

/* The bridge whose secondary bus is d's bus, or NULL (a root bus). */
static const struct pci_scan_device *
parent_bridge(const struct pci_scan_device *d,
	      const struct pci_scan_device *devs, unsigned int num)
{
	unsigned int n;

	for (n = 0; n < num; n++)
		if (devs[n].is_bridge && devs[n].domain == d->domain &&
		    devs[n].secondary_bus == d->bus && devs[n].bus < d->bus)
			return &devs[n];
	return NULL;
}

/*
 * The requester ID d's DMA carries when it reaches the IOMMU, if not its
 * own: a PCIe-to-PCI bridge takes ownership with its secondary bus,
 * device 0, function 0; a conventional PCI bridge with its own ID.  The
 * bridge nearest the root complex has the last word.  0 or 1 (*alias).
 */
static int dma_alias(const struct pci_scan_device *d,
		     const struct pci_scan_device *devs, unsigned int num,
		     __u16 *alias)
{
	const struct pci_scan_device *b = parent_bridge(d, devs, num);
	int found = 0;

	for (; b; b = parent_bridge(b, devs, num)) {
		if (b->pcie_type == PCI_EXP_TYPE_PCI_BRIDGE_VALUE) {
			*alias = b->secondary_bus << 8;
			found = 1;
		} else if (b->pcie_type < 0) {
			*alias = b->bus << 8 | b->dev << 3 | b->fn;
			found = 1;
		}
	}
	return found;
}

static int has_acs(const struct pci_scan_device *d)
{
	unsigned int n;

	for (n = 0; n < d->num_caps; n++)
		if (d->caps[n].id == (JAILHOUSE_PCI_EXT_CAP | PCI_EXT_CAP_ACS))
			return 1;
	return 0;
}

/* A function of a multi-function device that has no ACS capability. */
static int no_acs(const struct pci_scan_device *d,
		  const struct pci_scan_device *devs, unsigned int num)
{
	unsigned int n;

	if (has_acs(d))
		return 0;
	for (n = 0; n < num; n++)
		if (&devs[n] != d && devs[n].domain == d->domain &&
		    devs[n].bus == d->bus && devs[n].dev == d->dev)
			return 1;
	return 0;
}

static void build_rid_groups(struct model *m,
			     const struct pci_scan_device *devs,
			     unsigned int num)
{
	unsigned int n;
	__u16 alias;

	for (n = 0; n < num && n < m->num_pci; n++) {
		struct jailhouse_pci_device *p = &m->pci[n].dev;

		if (devs[n].is_bridge)
			continue;
		if (dma_alias(&devs[n], devs, num, &alias)) {
			p->flags |= JAILHOUSE_PCI_FLAG_DMA_ALIAS;
			p->dma_alias = alias;
		}
		if (no_acs(&devs[n], devs, num))
			p->flags |= JAILHOUSE_PCI_FLAG_NO_ACS;
	}
}

/* ---- DMAR scopes and RMRRs ---- */

/* Fills s->bdf (and a bridge's buses); -1 with a warning if the config
 * cannot name what the scope leads to. */
static int resolve_scope(struct model *m, const struct acpi_dmar_scope *a,
			 struct jailhouse_iommu_scope *s,
			 const struct pci_scan_device *devs, unsigned int num)
{
	const struct pci_scan_device *d;
	unsigned int n;
	__u16 bdf;

	if (scope_bdf(a, devs, num, s->segment, &bdf))
		return -1;
	s->bdf = bdf;
	if (a->type == ACPI_SCOPE_IOAPIC || a->type == ACPI_SCOPE_HPET) {
		s->id = a->enumeration_id;
		for (n = 0; a->type == ACPI_SCOPE_IOAPIC && n < m->num_irqchips;
		     n++)
			if (m->irqchips[n].chip.id == s->id)
				return 0;
		if (a->type == ACPI_SCOPE_HPET)
			return 0;
		cfg_warn("DMAR: offset 0x%x: device scope names IOAPIC %u, "
			 "which the config does not list; scope left out",
			 a->offset, s->id);
		return -1;
	}
	d = find_scanned(devs, num, s->segment, s->bdf);
	if (!d || (a->type == ACPI_SCOPE_BRIDGE) != !!d->is_bridge) {
		cfg_warn("DMAR: offset 0x%x: device scope names PCI %s "
			 "%04x:%02x:%02x.%x, which is not %s here; scope left "
			 "out",
			 a->offset,
			 a->type == ACPI_SCOPE_BRIDGE ? "bridge" : "device",
			 s->segment, s->bdf >> 8, (s->bdf >> 3) & 0x1f,
			 s->bdf & 7, d ? "one" : "present");
		return -1;
	}
	if (a->type == ACPI_SCOPE_BRIDGE) {
		s->secondary_bus = d->secondary_bus;
		s->subordinate_bus = d->subordinate_bus;
	}
	return 0;
}

static void add_scope(struct model *m, const struct acpi_info *acpi,
		      const struct acpi_dmar_scope *a, int rmrr,
		      const struct pci_scan_device *devs, unsigned int num)
{
	struct jailhouse_iommu_scope s = { .type = a->type };

	if (a->type == ACPI_SCOPE_NAMESPACE)
		return; /* an ACPI device by name: no PCI source ID to keep */
	if (rmrr < 0) {
		s.iommu = a->unit;
		s.segment = acpi->dmar_units[a->unit].segment;
	} else {
		s.iommu = JAILHOUSE_SCOPE_OF_RMRR;
		s.rmrr = rmrr;
		s.segment = m->rmrrs[rmrr].segment;
		if (a->type != ACPI_SCOPE_ENDPOINT &&
		    a->type != ACPI_SCOPE_BRIDGE) {
			cfg_warn("DMAR: offset 0x%x: an RMRR's device scope of "
				 "type %u; left out",
				 a->offset, a->type);
			return;
		}
	}
	if (resolve_scope(m, a, &s, devs, num))
		return;
	if (m->num_scopes >= JAILHOUSE_MAX_IOMMU_SCOPES) {
		cfg_warn("DMAR: offset 0x%x: more than %d device scopes; left "
			 "out",
			 a->offset, JAILHOUSE_MAX_IOMMU_SCOPES);
		return;
	}
	m->scopes[m->num_scopes++] = s;
}

static int add_rmrr(struct model *m, const struct acpi_rmrr *a)
{
	struct jailhouse_rmrr *r;

	if ((a->base & 0xfff) || ((a->limit + 1) & 0xfff)) {
		cfg_warn("DMAR: RMRR 0x%llx-0x%llx is not page aligned; left "
			 "out (its devices' firmware DMA may then fault)",
			 (unsigned long long)a->base,
			 (unsigned long long)a->limit);
		return -1;
	}
	if (m->num_rmrrs >= JAILHOUSE_MAX_RMRRS) {
		cfg_warn("DMAR: more than %d RMRRs; 0x%llx-0x%llx left out",
			 JAILHOUSE_MAX_RMRRS, (unsigned long long)a->base,
			 (unsigned long long)a->limit);
		return -1;
	}
	r = &m->rmrrs[m->num_rmrrs++];
	r->base = a->base;
	r->size = a->limit - a->base + 1;
	r->segment = a->segment;
	return m->num_rmrrs - 1;
}

static void build_dmar(struct model *m, const struct host_info *host,
		       const struct pci_scan_device *devs, unsigned int num)
{
	const struct acpi_info *acpi = &host->acpi;
	int rmrr[ACPI_MAX_RMRRS];
	unsigned int n;

	for (n = 0; n < acpi->num_rmrrs; n++)
		rmrr[n] = add_rmrr(m, &acpi->rmrrs[n]);
	for (n = 0; n < acpi->num_dmar_scopes; n++) {
		const struct acpi_dmar_scope *a = &acpi->dmar_scopes[n];

		if (a->unit >= 0)
			add_scope(m, acpi, a, -1, devs, num);
		else if (a->rmrr >= 0 && rmrr[a->rmrr] >= 0)
			add_scope(m, acpi, a, rmrr[a->rmrr], devs, num);
	}
}

/* What unit `unit` remaps for Linux: one entry per vector a device can
 * use (MSI-X, else MSI), per IOAPIC pin, and per timer of an HPET (32 at
 * most), as Linux allocates them. */
static unsigned int interrupt_sources(const struct model *m, unsigned int unit)
{
	unsigned int n, count = 0;

	for (n = 0; n < m->num_pci; n++) {
		const struct jailhouse_pci_device *d = &m->pci[n].dev;

		if (d->iommu == unit)
			count += d->num_msix_vectors > d->num_msi_vectors ?
					 d->num_msix_vectors :
					 d->num_msi_vectors;
	}
	for (n = 0; n < m->num_irqchips; n++)
		if (m->irqchips[n].chip.iommu == unit)
			count += m->irqchips[n].chip.num_pins;
	for (n = 0; n < m->num_scopes; n++)
		if (m->scopes[n].type == JAILHOUSE_SCOPE_HPET &&
		    m->scopes[n].iommu == unit)
			count += 32;
	return count;
}

/*
 * Each unit's interrupt remapping table mirrors Linux's entry numbers,
 * which Linux hands out from 0 up (multi-message MSI blocks aligned to
 * their size), and holds the cells' entries: twice the interrupt sources
 * of the busiest unit, rounded up to a power of two, and never less than
 * 2^10 (24 KiB a unit), which also leaves room for devices this scan
 * does not see (hot-plugged ones, SR-IOV functions enabled later).
 */
#define IR_ORDER_FLOOR 10

static void size_ir_tables(struct model *m)
{
	unsigned int n, count, most = 0, busiest = 0;
	unsigned int order = IR_ORDER_FLOOR;

	if (!m->platform.num_iommu_units)
		return;
	for (n = 0; n < m->platform.num_iommu_units; n++) {
		count = interrupt_sources(m, n);
		if (count > most) {
			most = count;
			busiest = n;
		}
	}
	while (order < JAILHOUSE_IOMMU_IR_ORDER_MAX && (1U << order) < 2 * most)
		order++;
	if ((1U << order) < most)
		cfg_warn("DMAR unit %u: %u interrupt sources, more than the "
			 "largest interrupt remapping table (%u entries); Linux "
			 "entries beyond it will be refused",
			 busiest, most, 1U << order);
	m->platform.iommu_ir_order = order;
	m->ir_sources = most;
	m->ir_busiest = busiest;
	model_comment(m->ir_note,
		      "2^%u remapping entries per unit: DMAR unit %u has %u "
		      "interrupt sources (x2, at least 2^10)",
		      order, busiest, most);
}

int model_build_devices(struct model *m, const struct host_info *host,
			const struct pci_scan_device *devices,
			unsigned int num_devices)
{
	build_iommus(m, host);
	build_irqchips(m, host, devices, num_devices);
	if (build_pci(m, host, devices, num_devices))
		return -1;
	build_rid_groups(m, devices, num_devices);
	build_dmar(m, host, devices, num_devices);
	size_ir_tables(m);
	return 0;
}
