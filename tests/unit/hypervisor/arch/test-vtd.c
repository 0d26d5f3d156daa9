// SPDX-License-Identifier: GPL-2.0
/*
 * arch/vtd-*.c against the register-level model of a VT-d unit
 * (../vtd-model.c): two units of segment 0, a root cell with four PCI
 * devices (00:02.0 and 00:03.0 on unit 0, 01:00.0 on unit 1, a bridge
 * 00:1e.0 on unit 0) and a cell that takes 00:03.0 and 01:00.0 with RAM
 * carved out of a root DMA region, mapped at another guest-physical
 * address.  Every DMA here goes through vtd_model_translate(), which
 * walks the tables the code wrote and keeps what it cached until the
 * code invalidates it.
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

#define POOL_PAGES 2048
#define HV_BASE 0x3a000000ULL
#define HV_SIZE 0x600000ULL
#define CELL_RAM 0x30000000ULL /* taken from the root's second region */
#define CELL_RAM_SIZE 0x1000000ULL
#define CELL_IO 0x31000000ULL /* cell region without DMA */

#define DEV_ROOT 0x0010	    /* 00:02.0, stays with the root */
#define DEV_CELL 0x0018	    /* 00:03.0, unit 0, goes to the cell */
#define DEV_CELL_B 0x0100   /* 01:00.0, unit 1, goes to the cell */
#define DEV_BRIDGE 0x00f0   /* 00:1e.0 */
#define DEV_UNLISTED 0x0028 /* 00:05.0: in no config */

struct sys_config {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[3];
	struct jailhouse_pci_device pci[4];
	struct jailhouse_rmrr rmrrs[1]; /* behind num_rmrrs = 0 by default */
} JH_PACKED;

struct cell_config {
	struct jailhouse_cell_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[3];
	struct jailhouse_pci_device pci[3];
} JH_PACKED;

static struct sys_config sys;
static struct cell_config cell;

static struct page_pool pool;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static void *pool_memory;

static struct vtd_model_memory model_memory;
static struct vtd_model models[2];
static struct vtd_model_config model_cfg[2];
static struct vtd_hw hw[2];
static unsigned long flushes;
static int flush_broken; /* the test's way to lose every CLFLUSH */
static struct vtd v;
static char msg[300];

/* ---- the model behind vtd_env (vtd_hw: vtd-model-hw.h) ---- */

static void env_flush(const void *virt, unsigned long size)
{
	flushes++;
	if (!flush_broken)
		vtd_model_flush(&model_memory, virt, size);
}

static const struct vtd_env env = {
	.pool = &pool,
	.memory = &paging_identity_memory,
	.flush = env_flush,
};

/* ---- configs ---- */

static void fill_configs(void)
{
	struct jailhouse_system_desc *h = &sys.header;
	struct jailhouse_pci_device dev = {
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
	};

	memset(&sys, 0, sizeof(sys));
	memcpy(h->signature, JAILHOUSE_SYSTEM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	h->hypervisor_memory.phys_start = HV_BASE;
	h->hypervisor_memory.size = HV_SIZE;
	h->platform.num_iommu_units = 2;
	h->platform.iommu_ir_order = 10;
	h->platform.iommu_units[0].base = 0xfed90000;
	h->platform.iommu_units[0].size = 0x1000;
	h->platform.iommu_units[1].base = 0xfed91000;
	h->platform.iommu_units[1].size = 0x1000;
	strcpy(h->root_cell.name, "root");
	h->root_cell.cpu_set_size = 8;
	h->root_cell.num_memory_regions = 3;
	h->root_cell.num_pci_devices = 4;
	sys.mem[0] = (struct jailhouse_memory){
		0x0, 0x0, 0xa0000, JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA
	};
	sys.mem[1] = (struct jailhouse_memory){ 0x100000, 0x100000,
						HV_BASE - 0x100000,
						JAILHOUSE_MEM_RWX |
							JAILHOUSE_MEM_DMA };
	/* behind the hypervisor memory: the root's, but not for DMA */
	sys.mem[2] = (struct jailhouse_memory){ HV_BASE + HV_SIZE,
						HV_BASE + HV_SIZE, 0x1000000,
						JAILHOUSE_MEM_RW };
	dev.bdf = DEV_ROOT;
	sys.pci[0] = dev;
	dev.bdf = DEV_CELL;
	sys.pci[1] = dev;
	dev.bdf = DEV_CELL_B;
	dev.iommu = 1;
	sys.pci[2] = dev;
	dev.bdf = DEV_BRIDGE;
	dev.iommu = 0;
	dev.type = JAILHOUSE_PCI_TYPE_BRIDGE;
	sys.pci[3] = dev;

	memset(&cell, 0, sizeof(cell));
	memcpy(cell.header.signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	strcpy(cell.header.name, "dma-cell");
	cell.header.cpu_set_size = 8;
	cell.header.num_memory_regions = 3;
	cell.header.num_pci_devices = 3;
	/* RAM at guest-physical 0: DMA there must land at CELL_RAM */
	cell.mem[0] = (struct jailhouse_memory){ CELL_RAM, 0x0, CELL_RAM_SIZE,
						 JAILHOUSE_MEM_RWX |
							 JAILHOUSE_MEM_DMA };
	/* read-only for devices */
	cell.mem[1] = (struct jailhouse_memory){ CELL_IO, 0x1000000, 0x200000,
						 JAILHOUSE_MEM_READ |
							 JAILHOUSE_MEM_DMA };
	cell.mem[2] = (struct jailhouse_memory){
		0, 0x2000000, 0x1000,
		JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_DMA
	};
	dev = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
		.bdf = DEV_CELL,
	};
	cell.pci[0] = dev;
	dev.bdf = DEV_CELL_B;
	dev.iommu = 1;
	cell.pci[1] = dev;
	cell.pci[2] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
		.bdf = 0x0800
	};
}

/* ---- fixture ---- */

static void start_models(void)
{
	unsigned int n;

	for (n = 0; n < 2; n++) {
		vtd_model_init(&models[n], &model_cfg[n], &model_memory);
		hw[n] = vtd_model_hw(&models[n]);
	}
}

