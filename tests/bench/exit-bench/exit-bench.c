// SPDX-License-Identifier: GPL-2.0
/*
 * exit-bench.ko: the cost of one VM exit, measured in ring 0 with
 * interrupts off, in guest TSC ticks (Bochs: guest instructions).  Loaded
 * by `make bench` in the Bochs guest while the hypervisor is enabled; it
 * prints one "exit-bench: NAME TICKS" line per case and refuses to stay
 * loaded (nothing to keep).
 */
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/sort.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/msr.h>

#define RUNS 201

static u64 samples[RUNS];

static int compare(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 median(void)
{
	sort(samples, RUNS, sizeof(u64), compare, NULL);
	return samples[RUNS / 2];
}

#define MEASURE(stmt)                                     \
	({                                                \
		unsigned long flags;                      \
		unsigned int i;                           \
		u64 t;                                    \
		local_irq_save(flags);                    \
		for (i = 0; i < RUNS; i++) {              \
			t = rdtsc_ordered();              \
			stmt;                             \
			samples[i] = rdtsc_ordered() - t; \
		}                                         \
		local_irq_restore(flags);                 \
		median();                                 \
	})

static int __init exit_bench_init(void)
{
	u64 base, v;
	u32 a, b, c, d;

	base = MEASURE((void)0);
	pr_info("exit-bench: overhead %llu (subtracted)\n", base);
	v = MEASURE(cpuid(0, &a, &b, &c, &d));
	pr_info("exit-bench: cpuid %llu\n", v - base);
	v = MEASURE((void)inl(0xcf8));
	pr_info("exit-bench: pio-0xcf8 %llu\n", v - base);
	v = MEASURE(rdmsrl(MSR_IA32_FEAT_CTL, a));
	pr_info("exit-bench: msr %llu\n", v - base);
	v = MEASURE(rdmsrl(MSR_IA32_MPERF, a));
	pr_info("exit-bench: msr-passthrough %llu\n", v - base);
	if (!x2apic_enabled()) {
		v = MEASURE((void)native_apic_mem_read(APIC_LVR));
		pr_info("exit-bench: xapic-read %llu\n", v - base);
		/* no interrupt is in service here: the EOI is ignored */
		v = MEASURE(native_apic_mem_write(APIC_EOI, APIC_EOI_ACK));
		pr_info("exit-bench: xapic-eoi %llu\n", v - base);
	}
	return -EAGAIN;
}

module_init(exit_bench_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VM-exit cost measurement for make bench");
