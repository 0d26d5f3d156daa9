// SPDX-License-Identifier: GPL-2.0
/*
 * Resetting and stopping a function that leaves a cell (see pci-reset.h).
 */
#include "pci-reset.h"
#include "pci-virt.h"
#include <common/env.h>

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_CAP_ID_PM 0x01
#define PCI_PM_CTRL 0x04
#define PCI_PM_CTRL_STATE_MASK 0x0003
#define PCI_PM_CTRL_D3HOT 0x0003
#define PCI_PM_CTRL_NO_SOFT_RESET 0x0008
#define PCI_CAP_ID_EXP 0x10
#define PCI_EXP_DEVCAP 0x04
#define PCI_EXP_DEVCAP_FLR (1U << 28)
#define PCI_EXP_DEVCTL 0x08
#define PCI_EXP_DEVCTL_FLR (1U << 15)
#define PCI_EXP_DEVSTA 0x0a
#define PCI_EXP_DEVSTA_TRPND 0x0020
#define PCI_CAP_ID_AF 0x13
#define PCI_AF_CAP 0x03
#define PCI_AF_CAP_FLR 0x02
#define PCI_AF_CTRL 0x04
#define PCI_AF_CTRL_FLR 0x01

/* PCIe base spec 6.6.2: no access to the function for 100 ms after FLR */
#define FLR_WAIT_MS 100
/* PCI bus power management spec: 10 ms after a move to or from D3hot */
#define D3HOT_WAIT_MS 10

/* ---- generic resets ---- */

static int has_pcie_flr(const struct pci_hw *hw, unsigned int *pos)
{
	*pos = pci_dev_find_cap(hw, PCI_CAP_ID_EXP);
	return *pos && (hw->cfg_read(hw->ctx, *pos + PCI_EXP_DEVCAP, 4) &
			PCI_EXP_DEVCAP_FLR);
}

static int has_af_flr(const struct pci_hw *hw, unsigned int *pos)
{
	*pos = pci_dev_find_cap(hw, PCI_CAP_ID_AF);
	return *pos &&
	       (hw->cfg_read(hw->ctx, *pos + PCI_AF_CAP, 1) & PCI_AF_CAP_FLR);
}

/* A PM reset only if the move back to D0 really resets the function
 * (No_Soft_Reset clear) and it is in D0 now: from another state the
 * transition would not be D3hot -> D0. */
static int has_pm_reset(const struct pci_hw *hw, unsigned int *pos)
{
	__u32 pmcsr;

	*pos = pci_dev_find_cap(hw, PCI_CAP_ID_PM);
	if (!*pos)
		return 0;
	pmcsr = hw->cfg_read(hw->ctx, *pos + PCI_PM_CTRL, 2);
	return !(pmcsr & PCI_PM_CTRL_NO_SOFT_RESET) &&
	       !(pmcsr & PCI_PM_CTRL_STATE_MASK);
}

static void set_power_state(const struct pci_hw *hw, unsigned int pos,
			    __u32 state)
{
	__u32 pmcsr = hw->cfg_read(hw->ctx, pos + PCI_PM_CTRL, 2);

	/* PME status (RW1C) written as 0: a pending PME stays pending */
	pmcsr &= ~(PCI_PM_CTRL_STATE_MASK | 0x8000);
	hw->cfg_write(hw->ctx, pos + PCI_PM_CTRL, 2, pmcsr | state);
}

int pci_dev_transactions_pending(const struct pci_hw *hw)
{
	unsigned int pos = pci_dev_find_cap(hw, PCI_CAP_ID_EXP);

	return pos && (hw->cfg_read(hw->ctx, pos + PCI_EXP_DEVSTA, 2) &
		       PCI_EXP_DEVSTA_TRPND);
}

