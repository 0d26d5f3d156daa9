// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-apic-ldr: gives its CPU the flat logical ID of the root's CPU 0
 * (LDR 0x01000000, DFR flat) and sends logical IPIs: a fixed interrupt to
 * logical 0x01 and an NMI to logical 0xfe (every other flat ID).  The LDR
 * and DFR are the cell's own copies and feed only its own IPI filter:
 * the fixed IPI reaches the cell's own CPU (it is the one with ID 0x01 in
 * this cell), the NMI names no CPU of the cell and is dropped.  Nothing
 * reaches a root CPU.  Expected: the cell keeps running and says
 * "1 own interrupt, 0 NMIs"; the root's CPU 0 counts no NMI.
 */
#include "../attack.h"

#define NAME "attack-apic-ldr"
#define APIC_REG_LDR 0xd0
#define APIC_REG_DFR 0xe0
#define SELF_VECTOR 0x41
#define ICR_LOGICAL 0x800
#define ICR_NMI 0x400

static volatile unsigned int own;

static void own_interrupt(unsigned int vector)
{
	(void)vector;
	own++;
	apic_eoi();
}

static void __attribute__((noinline)) send_logical(u32 destination, u32 low)
{
	apic_write(APIC_REG_ICR_HIGH, destination << 24);
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(low | ICR_LOGICAL), "r"(XAPIC_BASE + APIC_REG_ICR)
		     : "memory");
}

void inmate_main(void)
{
	u64 nmis = nmis_received;
	u64 end;

	if (timing_init() != 0)
		halt_forever();
	apic_init(false);
	interrupt_set_handler(SELF_VECTOR, own_interrupt);
	apic_write(APIC_REG_DFR, 0xffffffff);
	apic_write(APIC_REG_LDR, 0x01000000);
	printk("%s: LDR reads back %#x\n", NAME, apic_read(APIC_REG_LDR));
	attack_announce(NAME, "logical IPIs with the root CPU 0's LDR");
	send_logical(0x01, SELF_VECTOR);
	send_logical(0xfe, ICR_NMI);
	end = rdtsc() + ns_to_ticks(100 * NS_PER_MS, tsc_khz);
	enable_irqs();
	while (rdtsc() < end)
		cpu_relax();
	disable_irqs();
	printk("%s: %u own interrupt, %llu NMIs\n", NAME, own,
	       (unsigned long long)(nmis_received - nmis));
	attack_stay_alive(NAME);
}
