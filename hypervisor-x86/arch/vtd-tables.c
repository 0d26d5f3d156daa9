// SPDX-License-Identifier: GPL-2.0
/*
 * A VT-d unit's root and context tables and the domains' second-level
 * tables (include/vtd.h), legacy mode (VT-d spec 9.1-9.4, 9.8).
 *
 * Context entries are 128 bits and the CPU writes 64 at a time: an entry
 * that changes domains is first made not present and invalidated under
 * its old domain ID, then written with the high half (domain, width)
 * before the low half that makes it present, so the unit never sees a mix
 * of two domains.
 */
#include "vtd.h"
#include "vtd-regs.h"
#include <common/env.h>
#include <common/format.h>

#define ROOT_ENTRIES 256

void vtd_to_unit(const struct vtd_unit *u, const volatile void *virt,
		 unsigned long size)
{
	if (!(u->ecap & VTD_ECAP_C))
		u->env->flush((const void *)virt, size);
}

static __u64 phys_of(const struct vtd_env *env, const void *virt)
{
	return env->memory->virt_to_phys(virt);
}

static void *virt_of(const struct vtd_env *env, __u64 entry)
{
	return env->memory->phys_to_virt(entry & VTD_ENTRY_ADDR_MASK);
}

static void free_page(const struct vtd_env *env, volatile void *page)
{
	if (page)
		page_free(env->pool, (void *)page, 1);
}

/* ---- the unit ---- */

static int refuse(const struct vtd_unit *u, char *msg, unsigned long size,
		  const char *what)
{
	jh_snprintf(msg, size, "IOMMU unit %u at 0x%llx: %s", u->index,
		    (unsigned long long)u->config->base, what);
	return -EINVAL;
}

static int check_unit(struct vtd_unit *u, char *msg, unsigned long size)
{
	__u32 status = u->hw.read32(u->hw.ctx, VTD_REG_GSTS);
	int err;

	if (u->cap == ~0ULL || u->ecap == ~0ULL)
		return refuse(
			u, msg, size,
			"no VT-d unit answers there (its capability register reads all ones)");
	if (!(u->ecap & VTD_ECAP_QI))
		return refuse(
			u, msg, size,
			"no queued invalidation (ECAP.QI), which this hypervisor needs");
	if (!(VTD_CAP_SAGAW(u->cap) & VTD_SAGAW_48))
		return refuse(
			u, msg, size,
			"no 4-level second-level tables (CAP.SAGAW lacks the 48-bit AGAW); 3- and 5-level tables are not implemented");
	/* Linux's interrupt remapping is taken over (vtd-root.c); its DMA
	 * remapping is refused there */
	if (status & (VTD_GCMD_TE | VTD_GCMD_QIE | VTD_GCMD_IRE)) {
		err = vtd_root_found(u, msg, size);
		if (err)
			return err;
	}
	/* With the hypervisor's interrupt remapping on, compatibility
	 * format is blocked: a root that does not remap its interrupts
	 * through the unit would lose every one of them. */
	if (u->env->root && !(status & VTD_GCMD_IRE))
		return refuse(
			u, msg, size,
			"Linux does not remap its interrupts through this unit (booted with intremap=off?), and with the hypervisor's interrupt remapping on its compatibility-format interrupts would be blocked: boot Linux with interrupt remapping on");
	return 0;
}

/* Linux's values, before anything of ours is written (vtd_found). */
static void save_found(struct vtd_unit *u)
{
	u->found = (struct vtd_found){
		.rtaddr = u->hw.read64(u->hw.ctx, VTD_REG_RTADDR),
		.iqa = u->hw.read64(u->hw.ctx, VTD_REG_IQA),
		.iqt = u->hw.read64(u->hw.ctx, VTD_REG_IQT),
		.fectl = u->hw.read32(u->hw.ctx, VTD_REG_FECTL),
	};
	if (u->ecap & VTD_ECAP_IR)
		u->found.irta = u->hw.read64(u->hw.ctx, VTD_REG_IRTA);
}

