// SPDX-License-Identifier: GPL-2.0
/*
 * pci.c, the PCI unit, on the host: ownership, the refusals of
 * cell_check, a device's way from the root to a cell and back (saved,
 * stopped, reset, restored), and who sees what through the ports and
 * through MMCONFIG.  The devices are config-space images behind fake
 * ports 0xcf8/0xcfc (and fake ECAM pages); the root config lists a host
 * bridge, an e1000 (00:02.0), a PCIe device with FLR (00:03.0) and a
 * device that is not there (00:04.0).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "pci.h"
#include "pci-msi.h"
#include "ioapic.h"
#include "ioapic-filter.h"
#include "fake-ivshmem.h"
#include "mmio-traps.h"
#include "printk.h"
#include "processor.h"
#include "unit.h"
#include "vmexit.h"
#include "wait.h"

extern const struct hv_unit pci_unit;

#define E1000 0x0010
#define NIC2 0x0018
#define ABSENT 0x0020
#define IVSHMEM 0x00f8 /* the root's virtual device in one test */
#define E1000_BAR0 0xfebc0000u
#define ECAM_BASE 0xb0000000ull
#define NIC2_TABLE 0xfea04000ull
#define NIC2_PBA 0xfea05000ull
#define NIC2_PBA_FAR 0xfea08000ull

/* ---- the machine ---- */

struct image {
	__u16 bdf;
	int present;
	__u8 cfg[4096] __attribute__((aligned(4096)));
};

static struct image images[3];
static __u32 latch;
static unsigned int device_writes;

static struct image *image_of(__u16 bdf)
{
	unsigned int n;

	for (n = 0; n < 3; n++)
		if (images[n].present && images[n].bdf == bdf)
			return &images[n];
	return NULL;
}

static __u32 get(const struct image *img, unsigned int reg, unsigned int size)
{
	__u32 v = 0;
	unsigned int n;

	for (n = 0; n < size; n++)
		v |= (__u32)img->cfg[reg + n] << 8 * n;
	return v;
}

static void put(struct image *img, unsigned int reg, unsigned int size, __u32 v)
{
	unsigned int n;

	for (n = 0; n < size; n++)
		img->cfg[reg + n] = v >> 8 * n;
}

static __u32 data_in(__u16 port, unsigned int size)
{
	struct image *img = image_of((latch >> 8) & 0xffff);

	assert_true(latch & 0x80000000u);
	if (!img)
		return 0xffffffffu >> (32 - 8 * size);
	return get(img, (latch & 0xfc) + (port - 0xcfc), size);
}

static void data_out(__u16 port, unsigned int size, __u32 v)
{
	struct image *img = image_of((latch >> 8) & 0xffff);

	if (img) {
		put(img, (latch & 0xfc) + (port - 0xcfc), size, v);
		device_writes++;
	}
}

__u8 inb(__u16 port)
{
	return data_in(port, 1);
}

__u16 inw(__u16 port)
{
	return data_in(port, 2);
}

__u32 inl(__u16 port)
{
	return data_in(port, 4);
}

void outb(__u8 value, __u16 port)
{
	data_out(port, 1, value);
}

void outw(__u16 value, __u16 port)
{
	data_out(port, 2, value);
}

void outl(__u32 value, __u16 port)
{
	if (port == 0xcf8)
		latch = value;
	else
		data_out(port, 4, value);
}

void cpu_relax(void)
{
}

/* ---- the hypervisor around the unit ---- */

struct test_system {
	struct jailhouse_system_desc desc;
	__u8 cpus[8];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[4];
	struct jailhouse_pci_capability caps[4];
} JH_PACKED;

struct test_cell {
	struct jailhouse_cell_desc desc;
	__u8 cpus[8];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[2];
	struct jailhouse_pci_capability caps[4];
} JH_PACKED;

static struct test_system sys;
const struct jailhouse_system_desc *hv_system_config = &sys.desc;
struct cell root_cell;
static struct test_cell config_a, config_b;
static struct cell cell_a, cell_b;
static struct per_cpu cpu0, cpu1, cpu2; /* root, cell a, cell b */
static char refusal[JAILHOUSE_MSG_MAX];
static struct jailhouse_fault_report failure;
static unsigned int waited_ms, flushes;

long hypercall_refuse(struct per_cpu *cpu, long err, const char *fmt, ...)
{
	va_list ap;

	(void)cpu;
	va_start(ap, fmt);
	vsnprintf(refusal, sizeof(refusal), fmt, ap);
	va_end(ap);
	return err;
}

void cell_fail(struct per_cpu *cpu, const struct jailhouse_fault_report *r)
{
	(void)cpu;
	failure = *r;
}

void cell_flush_root(void)
{
	flushes++;
}

void wait_begin(struct hv_wait *w, unsigned int ms)
{
	waited_ms += ms;
	w->end = 0;
}

int wait_expired(const struct hv_wait *w)
{
	(void)w;
	return 1;
}

static __u8 msix_pages[2][4096] __attribute__((aligned(4096)));
/* the first page of the e1000's BAR 0: its registers */
static __u32 e1000_regs[1024] __attribute__((aligned(4096)));
static __u32 nic2_regs[1024] __attribute__((aligned(4096)));
#define E1000_RCTL (0x100 / 4)
#define E1000_TCTL (0x400 / 4)

/* ECAM pages: the device's image itself; the MSI-X table and PBA pages
 * of 00:03.0; the registers of both NICs */
