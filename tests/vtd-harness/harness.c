// SPDX-License-Identifier: GPL-2.0
/*
 * vtd-harness.ko: hypervisor-x86/arch/vtd-{tables,queue,cells,fault,ir}.c,
 * unchanged, driving the real remapping unit of the QEMU PC (QEMU's
 * intel-iommu model) while two edu devices do real DMA
 * (Documentation/vtd.md, "The QEMU harness").
 *
 * Linux boots with intel_iommu=off intremap=off, so the unit is off and
 * nobody's; the harness takes it for the time of insmod and hands it back
 * as it found it.  A root cell owning both edus and a page range of
 * Linux's memory (1:1, like the root), then a cell taking one edu and
 * one page of that range at another address, as the hypervisor does at
 * enable, cell create and destroy.  Every fault is read through the
 * code's fault path (vtd_fault_event) and printed with its sentence.
 *
 * That is mode=tables, the default.  mode=root (root.c) instead takes
 * over a unit Linux's interrupt remapping runs on, from insmod to rmmod.
 *
 * Output, one line each: "vtd-harness: PASS name", "vtd-harness: FAIL
 * name: why", "vtd-harness: SKIP: why" (the machine lacks something), and
 * "vtd-harness: N passed, N failed" at the end.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/string.h>

#include "harness.h"
#include "vtd-regs.h"

#define ROOT_PAGES 8 /* the root's DMA region: ram pages 0..7 */
#define PAGE_SRC 0   /* patterns come from here */
#define PAGE_DST 1   /* the root's DMA lands here */
#define PAGE_CELL 3  /* the cell takes this page */
#define PAGE_CELL2 5 /* ... and this one when it is created again */
/* where the cell sees its page: far above the guest's RAM, so that the
 * root's 1:1 domain has nothing there */
#define IOVA_CELL 0x8000000000ULL
#define CHUNK 256		/* bytes per DMA */
#define POOL_ORDER 6		/* 64 pages for the VT-d code's tables */
#define CELL_ID 1		/* domain ID CELL_ID + 1 */
#define HV_MEMORY 0x3a000000ULL /* memmap= of the rig's command line */
#define HV_MEMORY_SIZE 0x600000ULL

#define FAULT_WRITE 0x5 /* spec: write to a page not mapped writable */
#define FAULT_READ 0x6	/* spec: read of a page not mapped readable */

struct sys_config {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[EDU_MAX];
} __packed;

struct cell_config {
	struct jailhouse_cell_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[1];
} __packed;

static struct harness_unit unit;
static struct harness_env env;
static struct vtd_hw hw;
static struct vtd v;
static struct edu edu[EDU_MAX];
static int num_edu;
static struct page *ram;     /* ROOT_PAGES pages */
static struct page *outside; /* in no domain */
static struct sys_config sys;
static struct cell_config cell;
static unsigned int passed, failed;
static char msg[300];
static __u64 clock_ms;

/* ---- results ---- */

int harness_check(int ok, const char *name, const char *why)
{
	if (ok) {
		pr_info("vtd-harness: PASS %s\n", name);
		passed++;
	} else {
		pr_info("vtd-harness: FAIL %s: %s\n", name, why);
		failed++;
	}
	return ok;
}

unsigned int harness_passed(void)
{
	return passed;
}

unsigned int harness_failed(void)
{
	return failed;
}

/* ---- memory ---- */

static u8 *ram_virt(unsigned int page)
{
	return (u8 *)page_address(ram) + page * PAGE_SIZE;
}

static u64 ram_phys(unsigned int page)
{
	return page_to_phys(ram) + page * PAGE_SIZE;
}

static int all_bytes(const u8 *p, u8 value, unsigned int size)
{
	while (size--)
		if (*p++ != value)
			return 0;
	return 1;
}

/* ---- configs ---- */

static struct jailhouse_pci_device edu_config(const struct edu *e)
{
	return (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.iommu = 0,
		.domain = unit.config.segment,
		.bdf = e->bdf,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
	};
}

