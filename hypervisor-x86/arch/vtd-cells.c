// SPDX-License-Identifier: GPL-2.0
/*
 * VT-d for the system and its cells (include/vtd.h): the root's domain at
 * setup, a cell's domain and devices at create, all back at destroy.
 *
 * A domain maps a cell's memory regions marked JAILHOUSE_MEM_DMA (not its
 * comm region, which is hypervisor memory), guest-physical to
 * host-physical, with the region's read/write rights.  The root's domain
 * loses what a cell takes (cell-resources.c says which pieces) before the
 * cell can start, and gets it back at destroy.  The root's domain also
 * maps every RMRR of the system config 1:1: the firmware of the root's
 * devices DMAs there (USB legacy emulation, a GPU's stolen memory), and
 * the validator keeps those devices and ranges away from other cells.
 */
#include "vtd.h"
#include "vtd-regs.h"
#include "cell-resources.h"
#include <common/env.h>
#include <common/format.h>

#define BDF_FMT "%04x:%02x:%02x.%x"
#define BDF_ARGS(d) \
	(d)->domain, (d)->bdf >> 8, ((d)->bdf >> 3) & 0x1f, (d)->bdf & 7

static int is_physical(const struct jailhouse_pci_device *d)
{
	return d->type != JAILHOUSE_PCI_TYPE_IVSHMEM;
}

static unsigned int dma_flags(const struct jailhouse_memory *m)
{
	return (m->flags & JAILHOUSE_MEM_READ ? PAGING_READ : 0) |
	       (m->flags & JAILHOUSE_MEM_WRITE ? PAGING_WRITE : 0);
}

static int takes_dma(const struct jailhouse_memory *m)
{
	return (m->flags & JAILHOUSE_MEM_DMA) &&
	       !(m->flags & JAILHOUSE_MEM_COMM_REGION) && dma_flags(m);
}

static int all_coherent(const struct vtd *v)
{
	unsigned int n;

	for (n = 0; n < v->num_units; n++)
		if (!(v->units[n].ecap & VTD_ECAP_C))
			return 0;
	return 1;
}

/* Every unit drops what it cached of domain `d`'s tables. */
static int invalidate_domain(struct vtd *v, const struct vtd_domain *d)
{
	unsigned int n;
	int err = 0;

	if (!all_coherent(v))
		vtd_domain_flush(d, v->env);
	for (n = 0; n < v->num_units && !err; n++) {
		if (!v->units[n].translating)
			continue;
		err = vtd_queue_iotlb(&v->units[n], VTD_INV_DOMAIN, d->id);
		err = err ?: vtd_queue_sync(&v->units[n]);
	}
	return err;
}

/* ---- checks ---- */

static int overlaps(__u64 a, __u64 a_size, __u64 b, __u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* The regions `cell` would map: never the hypervisor's memory (the
 * validator refuses that already; checked again where it matters). */
static int check_regions(const struct vtd *v,
			 const struct jailhouse_cell_desc *cell, __u64 *limit,
			 char *msg, unsigned long msg_size)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	const struct jailhouse_memory *hv = &v->sys->hypervisor_memory;
	unsigned int n;

	*limit = 0;
	for (n = 0; n < cell->num_memory_regions; n++) {
		if (!takes_dma(&m[n]))
			continue;
		if (overlaps(m[n].phys_start, m[n].size, hv->phys_start,
			     hv->size)) {
			jh_snprintf(msg, msg_size,
				    "cell \"%s\": memory region %u (0x%llx+0x%llx) takes DMA and overlaps the hypervisor memory",
				    cell->name, n,
				    (unsigned long long)m[n].phys_start,
				    (unsigned long long)m[n].size);
			return -EINVAL;
		}
		if (m[n].virt_start + m[n].size > *limit)
			*limit = m[n].virt_start + m[n].size;
	}
	return 0;
}