void *remap_device(__u64 phys)
{
	struct image *img = image_of((phys - ECAM_BASE) >> 12);

	if (phys == NIC2_TABLE || phys == NIC2_PBA || phys == NIC2_PBA_FAR)
		return msix_pages[phys != NIC2_TABLE];
	if (phys == E1000_BAR0)
		return e1000_regs;
	if (phys == 0xfea00000)
		return nic2_regs;
	return img ? img->cfg : NULL;
}

/* the root's EPT: which of the pages that matter here it maps: the
 * ECAM pages of the three devices, then 00:03.0's MSI-X table and PBA
 * pages, then the ECAM page of the virtual device at IVSHMEM */
static int root_ecam_mapped[7];
static const __u64 msix_page_addrs[3] = { NIC2_TABLE, NIC2_PBA, NIC2_PBA_FAR };

static int ecam_index(__u64 gphys)
{
	unsigned int n;

	for (n = 0; n < 3; n++)
		if (ECAM_BASE + ((__u64)images[n].bdf << 12) == gphys)
			return n;
	for (n = 0; n < 3; n++)
		if (msix_page_addrs[n] == gphys)
			return 3 + n;
	if (gphys == ECAM_BASE + ((__u64)IVSHMEM << 12))
		return 6;
	return -1;
}

int paging_lookup(const struct page_table *pt, __u64 virt, __u64 *phys,
		  unsigned int *flags, __u64 *page_size)
{
	int n = ecam_index(virt);

	assert_ptr_equal(pt, &root_cell.ept);
	(void)page_size;
	if (n < 0 || !root_ecam_mapped[n])
		return -ENOENT;
	*phys = virt;
	*flags = PAGING_RW | PAGING_UNCACHED;
	return 0;
}

int paging_unmap(struct page_table *pt, __u64 virt, __u64 size)
{
	int n = ecam_index(virt);

	assert_ptr_equal(pt, &root_cell.ept);
	assert_int_equal(size, PAGE_SIZE);
	assert_true(n >= 0);
	root_ecam_mapped[n] = 0;
	return 0;
}

int paging_map(struct page_table *pt, __u64 virt, __u64 phys, __u64 size,
	       unsigned int flags)
{
	int n = ecam_index(virt);

	assert_ptr_equal(pt, &root_cell.ept);
	assert_int_equal(virt, phys);
	assert_int_equal(size, PAGE_SIZE);
	assert_int_equal(flags, PAGING_RW | PAGING_UNCACHED);
	assert_true(n >= 0);
	root_ecam_mapped[n] = 1;
	return 0;
}

/* An MMIO access of `cpu` at `address` through its cell's traps. */
static enum mmio_verdict mmio(struct per_cpu *cpu, __u64 address,
			      unsigned int size, int is_write, __u64 *value)
{
	return fake_mmio(cpu, address, size, is_write, value);
}

/* ---- the MSI/MSI-X shadow as the contract says (pci-msi.h) ---- */

struct page_pool hv_mem_pool;
unsigned int hv_num_cpus = 2;
static unsigned int msi_calls, msix_calls, msi_quiesces, storage_pages;
static unsigned int msi_last_reg, msix_last_offset;

void *page_alloc(struct page_pool *pool, unsigned long pages)
{
	assert_ptr_equal(pool, &hv_mem_pool);
	storage_pages += pages;
	return malloc(pages * PAGE_SIZE);
}

void *page_zalloc(struct page_pool *pool, unsigned long pages)
{
	assert_ptr_equal(pool, &hv_mem_pool);
	storage_pages += pages;
	return calloc(pages, PAGE_SIZE);
}

int page_free(struct page_pool *pool, void *page, unsigned long pages)
{
	assert_ptr_equal(pool, &hv_mem_pool);
	storage_pages -= pages;
	free(page);
	return 0;
}

void apic_cpus_seen_by(const struct cell *cell, struct apic_cpu *cpus)
{
	cpus[0] = (struct apic_cpu){ .apic_id = 0,
				     .in_cell = cell == &root_cell };
	cpus[1] = (struct apic_cpu){ .apic_id = 1, .in_cell = cell == &cell_a };
}

int apic_virtual_cluster(const struct apic_virtual *v)
{
	(void)v;
	return 0;
}

unsigned long pci_msix_storage_size(const struct jailhouse_pci_device *d)
{
	return d->num_msix_vectors * sizeof(struct pci_msix_entry);
}

int pci_msi_init(struct pci_msi_dev *m, const struct jailhouse_pci_device *d,
		 const struct jailhouse_pci_capability *caps, void *storage)
{
	unsigned int n;

	memset(m, 0, sizeof(*m));
	m->config = d;
	m->msix = storage;
	for (n = 0; n < d->num_caps; n++) {
		if (caps[n].id == PCI_CAP_ID_MSI)
			m->msi_cap = caps[n].start;
		if (caps[n].id == PCI_CAP_ID_MSIX)
			m->msix_cap = caps[n].start;
	}
	assert_true(!d->num_msix_vectors || storage);
	/* the real one checks the capability against the entry */
	return d->num_msix_vectors > 2048 ? -EINVAL : 0;
}

int pci_msi_owns_reg(const struct pci_msi_dev *m, unsigned int reg,
		     unsigned int size)
{
	return (m->msi_cap && reg >= m->msi_cap &&
		reg + size <= m->msi_cap + 14) ||
	       (m->msix_cap && reg >= m->msix_cap &&
		reg + size <= m->msix_cap + 12);
}

