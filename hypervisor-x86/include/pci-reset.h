/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stopping and resetting a function that leaves a cell (pci-reset.c).
 * Pure logic on struct pci_hw (pci-msi.h); pci.c runs it at quiesce.
 *
 * Bus mastering and decoding off (pci_dev_stop(), pci-virt.h) keep a
 * well-behaved device from reaching memory, and a reset takes whatever the
 * cell left in it.  The generic resets, in the order tried: the PCIe
 * function-level reset, the Advanced Features FLR of conventional PCI,
 * and a power-management reset (D3hot and back to D0) where the PM
 * capability does not say No_Soft_Reset.
 *
 * Some devices need more: no reset at all, a reset that keeps their
 * engines running, or Bus Master Enable ignored (Bochs' e1000: its DMA
 * goes on after BME is cleared, and CTRL.RST leaves TCTL/RCTL alone).  A
 * device-specific stop, chosen by vendor and device ID, then turns the
 * engines off through the device's own registers in memory BAR 0, with
 * memory decoding on meanwhile and bus mastering off.  It runs before the
 * generic reset (which clears the BARs) and again at every later
 * quiesce: at destroy the cell's CPUs are parked, so no CPU of the cell
 * can turn the engines back on behind it.
 */
#ifndef _HV_PCI_RESET_H
#define _HV_PCI_RESET_H

#include "pci-msi.h"

/* The first bytes of a function's memory BAR 0, for a device-specific
 * stop; offsets are 32-bit aligned and below `size`. */
struct pci_bar_regs {
	__u32 (*read32)(void *ctx, unsigned int offset);
	void (*write32)(void *ctx, unsigned int offset, __u32 value);
	void *ctx;
	unsigned int size;
};

enum pci_reset_method {
	PCI_RESET_NONE,
	PCI_RESET_FLR,	  /* PCIe Device Control: Initiate FLR */
	PCI_RESET_AF_FLR, /* Advanced Features control: FLR */
	PCI_RESET_PM,	  /* PMCSR: D3hot, then D0 */
};

struct pci_reset {
	enum pci_reset_method method;
	unsigned int pm_cap; /* PCI_RESET_PM: the PM capability's offset */
};

/* 1 while the function says it has non-posted requests outstanding
 * (PCIe Device Status: Transactions Pending); 0 without PCIe. */
int pci_dev_transactions_pending(const struct pci_hw *hw);

/*
 * Starts the function's generic reset, the first one it has (above):
 * returns the milliseconds to wait before pci_dev_reset_finish(), 0 with
 * r->method PCI_RESET_NONE if it has none.
 */
unsigned int pci_dev_reset_start(const struct pci_hw *hw, struct pci_reset *r);
/* Completes it (PM: back to D0): the milliseconds to wait before the
 * function's next access. */
unsigned int pci_dev_reset_finish(const struct pci_hw *hw,
				  const struct pci_reset *r);

/* The name of the device-specific stop for this function, NULL if it
 * has none; `min_size` gets the bytes of BAR 0 it needs. */
const char *pci_dev_specific_stop_name(const struct pci_hw *hw,
				       unsigned int *min_size);
/*
 * Runs the device-specific stop with BAR 0 at the address `bar0` shows
 * (the caller has put the BAR there): memory decoding on, I/O decoding
 * and bus mastering off for the duration, all three off afterwards.
 * 0: stopped, as the device's own registers say; -EIO: they say it is
 * still running; -ENOENT: the function has no device-specific stop, or
 * `bar0` is smaller than it needs (nothing written).
 */
int pci_dev_specific_stop(const struct pci_hw *hw,
			  const struct pci_bar_regs *bar0);

#endif