unsigned int pci_dev_reset_start(const struct pci_hw *hw, struct pci_reset *r)
{
	unsigned int pos;
	__u32 ctl;

	*r = (struct pci_reset){ .method = PCI_RESET_NONE };
	if (has_pcie_flr(hw, &pos)) {
		ctl = hw->cfg_read(hw->ctx, pos + PCI_EXP_DEVCTL, 2);
		hw->cfg_write(hw->ctx, pos + PCI_EXP_DEVCTL, 2,
			      ctl | PCI_EXP_DEVCTL_FLR);
		r->method = PCI_RESET_FLR;
		return FLR_WAIT_MS;
	}
	if (has_af_flr(hw, &pos)) {
		hw->cfg_write(hw->ctx, pos + PCI_AF_CTRL, 1, PCI_AF_CTRL_FLR);
		r->method = PCI_RESET_AF_FLR;
		return FLR_WAIT_MS;
	}
	if (has_pm_reset(hw, &pos)) {
		set_power_state(hw, pos, PCI_PM_CTRL_D3HOT);
		r->method = PCI_RESET_PM;
		r->pm_cap = pos;
		return D3HOT_WAIT_MS;
	}
	return 0;
}

unsigned int pci_dev_reset_finish(const struct pci_hw *hw,
				  const struct pci_reset *r)
{
	if (r->method != PCI_RESET_PM)
		return 0;
	set_power_state(hw, r->pm_cap, 0);
	return D3HOT_WAIT_MS;
}

/* ---- device-specific stops ---- */

/*
 * Intel 8254x/82574 gigabit controllers (the e1000 of Bochs and QEMU, the
 * e1000e of QEMU): interrupts masked, receive and transmit units off,
 * pending causes read away so that their INTx line drops.  Register
 * offsets and bits from Intel's 8254x developer's manual, 13.4.
 */
#define E1000_ICR 0x00c0
#define E1000_IMC 0x00d8
#define E1000_RCTL 0x0100
#define E1000_TCTL 0x0400
#define E1000_CTL_EN (1U << 1) /* in RCTL and TCTL */

static int e1000_stop(const struct pci_bar_regs *r)
{
	r->write32(r->ctx, E1000_IMC, 0xffffffffU);
	r->write32(r->ctx, E1000_RCTL,
		   r->read32(r->ctx, E1000_RCTL) & ~E1000_CTL_EN);
	r->write32(r->ctx, E1000_TCTL,
		   r->read32(r->ctx, E1000_TCTL) & ~E1000_CTL_EN);
	r->read32(r->ctx, E1000_ICR);
	return (r->read32(r->ctx, E1000_RCTL) | r->read32(r->ctx, E1000_TCTL)) &
			       E1000_CTL_EN ?
		       -EIO :
		       0;
}

struct specific_stop {
	__u16 vendor, device;
	const char *name;
	unsigned int min_size; /* bytes of BAR 0 it touches */
	int (*stop)(const struct pci_bar_regs *bar0);
};

static const struct specific_stop specific_stops[] = {
	{ 0x8086, 0x100e, "Intel 82540EM", E1000_TCTL + 4, e1000_stop },
	{ 0x8086, 0x100f, "Intel 82545EM", E1000_TCTL + 4, e1000_stop },
	{ 0x8086, 0x10d3, "Intel 82574L", E1000_TCTL + 4, e1000_stop },
};

static const struct specific_stop *specific_stop_of(const struct pci_hw *hw)
{
	__u32 vendor = hw->cfg_read(hw->ctx, PCI_VENDOR_ID, 2);
	__u32 device = hw->cfg_read(hw->ctx, PCI_DEVICE_ID, 2);
	unsigned int n;

	for (n = 0; n < sizeof(specific_stops) / sizeof(specific_stops[0]); n++)
		if (specific_stops[n].vendor == vendor &&
		    specific_stops[n].device == device)
			return &specific_stops[n];
	return NULL;
}

const char *pci_dev_specific_stop_name(const struct pci_hw *hw,
				       unsigned int *min_size)
{
	const struct specific_stop *s = specific_stop_of(hw);

	if (!s)
		return NULL;
	*min_size = s->min_size;
	return s->name;
}

int pci_dev_specific_stop(const struct pci_hw *hw,
			  const struct pci_bar_regs *bar0)
{
	const struct specific_stop *s = specific_stop_of(hw);
	__u32 cmd, off;
	int err;

	if (!s || bar0->size < s->min_size)
		return -ENOENT;
	off = PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	cmd = hw->cfg_read(hw->ctx, PCI_COMMAND, 2) & ~off;
	hw->cfg_write(hw->ctx, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY);
	err = s->stop(bar0);
	hw->cfg_write(hw->ctx, PCI_COMMAND, 2, cmd);
	return err;
}
