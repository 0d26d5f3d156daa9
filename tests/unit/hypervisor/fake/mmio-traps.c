// SPDX-License-Identifier: GPL-2.0
/*
 * The MMIO regions of host tests (see fake/mmio-traps.h).  Overlapping
 * regions of one cell are refused as mmio-region.c refuses them.
 */
#include <string.h>

#include "hv.h"
#include "cell.h"
#include "mmio-traps.h"

#define MAX_TRAPS 16

static struct {
	const struct cell *cell;
	__u64 start, size;
	mmio_handler handler;
	void *arg;
} traps[MAX_TRAPS];

void fake_traps_reset(void)
{
	memset(traps, 0, sizeof(traps));
}

int mmio_region_register(struct cell *cell, __u64 start, __u64 size,
			 mmio_handler handler, void *arg, const char *name)
{
	unsigned int n;

	(void)name;
	for (n = 0; n < MAX_TRAPS; n++)
		if (traps[n].handler && traps[n].cell == cell &&
		    start < traps[n].start + traps[n].size &&
		    traps[n].start < start + size)
			return -EEXIST;
	for (n = 0; n < MAX_TRAPS; n++)
		if (!traps[n].handler) {
			traps[n].cell = cell;
			traps[n].start = start;
			traps[n].size = size;
			traps[n].arg = arg;
			traps[n].handler = handler;
			return 0;
		}
	return -ENOMEM;
}

void mmio_region_unregister(struct cell *cell, __u64 start)
{
	unsigned int n;

	for (n = 0; n < MAX_TRAPS; n++)
		if (traps[n].cell == cell && traps[n].start == start)
			traps[n].handler = NULL;
}

unsigned int fake_traps_of(const struct cell *cell)
{
	unsigned int n, count = 0;

	for (n = 0; n < MAX_TRAPS; n++)
		count += traps[n].handler && traps[n].cell == cell;
	return count;
}

enum mmio_verdict fake_mmio(struct per_cpu *cpu, __u64 address,
			    unsigned int size, int is_write, __u64 *value)
{
	struct mmio_access a = { address, size, is_write, *value };
	enum mmio_verdict verdict;
	unsigned int n;

	for (n = 0; n < MAX_TRAPS; n++)
		if (traps[n].handler && traps[n].cell == cpu->cell &&
		    address - traps[n].start < traps[n].size) {
			verdict =
				traps[n].handler(cpu, &a, traps[n].arg).verdict;
			*value = a.value;
			return verdict;
		}
	return MMIO_UNHANDLED;
}
