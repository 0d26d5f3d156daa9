/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Minimum, average and maximum of a series of latencies (nanoseconds). */
#ifndef _INMATE_JITTER_H
#define _INMATE_JITTER_H

#include <inmate/types.h>

struct jitter_stats {
	u64 samples;
	s64 min;
	s64 max;
	s64 sum;
	u64 overflows; /* samples dropped because sum would overflow */
};

void jitter_reset(struct jitter_stats *stats);
void jitter_add(struct jitter_stats *stats, s64 latency_ns);
/* Rounded to nearest; 0 without samples. */
s64 jitter_average(const struct jitter_stats *stats);
/* Adds every sample of `from` into `into` (e.g. a window into the total). */
void jitter_merge(struct jitter_stats *into, const struct jitter_stats *from);

#endif