/*
 * The root's IOAPIC and HPET interrupts are verified against the source
 * IDs of the DMAR's IOAPIC and HPET scopes (Linux's entries, validated
 * by vtd-root.c).  A cell's device with such a requester ID would make
 * those entries a cell's source (vtd-root.c then blocks them: the root
 * loses its timer or IOAPIC) - on many chipsets the HPET's is the LPC
 * bridge's, 00:1f.0.  Such a device stays with the root.
 */
static int check_root_source(const struct vtd *v, const char *who,
			     const struct jailhouse_pci_device *d, char *msg,
			     unsigned long msg_size)
{
	const struct jailhouse_iommu_scope *s =
		jailhouse_system_iommu_scopes(v->sys);
	unsigned int n;

	for (n = 0; n < v->sys->num_iommu_scopes; n++) {
		if ((s[n].type != JAILHOUSE_SCOPE_HPET &&
		     s[n].type != JAILHOUSE_SCOPE_IOAPIC) ||
		    s[n].segment != d->domain || s[n].bdf != d->bdf)
			continue;
		jh_snprintf(msg, msg_size,
			    "%s: PCI device " BDF_FMT
			    " has the requester ID of %s %u (DMAR scope %u), which the root's interrupts are verified against: it stays with the root cell",
			    who, BDF_ARGS(d),
			    s[n].type == JAILHOUSE_SCOPE_HPET ? "HPET" :
								"IOAPIC",
			    s[n].id, n);
		return -EINVAL;
	}
	return 0;
}

static int check_device(const struct vtd *v, const char *who,
			const struct jailhouse_pci_device *d, __u64 limit,
			char *msg, unsigned long msg_size)
{
	const struct vtd_unit *u;

	if (d->iommu >= v->num_units) {
		jh_snprintf(msg, msg_size,
			    "%s: PCI device " BDF_FMT
			    " names IOMMU unit %u, which the system config does not declare",
			    who, BDF_ARGS(d), d->iommu);
		return -EINVAL;
	}
	u = &v->units[d->iommu];
	if (u->config->segment != d->domain) {
		jh_snprintf(msg, msg_size,
			    "%s: PCI device " BDF_FMT
			    " names IOMMU unit %u, which covers PCI segment %u",
			    who, BDF_ARGS(d), d->iommu, u->config->segment);
		return -EINVAL;
	}
	return check_root_source(v, who, d, msg, msg_size) ?:
		       vtd_unit_check_width(u, limit, msg, msg_size);
}

static int check_devices(const struct vtd *v,
			 const struct jailhouse_cell_desc *cell,
			 const char *who, __u64 limit, char *msg,
			 unsigned long msg_size)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(cell);
	unsigned int n;
	int err;

	for (n = 0; n < cell->num_pci_devices; n++) {
		if (!is_physical(&d[n]))
			continue;
		err = check_device(v, who, &d[n], limit, msg, msg_size);
		if (err)
			return err;
	}
	return 0;
}

/* The highest address + 1 an RMRR needs in the root's domain. */
static __u64 rmrr_limit(const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(sys);
	__u64 limit = 0;
	unsigned int n;

	for (n = 0; n < sys->num_rmrrs; n++)
		if (r[n].base + r[n].size > limit)
			limit = r[n].base + r[n].size;
	return limit;
}

/* ---- domains and devices ---- */

/* After the root's regions, so an RMRR inside one is read/write. */
static int map_rmrrs(struct vtd *v, struct vtd_domain *d)
{
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(v->sys);
	unsigned int n;
	int err = 0;

	for (n = 0; n < v->sys->num_rmrrs && !err; n++)
		err = paging_map(&d->table, r[n].base, r[n].base, r[n].size,
				 PAGING_READ | PAGING_WRITE);
	return err;
}

