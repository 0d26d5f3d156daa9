/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What jailhouse.ko shows under /sys/devices/jailhouse: whether the
 * hypervisor is enabled, its cells (name, state, CPUs, fault report) and
 * their per-CPU VM-exit counters.  The root of the tree can be moved with
 * the environment variable JAILHOUSE_SYSFS_ROOT (used by the unit tests).
 */
#ifndef _JAILHOUSE_TOOLS_SYSFS_H
#define _JAILHOUSE_TOOLS_SYSFS_H

#include <stddef.h>

#include <jailhouse/config.h>
#include <jailhouse/hypercall.h>

#define CELL_TEXT_MAX 256

enum hypervisor_status {
	HYPERVISOR_NO_MODULE, /* no sysfs tree: jailhouse.ko not loaded */
	HYPERVISOR_DISABLED,
	HYPERVISOR_ENABLED,
};

struct cell_info {
	unsigned int id;
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	char state[CELL_TEXT_MAX]; /* a name, see cell_state_name() */
	char cpus[CELL_TEXT_MAX];  /* cpus_assigned_list, e.g. "1-2" */
	char cpus_failed[CELL_TEXT_MAX];
	char fault[CELL_TEXT_MAX]; /* fault_summary() of a failed cell */
};

/* VM-exit counters of one cell, per CPU and reason. */
struct cell_stats {
	unsigned int num_cpus;
	unsigned int cpu[JAILHOUSE_MAX_CPUS]; /* Linux CPU numbers, sorted */
	__u64 count[JAILHOUSE_MAX_CPUS][JAILHOUSE_NUM_CPU_STATS];
};

#define CELLS_MAX 64

/* The tree's root: $JAILHOUSE_SYSFS_ROOT or /sys/devices/jailhouse. */
const char *sysfs_root(void);

enum hypervisor_status hypervisor_status(const char *root);

/*
 * A sentence for commands that need cells when there are none to be had,
 * e.g. "the hypervisor is not enabled".
 */
const char *hypervisor_status_text(enum hypervisor_status status);

/* A cell state as text: sysfs may say "running" or a number. */
const char *cell_state_name(const char *state, char *buf, size_t size);

/* All cells, sorted by id.  Returns the count, or -1 with msg. */
int cells_read(const char *root, struct cell_info *cells, unsigned int max,
	       char *msg, size_t msg_size);

/*
 * Find the cell the user means by arg: its id if arg is a number naming an
 * existing cell, else its name.  Returns 0, or -1 with a sentence in msg.
 */
int cell_resolve(const char *root, const char *arg, struct cell_info *cell,
		 char *msg, size_t msg_size);

/* The full fault report text of a cell ("" if none); returns 0 or -1. */
int cell_fault_read(const char *root, unsigned int id, char *text, size_t size);

/* Read statistics/cpu<N>/vmexits_<name> of cell id.  Returns 0 or -1. */
int cell_stats_read(const char *root, unsigned int id, struct cell_stats *stats,
		    char *msg, size_t msg_size);

#endif