/* a message "0xdead" is one that cannot be made safe */
int pci_msi_cfg_access(struct pci_msi_dev *m, const struct pci_hw *hw,
		       const struct pci_msi_cpus *cpus, unsigned int reg,
		       unsigned int size, int is_write, __u32 *value,
		       const char **reason)
{
	(void)m;
	(void)hw;
	(void)size;
	assert_int_equal(cpus->num_cpus, 2);
	assert_true(cpus->cpus[1].in_cell);
	assert_false(cpus->cpus[0].in_cell);
	msi_calls++;
	msi_last_reg = reg;
	if (is_write && *value == 0xdead) {
		*reason = "NMI delivery";
		return -EPERM;
	}
	if (!is_write)
		*value = 0x1234;
	return 0;
}

int pci_msix_table_access(struct pci_msi_dev *m, const struct pci_hw *hw,
			  const struct pci_msi_cpus *cpus, __u64 offset,
			  unsigned int size, int is_write, __u64 *value,
			  const char **reason)
{
	assert_true(cpus->cpus[1].in_cell);
	msix_calls++;
	msix_last_offset = offset;
	if (size != 4 && size != 8)
		return -EINVAL;
	if (is_write && *value == 0xdead) {
		*reason = "vector aimed at a root CPU";
		return -EPERM;
	}
	/* the device through the hypervisor's mapping of the table */
	if (is_write)
		hw->mmio_write32(hw->ctx, m->config->msix_address + offset,
				 *value);
	else
		*value = hw->mmio_read32(hw->ctx,
					 m->config->msix_address + offset);
	return 0;
}

void pci_msi_quiesce(struct pci_msi_dev *m, const struct pci_hw *hw)
{
	(void)m;
	(void)hw;
	msi_quiesces++;
}

/* ---- the configs ---- */

static void fill_system(void)
{
	struct jailhouse_cell_desc *root = &sys.desc.root_cell;

	memset(&sys, 0, sizeof(sys));
	root->cpu_set_size = 8;
	root->num_memory_regions = 1;
	root->num_pci_devices = 4;
	root->num_pci_caps = 4;
	strcpy(root->name, "root");
	sys.desc.debug_console = (struct jailhouse_console){
		.address = 0x2f8,
		.type = JAILHOUSE_CON_TYPE_8250_PIO
	};
	sys.mem[0] = (struct jailhouse_memory){ 0, 0, 0x3a000000,
						JAILHOUSE_MEM_RWX };
	sys.pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_BRIDGE,
		.bdf = 0x0000
	};
	sys.pci[1] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = E1000,
		.caps_start = 0,
		.num_caps = 1,
		.bar_mask = { 0xfffe0000, 0xffffffc0 },
		.bar_address = { E1000_BAR0, 0xc001 },
	};
	sys.pci[2] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = NIC2,
		.caps_start = 1,
		.num_caps = 3,
		.num_msix_vectors = 5,
		.msix_region_size = 5 * 16,
		.msix_address = NIC2_TABLE,
		.bar_mask = { 0xfff00000 },
		.bar_address = { 0xfea00000 },
		.msix_pba_address = NIC2_PBA,
	};
	sys.pci[3] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = ABSENT
	};
	sys.caps[0] = (struct jailhouse_pci_capability){ 0x01, 0xdc, 8, 0 };
	sys.caps[1] = (struct jailhouse_pci_capability){ 0x10, 0x40, 0x3c, 0 };
	sys.caps[2] =
		(struct jailhouse_pci_capability){ PCI_CAP_ID_MSI, 0x80, 14,
						   JAILHOUSE_PCICAPS_WRITE };
	sys.caps[3] =
		(struct jailhouse_pci_capability){ PCI_CAP_ID_MSIX, 0x90, 12,
						   JAILHOUSE_PCICAPS_WRITE };
}

/* A cell with the e1000 (BAR0 mapped 1:1) and, if `two`, the PCIe one. */
static void fill_cell(struct test_cell *c, struct cell *cell, const char *name,
		      int two)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->desc.name, name);
	c->desc.cpu_set_size = 8;
	c->desc.num_memory_regions = 1;
	c->desc.num_pci_devices = 2;
	c->desc.num_pci_caps = 4;
	c->mem[0] = (struct jailhouse_memory){ E1000_BAR0, E1000_BAR0, 0x20000,
					       JAILHOUSE_MEM_RW |
						       JAILHOUSE_MEM_IO };
	c->pci[0] = sys.pci[1];
	c->pci[1] = sys.pci[2];
	/* one device: the second entry virtual (the layout stays) */
	if (!two)
		c->pci[1] = (struct jailhouse_pci_device){
			.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
			.bdf = 0x00f8
		};
	memcpy(c->caps, sys.caps, sizeof(c->caps));
	memset(cell, 0, sizeof(*cell));
	cell->config = &c->desc;
}

