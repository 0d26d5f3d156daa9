// SPDX-License-Identifier: GPL-2.0
/*
 * What the VT-d code takes from the hypervisor, given by Linux instead:
 * the unit's registers (found in the DMAR table, ioremap'd uncached as the
 * hypervisor maps them), bounded waits, a page pool and CLFLUSH.
 */
#include <linux/acpi.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <asm/cacheflush.h>

#include "harness.h"

#define UNIT_REGS_SIZE 0x1000
/* the hypervisor's bound for a unit's answer (arch/vtd.c) */
#define UNIT_WAIT_MS 2000

/* ---- the unit ---- */

int harness_unit_find(struct harness_unit *u, char *why, size_t why_size)
{
	struct acpi_table_header *table;
	struct acpi_dmar_header *entry;
	struct acpi_dmar_hardware_unit *drhd = NULL;
	u8 *pos, *end;

	if (ACPI_FAILURE(acpi_get_table(ACPI_SIG_DMAR, 0, &table))) {
		snprintf(why, why_size,
			 "no DMAR table: the machine has no VT-d unit");
		return -ENODEV;
	}
	pos = (u8 *)table + sizeof(struct acpi_table_dmar);
	end = (u8 *)table + table->length;
	while (!drhd && pos + sizeof(*entry) <= end) {
		entry = (struct acpi_dmar_header *)pos;
		if (entry->length < sizeof(*entry))
			break;
		if (entry->type == ACPI_DMAR_TYPE_HARDWARE_UNIT &&
		    entry->length >= sizeof(*drhd))
			drhd = (struct acpi_dmar_hardware_unit *)entry;
		pos += entry->length;
	}
	if (drhd) {
		u->config = (struct jailhouse_iommu){
			.base = drhd->address,
			.size = UNIT_REGS_SIZE,
			.segment = drhd->segment,
		};
	}
	acpi_put_table(table);
	if (!drhd) {
		snprintf(why, why_size, "the DMAR table lists no DRHD unit");
		return -ENODEV;
	}
	u->regs = ioremap(u->config.base, UNIT_REGS_SIZE);
	if (!u->regs) {
		snprintf(why, why_size, "ioremap of the unit at 0x%llx failed",
			 (unsigned long long)u->config.base);
		return -ENODEV;
	}
	return 0;
}

void harness_unit_unmap(struct harness_unit *u)
{
	if (u->regs)
		iounmap(u->regs);
	u->regs = NULL;
}

static __u32 unit_read32(void *ctx, unsigned int reg)
{
	return readl(((struct harness_unit *)ctx)->regs + reg);
}

static void unit_write32(void *ctx, unsigned int reg, __u32 value)
{
	writel(value, ((struct harness_unit *)ctx)->regs + reg);
}

static __u64 unit_read64(void *ctx, unsigned int reg)
{
	return readq(((struct harness_unit *)ctx)->regs + reg);
}

static void unit_write64(void *ctx, unsigned int reg, __u64 value)
{
	writeq(value, ((struct harness_unit *)ctx)->regs + reg);
}

static int unit_poll_expired(void *ctx, unsigned int polls)
{
	struct harness_unit *u = ctx;

	if (polls == 0)
		u->wait_start = ktime_get();
	udelay(1);
	return ktime_ms_delta(ktime_get(), u->wait_start) > UNIT_WAIT_MS;
}

void harness_unit_hw(struct harness_unit *u, struct vtd_hw *hw)
{
	*hw = (struct vtd_hw){
		.read32 = unit_read32,
		.write32 = unit_write32,
		.read64 = unit_read64,
		.write64 = unit_write64,
		.poll_expired = unit_poll_expired,
		.ctx = u,
	};
}

/* ---- memory: Linux's direct map is the hypervisor's virt <-> phys ---- */

static void *env_phys_to_virt(__u64 phys)
{
	return __va(phys);
}

static __u64 env_virt_to_phys(const void *virt)
{
	return __pa(virt);
}

static const struct paging_memory direct_map = {
	.phys_to_virt = env_phys_to_virt,
	.virt_to_phys = env_virt_to_phys,
};

static void env_flush(const void *virt, unsigned long size)
{
	clflush_cache_range((void *)virt, size);
}

int harness_env_init(struct harness_env *e, unsigned int order)
{
	unsigned long pages = 1UL << order;

	e->order = order;
	e->pages = alloc_pages(GFP_KERNEL, order);
	e->bitmap = kcalloc(PAGE_POOL_BITMAP_LONGS(pages),
			    sizeof(unsigned long), GFP_KERNEL);
	if (!e->pages || !e->bitmap) {
		harness_env_free(e);
		return -ENOMEM;
	}
	e->env = (struct vtd_env){
		.pool = &e->pool,
		.memory = &direct_map,
		.flush = env_flush,
	};
	return page_pool_init(&e->pool, page_address(e->pages), pages,
			      e->bitmap);
}

void harness_env_free(struct harness_env *e)
{
	if (e->pages)
		__free_pages(e->pages, e->order);
	kfree(e->bitmap);
	e->pages = NULL;
	e->bitmap = NULL;
}
