// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-msr: reads and writes MSRs outside a non-root cell's allow-list
 * (hypervisor-x86/arch/msr-policy.c).  A CPU without such an MSR raises
 * #GP, and so must the hypervisor: the cell is not stopped.  Each access
 * prints "refused (#GP)" or "NOT REFUSED"; the values written are the
 * harmless ones (current TSC, current MISC_ENABLE), in case one gets through.
 * Expected: every access refused, vmexits_msr_denied counts them, and the
 * cell keeps running until it is shut down.
 */
#include "../attack.h"

#define MSR_IA32_TSC 0x10
#define MSR_BIOS_UPDT_TRIG 0x79
#define MSR_IA32_PMC0 0xc1
#define MSR_MCG_STATUS 0x17a
#define MSR_PERF_CTL 0x199
#define MSR_MISC_ENABLE 0x1a0

static unsigned int refused, passed;

static void report(const char *access, u32 msr, u32 vector, u64 value)
{
	if (vector == GENERAL_PROTECTION) {
		printk("attack-msr: %s %#x: refused (#GP)\n", access, msr);
		refused++;
	} else if (vector == PROBE_NO_FAULT) {
		printk("attack-msr: %s %#x: NOT REFUSED (value %#llx)\n",
		       access, msr, value);
		passed++;
	} else {
		printk("attack-msr: %s %#x: NOT REFUSED properly: exception %u\n",
		       access, msr, vector);
		passed++;
	}
}

static void try_read(u32 msr)
{
	u64 value = 0;
	u32 vector = rdmsr_probe(msr, &value);

	report("rdmsr", msr, vector, value);
}

static void try_write(u32 msr, u64 value)
{
	report("wrmsr", msr, wrmsr_probe(msr, value), value);
}

void inmate_main(void)
{
	u64 misc_enable = 0;

	try_read(MSR_MCG_STATUS);
	try_read(MSR_IA32_PMC0);
	try_write(MSR_IA32_TSC, rdtsc());
	try_write(MSR_BIOS_UPDT_TRIG, 0);
	try_write(MSR_PERF_CTL, 0);
	/* MISC_ENABLE is readable by cells, not writable */
	rdmsr_probe(MSR_MISC_ENABLE, &misc_enable);
	try_write(MSR_MISC_ENABLE, misc_enable);
	printk("attack-msr: %u refused, %u NOT REFUSED\n", refused, passed);
	attack_stay_alive("attack-msr");
}