static int setup(void **state)
{
	(void)state;
	pool_memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	page_pool_init(&pool, pool_memory, POOL_PAGES, pool_bitmap);
	vtd_model_memory_init(&model_memory);
	model_cfg[0] = model_cfg[1] = vtd_model_default_config();
	flushes = 0;
	flush_broken = 0;
	fill_configs();
	start_models();
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

static void assert_no_model_errors(void)
{
	if (models[0].errors || models[1].errors)
		fail_msg("the model saw what the spec forbids: %s / %s",
			 models[0].error, models[1].error);
}

/* A DMA of `bdf` (its unit from the config) and where it went. */
static struct vtd_model_result dma(unsigned int unit, __u16 bdf, __u64 addr,
				   int is_write)
{
	return vtd_model_translate(&models[unit], bdf, addr, is_write);
}

static void assert_lands(unsigned int unit, __u16 bdf, __u64 addr, int is_write,
			 __u64 phys)
{
	struct vtd_model_result r = dma(unit, bdf, addr, is_write);

	if (r.blocked)
		fail_msg("DMA %s of %04x to 0x%llx blocked (reason 0x%x)",
			 is_write ? "write" : "read", bdf,
			 (unsigned long long)addr, r.reason);
	assert_int_equal(r.phys, phys);
}

static void assert_blocked(unsigned int unit, __u16 bdf, __u64 addr,
			   int is_write, unsigned int reason)
{
	struct vtd_model_result r = dma(unit, bdf, addr, is_write);

	if (!r.blocked)
		fail_msg("DMA %s of %04x to 0x%llx went to 0x%llx",
			 is_write ? "write" : "read", bdf,
			 (unsigned long long)addr, (unsigned long long)r.phys);
	assert_int_equal(r.reason, reason);
}

static void setup_ok(void)
{
	int err = vtd_setup(&v, &sys.header, hw, &env, msg, sizeof(msg));

	if (err)
		fail_msg("vtd_setup: %d: %s", err, msg);
}

static void create_ok(void)
{
	int err = vtd_cell_create(&v, 1, &cell.header, msg, sizeof(msg));

	if (err)
		fail_msg("vtd_cell_create: %d: %s", err, msg);
}

/* Pages the pool holds besides the units' and root's own at setup. */
static unsigned long pool_used(void)
{
	return page_pool_used(&pool);
}

/* ---- setup: every table written ---- */

static void test_setup_enables_both_units(void **state)
{
	unsigned int n;

	(void)state;
	setup_ok();
	for (n = 0; n < 2; n++) {
		__u32 gsts = vtd_model_read32(&models[n], 0x1c);

		assert_true(gsts & (1U << 31)); /* TES */
		assert_true(gsts & (1U << 30)); /* RTPS */
		assert_true(gsts & (1U << 26)); /* QIES */
		assert_int_equal(models[n].srtp_count, 1);
		/* global context + IOTLB + IEC (ECAP.IR), then a wait */
		assert_true(models[n].desc_context >= 1);
		assert_true(models[n].desc_iotlb >= 1);
		assert_int_equal(models[n].desc_iec, 1);
		assert_true(models[n].desc_wait >= 1);
		/* the fault event interrupt is masked: faults are polled */
		assert_true(vtd_model_read32(&models[n], 0x38) & (1U << 31));
	}
	assert_no_model_errors();
	vtd_shutdown(&v);
}

static void test_root_devices_in_root_domain(void **state)
{
	(void)state;
	setup_ok();
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_ROOT), 1);
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL), 1);
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_BRIDGE), 1);
	assert_int_equal(vtd_context_domain(&v.units[1], DEV_CELL_B), 1);
	/* each device only on its own unit */
	assert_int_equal(vtd_context_domain(&v.units[1], DEV_ROOT), 0);
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL_B), 0);

	assert_lands(0, DEV_ROOT, 0x1000, 0, 0x1000);
	assert_lands(0, DEV_ROOT, 0x12345678, 1, 0x12345678);
	assert_lands(0, DEV_BRIDGE, 0x9f000, 1, 0x9f000);
	assert_lands(1, DEV_CELL_B, HV_BASE - 8, 1, HV_BASE - 8);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

