// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt remapping of a VT-d unit (include/vtd.h, VT-d spec 5.1, 9.10).
 *
 * An entry is 128 bits and the CPU writes 64 at a time.  The upper half
 * holds only the source validation, which stays the same while an entry
 * serves one source: then the lower half (present, vector, destination,
 * delivery) is one atomic write and the unit sees the old or the new
 * entry, never a mix, and no interrupt is lost.  An entry that changes
 * source is first made not present and invalidated.  Every change is
 * followed by an index-selective interrupt-entry-cache invalidation and
 * a wait: only then may the device be told the entry's index.
 */
#include "vtd.h"
#include "vtd-regs.h"
#include "ioapic-filter.h"
#include "pci-msi.h"
#include <common/env.h>
#include <common/format.h>

#define MSI_ADDRESS_BASE 0xfee00000U
#define MSI_DEST_SHIFT 12
#define MSI_DATA_DELIVERY_SHIFT 8
#define MAX_BLOCK 32 /* MSI: at most 32 messages */

static int refuse(char *msg, unsigned long size, const char *what,
		  unsigned int unit)
{
	jh_snprintf(msg, size, "IOMMU unit %u: %s", unit, what);
	return -EINVAL;
}

/* ---- the unit ---- */

static unsigned int order_of(unsigned int count)
{
	unsigned int order = 0;

	while ((1U << order) < count)
		order++;
	return order;
}

/* Pages of the table and of what each entry serves. */
static unsigned long table_pages(unsigned int entries)
{
	return PAGES(entries * 16UL);
}

static unsigned long use_pages(unsigned int entries)
{
	return PAGES(entries * sizeof(struct vtd_irte_use));
}

static void free_table(struct vtd_unit *u)
{
	if (u->irt)
		page_free(u->env->pool, u->irt, table_pages(u->irt_entries));
	if (u->irt_use)
		page_free(u->env->pool, u->irt_use, use_pages(u->irt_entries));
	u->irt = NULL;
	u->irt_use = NULL;
	u->irt_entries = 0;
}

int vtd_ir_unit_init(struct vtd_unit *u, int x2apic, unsigned int order,
		     char *msg, unsigned long msg_size)
{
	unsigned int entries = 1U << order;

	if (!(u->ecap & VTD_ECAP_IR))
		return refuse(
			msg, msg_size,
			"no interrupt remapping (ECAP.IR): without it any device could send any interrupt to any CPU",
			u->index);
	if (x2apic && !(u->ecap & VTD_ECAP_EIM))
		return refuse(
			msg, msg_size,
			"the APICs run in x2APIC mode, but the unit has no extended interrupt mode (ECAP.EIM) for 32-bit destinations",
			u->index);
	u->eim = x2apic;
	u->irt = page_zalloc(u->env->pool, table_pages(entries));
	u->irt_use = page_zalloc(u->env->pool, use_pages(entries));
	u->irt_entries = entries;
	u->cells_lo = entries;
	u->cells_hi = 0;
	if (!u->irt || !u->irt_use) {
		free_table(u);
		jh_snprintf(msg, msg_size,
			    "IOMMU unit %u: out of hypervisor memory for its "
			    "interrupt remapping table of 2^%u entries (%lu "
			    "pages; iommu_ir_order in the system config)",
			    u->index, order,
			    table_pages(entries) + use_pages(entries));
		return -EINVAL;
	}
	vtd_to_unit(u, u->irt, entries * 16UL);
	return 0;
}

int vtd_ir_unit_set_table(struct vtd_unit *u)
{
	/* IRTA.S: the table has 2^(S + 1) entries */
	__u64 irta = u->env->memory->virt_to_phys(u->irt) |
		     (order_of(u->irt_entries) - 1);

	if (u->eim)
		irta |= VTD_IRTA_EIME;
	u->hw.write64(u->hw.ctx, VTD_REG_IRTA, irta);
	return vtd_command(u, VTD_GCMD_SIRTP, 1);
}

int vtd_ir_unit_enable(struct vtd_unit *u)
{
	/* CFI stays clear: compatibility-format requests are blocked, or
	 * a device could send any interrupt with a DMA write */
	int err = vtd_command(u, VTD_GCMD_IRE, 1);

	if (!err)
		u->remapping_interrupts = 1;
	return err;
}

