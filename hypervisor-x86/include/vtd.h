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
#include <jailhouse/fault.h>
#include "paging.h"
#include "apic-icr.h"
#include "vtd-root.h"

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
	/* the root's side of a unit taken over from Linux (vtd-root.h);
	 * NULL: a unit Linux left in use is refused */
	const struct vtd_root_env *root;
};

/* One fault record as the unit reported it. */
struct vtd_fault {
	unsigned int unit;
	__u16 segment;
	__u16 source_id; /* bus << 8 | dev << 3 | fn */
	__u64 address;	 /* the page the request addressed */
	int is_write;
	unsigned int reason; /* the spec's fault reason code */
	/* interrupt remapping faults (reason 0x20 and up): the index the
	 * request named; the address is then not a DMA address */
	unsigned int interrupt_index;
	/* the domain of the device's context entry when the record was
	 * read (cell id + 1; 0: in no domain): whose device it is */
	__u16 domain;
	/* within the console's rate limit (vtd_fault_event) */
	int printed;
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

/* Interrupt remapping table entries per unit: 2^iommu_ir_order from the
 * system config.  A unit taken over from Linux mirrors Linux's indices
 * (vtd-root.c), which Linux allocates from 0 up, one or more per
 * interrupt: `config create` sizes the table for the interrupt sources
 * of the busiest unit, twice over, and the cells' entries. */

/* What an interrupt remapping table entry serves (for the reuse of an
 * entry when its source is programmed again, and for the owner's
 * release). */
#define VTD_IR_FREE 0
#define VTD_IR_MSI 1
#define VTD_IR_MSIX 2
#define VTD_IR_IOAPIC 3
#define VTD_IR_ROOT 4 /* Linux's entry of the same index (vtd-root.c) */

struct vtd_irte_use {
	__u16 owner;  /* cell id + 1; 0 with kind VTD_IR_FREE */
	__u16 source; /* the requester ID the unit verifies */
	__u16 slot;   /* MSI: vector number, MSI-X: entry, IOAPIC: pin */
	__u8 kind;
	__u8 block; /* on a block's first entry: its entries (MSI: 1..32) */
};

/* What a unit held before vtd_unit_enable() first wrote it (Linux's
 * state at enable): written back when the unit is handed back. */
struct vtd_found {
	__u64 rtaddr, irta, iqa, iqt;
	__u32 fectl;
};

struct vtd_unit {
	unsigned int index; /* in platform.iommu_units */
	struct vtd_found found;
	int written; /* vtd_unit_enable() wrote registers, not handed back */
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
	/* interrupt remapping: the table, what each entry serves */
	__u64 *irt;		      /* irt_entries entries of 128 bits */
	struct vtd_irte_use *irt_use; /* irt_entries of them */
	unsigned int irt_entries;
	/* every entry vtd_ir_map() made lies in [cells_lo, cells_hi): a
	 * cell's MSI programming searches that span, not the whole table */
	unsigned int cells_lo, cells_hi;
	int eim;		  /* 32-bit x2APIC destinations (IRTA.EIME) */
	int remapping_interrupts; /* IRE is on */
	/* taken over from Linux: what Linux sees of the unit */
	struct vtd_root_view root;
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
	/* a unit did not hand back at vtd_disable(): new cells are refused
	 * (some units may no longer translate) until a disable succeeds */
	int hand_back_failed;
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
/* Queues an index-selective one: 2^`order` entries from `index`
 * (aligned to their number). */
int vtd_queue_iec_index(struct vtd_unit *u, unsigned int index,
			unsigned int order);
/* Queues a wait descriptor and waits until the unit has written its
 * status: everything queued before it is then done.  -EIO: the unit
 * reported a queue error or did not answer in time. */
int vtd_queue_sync(struct vtd_unit *u);

/* ---- vtd-tables.c: units, context entries, domains ---- */

/* What the CPU wrote reaches the unit's table walks (written back from
 * the cache unless the unit snoops: ECAP.C). */
void vtd_to_unit(const struct vtd_unit *u, const volatile void *virt,
		 unsigned long size);

/* Reads the unit's capabilities and refuses what this code cannot drive
 * (no queued invalidation, no 4-level tables, a unit already in use);
 * allocates its root table and queue.  Nothing is written to the unit. */
int vtd_unit_init(struct vtd_unit *u, unsigned int index,
		  const struct jailhouse_iommu *config, const struct vtd_hw *hw,
		  const struct vtd_env *env, char *msg, unsigned long msg_size);
/* Root table pointer, queued invalidation, global invalidations, then
 * translation on. */
int vtd_unit_enable(struct vtd_unit *u);
/*
 * Gives the unit back as vtd_unit_init() found it: the queue drained (a
 * wait descriptor), interrupt remapping, translation and queued
 * invalidation off (each confirmed in GSTS within the bounded wait),
 * then RTADDR (latched again with SRTP), IRTA (SIRTP), IQT, IQA and
 * FECTL as found.  Only the one-shot status bits RTPS and IRTPS may
 * differ: software cannot clear them.  Nothing is freed.  -EIO with a
 * sentence when the unit does not answer: the steps before stay done,
 * the registers are not restored, and a later call continues.
 */
int vtd_unit_hand_back(struct vtd_unit *u, char *msg, unsigned long msg_size);
/* Handed back (errors ignored: setup's undo); the tables freed. */
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
/* Translation off on every unit, every table freed (setup's undo). */
void vtd_shutdown(struct vtd *v);
/*
 * Hypervisor disable: every unit handed back (vtd_unit_hand_back(), in
 * reverse order), then every table freed.  -EIO with the sentence of the
 * first unit that did not answer: nothing is freed (the unit may still
 * walk the tables) and v->hand_back_failed refuses new cells.
 */
int vtd_disable(struct vtd *v, char *msg, unsigned long msg_size);
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

/* ---- vtd-ir.c: interrupt remapping ---- */

/*
 * Each unit has its own interrupt remapping table, written only by the
 * hypervisor.  A cell's MSI, MSI-X and IOAPIC programming, once
 * pci-msi.c or ioapic-filter.c has decided the destination, becomes an
 * entry: fixed or lowest-priority delivery, physical destination mode,
 * a destination that is one of the owner's CPUs, source-ID verification
 * with the device's requester ID (the IOAPIC's from the system config);
 * the device gets the remappable format naming that entry.  Compatibility
 * format interrupts are blocked (GCMD.CFI clear), so a message a device
 * makes up itself (a DMA write to 0xFEExxxxx) reaches no CPU.
 */

/* The unit's interrupt remapping capabilities for the system's APIC
 * mode (refusals by name: no ECAP.IR; x2APIC without ECAP.EIM); its
 * table of 2^`order` entries allocated (the validator keeps `order`
 * within JAILHOUSE_IOMMU_IR_ORDER_MIN..MAX).  Nothing is written to the
 * unit. */
int vtd_ir_unit_init(struct vtd_unit *u, int x2apic, unsigned int order,
		     char *msg, unsigned long msg_size);
/* IRTA, SIRTP.  Before the global interrupt-entry-cache invalidation of
 * vtd_unit_enable(). */
int vtd_ir_unit_set_table(struct vtd_unit *u);
/* IRE on, CFI left clear, after the global invalidations. */
int vtd_ir_unit_enable(struct vtd_unit *u);
/* IRE off, the table freed. */
void vtd_ir_unit_release(struct vtd_unit *u);

#define VTD_IR_VERIFY_SOURCE 0
#define VTD_IR_VERIFY_ALIAS 1
#define VTD_IR_VERIFY_BUS 2

/* One interrupt source as the filters decided it. */
struct vtd_ir_request {
	unsigned int unit; /* in platform.iommu_units */
	__u16 owner;	   /* cell id + 1 */
	__u16 source;	   /* requester ID: bus << 8 | dev << 3 | fn */
	/* what the unit verifies instead of `source` for a device behind a
	 * bridge: VTD_IR_VERIFY_ALIAS, `alias` as the requester ID;
	 * VTD_IR_VERIFY_BUS, `alias` a bus range (first bus << 8 | last
	 * bus, SVT 10): any requester on it passes (a PCIe-to-PCI bridge's
	 * secondary bus, whose devices go to one cell together) */
	unsigned int verify;
	__u16 alias;
	unsigned int kind; /* VTD_IR_MSI, VTD_IR_MSIX, VTD_IR_IOAPIC */
	unsigned int slot;
	unsigned int count;	     /* MSI multiple messages: 2^MME, else 1 */
	unsigned int vector;	     /* the first; entry k gets vector + k */
	unsigned int delivery;	     /* APIC_ICR_DELIVERY_FIXED or _LOWEST */
	__u32 apic_id;		     /* physical destination */
	int level;		     /* level-triggered (IOAPIC only) */
	const struct apic_cpu *cpus; /* every CPU; in_cell: the owner's */
	unsigned int num_cpus;
};

/*
 * Validates `req` and writes its entries (reusing those the same source
 * had), each change invalidated in the unit's interrupt entry cache and
 * waited for.  *index: the first entry.  0, or -EINVAL / -ENOSPC / -EIO
 * with a sentence; on a refusal nothing changed.
 */
int vtd_ir_map(struct vtd *v, const struct vtd_ir_request *req,
	       unsigned int *index, char *msg, unsigned long msg_size);
/* Every entry of `owner` on every unit cleared and invalidated (cell
 * destroy, a failed create). */
int vtd_ir_release_owner(struct vtd *v, __u16 owner);
/* Root entry `index` (vtd-root.c): `e` (lo, hi) validated, or NULL to
 * clear it.  -EBUSY: a cell's entry has the index.  The caller
 * invalidates. */
int vtd_ir_root_set(struct vtd_unit *u, unsigned int index, const __u64 *e);
/* The entries `owner` holds on unit `unit` (for the tests and reports). */
unsigned int vtd_ir_entries_of(const struct vtd *v, unsigned int unit,
			       __u16 owner);

/*
 * The remappable forms.  vtd_ir_msi(): (address, data) is a message
 * pci_msi_rewrite() produced (physical destination, fixed or lowest
 * priority, the vector; for `count` > 1 the first of an MSI block);
 * rewritten to address the entries with SHV and data 0, so that the
 * device's low data bits pick entry k.  vtd_ir_ioapic(): `*rte` is an
 * entry ioapic_rte_filter() produced; rewritten in remappable format
 * with vector, trigger, polarity and mask kept.
 */
int vtd_ir_msi(struct vtd *v, struct vtd_ir_request *req, __u64 *address,
	       __u32 *data, char *msg, unsigned long msg_size);
int vtd_ir_ioapic(struct vtd *v, struct vtd_ir_request *req, __u64 *rte,
		  char *msg, unsigned long msg_size);

/*
 * The hooks of pci-msi.c (struct pci_msi_remap) and ioapic-filter.c
 * (struct ioapic_rte_remap): `ctx` is a struct vtd_ir_source the caller
 * fills for the cell whose programming is filtered.  On a refusal the
 * static reason says "refused by the IOMMU" and `msg` has the sentence.
 */
struct vtd_ir_source {
	struct vtd *v;
	__u16 owner; /* cell id + 1 */
	/* IOAPIC only: the chip's unit, source ID (system config) and pin */
	unsigned int unit;
	__u16 source;
	unsigned int pin;
	char msg[200];
};
struct pci_msi_cpus;
struct ioapic_rte_request;
/* What the unit verifies of `dev`'s messages: its own requester ID, or
 * for a device behind a bridge (JAILHOUSE_PCI_FLAG_DMA_ALIAS) the
 * alias's: a PCIe-to-PCI bridge's secondary bus (alias on the device's
 * bus) as a bus range, a conventional bridge's ID as it is. */
void vtd_ir_pci_source(const struct jailhouse_pci_device *dev,
		       struct vtd_ir_request *req);
int vtd_ir_pci_remap(void *ctx, const struct pci_msi_cpus *cpus,
		     const struct jailhouse_pci_device *dev, int msix,
		     unsigned int slot, unsigned int count, __u64 *address,
		     __u32 *data, const char **reason);
int vtd_ir_ioapic_remap(void *ctx, const struct ioapic_rte_request *req,
			__u64 *rte, const char **reason);

/* ---- vtd-fault.c: fault recording ---- */

typedef void (*vtd_fault_report_fn)(const struct vtd_fault *fault, void *ctx);
/* Reads and clears the unit's pending fault records (at most `max`);
 * the number read.  A lost record (primary fault overflow) is counted
 * in u->faults.overflows and cleared. */
unsigned int vtd_fault_read(struct vtd_unit *u, struct vtd_fault *out,
			    unsigned int max);
/*
 * A fault event of the unit at time `now_ms`: every pending record is
 * read, cleared and given to `report` (which may stop the device's
 * cell); at most VTD_FAULT_REPORTS_PER_WINDOW of them per
 * VTD_FAULT_WINDOW_MS have `printed` set for the console, the others
 * are counted and summarised in the sentence of the next window's first
 * call (vtd_fault_summary).  Returns the number of records read.
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
/* The fault as a cell's fault report (JAILHOUSE_FAULT_IOMMU, fields as
 * include/jailhouse/fault.h says), its message the report sentence. */
void vtd_fault_report(const struct vtd_fault *f, const char *cell_name,
		      struct jailhouse_fault_report *r);
/* The spec's short description of a fault reason code. */
const char *vtd_fault_reason(unsigned int reason);

#endif