static void test_root_domain_excludes_hypervisor_and_non_dma(void **state)
{
	(void)state;
	setup_ok();
	/* hypervisor memory: in no domain */
	assert_blocked(0, DEV_ROOT, HV_BASE, 1, 0x5);
	assert_blocked(0, DEV_ROOT, HV_BASE + HV_SIZE - 8, 0, 0x6);
	/* a root region without JAILHOUSE_MEM_DMA */
	assert_blocked(0, DEV_ROOT, HV_BASE + HV_SIZE, 0, 0x6);
	/* the hole between the first two regions */
	assert_blocked(0, DEV_ROOT, 0xa0000, 0, 0x6);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

static void assert_setup_refused(const char *sentence);

/* An RMRR in a root region without DMA and one in the hole below 1 MiB:
 * the root's domain maps both 1:1, read and write; a cell's does not. */
static void test_rmrrs_mapped_for_the_root_only(void **state)
{
	(void)state;
	sys.header.num_rmrrs = 1;
	sys.rmrrs[0] = (struct jailhouse_rmrr){ .base = HV_BASE + HV_SIZE,
						.size = 0x20000 };
	setup_ok();
	assert_lands(0, DEV_ROOT, HV_BASE + HV_SIZE, 1, HV_BASE + HV_SIZE);
	assert_lands(0, DEV_ROOT, HV_BASE + HV_SIZE + 0x1fff8, 0,
		     HV_BASE + HV_SIZE + 0x1fff8);
	assert_lands(1, DEV_CELL_B, HV_BASE + HV_SIZE + 0x10000, 1,
		     HV_BASE + HV_SIZE + 0x10000);
	/* only the RMRR: the rest of that root region stays unmapped */
	assert_blocked(0, DEV_ROOT, HV_BASE + HV_SIZE + 0x20000, 0, 0x6);
	create_ok();
	assert_blocked(0, DEV_CELL, HV_BASE + HV_SIZE, 1, 0x5);
	assert_lands(0, DEV_ROOT, HV_BASE + HV_SIZE, 1, HV_BASE + HV_SIZE);
	vtd_cell_destroy(&v, 1, &cell.header);
	assert_lands(0, DEV_CELL, HV_BASE + HV_SIZE, 1, HV_BASE + HV_SIZE);
	assert_no_model_errors();
	vtd_shutdown(&v);

	/* a unit whose MGAW does not reach the RMRR is refused */
	model_cfg[1].mgaw = 32;
	start_models();
	sys.rmrrs[0].base = 1ULL << 32;
	assert_setup_refused("IOMMU unit 1 at 0xfed91000: translates 32 "
			     "address bits (CAP.MGAW), but a domain maps up to "
			     "0x10001ffff");
}

static void test_unlisted_device_blocked_and_recorded(void **state)
{
	struct vtd_fault f[4];

	(void)state;
	setup_ok();
	/* bus 0 has a context table, 00:05.0 no entry in it */
	assert_blocked(0, DEV_UNLISTED, 0x4000, 1, 0x2);
	/* bus 2 has no context table at all */
	assert_blocked(0, 0x0200, 0x5000, 0, 0x1);
	assert_int_equal(vtd_fault_read(&v.units[0], f, 4), 2);
	assert_int_equal(f[0].source_id, DEV_UNLISTED);
	assert_int_equal(f[0].address, 0x4000);
	assert_true(f[0].is_write);
	assert_int_equal(f[0].reason, 0x2);
	assert_int_equal(f[1].source_id, 0x0200);
	assert_int_equal(f[1].address, 0x5000);
	assert_false(f[1].is_write);
	assert_int_equal(f[1].reason, 0x1);
	/* read and cleared */
	assert_int_equal(vtd_fault_read(&v.units[0], f, 4), 0);
	assert_int_equal(vtd_model_read32(&models[0], 0x34) & 2, 0);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

/* ---- cells ---- */

static void test_cell_dma_lands_where_mapped(void **state)
{
	(void)state;
	setup_ok();
	create_ok();
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL), 2);
	assert_int_equal(vtd_context_domain(&v.units[1], DEV_CELL_B), 2);
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_ROOT), 1);
	/* guest-physical 0x1234 of the cell is CELL_RAM + 0x1234 */
	assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x1234);
	assert_lands(1, DEV_CELL_B, CELL_RAM_SIZE - 4, 0,
		     CELL_RAM + CELL_RAM_SIZE - 4);
	/* the read-only region: reads land, writes are refused */
	assert_lands(0, DEV_CELL, 0x1000010, 0, CELL_IO + 0x10);
	assert_blocked(0, DEV_CELL, 0x1000010, 1, 0x5);
	assert_no_model_errors();
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_cell_dma_outside_blocked_and_recorded(void **state)
{
	struct vtd_fault f[4];

	(void)state;
	setup_ok();
	create_ok();
	/* the root's memory at its address, the hypervisor's, the comm
	 * region's guest-physical page (hypervisor memory): all outside */
	assert_blocked(0, DEV_CELL, 0x12345000, 1, 0x5);
	assert_blocked(1, DEV_CELL_B, HV_BASE, 0, 0x6);
	assert_blocked(0, DEV_CELL, 0x2000000, 1, 0x5);
	assert_int_equal(vtd_fault_read(&v.units[0], f, 4), 2);
	assert_int_equal(f[0].source_id, DEV_CELL);
	assert_int_equal(f[0].address, 0x12345000);
	assert_true(f[0].is_write);
	assert_int_equal(f[1].address, 0x2000000);
	assert_int_equal(vtd_fault_read(&v.units[1], f, 4), 1);
	assert_int_equal(f[0].source_id, DEV_CELL_B);
	assert_int_equal(f[0].address, HV_BASE);
	assert_false(f[0].is_write);
	assert_int_equal(f[0].reason, 0x6);
	assert_no_model_errors();
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_root_loses_cell_memory_before_start(void **state)
{
	(void)state;
	/* no devices: no device move invalidates the root's domain on the
	 * side; only the root domain's own invalidation can */
	cell.header.num_pci_devices = 0;
	setup_ok();
	/* the root's device has the page in its IOTLB before create */
	assert_lands(0, DEV_ROOT, CELL_RAM, 1, CELL_RAM);
	assert_lands(1, DEV_CELL_B, CELL_RAM + 0x800000, 1,
		     CELL_RAM + 0x800000);
	create_ok();
	assert_blocked(0, DEV_ROOT, CELL_RAM, 1, 0x5);
	assert_blocked(1, DEV_CELL_B, CELL_RAM + 0x800000, 1, 0x5);
	assert_blocked(0, DEV_BRIDGE, CELL_RAM + CELL_RAM_SIZE - 4096, 0, 0x6);
	/* the rest of the root's region is still there */
	assert_lands(0, DEV_ROOT, CELL_RAM - 4096, 1, CELL_RAM - 4096);
	assert_blocked(0, DEV_ROOT, CELL_IO, 1, 0x5);
	assert_lands(0, DEV_ROOT, CELL_IO + 0x200000, 1, CELL_IO + 0x200000);
	assert_no_model_errors();
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_destroy_gives_everything_back(void **state)
{
	unsigned long before;

	(void)state;
	setup_ok();
	before = pool_used();
	create_ok();
	assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x1234);
	assert_blocked(0, DEV_ROOT, CELL_RAM, 0, 0x6);
	vtd_cell_destroy(&v, 1, &cell.header);
	/* the devices are the root's again, 1:1 */
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL), 1);
	assert_int_equal(vtd_context_domain(&v.units[1], DEV_CELL_B), 1);
	assert_lands(0, DEV_CELL, 0x1234, 1, 0x1234);
	assert_lands(0, DEV_ROOT, CELL_RAM, 0, CELL_RAM);
	assert_lands(1, DEV_CELL_B, CELL_RAM + 8, 1, CELL_RAM + 8);
	assert_int_equal(pool_used(), before);
	assert_no_model_errors();
	vtd_shutdown(&v);
	assert_int_equal(pool_used(), 0);
}

static void test_domain_id_reused_without_stale_translations(void **state)
{
	(void)state;
	setup_ok();
	create_ok();
	assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x1234);
	vtd_cell_destroy(&v, 1, &cell.header);
	/* the next cell with the same id (domain ID 2) has its RAM
	 * elsewhere: nothing the units cached of the first may remain */
	cell.mem[0].phys_start = CELL_RAM + 0x4000000;
	create_ok();
	assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x4001234);
	assert_no_model_errors();
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_create_out_of_memory_changes_nothing(void **state)
{
	unsigned long before, n = 0;
	void *held[POOL_PAGES];

	(void)state;
	setup_ok();
	assert_lands(0, DEV_ROOT, CELL_RAM, 1, CELL_RAM);
	before = pool_used();
	/* leave two pages: the cell's domain needs more */
	while (page_pool_size(&pool) - page_pool_used(&pool) > 2)
		held[n++] = page_alloc(&pool, 1);
	assert_int_equal(vtd_cell_create(&v, 1, &cell.header, msg, sizeof(msg)),
			 -ENOMEM);
	assert_string_equal(
		msg,
		"cell \"dma-cell\": out of hypervisor memory for its DMA tables");
	while (n)
		page_free(&pool, held[--n], 1);
	assert_int_equal(pool_used(), before);
	assert_int_equal(v.domains[1].id, 0);
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL), 1);
	assert_lands(0, DEV_ROOT, CELL_RAM, 1, CELL_RAM);
	assert_lands(0, DEV_CELL, 0x1234, 1, 0x1234);
	/* and it works once there is memory */
	create_ok();
	assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x1234);
	assert_no_model_errors();
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_create_destroy_cycles_wrap_the_queue(void **state)
{
	unsigned int n;

	(void)state;
	setup_ok();
	for (n = 0; n < 60; n++) {
		create_ok();
		assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x1234);
		assert_blocked(0, DEV_ROOT, CELL_RAM, 0, 0x6);
		vtd_cell_destroy(&v, 1, &cell.header);
		assert_lands(0, DEV_CELL, 0x1234, 1, 0x1234);
		assert_lands(0, DEV_ROOT, CELL_RAM, 0, CELL_RAM);
	}
	/* more descriptors than the queue has slots went through it */
	assert_true(models[0].desc_wait + models[0].desc_iotlb +
			    models[0].desc_context >
		    2 * 256);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

/* ---- invalidations: the model keeps what is not invalidated ---- */