int vtd_unit_init(struct vtd_unit *u, unsigned int index,
		  const struct jailhouse_iommu *config, const struct vtd_hw *hw,
		  const struct vtd_env *env, char *msg, unsigned long msg_size)
{
	int err;

	*u = (struct vtd_unit){ .index = index,
				.config = config,
				.hw = *hw,
				.env = env };
	u->cap = hw->read64(hw->ctx, VTD_REG_CAP);
	u->ecap = hw->read64(hw->ctx, VTD_REG_ECAP);
	err = check_unit(u, msg, msg_size);
	if (err)
		return err;
	save_found(u);
	u->agaw = 48;
	u->root_table = page_zalloc(env->pool, 1);
	u->queue = page_zalloc(env->pool, 1);
	u->wait_word = page_zalloc(env->pool, 1);
	if (!u->root_table || !u->queue || !u->wait_word) {
		vtd_unit_release(u);
		return refuse(u, msg, msg_size,
			      "out of hypervisor memory for its tables");
	}
	vtd_to_unit(u, u->root_table, PAGE_SIZE);
	vtd_to_unit(u, u->queue, PAGE_SIZE);
	return 0;
}

int vtd_unit_enable(struct vtd_unit *u)
{
	int err;

	u->written = 1;
	/* a unit of Linux's: its queue stopped, its entries copied */
	err = u->root.active ? vtd_root_prepare(u) : 0;
	u->hw.write64(u->hw.ctx, VTD_REG_RTADDR,
		      phys_of(u->env, u->root_table));
	err = err ?: vtd_command(u, VTD_GCMD_SRTP, 1);
	/* faults are recorded either way; they are read when the caller
	 * polls (vtd_fault_event), not through the event interrupt */
	u->hw.write32(u->hw.ctx, VTD_REG_FECTL, VTD_FECTL_IM);
	err = err ?: vtd_queue_enable(u);
	/* the interrupt remapping table is latched before the global
	 * interrupt-entry-cache invalidation below (spec 6.5.2.7) */
	if (!err && u->irt)
		err = vtd_ir_unit_set_table(u);
	/* the spec: after a new root table pointer, a global context-cache
	 * and then a global IOTLB invalidation before translation is on */
	err = err ?: vtd_queue_context(u, VTD_INV_GLOBAL, 0, 0);
	err = err ?: vtd_queue_iotlb(u, VTD_INV_GLOBAL, 0);
	if (!err && (u->ecap & VTD_ECAP_IR))
		err = vtd_queue_iec(u);
	err = err ?: vtd_queue_sync(u);
	err = err ?: vtd_command(u, VTD_GCMD_TE, 1);
	if (!err)
		u->translating = 1;
	if (!err && u->irt)
		err = vtd_ir_unit_enable(u);
	if (!err && u->root.active)
		err = vtd_root_enabled(u);
	return err;
}

/* GCMD bit `bit` off, if on; the sentence names it when GSTS does not
 * follow within the bounded wait. */
static int turn_off(struct vtd_unit *u, __u32 bit, const char *what, char *msg,
		    unsigned long msg_size)
{
	char sentence[200];

	if (!(u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & bit))
		return 0;
	if (!(bit == VTD_GCMD_QIE ? vtd_queue_disable(u) :
				    vtd_command(u, bit, 0)))
		return 0;
	jh_snprintf(sentence, sizeof(sentence),
		    "did not turn %s off at disable (GSTS did not follow GCMD within the wait); the hypervisor keeps the unit and stays enabled",
		    what);
	refuse(u, msg, msg_size, sentence);
	return -EIO;
}

/* RTADDR and IRTA latched again: the unit keeps no pointer into the
 * hypervisor's memory, which goes back to Linux. */
