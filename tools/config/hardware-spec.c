// SPDX-License-Identifier: GPL-2.0
/*
 * The speculation rows of `hardware check`: which mitigations the
 * hypervisor applies on this CPU.  The decision is the hypervisor's own
 * code (hypervisor-x86/arch/spec-plan.c, built into the CLI), fed with
 * CPUID leaf 7 and IA32_ARCH_CAPABILITIES of the first CPU.
 */
#include <stdio.h>

#include "hardware-caps.h"
#include "spec-plan.h"

/* CPUID leaf 7 subleaf 2: the cpuid device takes the subleaf in the high
 * half of the offset; a regular file standing in for it has no subleaves
 * (read as absent). */
#define CPUID_7_2 ((2ULL << 32) | 7)

static int read_enumeration(const char *root, unsigned int cpu,
			    struct spec_cpu *id)
{
	__u32 r[4];
	__u64 cap;

	*id = (struct spec_cpu){ 0 };
	if (host_read_cpuid(root, cpu, 0, r) || r[0] < 7 ||
	    host_read_cpuid(root, cpu, 1, r))
		return -1;
	id->cpuid1_eax = r[0];
	if (host_read_cpuid(root, cpu, 7, r))
		return -1;
	id->cpuid7_ebx = r[1];
	id->cpuid7_edx = r[3];
	if (r[0] >= 2 && host_read_cpuid(root, cpu, CPUID_7_2, r) == 0)
		id->cpuid7_2_edx = r[3];
	if (id->cpuid7_edx & SPEC_CPUID7_ARCH_CAP) {
		if (host_read_msr(root, cpu, MSR_IA32_ARCH_CAPABILITIES, &cap))
			return -1;
		id->arch_capabilities = cap;
	}
	return 0;
}

/* The microcode a row needs, by row of spec_plan_rows(). */
static __u32 row_gap(unsigned int row)
{
	switch (row) {
	case 1: /* SPEC_CTRL on exit: IBRS or the leaf-7.2 disables */
		return SPEC_GAP_IBRS | SPEC_GAP_BHI;
	case 3:
		return SPEC_GAP_IBPB;
	case 4:
		return SPEC_GAP_L1D_FLUSH;
	case 5:
		return SPEC_GAP_MD_CLEAR;
	}
	return 0;
}

void hw_check_speculation(const char *root, const struct hw_cpu *cpus,
			  unsigned int num)
{
	struct spec_row rows[SPEC_ROWS];
	struct spec_plan plan;
	struct spec_cpu id;
	char name[64];
	unsigned int n;

	if (!num || read_enumeration(root, cpus[0].cpu, &id)) {
		hw_row("speculation mitigations", HW_UNKNOWN, 0,
		       "CPUID leaf 7 or IA32_ARCH_CAPABILITIES not readable");
		return;
	}
	spec_plan_decide(&id, &plan);
	spec_plan_rows(&plan, rows);
	for (n = 0; n < SPEC_ROWS; n++) {
		snprintf(name, sizeof(name), "mitigation: %s", rows[n].name);
		hw_row(name, plan.gaps & row_gap(n) ? HW_MISSING : HW_OK, 0,
		       "%s%s", rows[n].applies ? "applies: " : "", rows[n].why);
	}
}
