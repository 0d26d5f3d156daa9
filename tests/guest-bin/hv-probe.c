// SPDX-License-Identifier: GPL-2.0
/*
 * hv-probe: guest-side measurements for the hypervisor scenarios and
 * `make bench`, run as root in the rig's initramfs.
 *
 *   hv-probe cost          cost of one VM exit in guest TSC ticks for CPUID,
 *                          a PIO read of 0xcf8, an MSR read (the mediated
 *                          IA32_FEATURE_CONTROL vs the passed-through MPERF,
 *                          through /dev/cpu/0/msr), an xAPIC register read
 *                          and an xAPIC EOI write (/dev/mem)
 *   hv-probe loop N [FILE] a CPU-bound loop of N iterations: prints its TSC
 *                          ticks (guest time: Bochs counts instructions)
 *                          and, given a counter FILE (a sysfs vmexits_*
 *                          statistic of the CPU it runs on), how much the
 *                          counter grew during the loop
 *   hv-probe pmtimer SECS  compares CLOCK_MONOTONIC with the ACPI PM timer
 *                          (port 0xb008, 3.579545 MHz) over SECS seconds;
 *                          fails if they differ by more than 2 %
 *   hv-probe tscsync N     hops N times between the online CPUs reading the
 *                          TSC on each; fails if it ever goes backwards
 *                          across a hop (Linux's clock would jump)
 *
 * Every figure is the median of many runs, so one interrupt in between
 * does not distort it.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define RUNS 501
#define PM_TIMER_PORT 0xb008
#define PM_TIMER_HZ 3579545.0
#define APIC_BASE 0xfee00000UL

static inline uint64_t tsc(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static int compare(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v)
{
	qsort(v, RUNS, sizeof(*v), compare);
	return v[RUNS / 2];
}

/* Ticks of the timing code itself, subtracted from every figure. */
static uint64_t overhead(void)
{
	uint64_t v[RUNS], t;
	int i;

	for (i = 0; i < RUNS; i++) {
		t = tsc();
		v[i] = tsc() - t;
	}
	return median(v);
}

static uint64_t cost_cpuid(void)
{
	uint64_t v[RUNS], t;
	uint32_t a, b, c, d;
	int i;

	for (i = 0; i < RUNS; i++) {
		t = tsc();
		asm volatile("cpuid"
			     : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
			     : "a"(0), "c"(0));
		v[i] = tsc() - t;
	}
	return median(v);
}

static uint64_t cost_pio(void)
{
	uint64_t v[RUNS], t;
	int i;

	for (i = 0; i < RUNS; i++) {
		t = tsc();
		(void)inl(0xcf8);
		v[i] = tsc() - t;
	}
	return median(v);
}

static long cost_msr(int fd, uint32_t msr)
{
	uint64_t v[RUNS], t, value;
	int i;

	for (i = 0; i < RUNS; i++) {
		t = tsc();
		if (pread(fd, &value, 8, msr) != 8)
			return -1;
		v[i] = tsc() - t;
	}
	return median(v);
}

static uint64_t cost_apic(volatile uint32_t *apic, int write)
{
	uint64_t v[RUNS], t;
	int i;

	for (i = 0; i < RUNS; i++) {
		t = tsc();
		if (write)
			apic[0xb0 / 4] = 0; /* EOI: nothing in service */
		else
			(void)apic[0x30 / 4]; /* version register */
		v[i] = tsc() - t;
	}
	return median(v);
}

static int do_cost(void)
{
	uint64_t base = overhead();
	volatile uint32_t *apic;
	long mediated, passed;
	char path[64];
	int fd;

	if (iopl(3)) {
		perror("iopl");
		return 1;
	}
	printf("timing overhead: %llu ticks (subtracted)\n",
	       (unsigned long long)base);
	printf("cost cpuid: %llu\n", (unsigned long long)(cost_cpuid() - base));
	printf("cost pio-0xcf8: %llu\n",
	       (unsigned long long)(cost_pio() - base));

	/* this CPU's device: another CPU's would add an IPI per read */
	snprintf(path, sizeof(path), "/dev/cpu/%d/msr", sched_getcpu());
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		printf("cost msr: unavailable (modprobe msr)\n");
	} else {
		mediated = cost_msr(fd, 0x3a);
		passed = cost_msr(fd, 0xe7);
		close(fd);
		if (mediated < 0 || passed < 0)
			printf("cost msr: read failed\n");
		else
			printf("cost msr: %ld (FEATURE_CONTROL %ld - MPERF %ld, both via %s)\n",
			       mediated - passed, mediated, passed, path);
	}

	fd = open("/dev/mem", O_RDWR | O_SYNC);
	apic = fd < 0 ? MAP_FAILED :
			mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			     APIC_BASE);
	if (apic == MAP_FAILED) {
		printf("cost xapic-read: unavailable (/dev/mem)\n");
		printf("cost xapic-eoi: unavailable (/dev/mem)\n");
	} else {
		printf("cost xapic-read: %llu\n",
		       (unsigned long long)(cost_apic(apic, 0) - base));
		printf("cost xapic-eoi: %llu\n",
		       (unsigned long long)(cost_apic(apic, 1) - base));
	}
	return 0;
}

