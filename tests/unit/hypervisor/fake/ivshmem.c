// SPDX-License-Identifier: GPL-2.0
/*
 * pci.c's seam to the ivshmem unit (include/ivshmem.h) for tests of
 * pci.c alone: by default no cell has an ivshmem device; a test may give
 * one cell a device at one bdf (fake_ivshmem_cell, fake_ivshmem_bdf),
 * whose config space reads the ivshmem IDs and records the last write.
 * The ivshmem device itself is tested by test-ivshmem.c.
 */
#include "hv.h"
#include "ivshmem.h"
#include "fake-ivshmem.h"

const struct cell *fake_ivshmem_cell;
__u16 fake_ivshmem_bdf;
unsigned int fake_ivshmem_last_reg;
__u32 fake_ivshmem_last_write;

int ivshmem_is_device(const struct cell *cell, __u16 bdf)
{
	return fake_ivshmem_cell && cell == fake_ivshmem_cell &&
	       bdf == fake_ivshmem_bdf;
}

int ivshmem_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
			  unsigned int size, int is_write, __u32 *value)
{
	(void)size;
	if (!ivshmem_is_device(cpu->cell, bdf))
		return -EINVAL;
	fake_ivshmem_last_reg = reg;
	if (is_write)
		fake_ivshmem_last_write = *value;
	else
		*value = reg == 0 ? FAKE_IVSHMEM_IDS : 0;
	return 0;
}
