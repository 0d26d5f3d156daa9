// SPDX-License-Identifier: GPL-2.0
/*
 * pci.c's seam to the ivshmem unit (include/ivshmem.h) for tests of
 * pci.c alone: no cell has an ivshmem device.  The ivshmem device itself
 * is tested by test-ivshmem.c.
 */
#include "hv.h"
#include "ivshmem.h"

int ivshmem_is_device(const struct cell *cell, __u16 bdf)
{
	(void)cell;
	(void)bdf;
	return 0;
}

int ivshmem_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
			  unsigned int size, int is_write, __u32 *value)
{
	(void)cpu;
	(void)bdf;
	(void)reg;
	(void)size;
	(void)is_write;
	(void)value;
	return -EINVAL;
}
