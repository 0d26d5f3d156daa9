// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * From the boot code to inmate_main(): IDT, communication region, console.
 * The first CPU to arrive runs the inmate; the others are secondary CPUs
 * started by smp_start_cpus().
 */
#include <inmate.h>

void inmate_boot(unsigned int cpu);
void secondary_cpu_main(void);

void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt" : : : "memory");
}

void inmate_boot(unsigned int cpu)
{
	struct jailhouse_comm_region *comm = comm_region();

	if (cpu != 0) {
		secondary_cpu_main();
		halt_forever();
	}
	interrupts_init();
	if (comm_region_check(comm) != 0)
		/* Without a valid region there is no console to say so. */
		halt_forever();
	console_init();
	inmate_main();
	console_flush();
	comm_region_mark_shut_down(comm);
	halt_forever();
}
