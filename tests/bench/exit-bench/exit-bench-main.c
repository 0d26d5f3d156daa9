// SPDX-License-Identifier: GPL-2.0
/*
 * exit-bench.ko: the cost of one VM exit, measured in ring 0 with
 * interrupts off, in guest TSC ticks (Bochs: guest instructions).  Loaded
 * by `make bench` in the Bochs guest while the hypervisor is enabled; it
 * prints one "exit-bench: NAME MEDIAN MIN" line per case and refuses to
 * stay loaded (nothing to keep).
 *
 * The MSRs: IA32_FEATURE_CONTROL (0x3a) is mediated for reads (every cell
 * reads "locked, VMX off"), IA32_APIC_BASE (0x1b) for writes (the root may
 * not move or switch its APIC; writing the value it has is accepted and
 * changes nothing), IA32_MPERF (0xe7) passes through (no exit).  The
 * classic Jailhouse's figures in the issue are for IA32_MTRR_DEF_TYPE
 * (0x2ff), which ours passes through for the root.
 *
 * Beside the exits, the mitigations that are in those figures, each on
 * its own: the hypervisor's RSB fill (exit-bench-fill.S) and the scrub
 * of a destroyed cell's memory, per MiB.
 */
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/module.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/tsc.h>

/* the measuring rule: 1,001 samples, median */
#define RUNS 1001

static u64 samples[RUNS];

static int compare(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

#define MEASURE(stmt)                                            \
	({                                                       \
		unsigned long flags;                             \
		unsigned int i;                                  \
		u64 t;                                           \
		local_irq_save(flags);                           \
		for (i = 0; i < RUNS; i++) {                     \
			t = rdtsc_ordered();                     \
			stmt;                                    \
			samples[i] = rdtsc_ordered() - t;        \
		}                                                \
		local_irq_restore(flags);                        \
		sort(samples, RUNS, sizeof(u64), compare, NULL); \
	})

static u64 base;

/* exit-bench-fill.S */
void exit_bench_rsb_fill(void);
void exit_bench_empty(void);

/* median and fastest sample, the empty measurement's median subtracted */
static void report(const char *name)
{
	pr_info("exit-bench: %s %llu %llu\n", name, samples[RUNS / 2] - base,
		samples[0] - base);
}

#define SCRUB_SIZE (1UL << 20)
#define SCRUB_RUNS 21

/* What the scrub at cell destroy costs per MiB of cell memory: the
 * hypervisor's instruction (phys_zero(), memory.c), here on a guest
 * buffer.  21 samples: each is ~10^5 ticks. */
static void scrub_cost(void)
{
	unsigned long flags, n;
	unsigned int i;
	void *buf = vmalloc(SCRUB_SIZE), *p;
	u64 t;

	if (!buf) {
		pr_info("exit-bench: no 1 MiB buffer, no scrub figure\n");
		return;
	}
	for (i = 0; i < SCRUB_RUNS; i++) {
		p = buf;
		n = SCRUB_SIZE / 8;
		local_irq_save(flags);
		t = rdtsc_ordered();
		asm volatile("rep stosq"
			     : "+D"(p), "+c"(n)
			     : "a"(0UL)
			     : "memory");
		samples[i] = rdtsc_ordered() - t;
		local_irq_restore(flags);
	}
	vfree(buf);
	sort(samples, SCRUB_RUNS, sizeof(u64), compare, NULL);
	pr_info("exit-bench: scrub-1mib %llu %llu\n",
		samples[SCRUB_RUNS / 2] - base, samples[0] - base);
}

/*
 * The mitigations in every figure above, each on its own (issue 17: "the
 * cost of each listed"): the RSB fill after every exit, measured as the
 * same instructions in ring 0 here, and the scrub of a destroyed cell's
 * memory.  Retpolines are not on the measured exits' paths, and the
 * barriers before a non-root cell's entry are not on the root's.
 */
static void mitigation_costs(void)
{
	u64 call;

	MEASURE(exit_bench_empty());
	call = samples[RUNS / 2];
	MEASURE(exit_bench_rsb_fill());
	pr_info("exit-bench: rsb-fill %llu %llu\n", samples[RUNS / 2] - call,
		samples[0] - call);
	scrub_cost();
	/* ticks to time, for the scrub's figure */
	pr_info("exit-bench: tsc-khz %u %u\n", tsc_khz, tsc_khz);
}

static int __init exit_bench_init(void)
{
	u32 a, b, c, d;
	u64 apic_base;

	MEASURE((void)0);
	base = samples[RUNS / 2];
	pr_info("exit-bench: overhead %llu (subtracted)\n", base);
	MEASURE(cpuid(0, &a, &b, &c, &d));
	report("cpuid");
	MEASURE((void)inl(0xcf8));
	report("pio-0xcf8");
	MEASURE(rdmsrl(MSR_IA32_FEAT_CTL, apic_base));
	report("rdmsr-0x3a");
	rdmsrl(MSR_IA32_APICBASE, apic_base);
	MEASURE(wrmsrl(MSR_IA32_APICBASE, apic_base));
	report("wrmsr-0x1b");
	MEASURE(rdmsrl(MSR_IA32_MPERF, apic_base));
	report("rdmsr-0xe7-passthrough");
	mitigation_costs();
	if (!x2apic_enabled()) {
		MEASURE((void)native_apic_mem_read(APIC_LVR));
		report("xapic-read");
		/* no interrupt is in service here: the EOI is ignored */
		MEASURE(native_apic_mem_write(APIC_EOI, APIC_EOI_ACK));
		report("xapic-eoi");
	}
	return -EAGAIN;
}

module_init(exit_bench_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VM-exit cost measurement for make bench");