void vtd_ir_unit_release(struct vtd_unit *u)
{
	__u32 status;

	if (!u->irt)
		return; /* never ours: a refused unit is left alone */
	status = u->hw.read32(u->hw.ctx, VTD_REG_GSTS);
	/* a unit handed back to Linux remaps with Linux's table now */
	if ((status & VTD_GCMD_IRE) && !u->root.returned)
		vtd_command(u, VTD_GCMD_IRE, 0);
	u->remapping_interrupts = 0;
	free_table(u);
}

/* ---- entries ---- */

/* The entries from `index` changed: the unit drops what it cached. */
static int invalidate(struct vtd_unit *u, unsigned int index,
		      unsigned int count)
{
	int err;

	if (!(u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_QIE))
		return 0; /* not started: the enable's global one covers it */
	err = vtd_queue_iec_index(u, index, order_of(count));
	return err ?: vtd_queue_sync(u);
}

static void clear_entry(struct vtd_unit *u, unsigned int index)
{
	__u64 *e = &u->irt[2 * index];

	e[0] = 0;
	vtd_to_unit(u, e, 16);
}

/* Entry `index` gets (lo, hi).  The caller invalidates. */
static int write_entry(struct vtd_unit *u, unsigned int index, __u64 lo,
		       __u64 hi)
{
	__u64 *e = &u->irt[2 * index];
	int err;

	if ((e[0] & VTD_IRTE_PRESENT) && e[1] == hi) {
		e[0] = lo; /* one atomic write: old or new entry */
		vtd_to_unit(u, e, 16);
		return 0;
	}
	if (e[0] & VTD_IRTE_PRESENT) {
		clear_entry(u, index);
		err = invalidate(u, index, 1);
		if (err)
			return err;
	}
	e[1] = hi;
	vtd_to_unit(u, &e[1], 8);
	e[0] = lo;
	vtd_to_unit(u, e, 16);
	return 0;
}

static int same_source(const struct vtd_irte_use *use,
		       const struct vtd_ir_request *req)
{
	return use->kind == req->kind && use->owner == req->owner &&
	       use->source == req->source && use->slot == req->slot &&
	       use->block;
}

static void free_block(struct vtd_unit *u, unsigned int index)
{
	unsigned int k, block = u->irt_use[index].block;

	for (k = 0; k < block; k++) {
		clear_entry(u, index + k);
		u->irt_use[index + k] = (struct vtd_irte_use){ 0 };
	}
}

/* A free run of `count` entries aligned to its size (index-selective
 * invalidation covers aligned powers of two), or irt_entries. */
static int run_free(const struct vtd_unit *u, unsigned int index,
		    unsigned int count)
{
	unsigned int k;

	for (k = 0; k < count; k++)
		if (u->irt_use[index + k].kind != VTD_IR_FREE)
			return 0;
	return 1;
}

/* A unit taken over from Linux mirrors Linux's indices, which Linux
 * allocates from 0 up: the cells' entries then come from the top. */
static unsigned int find_free(const struct vtd_unit *u, unsigned int count)
{
	unsigned int index, n;

	for (n = 0; n < u->irt_entries / count; n++) {
		index = n * count;
		if (u->root.active)
			index = u->irt_entries - (n + 1) * count;
		if (run_free(u, index, count))
			return index;
	}
	return u->irt_entries;
}

/* The block the source had if it is big enough; else a new one (the
 * old one cleared once the new one is written). */
static unsigned int block_for(struct vtd_unit *u,
			      const struct vtd_ir_request *req,
			      unsigned int *old)
{
	unsigned int size = 1U << order_of(req->count);
	unsigned int index;

	*old = u->irt_entries;
	for (index = u->cells_lo; index < u->cells_hi; index++) {
		if (!same_source(&u->irt_use[index], req))
			continue;
		if (u->irt_use[index].block == size)
			return index;
		*old = index;
		break;
	}
	return find_free(u, size);
}

/* ---- validation ---- */