static void fill_images(void)
{
	memset(images, 0, sizeof(images));
	images[0].bdf = E1000;
	images[0].present = 1;
	put(&images[0], 0x00, 4, 0x100e8086);
	put(&images[0], 0x04, 4, 0x02300107); /* SERR#, decoding, master */
	put(&images[0], 0x10, 4, E1000_BAR0);
	put(&images[0], 0x14, 4, 0xc001);
	put(&images[0], 0x34, 1, 0xdc);
	put(&images[0], 0xdc, 2, 0xe401);
	images[1].bdf = NIC2;
	images[1].present = 1;
	put(&images[1], 0x00, 4, 0x10d38086);
	put(&images[1], 0x04, 4, 0x00100006);
	put(&images[1], 0x10, 4, 0xfea00000);
	put(&images[1], 0x34, 1, 0x40);
	put(&images[1], 0x40, 2, 0x8010);   /* PCIe */
	put(&images[1], 0x80, 2, 0x9005);   /* MSI */
	put(&images[1], 0x90, 2, 0x0011);   /* MSI-X, last */
	put(&images[1], 0x92, 2, 0x8004);   /* MSI-X on, 5 vectors */
	put(&images[1], 0x80, 2, 0x9005);   /* MSI */
	put(&images[1], 0x90, 2, 0x0011);   /* MSI-X, last */
	put(&images[1], 0x92, 2, 0x8004);   /* MSI-X on, 5 vectors */
	put(&images[1], 0x44, 4, 1u << 28); /* FLR capable */
	put(&images[1], 0x48, 2, 0x2810);   /* device control */
	images[2].bdf = ABSENT;		    /* not present: reads all ones */
}

static int setup(void **state)
{
	(void)state;
	fill_system();
	fill_images();
	memset(&root_cell, 0, sizeof(root_cell));
	root_cell.config = &sys.desc.root_cell;
	fill_cell(&config_a, &cell_a, "a", 0);
	fill_cell(&config_b, &cell_b, "b", 0);
	cpu0.cell = &root_cell;
	cpu1.cell = &cell_a;
	cpu2.cell = &cell_b;
	cpu1.cpu_id = 1;
	refusal[0] = 0;
	fake_console[0] = 0;
	memset(&failure, 0, sizeof(failure));
	fake_traps_reset();
	memset(root_ecam_mapped, 0, sizeof(root_ecam_mapped));
	fake_ivshmem_cell = NULL;
	waited_ms = flushes = device_writes = 0;
	msi_calls = msix_calls = msi_quiesces = storage_pages = 0;
	memset(msix_pages, 0, sizeof(msix_pages));
	memset(e1000_regs, 0, sizeof(e1000_regs));
	memset(nic2_regs, 0, sizeof(nic2_regs));
	assert_int_equal(pci_unit.init(), 0);
	return 0;
}

/* Whatever a test left with a cell goes back (and its storage with it). */
static int teardown(void **state)
{
	(void)state;
	pci_unit.cell_destroy(&cell_a);
	pci_unit.cell_destroy(&cell_b);
	return 0;
}

/* A config access as the port path makes it once pci-config.c has
 * decided: the owner's go to pci_config_device(), the others' read all
 * ones (as port-io.c does with pci_owner()). */
static __u32 cfg_read(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
		      unsigned int size)
{
	__u32 v = 0x5a5a5a5a;

	if (pci_owner(bdf) != cpu->cell)
		return 0xffffffffu;
	assert_int_equal(pci_config_device(cpu, bdf, reg, size, 0, &v), 0);
	return v;
}

static void cfg_write(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
		      unsigned int size, __u32 v)
{
	if (pci_owner(bdf) == cpu->cell)
		assert_int_equal(pci_config_device(cpu, bdf, reg, size, 1, &v),
				 0);
}

static void create(struct cell *cell)
{
	assert_int_equal(pci_unit.cell_check(&cpu0, cell), 0);
	assert_int_equal(pci_unit.cell_create(cell), 0);
}

/* ---- ownership ---- */

static void test_every_device_starts_as_the_roots(void **state)
{
	(void)state;
	assert_ptr_equal(pci_owner(E1000), &root_cell);
	assert_ptr_equal(pci_owner(NIC2), &root_cell);
	/* not in the root config: the root's too */
	assert_ptr_equal(pci_owner(0x0100), &root_cell);
	assert_int_equal(cfg_read(&cpu0, E1000, 0, 4), 0x100e8086);
	assert_int_equal(cfg_read(&cpu1, E1000, 0, 4), 0xffffffff);
}

static void refused(struct cell *cell, long err, const char *words)
{
	assert_int_equal(pci_unit.cell_check(&cpu0, cell), err);
	if (!strstr(refusal, words))
		fail_msg("\"%s\" does not say \"%s\"", refusal, words);
}

static void test_check_refuses_by_name(void **state)
{
	(void)state;
	config_a.pci[0].bdf = 0x0028;
	refused(&cell_a, -EINVAL,
		"cell \"a\": PCI device 00:05.0 is not in the root cell's config");
	config_a.pci[0] = sys.pci[0];
	refused(&cell_a, -EINVAL, "PCI device 00:00.0 is a bridge");
	config_a.pci[0] = sys.pci[3];
	refused(&cell_a, -ENODEV, "PCI device 00:04.0 is not present");
	fill_cell(&config_a, &cell_a, "a", 0);
	config_a.pci[1] = config_a.pci[0];
	refused(&cell_a, -EINVAL, "PCI device 00:02.0 is listed twice");
	fill_cell(&config_a, &cell_a, "a", 0);
	config_a.pci[0].bar_address[0] = 0xfe000000;
	refused(&cell_a, -EINVAL, "BARs or MSI-X location differ");
	assert_int_equal(device_writes, 0);
}

