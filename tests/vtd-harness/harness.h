/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtd-harness.ko (Documentation/vtd.md, "The QEMU harness"): the
 * hypervisor's VT-d code driving the real remapping unit of the QEMU PC,
 * with QEMU's edu devices doing the DMA.
 * The kernel's headers come first: the hypervisor's page-pool.h defines
 * PAGE_SIZE and PAGE_MASK with the same values in other words, which the
 * compiler would take for a redefinition.
 */
#ifndef _VTD_HARNESS_H
#define _VTD_HARNESS_H

#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/types.h>

#undef PAGE_SIZE
#undef PAGE_MASK
#include "vtd.h"

/* ---- unit-env.c: the hypervisor's surroundings, from Linux ---- */

/* One remapping unit as the DMAR table's DRHD describes it. */
struct harness_unit {
	struct jailhouse_iommu config;
	void __iomem *regs;
	ktime_t wait_start; /* of the current bounded wait */
};

/* The page pool the VT-d code takes its tables from: pages of Linux,
 * reached through Linux's direct map. */
struct harness_env {
	struct page *pages;
	unsigned int order;
	struct page_pool pool;
	unsigned long *bitmap;
	struct vtd_env env;
};

/* The first DRHD of the DMAR table, its registers mapped uncached.
 * 0, or -ENODEV with the reason in `why`. */
int harness_unit_find(struct harness_unit *u, char *why, size_t why_size);
void harness_unit_unmap(struct harness_unit *u);
/* struct vtd_hw for the unit: MMIO accesses, 2 s bounded waits. */
void harness_unit_hw(struct harness_unit *u, struct vtd_hw *hw);
int harness_env_init(struct harness_env *e, unsigned int order);
void harness_env_free(struct harness_env *e);

/* ---- edu.c: QEMU's edu device as a DMA engine ---- */

#define EDU_MAX 2
/* edu's internal 4 KiB buffer, as its DMA registers address it */
#define EDU_BUFFER 0x40000

struct edu {
	struct pci_dev *pdev;
	void __iomem *regs;
	u16 bdf; /* requester ID: bus << 8 | devfn */
};

/* Up to `max` edu devices, enabled as bus masters; how many. */
int edu_find(struct edu *e, int max);
void edu_release(struct edu *e, int count);
/* One DMA of `count` bytes between `iova` and edu's buffer at `offset`
 * (to_ram: from the buffer to memory).  0, or -ETIMEDOUT when the device
 * did not finish within 2 s. */
int edu_dma(struct edu *e, u64 iova, u32 offset, u32 count, int to_ram);
/* edu's interrupt: raised (register 0x60), acknowledged (what is up) */
void edu_irq_raise(struct edu *e);
void edu_irq_ack(struct edu *e);

/* ---- harness.c ---- */

/* One check: "PASS name" or "FAIL name: why"; returns ok. */
int harness_check(int ok, const char *name, const char *why);
unsigned int harness_passed(void);
unsigned int harness_failed(void);

/* What the harness found, for root.c. */
struct harness_parts {
	struct harness_unit *unit;
	struct harness_env *env;
	struct vtd_hw *hw;
	struct vtd *v;
	struct edu *edu; /* EDU_MAX */
};

/* The unit, both edus, the root's pages and the page pool: 0, or -errno
 * with the reason (a SKIP) in `why`.  linux_ir: Linux's interrupt
 * remapping is expected on (root.c); else the unit must be off. */
int harness_prepare(int linux_ir, char *why, size_t size);
void harness_release(void);
void harness_parts(struct harness_parts *p);
/* The system config: one unit, both edus and the root's pages in the
 * root cell, APIC mode x2APIC or xAPIC. */
const struct jailhouse_system_desc *harness_sys(int x2apic);
/* A cell with edu 1 and one of the root's pages. */
const struct jailhouse_cell_desc *harness_cell_with_edu1(void);

/* ---- ir.c: interrupt remapping with edu's MSI ---- */

/* After vtd_setup: the checks of ir.c (their names in the scenario). */
void ir_phase(struct vtd *v, struct edu *edu, void __iomem *regs);

/* An MSI capability's message (address low, data). */
struct msi_message {
	u32 address_lo, address_hi;
	u16 data;
};

void msi_read(struct pci_dev *pdev, struct msi_message *m);
void msi_write(struct pci_dev *pdev, const struct msi_message *m);

/* ---- root.c: the root's take-over (module parameter mode=root) ---- */

/* insmod: the take-over and the checks of the window; the unit stays
 * taken over.  rmmod: the hand-back and its checks. */
void root_begin(void);
void root_end(void);

#endif
