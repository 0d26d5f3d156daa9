// SPDX-License-Identifier: GPL-2.0
/*
 * root_cell_init() (root-cell.c): the root cell's EPT as built from the
 * rig's system config (configs/x86/bochs-sys.c), once as it is and once
 * with its HPET region replaced by a sub-page region of the HPET main
 * counter, which must stay out of the EPT so that the root's accesses
 * exit and are emulated: its page is in the root's MMIO table (mmio.c,
 * mmio-subpage.c), after the xAPIC page.  RDMSR is played by
 * fake/processor.h and this file; table pages come from a host pool,
 * identity mapped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "mmio.h"
#include "processor.h"

#define config bochs_sys_config
#include "../../../configs/x86/bochs-sys.c"
#undef config

#define POOL_PAGES 256
#define HPET_REGION 7 /* index in bochs-sys.c */
#define HPET_PAGE 0xfed00000ULL
#define LOCAL_APIC 0xfee00000ULL

/* ---- what root-cell.c takes from the rest of the hypervisor ---- */
struct page_pool hv_mem_pool;
const struct jailhouse_system_desc *hv_system_config;
__u64 hv_apic_phys = LOCAL_APIC;

static void *identity_to_virt(__u64 phys)
{
	return (void *)(uintptr_t)phys;
}

static __u64 identity_to_phys(const void *virt)
{
	return (uintptr_t)virt;
}

const struct paging_memory hv_paging_memory = {
	.phys_to_virt = identity_to_virt,
	.virt_to_phys = identity_to_phys,
};

__u64 read_msr(__u32 msr)
{
	assert_int_equal(msr, MSR_IA32_VMX_EPT_VPID_CAP);
	return 1ULL << 17; /* 1 GiB EPT pages */
}

/* The xAPIC's handler (arch/apic.c) is not this test's: registered, but
 * no access reaches it here. */
static struct mmio_result xapic_write(struct per_cpu *cpu,
				      struct mmio_access *access, void *arg)
{
	(void)cpu;
	(void)access;
	(void)arg;
	fail_msg("an access reached the xAPIC handler");
	return mmio_unhandled();
}

int apic_mmio_register(struct cell *cell)
{
	return mmio_region_register(cell, LOCAL_APIC, PAGE_SIZE, xapic_write,
				    NULL, "xAPIC");
}

void *mmio_window(const struct per_cpu *cpu, __u64 phys)
{
	(void)cpu;
	(void)phys;
	fail_msg("an access reached the sub-page handler");
	return NULL;
}

void printk(const char *fmt, ...)
{
	(void)fmt;
}

int hv_fail(int err, const char *fmt, ...)
{
	(void)fmt;
	return err;
}

static struct {
	struct jailhouse_system_desc header;
	__u8 rest[sizeof(bochs_sys_config) -
		  sizeof(struct jailhouse_system_desc)];
} sys_copy;
static unsigned long pool_bitmap[PAGE_POOL_BITMAP_LONGS(POOL_PAGES)];
static void *pool_memory;

static struct jailhouse_memory *root_region(unsigned int n)
{
	return (struct jailhouse_memory *)jailhouse_cell_mem_regions(
		       &sys_copy.header.root_cell) +
	       n;
}

static int setup(void **state)
{
	(void)state;
	memcpy(&sys_copy, &bochs_sys_config, sizeof(sys_copy));
	hv_system_config = &sys_copy.header;
	pool_memory = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(pool_memory);
	assert_int_equal(page_pool_init(&hv_mem_pool, pool_memory, POOL_PAGES,
					pool_bitmap),
			 0);
	memset(&root_cell, 0, sizeof(root_cell));
	/* the region list as the test expects it */
	assert_true(root_region(HPET_REGION)->phys_start == HPET_PAGE);
	assert_true(root_region(HPET_REGION)->size == PAGE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	paging_destroy(&root_cell.ept);
	free(pool_memory);
	return 0;
}

static int lookup(__u64 gphys, __u64 *phys, unsigned int *flags)
{
	return paging_lookup(&root_cell.ept, gphys, phys, flags, NULL);
}

static void expect_mapped(__u64 gphys, unsigned int flags)
{
	unsigned int got;
	__u64 phys;

	assert_int_equal(lookup(gphys, &phys, &got), 0);
	assert_true(phys == gphys);
	assert_int_equal(got, flags);
}

/* What both variants share: RAM, devices, interrupt controllers. */
static void expect_common_mappings(void)
{
	__u64 phys;

	expect_mapped(0x1000, PAGING_RWX);
	expect_mapped(0x3a600000, PAGING_RW);
	expect_mapped(0xfed01000, PAGING_RW | PAGING_UNCACHED);
	expect_mapped(0xfec00000, PAGING_RW | PAGING_UNCACHED);
	expect_mapped(LOCAL_APIC, PAGING_READ | PAGING_UNCACHED);
	/* the hypervisor's own memory never */
	assert_int_equal(lookup(0x3a000000, &phys, NULL), -ENOENT);
}

static void test_hpet_page_region_is_mapped(void **state)
{
	(void)state;
	assert_int_equal(root_cell_init(), 0);
	expect_common_mappings();
	expect_mapped(HPET_PAGE, PAGING_RW | PAGING_UNCACHED);
	expect_mapped(HPET_PAGE + 0xf0, PAGING_RW | PAGING_UNCACHED);
	/* nothing trapped but the xAPIC page */
	assert_int_equal(root_cell.mmio.count, 1);
	assert_non_null(mmio_region_lookup(&root_cell, LOCAL_APIC + 0xb0));
	assert_null(mmio_region_lookup(&root_cell, HPET_PAGE + 0xf0));
	/* CPUID's view, worked out once (vmx/cell.c): the root's */
	assert_int_equal(root_cell.arch.cpuid.root, 1);
	assert_int_equal(root_cell.arch.cpuid.x2apic_permitted, 1);
	assert_ptr_equal(root_cell.arch.cpuid.hidden, cpu_features_hidden(1));
}

static void test_sub_page_region_is_not_mapped(void **state)
{
	struct jailhouse_memory *hpet = root_region(HPET_REGION);
	__u64 phys;

	(void)state;
	*hpet = (struct jailhouse_memory){
		.phys_start = HPET_PAGE + 0xf0,
		.virt_start = HPET_PAGE + 0xf0,
		.size = 8,
		.flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			 JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_32 |
			 JAILHOUSE_MEM_IO_64,
	};
	assert_int_equal(root_cell_init(), 0);
	expect_common_mappings();
	/* neither the counter nor anything else of its page */
	assert_int_equal(lookup(HPET_PAGE + 0xf0, &phys, NULL), -ENOENT);
	assert_int_equal(lookup(HPET_PAGE, &phys, NULL), -ENOENT);
	assert_int_equal(lookup(HPET_PAGE + 0xff8, &phys, NULL), -ENOENT);
	/* its page is trapped instead, the xAPIC page found first */
	assert_int_equal(root_cell.mmio.count, 2);
	assert_true(root_cell.mmio.regions[0].start == LOCAL_APIC);
	assert_string_equal(mmio_region_lookup(&root_cell, HPET_PAGE)->name,
			    "sub-page MMIO");
	assert_true(mmio_region_lookup(&root_cell, HPET_PAGE + 0xfff)->size ==
		    PAGE_SIZE);
	assert_null(mmio_region_lookup(&root_cell, HPET_PAGE + 0x1000));
	assert_null(mmio_region_lookup(&root_cell, HPET_PAGE - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_hpet_page_region_is_mapped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_sub_page_region_is_not_mapped,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
