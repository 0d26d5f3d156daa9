/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA remapping with Intel VT-d (arch/vtd-*.c, Documentation/vtd.md).
 * Pure logic: a remapping unit's registers are reached through struct
 * vtd_hw, table memory comes from a page pool through struct vtd_env, so
 * that host unit tests drive it against a register-level model of a unit
 * (tests/unit/hypervisor/vtd-model.c).
 *
 * What it keeps:
 *  - per unit (one per DRHD of the system config, its PCI segment): a root
 *    table, a context table per bus that has a device, an invalidation
 *    queue with a wait word; translation is on from vtd_setup() to
 *    vtd_shutdown();
 *  - one domain per cell (domain ID = cell id + 1: ID 0 is reserved when
 *    CAP.CM is set), its second-level tables built from the cell's memory
 *    regions marked JAILHOUSE_MEM_DMA, guest-physical to host-physical.
 *    The root's domain is its DMA regions minus what cells took; the
 *    hypervisor's memory is in no domain.  One set of second-level tables
 *    serves every unit (4 levels, 48-bit AGAW; huge pages only where all
 *    units have them);
 *  - every device of a config in exactly one domain: the root's devices
 *    in the root's at setup, a cell's moved to the cell's at create and
 *    back at destroy.  A device the config does not list has no context
 *    entry: its DMA is blocked and recorded as a fault.
 *
 * Every table change is followed by what the spec asks for: the changed
 * cache lines written back where the unit's walks do not snoop (ECAP.C
 * clear), queued invalidations (context cache, IOTLB, interrupt entry
 * cache) completed by a wait descriptor before the change counts as done,
 * and the extra invalidations of caching mode (CAP.CM).
 *
 * All functions: 0 or a negative errno; refusals with a sentence in the
 * caller's buffer.  Not thread safe: the caller holds its management lock
 * (cell_lock in the hypervisor).
 */
#ifndef _HV_VTD_H
#define _HV_VTD_H

#include <jailhouse/config.h>
#include "paging.h"

#define VTD_MAX_UNITS JAILHOUSE_MAX_IOMMU_UNITS
/* Domains: the root and HV_MAX_CELLS (include/cell.h) cells */
#define VTD_MAX_DOMAINS 9

/* How one unit's registers are reached (the hypervisor maps its MMIO
 * page uncached; unit tests give the model). */
struct vtd_hw {
	__u32 (*read32)(void *ctx, unsigned int reg);
	void (*write32)(void *ctx, unsigned int reg, __u32 value);
	__u64 (*read64)(void *ctx, unsigned int reg);
	void (*write64)(void *ctx, unsigned int reg, __u64 value);
	/* A bounded wait for the unit: called with polls = 0, 1, 2, ...
	 * while the unit has not answered; 1 once the time is up. */
	int (*poll_expired)(void *ctx, unsigned int polls);
	void *ctx;
};

/* Where table memory comes from and how the units see it. */
struct vtd_env {
	struct page_pool *pool;
	const struct paging_memory *memory;
	/* Writes the CPU cache lines of [virt, virt + size) back to memory
	 * (CLFLUSH); used only for units whose walks do not snoop. */
	void (*flush)(const void *virt, unsigned long size);
};

/* One fault record as the unit reported it. */
struct vtd_fault {
	unsigned int unit;
	__u16 segment;
	__u16 source_id; /* bus << 8 | dev << 3 | fn */
	__u64 address;	 /* the page the request addressed */
	int is_write;
	unsigned int reason; /* the spec's fault reason code */
};

/* Fault reports allowed per unit and window; the rest are counted. */
#define VTD_FAULT_REPORTS_PER_WINDOW 4
#define VTD_FAULT_WINDOW_MS 1000

struct vtd_fault_limit {
	__u64 window_start_ms;
	unsigned int reported;	  /* in this window */
	unsigned long suppressed; /* not reported, since the last summary */
	unsigned long overflows;  /* the unit lost records (FSTS.PFO) */
};