static int restore_found(struct vtd_unit *u, char *msg, unsigned long msg_size)
{
	const struct vtd_found *f = &u->found;
	int err;

	u->hw.write64(u->hw.ctx, VTD_REG_RTADDR, f->rtaddr);
	err = vtd_command(u, VTD_GCMD_SRTP, 1);
	if (!err && u->irt) {
		u->hw.write64(u->hw.ctx, VTD_REG_IRTA, f->irta);
		err = vtd_command(u, VTD_GCMD_SIRTP, 1);
	}
	if (err) {
		refuse(u, msg, msg_size,
		       "did not latch the table pointers it had before enable (SRTP/SIRTP) within the wait; the hypervisor keeps the unit and stays enabled");
		return -EIO;
	}
	/* with QIE off: IQH is 0 again, as the unit reset it */
	u->hw.write64(u->hw.ctx, VTD_REG_IQT, f->iqt);
	u->hw.write64(u->hw.ctx, VTD_REG_IQA, f->iqa);
	u->hw.write32(u->hw.ctx, VTD_REG_FECTL, f->fectl);
	return 0;
}

int vtd_unit_hand_back(struct vtd_unit *u, char *msg, unsigned long msg_size)
{
	int err;

	if (!u->written)
		return 0;
	/* whatever was queued is done before the queue stops (not once a
	 * hand-back to Linux has put Linux's queue back) */
	if ((u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_QIE) &&
	    u->root.back_stage < 2 && vtd_queue_sync(u)) {
		refuse(u, msg, msg_size,
		       "did not complete its invalidation queue at disable (wait descriptor not written); the hypervisor keeps the unit and stays enabled");
		return -EIO;
	}
	if (u->root.active) {
		/* Linux's unit: as Linux's view has it now */
		err = vtd_root_hand_back(u, msg, msg_size);
		if (!err)
			u->written = 0;
		return err;
	}
	err = turn_off(u, VTD_GCMD_IRE, "interrupt remapping (IRE)", msg,
		       msg_size);
	if (!err)
		u->remapping_interrupts = 0;
	err = err   ?:
		      turn_off(u, VTD_GCMD_TE, "DMA translation (TE)", msg,
			       msg_size);
	if (!err)
		u->translating = 0;
	err = err   ?:
		      turn_off(u, VTD_GCMD_QIE, "queued invalidation (QIE)",
			       msg, msg_size);
	err = err ?: restore_found(u, msg, msg_size);
	if (!err)
		u->written = 0;
	return err;
}

void vtd_unit_release(struct vtd_unit *u)
{
	char ignored[200];
	unsigned int bus;

	/* setup's undo cannot refuse: a unit that did not answer gets each
	 * of the remaining commands tried once more before its tables go */
	if (vtd_unit_hand_back(u, ignored, sizeof(ignored))) {
		vtd_ir_unit_release(u);
		vtd_command(u, VTD_GCMD_TE, 0);
		if (u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_QIE)
			vtd_queue_disable(u);
	}
	vtd_ir_unit_release(u);
	u->translating = 0;
	for (bus = 0; u->root_table && bus < ROOT_ENTRIES; bus++)
		if (u->root_table[2 * bus] & VTD_ENTRY_PRESENT)
			free_page(u->env,
				  virt_of(u->env, u->root_table[2 * bus]));
	free_page(u->env, u->root_table);
	free_page(u->env, u->queue);
	free_page(u->env, u->wait_word);
	u->root_table = NULL;
	u->queue = NULL;
	u->wait_word = NULL;
}

int vtd_unit_check_width(const struct vtd_unit *u, __u64 limit, char *msg,
			 unsigned long msg_size)
{
	unsigned int mgaw = VTD_CAP_MGAW(u->cap);
	char what[120];

	if (mgaw >= 64 || limit <= (1ULL << mgaw))
		return 0;
	jh_snprintf(what, sizeof(what),
		    "translates %u address bits (CAP.MGAW), but a domain maps up to 0x%llx",
		    mgaw, (unsigned long long)limit - 1);
	return refuse(u, msg, msg_size, what);
}