static int cell_cpu(const struct vtd_ir_request *req)
{
	unsigned int n;

	for (n = 0; req->cpus && n < req->num_cpus; n++)
		if (req->cpus[n].in_cell &&
		    req->cpus[n].apic_id == req->apic_id)
			return 1;
	return 0;
}

static const char *refusal(const struct vtd *v,
			   const struct vtd_ir_request *req)
{
	const struct vtd_unit *u = &v->units[req->unit];

	if (req->delivery != APIC_ICR_DELIVERY_FIXED &&
	    req->delivery != APIC_ICR_DELIVERY_LOWEST)
		return "only fixed and lowest-priority delivery are remapped";
	if (req->vector < 16)
		return "vector below 16 (exceptions)";
	if (req->count < 1 || req->count > MAX_BLOCK ||
	    req->vector + req->count > 256)
		return "more messages than vectors above it";
	if (!cell_cpu(req))
		return "the destination is not a CPU of the cell";
	if (!u->eim && req->apic_id > 0xff)
		return "an APIC ID above 255 needs x2APIC mode with EIM";
	if (req->kind < VTD_IR_MSI || req->kind > VTD_IR_IOAPIC ||
	    (req->kind != VTD_IR_MSI && req->count != 1) || !req->owner)
		return "not an interrupt source this code remaps";
	return NULL;
}

static __u64 entry_lo(const struct vtd_unit *u,
		      const struct vtd_ir_request *req, unsigned int k)
{
	/* physical destination mode, no redirection hint: the CPU named
	 * is the only one that can get it; remapped, not posted */
	__u64 lo = VTD_IRTE_PRESENT |
		   (__u64)(req->vector + k) << VTD_IRTE_VECTOR_SHIFT |
		   (__u64)(req->delivery == APIC_ICR_DELIVERY_LOWEST)
			   << VTD_IRTE_DLM_SHIFT;

	if (req->level)
		lo |= VTD_IRTE_LEVEL;
	if (u->eim)
		return lo | (__u64)req->apic_id << VTD_IRTE_DEST_SHIFT;
	return lo | (__u64)req->apic_id << VTD_IRTE_XAPIC_DEST_SHIFT;
}

static __u64 entry_hi(const struct vtd_ir_request *req)
{
	if (req->verify == VTD_IR_VERIFY_BUS)
		return VTD_IRTE_SVT_BUS | req->alias;
	/* SQ 0: all 16 bits of the requester ID must match */
	if (req->verify == VTD_IR_VERIFY_ALIAS)
		return VTD_IRTE_SVT_SID | req->alias;
	return VTD_IRTE_SVT_SID | req->source;
}

int vtd_ir_map(struct vtd *v, const struct vtd_ir_request *req,
	       unsigned int *index, char *msg, unsigned long msg_size)
{
	struct vtd_unit *u;
	unsigned int first, old, old_size, k, size;
	const char *why;
	int err = 0;

	if (req->unit >= v->num_units || !v->units[req->unit].irt)
		return refuse(msg, msg_size,
			      "not declared, or without interrupt remapping",
			      req->unit);
	u = &v->units[req->unit];
	why = refusal(v, req);
	if (why)
		return refuse(msg, msg_size, why, req->unit);
	first = block_for(u, req, &old);
	if (first == u->irt_entries) {
		jh_snprintf(msg, msg_size,
			    "IOMMU unit %u: interrupt remapping table full (%u entries; iommu_ir_order in the system config)",
			    req->unit, u->irt_entries);
		return -ENOSPC;
	}
	size = 1U << order_of(req->count);
	if (first < u->cells_lo)
		u->cells_lo = first;
	if (first + size > u->cells_hi)
		u->cells_hi = first + size;
	for (k = 0; k < size; k++) {
		u->irt_use[first + k] = (struct vtd_irte_use){
			.owner = req->owner,
			.source = req->source,
			.slot = req->slot,
			.kind = req->kind,
			.block = k ? 0 : size,
		};
		if (k < req->count)
			err = err   ?:
				      write_entry(u, first + k,
						  entry_lo(u, req, k),
						  entry_hi(req));
		else
			clear_entry(u, first + k);
	}
	err = err ?: invalidate(u, first, size);
	if (!err && old != u->irt_entries) {
		old_size = u->irt_use[old].block;
		free_block(u, old);
		err = invalidate(u, old, old_size);
	}
	if (err) {
		jh_snprintf(msg, msg_size,
			    "IOMMU unit %u: did not answer while an interrupt remapping entry changed",
			    req->unit);
		return err;
	}
	*index = first;
	return 0;
}