static int build_domain(struct vtd *v, struct vtd_domain *d, __u16 id,
			const struct jailhouse_cell_desc *cell)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	unsigned int n;
	int err = vtd_domain_init(d, id, &v->format, v->env);

	for (n = 0; n < cell->num_memory_regions && !err; n++)
		if (takes_dma(&m[n]))
			err = paging_map(&d->table, m[n].virt_start,
					 m[n].phys_start, m[n].size,
					 dma_flags(&m[n]));
	if (!err && cell == &v->sys->root_cell)
		err = map_rmrrs(v, d);
	if (err)
		vtd_domain_destroy(d);
	else if (!all_coherent(v))
		vtd_domain_flush(d, v->env);
	return err;
}

/* Every device of `cell` into domain `d`, all of them even when a unit
 * does not answer: the first error is returned. */
static int move_devices(struct vtd *v, const struct jailhouse_cell_desc *cell,
			const struct vtd_domain *d)
{
	const struct jailhouse_pci_device *dev =
		jailhouse_cell_pci_devices(cell);
	unsigned int n;
	int err = 0, moved;

	for (n = 0; n < cell->num_pci_devices; n++) {
		if (!is_physical(&dev[n]))
			continue;
		moved = vtd_context_set(&v->units[dev[n].iommu], dev[n].bdf, d);
		if (!err)
			err = moved;
	}
	return err;
}

static int unmap_from_root(const struct root_piece *p, void *ctx)
{
	struct vtd *v = ctx;

	if (!(p->root_flags & JAILHOUSE_MEM_DMA))
		return 0;
	return paging_unmap(&v->domains[0].table, p->root_gphys, p->size);
}

static int map_into_root(const struct root_piece *p, void *ctx)
{
	struct vtd *v = ctx;
	struct jailhouse_memory m = { .flags = p->root_flags };

	if (!takes_dma(&m))
		return 0;
	return paging_map(&v->domains[0].table, p->root_gphys, p->phys, p->size,
			  dma_flags(&m));
}

/* ---- the system ---- */

static unsigned int common_sllps(const struct vtd *v)
{
	unsigned int n, sllps = 0xf;

	for (n = 0; n < v->num_units; n++)
		sllps &= VTD_CAP_SLLPS(v->units[n].cap);
	return sllps;
}

static int setup_units(struct vtd *v, const struct vtd_hw *hw, char *msg,
		       unsigned long msg_size)
{
	const struct jailhouse_x86_platform *p = &v->sys->platform;
	int x2apic = p->apic_mode == JAILHOUSE_APIC_MODE_X2APIC;
	unsigned int n;
	int err;

	for (n = 0; n < p->num_iommu_units && n < VTD_MAX_UNITS; n++) {
		err = vtd_unit_init(&v->units[n], n, &p->iommu_units[n], &hw[n],
				    v->env, msg, msg_size);
		if (err)
			return err;
		v->num_units = n + 1;
		err = vtd_ir_unit_init(&v->units[n], x2apic, p->iommu_ir_order,
				       msg, msg_size);
		if (err)
			return err;
	}
	return 0;
}

int vtd_setup(struct vtd *v, const struct jailhouse_system_desc *sys,
	      const struct vtd_hw *hw, const struct vtd_env *env, char *msg,
	      unsigned long msg_size)
{
	const struct jailhouse_cell_desc *root = &sys->root_cell;
	__u64 limit;
	unsigned int n;
	int err;

	*v = (struct vtd){ .sys = sys, .env = env };
	err = setup_units(v, hw, msg, msg_size);
	err = err ?: check_regions(v, root, &limit, msg, msg_size);
	if (rmrr_limit(sys) > limit)
		limit = rmrr_limit(sys);
	err = err   ?:
		      check_devices(v, root, "system config", limit, msg,
				    msg_size);
	if (err)
		goto fail;
	vtd_format_init(&v->format, common_sllps(v));
	err = build_domain(v, &v->domains[0], 1, root);
	err = err ?: move_devices(v, root, &v->domains[0]);
	for (n = 0; n < v->num_units && !err; n++)
		err = vtd_unit_enable(&v->units[n]);
	if (err) {
		jh_snprintf(
			msg, msg_size, "%s",
			err == -ENOMEM ?
				"VT-d: out of hypervisor memory for the root cell's DMA tables" :
				"VT-d: a unit did not answer while it was being enabled");
		goto fail;
	}
	return 0;
fail:
	vtd_shutdown(v);
	return err;
}

