// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-lint: unmasks LVT LINT0 with ExtINT delivery and LINT1 with NMI
 * delivery: the platform's legacy PIC output and NMI line, which belong to
 * the root.  Expected: both are the cell's own copies: they read back as
 * written, the hardware keeps them masked (the cell sees no NMI), the
 * cell keeps running until it is shut down.
 */
#include "../attack.h"

#define NAME "attack-lint"
#define APIC_REG_LINT0 0x350
#define APIC_REG_LINT1 0x360
#define LVT_EXTINT 0x700
#define LVT_NMI 0x400

void inmate_main(void)
{
	u64 nmis = nmis_received;
	u32 lint0, lint1;
	u64 end;

	if (timing_init() != 0)
		halt_forever();
	apic_init(false);
	attack_announce(NAME, "unmasking LINT0 (ExtINT) and LINT1 (NMI)");
	asm volatile(ATTACK_INSTRUCTION("movl %0, (%1)")
		     :
		     : "r"(LVT_EXTINT), "r"(XAPIC_BASE + APIC_REG_LINT0)
		     : "memory");
	apic_write(APIC_REG_LINT1, LVT_NMI);
	lint0 = apic_read(APIC_REG_LINT0);
	lint1 = apic_read(APIC_REG_LINT1);
	end = rdtsc() + ns_to_ticks(200 * NS_PER_MS, tsc_khz);
	enable_irqs();
	while (rdtsc() < end)
		cpu_relax();
	disable_irqs();
	printk("%s: LINT0 reads %#x, LINT1 reads %#x (%s), %llu NMIs\n", NAME,
	       lint0, lint1,
	       lint0 == LVT_EXTINT && lint1 == LVT_NMI ? "virtualised" :
							 "NOT VIRTUALISED",
	       (unsigned long long)(nmis_received - nmis));
	attack_stay_alive(NAME);
}
