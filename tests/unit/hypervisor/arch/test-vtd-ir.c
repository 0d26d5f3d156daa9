// SPDX-License-Identifier: GPL-2.0
/*
 * arch/vtd-ir.c against the register-level model of a VT-d unit
 * (../vtd-model.c): one unit, a root cell with devices 00:02.0 and
 * 00:03.0 and an IOAPIC (source ID f0:1f.0), a cell that takes 00:03.0
 * and CPUs with APIC IDs 2 and 3 (the root keeps 0 and 1).  Every
 * interrupt goes through vtd_model_interrupt(), which reads the entries
 * the code wrote and keeps what it cached until the code invalidates it.
 * The last tests run pci-msi.c and ioapic-filter.c with the hooks set, on
 * a fake device whose config space and MSI-X table are arrays.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "vtd.h"
#include "vtd-model-hw.h"
#include "vtd-test-configs.h"
#include "ioapic-filter.h"
#include "pci-msi.h"

#define POOL_PAGES 1024	 /* room for a table of 2^16 entries */
#define DEV_OTHER 0x0020 /* 00:04.0 */
#define IOAPIC_SID 0xf0f8
#define CELL_ID 1
#define OWNER (CELL_ID + 1)

static struct sys_config sys;
static struct cell_config cell;
static struct page_pool pool;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static void *pool_memory;
static struct vtd_model_memory model_memory;
static struct vtd_model model;
static struct vtd_model_config model_cfg;
static struct vtd_hw hw;
static int flush_broken;
static struct vtd v;
static char msg[300];

/* the cell owns CPUs 2 and 3 (APIC IDs 2 and 3) */
static struct apic_cpu cpus[4] = {
	{ .apic_id = 0 },
	{ .apic_id = 1 },
	{ .apic_id = 2, .in_cell = 1 },
	{ .apic_id = 3, .in_cell = 1 },
};

static void env_flush(const void *virt, unsigned long size)
{
	if (!flush_broken)
		vtd_model_flush(&model_memory, virt, size);
}

static const struct vtd_env env = {
	.pool = &pool,
	.memory = &paging_identity_memory,
	.flush = env_flush,
};

static void fill_configs(void)
{
	vtd_test_fill_configs(&sys, &cell);
}

static int setup(void **state)
{
	(void)state;
	pool_memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	page_pool_init(&pool, pool_memory, POOL_PAGES, pool_bitmap);
	vtd_model_memory_init(&model_memory);
	model_cfg = vtd_model_default_config();
	flush_broken = 0;
	fill_configs();
	memset(&v, 0, sizeof(v));
	msg[0] = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vtd_model_memory_free(&model_memory);
	free(pool_memory);
	return 0;
}

static int start(void)
{
	vtd_model_init(&model, &model_cfg, &model_memory);
	hw = vtd_model_hw(&model);
	return vtd_setup(&v, &sys.header, &hw, &env, msg, sizeof(msg));
}

static void start_ok(void)
{
	int err = start();

	if (err)
		fail_msg("vtd_setup: %d: %s", err, msg);
	err = vtd_cell_create(&v, CELL_ID, &cell.header, msg, sizeof(msg));
	if (err)
		fail_msg("vtd_cell_create: %d: %s", err, msg);
}

static void stop(void)
{
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	vtd_shutdown(&v);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void assert_no_model_errors(void)
{
	if (model.errors)
		fail_msg("the model saw what the spec forbids: %s",
			 model.error);
}

static struct vtd_ir_request msi_request(unsigned int kind, unsigned int slot)
{
	return (struct vtd_ir_request){
		.unit = 0,
		.owner = OWNER,
		.source = DEV_CELL,
		.kind = kind,
		.slot = slot,
		.count = 1,
		.cpus = cpus,
		.num_cpus = 4,
	};
}

/* A validated compatibility message: physical APIC ID, mode, vector. */
static void msi_ok(struct vtd_ir_request *req, __u32 apic_id, unsigned int mode,
		   unsigned int vector, __u64 *address, __u32 *data)
{
	int err;

	*address = 0xfee00000ULL | apic_id << 12;
	*data = vector | mode << 8;
	err = vtd_ir_msi(&v, req, address, data, msg, sizeof(msg));
	if (err)
		fail_msg("vtd_ir_msi: %d: %s", err, msg);
}

static struct vtd_model_irq irq(__u16 sid, __u64 address, __u32 data)
{
	return vtd_model_interrupt(&model, sid, address, data);
}

/* ---- the unit ---- */

static void test_setup_enables_interrupt_remapping(void **state)
{
	__u32 gsts;

	(void)state;
	start_ok();
	gsts = vtd_model_read32(&model, 0x1c);
	assert_true(gsts & (1U << 25));	 /* IRES */
	assert_true(gsts & (1U << 24));	 /* IRTPS */
	assert_false(gsts & (1U << 23)); /* CFIS: compat blocked */
	assert_int_equal(model.sirtp_count, 1);
	/* the table latched is the code's, 2^iommu_ir_order entries
	 * (IRTA.S: 2^(S + 1)), xAPIC format */
	assert_int_equal(model.irta_active & ~0xfffULL,
			 (uintptr_t)v.units[0].irt);
	assert_int_equal(model.irta_active & 0xf, 9);
	assert_int_equal(v.units[0].irt_entries, 1024);
	assert_false(model.irta_active & 0x800);
	assert_int_equal(model.desc_iec, 1);
	assert_no_model_errors();
	stop();
}

static void test_x2apic_uses_eim(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSIX, 0);
	struct vtd_model_irq q;
	unsigned int index;
	int err;

	(void)state;
	model_cfg.eim = 1;
	sys.header.platform.apic_mode = JAILHOUSE_APIC_MODE_X2APIC;
	cpus[3].apic_id = 0x1003; /* a 32-bit x2APIC ID */
	start_ok();
	assert_true(model.irta_active & 0x800);
	req.vector = 0x40;
	req.apic_id = 0x1003;
	err = vtd_ir_map(&v, &req, &index, msg, sizeof(msg));
	cpus[3].apic_id = 3;
	if (err)
		fail_msg("%s", msg);
	q = irq(DEV_CELL, 0xfee00018ULL | index << 5, 0);
	assert_false(q.blocked);
	assert_int_equal(q.dest, 0x1003);
	assert_int_equal(q.vector, 0x40);
	assert_no_model_errors();
	stop();
}