void vtd_shutdown(struct vtd *v)
{
	unsigned int n;

	for (n = 0; n < v->num_units; n++)
		vtd_unit_release(&v->units[n]);
	v->num_units = 0;
	for (n = 0; n < VTD_MAX_DOMAINS; n++)
		vtd_domain_destroy(&v->domains[n]);
}

int vtd_disable(struct vtd *v, char *msg, unsigned long msg_size)
{
	unsigned int n = v->num_units;
	int err;

	while (n--) {
		err = vtd_unit_hand_back(&v->units[n], msg, msg_size);
		if (err) {
			v->hand_back_failed = 1;
			return err;
		}
	}
	vtd_shutdown(v);
	v->hand_back_failed = 0;
	return 0;
}

/* ---- cells ---- */

int vtd_cell_check(struct vtd *v, const struct jailhouse_cell_desc *cell,
		   char *msg, unsigned long msg_size)
{
	char who[JAILHOUSE_CELL_NAME_MAXLEN + 8];
	__u64 limit;

	if (v->hand_back_failed) {
		jh_snprintf(msg, msg_size,
			    "cell \"%s\": a disable left the IOMMU units half handed back, so no new cell can rely on them; disable again or reboot",
			    cell->name);
		return -EIO;
	}
	jh_snprintf(who, sizeof(who), "cell \"%s\"", cell->name);
	return check_regions(v, cell, &limit, msg, msg_size) ?:
		       check_devices(v, cell, who, limit, msg, msg_size);
}

static int take_from_root(struct vtd *v, const struct jailhouse_cell_desc *cell)
{
	int err = cell_resources_root_pieces(v->sys, cell, unmap_from_root, v);

	/* mapping a piece again is harmless: all of them go back */
	if (err)
		cell_resources_root_pieces(v->sys, cell, map_into_root, v);
	/* before the cell can start: no root device reaches its memory
	 * through a translation the units still hold */
	return invalidate_domain(v, &v->domains[0]) ?: err;
}

int vtd_cell_create(struct vtd *v, unsigned int id,
		    const struct jailhouse_cell_desc *cell, char *msg,
		    unsigned long msg_size)
{
	struct vtd_domain *d = &v->domains[id];
	int err;

	if (id == 0 || id >= VTD_MAX_DOMAINS || d->id) {
		jh_snprintf(msg, msg_size, "VT-d: no domain for cell id %u",
			    id);
		return -EINVAL;
	}
	err = vtd_cell_check(v, cell, msg, msg_size);
	if (err)
		return err;
	err = build_domain(v, d, id + 1, cell);
	if (!err) {
		err = take_from_root(v, cell);
		err = err ?: move_devices(v, cell, d);
		if (err)
			vtd_cell_destroy(v, id, cell);
	}
	if (err)
		jh_snprintf(
			msg, msg_size, "cell \"%s\": %s", cell->name,
			err == -ENOMEM ?
				"out of hypervisor memory for its DMA tables" :
				"an IOMMU unit did not answer while its devices moved");
	return err;
}

void vtd_cell_destroy(struct vtd *v, unsigned int id,
		      const struct jailhouse_cell_desc *cell)
{
	struct vtd_domain *d = &v->domains[id];

	if (id == 0 || id >= VTD_MAX_DOMAINS || !d->id)
		return;
	/* no interrupt of the cell's sources reaches a CPU any more */
	vtd_ir_release_owner(v, id + 1);
	/* each device leaves the cell's domain with its invalidations
	 * (vtd_context_set): nothing cached under the cell's ID stays */
	move_devices(v, cell, &v->domains[0]);
	cell_resources_root_pieces(v->sys, cell, map_into_root, v);
	invalidate_domain(v, &v->domains[0]);
	vtd_domain_destroy(d);
}