/* A decimal counter from sysfs; -1 if it cannot be read. */
static long long read_counter(const char *file)
{
	long long value = -1;
	FILE *f = fopen(file, "r");

	if (!f)
		return -1;
	if (fscanf(f, "%lld", &value) != 1)
		value = -1;
	fclose(f);
	return value;
}

static int do_loop(unsigned long n, const char *counter)
{
	volatile unsigned long sink = 0;
	long long before = counter ? read_counter(counter) : 0;
	uint64_t t = tsc();
	unsigned long i;
	long long after;

	for (i = 0; i < n; i++)
		sink += i;
	t = tsc() - t;
	if (!counter) {
		printf("loop ticks: %llu\n", (unsigned long long)t);
		return 0;
	}
	after = read_counter(counter);
	if (before < 0 || after < 0) {
		fprintf(stderr, "hv-probe: cannot read %s\n", counter);
		return 1;
	}
	printf("loop ticks: %llu exits: %lld\n", (unsigned long long)t,
	       after - before);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The 24-bit PM timer wraps every 4.7 s: sample it every 100 ms. */
static int do_pmtimer(double seconds)
{
	uint32_t last, cur;
	uint64_t ticks = 0;
	double start, elapsed, pm, ratio;
	struct timespec step = { 0, 100000000 };

	if (iopl(3)) {
		perror("iopl");
		return 1;
	}
	last = inl(PM_TIMER_PORT) & 0xffffff;
	start = now();
	while (now() - start < seconds) {
		nanosleep(&step, NULL);
		cur = inl(PM_TIMER_PORT) & 0xffffff;
		ticks += (cur - last) & 0xffffff;
		last = cur;
	}
	elapsed = now() - start;
	pm = ticks / PM_TIMER_HZ;
	ratio = elapsed / pm;
	printf("pmtimer: monotonic %.3f s, PM timer %.3f s, ratio %.4f\n",
	       elapsed, pm, ratio);
	if (ratio < 0.98 || ratio > 1.02) {
		printf("pmtimer: clocks disagree by more than 2 %%\n");
		return 1;
	}
	return 0;
}

static int pin_to(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/*
 * Linux keeps time with the TSC: a TSC that is behind on one CPU makes the
 * clock read there go backwards, which the timekeeping code takes as a
 * huge step forward.  Hop between CPUs and compare each reading with the
 * one taken just before on the other CPU.
 */
static int do_tscsync(unsigned long hops)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	uint64_t prev, cur;
	int64_t worst = 0;
	unsigned long i;

	if (cpus < 2) {
		printf("tscsync: only one CPU online\n");
		return 0;
	}
	if (pin_to(0)) {
		perror("sched_setaffinity");
		return 1;
	}
	prev = tsc();
	for (i = 1; i <= hops; i++) {
		if (pin_to(i % cpus)) {
			perror("sched_setaffinity");
			return 1;
		}
		cur = tsc();
		if ((int64_t)(cur - prev) < worst)
			worst = (int64_t)(cur - prev);
		prev = cur;
	}
	printf("tscsync: %lu hops over %ld CPUs, worst step %lld ticks\n", hops,
	       cpus, (long long)worst);
	return worst < 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "cost"))
		return do_cost();
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "loop"))
		return do_loop(strtoul(argv[2], NULL, 0),
			       argc == 4 ? argv[3] : NULL);
	if (argc == 3 && !strcmp(argv[1], "pmtimer"))
		return do_pmtimer(atof(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "tscsync"))
		return do_tscsync(strtoul(argv[2], NULL, 0));
	fprintf(stderr,
		"usage: hv-probe cost | loop N [FILE] | pmtimer SECONDS | tscsync N\n");
	return 2;
}