static void test_x2apic_without_eim_refused(void **state)
{
	(void)state;
	sys.header.platform.apic_mode = JAILHOUSE_APIC_MODE_X2APIC;
	assert_int_equal(start(), -EINVAL);
	assert_non_null(strstr(msg, "IOMMU unit 0"));
	assert_non_null(strstr(msg, "ECAP.EIM"));
	assert_int_equal(page_pool_used(&pool), 0);
	assert_int_equal(vtd_model_read32(&model, 0x1c), 0);
}

static void test_unit_without_ir_refused(void **state)
{
	(void)state;
	model_cfg.ir = 0;
	assert_int_equal(start(), -EINVAL);
	assert_non_null(strstr(msg, "IOMMU unit 0"));
	assert_non_null(strstr(msg, "ECAP.IR"));
	assert_int_equal(page_pool_used(&pool), 0);
	assert_int_equal(vtd_model_read32(&model, 0x1c), 0);
}

static void test_shutdown_turns_remapping_off(void **state)
{
	(void)state;
	start_ok();
	stop();
	assert_false(vtd_model_read32(&model, 0x1c) & (1U << 25));
	assert_no_model_errors();
}

/* ---- entries ---- */

static void test_msi_arrives_at_programmed_vector_and_cpu(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSI, 0);
	struct vtd_model_irq q;
	__u64 address;
	__u32 data;

	(void)state;
	start_ok();
	msi_ok(&req, 3, APIC_ICR_DELIVERY_FIXED, 0x51, &address, &data);
	assert_int_equal(address & 0xfff00018ULL, 0xfee00018ULL);
	assert_int_equal(data, 0);
	q = irq(DEV_CELL, address, data);
	assert_false(q.blocked);
	assert_true(q.remapped);
	assert_int_equal(q.vector, 0x51);
	assert_int_equal(q.dest, 3);
	assert_int_equal(q.delivery, 0);
	assert_false(q.logical);
	assert_false(q.level);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 1);
	/* lowest priority stays lowest priority */
	req = msi_request(VTD_IR_MSIX, 1);
	msi_ok(&req, 2, APIC_ICR_DELIVERY_LOWEST, 0x60, &address, &data);
	q = irq(DEV_CELL, address, data);
	assert_int_equal(q.delivery, 1);
	assert_int_equal(q.dest, 2);
	assert_int_equal(q.vector, 0x60);
	assert_no_model_errors();
	stop();
}

static void test_msi_multiple_messages_use_consecutive_entries(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSI, 0);
	struct vtd_model_irq q;
	__u64 address;
	__u32 data, k;

	(void)state;
	start_ok();
	req.count = 4;
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x80, &address, &data);
	for (k = 0; k < 4; k++) {
		/* the device sets the low data bits of message k */
		q = irq(DEV_CELL, address, data | k);
		assert_false(q.blocked);
		assert_int_equal(q.vector, 0x80 + k);
	}
	/* a fifth message has no entry */
	q = irq(DEV_CELL, address, data | 4);
	assert_true(q.blocked);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 4);
	assert_no_model_errors();
	stop();
}

