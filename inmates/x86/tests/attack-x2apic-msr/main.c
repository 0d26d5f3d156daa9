// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-x2apic-msr: x2APIC MSRs while the cell's APIC is in xAPIC mode
 * (tiny-demo may not switch to x2APIC).  Hardware raises #GP for each.  The
 * ICR (0x830) is mediated: the hypervisor once performed the write itself,
 * took the #GP in VMX root and lost the CPU.  The other two pass straight to
 * the hardware.  Expected: three #GPs, the cell keeps running until it is
 * shut down.
 */
#include "../attack.h"

#define MSR_X2APIC_ID 0x802
#define MSR_X2APIC_EOI 0x80b
#define MSR_X2APIC_ICR 0x830
/* fixed vector 0x40 to itself: harmless if it ever got through */
#define ICR_SELF_VECTOR_40 ((1ULL << 18) | 0x40)

static unsigned int refused, passed;

static void report(const char *access, u32 msr, u32 vector)
{
	if (vector == GENERAL_PROTECTION) {
		printk("attack-x2apic-msr: %s %#x: refused (#GP)\n", access,
		       msr);
		refused++;
	} else {
		printk("attack-x2apic-msr: %s %#x: NOT REFUSED (%s %u)\n",
		       access, msr,
		       vector == PROBE_NO_FAULT ? "no fault" : "exception",
		       vector);
		passed++;
	}
}

void inmate_main(void)
{
	u64 value = 0;

	report("wrmsr", MSR_X2APIC_ICR,
	       wrmsr_probe(MSR_X2APIC_ICR, ICR_SELF_VECTOR_40));
	report("rdmsr", MSR_X2APIC_ID, rdmsr_probe(MSR_X2APIC_ID, &value));
	report("wrmsr", MSR_X2APIC_EOI, wrmsr_probe(MSR_X2APIC_EOI, 0));
	printk("attack-x2apic-msr: %u refused, %u NOT REFUSED\n", refused,
	       passed);
	attack_stay_alive("attack-x2apic-msr");
}