static void test_without_iotlb_invalidation_root_keeps_cell_page(void **state)
{
	(void)state;
	setup_ok();
	cell.header.num_pci_devices = 0;
	assert_lands(0, DEV_ROOT, CELL_RAM, 1, CELL_RAM);
	/* as if the code queued no IOTLB invalidation */
	models[0].drop_type = 2;
	create_ok();
	/* the stale translation: exactly what test_root_loses_cell_memory_
	 * before_start shows the code prevents */
	assert_lands(0, DEV_ROOT, CELL_RAM, 1, CELL_RAM);
	models[0].drop_type = 0;
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_without_context_invalidation_device_stays(void **state)
{
	(void)state;
	setup_ok();
	assert_lands(0, DEV_CELL, 0x1234, 1, 0x1234); /* context cached */
	models[0].drop_type = 1;
	create_ok();
	/* still the root's domain: the move needs the context
	 * invalidation that test_cell_dma_lands_where_mapped relies on */
	assert_lands(0, DEV_CELL, 0x1234, 1, 0x1234);
	models[0].drop_type = 0;
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

static void test_without_wait_descriptor_status_nothing_counts(void **state)
{
	int err;

	(void)state;
	setup_ok();
	/* a unit that never writes the wait status: the code must not
	 * take its invalidations as done */
	models[0].drop_type = 5;
	err = vtd_cell_create(&v, 1, &cell.header, msg, sizeof(msg));
	assert_int_equal(err, -EIO);
	assert_non_null(strstr(msg, "did not answer"));
	models[0].drop_type = 0;
	/* nothing of the cell stays: its devices are the root's */
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL), 1);
	assert_int_equal(vtd_context_domain(&v.units[1], DEV_CELL_B), 1);
	assert_lands(0, DEV_ROOT, CELL_RAM, 0, CELL_RAM);
	assert_int_equal(v.domains[1].id, 0);
	vtd_shutdown(&v);
}

/* ---- caching mode and coherency ---- */