static void test_wrong_source_blocked_and_recorded(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSIX, 0);
	struct vtd_model_irq q;
	struct vtd_fault f[2];
	__u64 address;
	__u32 data;

	(void)state;
	start_ok();
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x41, &address, &data);
	/* another device (a root one) sending the cell's message */
	q = irq(DEV_ROOT, address, data);
	assert_true(q.blocked);
	assert_int_equal(q.reason, 0x26);
	assert_true(q.recorded);
	assert_int_equal(vtd_fault_read(&v.units[0], f, 2), 1);
	assert_int_equal(f[0].source_id, DEV_ROOT);
	assert_int_equal(f[0].reason, 0x26);
	assert_int_equal(f[0].interrupt_index, q.index);
	vtd_fault_format(&f[0], "root", msg, sizeof(msg));
	assert_non_null(strstr(msg, "interrupt blocked: PCI device "
				    "0000:00:02.0 (cell \"root\") interrupt "
				    "index"));
	assert_non_null(strstr(msg, "source ID does not match"));
	assert_no_model_errors();
	stop();
}

static void test_unmapped_index_blocked_and_recorded(void **state)
{
	struct vtd_model_irq q;
	struct vtd_fault f[2];

	(void)state;
	start_ok();
	/* entry 17: never written */
	q = irq(DEV_CELL, 0xfee00018ULL | 17 << 5, 0);
	assert_true(q.blocked);
	assert_int_equal(q.reason, 0x22);
	/* beyond the table's entries */
	q = irq(DEV_OTHER, 0xfee00018ULL | (1024 + 44) << 5, 0);
	assert_int_equal(q.reason, 0x21);
	assert_int_equal(vtd_fault_read(&v.units[0], f, 2), 2);
	assert_int_equal(f[0].interrupt_index, 17);
	assert_int_equal(f[0].source_id, DEV_CELL);
	assert_int_equal(f[1].interrupt_index, 1024 + 44);
	assert_int_equal(f[1].reason, 0x21);
	assert_no_model_errors();
	stop();
}

static void test_compat_format_blocked(void **state)
{
	struct vtd_model_irq q;

	(void)state;
	start_ok();
	/* a DMA write to 0xFEExxxxx made up by a device: NMI to CPU 0 */
	q = irq(DEV_CELL, 0xfee00000ULL, 0x400);
	assert_true(q.blocked);
	assert_int_equal(q.reason, 0x25);
	assert_no_model_errors();
	stop();
}

/* Refused, with `text` in the sentence, and nothing written. */
static void assert_refused(struct vtd_ir_request *req, const char *text)
{
	unsigned int index = 0xdead;
	unsigned int iec = model.desc_iec_index;

	assert_int_equal(vtd_ir_map(&v, req, &index, msg, sizeof(msg)),
			 -EINVAL);
	if (!strstr(msg, text))
		fail_msg("\"%s\" lacks \"%s\"", msg, text);
	assert_int_equal(index, 0xdead);
	assert_int_equal(vtd_ir_entries_of(&v, 0, req->owner), 0);
	assert_int_equal(model.desc_iec_index, iec);
}

static void test_refusals_change_nothing(void **state)
{
	struct vtd_ir_request req;
	unsigned int mode;
	__u64 address = 0xfee02000ULL;
	__u32 data = 0x40;

	(void)state;
	start_ok();
	for (mode = 2; mode < 8; mode++) { /* SMI .. ExtINT */
		req = msi_request(VTD_IR_MSIX, 0);
		req.apic_id = 2;
		req.vector = 0x40;
		req.delivery = mode;
		assert_refused(&req, "fixed and lowest-priority");
	}
	req = msi_request(VTD_IR_MSIX, 0);
	req.apic_id = 2;
	req.vector = 15;
	assert_refused(&req, "vector below 16");
	req.vector = 0x40;
	req.apic_id = 1; /* the root's CPU */
	assert_refused(&req, "not a CPU of the cell");
	req.apic_id = 7; /* nobody's */
	assert_refused(&req, "not a CPU of the cell");
	req.apic_id = 2;
	req.unit = 1;
	assert_refused(&req, "not declared");
	req.unit = 0;
	req.kind = VTD_IR_MSI;
	req.count = 64;
	assert_refused(&req, "more messages");
	req.count = 4;
	req.vector = 0xfe;
	assert_refused(&req, "more messages");
	req.vector = 0x40;
	req.kind = VTD_IR_MSIX;
	req.count = 2;
	assert_refused(&req, "not an interrupt source");
	/* an APIC ID above 255 has no xAPIC-format entry */
	cpus[3].apic_id = 0x100;
	req = msi_request(VTD_IR_MSIX, 0);
	req.apic_id = 0x100;
	req.vector = 0x40;
	assert_refused(&req, "x2APIC");
	cpus[3].apic_id = 3;
	/* a message outside 0xFEExxxxx is no interrupt */
	req = msi_request(VTD_IR_MSIX, 0);
	address = 0xfed00000ULL;
	assert_int_equal(vtd_ir_msi(&v, &req, &address, &data, msg,
				    sizeof(msg)),
			 -EINVAL);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 0);
	assert_no_model_errors();
	stop();
}

