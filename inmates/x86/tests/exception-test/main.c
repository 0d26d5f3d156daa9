// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * exception-test: checks the library's exception paths.  It reads an MSR
 * no CPU has, whose #GP the probe must recover from, then touches an
 * address above the 4 GiB its page tables map, which must end in a page
 * fault report naming that address, and the CPU halted.  Used by the QEMU
 * smoke test (tests/inmates/run); in a cell it shows the same report.
 */
#include <inmate.h>
#include <inmate/probe.h>

#define UNMAPPED_ADDRESS 0x100000000UL /* first byte above 4 GiB */

/* No CPU has an MSR there: #GP, recovered by the probe. */
#define ABSENT_MSR 0xdeadbeefU

void inmate_main(void)
{
	u64 value = 0;
	u32 vector = rdmsr_probe(ABSENT_MSR, &value);

	if (vector == PROBE_NO_FAULT)
		printk("exception-test: rdmsr %#x: no fault, read %#llx\n",
		       ABSENT_MSR, value);
	else
		printk("exception-test: rdmsr %#x: exception %u, recovered\n",
		       ABSENT_MSR, vector);
	printk("exception-test: reading %#lx, expecting a page fault\n",
	       UNMAPPED_ADDRESS);
	console_flush();
	(void)*(volatile u32 *)UNMAPPED_ADDRESS;
	printk("exception-test: no page fault: the library is broken\n");
}
