// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* Latency statistics for apic-demo; pure, tested on the host. */
#include <inmate/jitter.h>

#define S64_MAX 0x7fffffffffffffffLL

void jitter_reset(struct jitter_stats *stats)
{
	stats->samples = 0;
	stats->min = 0;
	stats->max = 0;
	stats->sum = 0;
	stats->overflows = 0;
}

static bool sum_would_overflow(s64 sum, s64 add)
{
	return (add > 0 && sum > S64_MAX - add) ||
	       (add < 0 && sum < -S64_MAX - add);
}

void jitter_add(struct jitter_stats *stats, s64 latency_ns)
{
	if (sum_would_overflow(stats->sum, latency_ns)) {
		stats->overflows++;
		return;
	}
	if (!stats->samples || latency_ns < stats->min)
		stats->min = latency_ns;
	if (!stats->samples || latency_ns > stats->max)
		stats->max = latency_ns;
	stats->sum += latency_ns;
	stats->samples++;
}

s64 jitter_average(const struct jitter_stats *stats)
{
	s64 n = (s64)stats->samples;

	if (!n)
		return 0;
	if (stats->sum >= 0)
		return (stats->sum + n / 2) / n;
	return -((-stats->sum + n / 2) / n);
}

void jitter_merge(struct jitter_stats *into, const struct jitter_stats *from)
{
	if (!from->samples)
		return;
	if (sum_would_overflow(into->sum, from->sum)) {
		into->overflows += from->samples;
		return;
	}
	if (!into->samples || from->min < into->min)
		into->min = from->min;
	if (!into->samples || from->max > into->max)
		into->max = from->max;
	into->sum += from->sum;
	into->samples += from->samples;
	into->overflows += from->overflows;
}