/* The span of vtd_ir_map()'s entries found again (after a release). */
static void find_cells_span(struct vtd_unit *u)
{
	unsigned int index;

	u->cells_lo = u->irt_entries;
	u->cells_hi = 0;
	for (index = 0; index < u->irt_entries; index++) {
		if (u->irt_use[index].kind == VTD_IR_FREE ||
		    u->irt_use[index].kind == VTD_IR_ROOT)
			continue;
		if (index < u->cells_lo)
			u->cells_lo = index;
		u->cells_hi = index + 1;
	}
}

int vtd_ir_release_owner(struct vtd *v, __u16 owner)
{
	unsigned int n, index;
	int err = 0, changed, synced;

	for (n = 0; n < v->num_units; n++) {
		struct vtd_unit *u = &v->units[n];

		changed = 0;
		for (index = 0; index < u->irt_entries; index++)
			if (u->irt_use[index].owner == owner) {
				clear_entry(u, index);
				u->irt_use[index] = (struct vtd_irte_use){ 0 };
				changed = 1;
			}
		find_cells_span(u);
		if (changed && u->remapping_interrupts) {
			synced = vtd_queue_iec(u);
			synced = synced ?: vtd_queue_sync(u);
			if (!err)
				err = synced; /* the other units still go on */
		}
	}
	return err;
}

int vtd_ir_root_set(struct vtd_unit *u, unsigned int index, const __u64 *e)
{
	struct vtd_irte_use *use = &u->irt_use[index];

	if (use->kind != VTD_IR_FREE && use->kind != VTD_IR_ROOT)
		return -EBUSY;
	if (!e) {
		if (use->kind == VTD_IR_ROOT)
			clear_entry(u, index);
		*use = (struct vtd_irte_use){ 0 };
		return 0;
	}
	*use = (struct vtd_irte_use){ .owner = 1,
				      .source = (__u16)e[1],
				      .slot = index,
				      .kind = VTD_IR_ROOT,
				      .block = 1 };
	return write_entry(u, index, e[0], e[1]);
}

unsigned int vtd_ir_entries_of(const struct vtd *v, unsigned int unit,
			       __u16 owner)
{
	const struct vtd_unit *u = &v->units[unit];
	unsigned int index, count = 0;

	if (unit >= v->num_units)
		return 0;
	for (index = 0; index < u->irt_entries; index++)
		count += u->irt_use[index].owner == owner &&
			 (u->irt[2 * index] & VTD_IRTE_PRESENT);
	return count;
}

/* ---- the remappable formats ---- */

int vtd_ir_msi(struct vtd *v, struct vtd_ir_request *req, __u64 *address,
	       __u32 *data, char *msg, unsigned long msg_size)
{
	unsigned int index;
	int err;

	if ((*address & 0xfff00000U) != MSI_ADDRESS_BASE || *address >> 32)
		return refuse(msg, msg_size,
			      "an MSI address outside 0xFEExxxxx", req->unit);
	req->apic_id = (*address >> MSI_DEST_SHIFT) & 0xff;
	req->vector = *data & 0xff;
	req->delivery = (*data >> MSI_DATA_DELIVERY_SHIFT) & 7;
	req->level = 0; /* a PCI message is an edge */
	err = vtd_ir_map(v, req, &index, msg, msg_size);
	if (err)
		return err;
	/* SHV with subhandle 0: the device's low data bits (multiple
	 * messages) select the entries after the first */
	*address = MSI_ADDRESS_BASE | VTD_MSI_REMAPPABLE | VTD_MSI_SHV |
		   (index & 0x7fff) << VTD_MSI_HANDLE_SHIFT |
		   (index & 0x8000 ? VTD_MSI_HANDLE15 : 0);
	*data = 0;
	return 0;
}

