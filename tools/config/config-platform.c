// SPDX-License-Identifier: GPL-2.0
/*
 * `config check --platform DIR`: the system config's IOMMU part against
 * the machine's DMAR table, read the way `config create` reads it (from
 * DIR: / for this machine, or a tree `config collect` made).  A config
 * made on another machine, or before a firmware update moved a unit, a
 * scope, an RMRR or an IOAPIC's source ID, would have the hypervisor
 * program units for devices they do not translate; each difference is
 * one error naming the item.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-check.h"
#include "config-diag.h"
#include "config-model.h"

#define BDF_FMT "%04x:%02x:%02x.%x"
#define BDF_ARGS(seg, bdf) (seg), (bdf) >> 8, ((bdf) >> 3) & 0x1f, (bdf)&7

static unsigned int errors;

#define report(fmt, ...)                       \
	do {                                   \
		errors++;                      \
		cfg_error(fmt, ##__VA_ARGS__); \
	} while (0)

/* The platform's units, IOAPICs, PCI devices and DMAR part, as create. */
static int read_platform(const char *root, struct model *m)
{
	struct host_info *host = calloc(1, sizeof(*host));
	struct pci_scan_device *devices = NULL;
	int num, err = -1;

	if (!host)
		return -1;
	if (host_info_read(root, host))
		goto out;
	num = pci_scan(root, &devices);
	if (num >= 0)
		err = model_build_devices(m, host, devices, num);
out:
	free(devices);
	free(host);
	return err;
}

static void check_units(const char *file, const struct jailhouse_system_desc *s,
			const struct model *m)
{
	const struct jailhouse_x86_platform *p = &s->platform;
	unsigned int n;

	if (p->num_iommu_units != m->platform.num_iommu_units) {
		report("%s: %u IOMMU units, the platform's DMAR table has %u",
		       file, p->num_iommu_units, m->platform.num_iommu_units);
		return;
	}
	for (n = 0; n < p->num_iommu_units; n++) {
		const struct jailhouse_iommu *c = &p->iommu_units[n];
		const struct jailhouse_iommu *h = &m->iommus[n].unit;

		if (c->base != h->base || c->segment != h->segment ||
		    (c->flags ^ h->flags) & JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL)
			report("%s: IOMMU unit %u is at 0x%llx, segment %u%s; "
			       "the platform's unit %u at 0x%llx, segment %u%s",
			       file, n, (unsigned long long)c->base, c->segment,
			       c->flags & JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL ?
				       ", INCLUDE_PCI_ALL" :
				       "",
			       n, (unsigned long long)h->base, h->segment,
			       h->flags & JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL ?
				       ", INCLUDE_PCI_ALL" :
				       "");
	}
	if (p->num_iommu_units && p->iommu_ir_order < 31 &&
	    (1U << p->iommu_ir_order) < m->ir_sources)
		report("%s: iommu_ir_order %u gives each unit %u interrupt "
		       "remapping entries, but the platform's unit %u has %u "
		       "interrupt sources (config create would choose %u)",
		       file, p->iommu_ir_order, 1U << p->iommu_ir_order,
		       m->ir_busiest, m->ir_sources,
		       m->platform.iommu_ir_order);
}

static int same_scope(const struct jailhouse_iommu_scope *a,
		      const struct jailhouse_iommu_scope *b)
{
	return a->type == b->type && a->iommu == b->iommu &&
	       (a->iommu != JAILHOUSE_SCOPE_OF_RMRR || a->rmrr == b->rmrr) &&
	       a->id == b->id && a->segment == b->segment && a->bdf == b->bdf &&
	       a->secondary_bus == b->secondary_bus &&
	       a->subordinate_bus == b->subordinate_bus;
}

static int has_scope(const struct jailhouse_iommu_scope *list, unsigned int num,
		     const struct jailhouse_iommu_scope *s)
{
	unsigned int n;

	for (n = 0; n < num; n++)
		if (same_scope(&list[n], s))
			return 1;
	return 0;
}

