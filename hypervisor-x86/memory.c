// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's memory: the page pool behind the image and the system
 * config, the remap pool for device pages, and the hypervisor's own page
 * table, which replaces the driver's boot tables once the first CPU has
 * built it.  All physical memory is also visible through a read/write
 * window (never executable) so that hypercalls and the MMIO emulation can
 * reach guest buffers without mapping and unmapping per access.
 */
#include "hv.h"
#include "processor.h"
#include <common/string.h>
#include <common/cell-config.h>
#include <common/config-validate.h>
#include "phys-window.h"

#define REMAP_POOL_PAGES 256
#define MSR_APIC_BASE 0x1b

struct page_pool hv_mem_pool, hv_remap_pool;
struct page_table hv_page_table;
const struct jailhouse_system_desc *hv_system_config;

static unsigned long remap_bitmap[PAGE_POOL_BITMAP_LONGS(REMAP_POOL_PAGES)];
static void *apic_mapping;
__u64 hv_apic_phys;

void *hv_phys_to_virt(__u64 phys)
{
	return (void *)(phys - hv_header.hv_phys_base + HV_LINK_ADDRESS);
}

__u64 hv_virt_to_phys(const void *virt)
{
	return (unsigned long)virt - HV_LINK_ADDRESS + hv_header.hv_phys_base;
}

const struct paging_memory hv_paging_memory = {
	.phys_to_virt = hv_phys_to_virt,
	.virt_to_phys = hv_virt_to_phys,
};

void *phys_window(__u64 phys)
{
	return (void *)(HV_PHYS_WINDOW + phys);
}

/* End of the physical window, set by memory_init(). */
static __u64 window_end;

int phys_zero(__u64 phys, __u64 size)
{
	unsigned long *p = phys_window(phys);
	unsigned long n = size / sizeof(long);

	if (phys + size < phys || phys + size > window_end)
		return -ERANGE;
	/* cell regions are whole pages: eight bytes a store, and no
	 * byte-wise memset over megabytes under the cell lock */
	if ((phys | size) % sizeof(long)) {
		memset(p, 0, size);
		return 0;
	}
	asm volatile("rep stosq" : "+D"(p), "+c"(n) : "a"(0UL) : "memory");
	return 0;
}

void *apic_page(void)
{
	return apic_mapping;
}

static int pool_init(unsigned long config_size)
{
	unsigned long start;

	start = (hv_header.core_size + config_size + PAGE_SIZE - 1) & PAGE_MASK;
	if (start + 16 * PAGE_SIZE > hv_header.hv_size)
		return hv_fail(
			-ENOMEM,
			"hypervisor memory 0x%llx bytes is too small: image and config alone take 0x%lx",
			hv_header.hv_size, start);
	if (page_pool_init_in_place(&hv_mem_pool,
				    (void *)(HV_LINK_ADDRESS + start),
				    (hv_header.hv_size - start) / PAGE_SIZE))
		return hv_fail(-ENOMEM, "memory pool: no room for its bitmap");
	return page_pool_init(&hv_remap_pool, (void *)HV_DEVICE_WINDOW,
			      REMAP_POOL_PAGES, remap_bitmap);
}

/* 1 GiB pages only where the CPU has them (CPUID 0x80000001 EDX[26]). */
static const struct paging_format *hv_paging_format(void)
{
	__u32 eax, ebx, ecx, edx;

	cpuid_count(0x80000001, 0, &eax, &ebx, &ecx, &edx);
	return (edx & (1U << 26)) ? &paging_x86_64 : &paging_x86_64_no_1g;
}

/* One range of the physical window (phys-window.h): RAM write-back,
 * the rest uncached; never executable. */
static int map_window_range(__u64 phys, __u64 size, int cached, void *ctx)
{
	(void)ctx;
	return paging_map(&hv_page_table, HV_PHYS_WINDOW + phys, phys, size,
			  cached ? PAGING_RW : PAGING_RW | PAGING_UNCACHED);
}

static int map_phys_window(void)
{
	return phys_window_layout(hv_system_config, window_end,
				  map_window_range, NULL);
}

static int map_linux_pages(void)
{
	const struct jailhouse_handover_mapping *m;
	unsigned int n, flags;
	int err;

	if (hv_handover.num_mappings > JAILHOUSE_HANDOVER_MAX_MAPPINGS)
		return hv_fail(-EINVAL,
			       "hand-over: %u trampoline mappings, at most %u",
			       hv_handover.num_mappings,
			       JAILHOUSE_HANDOVER_MAX_MAPPINGS);
	for (n = 0; n < hv_handover.num_mappings; n++) {
		m = &hv_handover.mappings[n];
		flags = PAGING_READ | PAGING_NO_HUGE;
		if (m->flags & JAILHOUSE_MAPPING_WRITE)
			flags |= PAGING_WRITE;
		if (m->flags & JAILHOUSE_MAPPING_EXECUTE)
			flags |= PAGING_EXECUTE;
		err = paging_map(&hv_page_table, m->virt & PAGE_MASK,
				 m->phys & PAGE_MASK, PAGE_SIZE, flags);
		if (err)
			return err;
	}
	return 0;
}

