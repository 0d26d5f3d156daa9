/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The owner's view of a PCI endpoint a non-root cell owns (pci-virt.c).
 * Pure logic: the device is reached through struct pci_hw (pci-msi.h),
 * the MSI and MSI-X capabilities through a hook, so that unit tests give
 * config-space images.
 *
 * What the cell sees:
 *  - the header as the device has it; writes pass to the command register
 *    (decoding, bus master, memory write and invalidate, INTx disable;
 *    parity and SERR# enable stay the root's: a system error reaches the
 *    platform, not the cell), the status register (its RW1C bits),
 *    cache-line size, latency timer and interrupt line, and are dropped
 *    elsewhere (IDs, class, header type, BIST...);
 *  - BARs emulated: the device's BARs never move while a cell owns it.
 *    The cell's BAR registers are a shadow in which sizing works (all ones
 *    written, ~(size - 1) and the type bits read back); a base is accepted
 *    only where the cell's config maps the BAR (the guest-physical address
 *    of the memory region covering it, 1:1 if none; I/O BARs at their
 *    ports), any other is dropped and the shadow keeps its value.  Before
 *    a command write turns decoding on, the device's BARs are checked and
 *    written back if a reset (FLR, D3hot -> D0) cleared them;
 *  - the expansion-ROM BAR reads 0 and ignores writes;
 *  - only the capabilities the config lists: status bit 4, the pointer at
 *    0x34 and every next pointer chain them in ascending order, unlisted
 *    ones are skipped; PCIe extended capabilities likewise from 0x100
 *    (which reads 0 when none is listed, or a null header pointing to the
 *    first listed one); config space outside listed capabilities reads 0
 *    and ignores writes; writes inside a listed capability pass only with
 *    JAILHOUSE_PCICAPS_WRITE; the MSI and MSI-X capabilities (after their
 *    ID and next bytes) go to the MSI hook, or read from the device and
 *    ignore writes without one.
 */
#ifndef _HV_PCI_VIRT_H
#define _HV_PCI_VIRT_H

#include <jailhouse/config.h>
#include "pci-msi.h"

#define PCI_VIRT_NUM_BARS 6

/* The MSI/MSI-X shadow (pci.c wires pci_msi_cfg_access()): 0, or -EPERM
 * with *reason for a message that cannot be made safe. */
typedef int (*pci_virt_msi_fn)(void *ctx, unsigned int reg, unsigned int size,
			       int is_write, __u32 *value, const char **reason);

struct pci_virt_dev {
	const struct jailhouse_pci_device *config;   /* the cell's entry */
	const struct jailhouse_pci_capability *caps; /* its num_caps */
	__u32 bar[PCI_VIRT_NUM_BARS];	      /* the cell's BAR registers */
	__u32 bar_allowed[PCI_VIRT_NUM_BARS]; /* the one base it may set */
	pci_virt_msi_fn msi;		      /* NULL: MSI/MSI-X read-only */
	void *msi_ctx;
};

/* What an access did that the caller may want to tell. */
struct pci_virt_note {
	int bar_refused;    /* a BAR base was dropped: */
	unsigned int bar;   /* which BAR register (0..5) */
	__u32 bar_value;    /* and what the cell wrote there */
	const char *reason; /* -EPERM: why (static text) */
};

/*
 * Sets up `v` for device `d` owned by cell `cell` (caps: the cell's
 * pci_caps from d->caps_start, d->num_caps of them).  The BAR shadow
 * starts at the allowed bases.  0, or -EINVAL with a sentence in msg: a
 * capability outside its space, misaligned, too short or overlapping
 * another; a BAR mapped by regions at different guest-physical offsets.
 */
int pci_virt_init(struct pci_virt_dev *v, const struct jailhouse_pci_device *d,
		  const struct jailhouse_pci_capability *caps,
		  const struct jailhouse_cell_desc *cell, char *msg,
		  unsigned long msg_size);

/*
 * The owner's access to register `reg` (0..0xfff), `size` bytes (1, 2, 4,
 * naturally aligned).  Reads in *value.  0, or -EPERM from the MSI hook
 * (note->reason): the caller stops the cell.  note is cleared first.
 */
int pci_virt_access(struct pci_virt_dev *v, const struct pci_hw *hw,
		    unsigned int reg, unsigned int size, int is_write,
		    __u32 *value, struct pci_virt_note *note);

/* The device's BARs as the config says it holds them, written back where
 * they differ (after a reset; before the root gets the device back). */
void pci_virt_restore_bars(const struct jailhouse_pci_device *d,
			   const struct pci_hw *hw);

/* The first BAR register (0..5) in which the device differs from what
 * the config says it holds, or -1. */
int pci_virt_bar_mismatch(const struct jailhouse_pci_device *d,
			  const struct pci_hw *hw);

/* Where the cell sees host-physical `phys` inside one of the device's
 * memory BARs (*gphys); -ENOENT if it is in none. */
int pci_virt_gphys(const struct pci_virt_dev *v, __u64 phys, __u64 *gphys);

/* ---- the device between owners (pci.c, its lock held) ---- */

/* What root Linux had: restored when the device comes back. */
struct pci_saved_state {
	__u16 command;
	__u32 bars[PCI_VIRT_NUM_BARS];
};

/* 1 if the function is a bridge as the hardware says, whatever a config
 * calls it: base class 0x06 (host, ISA, PCI-to-PCI... bridges) or a
 * header type other than 0 (PCI-to-PCI, CardBus). */
int pci_dev_is_bridge(const struct pci_hw *hw);

void pci_dev_save(const struct pci_hw *hw, struct pci_saved_state *saved);
/* The BARs first, then the command register (decoding with the BARs
 * back in place). */
void pci_dev_restore(const struct pci_hw *hw,
		     const struct pci_saved_state *saved);
/* The capability `id` in the device's own chain (not a cell's view), 0 if
 * none; at most 48 steps, so a broken or looping chain ends. */
unsigned int pci_dev_find_cap(const struct pci_hw *hw, __u8 id);
/* Quiet: I/O and memory decoding, bus master off, INTx disabled if
 * `intx_off`; MSI and MSI-X disabled in the device's own capabilities
 * (MSI-X function-masked too), whatever a cell's shadow says. */
void pci_dev_stop(const struct pci_hw *hw, int intx_off);

#endif