static void test_check_refuses_a_moved_bar_and_root_only_ports(void **state)
{
	(void)state;
	put(&images[0], 0x10, 4, 0xfe000000); /* root Linux moved it */
	refused(&cell_a, -EINVAL,
		"PCI device 00:02.0: BAR 0 is no longer where the system config says (0xfebc0000)");
	put(&images[0], 0x10, 4, E1000_BAR0);
	sys.pci[1].bar_address[1] = 0xcf9; /* silly, but refused */
	fill_cell(&config_a, &cell_a, "a", 0);
	refused(&cell_a, -EINVAL, "holds port 0xcf8");
	sys.pci[1].bar_address[1] = 0x2f1;
	fill_cell(&config_a, &cell_a, "a", 0);
	refused(&cell_a, -EINVAL, "holds port 0x2f8");
}

static void test_check_refuses_what_the_hardware_calls_a_bridge(void **state)
{
	(void)state;
	put(&images[0], 0x08, 4, 0x06000002); /* a host bridge */
	refused(&cell_a, -EINVAL,
		"PCI device 00:02.0 is a bridge (its class or header type says so");
}

static void test_check_refuses_a_bad_capability_list(void **state)
{
	(void)state;
	config_a.caps[0].start = 0x30;
	refused(&cell_a, -EINVAL, "PCI device 00:02.0: capability 0");
}

static void test_device_of_another_cell_is_refused(void **state)
{
	(void)state;
	create(&cell_a);
	refused(&cell_b, -EBUSY,
		"cell \"b\": PCI device 00:02.0 belongs to cell \"a\"");
}

/* ---- the way to the cell and back ---- */

static void test_create_saves_stops_and_hands_over(void **state)
{
	(void)state;
	create(&cell_a);
	assert_ptr_equal(pci_owner(E1000), &cell_a);
	assert_ptr_equal(pci_owner(NIC2), &root_cell);
	/* stopped: decoding and master off, SERR# and INTx kept */
	assert_int_equal(get(&images[0], 0x04, 2), 0x0100);
	/* the cell sees it through pci-virt.c */
	assert_int_equal(cfg_read(&cpu1, E1000, 0x00, 4), 0x100e8086);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x10, 4), E1000_BAR0);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x30, 4), 0);
	cfg_write(&cpu1, E1000, 0x04, 2, 0x0006);
	assert_int_equal(get(&images[0], 0x04, 2), 0x0106);
	/* the root and the other cell: absent */
	assert_int_equal(cfg_read(&cpu0, E1000, 0x00, 4), 0xffffffff);
	assert_int_equal(cfg_read(&cpu2, E1000, 0x00, 4), 0xffffffff);
	assert_int_equal(cfg_read(&cpu1, NIC2, 0x00, 4), 0xffffffff);
}

static void test_root_writes_to_a_cells_device_are_dropped(void **state)
{
	__u32 v = 0x0007;

	(void)state;
	create(&cell_a);
	device_writes = 0;
	/* even past the lock-free look (the owner changed in between) */
	assert_int_equal(pci_config_device(&cpu0, E1000, 0x04, 2, 1, &v), 0);
	assert_int_equal(pci_config_device(&cpu0, E1000, 0x10, 4, 0, &v), 0);
	assert_int_equal(v, 0xffffffff);
	assert_int_equal(device_writes, 0);
}

static void test_bar_moves_are_dropped_and_told_once(void **state)
{
	(void)state;
	create(&cell_a);
	cfg_write(&cpu1, E1000, 0x10, 4, 0x00100000);
	cfg_write(&cpu1, E1000, 0x10, 4, 0x00200000);
	assert_int_equal(get(&images[0], 0x10, 4), E1000_BAR0);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x10, 4), E1000_BAR0);
	assert_non_null(strstr(
		fake_console,
		"cell \"a\": PCI device 00:02.0: BAR 0 write 0x00100000 dropped"));
	assert_null(strstr(fake_console, "0x00200000"));
}

static void test_quiesce_resets_where_the_device_can(void **state)
{
	(void)state;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	cfg_write(&cpu1, NIC2, 0x04, 2, 0x0006);
	pci_unit.cell_quiesce(&cell_a);
	/* the e1000 has no FLR: stopped and a PM reset (D3hot and back) */
	assert_int_equal(get(&images[0], 0x04, 2), 0x0500);
	assert_int_equal(get(&images[0], 0xe0, 2), 0x0000);
	/* the other one: FLR */
	assert_int_equal(get(&images[1], 0x04, 2) & 0x7, 0);
	assert_int_equal(get(&images[1], 0x48, 2), 0xa810);
	/* the FLR's 100 ms and the PM reset's D0 wait after it */
	assert_int_equal(waited_ms, 110);
	/* from now on the owner's accesses are dropped */
	device_writes = 0;
	cfg_write(&cpu1, E1000, 0x04, 2, 0x0006);
	assert_int_equal(device_writes, 0);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x00, 4), 0xffffffff);
	/* a second quiesce (destroy after shutdown) resets nothing more */
	pci_unit.cell_quiesce(&cell_a);
	assert_int_equal(waited_ms, 110);
	assert_int_equal(get(&images[1], 0x48, 2), 0xa810);
}

/* Transactions Pending: what is in flight completes before the reset
 * (up to 100 ms). */
static void test_reset_waits_for_pending_transactions(void **state)
{
	(void)state;
	fill_cell(&config_a, &cell_a, "a", 1);
	put(&images[1], 0x4a, 2, 0x0020);
	create(&cell_a);
	pci_unit.cell_quiesce(&cell_a);
	assert_int_equal(waited_ms, 100 + 110);
	assert_int_equal(get(&images[1], 0x48, 2), 0xa810);
}

