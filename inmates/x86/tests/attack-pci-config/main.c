// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-pci-config: reads the vendor/device ID of 00:01.1 (the root's IDE
 * controller on the Bochs rig) and clears its command register, which would
 * cut the root off its disk.  Guests legitimately scan buses, so this is
 * refused the way absent hardware refuses it: reads return all ones, writes
 * are dropped, and the cell is not stopped.  Expected: "reads 0xffffffff",
 * the root's IDE command register unchanged, the cell running until shut
 * down.
 */
#include "../attack.h"

#define PCI_ADDRESS_PORT 0xcf8
#define PCI_DATA_PORT 0xcfc
#define IDE_CONFIG 0x80000900U /* enable | 00:01.1 */
#define PCI_ID 0x00
#define PCI_COMMAND 0x04

static inline void outl(u32 value, u16 port)
{
	asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline void outw(u16 value, u16 port)
{
	asm volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static u32 config_read(u32 reg)
{
	outl(IDE_CONFIG | reg, PCI_ADDRESS_PORT);
	return inl(PCI_DATA_PORT);
}

void inmate_main(void)
{
	u32 id = config_read(PCI_ID);

	printk("attack-pci-config: 00:01.1 ID reads %#x (%s)\n", id,
	       id == 0xffffffff ? "refused" : "NOT REFUSED");
	outl(IDE_CONFIG | PCI_COMMAND, PCI_ADDRESS_PORT);
	outw(0, PCI_DATA_PORT);
	printk("attack-pci-config: wrote 0 to 00:01.1's command register; "
	       "it now reads %#x\n",
	       config_read(PCI_COMMAND));
	attack_stay_alive("attack-pci-config");
}