static void test_reprogramming_updates_entry_in_place(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSIX, 5);
	struct vtd_model_irq q;
	__u64 address, again;
	__u32 data;

	(void)state;
	start_ok();
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x41, &address, &data);
	assert_int_equal(irq(DEV_CELL, address, data).vector, 0x41);
	req = msi_request(VTD_IR_MSIX, 5);
	msi_ok(&req, 3, APIC_ICR_DELIVERY_FIXED, 0x42, &again, &data);
	assert_int_equal(again, address); /* the same entry */
	q = irq(DEV_CELL, address, data);
	assert_int_equal(q.vector, 0x42);
	assert_int_equal(q.dest, 3);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 1);
	assert_no_model_errors();
	stop();
}

/* What the test above would see if the code did not invalidate: the
 * unit keeps delivering the old vector. */
static void test_without_iec_invalidation_old_entry_stays(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSIX, 5);
	__u64 address;
	__u32 data;

	(void)state;
	start_ok();
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x41, &address, &data);
	assert_int_equal(irq(DEV_CELL, address, data).vector, 0x41);
	model.drop_type = 4;
	req = msi_request(VTD_IR_MSIX, 5);
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x42, &address, &data);
	assert_int_equal(irq(DEV_CELL, address, data).vector, 0x41);
	model.drop_type = 0;
	stop();
}

static void test_ioapic_entry_remapped(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_IOAPIC, 9);
	struct vtd_model_irq q;
	/* level, active low, masked, vector 0x39, physical CPU 3 */
	__u64 rte = 0x39 | 1ULL << 13 | 1ULL << 15 | 1ULL << 16 | 3ULL << 56;
	unsigned int index;
	int err;

	(void)state;
	start_ok();
	req.source = IOAPIC_SID;
	err = vtd_ir_ioapic(&v, &req, &rte, msg, sizeof(msg));
	if (err)
		fail_msg("%s", msg);
	assert_true(rte & (1ULL << 48)); /* remappable format */
	assert_int_equal(rte & 0xffff, 0x39 | 1 << 13 | 1 << 15);
	assert_true(rte & (1ULL << 16)); /* still masked */
	index = (rte >> 49) | (rte & (1 << 11) ? 0x8000 : 0);
	/* the IOAPIC's message: the handle, SHV 0 */
	q = irq(IOAPIC_SID, 0xfee00010ULL | index << 5, 0x39);
	assert_false(q.blocked);
	assert_int_equal(q.vector, 0x39);
	assert_int_equal(q.dest, 3);
	assert_true(q.level);
	/* a device using the IOAPIC's entry */
	assert_true(irq(DEV_CELL, 0xfee00010ULL | index << 5, 0).blocked);
	assert_no_model_errors();
	stop();
}

static void test_cell_destroy_clears_its_entries(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSIX, 0);
	struct vtd_model_irq q;
	__u64 address;
	__u32 data;

	(void)state;
	start_ok();
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x41, &address, &data);
	assert_false(irq(DEV_CELL, address, data).blocked); /* cached now */
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 0);
	q = irq(DEV_CELL, address, data);
	assert_true(q.blocked);
	assert_int_equal(q.reason, 0x22);
	assert_no_model_errors();
	vtd_shutdown(&v);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_non_coherent_unit_sees_written_back_entries(void **state)
{
	struct vtd_ir_request req = msi_request(VTD_IR_MSIX, 0);
	__u64 address;
	__u32 data;

	(void)state;
	model_cfg.c = 0;
	start_ok();
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x41, &address, &data);
	assert_int_equal(irq(DEV_CELL, address, data).vector, 0x41);
	/* without the write-back the unit reads a not-present entry */
	flush_broken = 1;
	req = msi_request(VTD_IR_MSIX, 1);
	msi_ok(&req, 2, APIC_ICR_DELIVERY_FIXED, 0x42, &address, &data);
	assert_int_equal(irq(DEV_CELL, address, data).reason, 0x22);
	flush_broken = 0;
	assert_no_model_errors();
	stop();
}

static unsigned int map_ok(struct vtd_ir_request *req)
{
	unsigned int index;

	req->apic_id = 2;
	req->vector = 0x40;
	if (vtd_ir_map(&v, req, &index, msg, sizeof(msg)))
		fail_msg("vtd_ir_map: %s", msg);
	return index;
}

/* A source programmed again is searched for only where vtd_ir_map()'s
 * entries lie, which a release narrows again. */
