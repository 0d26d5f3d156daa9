/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell as the hypervisor keeps it: its config, its EPT, its comm region
 * and state; the VMX parts (EPT pointer, I/O and MSR bitmaps) are in
 * cell->arch (include/arch.h).  The root cell is root-cell.c's, the
 * non-root cells are cell.c's.
 */
#ifndef _HV_CELL_H
#define _HV_CELL_H

#include <jailhouse/config.h>
#include <jailhouse/fault.h>
#include <jailhouse/comm-region.h>
#include "arch.h"
#include "console-budget.h"
#include "ioapic.h"
#include "mmio.h"
#include "paging.h"

/* Non-root cells at once; ids 1 to HV_MAX_CELLS (the root is 0). */
#define HV_MAX_CELLS 8

struct per_cpu;

struct cell {
	unsigned int id;
	int in_use;
	const struct jailhouse_cell_desc *config;
	unsigned long config_pages; /* non-root: its copy in hv memory */
	struct page_table ept;
	struct arch_cell arch;		    /* only vmx/ touches it */
	struct jailhouse_comm_region *comm; /* non-root only */
	int loadable_mapped;		    /* root sees its loadable regions */
	volatile __u32 state;		    /* JAILHOUSE_CELL_* */
	struct jailhouse_fault_report fault;
	/* its IOREGSEL of each IOAPIC, shadowed: cells must not move each
	 * other's (or the root's) register window */
	__u8 ioapic_regsel[IOAPIC_MAX];
	struct mmio_table mmio;	       /* its trapped MMIO ranges (mmio.h) */
	struct console_budget console; /* non-root: its console share */
};

extern struct cell root_cell;

int root_cell_init(void);
/* Maps the local APIC page read-only into a cell's EPT. */
int cell_map_xapic(struct page_table *ept);

/* ---- cell.c: non-root cells, through the root's hypercalls ---- */
long cell_create(struct per_cpu *caller, __u64 config_gphys);
long cell_set_loadable(struct per_cpu *caller, unsigned long id);
long cell_start(struct per_cpu *caller, unsigned long id);
long cell_shutdown(struct per_cpu *caller, unsigned long id);
long cell_destroy(struct per_cpu *caller, unsigned long id);
/* Copies cell `id`'s fault report to the caller's RAM at `gphys`, under
 * cell_lock: a destroy running at the same time on another CPU cannot
 * free the cell between the lookup and the copy.  0, -ENOENT, -EINVAL. */
long cell_get_fault(struct per_cpu *caller, unsigned long id, __u64 gphys);
/* fn(arg) under the management lock, as a management call runs, if no
 * management call holds it now: 1; 0 (fn not run) if one does - it may
 * be waiting for the caller's CPU, which must not wait for it. */
int cell_run_if_free(void (*fn)(void *arg), void *arg);
/* NULL if no such cell (id 0 is the root). */
struct cell *cell_find(unsigned long id);
unsigned int cell_count(void); /* including the root */
/* The CPU a non-root cell starts on (its lowest-numbered CPU; the others
 * wait for its INIT/SIPI); NULL if it has none. */
struct per_cpu *cell_boot_cpu(const struct cell *cell);
/* Every root CPU but the caller drops cached translations of what the
 * root just lost (its EPT changed).  Under cell_lock. */
void cell_flush_root(void);
/* JAILHOUSE_CELL_*, including "locked" as the cell says it. */
__u32 cell_state(const struct cell *cell);
/* A non-root cell did what it may not: record, stop all its CPUs (the
 * calling one parks at the end of its exit). */
void cell_fail(struct per_cpu *cpu,
	       const struct jailhouse_fault_report *report);

/* ---- cell-fault.c: an exception inside the hypervisor ---- */
enum exception_action {
	/* a non-root cell's CPU in a VM exit: the cell fails, the exit is
	 * dropped (cell_fail_exception(), arch_abandon_exit()) */
	EXCEPTION_FAIL_CELL,
	/* a machine check in the wait loop: the CPU's cell fails, the CPU
	 * stays parked (cell_fail_parked()); resumed with RIPV, the wait
	 * loop restarted without */
	EXCEPTION_FAIL_PARKED,
	EXCEPTION_PANIC,
};
/* What an exception on `cpu` costs (the rules: cell-fault.c).  mcg_status:
 * IA32_MCG_STATUS for a machine check (cell_exception_mcg_status()). */
enum exception_action cell_exception_action(const struct per_cpu *cpu,
					    __u64 vector, __u64 mcg_status);
/* IA32_MCG_STATUS for vector 18, 0 for the others. */
__u64 cell_exception_mcg_status(__u64 vector);
/* Whether the interrupted code may go on (MCG_STATUS.RIPV). */
int cell_exception_resumable(__u64 mcg_status);
/* EXCEPTION_FAIL_CELL: fails the CPU's cell with a report of the
 * exception (frame as hv_exception() gets it; MCIP cleared for a machine
 * check); the caller then drops the exit. */
void cell_fail_exception(struct per_cpu *cpu, const __u64 *frame, __u64 mcg);
/* EXCEPTION_FAIL_PARKED: MCIP cleared, the CPU's cell fails with fault
 * machine-check (the root: a console line). */
void cell_fail_parked(struct per_cpu *cpu, const __u64 *frame, __u64 mcg);
/* The panic sentence of an exception: vector, error code, RIP, CR2 and
 * the locks the CPU holds. */
void cell_exception_text(char *buf, unsigned long size,
			 const struct per_cpu *cpu, const __u64 *frame,
			 __u64 cr2);
/* A rule broken by a device of `cell` (an IOMMU fault), seen on a root
 * CPU under cell_lock: cell_fail() for the cell, its CPUs asked to park.
 * Nothing if no CPU belongs to it. */
void cell_fail_device(struct cell *cell,
		      const struct jailhouse_fault_report *report);

#endif
