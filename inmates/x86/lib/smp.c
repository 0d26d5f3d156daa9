// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Starting the cell's other CPUs.  They wait for INIT/SIPI (the
 * hypervisor emulates both for the cell's own CPUs only); each then runs the
 * boot code at INMATE_BOOT16_ADDRESS like the first CPU did.
 */
#include <inmate.h>

#define INIT_TO_SIPI_US 10000 /* MP specification: 10 ms */
#define ARRIVAL_TIMEOUT_US 100000

extern u8 inmate_stacks[];

/* Secondary CPUs online; in the BSS, so a restarted cell counts anew. */
static volatile u32 secondaries_online;
static cpu_entry secondary_entry;

unsigned int this_cpu(void)
{
	u64 rsp;

	asm volatile("mov %%rsp, %0" : "=r"(rsp));
	return (rsp - (u64)inmate_stacks) >> INMATE_STACK_SHIFT;
}

unsigned int cpus_online(void)
{
	return 1 + secondaries_online;
}

static bool wait_for_arrival(u32 expected)
{
	u64 end = rdtsc() + ns_to_ticks(ARRIVAL_TIMEOUT_US * 1000, tsc_khz);

	while (secondaries_online < expected)
		if (rdtsc() > end)
			return false;
		else
			cpu_relax();
	return true;
}

/* The INIT-SIPI-SIPI sequence; the second SIPI only if the first got lost. */
static bool start_cpu(u32 apic_id)
{
	u32 expected = secondaries_online + 1;

	apic_send_ipi(apic_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	delay_us(INIT_TO_SIPI_US);
	apic_send_ipi(apic_id, APIC_ICR_STARTUP | INMATE_SIPI_VECTOR);
	if (wait_for_arrival(expected))
		return true;
	apic_send_ipi(apic_id, APIC_ICR_STARTUP | INMATE_SIPI_VECTOR);
	return wait_for_arrival(expected);
}

unsigned int smp_start_cpus(cpu_entry entry)
{
	const struct jailhouse_comm_platform *platform =
		&comm_region()->platform;
	unsigned int num_cpus = platform->num_cpus;
	u32 self = apic_id();

	if (!tsc_khz) {
		printk("smp: timing_init() must come first (the INIT/SIPI "
		       "sequence is timed)\n");
		return 0;
	}
	if (num_cpus > INMATE_MAX_CPUS) {
		printk("smp: cell has %u CPUs, the library supports %u\n",
		       num_cpus, INMATE_MAX_CPUS);
		num_cpus = INMATE_MAX_CPUS;
	}
	secondary_entry = entry;
	for (unsigned int i = 0; i < num_cpus; i++) {
		u32 id = platform->cpu_apic_ids[i];

		if (id == self)
			continue;
		if (!start_cpu(id))
			printk("smp: CPU with APIC ID %u did not start\n", id);
	}
	return secondaries_online;
}

void secondary_cpu_main(void);

void secondary_cpu_main(void)
{
	interrupts_init();
	apic_cpu_init();
	__atomic_add_fetch(&secondaries_online, 1, __ATOMIC_SEQ_CST);
	if (secondary_entry)
		secondary_entry(this_cpu());
	for (;;)
		wait_for_interrupt();
}