struct vtd_unit {
	unsigned int index; /* in platform.iommu_units */
	const struct jailhouse_iommu *config;
	struct vtd_hw hw;
	const struct vtd_env *env;
	__u64 cap, ecap;
	__u64 *root_table; /* 256 root entries of 128 bits */
	__u64 *queue;	   /* VTD_QUEUE_ENTRIES descriptors of 128 bits */
	unsigned int queue_tail;
	volatile __u32 *wait_word; /* wait descriptors write here */
	__u32 wait_seq;
	unsigned int agaw; /* address width of the context entries: 48 */
	int translating;
	struct vtd_fault_limit faults;
};

struct vtd_domain {
	__u16 id; /* 0: not in use */
	struct page_table table;
};

struct vtd {
	const struct jailhouse_system_desc *sys;
	const struct vtd_env *env;
	unsigned int num_units;
	struct vtd_unit units[VTD_MAX_UNITS];
	/* the second-level entry format, huge pages as all units allow */
	struct paging_format format;
	struct vtd_domain domains[VTD_MAX_DOMAINS]; /* [0]: the root's */
};

/* ---- vtd-queue.c: commands and queued invalidation of one unit ---- */

/* Granularities of the invalidations */
#define VTD_INV_GLOBAL 1
#define VTD_INV_DOMAIN 2
#define VTD_INV_DEVICE 3 /* context cache */
#define VTD_INV_PAGE 3	 /* IOTLB */

/* Sets or clears a global command (GCMD bit `bit`) and waits until the
 * status follows; one-shot commands wait until the status reports done. */
int vtd_command(struct vtd_unit *u, __u32 bit, int on);
/* Starts queued invalidation on the unit's own queue (IQT 0, IQA, QIE). */
int vtd_queue_enable(struct vtd_unit *u);
/* Waits for the queue to drain, then turns QIE off. */
int vtd_queue_disable(struct vtd_unit *u);
/* Queues one context-cache invalidation: `granularity` with domain `did`
 * and source ID `sid` (device granularity). */
int vtd_queue_context(struct vtd_unit *u, unsigned int granularity, __u16 did,
		      __u16 sid);
/* Queues one IOTLB invalidation (writes drained first). */
int vtd_queue_iotlb(struct vtd_unit *u, unsigned int granularity, __u16 did);
/* Queues a global interrupt-entry-cache invalidation. */
int vtd_queue_iec(struct vtd_unit *u);
/* Queues a wait descriptor and waits until the unit has written its
 * status: everything queued before it is then done.  -EIO: the unit
 * reported a queue error or did not answer in time. */
int vtd_queue_sync(struct vtd_unit *u);

/* ---- vtd-tables.c: units, context entries, domains ---- */

/* Reads the unit's capabilities and refuses what this code cannot drive
 * (no queued invalidation, no 4-level tables, a unit already in use);
 * allocates its root table and queue.  Nothing is written to the unit. */
int vtd_unit_init(struct vtd_unit *u, unsigned int index,
		  const struct jailhouse_iommu *config, const struct vtd_hw *hw,
		  const struct vtd_env *env, char *msg, unsigned long msg_size);
/* Root table pointer, queued invalidation, global invalidations, then
 * translation on. */
int vtd_unit_enable(struct vtd_unit *u);
/* Translation and queued invalidation off; the tables freed. */
void vtd_unit_release(struct vtd_unit *u);
/* Is `limit` (one past the highest address a domain maps) within what
 * the unit translates (MGAW)?  0 or -EINVAL with a sentence. */
int vtd_unit_check_width(const struct vtd_unit *u, __u64 limit, char *msg,
			 unsigned long msg_size);
/* Puts device `bdf` of the unit's segment into domain `d` (NULL: no
 * domain, its DMA blocked), with the invalidations the change needs once
 * the unit translates (before, vtd_unit_enable's global ones do). */