/* ---- context entries ---- */

/* Bus `bus`'s context table, created (and hooked into the root table)
 * when `create`; NULL if there is none or no memory. */
static __u64 *context_table(struct vtd_unit *u, unsigned int bus, int create)
{
	__u64 *root = &u->root_table[2 * bus];
	__u64 *table;

	if (*root & VTD_ENTRY_PRESENT)
		return virt_of(u->env, *root);
	if (!create)
		return NULL;
	table = page_zalloc(u->env->pool, 1);
	if (!table)
		return NULL;
	vtd_to_unit(u, table, PAGE_SIZE);
	root[1] = 0;
	root[0] = phys_of(u->env, table) | VTD_ENTRY_PRESENT;
	vtd_to_unit(u, root, 16);
	return table;
}

__u16 vtd_context_domain(const struct vtd_unit *u, __u16 bdf)
{
	const __u64 *root = &u->root_table[2 * (bdf >> 8)];
	const __u64 *entry;

	if (!(*root & VTD_ENTRY_PRESENT))
		return 0;
	entry = (const __u64 *)virt_of(u->env, *root) + 2 * (bdf & 0xff);
	if (!(entry[0] & VTD_ENTRY_PRESENT))
		return 0;
	return (__u16)(entry[1] >> VTD_CTX_DID_SHIFT);
}

/* A present entry leaves: not present, then every cached copy of it and
 * every translation made through it gone (spec 6.5.3.3). */
static int context_clear(struct vtd_unit *u, __u64 *entry, __u16 bdf)
{
	__u16 did = (__u16)(entry[1] >> VTD_CTX_DID_SHIFT);
	int err;

	entry[0] = 0;
	vtd_to_unit(u, entry, 16);
	if (!u->translating)
		return 0;
	err = vtd_queue_context(u, VTD_INV_DEVICE, did, bdf);
	err = err ?: vtd_queue_iotlb(u, VTD_INV_DOMAIN, did);
	return err ?: vtd_queue_sync(u);
}

/* A not-present entry became present: only caching mode may have kept
 * the old state, and keeps it under domain ID 0 (spec 6.1). */
static int context_made_present(struct vtd_unit *u, __u16 bdf, __u16 did)
{
	int err;

	if (!u->translating)
		return 0;
	if (!(u->cap & VTD_CAP_CM)) {
		if (u->cap & VTD_CAP_RWBF)
			return vtd_command(u, VTD_GCMD_WBF, 1);
		return 0;
	}
	err = vtd_queue_context(u, VTD_INV_DEVICE, 0, bdf);
	err = err ?: vtd_queue_iotlb(u, VTD_INV_DOMAIN, did);
	return err ?: vtd_queue_sync(u);
}

int vtd_context_set(struct vtd_unit *u, __u16 bdf, const struct vtd_domain *d)
{
	__u64 *table = context_table(u, bdf >> 8, d != NULL);
	__u64 *entry;
	int err = 0;

	if (!table)
		return d ? -ENOMEM : 0;
	entry = &table[2 * (bdf & 0xff)];
	if (entry[0] & VTD_ENTRY_PRESENT)
		err = context_clear(u, entry, bdf);
	if (!d)
		return err;
	/* written even when the unit did not confirm the invalidation: the
	 * tables then say where the device belongs, and the error is
	 * reported */
	/* TT 0: untranslated requests only; no device TLBs */
	entry[1] = VTD_CTX_AW_48 | (__u64)d->id << VTD_CTX_DID_SHIFT;
	vtd_to_unit(u, &entry[1], 8);
	entry[0] = paging_root_phys(&d->table) | VTD_ENTRY_PRESENT;
	vtd_to_unit(u, entry, 16);
	return context_made_present(u, bdf, d->id) ?: err;
}

/* ---- second-level tables: R 0, W 1, PS 7, address 51:12 ---- */