/* IOAPIC redirection entry fields (compatibility format) */
#define RTE_VECTOR_MASK 0xffULL
#define RTE_DELIVERY_SHIFT 8
#define RTE_KEEP ((1ULL << 13) | (1ULL << 15) | (1ULL << 16))
#define RTE_LEVEL (1ULL << 15)
#define RTE_DEST_SHIFT 56

int vtd_ir_ioapic(struct vtd *v, struct vtd_ir_request *req, __u64 *rte,
		  char *msg, unsigned long msg_size)
{
	unsigned int index;
	int err;

	req->apic_id = (__u32)(*rte >> RTE_DEST_SHIFT);
	req->vector = *rte & RTE_VECTOR_MASK;
	req->delivery = (*rte >> RTE_DELIVERY_SHIFT) & 7;
	req->level = !!(*rte & RTE_LEVEL);
	req->count = 1;
	err = vtd_ir_map(v, req, &index, msg, msg_size);
	if (err)
		return err;
	/* the vector stays for the EOI broadcast's match; polarity,
	 * trigger and mask are the IOAPIC's own */
	*rte = (*rte & (RTE_VECTOR_MASK | RTE_KEEP)) | VTD_RTE_REMAPPABLE |
	       (__u64)(index & 0x7fff) << VTD_RTE_HANDLE_SHIFT |
	       (index & 0x8000 ? VTD_RTE_HANDLE15 : 0);
	return 0;
}

/* ---- the hooks of pci-msi.c and ioapic-filter.c ---- */

static const char refused[] =
	"the IOMMU refused the interrupt (see the hypervisor console)";

void vtd_ir_pci_source(const struct jailhouse_pci_device *dev,
		       struct vtd_ir_request *req)
{
	unsigned int bus = dev->bdf >> 8, alias_bus = dev->dma_alias >> 8;

	req->source = dev->bdf;
	req->verify = VTD_IR_VERIFY_SOURCE;
	if (!(dev->flags & JAILHOUSE_PCI_FLAG_DMA_ALIAS))
		return;
	/* A PCIe-to-PCI bridge may forward its secondary bus's messages
	 * under the secondary bus with any devfn (split completions,
	 * PCI-X): verify the bus.  A conventional bridge sends them under
	 * its own ID. */
	if (alias_bus == bus) {
		req->alias = (__u16)(bus << 8 | bus);
		req->verify = VTD_IR_VERIFY_BUS;
	} else {
		req->alias = dev->dma_alias;
		req->verify = VTD_IR_VERIFY_ALIAS;
	}
}

int vtd_ir_pci_remap(void *ctx, const struct pci_msi_cpus *cpus,
		     const struct jailhouse_pci_device *dev, int msix,
		     unsigned int slot, unsigned int count, __u64 *address,
		     __u32 *data, const char **reason)
{
	struct vtd_ir_source *src = ctx;
	struct vtd_ir_request req = {
		.unit = dev->iommu,
		.owner = src->owner,
		.kind = msix ? VTD_IR_MSIX : VTD_IR_MSI,
		.slot = slot,
		.count = count,
		.cpus = cpus->cpus,
		.num_cpus = cpus->num_cpus,
	};

	vtd_ir_pci_source(dev, &req);
	src->msg[0] = 0;
	if (vtd_ir_msi(src->v, &req, address, data, src->msg,
		       sizeof(src->msg))) {
		*reason = refused;
		return -EPERM;
	}
	return 0;
}

int vtd_ir_ioapic_remap(void *ctx, const struct ioapic_rte_request *req,
			__u64 *rte, const char **reason)
{
	struct vtd_ir_source *src = ctx;
	struct vtd_ir_request ir = {
		.unit = src->unit,
		.owner = src->owner,
		.source = src->source,
		.kind = VTD_IR_IOAPIC,
		.slot = src->pin,
		.cpus = req->cpus,
		.num_cpus = req->num_cpus,
	};

	src->msg[0] = 0;
	if (vtd_ir_ioapic(src->v, &ir, rte, src->msg, sizeof(src->msg))) {
		*reason = refused;
		return -EPERM;
	}
	return 0;
}