static void test_search_span_follows_the_entries(void **state)
{
	struct vtd_ir_request req, block, other;
	unsigned int first;

	(void)state;
	start_ok();
	assert_int_equal(v.units[0].cells_hi, 0);
	req = msi_request(VTD_IR_MSIX, 1);
	first = map_ok(&req);
	block = msi_request(VTD_IR_MSI, 0);
	block.count = 4;
	assert_int_equal(map_ok(&block), 4); /* aligned to its size */
	assert_int_equal(v.units[0].cells_lo, first);
	assert_int_equal(v.units[0].cells_hi, 8);
	/* programmed again: the same entries */
	assert_int_equal(map_ok(&req), first);
	assert_int_equal(map_ok(&block), 4);
	/* another owner's entry beyond them widens the span */
	other = msi_request(VTD_IR_MSIX, 0);
	other.owner = OWNER + 1;
	assert_int_equal(map_ok(&other), first + 1);
	assert_int_equal(vtd_ir_release_owner(&v, OWNER), 0);
	assert_int_equal(v.units[0].cells_lo, first + 1);
	assert_int_equal(v.units[0].cells_hi, first + 2);
	assert_int_equal(map_ok(&other), first + 1);
	assert_int_equal(vtd_ir_release_owner(&v, OWNER + 1), 0);
	assert_int_equal(v.units[0].cells_lo, v.units[0].irt_entries);
	assert_int_equal(v.units[0].cells_hi, 0);
	assert_no_model_errors();
	stop();
}

/* Fills the table of 2^`order` entries; the next entry is refused. */
static void fill_table(unsigned int order)
{
	unsigned int n, index, entries = 1U << order;
	struct vtd_ir_request req;
	int err = 0;

	sys.header.platform.iommu_ir_order = order;
	start_ok();
	assert_int_equal(model.irta_active & 0xf, order - 1);
	assert_int_equal(v.units[0].irt_entries, entries);
	for (n = 0; n <= entries && !err; n++) {
		req = msi_request(VTD_IR_MSIX, n);
		req.apic_id = 2;
		req.vector = 0x40;
		err = vtd_ir_map(&v, &req, &index, msg, sizeof(msg));
		if (!err && index >= entries)
			fail_msg("entry %u of a table of %u", index, entries);
	}
	assert_int_equal(err, -ENOSPC);
	assert_int_equal(n, entries + 1);
	assert_non_null(strstr(msg, "interrupt remapping table full"));
	assert_non_null(strstr(msg, "iommu_ir_order"));
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), entries);
	/* the last entry works as the first */
	assert_int_equal(irq(DEV_CELL, 0xfee00018ULL | (entries - 1ULL) << 5, 0)
				 .vector,
			 0x40);
	assert_no_model_errors();
	stop();
}

static void test_table_full_refused(void **state)
{
	(void)state;
	fill_table(10);
}

static void test_smallest_table(void **state)
{
	(void)state;
	fill_table(JAILHOUSE_IOMMU_IR_ORDER_MIN);
}

/* Linux's own table size: 1 MiB of entries, 512 KiB of their uses. */
static void test_largest_table(void **state)
{
	(void)state;
	sys.header.platform.iommu_ir_order = JAILHOUSE_IOMMU_IR_ORDER_MAX;
	start_ok();
	assert_int_equal(model.irta_active & 0xf, 15);
	assert_int_equal(v.units[0].irt_entries, 65536);
	assert_int_equal(irq(DEV_OTHER, 0xfee00018ULL | 65535ULL << 5, 0).reason,
			 0x22); /* in the table, not present */
	assert_no_model_errors();
	stop();
}

/* A table that does not fit is refused by name, and nothing stays
 * allocated. */
static void test_table_without_memory_refused(void **state)
{
	void *hog;

	(void)state;
	sys.header.platform.iommu_ir_order = JAILHOUSE_IOMMU_IR_ORDER_MAX;
	hog = page_alloc(&pool, POOL_PAGES - 300);
	assert_non_null(hog);
	vtd_model_init(&model, &model_cfg, &model_memory);
	hw = vtd_model_hw(&model);
	assert_int_equal(vtd_setup(&v, &sys.header, &hw, &env, msg,
				   sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg,
			       "out of hypervisor memory for its "
			       "interrupt remapping table of 2^16 entries"));
	page_free(&pool, hog, POOL_PAGES - 300);
	assert_int_equal(page_pool_used(&pool), 0);
}

/* ---- the hooks: pci-msi.c and ioapic-filter.c with remapping ---- */

#define MSI_CAP 0x50  /* 32-bit, not maskable, 4 messages */
#define MSIX_CAP 0xa0 /* 4 entries */
#define MSIX_TABLE 0xfebf0000ULL

static __u8 cfg_space[256];
static __u32 msix_table[4][4];

static __u32 fake_cfg_read(void *ctx, unsigned int reg, unsigned int size)
{
	__u32 value = 0;

	(void)ctx;
	memcpy(&value, &cfg_space[reg], size);
	return value;
}

static void fake_cfg_write(void *ctx, unsigned int reg, unsigned int size,
			   __u32 value)
{
	(void)ctx;
	if (reg == MSI_CAP + 2 || reg == MSIX_CAP + 2) /* keep MMC, size */
		value = (value & 0xfff1) | (cfg_space[reg] & 0x0e);
	memcpy(&cfg_space[reg], &value, size);
}

static __u32 fake_mmio_read32(void *ctx, __u64 phys)
{
	(void)ctx;
	return msix_table[(phys - MSIX_TABLE) / 16][(phys % 16) / 4];
}