/* Bochs' e1000 ignores bus master: its engines are turned off through
 * BAR 0, at root Linux's address wherever the cell had moved it, and
 * again at the next quiesce (destroy: the cell's CPUs parked). */
static void test_quiesce_stops_the_engines_through_bar0(void **state)
{
	(void)state;
	create(&cell_a);
	e1000_regs[E1000_RCTL] = 0x04008002;
	e1000_regs[E1000_TCTL] = 0x000400fa;
	put(&images[0], 0x10, 4, E1000_BAR0 + 0x20000);
	pci_unit.cell_quiesce(&cell_a);
	assert_int_equal(e1000_regs[E1000_RCTL], 0x04008000);
	assert_int_equal(e1000_regs[E1000_TCTL], 0x000400f8);
	assert_int_equal(e1000_regs[0xd8 / 4], 0xffffffff);
	assert_int_equal(get(&images[0], 0x10, 4), E1000_BAR0);
	assert_int_equal(get(&images[0], 0x04, 2) & 0x7, 0);
	assert_null(strstr(fake_console, "still running"));
	/* a CPU of a failed cell turned it on again before it was parked */
	e1000_regs[E1000_TCTL] |= 2;
	pci_unit.cell_quiesce(&cell_a);
	assert_int_equal(e1000_regs[E1000_TCTL], 0x000400f8);
	assert_int_equal(get(&images[0], 0x04, 2) & 0x7, 0);
}

/* After a shutdown the cell starts again: its devices are there, as at
 * create, not absent. */
static void test_restart_shows_the_devices_again(void **state)
{
	(void)state;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	cfg_write(&cpu1, E1000, 0x04, 2, 0x0006);
	pci_unit.cell_quiesce(&cell_a);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x00, 4), 0xffffffff);
	/* the reset cleared a BAR */
	put(&images[1], 0x10, 4, 0);
	pci_unit.cell_start(&cell_a);
	assert_ptr_equal(pci_owner(E1000), &cell_a);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x00, 4), 0x100e8086);
	assert_int_equal(cfg_read(&cpu1, NIC2, 0x00, 4), 0x10d38086);
	assert_int_equal(get(&images[1], 0x10, 4), 0xfea00000);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x10, 4), E1000_BAR0);
	/* decoding and bus master off until the cell's driver sets them */
	assert_int_equal(get(&images[0], 0x04, 2) & 0x7, 0);
	cfg_write(&cpu1, E1000, 0x04, 2, 0x0006);
	assert_int_equal(get(&images[0], 0x04, 2) & 0x7, 0x6);
	/* a start without a quiesce before changes nothing */
	device_writes = 0;
	pci_unit.cell_start(&cell_a);
	assert_int_equal(device_writes, 0);
}

static void test_destroy_gives_back_what_root_linux_had(void **state)
{
	(void)state;
	create(&cell_a);
	/* the cell's driver turned things on; a reset cleared the BARs */
	cfg_write(&cpu1, E1000, 0x04, 2, 0x0006);
	pci_unit.cell_quiesce(&cell_a);
	put(&images[0], 0x10, 4, 0);
	put(&images[0], 0x14, 4, 1);
	pci_unit.cell_destroy(&cell_a);
	assert_ptr_equal(pci_owner(E1000), &root_cell);
	assert_int_equal(get(&images[0], 0x10, 4), E1000_BAR0);
	assert_int_equal(get(&images[0], 0x14, 4), 0xc001);
	assert_int_equal(get(&images[0], 0x04, 2), 0x0107);
	assert_int_equal(cfg_read(&cpu0, E1000, 0x00, 4), 0x100e8086);
	assert_int_equal(cfg_read(&cpu1, E1000, 0x00, 4), 0xffffffff);
	/* and another cell may take it now */
	create(&cell_b);
	assert_ptr_equal(pci_owner(E1000), &cell_b);
}

/* ---- MMCONFIG ---- */