void *remap_device(__u64 phys)
{
	void *virt = page_alloc(&hv_remap_pool, 1);

	if (!virt)
		return NULL;
	if (paging_map(&hv_page_table, (unsigned long)virt, phys & PAGE_MASK,
		       PAGE_SIZE, PAGING_RW | PAGING_UNCACHED)) {
		page_free(&hv_remap_pool, virt, 1);
		return NULL;
	}
	return virt;
}

static int map_apic(void)
{
	hv_apic_phys = read_msr(MSR_APIC_BASE) & ~0xfffUL & ((1UL << 52) - 1);
	apic_mapping = remap_device(hv_apic_phys);
	return apic_mapping ? 0 : -ENOMEM;
}

/*
 * MMIO emulation (mmio-subpage.c) reaches device pages that are not known in
 * advance through one uncached window page per CPU.  A window is only
 * ever used by its own CPU, so pointing it elsewhere needs an INVLPG on
 * that CPU alone, and it is re-pointed only when an access goes to
 * another page than the last one.  Every window is mapped from the start
 * (to the local APIC page, a device page mapped uncached anyway): its
 * page-table page then exists, and re-pointing at run time rewrites one
 * entry without allocating from the unlocked pool while other CPUs run.
 */
struct mmio_window {
	__u8 *virt;
	__u64 phys; /* the page it shows */
};

static struct mmio_window mmio_windows[HV_MAX_CPUS];

static int map_mmio_windows(void)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++) {
		mmio_windows[n].virt = remap_device(hv_apic_phys);
		if (!mmio_windows[n].virt)
			return -ENOMEM;
		mmio_windows[n].phys = hv_apic_phys;
	}
	return 0;
}

void *mmio_window(const struct per_cpu *cpu, __u64 phys)
{
	struct mmio_window *w = &mmio_windows[cpu->cpu_id];
	__u64 page = phys & PAGE_MASK;

	if (w->phys != page) {
		if (paging_map(&hv_page_table, (unsigned long)w->virt, page,
			       PAGE_SIZE, PAGING_RW | PAGING_UNCACHED))
			return NULL;
		asm volatile("invlpg (%0)" : : "r"(w->virt) : "memory");
		w->phys = page;
	}
	return w->virt + (phys & ~PAGE_MASK);
}

/* First CPU only: pools and the hypervisor's own page table. */
int memory_init(void)
{
	const struct jailhouse_system_desc *sys;
	int err;

	char msg[JAILHOUSE_MSG_MAX];
	__u64 size, room;

	sys = (const void *)(HV_LINK_ADDRESS + hv_header.core_size);
	hv_system_config = sys;
	room = hv_header.hv_size - hv_header.core_size;
	size = jailhouse_system_config_size(sys);
	if (size > room)
		return hv_fail(
			-EINVAL,
			"system config: %llu bytes do not fit behind the hypervisor image (%llu bytes left)",
			size, room);
	if (jh_config_validate(sys, size, msg, sizeof(msg)) ||
	    cell_config_check_caps(&sys->root_cell, arch_config_caps(), msg,
				   sizeof(msg)))
		return hv_fail(-EINVAL, "%s", msg);
	if (sys->hypervisor_memory.phys_start != hv_header.hv_phys_base ||
	    sys->hypervisor_memory.size != hv_header.hv_size)
		return hv_fail(
			-EINVAL,
			"system config: hypervisor memory 0x%llx+0x%llx differs from the memory the driver loaded us into (0x%llx+0x%llx)",
			sys->hypervisor_memory.phys_start,
			sys->hypervisor_memory.size, hv_header.hv_phys_base,
			hv_header.hv_size);
	if (phys_window_end(sys, HV_PHYS_WINDOW_MAX, &window_end))
		return hv_fail(
			-ERANGE,
			"system config: RAM of the root cell or the hypervisor ends above %lu GiB, beyond the hypervisor's physical-memory window",
			HV_PHYS_WINDOW_MAX >> 30);
	err = pool_init(size);
	if (err)
		return err;
	err = paging_create(&hv_page_table, hv_paging_format(), &hv_mem_pool,
			    &hv_paging_memory);
	if (!err)
		err = paging_map(&hv_page_table, HV_LINK_ADDRESS,
				 hv_header.hv_phys_base, hv_header.hv_size,
				 PAGING_RWX);
	if (!err)
		err = map_linux_pages();
	if (!err)
		err = map_phys_window();
	if (!err)
		err = map_apic();
	if (err)
		return hv_fail(
			err,
			"hypervisor page table: out of memory in the memory pool (%lu pages)",
			page_pool_size(&hv_mem_pool));
	if (map_mmio_windows())
		return hv_fail(
			-ENOMEM,
			"out of remap pool pages for the MMIO windows of %u CPUs",
			hv_num_cpus);
	return 0;
}
