// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse hardware check [--root DIR] [--no-iommu]`: can this machine
 * run the hypervisor?  A table of ok / missing with one line of why per
 * feature; exit status 1 when something required is missing.
 *
 * VMX capabilities come from the VMX capability MSRs (Intel SDM vol. 3,
 * appendix A) through /dev/cpu/N/msr, CPUID from /dev/cpu/N/cpuid (or the
 * instruction on that CPU), IOMMU facts from the DMAR table and, where
 * Linux exposes them, the remapping units' CAP/ECAP registers.
 */
#include <cpuid.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "config-diag.h"
#include "hardware-caps.h"
#include "host-info.h"

static unsigned int missing_required, unknown_required;

void hw_row(const char *name, enum hw_status status, int required,
	    const char *fmt, ...)
{
	static const char *const words[] = { "ok", "missing", "unknown" };
	va_list ap;

	if (status == HW_MISSING && required)
		missing_required++;
	if (status == HW_UNKNOWN && required)
		unknown_required++;
	printf("  %-42s %-8s ", name, words[status]);
	if (status == HW_MISSING && !required)
		printf("(optional) ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* modprobe, for msr and cpuid; its own messages go to stderr. */
static int load_module(const char *module)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execlp("modprobe", "modprobe", "-q", module, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* CPUID leaf 1 ECX on @cpu: cpuid device, else the instruction there. */
static int read_cpuid1_ecx(const char *root, int live, unsigned int cpu,
			   __u32 *ecx)
{
	__u32 regs[4], a, b, c, d;
	cpu_set_t set, old;

	if (host_read_cpuid(root, cpu, 1, regs) == 0) {
		*ecx = regs[2];
		return 0;
	}
	if (!live || sched_getaffinity(0, sizeof(old), &old))
		return -1;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -1;
	__cpuid(1, a, b, c, d);
	(void)a;
	(void)b;
	(void)d;
	sched_setaffinity(0, sizeof(old), &old);
	*ecx = c;
	return 0;
}

static const __u32 vmx_msr_index[HW_NUM_MSRS] = {
	[HW_FEATURE_CONTROL] = 0x3a,	 [HW_VMX_BASIC] = 0x480,
	[HW_VMX_PINBASED] = 0x481,	 [HW_VMX_PROCBASED] = 0x482,
	[HW_VMX_EXIT] = 0x483,		 [HW_VMX_ENTRY] = 0x484,
	[HW_VMX_MISC] = 0x485,		 [HW_VMX_PROCBASED2] = 0x48b,
	[HW_VMX_EPT_VPID] = 0x48c,	 [HW_VMX_TRUE_PINBASED] = 0x48d,
	[HW_VMX_TRUE_PROCBASED] = 0x48e, [HW_VMX_TRUE_EXIT] = 0x48f,
	[HW_VMX_TRUE_ENTRY] = 0x490,
};

static void read_cpu(const char *root, int live, unsigned int cpu,
		     struct hw_cpu *c)
{
	unsigned int n;

	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	c->have_cpuid = read_cpuid1_ecx(root, live, cpu, &c->cpuid1_ecx) == 0;
	for (n = 0; n < HW_NUM_MSRS; n++)
		c->have_msr[n] = host_read_msr(root, cpu, vmx_msr_index[n],
					       &c->msr[n]) == 0;
}

static int msr_device_ready(const char *root, int live)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/dev/cpu/0/msr", root);
	if (access(path, R_OK) == 0)
		return 1;
	if (live && load_module("msr") == 0 && access(path, R_OK) == 0)
		return 1;
	return 0;
}

static int hardware_check(const char *root, int live, int allow_no_iommu)
{
	struct host_info *host = calloc(1, sizeof(*host));
	struct hw_cpu *cpus;
	unsigned int cpu, n = 0;
	int msr_ok;

	if (!host || host_info_read(root, host))
		return 1;
	cpus = calloc(host->num_cpus, sizeof(*cpus));
	if (!cpus)
		return 1;
	msr_ok = msr_device_ready(root, live);
	if (live)
		load_module("cpuid");
	for (cpu = 0; cpu < HOST_MAX_CPUS; cpu++)
		if ((host->cpu_present[cpu / 8] >> (cpu % 8)) & 1)
			read_cpu(root, live, cpu, &cpus[n++]);
	printf("jailhouse hardware check: %u CPUs, %s\n", n,
	       live ? "live system" : root);
	printf("  %-42s %-8s %s\n", "FEATURE", "STATUS", "WHY");
	hw_check_cpus(cpus, n, msr_ok);
	hw_check_speculation(root, cpus, n);
	hw_check_iommu(host, allow_no_iommu);
	hw_check_cmdline(host);
	if (missing_required)
		printf("result: %u required feature%s missing: the hypervisor "
		       "cannot run here\n",
		       missing_required, missing_required == 1 ? "" : "s");
	else if (unknown_required)
		printf("result: %u required feature%s could not be checked\n",
		       unknown_required, unknown_required == 1 ? "" : "s");
	else
		printf("result: every required feature is present\n");
	free(cpus);
	free(host);
	return missing_required || unknown_required ? 1 : 0;
}

int cmd_hardware(int argc, char **argv)
{
	const char *root = "/";
	int n, allow_no_iommu = 0;

	missing_required = unknown_required = 0;
	if (argc < 2 || strcmp(argv[1], "check")) {
		fprintf(stderr, "usage: jailhouse hardware check [--root DIR] "
				"[--no-iommu]\n");
		return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
	}
	for (n = 2; n < argc; n++) {
		if (!strcmp(argv[n], "--root") && n + 1 < argc) {
			root = argv[++n];
		} else if (!strcmp(argv[n], "--no-iommu")) {
			allow_no_iommu = 1;
		} else if (!strcmp(argv[n], "--help")) {
			printf("usage: jailhouse hardware check [--root DIR] "
			       "[--no-iommu]\n"
			       "  --root DIR   read DIR/proc, DIR/sys, DIR/dev/cpu/N/"
			       "{msr,cpuid} instead of the live system\n"
			       "  --no-iommu   accept a machine without VT-d (the "
			       "JAILHOUSE_SYS_NO_IOMMU opt-in)\n");
			return 0;
		} else {
			fprintf(stderr,
				"hardware check: unknown argument '%s'\n",
				argv[n]);
			return 2;
		}
	}
	return hardware_check(root, !strcmp(root, "/"), allow_no_iommu);
}