static void fake_mmio_write32(void *ctx, __u64 phys, __u32 value)
{
	(void)ctx;
	msix_table[(phys - MSIX_TABLE) / 16][(phys % 16) / 4] = value;
}

static const struct pci_hw fake_hw = { fake_cfg_read, fake_cfg_write,
				       fake_mmio_read32, fake_mmio_write32,
				       NULL };
static struct vtd_ir_source source;
static const struct pci_msi_remap msi_remap = { vtd_ir_pci_remap, &source };
static struct jailhouse_pci_device pci_dev;
static struct pci_msi_dev shadow;
static struct pci_msix_entry shadow_entries[4];

static struct pci_msi_cpus cell_cpus(void)
{
	return (struct pci_msi_cpus){ .remap = &msi_remap,
				      .cpus = cpus,
				      .num_cpus = 4 };
}

static void device_init(unsigned int iommu)
{
	static const struct jailhouse_pci_capability caps[2] = {
		{ .id = PCI_CAP_ID_MSI, .start = MSI_CAP, .len = 10 },
		{ .id = PCI_CAP_ID_MSIX, .start = MSIX_CAP, .len = 12 },
	};

	memset(cfg_space, 0, sizeof(cfg_space));
	memset(msix_table, 0, sizeof(msix_table));
	cfg_space[MSI_CAP] = PCI_CAP_ID_MSI;
	cfg_space[MSI_CAP + 2] = 2 << 1; /* MMC: 4 messages */
	cfg_space[MSIX_CAP] = PCI_CAP_ID_MSIX;
	cfg_space[MSIX_CAP + 2] = 3; /* table size 4 */
	pci_dev = cell.pci[0];
	pci_dev.iommu = iommu;
	pci_dev.num_caps = 2;
	pci_dev.num_msi_vectors = 4;
	pci_dev.num_msix_vectors = 4;
	pci_dev.msix_address = MSIX_TABLE;
	assert_int_equal(pci_msi_init(&shadow, &pci_dev, caps, shadow_entries),
			 0);
	source = (struct vtd_ir_source){ .v = &v, .owner = OWNER };
}

static int cell_writes_msix(unsigned int n, __u32 address, __u32 data,
			    const char **reason)
{
	struct pci_msi_cpus who = cell_cpus();
	__u64 value[3] = { address, data, 0 }; /* ctrl 0: unmasked */
	unsigned int k;
	int err = 0;

	for (k = 0; k < 3 && !err; k++)
		err = pci_msix_table_access(&shadow, &fake_hw, &who,
					    n * 16 + (k ? 4 + 4 * k : 0), 4, 1,
					    &value[k], reason);
	return err;
}

static void test_msix_write_becomes_validated_entry(void **state)
{
	struct pci_msi_cpus who;
	struct vtd_model_irq q;
	const char *reason;
	__u32 ctrl = 0x8000U << 16 | MSIX_CAP, i;

	(void)state;
	start_ok();
	device_init(0);
	assert_int_equal(cell_writes_msix(2, 0xfee03000, 0x0145, &reason), 0);
	who = cell_cpus();
	assert_int_equal(pci_msi_cfg_access(&shadow, &fake_hw, &who, MSIX_CAP,
					    4, 1, &ctrl, &reason),
			 0);
	/* the device holds the remappable message, unmasked */
	assert_int_equal(msix_table[2][0] & 0xfff00018U, 0xfee00018U);
	assert_int_equal(msix_table[2][2], 0);
	assert_int_equal(msix_table[2][3], 0);
	q = irq(DEV_CELL, msix_table[2][0], msix_table[2][2]);
	assert_false(q.blocked);
	assert_int_equal(q.vector, 0x45);
	assert_int_equal(q.delivery, 1);
	assert_int_equal(q.dest, 3);
	/* the cell still reads what it wrote */
	assert_int_equal(shadow_entries[2].address_lo, 0xfee03000);
	for (i = 0; i < 4; i++)
		if (i != 2)
			assert_int_equal(msix_table[i][3] & 1, 1);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 1);
	assert_no_model_errors();
	stop();
}

static void test_msi_multiple_messages_through_pci_msi(void **state)
{
	struct pci_msi_cpus who;
	const char *reason;
	__u32 value, k;

	(void)state;
	start_ok();
	device_init(0);
	who = cell_cpus();
	value = 0xfee02000;
	assert_int_equal(pci_msi_cfg_access(&shadow, &fake_hw, &who,
					    MSI_CAP + 4, 4, 1, &value, &reason),
			 0);
	value = 0x70;
	assert_int_equal(pci_msi_cfg_access(&shadow, &fake_hw, &who,
					    MSI_CAP + 8, 2, 1, &value, &reason),
			 0);
	value = 0x21; /* enable, 4 messages */
	assert_int_equal(pci_msi_cfg_access(&shadow, &fake_hw, &who,
					    MSI_CAP + 2, 2, 1, &value, &reason),
			 0);
	assert_true(cfg_space[MSI_CAP + 2] & 1);
	for (k = 0; k < 4; k++) {
		struct vtd_model_irq q =
			irq(DEV_CELL, fake_cfg_read(NULL, MSI_CAP + 4, 4),
			    fake_cfg_read(NULL, MSI_CAP + 8, 2) | k);

		assert_false(q.blocked);
		assert_int_equal(q.vector, 0x70 + k);
		assert_int_equal(q.dest, 2);
	}
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 4);
	assert_no_model_errors();
	stop();
}