static void test_mmconfig_window_decided_like_ports(void **state)
{
	__u64 v = 0;

	(void)state;
	sys.desc.platform.pci_mmconfig_base = ECAM_BASE;
	sys.desc.platform.pci_mmconfig_end_bus = 0;
	root_ecam_mapped[0] = root_ecam_mapped[1] = 1;
	assert_int_equal(pci_unit.init(), 0);
	create(&cell_a);
	/* the root's ECAM page of the e1000 left its EPT, trapped */
	assert_false(root_ecam_mapped[0]);
	assert_true(root_ecam_mapped[1]);
	assert_true(flushes >= 1);
	assert_int_equal(fake_traps_of(&root_cell), 1);
	assert_int_equal(mmio(&cpu0, ECAM_BASE + (E1000 << 12), 4, 0, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xffffffff);
	/* the cell's window: its device through pci-virt.c */
	assert_int_equal(fake_traps_of(&cell_a), 1);
	assert_int_equal(mmio(&cpu1, ECAM_BASE + (E1000 << 12), 4, 0, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0x100e8086);
	mmio(&cpu1, ECAM_BASE + (E1000 << 12) + 0x30, 4, 0, &v);
	assert_int_equal(v, 0);
	v = 0x0006;
	mmio(&cpu1, ECAM_BASE + (E1000 << 12) + 0x04, 2, 1, &v);
	assert_int_equal(get(&images[0], 0x04, 2), 0x0106);
	/* extended config space is reachable through ECAM: hidden here */
	mmio(&cpu1, ECAM_BASE + (E1000 << 12) + 0x100, 4, 0, &v);
	assert_int_equal(v, 0);
	/* another device through the window: absent */
	mmio(&cpu1, ECAM_BASE + (NIC2 << 12), 2, 0, &v);
	assert_int_equal(v, 0xffff);
	/* not a config access */
	assert_int_equal(mmio(&cpu1, ECAM_BASE + (E1000 << 12) + 2, 4, 0, &v),
			 MMIO_UNHANDLED);
	pci_unit.cell_quiesce(&cell_a);
	pci_unit.cell_destroy(&cell_a);
	assert_true(root_ecam_mapped[0]);
	assert_int_equal(fake_traps_of(&root_cell), 0);
	assert_int_equal(fake_traps_of(&cell_a), 0);
	sys.desc.platform.pci_mmconfig_base = 0;
}

/* The root's ivshmem device has no hardware behind its bdf: its ECAM
 * page is trapped from enable on, and the root finds the device there
 * as through the ports; a bdf past the window's last bus is left alone. */
static void test_mmconfig_shows_the_roots_virtual_devices(void **state)
{
	__u64 v = 0;

	(void)state;
	sys.desc.platform.pci_mmconfig_base = ECAM_BASE;
	sys.desc.platform.pci_mmconfig_end_bus = 0;
	sys.pci[3] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
		.bdf = IVSHMEM
	};
	fake_ivshmem_cell = &root_cell;
	fake_ivshmem_bdf = IVSHMEM;
	root_ecam_mapped[6] = 1;
	fake_traps_reset();
	assert_int_equal(pci_unit.init(), 0);
	assert_false(root_ecam_mapped[6]);
	assert_int_equal(fake_traps_of(&root_cell), 1);
	assert_int_equal(mmio(&cpu0, ECAM_BASE + (IVSHMEM << 12), 4, 0, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, FAKE_IVSHMEM_IDS);
	v = 0x0002;
	assert_int_equal(mmio(&cpu0, ECAM_BASE + (IVSHMEM << 12) + 4, 2, 1, &v),
			 MMIO_HANDLED);
	assert_int_equal(fake_ivshmem_last_reg, 4);
	assert_int_equal(fake_ivshmem_last_write, 0x0002);
	/* on bus 1, outside a window that ends at bus 0: no trap */
	sys.pci[3].bdf = 0x0100;
	fake_traps_reset();
	assert_int_equal(pci_unit.init(), 0);
	assert_int_equal(fake_traps_of(&root_cell), 0);
	/* no MMCONFIG: the ports only */
	sys.pci[3].bdf = IVSHMEM;
	sys.desc.platform.pci_mmconfig_base = 0;
	fake_traps_reset();
	assert_int_equal(pci_unit.init(), 0);
	assert_int_equal(fake_traps_of(&root_cell), 0);
}

/* ---- MSI and MSI-X ---- */

static void test_msi_registers_go_to_the_shadow(void **state)
{
	__u32 v = 0xdead;

	(void)state;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	/* one page of MSI-X storage from the pool */
	assert_int_equal(storage_pages, 1);
	/* the chain as listed: PCIe -> MSI -> MSI-X */
	assert_int_equal(cfg_read(&cpu1, NIC2, 0x41, 1), 0x80);
	assert_int_equal(cfg_read(&cpu1, NIC2, 0x80, 2), 0x9005);
	assert_int_equal(msi_calls, 0);
	assert_int_equal(cfg_read(&cpu1, NIC2, 0x82, 2), 0x1234);
	assert_int_equal(msi_last_reg, 0x82);
	cfg_write(&cpu1, NIC2, 0x84, 4, 0xfee01000);
	assert_int_equal(msi_calls, 2);
	/* a message that cannot be made safe stops the cell */
	assert_int_equal(pci_config_device(&cpu1, NIC2, 0x88, 2, 1, &v),
			 -EPERM);
	assert_int_equal(failure.reason, JAILHOUSE_FAULT_IPI);
	assert_non_null(strstr(failure.message, "PCI device 00:03.0"));
	assert_non_null(strstr(failure.message, "NMI delivery"));
	pci_unit.cell_quiesce(&cell_a);
	pci_unit.cell_destroy(&cell_a);
}

static void test_msi_capability_that_does_not_fit_is_refused(void **state)
{
	(void)state;
	sys.pci[2].num_msix_vectors = 4096;
	fill_cell(&config_a, &cell_a, "a", 1);
	refused(&cell_a, -EINVAL,
		"PCI device 00:03.0: its MSI or MSI-X capability does not fit");
	/* the scratch storage went back */
	assert_int_equal(storage_pages, 0);
}

static void test_msix_table_trapped_rest_of_page_passes(void **state)
{
	__u64 v;

	(void)state;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	/* the table and PBA pages, one range, in the cell */
	assert_int_equal(fake_traps_of(&cell_a), 1);
	v = 0xfee01000;
	assert_int_equal(mmio(&cpu1, NIC2_TABLE + 0x10, 4, 1, &v),
			 MMIO_HANDLED);
	assert_int_equal(msix_last_offset, 0x10);
	assert_int_equal(*(__u32 *)&msix_pages[0][0x10], 0xfee01000);
	assert_int_equal(mmio(&cpu1, NIC2_TABLE + 0x10, 4, 0, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xfee01000);
	/* a message the shadow refuses */
	v = 0xdead;
	assert_int_equal(mmio(&cpu1, NIC2_TABLE + 0x18, 4, 1, &v), MMIO_DENIED);
	assert_non_null(strstr(failure.message, "vector aimed at a root CPU"));
	/* 2 bytes of an entry: not a table access */
	assert_int_equal(mmio(&cpu1, NIC2_TABLE + 0x1c, 2, 0, &v),
			 MMIO_UNHANDLED);
	/* past the table on its page: device registers, passed */
	v = 0x77;
	mmio(&cpu1, NIC2_TABLE + 0x800, 4, 1, &v);
	assert_int_equal(*(__u32 *)&msix_pages[0][0x800], 0x77);
	/* the PBA: read from the device, never written */
	*(__u32 *)&msix_pages[1][0] = 0x5;
	mmio(&cpu1, NIC2_PBA, 8, 0, &v);
	assert_int_equal(v, 0x5);
	v = 0;
	mmio(&cpu1, NIC2_PBA, 4, 1, &v);
	assert_int_equal(*(__u32 *)&msix_pages[1][0], 0x5);
	pci_unit.cell_quiesce(&cell_a);
	pci_unit.cell_destroy(&cell_a);
}

/* The table and PBA pages are in no region of the cell's config: they
 * leave the root's EPT anyway while the cell owns the device, and the
 * root reads all ones there; back as they were at destroy. */
static void test_root_loses_the_msix_pages(void **state)
{
	__u64 v = 0xfee00000;

	(void)state;
	root_ecam_mapped[3] = root_ecam_mapped[4] = 1;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	assert_false(root_ecam_mapped[3]);
	assert_false(root_ecam_mapped[4]);
	*(__u32 *)&msix_pages[0][0x10] = 0x1234;
	assert_int_equal(mmio(&cpu0, NIC2_TABLE + 0x10, 4, 1, &v),
			 MMIO_HANDLED);
	assert_int_equal(*(__u32 *)&msix_pages[0][0x10], 0x1234);
	assert_int_equal(mmio(&cpu0, NIC2_TABLE + 0x10, 4, 0, &v),
			 MMIO_HANDLED);
	assert_int_equal(v, 0xffffffff);
	assert_int_equal(mmio(&cpu0, NIC2_PBA, 8, 0, &v), MMIO_HANDLED);
	assert_int_equal(v, ~0ULL);
	pci_unit.cell_quiesce(&cell_a);
	pci_unit.cell_destroy(&cell_a);
	assert_true(root_ecam_mapped[3]);
	assert_true(root_ecam_mapped[4]);
	assert_int_equal(fake_traps_of(&root_cell), 0);
}

static void test_msix_pba_elsewhere_is_a_second_trap(void **state)
{
	__u64 v = 0;

	(void)state;
	sys.pci[2].msix_pba_address = NIC2_PBA_FAR;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	assert_int_equal(fake_traps_of(&cell_a), 2);
	*(__u32 *)&msix_pages[1][0] = 0x3;
	assert_int_equal(mmio(&cpu1, NIC2_PBA_FAR, 4, 0, &v), MMIO_HANDLED);
	assert_int_equal(v, 0x3);
	/* the page between them is not trapped: the cell's config may map
	 * it as registers */
	assert_int_equal(mmio(&cpu1, NIC2_PBA, 4, 0, &v), MMIO_UNHANDLED);
	pci_unit.cell_quiesce(&cell_a);
	pci_unit.cell_destroy(&cell_a);
	assert_int_equal(fake_traps_of(&cell_a), 0);
}

static void test_msi_quiesced_and_released(void **state)
{
	__u64 v = 0;

	(void)state;
	fill_cell(&config_a, &cell_a, "a", 1);
	create(&cell_a);
	pci_unit.cell_quiesce(&cell_a);
	assert_int_equal(msi_quiesces, 2); /* both devices' shadows */
	/* the device's own MSI-X enable is off, whatever the shadow says */
	assert_int_equal(get(&images[1], 0x92, 2), 0x4004);
	msix_calls = 0;
	mmio(&cpu1, NIC2_TABLE, 4, 0, &v);
	assert_int_equal(v, 0xffffffff);
	assert_int_equal(msix_calls, 0);
	pci_unit.cell_destroy(&cell_a);
	assert_int_equal(fake_traps_of(&cell_a), 0);
	assert_int_equal(storage_pages, 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_every_device_starts_as_the_roots),
		T(test_check_refuses_by_name),
		T(test_check_refuses_a_moved_bar_and_root_only_ports),
		T(test_check_refuses_what_the_hardware_calls_a_bridge),
		T(test_check_refuses_a_bad_capability_list),
		T(test_device_of_another_cell_is_refused),
		T(test_create_saves_stops_and_hands_over),
		T(test_root_writes_to_a_cells_device_are_dropped),
		T(test_bar_moves_are_dropped_and_told_once),
		T(test_quiesce_resets_where_the_device_can),
		T(test_quiesce_stops_the_engines_through_bar0),
		T(test_reset_waits_for_pending_transactions),
		T(test_restart_shows_the_devices_again),
		T(test_destroy_gives_back_what_root_linux_had),
		T(test_mmconfig_window_decided_like_ports),
		T(test_mmconfig_shows_the_roots_virtual_devices),
		T(test_msi_registers_go_to_the_shadow),
		T(test_msi_capability_that_does_not_fit_is_refused),
		T(test_msix_table_trapped_rest_of_page_passes),
		T(test_root_loses_the_msix_pages),
		T(test_msix_pba_elsewhere_is_a_second_trap),
		T(test_msi_quiesced_and_released),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
