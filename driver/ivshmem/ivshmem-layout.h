/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared memory of an ivshmem v2 device as its vendor-specific
 * capability describes it, read the same way by both modules of this
 * folder: the state table at the base address, then the read/write
 * section, then one output section per peer.  The specification's
 * alternative, memory behind BAR 2 when the capability has no base
 * address, is not offered by our hypervisor.
 */
#ifndef _JAILHOUSE_IVSHMEM_LAYOUT_H
#define _JAILHOUSE_IVSHMEM_LAYOUT_H

#include <linux/pci.h>

#include "ivshmem-regs.h"

struct ivshmem_layout {
	u64 base;
	u64 state_table_size;
	u64 rw_size;
	u64 output_size;
};

static inline u64 ivshmem_config_read64(struct pci_dev *pdev, int where)
{
	u32 low, high;

	pci_read_config_dword(pdev, where, &low);
	pci_read_config_dword(pdev, where + 4, &high);
	return (u64)high << 32 | low;
}

/*
 * Fills *l from the capability; returns the capability's offset, or
 * -ENODEV (said on the device's log) without one or without a base
 * address.  The sizes are the device's word: the caller checks them
 * against what it needs.
 */
static inline int ivshmem_read_layout(struct pci_dev *pdev,
				      struct ivshmem_layout *l)
{
	int cap = pci_find_capability(pdev, PCI_CAP_ID_VNDR);
	u32 size;
	u8 length;

	if (!cap) {
		dev_err(&pdev->dev,
			"no vendor-specific capability: not an ivshmem v2 device\n");
		return -ENODEV;
	}
	pci_read_config_byte(pdev, cap + IVSHMEM_CAP_LENGTH, &length);
	if (length < IVSHMEM_CAP_LENGTH_WITH_BASE) {
		dev_err(&pdev->dev,
			"the capability has no base address (length 0x%x): shared memory behind a BAR is not supported\n",
			length);
		return -ENODEV;
	}
	pci_read_config_dword(pdev, cap + IVSHMEM_CAP_STATE_TABLE_SIZE, &size);
	l->state_table_size = size;
	l->rw_size = ivshmem_config_read64(pdev, cap + IVSHMEM_CAP_RW_SIZE);
	l->output_size =
		ivshmem_config_read64(pdev, cap + IVSHMEM_CAP_OUTPUT_SIZE);
	l->base = ivshmem_config_read64(pdev, cap + IVSHMEM_CAP_BASE);
	return cap;
}

#endif