static void test_msix_refused_by_iommu_stays_masked(void **state)
{
	struct pci_msi_cpus who;
	const char *reason = NULL;
	__u32 ctrl = 0x8000U << 16 | MSIX_CAP;

	(void)state;
	start_ok();
	device_init(3); /* a unit the system config does not declare */
	assert_int_equal(cell_writes_msix(0, 0xfee02000, 0x45, &reason), 0);
	who = cell_cpus();
	assert_int_equal(pci_msi_cfg_access(&shadow, &fake_hw, &who, MSIX_CAP,
					    4, 1, &ctrl, &reason),
			 -EPERM);
	assert_non_null(strstr(reason, "IOMMU refused"));
	assert_non_null(strstr(source.msg, "IOMMU unit 3"));
	assert_int_equal(msix_table[0][3] & 1, 1);	     /* still masked */
	assert_int_equal(cfg_space[MSIX_CAP + 3] & 0x80, 0); /* not enabled */
	assert_no_model_errors();
	stop();
}

static const struct ioapic_rte_remap ioapic_remap = { vtd_ir_ioapic_remap,
						      &source };

/* The cell's entry `rte` for pin 4 of the IOAPIC, through the filter with
 * the remapping hook (after start_ok()). */
static struct ioapic_rte_request cell_pin_request(__u64 rte)
{
	source = (struct vtd_ir_source){ .v = &v,
					 .owner = OWNER,
					 .source = IOAPIC_SID,
					 .pin = 4 };
	return (struct ioapic_rte_request){
		.remap = &ioapic_remap,
		.rte = rte,
		.cpus = cpus,
		.num_cpus = 4,
	};
}

/* The cell's device behind a bridge: its MSI-X entry 0 programmed and
 * the function enabled; the remappable message the device now holds. */
static void alias_device_programmed(__u16 flags, __u16 alias)
{
	struct pci_msi_cpus who;
	const char *reason;
	__u32 ctrl = 0x8000U << 16 | MSIX_CAP;

	start_ok();
	device_init(0);
	pci_dev.flags |= flags;
	pci_dev.dma_alias = alias;
	assert_int_equal(cell_writes_msix(0, 0xfee02000, 0x51, &reason), 0);
	who = cell_cpus();
	assert_int_equal(pci_msi_cfg_access(&shadow, &fake_hw, &who, MSIX_CAP,
					    4, 1, &ctrl, &reason),
			 0);
}

/* Behind a PCIe-to-PCI bridge (alias: its secondary bus, 00.0, on the
 * device's bus): the bridge may forward the message under any devfn of
 * that bus, so the entry verifies the bus (SVT 10); another bus is
 * blocked and recorded. */
static void test_alias_on_own_bus_verifies_the_bus(void **state)
{
	struct vtd_model_irq q;

	(void)state;
	alias_device_programmed(JAILHOUSE_PCI_FLAG_DMA_ALIAS, 0x0000);
	q = irq(0x0000, msix_table[0][0], msix_table[0][2]);
	assert_false(q.blocked);
	assert_int_equal(q.vector, 0x51);
	assert_int_equal(q.dest, 2);
	assert_false(irq(DEV_CELL, msix_table[0][0], msix_table[0][2]).blocked);
	q = irq(0x0118, msix_table[0][0], msix_table[0][2]); /* bus 1 */
	assert_true(q.blocked);
	assert_int_equal(q.reason, 0x26);
	assert_no_model_errors();
	stop();
}

/* Behind a conventional PCI bridge (alias: the bridge, on another bus):
 * the message comes with the bridge's ID, which all 16 bits must match;
 * the device's own ID no longer reaches the entry. */
static void test_alias_on_other_bus_verifies_the_alias(void **state)
{
	struct vtd_model_irq q;

	(void)state;
	alias_device_programmed(JAILHOUSE_PCI_FLAG_DMA_ALIAS, 0x0108);
	q = irq(0x0108, msix_table[0][0], msix_table[0][2]);
	assert_false(q.blocked);
	assert_int_equal(q.vector, 0x51);
	q = irq(DEV_CELL, msix_table[0][0], msix_table[0][2]);
	assert_true(q.blocked);
	assert_int_equal(q.reason, 0x26);
	assert_true(irq(0x0109, msix_table[0][0], msix_table[0][2]).blocked);
	assert_no_model_errors();
	stop();
}

/* Two devices sharing one alias bus keep an entry each (the entry's
 * owner is the device, not the requester ID it is verified with). */
