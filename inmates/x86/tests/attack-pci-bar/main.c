// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-pci-bar: runs in the e1000-demo cell (configs/x86/e1000-demo.c),
 * which owns the Bochs PC's e1000 at 00:02.0, and misuses it:
 *  1. moves BAR 0 over root Linux's memory (16 MiB) and over the
 *     hypervisor's (0x3a000000, the rig's memmap), with memory decoding
 *     on: a device decoding there would take the root's or the
 *     hypervisor's accesses (or hand them to whoever programs the device).
 *     The hypervisor drops a move outside what the cell config maps: BAR
 *     0 must read back unchanged;
 *  2. starts the NIC's receive and transmit engines and leaves them
 *     running at shutdown: the hypervisor must stop them at destroy
 *     (tests/scenarios/nic-cell.sh reads them from the root afterwards).
 * Refused the way hardware refuses it, so the cell keeps running.
 */
#include "../attack.h"
#include <inmate/pci.h>
#include <inmate/e1000.h>

#define NAME "attack-pci-bar"
#define DMA_AREA 0x3aa00000UL /* 1:1 in the cell config */
#define ROOT_MEMORY 0x01000000U
#define HV_MEMORY 0x3a000000U

/* BAR 0 written as `target` with memory decoding on; 1 if it moved. */
static int try_move(u16 bdf, u32 target, const char *over)
{
	u32 before = pci_read_config(bdf, PCI_CFG_BAR0, 4);
	u32 after;

	pci_write_config(bdf, PCI_CFG_BAR0, target, 4);
	pci_write_config(bdf, PCI_CFG_COMMAND, PCI_CMD_MEMORY, 2);
	after = pci_read_config(bdf, PCI_CFG_BAR0, 4);
	printk(NAME ": BAR 0 moved over %s (%#x) reads %#x (%s)\n", over,
	       target, after, after == before ? "refused" : "NOT REFUSED");
	return after != before;
}

void inmate_main(void)
{
	static struct e1000 nic;
	int bdf = pci_find_device(E1000_VENDOR_ID, E1000_DEVICE_ID, 0);

	if (bdf == PCI_NO_DEVICE) {
		printk(NAME ": no e1000 in this cell\n");
		attack_stay_alive(NAME);
	}
	try_move(bdf, ROOT_MEMORY, "root memory");
	try_move(bdf, HV_MEMORY, "hypervisor memory");
	if (e1000_init(&nic, (void *)DMA_AREA) == 0)
		printk(NAME ": e1000 engines %s, left so at shutdown\n",
		       e1000_running(&nic) ? "running" : "NOT running");
	attack_stay_alive(NAME);
}