static void scope_text(const struct jailhouse_iommu_scope *s, char *buf,
		       size_t size)
{
	static const char *const types[] = { "?", "PCI device", "PCI bridge",
					     "IOAPIC", "HPET" };
	const char *type = types[s->type <= 4 ? s->type : 0];
	int len;

	if (s->iommu == JAILHOUSE_SCOPE_OF_RMRR)
		len = snprintf(buf, size, "RMRR %u's scope ", s->rmrr);
	else
		len = snprintf(buf, size, "IOMMU unit %u's scope ", s->iommu);
	if (len < 0 || (size_t)len >= size)
		return;
	if (s->type == JAILHOUSE_SCOPE_IOAPIC ||
	    s->type == JAILHOUSE_SCOPE_HPET)
		snprintf(buf + len, size - len, "%s %u, source ID " BDF_FMT,
			 type, s->id, BDF_ARGS(s->segment, s->bdf));
	else
		snprintf(buf + len, size - len, "%s " BDF_FMT, type,
			 BDF_ARGS(s->segment, s->bdf));
}

static void check_scopes(const char *file,
			 const struct jailhouse_system_desc *s,
			 const struct model *m)
{
	const struct jailhouse_iommu_scope *c =
		jailhouse_system_iommu_scopes(s);
	char text[96];
	unsigned int n;

	for (n = 0; n < s->num_iommu_scopes; n++)
		if (!has_scope(m->scopes, m->num_scopes, &c[n])) {
			scope_text(&c[n], text, sizeof(text));
			report("%s: %s is not in the platform's DMAR table",
			       file, text);
		}
	for (n = 0; n < m->num_scopes; n++)
		if (!has_scope(c, s->num_iommu_scopes, &m->scopes[n])) {
			scope_text(&m->scopes[n], text, sizeof(text));
			report("%s: the platform's %s is missing from the "
			       "config",
			       file, text);
		}
}

static void check_rmrrs(const char *file, const struct jailhouse_system_desc *s,
			const struct model *m)
{
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(s);
	unsigned int n;

	if (s->num_rmrrs != m->num_rmrrs) {
		report("%s: %u RMRRs, the platform's DMAR table has %u", file,
		       s->num_rmrrs, m->num_rmrrs);
		return;
	}
	for (n = 0; n < s->num_rmrrs; n++)
		if (r[n].base != m->rmrrs[n].base ||
		    r[n].size != m->rmrrs[n].size ||
		    r[n].segment != m->rmrrs[n].segment)
			report("%s: RMRR %u is 0x%llx+0x%llx, the platform's "
			       "0x%llx+0x%llx",
			       file, n, (unsigned long long)r[n].base,
			       (unsigned long long)r[n].size,
			       (unsigned long long)m->rmrrs[n].base,
			       (unsigned long long)m->rmrrs[n].size);
}

/* The IOAPIC code takes the source ID from the irqchip. */
static void check_ioapics(const struct cell_view *sys, const struct model *m)
{
	unsigned int n, k;

	for (n = 0; n < sys->cell->num_irqchips; n++) {
		const struct jailhouse_irqchip *c = &sys->irqchips[n];

		for (k = 0; k < m->num_irqchips; k++)
			if (m->irqchips[k].chip.id == c->id)
				break;
		if (k == m->num_irqchips) {
			report("%s: IOAPIC %u is not in the platform's MADT",
			       sys->file, c->id);
			continue;
		}
		if (c->iommu_source_id != m->irqchips[k].chip.iommu_source_id ||
		    c->iommu != m->irqchips[k].chip.iommu)
			report("%s: IOAPIC %u has source ID %02x:%02x.%x on "
			       "IOMMU unit %u, the platform's DMAR scope says "
			       "%02x:%02x.%x on unit %u",
			       sys->file, c->id, c->iommu_source_id >> 8,
			       (c->iommu_source_id >> 3) & 0x1f,
			       c->iommu_source_id & 7, c->iommu,
			       m->irqchips[k].chip.iommu_source_id >> 8,
			       (m->irqchips[k].chip.iommu_source_id >> 3) &
				       0x1f,
			       m->irqchips[k].chip.iommu_source_id & 7,
			       m->irqchips[k].chip.iommu);
	}
}

unsigned int config_check_platform(const struct cell_view *sys,
				   const char *root)
{
	struct model *m = calloc(1, sizeof(*m));

	errors = 0;
	if (!m || read_platform(root, m)) {
		report("%s: cannot read the platform at %s", sys->file, root);
		free(m);
		return errors;
	}
	check_units(sys->file, sys->system, m);
	check_scopes(sys->file, sys->system, m);
	check_rmrrs(sys->file, sys->system, m);
	if (sys->system->platform.num_iommu_units)
		check_ioapics(sys, m);
	free(m);
	return errors;
}