int vtd_context_set(struct vtd_unit *u, __u16 bdf, const struct vtd_domain *d);
/* The domain ID in device `bdf`'s context entry, 0 if not present. */
__u16 vtd_context_domain(const struct vtd_unit *u, __u16 bdf);

/* Second-level entries with the huge pages of CAP.SLLPS `sllps`. */
void vtd_format_init(struct paging_format *f, unsigned int sllps);
int vtd_domain_init(struct vtd_domain *d, __u16 id,
		    const struct paging_format *format,
		    const struct vtd_env *env);
void vtd_domain_destroy(struct vtd_domain *d);
/* One past the highest address `d` maps, 0 if none. */
__u64 vtd_domain_limit(const struct vtd_domain *d);
/* Writes every table page of `d` back to memory (ECAP.C clear). */
void vtd_domain_flush(const struct vtd_domain *d, const struct vtd_env *env);

/* ---- vtd-cells.c: the system and its cells ---- */

/*
 * Everything at enable: the units of `sys`, the root's domain from its
 * DMA regions, the root's devices in it, translation on.  A device whose
 * config names a unit the system config does not declare is refused by
 * name.  On failure nothing stays set up.
 */
int vtd_setup(struct vtd *v, const struct jailhouse_system_desc *sys,
	      const struct vtd_hw *hw, const struct vtd_env *env, char *msg,
	      unsigned long msg_size);
/* Translation off on every unit, every table freed. */
void vtd_shutdown(struct vtd *v);
/* A new cell's config against the units (its domain's width, the units
 * its devices name).  0 or -EINVAL with a sentence. */
int vtd_cell_check(struct vtd *v, const struct jailhouse_cell_desc *cell,
		   char *msg, unsigned long msg_size);
/* Cell `id` (1..VTD_MAX_DOMAINS-1): its domain built, its memory out of
 * the root's domain (flushed before the cell can start), its devices
 * moved into its domain.  On failure nothing changed. */
int vtd_cell_create(struct vtd *v, unsigned int id,
		    const struct jailhouse_cell_desc *cell, char *msg,
		    unsigned long msg_size);
/* The cell's devices back in the root's domain, its memory too, its
 * domain freed. */
void vtd_cell_destroy(struct vtd *v, unsigned int id,
		      const struct jailhouse_cell_desc *cell);

/* ---- vtd-fault.c: fault recording ---- */

typedef void (*vtd_fault_report_fn)(const struct vtd_fault *fault, void *ctx);
/* Reads and clears the unit's pending fault records (at most `max`);
 * the number read.  A lost record (primary fault overflow) is counted
 * in u->faults.overflows and cleared. */
unsigned int vtd_fault_read(struct vtd_unit *u, struct vtd_fault *out,
			    unsigned int max);
/*
 * A fault event of the unit at time `now_ms`: every pending record is
 * read and cleared; at most VTD_FAULT_REPORTS_PER_WINDOW of them per
 * VTD_FAULT_WINDOW_MS go to `report`, the others are only counted and
 * summarised in the sentence of the next window's first call
 * (vtd_fault_summary).  Returns the number of records read.
 */
unsigned int vtd_fault_event(struct vtd_unit *u, __u64 now_ms,
			     vtd_fault_report_fn report, void *ctx);
/* "N DMA faults of IOMMU unit U not reported" once a window is over and
 * some were suppressed (then 1, and the count restarts); else 0. */
int vtd_fault_summary(struct vtd_unit *u, __u64 now_ms, char *msg,
		      unsigned long msg_size);
/* The report sentence: device, address, read/write, reason, cell. */
int vtd_fault_format(const struct vtd_fault *f, const char *cell_name,
		     char *msg, unsigned long msg_size);
/* The spec's short description of a fault reason code. */
const char *vtd_fault_reason(unsigned int reason);

#endif
