/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI configuration access through ports 0xcf8-0xcff (pci-config.c): the
 * only way on the Bochs rig (no MMCONFIG), and mediated on every machine
 * because the address latch at 0xcf8 is shared by all CPUs and cells.
 *
 * The hypervisor keeps a shadow of the latch per CPU (Linux holds its PCI
 * lock across "write 0xcf8, access 0xcfc" on one CPU) and never lets a cell
 * write the real latch.  A data access is performed as one locked pair:
 * write `address` to 0xcf8, access `port` - but only for a device the cell
 * owns.  Config space of other devices reads as all ones and ignores
 * writes, like an empty slot: guests legitimately scan the bus, so this is
 * not a violation.  Byte and word accesses to 0xcf8-0xcfb are not config
 * accesses (0xcf9 is the chipset's reset control): they pass only for a
 * cell allowed to reset the machine (the root), and are dropped otherwise.
 */
#ifndef _JH_PCI_CONFIG_H
#define _JH_PCI_CONFIG_H

#include <jailhouse/types.h>

#define PCI_CONFIG_ADDRESS_PORT 0xcf8
#define PCI_CONFIG_DATA_PORT 0xcfc
#define PCI_CONFIG_ENABLE 0x80000000U

struct pci_config_cell {
	/* Does the cell own the device at bus:dev.fn `bdf` (segment 0)? */
	int (*owns)(const void *ctx, __u16 bdf);
	const void *ctx;
	int may_reset; /* root: byte access to 0xcf9 passes */
};

enum pci_config_action {
	PCI_CONFIG_LATCH,      /* 32-bit write of 0xcf8: *shadow = value */
	PCI_CONFIG_READ_LATCH, /* 32-bit read of 0xcf8: return *shadow */
	PCI_CONFIG_DEVICE,     /* locked: out 0xcf8 <- address; access port */
	PCI_CONFIG_ALL_ONES,   /* read returns all ones of `size` bytes */
	PCI_CONFIG_IGNORE,     /* write dropped */
	PCI_CONFIG_PASS,       /* not a config access: perform it as is */
};

struct pci_config_decision {
	enum pci_config_action action;
	__u32 address;	  /* DEVICE: value for the real 0xcf8 */
	__u16 port;	  /* DEVICE: 0xcfc-0xcff */
	__u16 bdf;	  /* the device addressed, if any */
	unsigned int reg; /* config-space offset of the access */
};

/* A 32-bit access of 0xcf8 is the latch itself, for every cell: its
 * shadow is written or read, nothing else.  Inline so that the exit path
 * can take the most frequent case without the full decision. */
static inline int pci_config_is_latch(__u16 port, unsigned int size)
{
	return size == 4 && port == PCI_CONFIG_ADDRESS_PORT;
}

/*
 * Decides an access of `size` bytes (1, 2, 4) to `port` (0xcf8-0xcff) by a
 * CPU of `cell` whose latch shadow is *shadow.  Updates *shadow for latch
 * writes.  Returns 0, or -EINVAL for a port outside 0xcf8-0xcff or a size
 * other than 1, 2, 4 (the caller's bug, or a string instruction it should
 * refuse).
 */
int pci_config_access(const struct pci_config_cell *cell, __u32 *shadow,
		      __u16 port, unsigned int size, int is_write, __u32 value,
		      struct pci_config_decision *decision);

/*
 * MMCONFIG (ECAM): the window at `base` covers buses 0..end_bus, 4 KiB of
 * config space per function at base + (bus << 20 | dev << 15 | fn << 12).
 * Decodes an access of `size` bytes at physical `address`: 0 with *bdf
 * and *reg, or -EINVAL for an address outside the window, a size other
 * than 1, 2, 4 or an access that is not naturally aligned (ECAM accesses
 * must not cross a dword: the caller treats them as not config space).
 */
int pci_mmconfig_decode(__u64 base, unsigned int end_bus, __u64 address,
			unsigned int size, __u16 *bdf, unsigned int *reg);

#endif
