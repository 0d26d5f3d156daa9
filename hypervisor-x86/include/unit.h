/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Subsystems ("units") that take part in the hypervisor's and the cells'
 * lives: each registers its hooks in the table of unit-table.c, so that
 * setup.c and cell.c call the table (unit.c) and name no device.  A hook a
 * unit does not need is NULL.
 *
 * Order: init, cell_create and cell_start run in table order; exit,
 * cell_destroy, cell_quiesce and disable in reverse; a failing init or cell_create
 * undoes the units before it in reverse, so every success has its undo.  cell_check runs before create
 * changes anything: the first refusal ends it.
 */
#ifndef _HV_UNIT_H
#define _HV_UNIT_H

struct per_cpu;
struct cell;

struct hv_unit {
	const char *name;
	/*
	 * Once, on the first CPU at setup, after the root cell exists and
	 * before any CPU enters it.  0, or an errno recorded with hv_fail().
	 */
	int (*init)(void);
	/* Undoes init (a later unit's init failed). */
	void (*exit)(void);
	/*
	 * A new cell's config against what the unit manages, under cell_lock
	 * before anything changes.  0, or an errno with the sentence set by
	 * hypercall_refuse(caller, ...).
	 */
	int (*cell_check)(struct per_cpu *caller, const struct cell *cell);
	/*
	 * Cell create, under cell_lock: the cell's CPUs are parked and still
	 * the root's; its memory and ports have left the root, whose CPUs
	 * have flushed.  0 or an errno (the units before are undone).
	 */
	int (*cell_create)(struct cell *cell);
	/*
	 * Cell destroy (or the undo of cell_create), under cell_lock: the
	 * cell's CPUs are parked, back in the root.  Gives the cell's
	 * resources back to the root.
	 */
	void (*cell_destroy)(struct cell *cell);
	/*
	 * The cell stopped (shutdown, under cell_lock, its CPUs parked) or
	 * failed (cell_fail(), on the failing CPU in its VM exit, without
	 * cell_lock: may take only the unit's own lock).  Quiets the cell's
	 * resources; they stay the cell's until cell_destroy.
	 */
	void (*cell_quiesce)(struct cell *cell);
	/*
	 * Cell start, under cell_lock, its CPUs parked: what a quiesce
	 * stopped (a shutdown or failure before this start) is handed to
	 * the cell again as at create.  Runs in table order; cannot fail.
	 */
	void (*cell_start)(struct cell *cell);
	/*
	 * Hypervisor disable (the root's hypercall), on the calling root
	 * CPU, once only the root cell exists and every CPU is running in
	 * it, before any CPU leaves: hands the unit's hardware back to
	 * Linux in exactly the state init found it (the symmetric undo of
	 * init for a hypervisor that leaves).  Runs in reverse table
	 * order.  0, or an errno with the sentence set by
	 * hypercall_refuse(caller, ...): disable is then refused and the
	 * hypervisor stays; the units after it in table order have handed
	 * back already and stay so, the ones before it have not run.  A
	 * unit that fails must keep whatever the hardware may still use
	 * (tables in hypervisor memory) and refuse what it can no longer
	 * guarantee (VT-d: new cells); a later disable runs every hook
	 * again, so a hook that already handed back returns 0 at once.
	 */
	int (*disable)(struct per_cpu *caller);
};

/* unit-table.c; host unit tests give their own */
extern const struct hv_unit *const hv_units[];
extern const unsigned int hv_num_units;

/* unit.c: the table, run as described above */
int units_init(void);
int units_cell_check(struct per_cpu *caller, const struct cell *cell);
int units_cell_create(struct cell *cell);
void units_cell_destroy(struct cell *cell);
void units_cell_quiesce(struct cell *cell);
void units_cell_start(struct cell *cell);
int units_disable(struct per_cpu *caller);
/*
 * Disable as the driver calls it, on every one of `num_cpus` CPUs at
 * once: the round's first caller runs units_disable(); every caller of
 * the round gets its answer, and on a refusal its sentence copied into
 * `caller_msg` (the caller's error_msg, JAILHOUSE_MSG_MAX), so either all
 * CPUs leave or none.  The round ends when `num_cpus` callers have come;
 * the next one runs the hooks again.  The units' bounded waits run under
 * the round's lock, where the other CPUs wait (lock order: before
 * console_lock, a leaf otherwise).
 */
int units_disable_round(struct per_cpu *caller, char *caller_msg,
			unsigned int num_cpus);

#endif
