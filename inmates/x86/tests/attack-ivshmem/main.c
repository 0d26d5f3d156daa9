// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-ivshmem: a peer on an ivshmem link that misbehaves, run in the
 * ivshmem-demo-2 cell (configs/x86/ivshmem-demo-2.c, peer 1 of link C at
 * 00:0d.0) while ivshmem-demo-1 (peer 0) answers on the link.  The case
 * comes as jh-params: case=N.
 *
 * Stopped (the cell fails; the one store is the labelled instruction):
 *   1  writes peer 0's output section        fault "memory"
 *   2  writes the state table                fault "memory"
 *   4  MSI-X entry aimed at a root CPU       fault "ipi"
 *   5  MSI-X entry with NMI delivery         fault "ipi" (at a root CPU)
 *   6  MSI-X entry with INIT delivery        fault "ipi" (at its own CPU)
 *   7  MSI-X entry with SMI delivery         fault "ipi" (at its own CPU)
 *   For 4-7 MSI-X is on with the entry masked; the store that unmasks it
 *   is the attack.
 * No effect (the cell runs on and reports; the scenario counts exits):
 *   3  DOORBELLS doorbells each to a non-existent id (2 on a 2-peer link,
 *      0xffff), with vectors out of range (4, 0xffff) at peer 0, and to
 *      itself (delivered to its own CPU only: the spec lets a peer ring
 *      any id of the link); then writes to the read-only ID and Max Peers
 *      registers, which must read back unchanged.
 *   8  State writes 1, 2, 1, 2, ... without end, racing the destroy the
 *      scenario does meanwhile.
 */
#include "../attack.h"
#include <inmate/ivshmem.h>
#include <inmate/param.h>
#include <inmate/pci.h>

#define NAME "attack-ivshmem"
#define LINK_C_BDF 0x68
#define VECTOR 0x40
#define DOORBELLS 1000
#define MSI_ADDRESS_BASE 0xfee00000U
#define MSI_DELIVERY_SMI (2U << 8)
#define MSI_DELIVERY_NMI (4U << 8)
#define MSI_DELIVERY_INIT (5U << 8)
#define MSIX_ENTRY_MASKED 1U

static struct ivshmem dev;
static volatile u64 self_interrupts;

static void __attribute__((noinline)) attack(volatile u32 *target, u32 value)
{
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(value), "r"(target)
		     : "memory");
}

static void own_interrupt(unsigned int vector)
{
	(void)vector;
	self_interrupts++;
	apic_eoi();
}

static void store(const char *what, volatile u32 *target)
{
	attack_announce(NAME, what);
	attack(target, 0x0badc0de);
	attack_not_stopped(NAME);
}

/* MSI-X on, entry 0 masked with this message; then the unmask. */
static void msix_entry(const char *what, u32 apic, u32 delivery)
{
	ivshmem_write_msix(&dev, 0, MSI_ADDRESS_BASE | apic << 12,
			   delivery | VECTOR, MSIX_ENTRY_MASKED);
	pci_write_config(dev.bdf, JH_IVSHMEM_CFG_MSIX_CONTROL,
			 JH_IVSHMEM_MSIX_ENABLE, 2);
	attack_announce(NAME, what);
	attack(dev.msix + 3, 0);
	attack_not_stopped(NAME);
}

static void ring_many(u32 peer, u32 vector)
{
	unsigned int n;

	for (n = 0; n < DOORBELLS; n++)
		ivshmem_ring(&dev, peer, vector);
}

static void doorbells(void)
{
	u32 id, peers;

	interrupt_set_handler(VECTOR, own_interrupt);
	ivshmem_enable_interrupts(&dev, 0, VECTOR);
	enable_irqs();
	ring_many(2, 0);
	ring_many(0xffff, 0);
	ring_many(0, 4);
	ring_many(0, 0xffff);
	ring_many(dev.id, 0);
	ivshmem_write(&dev, JH_IVSHMEM_REG_ID, 7);
	ivshmem_write(&dev, JH_IVSHMEM_REG_MAX_PEERS, 9);
	id = ivshmem_read(&dev, JH_IVSHMEM_REG_ID);
	peers = ivshmem_read(&dev, JH_IVSHMEM_REG_MAX_PEERS);
	disable_irqs();
	printk("%s: %u doorbells to ids 2 and 0xffff, to peer 0 with vectors 4 and 0xffff, %u to itself: %llu own interrupts; ID %u, Max Peers %u after writing 7 and 9\n",
	       NAME, 4 * DOORBELLS, DOORBELLS, self_interrupts, id, peers);
	attack_stay_alive(NAME);
}

static void state_race(void)
{
	u32 state = 1;

	printk("%s: writing State 1, 2, 1, ... until destroyed\n", NAME);
	console_flush();
	for (;;) {
		ivshmem_write(&dev, JH_IVSHMEM_REG_STATE, state);
		state = 3 - state;
	}
}

void inmate_main(void)
{
	unsigned long which = param_ulong("case", 0);

	apic_init(false);
	if (ivshmem_open(&dev, LINK_C_BDF) != 0)
		halt_forever();
	printk("%s: case %lu, id %u of %u peers\n", NAME, which, dev.id,
	       dev.peers);
	switch (which) {
	case 1:
		store("writing peer 0's output section",
		      (volatile u32 *)ivshmem_output(&dev, 0));
		break;
	case 2:
		store("writing the state table", ivshmem_state_table(&dev));
		break;
	case 3:
		doorbells();
		break;
	case 4:
		msix_entry("MSI-X entry 0 to a root CPU", 0, 0);
		break;
	case 5:
		msix_entry("MSI-X entry 0 with NMI delivery to a root CPU", 0,
			   MSI_DELIVERY_NMI);
		break;
	case 6:
		msix_entry("MSI-X entry 0 with INIT delivery", apic_id(),
			   MSI_DELIVERY_INIT);
		break;
	case 7:
		msix_entry("MSI-X entry 0 with SMI delivery", apic_id(),
			   MSI_DELIVERY_SMI);
		break;
	case 8:
		state_race();
		break;
	}
	printk("%s: no case %lu\n", NAME, which);
	halt_forever();
}
