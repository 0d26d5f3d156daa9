// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ioapic-pin: a cell owning pin 10 of the IOAPIC at 0xfec00000
 * (configs/x86/ioapic-pin.c) uses it through the hypervisor's emulation:
 * reads the version register, writes its pin's entry (its own vector,
 * fixed delivery, physical destination = its own APIC ID, masked) and
 * reads it back, reads pin 2's entry (not its own: must read masked),
 * then writes pin 2's entry, which must stop the cell (fault "ioapic" at
 * the announced RIP).  Run by tests/scenarios/inmates-ioapic-pin.sh.
 */
#include "../attack.h"

#define IOAPIC_BASE 0xfec00000UL
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_RTE(pin) (0x10 + 2 * (pin))
#define RTE_MASKED 0x10000UL
#define RTE_STATUS_BITS 0x5000UL /* remote IRR, delivery status */

#define OWN_PIN 10
#define OTHER_PIN 2 /* the root's timer */
#define OWN_VECTOR 0x52

/* One 32-bit MOV each: the hypervisor emulates the instruction. */
static void mmio_write(unsigned long offset, u32 value)
{
	asm volatile("movl %0, (%1)"
		     :
		     : "r"(value), "r"(IOAPIC_BASE + offset)
		     : "memory");
}

static u32 mmio_read(unsigned long offset)
{
	u32 value;

	asm volatile("movl (%1), %0"
		     : "=r"(value)
		     : "r"(IOAPIC_BASE + offset)
		     : "memory");
	return value;
}

static u32 reg_read(u32 reg)
{
	mmio_write(IOAPIC_REGSEL, reg);
	return mmio_read(IOAPIC_WINDOW);
}

static void reg_write(u32 reg, u32 value)
{
	mmio_write(IOAPIC_REGSEL, reg);
	mmio_write(IOAPIC_WINDOW, value);
}

static u64 rte_read(unsigned int pin)
{
	u32 low = reg_read(IOAPIC_RTE(pin));

	return (u64)reg_read(IOAPIC_RTE(pin) + 1) << 32 | low;
}

static void own_pin(void)
{
	u64 rte = (u64)apic_id() << 56 | RTE_MASKED | OWN_VECTOR, seen;

	/* destination first, as Linux does: the low word carries the mask */
	reg_write(IOAPIC_RTE(OWN_PIN) + 1, rte >> 32);
	reg_write(IOAPIC_RTE(OWN_PIN), (u32)rte);
	seen = rte_read(OWN_PIN);
	if ((seen & ~RTE_STATUS_BITS) == rte)
		printk("ioapic-pin: pin %u RTE %#lx (read back ok)\n", OWN_PIN,
		       (unsigned long)seen);
	else
		printk("ioapic-pin: pin %u RTE %#lx MISMATCH, wrote %#lx\n",
		       OWN_PIN, (unsigned long)seen, (unsigned long)rte);
}

static void __attribute__((noinline)) attack(void)
{
	mmio_write(IOAPIC_REGSEL, IOAPIC_RTE(OTHER_PIN));
	/* unmasked, vector 0x31, to this CPU: would steal the root's timer */
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(0x31U), "r"(IOAPIC_BASE + IOAPIC_WINDOW)
		     : "memory");
}

void inmate_main(void)
{
	u32 version = reg_read(IOAPIC_REG_VERSION);

	printk("ioapic-pin: version register %#x (%u pins)\n", version,
	       ((version >> 16) & 0xff) + 1);
	own_pin();
	printk("ioapic-pin: pin %u RTE %#lx\n", OTHER_PIN,
	       (unsigned long)rte_read(OTHER_PIN));
	attack_announce("ioapic-pin", "write to pin 2");
	attack();
	attack_not_stopped("ioapic-pin");
}
