// SPDX-License-Identifier: GPL-2.0
/*
 * arch/vtd-root.c against the register-level model of a VT-d unit
 * (../vtd-model.c) and a model "Linux": before the hypervisor comes,
 * Linux has queued invalidation and interrupt remapping on, with its own
 * table (2048 entries, x2APIC format) and queue in "root RAM" (arrays of
 * this test), and entries for its device 00:02.0 and its IOAPIC
 * (source ID f0:1f.0).  After the take-over Linux goes on as its driver
 * does: entries written into its table, interrupt-entry-cache and wait
 * descriptors queued, IQT written, through the emulated registers only.
 * Every interrupt is sent through vtd_model_interrupt(), i.e. through
 * whatever table the unit has latched.  CPUs: the root has APIC IDs 0
 * and 1, the cell 2 and 3; the cell takes device 00:03.0.
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
#include "ioapic-root-request.h"

#define POOL_PAGES 512
#define IOAPIC_SID 0xf0f8
#define CELL_ID 1

#define GCMD 0x18
#define GSTS 0x1c
#define FSTS 0x34
#define IQH 0x80
#define IQT 0x88
#define IQA 0x90
#define ICS 0x9c
#define IECTL 0xa0
#define IEDATA 0xa4
#define IEADDR 0xa8
#define IRTA 0xb8
#define QIE (1U << 26)
#define IRE (1U << 25)
#define SIRTP (1U << 24)
#define CFI (1U << 23)

#define LINUX_S 10 /* 2048 entries: more than the hypervisor's 1024 */
#define LINUX_ENTRIES (2U << LINUX_S)

/* What Linux keeps in root RAM */
struct linux_ram {
	__u64 table[2 * LINUX_ENTRIES];
	__u64 queue[2 * 256];
	__u32 status[256];
};

static struct sys_config sys;
static struct cell_config cell;
static struct page_pool pool;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static void *pool_memory;
static struct vtd_model_memory model_memory;
static struct vtd_model model;
static struct vtd_model_config model_cfg;
static struct vtd_hw hw;
static struct vtd v;
static char msg[300];
static struct linux_ram *ram;
static unsigned int linux_tail; /* Linux's next queue slot */
static __u32 linux_gcmd;	/* Linux's software copy of GCMD */

static struct apic_cpu cpus[4] = {
	{ .apic_id = 0, .in_cell = 1, .xapic_logical_id = 1 },
	{ .apic_id = 1, .in_cell = 1, .xapic_logical_id = 2 },
	{ .apic_id = 2, .xapic_logical_id = 4 },
	{ .apic_id = 3, .xapic_logical_id = 8 },
};

/* ---- the root environment ---- */

static unsigned int printed, interrupts;
static char last_line[200];
static __u32 last_apic;
static unsigned int last_vector;

static int in_root_ram(__u64 phys, unsigned long size)
{
	__u64 start = (uintptr_t)ram;

	return phys >= start && phys + size <= start + sizeof(*ram);
}

static int root_read(void *ctx, __u64 phys, void *buf, unsigned long size)
{
	(void)ctx;
	if (!in_root_ram(phys, size))
		return -EPERM;
	memcpy(buf, (void *)(uintptr_t)phys, size);
	return 0;
}

/* the unit's IEC descriptors when the last status was written */
static unsigned int iec_at_status;

static int root_write32(void *ctx, __u64 phys, __u32 value)
{
	(void)ctx;
	iec_at_status = model.desc_iec + model.desc_iec_index;
	if (!in_root_ram(phys, 4))
		return -EPERM;
	*(volatile __u32 *)(uintptr_t)phys = value;
	return 0;
}

static void root_interrupt(void *ctx, __u32 apic_id, unsigned int vector)
{
	(void)ctx;
	interrupts++;
	last_apic = apic_id;
	last_vector = vector;
}

static void root_print(void *ctx, const char *line)
{
	(void)ctx;
	printed++;
	snprintf(last_line, sizeof(last_line), "%s", line);
}

static const struct vtd_root_env root_env = {
	.read = root_read,
	.write32 = root_write32,
	.interrupt = root_interrupt,
	.print = root_print,
	.cpus = cpus,
	.num_cpus = 4,
};

static void env_flush(const void *virt, unsigned long size)
{
	vtd_model_flush(&model_memory, virt, size);
}

static const struct vtd_env env = {
	.pool = &pool,
	.memory = &paging_identity_memory,
	.flush = env_flush,
	.root = &root_env,
};

static struct vtd_env env_without_root;

/* ---- configs ---- */

static void fill_configs(void)
{
	vtd_test_fill_configs(&sys, &cell);
	sys.header.platform.apic_mode = JAILHOUSE_APIC_MODE_X2APIC;
}

/* ---- the model Linux ---- */

/* An entry as Linux's driver writes it: x2APIC destination, SVT 1 with
 * all 16 bits, logical or physical, redirection hint as Linux sets it. */
static void linux_entry(unsigned int index, __u16 sid, unsigned int vector,
			__u32 dest, int level)
{
	ram->table[2 * index + 1] = 1ULL << 18 | sid;
	ram->table[2 * index] = 1 | (level ? 1ULL << 4 : 0) |
				(__u64)vector << 16 | (__u64)dest << 32;
}

/* Linux's register accesses: before the take-over the unit's, after it
 * the emulation's. */
static void linux_write(unsigned int reg, unsigned int size, __u64 value)
{
	if (v.num_units && v.units[0].root.active) {
		assert_int_equal(vtd_root_write(&v, 0, reg, size, value), 0);
		return;
	}
	if (size == 8)
		vtd_model_write64(&model, reg, value);
	else
		vtd_model_write32(&model, reg, (__u32)value);
}

static __u64 linux_read(unsigned int reg, unsigned int size)
{
	__u64 value;

	if (v.num_units && v.units[0].root.active) {
		assert_int_equal(vtd_root_read(&v, 0, reg, size, &value), 0);
		return value;
	}
	return size == 8 ? vtd_model_read64(&model, reg) :
			   vtd_model_read32(&model, reg);
}

static void linux_command(__u32 bit, int persistent)
{
	if (persistent)
		linux_gcmd |= bit;
	linux_write(GCMD, 4, linux_gcmd | bit);
}

/* Queues one descriptor (not yet submitted). */
static void linux_queue(__u64 lo, __u64 hi)
{
	ram->queue[2 * linux_tail] = lo;
	ram->queue[2 * linux_tail + 1] = hi;
	linux_tail = (linux_tail + 1) % 256;
}

static void linux_submit(void)
{
	linux_write(IQT, 8, (__u64)linux_tail << 4);
}

/* An IEC invalidation (global, or of one index) and a wait with status
 * write, as qi_submit_sync() does; the wait's status word. */
static __u32 *linux_iec(int global, unsigned int index)
{
	__u32 *status = &ram->status[linux_tail];

	*status = 0;
	linux_queue(4 | (global ? 0 : (1ULL << 4) | (__u64)index << 32), 0);
	linux_queue(5 | 1ULL << 5 | 1ULL << 32, (uintptr_t)status);
	linux_submit();
	return status;
}

