/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one MMIO path (mmio.c).
 *
 * A trapped page of a cell (the read-only xAPIC page, an IOAPIC, the pages
 * of sub-page regions, later PCI MMCONFIG, ivshmem and VT-d registers) is
 * handed to the handler its owner registered in the cell's region table.
 * The VMX exit code (vmx/mmio.c) finds the region, decodes the exiting
 * instruction once into a struct mmio_access and calls mmio_dispatch();
 * the handler makes the access on its device and says what came of it.
 * Only the exit code then loads the guest's register and moves RIP: device
 * code never sees the VMCS or the guest's registers.
 *
 * Lock-free lookup: the exit path reads the table without a lock.  Entries
 * change only at cell create/destroy (the root's IOAPIC pages come and go
 * with the first and last cell, under the cell lock); an entry's handler is
 * written last when it is added and cleared first when it goes, and entries
 * never move, so a concurrent reader sees a whole entry or none.
 */
#ifndef _HV_MMIO_H
#define _HV_MMIO_H

#include <jailhouse/types.h>
#include <jailhouse/fault.h>

struct per_cpu;
struct cell;

/* One data access of the guest, as its instruction made it. */
struct mmio_access {
	__u64 address;	   /* guest-physical */
	unsigned int size; /* bytes: 1, 2, 4 or 8 */
	int is_write;
	/* stores: the value written (already cut to `size`); loads: the
	 * handler puts the value read here, the exit code loads the
	 * instruction's register with it */
	__u64 value;
};

enum mmio_verdict {
	MMIO_HANDLED,	/* made on the device (a load's data in ->value) */
	MMIO_UNHANDLED, /* no region, or not an access the region has:
			 * memory the cell may not touch (FAULT_MEMORY) */
	MMIO_DENIED,	/* the region refuses it: stop the cell with ->fault */
};

struct mmio_result {
	enum mmio_verdict verdict;
	__u32 fault; /* MMIO_DENIED: a JAILHOUSE_FAULT_* */
};

static inline struct mmio_result mmio_handled(void)
{
	return (struct mmio_result){ MMIO_HANDLED, JAILHOUSE_FAULT_NONE };
}

static inline struct mmio_result mmio_unhandled(void)
{
	return (struct mmio_result){ MMIO_UNHANDLED, JAILHOUSE_FAULT_MEMORY };
}

static inline struct mmio_result mmio_denied(__u32 fault)
{
	return (struct mmio_result){ MMIO_DENIED, fault };
}

/* The fault a result stops a non-root cell with; NONE when handled. */
static inline __u32 mmio_result_fault(struct mmio_result res)
{
	return res.verdict == MMIO_HANDLED ? JAILHOUSE_FAULT_NONE : res.fault;
}

/*
 * A handler: the access of `cpu` (its cell's region) with the `arg` given
 * at registration.  It leaves the console line for a refusal it makes.
 */
typedef struct mmio_result (*mmio_handler)(struct per_cpu *cpu,
					   struct mmio_access *access,
					   void *arg);

/* Trapped ranges of a cell at once: the xAPIC page, up to four IOAPICs,
 * runs of sub-page region pages, and room for PCI, ivshmem and VT-d. */
#define MMIO_REGIONS_MAX 24

struct mmio_region {
	__u64 start, size;
	/* a guest page walk or an undecodable instruction in the region is
	 * refused with "CPU n: <name> access at <address> refused: why" */
	const char *name;
	void *arg;
	mmio_handler volatile handler; /* NULL: a free entry */
};

/* A cell's trapped ranges, looked up in order: the first registered (the
 * xAPIC page, whose EOI writes are the hot case) is found first. */
struct mmio_table {
	struct mmio_region regions[MMIO_REGIONS_MAX];
	unsigned int volatile count; /* entries ever used */
};

/*
 * A cell's table from scratch: its xAPIC page first, then its sub-page
 * regions (mmio-subpage.c).  Other devices register their pages as they
 * are set up (arch/ioapic.c).  0, or -ENOMEM when the table is full.
 */
int mmio_cell_init(struct cell *cell);

/* Adds [start, start + size): 0; -EEXIST when it overlaps a registered
 * range, -ENOMEM when the table is full. */
int mmio_region_register(struct cell *cell, __u64 start, __u64 size,
			 mmio_handler handler, void *arg, const char *name);
/* Removes the range registered at `start`. */
void mmio_region_unregister(struct cell *cell, __u64 start);
/* The region containing guest-physical `address`, or NULL. */
const struct mmio_region *mmio_region_lookup(const struct cell *cell,
					     __u64 address);

/* The same on a cell's table, inline: every xAPIC write of the root comes
 * this way, and a call and its register shuffling cost as much as the
 * lookup of the first entry. */
static inline const struct mmio_region *
mmio_table_lookup(const struct mmio_table *table, __u64 address)
{
	const struct mmio_region *r;
	unsigned int n, count = table->count;

	for (n = 0; n < count; n++) {
		r = &table->regions[n];
		if (r->handler && address - r->start < r->size)
			return r;
	}
	return 0; /* no NULL here: the header stands on its own */
}

/* Hands `access` to its region's handler; MMIO_UNHANDLED without one. */
struct mmio_result mmio_dispatch(struct per_cpu *cpu,
				 struct mmio_access *access);
/* The same with the region already looked up (the exit path does, before
 * it decodes). */
static inline struct mmio_result
mmio_region_access(const struct mmio_region *region, struct per_cpu *cpu,
		   struct mmio_access *access)
{
	mmio_handler handler = region->handler;

	/* gone since the lookup: as if it had never been there */
	if (!handler)
		return mmio_unhandled();
	return handler(cpu, access, region->arg);
}

/* ---- mmio-subpage.c ---- */
/* Registers the pages of `cell`'s sub-page regions: 0 or -ENOMEM. */
int mmio_subpage_register(struct cell *cell);

/* ---- vmx/: the exit side ---- */
struct guest_regs;
/*
 * An EPT violation at `gphys` (exit qualification `qual`, IDT-vectoring
 * information `vectoring`: each VMCS field is read once per exit) of this
 * CPU's cell: a trapped access is decoded, dispatched and, when handled,
 * completed (register loaded, RIP moved past the instruction).
 * JAILHOUSE_FAULT_NONE, or the fault to stop a non-root cell with (the
 * root is parked for any).
 */
__u32 vmx_mmio_exit(struct per_cpu *cpu, struct guest_regs *regs, __u64 gphys,
		    unsigned long qual, __u32 vectoring);

/*
 * vmx/mmio.c: the root's EOI or timer initial-count write, emulated if the
 * exit (an EPT violation) is one: 1; 0 and nothing changed for anything
 * else, which the caller hands to vmx_mmio_exit() as any other exit.  The
 * straight path of the most frequent exits (one each per tick of Linux),
 * with the checks of the general one (vmx/vmexit.c).
 */
int vmx_root_apic_write(struct per_cpu *cpu, struct guest_regs *regs);

struct mmio_instruction;
/* vmx/mmio-fetch.c: the instruction at `rip` of this CPU's guest, decoded;
 * NULL (and a console line naming the page `offset`) if it cannot be
 * emulated.  Cached per RIP for the root cell. */
const struct mmio_instruction *vmx_mmio_fetch(struct per_cpu *cpu, __u64 rip,
					      unsigned int offset);

#endif
