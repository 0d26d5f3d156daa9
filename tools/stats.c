// SPDX-License-Identifier: GPL-2.0
/*
 * The table of `jailhouse cell stats`.
 */
#include <stdio.h>

#include "stats.h"
#include "text.h"

__u64 stats_total(const struct cell_stats *stats, unsigned int counter)
{
	__u64 sum = 0;
	unsigned int n;

	for (n = 0; n < stats->num_cpus; n++)
		sum += stats->count[n][counter];
	return sum;
}

/* Counters can go backwards if the cell was re-created: show 0, not 2^64. */
static double rate(const struct cell_stats *now,
		   const struct cell_stats *before, unsigned int counter,
		   double seconds)
{
	__u64 a = stats_total(now, counter), b = stats_total(before, counter);

	return a >= b ? (double)(a - b) / seconds : 0.0;
}

static unsigned int cpu_columns(const struct cell_stats *stats)
{
	/* One CPU: its column would repeat the total. */
	if (stats->num_cpus < 2)
		return 0;
	return stats->num_cpus < STATS_MAX_CPU_COLUMNS ? stats->num_cpus :
							 STATS_MAX_CPU_COLUMNS;
}

static void put_header(struct text *text, const struct cell_info *cell,
		       const struct cell_stats *now, int rates)
{
	char label[16];
	unsigned int n;

	text_put(text, "cell %u \"%s\": %s, CPUs %s\n", cell->id, cell->name,
		 cell->state, cell->cpus[0] ? cell->cpus : "none");
	if (cell->cpus_failed[0])
		text_put(text, "CPUs that failed to come back online: %s\n",
			 cell->cpus_failed);
	text_put(text, "\n%-16s %14s", "VM exits", "total");
	if (rates)
		text_put(text, " %12s", "per second");
	for (n = 0; n < cpu_columns(now); n++) {
		snprintf(label, sizeof(label), "cpu%u", now->cpu[n]);
		text_put(text, " %14s", label);
	}
	text_put(text, "\n");
}

static void put_row(struct text *text, const char *name,
		    const struct cell_stats *now,
		    const struct cell_stats *before, double seconds,
		    unsigned int counter)
{
	unsigned int n;

	text_put(text, "%-16s %14llu", name,
		 (unsigned long long)stats_total(now, counter));
	if (before)
		text_put(text, " %12.0f", rate(now, before, counter, seconds));
	for (n = 0; n < cpu_columns(now); n++)
		text_put(text, " %14llu",
			 (unsigned long long)now->count[n][counter]);
	text_put(text, "\n");
}

size_t stats_format(const struct cell_info *cell, const struct cell_stats *now,
		    const struct cell_stats *before, double seconds, char *out,
		    size_t out_size)
{
	static const char *const names[] = JAILHOUSE_CPU_STAT_NAMES;
	struct text text;
	unsigned int counter;

	if (out_size == 0)
		return 0;
	text_init(&text, out, out_size);
	if (seconds <= 0)
		before = NULL;
	put_header(&text, cell, now, before != NULL);
	for (counter = 0; counter < JAILHOUSE_NUM_CPU_STATS; counter++)
		put_row(&text, names[counter], now, before, seconds, counter);
	if (now->num_cpus == 0)
		text_put(&text, "(no per-CPU statistics in sysfs)\n");
	else if (now->num_cpus > STATS_MAX_CPU_COLUMNS)
		text_put(&text,
			 "(per-CPU columns for the first %u of %u "
			 "CPUs)\n",
			 STATS_MAX_CPU_COLUMNS, now->num_cpus);
	return text.len;
}