static void fill_sys_config(int x2apic)
{
	struct jailhouse_system_desc *h = &sys.header;
	int n;

	memset(&sys, 0, sizeof(sys));
	memcpy(h->signature, JAILHOUSE_SYSTEM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	h->revision = JAILHOUSE_CONFIG_REVISION;
	h->hypervisor_memory = (struct jailhouse_memory){
		.phys_start = HV_MEMORY,
		.size = HV_MEMORY_SIZE,
		.flags = JAILHOUSE_MEM_RW,
	};
	h->platform.apic_mode = x2apic ? JAILHOUSE_APIC_MODE_X2APIC :
					 JAILHOUSE_APIC_MODE_XAPIC;
	h->platform.num_iommu_units = 1;
	h->platform.iommu_ir_order = 10;
	h->platform.iommu_units[0] = unit.config;
	memcpy(h->root_cell.signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	strscpy(h->root_cell.name, "root", sizeof(h->root_cell.name));
	h->root_cell.cpu_set_size = sizeof(sys.cpus);
	h->root_cell.num_memory_regions = 1;
	h->root_cell.num_pci_devices = EDU_MAX;
	sys.cpus[0] = 1;
	/* 1:1, as the root's RAM is */
	sys.mem[0] = (struct jailhouse_memory){
		.phys_start = ram_phys(0),
		.virt_start = ram_phys(0),
		.size = ROOT_PAGES * PAGE_SIZE,
		.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA,
	};
	for (n = 0; n < EDU_MAX; n++)
		sys.pci[n] = edu_config(&edu[n]);
}

/* A cell with root page `page` at IOVA_CELL and, with `devices`, edu 1
 * naming unit `iommu`. */
static void fill_cell_config(unsigned int page, unsigned int iommu, int devices)
{
	struct jailhouse_cell_desc *h = &cell.header;

	memset(&cell, 0, sizeof(cell));
	memcpy(h->signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	h->revision = JAILHOUSE_CONFIG_REVISION;
	strscpy(h->name, "dma-cell", sizeof(h->name));
	h->cpu_set_size = sizeof(cell.cpus);
	h->num_memory_regions = 1;
	h->num_pci_devices = devices ? 1 : 0;
	cell.cpus[0] = 2;
	cell.mem[0] = (struct jailhouse_memory){
		.phys_start = ram_phys(page),
		.virt_start = IOVA_CELL,
		.size = PAGE_SIZE,
		.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA,
	};
	cell.pci[0] = edu_config(&edu[1]);
	cell.pci[0].iommu = iommu;
}

/* ---- faults, through the code's fault path ---- */

struct fault_log {
	struct vtd_fault fault[4];
	unsigned int count;
};

static const char *owner(__u16 bdf)
{
	switch (vtd_context_domain(&v.units[0], bdf)) {
	case 0:
		return "no domain";
	case 1:
		return "root";
	default:
		return cell.header.name;
	}
}

static void log_fault(const struct vtd_fault *f, void *ctx)
{
	struct fault_log *log = ctx;
	char line[200];

	vtd_fault_format(f, owner(f->source_id), line, sizeof(line));
	pr_info("vtd-harness: %s\n", line);
	if (log->count < ARRAY_SIZE(log->fault))
		log->fault[log->count++] = *f;
}

/* Every pending record.  The clock moves a full window per call: each
 * fault is checked here, the rate limit has its host unit tests. */
static void read_faults(struct fault_log *log)
{
	log->count = 0;
	clock_ms += VTD_FAULT_WINDOW_MS;
	vtd_fault_event(&v.units[0], clock_ms, log_fault, log);
}

static int one_fault(const struct fault_log *log, const struct edu *e,
		     u64 address, int is_write, unsigned int reason, char *why,
		     size_t size)
{
	const struct vtd_fault *f = &log->fault[0];

	if (log->count != 1) {
		snprintf(why, size, "%u fault records, expected 1", log->count);
		return 0;
	}
	if (f->source_id == e->bdf && f->address == address &&
	    f->is_write == is_write && f->reason == reason)
		return 1;
	snprintf(why, size,
		 "fault of source ID 0x%04x at 0x%llx %s reason 0x%x, expected 0x%04x at 0x%llx %s reason 0x%x",
		 f->source_id, (unsigned long long)f->address,
		 f->is_write ? "write" : "read", f->reason, e->bdf,
		 (unsigned long long)address, is_write ? "write" : "read",
		 reason);
	return 0;
}

/* ---- DMA checks ---- */

/* edu `e` copies CHUNK bytes from `src` to `dst` through its buffer. */
static int dma_copy(struct edu *e, u64 src, u64 dst)
{
	return edu_dma(e, src, 0, CHUNK, 0) ?: edu_dma(e, dst, 0, CHUNK, 1);
}

/* A copy between two mapped addresses lands at `dst_virt`, no fault. */
static void expect_lands(const char *name, struct edu *e, u64 src, u8 *src_virt,
			 u64 dst, u8 *dst_virt, u8 pattern)
{
	struct fault_log log;
	char why[200] = "";
	int err, ok;

	memset(src_virt, pattern, CHUNK);
	memset(dst_virt, 0, CHUNK);
	err = dma_copy(e, src, dst);
	read_faults(&log);
	ok = !err && all_bytes(dst_virt, pattern, CHUNK) && !log.count;
	if (err)
		snprintf(why, sizeof(why), "edu did not finish (%d)", err);
	else if (log.count)
		snprintf(why, sizeof(why), "%u unexpected fault(s)", log.count);
	else if (!ok)
		snprintf(why, sizeof(why),
			 "the data did not land at 0x%llx (phys 0x%llx): first byte 0x%02x, expected 0x%02x",
			 (unsigned long long)dst,
			 (unsigned long long)__pa(dst_virt), dst_virt[0],
			 pattern);
	harness_check(ok, name, why);
}

/* A write to `dst` is blocked: `dst_virt` (if any) unchanged, and one
 * write fault of `e` at `dst` recorded.  The data comes from `src`. */
static void expect_write_blocked(const char *name, struct edu *e, u64 src,
				 u8 *src_virt, u64 dst, u8 *dst_virt)
{
	struct fault_log log;
	char why[200] = "";
	int err, ok;

	memset(src_virt, 0xa5, CHUNK);
	if (dst_virt)
		memset(dst_virt, 0x5a, CHUNK);
	err = dma_copy(e, src, dst);
	read_faults(&log);
	ok = !err && one_fault(&log, e, dst, 1, FAULT_WRITE, why, sizeof(why));
	if (err)
		snprintf(why, sizeof(why), "edu did not finish (%d)", err);
	if (ok && dst_virt && !all_bytes(dst_virt, 0x5a, CHUNK)) {
		snprintf(why, sizeof(why), "the write reached phys 0x%llx",
			 (unsigned long long)__pa(dst_virt));
		ok = 0;
	}
	harness_check(ok, name, why);
}

/* A read of `src` is blocked: none of its bytes reaches the device (its
 * buffer, copied to `dst`), one read fault of `e` at `src` recorded. */
static void expect_read_blocked(const char *name, struct edu *e, u64 src,
				u8 *src_virt, u64 dst, u8 *dst_virt)
{
	struct fault_log log;
	char why[200] = "";
	int err, ok;

	memset(src_virt, 0xc3, CHUNK);
	memset(dst_virt, 0x11, CHUNK);
	/* the buffer holds 0x11 first: what the blocked read leaves there
	 * is anything but the secret */
	err = edu_dma(e, dst, 0, CHUNK, 0) ?: edu_dma(e, src, 0, CHUNK, 0);
	err = err ?: edu_dma(e, dst, 0, CHUNK, 1);
	read_faults(&log);
	ok = !err && one_fault(&log, e, src, 0, FAULT_READ, why, sizeof(why));
	if (err)
		snprintf(why, sizeof(why), "edu did not finish (%d)", err);
	if (ok && memchr(dst_virt, 0xc3, CHUNK)) {
		snprintf(why, sizeof(why), "the device read the page's data");
		ok = 0;
	}
	harness_check(ok, name, why);
}

static void expect_domain(const char *name, const struct edu *e, __u16 id)
{
	__u16 got = vtd_context_domain(&v.units[0], e->bdf);
	char why[80];

	snprintf(why, sizeof(why), "context entry names domain %u, not %u", got,
		 id);
	harness_check(got == id, name, why);
}

/* ---- the sequence ---- */

static int setup(void)
{
	struct vtd_unit *u = &v.units[0];
	char why[120];
	u32 status;
	int err;

	err = vtd_setup(&v, &sys.header, &hw, &env.env, msg, sizeof(msg));
	if (!harness_check(!err, "setup", msg))
		return err;
	pr_info("vtd-harness: unit at 0x%llx: CAP 0x%llx ECAP 0x%llx, caching mode %s, coherent walks %s, MGAW %u\n",
		(unsigned long long)unit.config.base,
		(unsigned long long)u->cap, (unsigned long long)u->ecap,
		u->cap & VTD_CAP_CM ? "on" : "off",
		u->ecap & VTD_ECAP_C ? "yes" : "no", VTD_CAP_MGAW(u->cap));
	status = readl(unit.regs + VTD_REG_GSTS);
	snprintf(why, sizeof(why),
		 "GSTS 0x%08x, RTADDR 0x%llx (the root table is at 0x%llx)",
		 status, (unsigned long long)readq(unit.regs + VTD_REG_RTADDR),
		 (unsigned long long)__pa(u->root_table));
	harness_check((status & VTD_GCMD_TE) && (status & VTD_GCMD_QIE) &&
			      readq(unit.regs + VTD_REG_RTADDR) ==
				      __pa(u->root_table),
		      "unit-translates", why);
	return 0;
}

static void root_phase(void)
{
	u64 out = page_to_phys(outside);

	expect_domain("root-devices-in-root-domain", &edu[1], 1);
	expect_lands("root-dma-lands", &edu[0], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(PAGE_DST), ram_virt(PAGE_DST),
		     0x21);
	/* both devices reach (and the unit caches) the page the cell will
	 * take: after create, only invalidations can make it go */
	expect_lands("root-dma-lands-second-device", &edu[1],
		     ram_phys(PAGE_SRC), ram_virt(PAGE_SRC),
		     ram_phys(PAGE_CELL), ram_virt(PAGE_CELL), 0x22);
	expect_lands("root-dma-reaches-page-before-cell", &edu[0],
		     ram_phys(PAGE_SRC), ram_virt(PAGE_SRC),
		     ram_phys(PAGE_CELL), ram_virt(PAGE_CELL), 0x23);
	expect_write_blocked("unmapped-write-blocked", &edu[0],
			     ram_phys(PAGE_SRC), ram_virt(PAGE_SRC), out,
			     page_address(outside));
	expect_read_blocked("unmapped-read-blocked", &edu[0], out,
			    page_address(outside), ram_phys(PAGE_DST),
			    ram_virt(PAGE_DST));
	expect_write_blocked("hypervisor-memory-blocked", &edu[0],
			     ram_phys(PAGE_SRC), ram_virt(PAGE_SRC), HV_MEMORY,
			     NULL);
}

/* A cell naming a unit the system config does not declare: refused with
 * a sentence, and nothing changed. */
static void refused_cell(void)
{
	int err;

	fill_cell_config(PAGE_CELL, 1, 1);
	err = vtd_cell_create(&v, CELL_ID, &cell.header, msg, sizeof(msg));
	pr_info("vtd-harness: refusal: %s\n", err ? msg : "(none)");
	harness_check(err == -EINVAL && strstr(msg, "does not declare"),
		      "cell-refused-undeclared-unit",
		      "the cell was not refused");
	expect_domain("refused-cell-changed-nothing", &edu[1], 1);
	expect_lands("refused-cell-root-dma-lands", &edu[1], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(PAGE_CELL),
		     ram_virt(PAGE_CELL), 0x24);
}

/* A cell with memory but no device: the root loses the page, and only
 * the invalidation of the root's own domain can make the unit forget
 * what it cached of it (no device moves, whose invalidations would hide
 * a missing one). */
static void deviceless_cell(void)
{
	int err;

	expect_lands("root-dma-caches-page", &edu[0], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(PAGE_CELL),
		     ram_virt(PAGE_CELL), 0x25);
	fill_cell_config(PAGE_CELL, 0, 0);
	err = vtd_cell_create(&v, CELL_ID, &cell.header, msg, sizeof(msg));
	if (!harness_check(!err, "deviceless-cell-create", msg))
		return;
	expect_write_blocked("deviceless-cell-root-lost-memory", &edu[0],
			     ram_phys(PAGE_SRC), ram_virt(PAGE_SRC),
			     ram_phys(PAGE_CELL), ram_virt(PAGE_CELL));
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	expect_lands("deviceless-cell-memory-back", &edu[0], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(PAGE_CELL),
		     ram_virt(PAGE_CELL), 0x26);
}

/* The cell with edu 1 and root page `page` at IOVA_CELL. */
static int cell_phase(unsigned int page, const char *lands)
{
	u8 *cell_virt = ram_virt(page);
	int err;

	fill_cell_config(page, 0, 1);
	err = vtd_cell_create(&v, CELL_ID, &cell.header, msg, sizeof(msg));
	if (!harness_check(!err, "cell-create", msg))
		return err;
	expect_domain("cell-device-in-cell-domain", &edu[1], CELL_ID + 1);
	/* source and destination both in the cell's page */
	expect_lands(lands, &edu[1], IOVA_CELL, cell_virt,
		     IOVA_CELL + PAGE_SIZE / 2, cell_virt + PAGE_SIZE / 2,
		     0x31 + page);
	expect_write_blocked("cell-cannot-reach-root-memory", &edu[1],
			     IOVA_CELL, cell_virt, ram_phys(PAGE_DST),
			     ram_virt(PAGE_DST));
	expect_write_blocked("root-lost-cell-memory", &edu[0],
			     ram_phys(PAGE_SRC), ram_virt(PAGE_SRC),
			     ram_phys(page), cell_virt);
	expect_lands("root-dma-still-lands", &edu[0], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(PAGE_DST), ram_virt(PAGE_DST),
		     0x41);
	return 0;
}

static void destroy_phase(unsigned int page)
{
	vtd_cell_destroy(&v, CELL_ID, &cell.header);
	expect_domain("device-back-in-root-domain", &edu[1], 1);
	expect_lands("device-back-dma-lands", &edu[1], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(page), ram_virt(page), 0x51);
	expect_write_blocked("cell-address-gone", &edu[1], ram_phys(PAGE_SRC),
			     ram_virt(PAGE_SRC), IOVA_CELL, NULL);
	expect_lands("root-has-cell-memory-back", &edu[0], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), ram_phys(page), ram_virt(page), 0x52);
}

static void shutdown_phase(void)
{
	u32 status;
	char why[120];

	vtd_shutdown(&v);
	status = readl(unit.regs + VTD_REG_GSTS);
	snprintf(why, sizeof(why),
		 "GSTS 0x%08x, %lu table pages not given back", status,
		 page_pool_used(&env.pool));
	harness_check(!(status & (VTD_GCMD_TE | VTD_GCMD_QIE | VTD_GCMD_IRE)) &&
			      !page_pool_used(&env.pool),
		      "shutdown", why);
	/* the device's DMA goes to memory untranslated again, as Linux
	 * had it */
	expect_lands("untranslated-after-shutdown", &edu[0], ram_phys(PAGE_SRC),
		     ram_virt(PAGE_SRC), page_to_phys(outside),
		     page_address(outside), 0x61);
}

static void run(void)
{
	fill_sys_config(0);
	if (setup())
		return;
	root_phase();
	ir_phase(&v, edu, unit.regs);
	refused_cell();
	deviceless_cell();
	if (!cell_phase(PAGE_CELL, "cell-dma-lands-where-mapped")) {
		destroy_phase(PAGE_CELL);
		pr_info("vtd-harness: the cell again, its address on another page\n");
		/* the same domain ID, the cell's address on another page:
		 * nothing the unit cached of the first cell may remain */
		if (!cell_phase(PAGE_CELL2,
				"reused-domain-no-stale-translation"))
			destroy_phase(PAGE_CELL2);
	}
	shutdown_phase();
}

/* ---- the unit as Linux left it ---- */

struct unit_state {
	u32 gsts, fectl;
	u64 rtaddr, iqa, irta;
};

static void unit_state_read(struct unit_state *s)
{
	s->gsts = readl(unit.regs + VTD_REG_GSTS);
	s->fectl = readl(unit.regs + VTD_REG_FECTL);
	s->rtaddr = readq(unit.regs + VTD_REG_RTADDR);
	s->iqa = readq(unit.regs + VTD_REG_IQA);
	s->irta = readq(unit.regs + VTD_REG_IRTA);
}

/* The enable bits of GSTS; RTPS stays set once a root table pointer was
 * latched (the spec has no way to clear it), and it says nothing about
 * whether the unit is in use. */
#define GSTS_ENABLES (VTD_GCMD_TE | VTD_GCMD_QIE | VTD_GCMD_IRE | VTD_GCMD_CFI)

static void unit_state_restore(const struct unit_state *before)
{
	struct unit_state now;
	char why[200];

	/* translation and the queue are off (shutdown): the registers
	 * may be written back without a command */
	writeq(before->rtaddr, unit.regs + VTD_REG_RTADDR);
	writeq(0, unit.regs + VTD_REG_IQT);
	writeq(before->iqa, unit.regs + VTD_REG_IQA);
	writeq(before->irta, unit.regs + VTD_REG_IRTA); /* IRE is off */
	writel(before->fectl, unit.regs + VTD_REG_FECTL);
	/* FECTL.IP (interrupt pending) went up with the faults, masked.  The
	 * spec clears it once every fault record is cleared; QEMU looks
	 * again only when FSTS is written, and writing 0 to FSTS (all bits
	 * write-1-to-clear) changes nothing on a real unit. */
	writel(0, unit.regs + VTD_REG_FSTS);
	unit_state_read(&now);
	snprintf(why, sizeof(why),
		 "GSTS 0x%08x FECTL 0x%08x RTADDR 0x%llx, before GSTS 0x%08x FECTL 0x%08x RTADDR 0x%llx",
		 now.gsts, now.fectl, (unsigned long long)now.rtaddr,
		 before->gsts, before->fectl,
		 (unsigned long long)before->rtaddr);
	harness_check((now.gsts & GSTS_ENABLES) ==
				      (before->gsts & GSTS_ENABLES) &&
			      now.fectl == before->fectl &&
			      now.rtaddr == before->rtaddr,
		      "unit-restored", why);
	/* QEMU reads IQA back as the queue base latched at the last QIE
	 * enable, not as written; a real unit reads what was written */
	pr_info("vtd-harness: IQA written back as 0x%llx, reads 0x%llx\n",
		(unsigned long long)before->iqa, (unsigned long long)now.iqa);
}

/* ---- the module ---- */

int harness_prepare(int linux_ir, char *why, size_t size)
{
	u32 gsts;

	if (harness_unit_find(&unit, why, size))
		return -ENODEV;
	harness_unit_hw(&unit, &hw);
	num_edu = edu_find(edu, EDU_MAX);
	if (num_edu < EDU_MAX) {
		snprintf(why, size,
			 "%d edu device(s), the harness needs %d (-device edu,dma_mask=0xffffffffffffffff twice)",
			 num_edu, EDU_MAX);
		return -ENODEV;
	}
	ram = alloc_pages(GFP_KERNEL | __GFP_ZERO,
			  get_order(ROOT_PAGES * PAGE_SIZE));
	outside = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!ram || !outside || harness_env_init(&env, POOL_ORDER)) {
		snprintf(why, size, "out of memory");
		return -ENOMEM;
	}
	gsts = readl(unit.regs + VTD_REG_GSTS);
	if (!linux_ir && (gsts & (VTD_GCMD_TE | VTD_GCMD_QIE | VTD_GCMD_IRE))) {
		snprintf(why, size,
			 "Linux uses the unit (GSTS 0x%08x): boot with intel_iommu=off intremap=off",
			 gsts);
		return -EBUSY;
	}
	return 0;
}

void harness_release(void)
{
	harness_env_free(&env);
	if (outside)
		__free_page(outside);
	if (ram)
		__free_pages(ram, get_order(ROOT_PAGES * PAGE_SIZE));
	outside = NULL;
	ram = NULL;
	edu_release(edu, num_edu);
	num_edu = 0;
	harness_unit_unmap(&unit);
}

void harness_parts(struct harness_parts *p)
{
	*p = (struct harness_parts){
		.unit = &unit,
		.env = &env,
		.hw = &hw,
		.v = &v,
		.edu = edu,
	};
}

const struct jailhouse_system_desc *harness_sys(int x2apic)
{
	fill_sys_config(x2apic);
	return &sys.header;
}

const struct jailhouse_cell_desc *harness_cell_with_edu1(void)
{
	fill_cell_config(PAGE_CELL, 0, 1);
	return &cell.header;
}

/* "tables" (the default): the checks above on a unit Linux left off;
 * "root": root.c, the take-over of the unit Linux's interrupt remapping
 * runs on, held from insmod to rmmod. */
static char *mode = "tables";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "tables (default) or root");

static int root_mode(void)
{
	return !strcmp(mode, "root");
}

static int __init harness_init(void)
{
	struct unit_state before;
	char why[160] = "";

	pr_info("vtd-harness: begin (mode %s)\n", mode);
	if (root_mode()) {
		root_begin();
		return 0;
	}
	if (strcmp(mode, "tables")) {
		pr_info("vtd-harness: mode \"%s\" is neither tables nor root: nothing done\n",
			mode);
		return -EINVAL;
	}
	if (harness_prepare(0, why, sizeof(why))) {
		pr_info("vtd-harness: SKIP: %s\n", why);
	} else {
		unit_state_read(&before);
		run();
		unit_state_restore(&before);
	}
	harness_release();
	pr_info("vtd-harness: %u passed, %u failed\n", passed, failed);
	return 0;
}

static void __exit harness_exit(void)
{
	if (!root_mode())
		return;
	root_end();
	harness_release();
	pr_info("vtd-harness: %u passed, %u failed\n", passed, failed);
}

module_init(harness_init);
module_exit(harness_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hypervisor VT-d code against a real remapping unit");