static void test_alias_devices_keep_their_own_entries(void **state)
{
	struct vtd_ir_request a = msi_request(VTD_IR_MSIX, 0);
	struct vtd_ir_request b = msi_request(VTD_IR_MSIX, 0);
	__u64 addr_a, addr_b;
	__u32 data_a, data_b;

	(void)state;
	start_ok();
	pci_dev = cell.pci[0];
	pci_dev.flags |= JAILHOUSE_PCI_FLAG_DMA_ALIAS;
	pci_dev.dma_alias = 0x0000;
	vtd_ir_pci_source(&pci_dev, &a);
	pci_dev.bdf = DEV_OTHER;
	vtd_ir_pci_source(&pci_dev, &b);
	assert_int_equal(a.verify, VTD_IR_VERIFY_BUS);
	msi_ok(&a, 2, 0, 0x61, &addr_a, &data_a);
	msi_ok(&b, 3, 0, 0x62, &addr_b, &data_b);
	assert_true(addr_a != addr_b);
	assert_int_equal(irq(DEV_CELL, addr_a, data_a).vector, 0x61);
	assert_int_equal(irq(DEV_CELL, addr_b, data_b).vector, 0x62);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 2);
	assert_no_model_errors();
	stop();
}

/* A masked entry needs no remapping entry: guests write masked entries
 * with vector 0 while they set up, which the IOMMU would refuse. */
static void test_ioapic_masked_entry_not_remapped(void **state)
{
	struct ioapic_rte_request req;
	struct ioapic_rte_result res;

	(void)state;
	start_ok();
	req = cell_pin_request(IOAPIC_RTE_MASKED | 2ULL << 56);
	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	assert_int_equal(res.verdict, IOAPIC_RTE_WRITE);
	assert_true(res.rte & IOAPIC_RTE_MASKED);
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 0);
	/* unmasked with a good vector: remapped */
	req.rte = 0x44 | 2ULL << 56;
	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	assert_true(res.rte & (1ULL << 48));
	assert_int_equal(vtd_ir_entries_of(&v, 0, OWNER), 1);
	assert_no_model_errors();
	stop();
}

static void test_ioapic_filter_remaps_through_hook(void **state)
{
	struct ioapic_rte_request req;
	struct ioapic_rte_result res;
	struct vtd_model_irq q;
	unsigned int index;

	(void)state;
	start_ok();
	/* fixed, edge, physical CPU 2 */
	req = cell_pin_request(0x33 | 2ULL << 56);
	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	assert_int_equal(res.verdict, IOAPIC_RTE_WRITE);
	assert_true(res.rte & (1ULL << 48));
	index = res.rte >> 49;
	q = irq(IOAPIC_SID, 0xfee00010ULL | index << 5, 0x33);
	assert_false(q.blocked);
	assert_int_equal(q.vector, 0x33);
	assert_int_equal(q.dest, 2);
	/* NMI passes the filter, not the remapping: a violation */
	req.rte = 0x33 | 4ULL << 8 | 2ULL << 56;
	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	assert_int_equal(res.verdict, IOAPIC_RTE_VIOLATION);
	assert_non_null(strstr(res.reason, "IOMMU refused"));
	assert_non_null(strstr(source.msg, "fixed and lowest-priority"));
	/* the pin's entry still says what it said */
	assert_int_equal(irq(IOAPIC_SID, 0xfee00010ULL | index << 5, 0).vector,
			 0x33);
	assert_no_model_errors();
	stop();
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_setup_enables_interrupt_remapping),
		T(test_x2apic_uses_eim),
		T(test_x2apic_without_eim_refused),
		T(test_unit_without_ir_refused),
		T(test_shutdown_turns_remapping_off),
		T(test_msi_arrives_at_programmed_vector_and_cpu),
		T(test_msi_multiple_messages_use_consecutive_entries),
		T(test_wrong_source_blocked_and_recorded),
		T(test_unmapped_index_blocked_and_recorded),
		T(test_compat_format_blocked),
		T(test_refusals_change_nothing),
		T(test_reprogramming_updates_entry_in_place),
		T(test_without_iec_invalidation_old_entry_stays),
		T(test_ioapic_entry_remapped),
		T(test_cell_destroy_clears_its_entries),
		T(test_non_coherent_unit_sees_written_back_entries),
		T(test_table_full_refused),
		T(test_search_span_follows_the_entries),
		T(test_smallest_table),
		T(test_largest_table),
		T(test_table_without_memory_refused),
		T(test_msix_write_becomes_validated_entry),
		T(test_msi_multiple_messages_through_pci_msi),
		T(test_msix_refused_by_iommu_stays_masked),
		T(test_ioapic_filter_remaps_through_hook),
		T(test_alias_on_own_bus_verifies_the_bus),
		T(test_alias_on_other_bus_verifies_the_alias),
		T(test_alias_devices_keep_their_own_entries),
		T(test_ioapic_masked_entry_not_remapped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
