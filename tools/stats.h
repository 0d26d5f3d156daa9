/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatting of `jailhouse cell stats`: a table of VM exits by reason with
 * totals, rates and per-CPU counts.  Pure, so the layout is unit-tested.
 */
#ifndef _JAILHOUSE_TOOLS_STATS_H
#define _JAILHOUSE_TOOLS_STATS_H

#include <stddef.h>

#include "sysfs.h"

/* Per-CPU columns beyond this many CPUs are left out (the total stays). */
#define STATS_MAX_CPU_COLUMNS 8

/*
 * Write the table for cell into out.  With before != NULL and seconds > 0,
 * a "per second" column shows (now - before) / seconds.  Returns the
 * length written (truncated to out_size - 1).
 */
size_t stats_format(const struct cell_info *cell, const struct cell_stats *now,
		    const struct cell_stats *before, double seconds, char *out,
		    size_t out_size);

/* The sum of one counter over all CPUs of the cell. */
__u64 stats_total(const struct cell_stats *stats, unsigned int counter);

#endif