static void test_caching_mode_invalidates_under_domain_0(void **state)
{
	(void)state;
	model_cfg[0].cm = model_cfg[1].cm = 1;
	start_models();
	setup_ok();
	/* a device in no domain: the unit caches the not-present entry */
	assert_blocked(0, DEV_UNLISTED, 0x1000, 0, 0x2);
	assert_int_equal(vtd_context_set(&v.units[0], DEV_UNLISTED,
					 &v.domains[0]),
			 0);
	assert_true(models[0].ctx_inv_did0_device >= 1);
	assert_lands(0, DEV_UNLISTED, 0x1000, 0, 0x1000);
	assert_int_equal(vtd_context_set(&v.units[0], DEV_UNLISTED, NULL), 0);
	assert_blocked(0, DEV_UNLISTED, 0x1000, 0, 0x2);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

static void
test_caching_mode_without_did0_invalidation_stays_blocked(void **state)
{
	(void)state;
	model_cfg[0].cm = 1;
	start_models();
	setup_ok();
	assert_blocked(0, DEV_UNLISTED, 0x1000, 0, 0x2);
	models[0].drop_type = 1;
	assert_int_equal(vtd_context_set(&v.units[0], DEV_UNLISTED,
					 &v.domains[0]),
			 0);
	/* the cached not-present entry is what the device still gets */
	assert_blocked(0, DEV_UNLISTED, 0x1000, 0, 0x2);
	models[0].drop_type = 0;
	vtd_shutdown(&v);
}

static void test_caching_mode_root_gets_memory_back(void **state)
{
	(void)state;
	model_cfg[0].cm = model_cfg[1].cm = 1;
	start_models();
	setup_ok();
	create_ok();
	/* cached as not present in caching mode */
	assert_blocked(0, DEV_ROOT, CELL_RAM, 0, 0x6);
	vtd_cell_destroy(&v, 1, &cell.header);
	assert_lands(0, DEV_ROOT, CELL_RAM, 0, CELL_RAM);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

static void test_noncoherent_units_get_tables_written_back(void **state)
{
	(void)state;
	model_cfg[0].c = model_cfg[1].c = 0;
	start_models();
	setup_ok();
	assert_true(flushes > 0);
	assert_lands(0, DEV_ROOT, 0x1000, 0, 0x1000);
	create_ok();
	assert_lands(0, DEV_CELL, 0x1234, 1, CELL_RAM + 0x1234);
	assert_blocked(0, DEV_ROOT, CELL_RAM, 0, 0x6);
	vtd_cell_destroy(&v, 1, &cell.header);
	assert_lands(0, DEV_CELL, 0x1234, 1, 0x1234);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

static void test_noncoherent_unit_without_flush_sees_nothing(void **state)
{
	(void)state;
	model_cfg[0].c = 0;
	start_models();
	flush_broken = 1;
	setup_ok();
	/* the unit reads memory, not the CPU's cache: no root entry */
	assert_blocked(0, DEV_ROOT, 0x1000, 0, 0x1);
	vtd_shutdown(&v);
}

static void test_coherent_units_need_no_flush(void **state)
{
	(void)state;
	setup_ok();
	create_ok();
	assert_int_equal(flushes, 0);
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
}

/* ---- refusals ---- */

static void assert_setup_refused(const char *sentence)
{
	int err = vtd_setup(&v, &sys.header, hw, &env, msg, sizeof(msg));

	assert_int_equal(err, -EINVAL);
	if (!strstr(msg, sentence))
		fail_msg("expected \"%s\" in \"%s\"", sentence, msg);
	/* nothing stays */
	assert_int_equal(pool_used(), 0);
	assert_int_equal(vtd_model_read32(&models[0], 0x1c) & (1U << 31), 0);
	assert_int_equal(vtd_model_read32(&models[1], 0x1c) & (1U << 31), 0);
}

static void test_sagaw_without_4_levels_refused(void **state)
{
	(void)state;
	model_cfg[1].sagaw = 0x2; /* 39-bit only */
	start_models();
	assert_setup_refused(
		"IOMMU unit 1 at 0xfed91000: no 4-level second-level tables (CAP.SAGAW");
}

static void test_mgaw_too_small_refused(void **state)
{
	(void)state;
	model_cfg[0].mgaw = 29; /* 512 MiB; the root maps up to ~930 MiB */
	start_models();
	assert_setup_refused(
		"IOMMU unit 0 at 0xfed90000: translates 29 address bits (CAP.MGAW), but a domain maps up to 0x39ffffff");
}

static void test_cell_beyond_mgaw_refused(void **state)
{
	unsigned long before;

	(void)state;
	model_cfg[1].mgaw = 32;
	start_models();
	setup_ok();
	before = pool_used();
	cell.mem[1].virt_start = 0x100000000ULL;
	assert_int_equal(vtd_cell_check(&v, &cell.header, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(
		msg,
		"IOMMU unit 1 at 0xfed91000: translates 32 address bits (CAP.MGAW), but a domain maps up to 0x1001fffff"));
	assert_int_equal(vtd_cell_create(&v, 1, &cell.header, msg, sizeof(msg)),
			 -EINVAL);
	assert_int_equal(pool_used(), before);
	assert_int_equal(vtd_context_domain(&v.units[0], DEV_CELL), 1);
	vtd_shutdown(&v);
}

static void test_undeclared_unit_refused(void **state)
{
	(void)state;
	sys.pci[1].iommu = 2;
	assert_setup_refused(
		"system config: PCI device 0000:00:03.0 names IOMMU unit 2, which the system config does not declare");
	teardown(state);
	setup(state);
	cell.pci[1].iommu = 3;
	setup_ok();
	assert_int_equal(vtd_cell_create(&v, 1, &cell.header, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(
		msg,
		"cell \"dma-cell\": PCI device 0000:01:00.0 names IOMMU unit 3, which the system config does not declare");
	vtd_shutdown(&v);
}

static void test_unit_in_use_refused(void **state)
{
	int err;

	(void)state;
	/* Linux (or the firmware) left unit 1 translating */
	vtd_model_write64(&models[1], 0x20, 0x1000);
	vtd_model_write32(&models[1], 0x18, 1U << 30);
	vtd_model_write32(&models[1], 0x18, 1U << 31);
	err = vtd_setup(&v, &sys.header, hw, &env, msg, sizeof(msg));
	assert_int_equal(err, -EINVAL);
	assert_non_null(
		strstr(msg, "IOMMU unit 1 at 0xfed91000: already in use"));
	/* left as it was, unit 0 untouched */
	assert_int_equal(pool_used(), 0);
	assert_true(vtd_model_read32(&models[1], 0x1c) & (1U << 31));
	assert_int_equal(models[1].srtp_count, 1);
	assert_int_equal(vtd_model_read32(&models[0], 0x1c), 0);
	assert_no_model_errors();
}

static void test_unit_without_qi_refused(void **state)
{
	(void)state;
	model_cfg[0].qi = 0;
	start_models();
	assert_setup_refused(
		"IOMMU unit 0 at 0xfed90000: no queued invalidation (ECAP.QI)");
}

static void test_absent_unit_refused(void **state)
{
	(void)state;
	models[0].cap = ~0ULL;
	models[0].ecap = ~0ULL;
	assert_setup_refused(
		"IOMMU unit 0 at 0xfed90000: no VT-d unit answers there");
}

static void test_shutdown_turns_translation_off(void **state)
{
	(void)state;
	setup_ok();
	create_ok();
	vtd_cell_destroy(&v, 1, &cell.header);
	vtd_shutdown(&v);
	assert_int_equal(vtd_model_read32(&models[0], 0x1c) &
				 ((1U << 31) | (1U << 26)),
			 0);
	assert_int_equal(vtd_model_read32(&models[1], 0x1c) &
				 ((1U << 31) | (1U << 26)),
			 0);
	/* untranslated again: Linux's view after disable */
	assert_lands(0, DEV_UNLISTED, HV_BASE, 1, HV_BASE);
	assert_int_equal(pool_used(), 0);
	assert_no_model_errors();
}

/* ---- disable: the units handed back as found ---- */

#define REG_GSTS 0x1c
#define GSTS_TE (1U << 31)
#define GSTS_RTPS (1U << 30)
#define GSTS_QIES (1U << 26)
#define GSTS_IRES (1U << 25)
#define GSTS_IRTPS (1U << 24)

/* The registers Linux's driver reads, as found and as handed back. */
struct unit_regs {
	__u32 gsts, fsts, fectl, ics;
	__u64 rtaddr, iqh, iqt, iqa, irta;
};

static struct unit_regs read_regs(struct vtd_model *m)
{
	return (struct unit_regs){
		.gsts = vtd_model_read32(m, REG_GSTS),
		.fsts = vtd_model_read32(m, 0x34),
		.fectl = vtd_model_read32(m, 0x38),
		.ics = vtd_model_read32(m, 0x9c),
		.rtaddr = vtd_model_read64(m, 0x20),
		.iqh = vtd_model_read64(m, 0x80),
		.iqt = vtd_model_read64(m, 0x88),
		.iqa = vtd_model_read64(m, 0x90),
		.irta = vtd_model_read64(m, 0xb8),
	};
}

/* What Linux left (values of its own, unlike what enable writes: FECTL
 * with the interrupt unmasked, a queue tail not 0). */
static struct unit_regs found[2];

static void linux_left_units(void)
{
	unsigned int n;

	for (n = 0; n < 2; n++) {
		vtd_model_write64(&models[n], 0x20, 0x7f000000ULL + n * 0x1000);
		vtd_model_write64(&models[n], 0xb8, 0x7e000007ULL + n * 0x1000);
		vtd_model_write64(&models[n], 0x90, 0x7d000000ULL + n * 0x1000);
		vtd_model_write64(&models[n], 0x88, 0x20);
		vtd_model_write32(&models[n], 0x38, 0);
		found[n] = read_regs(&models[n]);
	}
}

/* Every register as found; of GSTS only the one-shot "pointer latched"
 * bits may differ (software cannot clear them), and the latched root
 * and interrupt table pointers are Linux's again. */
static void assert_as_found(unsigned int n)
{
	struct unit_regs now = read_regs(&models[n]);
	__u32 latched = GSTS_RTPS | GSTS_IRTPS;

	assert_int_equal(now.gsts & ~latched, found[n].gsts & ~latched);
	assert_int_equal(now.fsts, found[n].fsts);
	assert_int_equal(now.fectl, found[n].fectl);
	assert_int_equal(now.ics, found[n].ics);
	assert_int_equal(now.rtaddr, found[n].rtaddr);
	assert_int_equal(now.iqh, found[n].iqh);
	assert_int_equal(now.iqt, found[n].iqt);
	assert_int_equal(now.iqa, found[n].iqa);
	assert_int_equal(now.irta, found[n].irta);
	assert_int_equal(models[n].rtaddr_active, found[n].rtaddr);
	assert_int_equal(models[n].irta_active, found[n].irta);
}

static void ignore_fault(const struct vtd_fault *f, void *ctx)
{
	(void)f;
	(void)ctx;
}

static void disable_ok(void)
{
	int err = vtd_disable(&v, msg, sizeof(msg));

	if (err)
		fail_msg("vtd_disable: %d: %s", err, msg);
}

static void test_disable_restores_every_register(void **state)
{
	(void)state;
	linux_left_units();
	setup_ok();
	/* enable changed them: the test would pass on no change */
	assert_int_not_equal(vtd_model_read64(&models[0], 0x20),
			     found[0].rtaddr);
	assert_int_not_equal(vtd_model_read32(&models[0], 0x38),
			     found[0].fectl);
	disable_ok();
	assert_as_found(0);
	assert_as_found(1);
	assert_int_equal(pool_used(), 0);
	assert_int_equal(v.num_units, 0);
	/* untranslated: what Linux sees */
	assert_lands(0, DEV_UNLISTED, HV_BASE, 1, HV_BASE);
	assert_no_model_errors();
}

static void test_disable_after_cell_with_devices(void **state)
{
	unsigned int n;

	(void)state;
	linux_left_units();
	setup_ok();
	create_ok();
	assert_blocked(0, DEV_CELL, 0x12345000, 1, 0x5);
	vtd_cell_destroy(&v, 1, &cell.header);
	/* the disable hook reports pending faults first (arch/vtd.c) */
	for (n = 0; n < 2; n++)
		vtd_fault_event(&v.units[n], 0, ignore_fault, NULL);
	disable_ok();
	assert_as_found(0);
	assert_as_found(1);
	assert_int_equal(pool_used(), 0);
	assert_lands(0, DEV_CELL, CELL_RAM, 1, CELL_RAM);
	assert_no_model_errors();
}

static void test_disable_unit_never_acknowledging(void **state)
{
	(void)state;
	linux_left_units();
	setup_ok();
	models[0].stuck = GSTS_TE;
	/* bounded: the model's wait expires after 100 polls */
	assert_int_equal(vtd_disable(&v, msg, sizeof(msg)), -EIO);
	assert_non_null(strstr(msg, "IOMMU unit 0"));
	assert_non_null(strstr(msg, "DMA translation (TE)"));
	assert_non_null(strstr(msg, "stays enabled"));
	/* unit 1 went first (reverse order) and is back as found */
	assert_as_found(1);
	/* unit 0 still translates with the tables, which stay */
	assert_true(vtd_model_read32(&models[0], REG_GSTS) & GSTS_TE);
	assert_int_equal(vtd_model_read32(&models[0], REG_GSTS) & GSTS_IRES, 0);
	assert_true(pool_used() > 0);
	assert_lands(0, DEV_ROOT, 0x200000, 1, 0x200000);
	assert_blocked(0, DEV_ROOT, HV_BASE, 1, 0x5);
	/* no new cell relies on half-handed-back units */
	assert_int_equal(vtd_cell_check(&v, &cell.header, msg, sizeof(msg)),
			 -EIO);
	assert_non_null(strstr(msg, "half handed back"));
	/* the unit answers again: a second disable (its hook reads the
	 * faults first) finishes */
	models[0].stuck = 0;
	vtd_fault_event(&v.units[0], 0, ignore_fault, NULL);
	disable_ok();
	assert_as_found(0);
	assert_as_found(1);
	assert_int_equal(pool_used(), 0);
	assert_no_model_errors();
}

static void test_disable_interrupt_remapping_never_off(void **state)
{
	(void)state;
	linux_left_units();
	setup_ok();
	models[1].stuck = GSTS_IRES;
	assert_int_equal(vtd_disable(&v, msg, sizeof(msg)), -EIO);
	assert_non_null(strstr(msg, "IOMMU unit 1"));
	assert_non_null(strstr(msg, "interrupt remapping (IRE)"));
	/* IRE goes first: translation stays on, unit 0 is not touched */
	assert_true(vtd_model_read32(&models[1], REG_GSTS) & GSTS_TE);
	assert_true(vtd_model_read32(&models[0], REG_GSTS) & GSTS_IRES);
	models[1].stuck = 0;
	disable_ok();
	assert_as_found(0);
	assert_as_found(1);
	assert_no_model_errors();
}

static void test_disable_queue_never_draining(void **state)
{
	(void)state;
	linux_left_units();
	setup_ok();
	/* the unit drops wait descriptors: their status is never written */
	models[1].drop_type = 5;
	assert_int_equal(vtd_disable(&v, msg, sizeof(msg)), -EIO);
	assert_non_null(strstr(msg, "IOMMU unit 1"));
	assert_non_null(strstr(msg, "invalidation queue"));
	assert_true(vtd_model_read32(&models[1], REG_GSTS) & GSTS_TE);
	assert_true(vtd_model_read32(&models[1], REG_GSTS) & GSTS_QIES);
	/* unit 0 not touched yet */
	assert_true(vtd_model_read32(&models[0], REG_GSTS) & GSTS_TE);
	models[1].drop_type = 0;
	disable_ok();
	assert_as_found(0);
	assert_as_found(1);
	assert_no_model_errors();
}

/* ---- fault reports ---- */

struct reports {
	unsigned int count; /* printed on the console */
	unsigned int all;   /* given to the report, printed or not */
	struct vtd_fault last, fault[16];
};

static void count_report(const struct vtd_fault *f, void *ctx)
{
	struct reports *r = ctx;

	if (r->all < 16)
		r->fault[r->all] = *f;
	r->all++;
	if (!f->printed)
		return;
	r->count++;
	r->last = *f;
}

static void faults(unsigned int count, __u64 base)
{
	unsigned int n;

	for (n = 0; n < count; n++)
		dma(0, DEV_UNLISTED, base + n * 4096ULL, 1);
}

static void test_fault_reports_rate_limited(void **state)
{
	struct reports r = { 0 };

	(void)state;
	setup_ok();
	faults(6, 0x100000);
	assert_int_equal(vtd_fault_event(&v.units[0], 0, count_report, &r), 6);
	assert_int_equal(r.count, VTD_FAULT_REPORTS_PER_WINDOW);
	assert_int_equal(r.last.address, 0x103000);
	/* the cell's report sees every fault, the console only four */
	assert_int_equal(r.all, 6);
	assert_int_equal(r.fault[5].address, 0x105000);
	assert_false(r.fault[5].printed);
	faults(3, 0x200000);
	assert_int_equal(vtd_fault_event(&v.units[0], 500, count_report, &r),
			 3);
	assert_int_equal(r.count, VTD_FAULT_REPORTS_PER_WINDOW);
	/* the window is not over: no summary yet */
	assert_int_equal(vtd_fault_summary(&v.units[0], 900, msg, sizeof(msg)),
			 0);
	assert_int_equal(vtd_fault_summary(&v.units[0], 1000, msg, sizeof(msg)),
			 1);
	assert_string_equal(
		msg,
		"IOMMU unit 0: 5 more DMA faults not reported (at most 4 per 1000 ms)");
	assert_int_equal(vtd_fault_summary(&v.units[0], 1001, msg, sizeof(msg)),
			 0);
	/* a new window reports again */
	faults(2, 0x300000);
	assert_int_equal(vtd_fault_event(&v.units[0], 1000, count_report, &r),
			 2);
	assert_int_equal(r.count, VTD_FAULT_REPORTS_PER_WINDOW + 2);
	assert_int_equal(r.last.address, 0x301000);
	vtd_shutdown(&v);
}

/* Each fault names the domain its device was in when it was read: the
 * cell's (id + 1), the root's (1), none (0); and becomes the report. */
static void test_fault_attributed_and_reported(void **state)
{
	struct jailhouse_fault_report rep;
	struct reports r = { 0 };

	(void)state;
	setup_ok();
	create_ok();
	assert_blocked(0, DEV_CELL, 0x12345000, 1, 0x5);
	assert_blocked(0, DEV_ROOT, HV_BASE, 0, 0x6);
	assert_blocked(0, DEV_UNLISTED, 0x1000, 1, 0x2);
	assert_int_equal(vtd_fault_event(&v.units[0], 0, count_report, &r), 3);
	assert_int_equal(r.fault[0].source_id, DEV_CELL);
	assert_int_equal(r.fault[0].domain, 2);
	assert_int_equal(r.fault[1].domain, 1);
	assert_int_equal(r.fault[2].domain, 0);

	vtd_fault_report(&r.fault[0], "dma-cell", &rep);
	assert_int_equal(rep.reason, JAILHOUSE_FAULT_IOMMU);
	assert_int_equal(rep.cpu, JAILHOUSE_FAULT_NO_CPU);
	assert_int_equal(rep.address, 0x12345000);
	assert_int_equal(rep.access, JAILHOUSE_ACCESS_WRITE);
	assert_int_equal(rep.qualification, DEV_CELL | 0x5ULL << 32);
	assert_string_equal(
		rep.message,
		"DMA fault: PCI device 0000:00:03.0 (cell \"dma-cell\") write at 0x12345000: write to a page not mapped writable (reason 0x5, IOMMU unit 0)");
	vtd_fault_report(&r.fault[1], "root", &rep);
	assert_int_equal(rep.access, JAILHOUSE_ACCESS_READ);
	assert_int_equal(rep.qualification, DEV_ROOT | 0x6ULL << 32);

	/* unit 1's device, read after destroy moved it back: the root's */
	assert_blocked(1, DEV_CELL_B, HV_BASE, 1, 0x5);
	vtd_cell_destroy(&v, 1, &cell.header);
	r.all = 0;
	vtd_fault_event(&v.units[1], 0, count_report, &r);
	assert_int_equal(r.all, 1);
	assert_int_equal(r.fault[0].domain, 1);
	vtd_fault_report(&r.fault[0], "root", &rep);
	assert_int_equal(rep.qualification,
			 DEV_CELL_B | 0x5ULL << 32 | 1ULL << 48);
	assert_no_model_errors();
	vtd_shutdown(&v);
}

/* An interrupt remapping fault reports the index it named. */
static void test_interrupt_fault_report(void **state)
{
	struct vtd_fault f = {
		.unit = 1,
		.source_id = DEV_CELL_B,
		.is_write = 1,
		.reason = 0x26,
		.interrupt_index = 7,
		.domain = 2,
	};
	struct jailhouse_fault_report rep;

	(void)state;
	vtd_fault_report(&f, "dma-cell", &rep);
	assert_int_equal(rep.reason, JAILHOUSE_FAULT_IOMMU);
	assert_int_equal(rep.address, 7);
	assert_int_equal(rep.qualification,
			 DEV_CELL_B | 0x26ULL << 32 | 1ULL << 48);
	assert_non_null(strstr(rep.message, "interrupt blocked"));
	assert_non_null(strstr(rep.message, "interrupt index 7"));
}

static void test_fault_overflow_counted(void **state)
{
	struct vtd_fault f[16];

	(void)state;
	setup_ok();
	/* 8 records; the 9th and 10th fault are lost (FSTS.PFO) */
	faults(10, 0x100000);
	assert_true(vtd_model_read32(&models[0], 0x34) & 1);
	assert_int_equal(vtd_fault_read(&v.units[0], f, 16), 8);
	assert_int_equal(v.units[0].faults.overflows, 1);
	assert_int_equal(vtd_model_read32(&models[0], 0x34) & 3, 0);
	/* recording goes on */
	faults(1, 0x500000);
	assert_int_equal(vtd_fault_read(&v.units[0], f, 16), 1);
	assert_int_equal(f[0].address, 0x500000);
	vtd_shutdown(&v);
}

static void test_fault_sentence(void **state)
{
	struct vtd_fault f = { .unit = 1,
			       .segment = 0,
			       .source_id = DEV_CELL,
			       .address = 0x3a000000,
			       .is_write = 1,
			       .reason = 5 };

	(void)state;
	vtd_fault_format(&f, "dma-cell", msg, sizeof(msg));
	assert_string_equal(
		msg,
		"DMA fault: PCI device 0000:00:03.0 (cell \"dma-cell\") write at 0x3a000000: write to a page not mapped writable (reason 0x5, IOMMU unit 1)");
	f.is_write = 0;
	f.reason = 0x2;
	vtd_fault_format(&f, "root", msg, sizeof(msg));
	assert_string_equal(
		msg,
		"DMA fault: PCI device 0000:00:03.0 (cell \"root\") read at 0x3a000000: context entry not present (device in no domain) (reason 0x2, IOMMU unit 1)");
	assert_string_equal(vtd_fault_reason(0x77), "unknown reason");
}

/* ---- huge pages as the units allow ---- */

static void test_huge_pages_only_where_all_units_have_them(void **state)
{
	(void)state;
	model_cfg[1].sllps = 0; /* 4 KiB only */
	start_models();
	setup_ok();
	assert_int_equal(v.format.leaf_levels, 1);
	assert_lands(1, DEV_CELL_B, 0x20001234, 1, 0x20001234);
	vtd_shutdown(&v);
	teardown(state);
	setup(state);
	setup_ok();
	assert_int_equal(v.format.leaf_levels, 7);
	assert_lands(1, DEV_CELL_B, 0x20001234, 1, 0x20001234);
	vtd_shutdown(&v);
}

/* ---- the model itself: what the tests above rely on ---- */

static void test_model_status_follows_commands(void **state)
{
	struct vtd_model *m = &models[0];

	(void)state;
	vtd_model_write64(m, 0x20, 0x5000);
	vtd_model_write32(m, 0x18, 1U << 30); /* SRTP */
	assert_int_equal(vtd_model_read32(m, 0x1c), 1U << 30);
	vtd_model_write32(m, 0x18, 1U << 31); /* TE (SRTP not repeated) */
	assert_int_equal(vtd_model_read32(m, 0x1c), (1U << 31) | (1U << 30));
	assert_int_equal(m->srtp_count, 1);
	assert_int_equal(m->errors, 0);
	/* two commands in one write: the spec says one at a time */
	vtd_model_write32(m, 0x18, (1U << 31) | (1U << 26) | (1U << 23));
	assert_int_equal(m->errors, 1);
	/* TE without a root table pointer */
	vtd_model_init(&models[1], &model_cfg[1], &model_memory);
	vtd_model_write32(&models[1], 0x18, 1U << 31);
	assert_int_equal(models[1].errors, 1);
	assert_string_equal(models[1].error,
			    "TE set without a root table pointer (SRTP)");
}

static void test_model_queue_runs_and_stops_at_bad_descriptor(void **state)
{
	struct vtd_model *m = &models[0];
	__u64 *queue = page_zalloc(&pool, 1);
	__u32 *word = page_zalloc(&pool, 1);

	(void)state;
	vtd_model_write64(m, 0x90, (uintptr_t)queue);
	vtd_model_write64(m, 0x88, 0);
	vtd_model_write32(m, 0x18, 1U << 26); /* QIE */
	assert_true(vtd_model_read32(m, 0x1c) & (1U << 26));
	/* wait: status write of 0xabcd and interrupt flag */
	queue[0] = 0x5 | 1 << 4 | 1 << 5 | 0xabcdULL << 32;
	queue[1] = (uintptr_t)word;
	vtd_model_write64(m, 0x88, 1 << 4);
	assert_int_equal(*word, 0xabcd);
	assert_int_equal(vtd_model_read32(m, 0x9c), 1); /* ICS.IWC */
	assert_int_equal(vtd_model_read64(m, 0x80), 1 << 4);
	/* type 7 does not exist in legacy mode: IQE, the head stays */
	queue[2] = 0x7;
	queue[3] = 0;
	queue[4] = 0x5 | 1 << 5 | 0x1ULL << 32;
	queue[5] = (uintptr_t)word;
	vtd_model_write64(m, 0x88, 3 << 4);
	assert_true(vtd_model_read32(m, 0x34) & (1U << 4));
	assert_int_equal(vtd_model_read64(m, 0x80), 1 << 4);
	assert_int_equal(*word, 0xabcd);
	/* enabling the queue with a tail not 0 is an error */
	vtd_model_init(&models[1], &model_cfg[1], &model_memory);
	vtd_model_write64(&models[1], 0x90, (uintptr_t)queue);
	vtd_model_write64(&models[1], 0x88, 2 << 4);
	vtd_model_write32(&models[1], 0x18, 1U << 26);
	assert_int_equal(models[1].errors, 1);
	page_free(&pool, queue, 1);
	page_free(&pool, word, 1);
}

/* Root, context and one second-level table by hand: 00:03.0 -> domain 7,
 * guest page 0 -> `phys`, `fpd` in the context entry. */
static void hand_tables(struct vtd_model *m, __u64 *pages[5], __u64 phys,
			int fpd)
{
	unsigned int n;

	for (n = 0; n < 5; n++)
		pages[n] = page_zalloc(&pool, 1);
	pages[0][0] = (uintptr_t)pages[1] | 1;			 /* bus 0 */
	pages[1][2 * 0x18] = (uintptr_t)pages[2] | 1 | fpd << 1; /* 00:03.0 */
	pages[1][2 * 0x18 + 1] = 2 | 7 << 8; /* AW 48, DID 7 */
	/* 4 levels: PML4[0] -> PDPT[0] -> PD[0], a 2 MiB page */
	pages[2][0] = (uintptr_t)pages[3] | 3;
	pages[3][0] = (uintptr_t)pages[4] | 3;
	pages[4][0] = phys | 3 | 1 << 7;
	vtd_model_write64(m, 0x20, (uintptr_t)pages[0]);
	vtd_model_write32(m, 0x18, 1U << 30);
	vtd_model_write32(m, 0x18, 1U << 31);
}

static void test_model_walks_and_caches(void **state)
{
	struct vtd_model *m = &models[0];
	__u64 *pages[5];
	struct vtd_model_result r;
	unsigned int n;

	(void)state;
	hand_tables(m, pages, 0x40000000, 0);
	r = vtd_model_translate(m, 0x18, 0x12345, 1);
	assert_false(r.blocked);
	assert_int_equal(r.phys, 0x40012345);
	/* translating before the global invalidations after SRTP */
	assert_int_equal(m->errors, 1);
	/* the entry is cached: changing memory changes nothing ... */
	pages[4][0] = 0x50000000 | 3 | 1 << 7;
	assert_int_equal(vtd_model_translate(m, 0x18, 0x12345, 0).phys,
			 0x40012345);
	/* ... until the IOTLB entry is gone (here by hand; through the
	 * queue in the tests of the code above) */
	for (n = 0; n < VTD_MODEL_IOTLB; n++)
		m->tlb[n].valid = 0;
	assert_int_equal(vtd_model_translate(m, 0x18, 0x12345, 0).phys,
			 0x50012345);
	/* outside the mapping: recorded with source ID and page */
	r = vtd_model_translate(m, 0x18, 0x400000, 1);
	assert_true(r.blocked && r.recorded);
	assert_int_equal(r.reason, 0x5);
	assert_int_equal(vtd_model_read64(m, 0x208),
			 0x18 | 0x5ULL << 32 | 1ULL << 63);
	assert_int_equal(vtd_model_read64(m, 0x200), 0x400000);
	vtd_model_write32(m, 0x20c, 1U << 31); /* F is write-1-to-clear */
	assert_int_equal(vtd_model_read32(m, 0x34) & 2, 0);
	for (n = 0; n < 5; n++)
		page_free(&pool, pages[n], 1);
}

static void test_model_fault_processing_disable(void **state)
{
	struct vtd_model *m = &models[0];
	__u64 *pages[5];
	struct vtd_model_result r;
	unsigned int n;

	(void)state;
	hand_tables(m, pages, 0x40000000, 1);
	r = vtd_model_translate(m, 0x18, 0x400000, 0);
	assert_true(r.blocked);
	assert_false(r.recorded);
	assert_int_equal(vtd_model_read32(m, 0x34) & 2, 0);
	for (n = 0; n < 5; n++)
		page_free(&pool, pages[n], 1);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_setup_enables_both_units),
		T(test_root_devices_in_root_domain),
		T(test_root_domain_excludes_hypervisor_and_non_dma),
		T(test_rmrrs_mapped_for_the_root_only),
		T(test_unlisted_device_blocked_and_recorded),
		T(test_cell_dma_lands_where_mapped),
		T(test_cell_dma_outside_blocked_and_recorded),
		T(test_root_loses_cell_memory_before_start),
		T(test_destroy_gives_everything_back),
		T(test_domain_id_reused_without_stale_translations),
		T(test_create_out_of_memory_changes_nothing),
		T(test_create_destroy_cycles_wrap_the_queue),
		T(test_without_iotlb_invalidation_root_keeps_cell_page),
		T(test_without_context_invalidation_device_stays),
		T(test_without_wait_descriptor_status_nothing_counts),
		T(test_caching_mode_invalidates_under_domain_0),
		T(test_caching_mode_without_did0_invalidation_stays_blocked),
		T(test_caching_mode_root_gets_memory_back),
		T(test_noncoherent_units_get_tables_written_back),
		T(test_noncoherent_unit_without_flush_sees_nothing),
		T(test_coherent_units_need_no_flush),
		T(test_sagaw_without_4_levels_refused),
		T(test_mgaw_too_small_refused),
		T(test_cell_beyond_mgaw_refused),
		T(test_undeclared_unit_refused),
		T(test_unit_in_use_refused),
		T(test_unit_without_qi_refused),
		T(test_absent_unit_refused),
		T(test_shutdown_turns_translation_off),
		T(test_disable_restores_every_register),
		T(test_disable_after_cell_with_devices),
		T(test_disable_unit_never_acknowledging),
		T(test_disable_interrupt_remapping_never_off),
		T(test_disable_queue_never_draining),
		T(test_fault_reports_rate_limited),
		T(test_fault_attributed_and_reported),
		T(test_interrupt_fault_report),
		T(test_fault_overflow_counted),
		T(test_fault_sentence),
		T(test_huge_pages_only_where_all_units_have_them),
		T(test_model_status_follows_commands),
		T(test_model_queue_runs_and_stops_at_bad_descriptor),
		T(test_model_walks_and_caches),
		T(test_model_fault_processing_disable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