static pt_entry_t sl_leaf(__u64 phys, unsigned int flags, unsigned int level)
{
	pt_entry_t e = phys;

	if (flags & PAGING_READ)
		e |= VTD_SL_READ;
	if (flags & PAGING_WRITE)
		e |= VTD_SL_WRITE;
	if (!(e & (VTD_SL_READ | VTD_SL_WRITE)))
		return 0;
	return level ? e | VTD_SL_PAGE_SIZE : e;
}

static pt_entry_t sl_table(__u64 phys)
{
	return phys | VTD_SL_READ | VTD_SL_WRITE;
}

static int sl_present(pt_entry_t e)
{
	return (e & (VTD_SL_READ | VTD_SL_WRITE)) != 0;
}

static int sl_is_leaf(pt_entry_t e, unsigned int level)
{
	return level == 0 || (e & VTD_SL_PAGE_SIZE);
}

static __u64 level_size(unsigned int level)
{
	return 1ULL << (12 + 9 * level);
}

static __u64 sl_address(pt_entry_t e, unsigned int level)
{
	if (level > 0 && (e & VTD_SL_PAGE_SIZE))
		return e & VTD_ENTRY_ADDR_MASK & ~(level_size(level) - 1);
	return e & VTD_ENTRY_ADDR_MASK;
}

static unsigned int sl_flags(pt_entry_t e, unsigned int level)
{
	(void)level;
	return (e & VTD_SL_READ ? PAGING_READ : 0) |
	       (e & VTD_SL_WRITE ? PAGING_WRITE : 0);
}

void vtd_format_init(struct paging_format *f, unsigned int sllps)
{
	*f = (struct paging_format){
		.name = "VT-d second level",
		/* SLLPS bit 0: 2 MiB pages, bit 1: 1 GiB pages */
		.leaf_levels = 1 | (sllps & 1 ? 2 : 0) |
			       ((sllps & 3) == 3 ? 4 : 0),
		.leaf = sl_leaf,
		.table = sl_table,
		.present = sl_present,
		.is_leaf = sl_is_leaf,
		.address = sl_address,
		.flags = sl_flags,
	};
}

int vtd_domain_init(struct vtd_domain *d, __u16 id,
		    const struct paging_format *format,
		    const struct vtd_env *env)
{
	int err = paging_create(&d->table, format, env->pool, env->memory);

	d->id = err ? 0 : id;
	return err;
}

void vtd_domain_destroy(struct vtd_domain *d)
{
	if (!d->id)
		return;
	paging_destroy(&d->table);
	d->id = 0;
}

static __u64 highest(const struct vtd_domain *d, const pt_entry_t *table,
		     unsigned int level, __u64 base)
{
	const struct paging_format *f = d->table.format;
	unsigned int n = PAGING_ENTRIES;
	pt_entry_t e;

	while (n--) {
		e = table[n];
		if (!f->present(e))
			continue;
		if (f->is_leaf(e, level))
			return base + (n + 1) * level_size(level);
		return highest(d,
			       d->table.memory->phys_to_virt(
				       f->address(e, level)),
			       level - 1, base + n * level_size(level));
	}
	return base;
}

__u64 vtd_domain_limit(const struct vtd_domain *d)
{
	return highest(d, d->table.root, PAGING_LEVELS - 1, 0);
}

static void flush_level(const struct vtd_domain *d, const pt_entry_t *table,
			unsigned int level, const struct vtd_env *env)
{
	const struct paging_format *f = d->table.format;
	unsigned int n;

	env->flush(table, PAGE_SIZE);
	for (n = 0; level > 0 && n < PAGING_ENTRIES; n++)
		if (f->present(table[n]) && !f->is_leaf(table[n], level))
			flush_level(d,
				    d->table.memory->phys_to_virt(
					    f->address(table[n], level)),
				    level - 1, env);
}

void vtd_domain_flush(const struct vtd_domain *d, const struct vtd_env *env)
{
	flush_level(d, d->table.root, PAGING_LEVELS - 1, env);
}