/* What Linux 6.1 does at boot with intel_iommu=off (x2APIC): queue on,
 * table latched, global IEC, IRE on, CFI off. */
static void linux_boot(void)
{
	linux_entry(0, DEV_ROOT, 0x41, 1, 0);
	linux_entry(1, IOAPIC_SID, 0x30, 0, 1);
	linux_write(IQT, 8, 0);
	linux_write(IQA, 8, (uintptr_t)ram->queue);
	linux_command(QIE, 1);
	linux_write(IRTA, 8, (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	linux_command(SIRTP, 0);
	assert_int_equal(*linux_iec(1, 0), 1);
	linux_command(IRE, 1);
}

static struct vtd_model_irq irq(__u16 sid, unsigned int index)
{
	return vtd_model_interrupt(&model, sid,
				   0xfee00018ULL | (__u64)index << 5, 0);
}

/* ---- fixtures ---- */

static int setup(void **state)
{
	(void)state;
	pool_memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	page_pool_init(&pool, pool_memory, POOL_PAGES, pool_bitmap);
	vtd_model_memory_init(&model_memory);
	model_cfg = vtd_model_default_config();
	model_cfg.eim = 1;
	fill_configs();
	memset(&v, 0, sizeof(v));
	ram = aligned_alloc(PAGE_SIZE,
			    (sizeof(*ram) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	memset(ram, 0, sizeof(*ram));
	linux_tail = 0;
	linux_gcmd = 0;
	printed = interrupts = 0;
	last_line[0] = 0;
	msg[0] = 0;
	env_without_root = env;
	env_without_root.root = NULL;
	vtd_model_init(&model, &model_cfg, &model_memory);
	hw = vtd_model_hw(&model);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vtd_model_memory_free(&model_memory);
	free(pool_memory);
	free(ram);
	return 0;
}

static void assert_no_model_errors(void)
{
	if (model.errors)
		fail_msg("the model saw what the spec forbids: %s",
			 model.error);
}

static void take_over(void)
{
	int err = vtd_setup(&v, &sys.header, &hw, &env, msg, sizeof(msg));

	if (err)
		fail_msg("vtd_setup: %d: %s", err, msg);
}

static void create_cell(void)
{
	int err = vtd_cell_create(&v, CELL_ID, &cell.header, msg, sizeof(msg));

	if (err)
		fail_msg("vtd_cell_create: %d: %s", err, msg);
}

static void hand_back(void)
{
	int err = vtd_disable(&v, msg, sizeof(msg));

	if (err)
		fail_msg("vtd_disable: %d: %s", err, msg);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void assert_delivered(__u16 sid, unsigned int index, unsigned int vector,
			     __u32 dest)
{
	struct vtd_model_irq q = irq(sid, index);

	if (q.blocked)
		fail_msg("entry %u of %04x blocked (reason 0x%x)", index, sid,
			 q.reason);
	assert_int_equal(q.vector, vector);
	assert_int_equal(q.dest, dest);
	assert_false(q.logical);
}

static void assert_blocked(__u16 sid, unsigned int index)
{
	struct vtd_model_irq q = irq(sid, index);

	assert_true(q.blocked);
}

/* ---- the take-over ---- */

static void test_take_over_keeps_linux_interrupts(void **state)
{
	struct linux_ram before;
	__u32 gsts;

	(void)state;
	linux_boot();
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	memcpy(&before, ram, sizeof(before));
	take_over();
	/* the unit works with the hypervisor's table and queue */
	assert_int_equal(model.irta_active & ~0xfffULL,
			 (uintptr_t)v.units[0].irt);
	assert_true(model.irta_active & 0x800);
	assert_int_equal(model.iqa & ~0xfffULL, (uintptr_t)v.units[0].queue);
	gsts = vtd_model_read32(&model, GSTS);
	assert_true(gsts & IRE);
	assert_true(gsts & QIE);
	assert_false(gsts & CFI);
	/* the table switched while IRE stayed on, then invalidated */
	assert_int_equal(model.sirtp_while_ire, 1);
	/* Linux's interrupts arrive through the copies */
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_delivered(IOAPIC_SID, 1, 0x30, 0);
	assert_true(irq(IOAPIC_SID, 1).level);
	/* source checks kept: another device with Linux's handle is blocked */
	assert_blocked(DEV_CELL, 0);
	assert_int_equal(v.units[0].root.translated, 2);
	assert_int_equal(v.units[0].root.refused, 0);
	/* Linux sees its own unit */
	gsts = (__u32)linux_read(GSTS, 4);
	assert_int_equal(gsts & (QIE | IRE | SIRTP | CFI), QIE | IRE | SIRTP);
	assert_int_equal(linux_read(IRTA, 8),
			 (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	assert_int_equal(linux_read(IQA, 8), (uintptr_t)ram->queue);
	assert_int_equal(linux_read(IQH, 8), (__u64)linux_tail << 4);
	assert_int_equal(linux_read(IQT, 8), (__u64)linux_tail << 4);
	assert_int_equal(linux_read(0x08, 8), model.cap);
	/* nothing of Linux's RAM was written */
	assert_memory_equal(&before, ram, sizeof(before));
	assert_no_model_errors();
	hand_back();
}

static void test_linux_queue_through_the_emulation(void **state)
{
	__u32 *status;
	unsigned int iec_before;

	(void)state;
	linux_boot();
	take_over();
	iec_before = model.desc_iec + model.desc_iec_index;
	/* a new entry, then Linux's IEC of its index and a wait */
	linux_entry(2, DEV_ROOT, 0x52, 0, 0);
	status = linux_iec(0, 2);
	assert_int_equal(*status, 1);
	assert_int_equal(linux_read(IQH, 8), linux_read(IQT, 8));
	assert_delivered(DEV_ROOT, 2, 0x52, 0);
	/* the hypervisor invalidated its own unit before the status */
	assert_true(iec_at_status > iec_before);
	/* changed without an invalidation: the unit keeps what it had
	 * (Linux's own contract), then the IEC brings the new vector */
	linux_entry(2, DEV_ROOT, 0x53, 0, 0);
	assert_delivered(DEV_ROOT, 2, 0x52, 0);
	linux_iec(0, 2);
	assert_delivered(DEV_ROOT, 2, 0x53, 0);
	/* freed by Linux: cleared and invalidated */
	ram->table[4] = 0;
	linux_iec(0, 2);
	assert_blocked(DEV_ROOT, 2);
	/* context/IOTLB descriptors are accepted and do nothing */
	linux_queue(1 | 1 << 4, 0);
	linux_queue(2 | 1 << 4, 0);
	linux_submit();
	assert_int_equal(linux_read(FSTS, 4) & (1U << 4), 0);
	assert_int_equal(linux_read(IQH, 8), linux_read(IQT, 8));
	assert_no_model_errors();
	hand_back();
}

/* Hostile entries of the root: the hypervisor's entry stays not
 * present, the interrupt is blocked, the console says why. */
static void test_hostile_root_entries_refused(void **state)
{
	static const struct {
		__u64 lo, hi;
		const char *why;
	} bad[] = {
		{ 1 | 0x61ULL << 16 | 2ULL << 32, 1ULL << 18 | DEV_ROOT,
		  "not a CPU of the root" },
		{ 1 | 4 << 5 | 0x62ULL << 16, 1ULL << 18 | DEV_ROOT,
		  "delivery mode" }, /* NMI */
		{ 1 | 5 << 5 | 0x63ULL << 16, 1ULL << 18 | DEV_ROOT,
		  "delivery mode" }, /* INIT */
		{ 1 | 2 << 5 | 0x64ULL << 16, 1ULL << 18 | DEV_ROOT,
		  "delivery mode" }, /* SMI */
		{ 1 | 0x02ULL << 16, 1ULL << 18 | DEV_ROOT, "below 16" },
		{ 1 | 0x65ULL << 16, DEV_ROOT, "source-ID verification" },
		{ 1 | 0x66ULL << 16, 3ULL << 18 | DEV_ROOT, "source-ID" },
		{ 1 | 0x67ULL << 16, 1ULL << 18 | DEV_CELL,
		  "device of a cell" },
		{ 1 | 0x68ULL << 16, 1ULL << 18 | 1ULL << 16 | (DEV_CELL | 4),
		  "device of a cell" }, /* SQ ignores bit 2 */
		{ 1 | 0x69ULL << 16, 2ULL << 18 | 0x0000, "bus range" },
		{ 1 | 1ULL << 15 | 0x6aULL << 16, 1ULL << 18 | DEV_ROOT,
		  "posted" },
		{ 1 | 0x6bULL << 16, 1ULL << 18 | 1ULL << 30 | DEV_ROOT,
		  "reserved" },
		{ 1 | 4 | 0x6cULL << 16 | 0x000cULL << 32,
		  1ULL << 18 | DEV_ROOT, "not a CPU of the root" },
	};
	unsigned int k, index;

	(void)state;
	linux_boot();
	take_over();
	create_cell();
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		index = 10 + k;
		ram->table[2 * index + 1] = bad[k].hi;
		ram->table[2 * index] = bad[k].lo;
		printed = 0;
		linux_iec(0, index);
		if (!printed || !strstr(last_line, bad[k].why))
			fail_msg("entry %u (case %u): \"%s\", expected \"%s\"",
				 index, k, last_line, bad[k].why);
		assert_non_null(strstr(last_line, "IOMMU unit 0: root"));
		assert_blocked((__u16)bad[k].hi, index);
		assert_blocked(DEV_CELL, index);
		assert_int_equal(v.units[0].irt[2 * index], 0);
	}
	assert_int_equal(v.units[0].root.refused, k);
	/* Linux's good entries still work */
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	assert_no_model_errors();
	hand_back();
}

/* The root's ivshmem MSI-X, which reaches no unit: a remappable-format
 * message resolved through the hypervisor's validated copy of the entry
 * its handle (and subhandle) names. */
static const char *target_of(__u64 address, __u32 data, __u32 *apic_id,
			     __u8 *vector)
{
	const char *reason = "(none)";

	*apic_id = 0xdead;
	*vector = 0;
	if (vtd_root_msi_target(&v, 0, address, data, apic_id, vector, &reason))
		return reason;
	assert_null(reason);
	return NULL;
}

static void test_root_virtual_device_message(void **state)
{
	__u32 apic_id;
	__u8 vector;

	(void)state;
	linux_boot();
	take_over();
	assert_null(target_of(0xfee00010, 0, &apic_id, &vector));
	assert_int_equal(apic_id, 1);
	assert_int_equal(vector, 0x41);
	/* SHV: handle 0 + subhandle 1 */
	assert_null(target_of(0xfee00018, 1, &apic_id, &vector));
	assert_int_equal(apic_id, 0);
	assert_int_equal(vector, 0x30);
	/* handle bit 15 (address bit 2): beyond the table */
	assert_non_null(strstr(target_of(0xfee00014, 0, &apic_id, &vector),
			       "names no interrupt remapping entry"));
	/* an entry Linux never wrote, one refused */
	assert_non_null(target_of(0xfee00010 | 7 << 5, 0, &apic_id, &vector));
	ram->table[2 * 9 + 1] = 1ULL << 18 | DEV_ROOT;
	ram->table[2 * 9] = 1 | 0x61ULL << 16 | 2ULL << 32; /* a cell's CPU */
	linux_iec(0, 9);
	assert_non_null(
		strstr(target_of(0xfee00010 | 9 << 5, 0, &apic_id, &vector),
		       "names no interrupt remapping entry"));
	/* compatibility format, not an interrupt address */
	assert_non_null(strstr(target_of(0xfee01000, 0x41, &apic_id, &vector),
			       "not a remappable-format"));
	assert_non_null(target_of(0xfef00010, 0, &apic_id, &vector));
	assert_non_null(
		target_of(1ULL << 32 | 0xfee00010, 0, &apic_id, &vector));
	/* no such unit */
	assert_int_equal(vtd_root_msi_target(&v, 5, 0xfee00010, 0, &apic_id,
					     &vector, &(const char *){ NULL }),
			 -EPERM);
	assert_no_model_errors();
	hand_back();
	assert_non_null(strstr(target_of(0xfee00010, 0, &apic_id, &vector),
			       "not taken over"));
}

/* ---- faults: the unit's fault event is Linux's, the root's faults
 * become Linux's records ---- */

#define FECTL 0x38
#define FEDATA 0x3c
#define FEADDR 0x40
#define FEUADDR 0x44
#define FECTL_IM (1U << 31)
#define FECTL_IP (1U << 30)
#define FSTS_PPF (1U << 1)
#define FSTS_PFO (1U << 0)
#define FRCD 0x200 /* the model's FRO: 0x20 * 16 */

/* What vtd.c does with what the unit recorded: the root's faults to
 * Linux (`signal`: not from Linux's own handler). */
static int signal_linux;

static void forward(const struct vtd_fault *f, void *ctx)
{
	vtd_root_fault_forward(ctx, f, signal_linux);
}

static unsigned int hypervisor_reads_faults(int signal)
{
	signal_linux = signal;
	return vtd_fault_event(&v.units[0], 0, forward, &v.units[0]);
}

/* Linux's fault interrupt before enable: vector 0x4e to `feaddr`. */
static void linux_fault_irq(__u32 feaddr, __u32 feuaddr)
{
	linux_write(FEDATA, 4, 0x4e);
	linux_write(FEADDR, 4, feaddr);
	linux_write(FEUADDR, 4, feuaddr);
	linux_write(FECTL, 4, 0);
}

/* Record `n` as Linux's dmar_fault() reads it: the high dwords, then the
 * low quadword; cleared as it clears it. */
static void linux_takes_record(unsigned int n, __u64 *lo, __u64 *hi)
{
	unsigned int reg = FRCD + 16 * n;

	*hi = linux_read(reg + 12, 4) << 32 | linux_read(reg + 8, 4);
	*lo = linux_read(reg, 8);
	linux_write(reg + 12, 4, 1U << 31);
}

static void test_root_faults_reach_linux(void **state)
{
	struct vtd_model_result dma;
	__u64 lo, hi;
	__u32 fsts;

	(void)state;
	linux_boot();
	linux_fault_irq(0xfee01000, 0);
	take_over();
	/* masked until the hypervisor traps Linux's reads (vtd.c) */
	assert_true(vtd_model_read32(&model, FECTL) & FECTL_IM);
	vtd_root_fault_event_on(&v.units[0]);
	assert_int_equal(vtd_model_read32(&model, FEDATA), 0x4e);
	assert_int_equal(vtd_model_read32(&model, FEADDR), 0xfee01000);
	assert_false(vtd_model_read32(&model, FECTL) & FECTL_IM);
	/* an interrupt through an entry Linux never wrote, a DMA write
	 * outside the root's memory: the unit records both */
	assert_blocked(DEV_ROOT, 7);
	dma = vtd_model_translate(&model, DEV_ROOT, 1ULL << 40, 1);
	assert_true(dma.blocked && dma.recorded);
	assert_int_equal(model.fault_events, 1);
	/* Linux's handler reads FSTS: the hypervisor reads the records
	 * first (no interrupt: the handler reads on), then Linux sees them */
	assert_int_equal(hypervisor_reads_faults(0), 2);
	assert_false(vtd_model_read32(&model, FSTS) & FSTS_PPF);
	assert_int_equal(interrupts, 0);
	fsts = (__u32)linux_read(FSTS, 4);
	assert_int_equal(fsts & (FSTS_PPF | 0xff00), FSTS_PPF | 0 << 8);
	linux_takes_record(0, &lo, &hi);
	assert_int_equal(hi >> 63, 1);
	assert_int_equal((__u16)hi, DEV_ROOT);
	assert_int_equal((hi >> 32) & 0xff, 0x22); /* IRTE not present */
	assert_int_equal(lo >> 48, 7);
	fsts = (__u32)linux_read(FSTS, 4);
	assert_int_equal(fsts & (FSTS_PPF | 0xff00), FSTS_PPF | 1 << 8);
	linux_takes_record(1, &lo, &hi);
	assert_int_equal((__u16)hi, DEV_ROOT);
	assert_int_equal((hi >> 32) & 0xff, dma.reason);
	assert_int_equal((hi >> 62) & 1, 0); /* a write */
	assert_int_equal(lo, 1ULL << 40);
	assert_false(linux_read(FSTS, 4) & FSTS_PPF);
	assert_false(linux_read(FRCD + 12, 4) >> 31); /* F cleared */
	linux_write(FSTS, 4, FSTS_PFO | FSTS_PPF);
	/* read at a management call: Linux's interrupt, once per condition */
	assert_blocked(DEV_ROOT, 8);
	assert_blocked(DEV_ROOT, 9);
	assert_int_equal(hypervisor_reads_faults(1), 2);
	assert_int_equal(interrupts, 1);
	assert_int_equal(last_apic, 1);
	assert_int_equal(last_vector, 0x4e);
	linux_takes_record(0, &lo, &hi);
	linux_takes_record(1, &lo, &hi);
	assert_int_equal(lo >> 48, 9);
	/* masked by Linux: held pending (IP), sent when it unmasks */
	linux_write(FECTL, 4, FECTL_IM);
	assert_true(vtd_model_read32(&model, FECTL) & FECTL_IM);
	assert_blocked(DEV_ROOT, 10);
	hypervisor_reads_faults(1);
	assert_int_equal(interrupts, 1);
	assert_true(linux_read(FECTL, 4) & FECTL_IP);
	linux_write(FECTL, 4, 0);
	assert_int_equal(interrupts, 2);
	assert_false(linux_read(FECTL, 4) & FECTL_IP);
	assert_false(vtd_model_read32(&model, FECTL) & FECTL_IM);
	linux_takes_record(0, &lo, &hi);
	assert_no_model_errors();
	hand_back();
	/* Linux's own message and mask, as it left them */
	assert_int_equal(vtd_model_read32(&model, FEDATA), 0x4e);
	assert_int_equal(vtd_model_read32(&model, FEADDR), 0xfee01000);
	assert_false(vtd_model_read32(&model, FECTL) & FECTL_IM);
}

/* More faults than emulated records before Linux reads: the rest is
 * lost, as on the unit (PFO); the records Linux reads are one run. */
static void test_root_fault_records_overflow(void **state)
{
	unsigned int k;
	__u64 lo, hi;

	(void)state;
	linux_boot();
	linux_fault_irq(0xfee01000, 0);
	take_over();
	vtd_root_fault_event_on(&v.units[0]);
	for (k = 0; k < VTD_ROOT_FAULT_RECORDS + 2; k++) {
		assert_blocked(DEV_ROOT, 20 + k);
		hypervisor_reads_faults(1);
	}
	assert_int_equal(interrupts, 1);
	assert_true(linux_read(FSTS, 4) & FSTS_PFO);
	for (k = 0; k < VTD_ROOT_FAULT_RECORDS; k++) {
		assert_int_equal((linux_read(FSTS, 4) >> 8) & 0xff, k);
		linux_takes_record(k, &lo, &hi);
		assert_int_equal(lo >> 48, 20 + k);
	}
	assert_false(linux_read(FSTS, 4) & FSTS_PPF);
	linux_write(FSTS, 4, FSTS_PFO);
	assert_false(linux_read(FSTS, 4) & FSTS_PFO);
	/* all read: the next fault is record 0 again, a new condition */
	assert_blocked(DEV_ROOT, 40);
	hypervisor_reads_faults(1);
	assert_int_equal(interrupts, 2);
	assert_int_equal((linux_read(FSTS, 4) >> 8) & 0xff, 0);
	assert_no_model_errors();
	hand_back();
}

/* Linux's message in x2APIC cluster format becomes the physical one of
 * the CPU it names; one to a cell's CPU, or with NMI delivery, keeps the
 * unit's event masked (faults then wait for a management call). */
static void test_root_fault_message_checked(void **state)
{
	(void)state;
	linux_boot();
	/* logical cluster 0, bit 1: x2APIC ID 1 (dest 15:8 in FEUADDR) */
	linux_fault_irq(0xfee02004, 0);
	take_over();
	vtd_root_fault_event_on(&v.units[0]);
	assert_int_equal(vtd_model_read32(&model, FEADDR), 0xfee01000);
	assert_false(vtd_model_read32(&model, FECTL) & FECTL_IM);
	/* to CPU 2, a cell's */
	linux_write(FEADDR, 4, 0xfee02000);
	assert_true(vtd_model_read32(&model, FECTL) & FECTL_IM);
	assert_non_null(strstr(last_line, "not a CPU of the root"));
	linux_write(FEADDR, 4, 0xfee00000);
	assert_false(vtd_model_read32(&model, FECTL) & FECTL_IM);
	assert_int_equal(vtd_model_read32(&model, FEADDR), 0xfee00000);
	/* NMI delivery */
	linux_write(FEDATA, 4, 4 << 8);
	assert_true(vtd_model_read32(&model, FECTL) & FECTL_IM);
	assert_non_null(strstr(last_line, "delivery mode"));
	linux_write(FEDATA, 4, 0x4e);
	/* the root's CPU 0 goes to a cell while Linux's message names it */
	cpus[0].in_cell = 0;
	assert_int_equal(vtd_root_revalidate(&v), 0);
	cpus[0].in_cell = 1;
	assert_true(vtd_model_read32(&model, FECTL) & FECTL_IM);
	assert_int_equal(vtd_root_revalidate(&v), 0);
	assert_false(vtd_model_read32(&model, FECTL) & FECTL_IM);
	assert_no_model_errors();
	hand_back();
	assert_int_equal(vtd_model_read32(&model, FEADDR), 0xfee00000);
}

static void test_logical_destination_narrowed_to_a_root_cpu(void **state)
{
	(void)state;
	linux_boot();
	/* x2APIC cluster 0, CPUs with APIC IDs 1 (root) and 2 (cell) */
	ram->table[2 * 3 + 1] = 1ULL << 18 | DEV_ROOT;
	ram->table[2 * 3] = 1 | 4 | 8 | 1 << 5 | 0x70ULL << 16 | 0x6ULL << 32;
	take_over();
	assert_delivered(DEV_ROOT, 3, 0x70, 1);
	assert_int_equal(irq(DEV_ROOT, 3).delivery, 1);
	assert_no_model_errors();
	hand_back();
}

static void test_cpu_given_to_a_cell_revalidated(void **state)
{
	(void)state;
	linux_boot();
	take_over();
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	/* the root's CPU 1 goes to a cell while Linux's entry names it */
	cpus[1].in_cell = 0;
	assert_int_equal(vtd_root_revalidate(&v), 0);
	cpus[1].in_cell = 1;
	assert_blocked(DEV_ROOT, 0);
	assert_non_null(strstr(last_line, "not a CPU of the root"));
	assert_int_equal(vtd_root_revalidate(&v), 0);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_no_model_errors();
	hand_back();
}

static void test_entry_beyond_the_table_refused(void **state)
{
	(void)state;
	linux_boot();
	linux_entry(1100, DEV_ROOT, 0x44, 0, 0);
	take_over();
	assert_non_null(strstr(last_line, "beyond the hypervisor's table"));
	assert_non_null(strstr(last_line, "iommu_ir_order"));
	assert_non_null(strstr(last_line, "entry 1100"));
	assert_int_equal(v.units[0].root.refused, 1);
	assert_blocked(DEV_ROOT, 1100);
	assert_no_model_errors();
	hand_back();
}

/* A cell's MSI-X entry for CPU 3 (CPUs 2 and 3 are the cell's), by
 * vtd_ir_map(): its index. */
static unsigned int map_cell_msix(void)
{
	struct apic_cpu cell_cpus[4];
	struct vtd_ir_request req = {
		.unit = 0,
		.owner = CELL_ID + 1,
		.source = DEV_CELL,
		.kind = VTD_IR_MSIX,
		.count = 1,
		.vector = 0x40,
		.delivery = APIC_ICR_DELIVERY_FIXED,
		.apic_id = 3,
		.cpus = cell_cpus,
		.num_cpus = 4,
	};
	unsigned int index, k;

	for (k = 0; k < 4; k++) {
		cell_cpus[k] = cpus[k];
		cell_cpus[k].in_cell = k >= 2;
	}
	assert_int_equal(vtd_ir_map(&v, &req, &index, msg, sizeof(msg)), 0);
	return index;
}

/* A table of 2^11 entries holds all of Linux's; the cells' come from its
 * top. */
static void test_bigger_table_holds_higher_entries(void **state)
{
	unsigned int index;

	(void)state;
	sys.header.platform.iommu_ir_order = 11;
	linux_boot();
	linux_entry(1100, DEV_ROOT, 0x44, 0, 0);
	linux_entry(2000, DEV_ROOT, 0x45, 1, 0);
	take_over();
	assert_int_equal(v.units[0].irt_entries, 2048);
	assert_int_equal(v.units[0].root.refused, 0);
	assert_delivered(DEV_ROOT, 1100, 0x44, 0);
	assert_delivered(DEV_ROOT, 2000, 0x45, 1);
	create_cell();
	index = map_cell_msix();
	assert_int_equal(index, 2047);
	assert_delivered(DEV_CELL, index, 0x40, 3);
	assert_no_model_errors();
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	hand_back();
}

static void test_cells_take_entries_from_the_top(void **state)
{
	unsigned int index;

	(void)state;
	linux_boot();
	take_over();
	create_cell();
	index = map_cell_msix();
	assert_int_equal(index, 1023);
	assert_delivered(DEV_CELL, index, 0x40, 3);
	/* Linux naming the cell's index: refused, the cell's entry stays */
	linux_entry(index, DEV_ROOT, 0x45, 0, 0);
	linux_iec(0, index);
	assert_non_null(strstr(last_line, "held by a cell"));
	assert_delivered(DEV_CELL, index, 0x40, 3);
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	assert_no_model_errors();
	hand_back();
}

/* ---- the emulated queue ---- */

static void test_wait_completion_interrupt(void **state)
{
	(void)state;
	linux_boot();
	take_over();
	linux_write(IEDATA, 4, 0x60);
	linux_write(IEADDR, 4, 0xfee00000U);
	linux_write(IECTL, 4, 0);
	linux_queue(5 | 1 << 4, 0); /* IF, no status write */
	linux_submit();
	assert_int_equal(interrupts, 1);
	assert_int_equal(last_apic, 0);
	assert_int_equal(last_vector, 0x60);
	assert_int_equal(linux_read(ICS, 4), 1);
	linux_write(ICS, 4, 1);
	assert_int_equal(linux_read(ICS, 4), 0);
	/* masked: pending until unmasked */
	linux_write(IECTL, 4, 1U << 31);
	linux_queue(5 | 1 << 4, 0);
	linux_submit();
	assert_int_equal(interrupts, 1);
	assert_true(linux_read(IECTL, 4) & (1U << 30));
	linux_write(IECTL, 4, 0);
	assert_int_equal(interrupts, 2);
	/* aimed at a cell's CPU: refused */
	linux_write(IEADDR, 4, 0xfee02000U);
	linux_queue(5 | 1 << 4, 0);
	linux_submit();
	assert_int_equal(interrupts, 2);
	assert_non_null(strstr(last_line, "completion interrupt refused"));
	assert_no_model_errors();
	hand_back();
}

static void test_bad_descriptor_stops_the_queue(void **state)
{
	__u64 head;
	__u32 *status;

	(void)state;
	linux_boot();
	take_over();
	head = linux_read(IQH, 8);
	linux_queue(7, 0); /* not a descriptor of legacy mode */
	status = linux_iec(1, 0);
	assert_true(linux_read(FSTS, 4) & (1U << 4)); /* IQE */
	assert_int_equal(linux_read(IQH, 8), head);
	assert_int_equal(*status, 0);
	/* Linux's recovery: the bad slot overwritten, IQE cleared */
	ram->queue[2 * (head >> 4)] = 4;
	linux_write(FSTS, 4, 1U << 4);
	assert_int_equal(*status, 1);
	assert_int_equal(linux_read(FSTS, 4), 0);
	assert_int_equal(linux_read(IQH, 8), linux_read(IQT, 8));
	assert_no_model_errors();
	hand_back();
}

static void test_wait_status_outside_root_ram_refused(void **state)
{
	__u32 *hv_word;

	(void)state;
	linux_boot();
	take_over();
	/* the pool's last page: hypervisor memory nobody uses yet */
	hv_word = (__u32 *)((char *)pool_memory + (POOL_PAGES - 1) * PAGE_SIZE);
	*hv_word = 0x1234;
	linux_queue(5 | 1ULL << 5 | 0xdeadULL << 32, (uintptr_t)hv_word);
	linux_submit();
	assert_int_equal(*hv_word, 0x1234);
	assert_true(linux_read(FSTS, 4) & (1U << 4));
	assert_non_null(strstr(last_line, "not root RAM"));
	/* and a queue outside root RAM reads nothing */
	assert_no_model_errors();
	hand_back();
}

static void test_linux_turns_remapping_off_and_on(void **state)
{
	(void)state;
	linux_boot();
	take_over();
	linux_gcmd &= ~IRE;
	linux_write(GCMD, 4, linux_gcmd);
	assert_false(linux_read(GSTS, 4) & IRE);
	/* the unit still remaps (the cells'), Linux's entries are gone */
	assert_true(vtd_model_read32(&model, GSTS) & IRE);
	assert_blocked(DEV_ROOT, 0);
	linux_command(IRE, 1);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	/* CFI: Linux's status bit only, compatibility format stays blocked */
	linux_command(CFI, 1);
	assert_true(linux_read(GSTS, 4) & CFI);
	assert_false(vtd_model_read32(&model, GSTS) & CFI);
	assert_true(
		vtd_model_interrupt(&model, DEV_ROOT, 0xfee00000, 0x41).blocked);
	linux_gcmd &= ~CFI;
	linux_write(GCMD, 4, linux_gcmd);
	assert_no_model_errors();
	hand_back();
}

/* ---- hand-back ---- */

static void test_disable_hands_linux_its_unit(void **state)
{
	struct linux_ram before;
	__u32 *status;
	__u64 head;

	(void)state;
	linux_boot();
	take_over();
	/* Linux went on after the take-over */
	linux_entry(2, DEV_ROOT, 0x52, 0, 0);
	linux_iec(0, 2);
	linux_write(0x3c, 4, 0x77);	   /* FEDATA */
	linux_write(0x40, 4, 0xfee01000U); /* FEADDR */
	linux_write(0x38, 4, 0);	   /* FECTL unmasked */
	head = linux_read(IQH, 8);
	memcpy(&before, ram, sizeof(before));
	hand_back();
	/* the unit as Linux's view had it */
	assert_int_equal(model.irta_active,
			 (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	assert_int_equal(vtd_model_read32(&model, GSTS) &
				 (QIE | IRE | CFI | (1U << 31)),
			 QIE | IRE);
	assert_int_equal(model.iqa, (uintptr_t)ram->queue);
	assert_int_equal(vtd_model_read64(&model, IQH), head);
	assert_int_equal(vtd_model_read64(&model, IQT), head);
	assert_int_equal(vtd_model_read32(&model, 0x3c), 0x77);
	assert_int_equal(vtd_model_read32(&model, 0x40), 0xfee01000U);
	assert_int_equal(vtd_model_read32(&model, 0x38) & (1U << 31), 0);
	/* Linux's table untouched; its consumed queue slots only */
	assert_memory_equal(before.table, ram->table, sizeof(ram->table));
	assert_memory_equal(before.status, ram->status, sizeof(ram->status));
	/* interrupts through Linux's table, Linux's queue goes on */
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_delivered(DEV_ROOT, 2, 0x52, 0);
	linux_entry(2, DEV_ROOT, 0x54, 0, 0);
	status = linux_iec(0, 2);
	assert_int_equal(*status, 1);
	assert_delivered(DEV_ROOT, 2, 0x54, 0);
	assert_no_model_errors();
}

/* A unit Linux does not remap its interrupts through (intremap=off, or
 * only its queue on): the hypervisor's remapping would block all of the
 * root's compatibility-format interrupts, so it is refused by name and
 * left as it was. */
static void test_unit_without_linux_remapping_refused(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < 2; k++) {
		if (k) { /* only the queue on */
			linux_write(IQT, 8, 0);
			linux_write(IQA, 8, (uintptr_t)ram->queue);
			linux_command(QIE, 1);
		}
		assert_int_equal(vtd_setup(&v, &sys.header, &hw, &env, msg,
					   sizeof(msg)),
				 -EINVAL);
		assert_non_null(
			strstr(msg,
			       "IOMMU unit 0 at 0xfed90000: Linux does not remap "
			       "its interrupts through this unit"));
		/* as Linux left it: no remapping, its queue as it was */
		assert_int_equal(vtd_model_read32(&model, GSTS) & (IRE | QIE),
				 k ? QIE : 0);
		assert_int_equal(page_pool_used(&pool), 0);
	}
	assert_no_model_errors();
}

/* Global interrupt-entry-cache descriptors in a row are one re-read of
 * Linux's table, done before the wait that follows them. */
static void test_global_iecs_coalesced(void **state)
{
	unsigned long translated;
	unsigned int k;

	(void)state;
	linux_boot();
	take_over();
	translated = v.units[0].root.translated;
	linux_entry(2, DEV_ROOT, 0x57, 0, 0);
	for (k = 0; k < 200; k++)
		linux_queue(4, 0); /* global IEC */
	ram->status[0] = 0;
	linux_queue(5 | 1ULL << 5 | 1ULL << 32, (uintptr_t)&ram->status[0]);
	linux_submit();
	assert_int_equal(ram->status[0], 1);
	assert_int_equal(linux_read(IQH, 8), linux_read(IQT, 8));
	/* Linux's three live entries once, not 200 times */
	assert_int_equal(v.units[0].root.translated - translated, 3);
	assert_delivered(DEV_ROOT, 2, 0x57, 0);
	assert_no_model_errors();
	hand_back();
}

/* `pairs` pairs of a global IEC and a wait whose status k + 1 goes to
 * ram->status[k], submitted in one IQT write. */
static void submit_iec_waits(unsigned int pairs)
{
	unsigned int k;

	for (k = 0; k < pairs; k++) {
		ram->status[k] = 0;
		linux_queue(4, 0);
		linux_queue(5 | 1ULL << 5 | (__u64)(k + 1) << 32,
			    (uintptr_t)&ram->status[k]);
	}
	linux_submit();
}

/* A hostile (or just long) queue: 100 pairs of a global IEC and a wait,
 * each wait needing Linux's whole table (2048 entries) read first.  One
 * IQT write does a bounded part; each later access (Linux polling FSTS)
 * moves it on, and every status arrives in order. */
static void test_long_queue_bounded_per_access(void **state)
{
	unsigned int k, done, polls = 0;

	(void)state;
	linux_boot();
	take_over();
	submit_iec_waits(100);
	for (done = 0; done < 100 && ram->status[done] == done + 1; done++)
		;
	assert_true(done >= 1);
	assert_true(done <= VTD_ROOT_WORK_PER_ACCESS / LINUX_ENTRIES);
	assert_true(linux_read(IQH, 8) != linux_read(IQT, 8) ||
		    ram->status[99] == 100);
	assert_true(v.units[0].root.batches >= 1);
	while (ram->status[99] != 100 && polls < 200) {
		linux_read(FSTS, 4);
		polls++;
	}
	for (k = 0; k < 100; k++)
		assert_int_equal(ram->status[k], k + 1);
	assert_true(polls <= 100);
	assert_int_equal(linux_read(IQH, 8), linux_read(IQT, 8));
	assert_int_equal(linux_read(FSTS, 4) & (1U << 4), 0);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_no_model_errors();
	hand_back();
}

/* Disable while the queue is half run: the unit goes on from Linux's
 * IQH with Linux's table, and the rest of the waits complete there. */
static void test_hand_back_mid_queue(void **state)
{
	unsigned int k;

	(void)state;
	linux_boot();
	take_over();
	submit_iec_waits(20);
	assert_true(ram->status[19] != 20);
	hand_back();
	for (k = 0; k < 20; k++)
		assert_int_equal(ram->status[k], k + 1);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_no_model_errors();
}

/* The HPET (DMAR scope: its number and source ID, here 00:1f.0 as on
 * many chipsets): Linux's entry for its MSI is taken over like any root
 * entry and delivers; a cell that names a device with the HPET's source
 * ID is refused, as it would make that entry a cell's source. */
#define HPET_SID 0x00f8

static void test_hpet_entry_kept_for_the_root(void **state)
{
	struct cell_config hpet_cell;

	(void)state;
	sys.header.num_iommu_scopes = 1;
	sys.scopes[0] =
		(struct jailhouse_iommu_scope){ .type = JAILHOUSE_SCOPE_HPET,
						.id = 0,
						.bdf = HPET_SID };
	linux_entry(3, HPET_SID, 0x62, 1, 0);
	linux_boot();
	take_over();
	assert_delivered(HPET_SID, 3, 0x62, 1);
	assert_blocked(DEV_ROOT, 3);
	assert_int_equal(v.units[0].root.refused, 0);
	hpet_cell = cell;
	hpet_cell.pci[0].bdf = HPET_SID;
	assert_int_equal(vtd_cell_check(&v, &hpet_cell.header, msg,
					sizeof(msg)),
			 -EINVAL);
	assert_string_equal(
		msg,
		"cell \"irq-cell\": PCI device 0000:00:1f.0 has the requester ID of HPET 0 (DMAR scope 0), which the root's interrupts are verified against: it stays with the root cell");
	assert_int_equal(vtd_cell_check(&v, &cell.header, msg, sizeof(msg)), 0);
	create_cell();
	assert_delivered(HPET_SID, 3, 0x62, 1);
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	assert_no_model_errors();
	hand_back();
}

static void test_unit_in_use_without_root_env_refused(void **state)
{
	(void)state;
	linux_boot();
	assert_int_equal(vtd_setup(&v, &sys.header, &hw, &env_without_root, msg,
				   sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "already in use"));
	assert_non_null(strstr(msg, "cannot take it over"));
	/* Linux's unit untouched */
	assert_int_equal(model.irta_active & ~0xfffULL, (uintptr_t)ram->table);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_int_equal(page_pool_used(&pool), 0);
}

static void test_emulation_refuses_odd_accesses(void **state)
{
	__u64 value;

	(void)state;
	linux_boot();
	take_over();
	assert_int_equal(vtd_root_read(&v, 0, 0x1e, 2, &value), -EINVAL);
	assert_int_equal(vtd_root_read(&v, 0, 0x1a, 4, &value), -EINVAL);
	assert_int_equal(vtd_root_write(&v, 0, 0x84, 8, 0), -EINVAL);
	assert_int_equal(vtd_root_read(&v, 1, 0x1c, 4, &value), -EINVAL);
	/* DMA remapping commands change only Linux's status bits */
	linux_command(1U << 31, 1);
	assert_true(linux_read(GSTS, 4) & (1U << 31));
	assert_non_null(strstr(last_line, "DMA translation on"));
	assert_int_equal(vtd_model_read64(&model, 0x20) & ~0xfffULL,
			 (uintptr_t)v.units[0].root_table);
	linux_gcmd &= ~(1U << 31);
	linux_write(GCMD, 4, linux_gcmd);
	assert_no_model_errors();
	hand_back();
}

static void test_xapic_linux_entries(void **state)
{
	(void)state;
	model_cfg.eim = 0;
	vtd_model_init(&model, &model_cfg, &model_memory);
	sys.header.platform.apic_mode = JAILHOUSE_APIC_MODE_XAPIC;
	linux_boot();
	/* Linux in xAPIC mode: IRTA without EIME, DST in 15:8 */
	linux_write(IRTA, 8, (uintptr_t)ram->table | LINUX_S);
	linux_command(SIRTP, 0);
	linux_iec(1, 0);
	ram->table[2 * 0] = 1 | 0x41ULL << 16 | 1ULL << 40;
	/* flat logical 0x06: APIC IDs 1 (root) and 2 (cell) */
	ram->table[2 * 4 + 1] = 1ULL << 18 | DEV_ROOT;
	ram->table[2 * 4] = 1 | 4 | 0x71ULL << 16 | 0x06ULL << 40;
	/* flat logical 0x04: only the cell's CPU */
	ram->table[2 * 5 + 1] = 1ULL << 18 | DEV_ROOT;
	ram->table[2 * 5] = 1 | 4 | 0x72ULL << 16 | 0x04ULL << 40;
	/* a destination in the bits xAPIC format reserves */
	ram->table[2 * 6 + 1] = 1ULL << 18 | DEV_ROOT;
	ram->table[2 * 6] = 1 | 0x73ULL << 16 | 1ULL << 32;
	linux_iec(1, 0);
	take_over();
	assert_false(model.irta_active & 0x800);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_delivered(DEV_ROOT, 4, 0x71, 1);
	assert_blocked(DEV_ROOT, 5);
	assert_blocked(DEV_ROOT, 6);
	assert_int_equal(v.units[0].root.refused, 2);
	assert_no_model_errors();
	hand_back();
	assert_int_equal(model.irta_active, (uintptr_t)ram->table | LINUX_S);
}

static void test_setup_failure_gives_linux_its_unit_back(void **state)
{
	(void)state;
	linux_boot();
	model.stuck = 1U << 31; /* TE never acknowledged */
	assert_int_equal(vtd_setup(&v, &sys.header, &hw, &env, msg,
				   sizeof(msg)),
			 -EIO);
	assert_non_null(strstr(msg, "did not answer"));
	model.stuck = 0;
	assert_int_equal(page_pool_used(&pool), 0);
	assert_int_equal(model.irta_active,
			 (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	assert_int_equal(vtd_model_read32(&model, GSTS) & (QIE | IRE),
			 QIE | IRE);
	assert_int_equal(model.iqa, (uintptr_t)ram->queue);
	assert_int_equal(vtd_model_read64(&model, IQH), (__u64)linux_tail << 4);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	/* Linux's queue works again as before */
	linux_entry(2, DEV_ROOT, 0x55, 0, 0);
	assert_int_equal(*linux_iec(0, 2), 1);
	assert_delivered(DEV_ROOT, 2, 0x55, 0);
	assert_no_model_errors();
}

static void test_linux_moves_its_table(void **state)
{
	static __u64 other[2 * 256] __attribute__((aligned(4096)));

	(void)state;
	linux_boot();
	take_over();
	/* outside root RAM: refused entry by entry (none is read) */
	memset(other, 0, sizeof(other));
	linux_write(IRTA, 8, (uintptr_t)other | 1ULL << 11 | 7);
	printed = 0;
	linux_command(SIRTP, 0);
	/* 256 refusals: four lines and a count */
	assert_int_equal(printed, 5);
	assert_non_null(strstr(last_line, "252 more root entries refused"));
	assert_blocked(DEV_ROOT, 0);
	/* back to the table in root RAM */
	linux_write(IRTA, 8, (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	linux_command(SIRTP, 0);
	linux_iec(1, 0);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_no_model_errors();
	hand_back();
}

static void test_hand_back_with_linux_remapping_off(void **state)
{
	(void)state;
	linux_boot();
	take_over();
	linux_gcmd &= ~IRE;
	linux_write(GCMD, 4, linux_gcmd);
	hand_back();
	assert_false(vtd_model_read32(&model, GSTS) & IRE);
	assert_true(vtd_model_read32(&model, GSTS) & QIE);
	assert_int_equal(model.irta_active,
			 (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	assert_no_model_errors();
}

static void test_disable_retried_after_the_unit_did_not_answer(void **state)
{
	(void)state;
	linux_boot();
	take_over();
	/* the hypervisor's queue never goes off: the disable fails after
	 * Linux's table is back, and keeps the unit */
	model.stuck = QIE;
	assert_int_equal(vtd_disable(&v, msg, sizeof(msg)), -EIO);
	assert_non_null(strstr(msg, "did not answer"));
	assert_non_null(strstr(msg, "invalidation queue"));
	assert_int_equal(model.irta_active,
			 (uintptr_t)ram->table | 1ULL << 11 | LINUX_S);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_true(page_pool_used(&pool) > 0);
	/* once it answers, a second disable finishes from there */
	model.stuck = 0;
	hand_back();
	assert_int_equal(model.iqa, (uintptr_t)ram->queue);
	assert_int_equal(vtd_model_read64(&model, IQH), (__u64)linux_tail << 4);
	assert_int_equal(*linux_iec(1, 0), 1);
	assert_delivered(DEV_ROOT, 0, 0x41, 1);
	assert_no_model_errors();
}

/* Linux's IOAPIC entry in remappable format, through the root's filter,
 * then sent by the IOAPIC as the unit sees it: the index it names. */
static __u64 root_rte(__u64 rte, int root_remapped)
{
	struct ioapic_rte_result res = root_filter(rte, root_remapped, cpus, 4);

	return res.verdict == IOAPIC_RTE_WRITE ? res.rte : 0;
}

static unsigned int rte_index(__u64 rte)
{
	return (unsigned int)(rte >> 49) |
	       (rte & IOAPIC_RTE_HANDLE15 ? 0x8000 : 0);
}

static void test_ioapic_entry_of_linux_through_the_filter(void **state)
{
	/* pin with Linux's entry 1: level, vector 0x30 */
	__u64 rte = IOAPIC_RTE_REMAPPABLE | 1ULL << 49 |
		    IOAPIC_RTE_TRIGGER_LEVEL | 0x30;
	__u64 out;

	(void)state;
	linux_boot();
	take_over();
	out = root_rte(rte, 1);
	assert_int_equal(out, rte);
	assert_delivered(IOAPIC_SID, rte_index(out), 0x30, 0);
	/* naming an entry that is not the IOAPIC's: its source check */
	assert_blocked(IOAPIC_SID, 0);
	/* a cell (no root_remapped) cannot write one */
	assert_int_equal(root_rte(rte, 0), 0);
	assert_no_model_errors();
	hand_back();
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_take_over_keeps_linux_interrupts),
		T(test_linux_queue_through_the_emulation),
		T(test_hostile_root_entries_refused),
		T(test_root_virtual_device_message),
		T(test_root_faults_reach_linux),
		T(test_root_fault_records_overflow),
		T(test_root_fault_message_checked),
		T(test_logical_destination_narrowed_to_a_root_cpu),
		T(test_cpu_given_to_a_cell_revalidated),
		T(test_entry_beyond_the_table_refused),
		T(test_bigger_table_holds_higher_entries),
		T(test_cells_take_entries_from_the_top),
		T(test_wait_completion_interrupt),
		T(test_bad_descriptor_stops_the_queue),
		T(test_wait_status_outside_root_ram_refused),
		T(test_linux_turns_remapping_off_and_on),
		T(test_disable_hands_linux_its_unit),
		T(test_unit_without_linux_remapping_refused),
		T(test_global_iecs_coalesced),
		T(test_long_queue_bounded_per_access),
		T(test_hand_back_mid_queue),
		T(test_hpet_entry_kept_for_the_root),
		T(test_unit_in_use_without_root_env_refused),
		T(test_emulation_refuses_odd_accesses),
		T(test_xapic_linux_entries),
		T(test_setup_failure_gives_linux_its_unit_back),
		T(test_linux_moves_its_table),
		T(test_hand_back_with_linux_remapping_off),
		T(test_disable_retried_after_the_unit_did_not_answer),
		T(test_ioapic_entry_of_linux_through_the_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
