// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU half of `hardware check`: every VMX feature the hypervisor uses,
 * evaluated on every CPU.  Bits are those of the Intel SDM, vol. 3,
 * appendix A (VMX capability reporting).
 */
#include <stdio.h>
#include <string.h>

#include "hardware-caps.h"

enum hw_source {
	SRC_CPUID1_ECX,
	SRC_PINBASED,
	SRC_PROCBASED,
	SRC_PROCBASED2,
	SRC_EXIT,
	SRC_ENTRY,
	SRC_EPT_VPID,
	SRC_VMCS_WB,
	SRC_FEATURE_CONTROL,
};

struct hw_feature {
	const char *name;
	enum hw_source source;
	__u64 mask;
	int required;
	const char *why; /* what it is for, or what its lack costs */
};

static const struct hw_feature features[] = {
	{ "VMX", SRC_CPUID1_ECX, 1 << 5, 1,
	  "CPUID.1:ECX bit 5; without it there is no hardware virtualization" },
	{ "VMX enabled by the firmware", SRC_FEATURE_CONTROL, 0, 1,
	  "IA32_FEATURE_CONTROL must not be locked with VMX off (BIOS setup)" },
	{ "VMCS in write-back memory", SRC_VMCS_WB, 0, 1,
	  "IA32_VMX_BASIC memory type; the hypervisor keeps VMCSs in WB RAM" },
	{ "VMX preemption timer", SRC_PINBASED, 1 << 6, 1,
	  "bounds how long a cell can keep a CPU without an exit" },
	{ "I/O bitmaps", SRC_PROCBASED, 1 << 25, 1,
	  "port I/O partitioning between cells" },
	{ "MSR bitmaps", SRC_PROCBASED, 1 << 28, 1,
	  "the MSR allow-list without an exit per access" },
	{ "secondary processor-based controls", SRC_PROCBASED, 1ULL << 31, 1,
	  "needed for EPT and unrestricted guest" },
	{ "EPT", SRC_PROCBASED2, 1 << 1, 1,
	  "memory partitioning between cells" },
	{ "EPT 4-level page walk", SRC_EPT_VPID, 1 << 6, 1,
	  "the hypervisor builds 4-level EPT tables" },
	{ "EPT write-back memory type", SRC_EPT_VPID, 1 << 14, 1,
	  "EPT tables in WB memory" },
	{ "INVEPT (all-context)", SRC_EPT_VPID, (1 << 20) | (1 << 26), 1,
	  "flushing stale EPT translations when a cell changes" },
	{ "EPT 2 MiB pages", SRC_EPT_VPID, 1 << 16, 0,
	  "without it every cell mapping uses 4 KiB pages (more TLB misses)" },
	{ "EPT 1 GiB pages", SRC_EPT_VPID, 1 << 17, 0,
	  "large root cell RAM then uses 2 MiB pages" },
	{ "unrestricted guest", SRC_PROCBASED2, 1 << 7, 1,
	  "cells start in real mode; the root runs unchanged" },
	{ "APIC-access page", SRC_PROCBASED2, 1 << 0, 1,
	  "traps xAPIC accesses of the cells" },
	{ "VPID", SRC_PROCBASED2, 1 << 5, 0,
	  "without it every VM exit flushes the TLB" },
	{ "INVVPID", SRC_EPT_VPID, 1ULL << 32, 0, "needed to use VPID" },
	{ "virtualize x2APIC mode", SRC_PROCBASED2, 1 << 4, 0,
	  "cells in x2APIC mode then exit on every APIC MSR access" },
	{ "64-bit host on VM exit", SRC_EXIT, 1 << 9, 1,
	  "the hypervisor runs in 64-bit mode" },
	{ "64-bit guest on VM entry", SRC_ENTRY, 1 << 9, 1,
	  "the root cell is a 64-bit Linux" },
	{ "save/load IA32_PAT on VM exit", SRC_EXIT, (1 << 18) | (1 << 19), 1,
	  "cells keep their own memory types" },
	{ "load IA32_PAT on VM entry", SRC_ENTRY, 1 << 14, 1,
	  "cells keep their own memory types" },
	{ "save/load IA32_EFER on VM exit", SRC_EXIT, (1 << 20) | (1 << 21), 1,
	  "switching long mode between hypervisor and cells" },
	{ "load IA32_EFER on VM entry", SRC_ENTRY, 1 << 15, 1,
	  "switching long mode between hypervisor and cells" },
	{ "x2APIC", SRC_CPUID1_ECX, 1 << 21, 0,
	  "without it root and cells use the xAPIC only" },
};

/* Allowed-1 settings: the high half of the (TRUE_) control MSRs. */
static int allowed1(const struct hw_cpu *c, enum hw_msr plain,
		    enum hw_msr true_msr, __u64 mask, int *known)
{
	/* IA32_VMX_BASIC bit 55: the TRUE_ MSRs exist and are the truth. */
	enum hw_msr m = c->msr[HW_VMX_BASIC] & (1ULL << 55) ? true_msr : plain;

	*known = c->have_msr[HW_VMX_BASIC] && c->have_msr[m];
	return ((c->msr[m] >> 32) & mask) == mask;
}

/* Returns 1 present, 0 missing; *known 0 when the data is not there. */
static int feature_present(const struct hw_cpu *c, const struct hw_feature *f,
			   int *known)
{
	__u64 fc = c->msr[HW_FEATURE_CONTROL];

	switch (f->source) {
	case SRC_CPUID1_ECX:
		*known = c->have_cpuid;
		return (c->cpuid1_ecx & f->mask) == f->mask;
	case SRC_FEATURE_CONTROL:
		/* Unlocked is fine: the driver may still lock it with VMX on. */
		*known = c->have_msr[HW_FEATURE_CONTROL];
		return !(fc & 1) || (fc & 4);
	case SRC_VMCS_WB:
		*known = c->have_msr[HW_VMX_BASIC];
		return ((c->msr[HW_VMX_BASIC] >> 50) & 0xf) == 6;
	case SRC_PINBASED:
		return allowed1(c, HW_VMX_PINBASED, HW_VMX_TRUE_PINBASED,
				f->mask, known);
	case SRC_PROCBASED:
		return allowed1(c, HW_VMX_PROCBASED, HW_VMX_TRUE_PROCBASED,
				f->mask, known);
	case SRC_EXIT:
		return allowed1(c, HW_VMX_EXIT, HW_VMX_TRUE_EXIT, f->mask,
				known);
	case SRC_ENTRY:
		return allowed1(c, HW_VMX_ENTRY, HW_VMX_TRUE_ENTRY, f->mask,
				known);
	case SRC_PROCBASED2:
		*known = c->have_msr[HW_VMX_PROCBASED2] ||
			 c->have_msr[HW_VMX_PROCBASED];
		/* Without secondary controls, none of them can be used. */
		if (!c->have_msr[HW_VMX_PROCBASED2] ||
		    !((c->msr[HW_VMX_PROCBASED] >> 32) & (1ULL << 31)))
			return 0;
		return ((c->msr[HW_VMX_PROCBASED2] >> 32) & f->mask) == f->mask;
	case SRC_EPT_VPID:
		*known = c->have_msr[HW_VMX_EPT_VPID] ||
			 c->have_msr[HW_VMX_PROCBASED];
		return (c->msr[HW_VMX_EPT_VPID] & f->mask) == f->mask;
	}
	*known = 0;
	return 0;
}

static void cpu_list(char *buf, size_t size, const unsigned int *cpus,
		     unsigned int num)
{
	size_t used = 0;
	unsigned int n;

	buf[0] = 0;
	for (n = 0; n < num && used + 12 < size; n++)
		used += snprintf(buf + used, size - used, "%s%u", n ? "," : "",
				 cpus[n]);
}

static void check_feature(const struct hw_cpu *cpus, unsigned int num,
			  const struct hw_feature *f, int vmx_known)
{
	unsigned int lacking[256], num_lacking = 0, num_unknown = 0, n;
	char list[128];
	int known;

	for (n = 0; n < num; n++) {
		int present = feature_present(&cpus[n], f, &known);

		if (!known)
			num_unknown++;
		else if (!present && num_lacking < 256)
			lacking[num_lacking++] = cpus[n].cpu;
	}
	if (num_lacking == num || (num_lacking && !num_unknown)) {
		cpu_list(list, sizeof(list), lacking, num_lacking);
		hw_row(f->name, HW_MISSING, f->required, "%s%s%s%s", f->why,
		       num_lacking < num ? " (lacking on CPUs " : "",
		       num_lacking < num ? list : "",
		       num_lacking < num ? ")" : "");
	} else if (num_unknown) {
		hw_row(f->name, HW_UNKNOWN, f->required, "%s",
		       vmx_known ?
			       "not readable on every CPU" :
			       "VMX capability MSRs not readable (see above)");
	} else {
		hw_row(f->name, HW_OK, f->required, "%s", f->why);
	}
}

static const char *const msr_names[HW_NUM_MSRS] = {
	[HW_FEATURE_CONTROL] = "IA32_FEATURE_CONTROL",
	[HW_VMX_BASIC] = "IA32_VMX_BASIC",
	[HW_VMX_PINBASED] = "IA32_VMX_PINBASED_CTLS",
	[HW_VMX_PROCBASED] = "IA32_VMX_PROCBASED_CTLS",
	[HW_VMX_EXIT] = "IA32_VMX_EXIT_CTLS",
	[HW_VMX_ENTRY] = "IA32_VMX_ENTRY_CTLS",
	[HW_VMX_MISC] = "IA32_VMX_MISC",
	[HW_VMX_PROCBASED2] = "IA32_VMX_PROCBASED_CTLS2",
	[HW_VMX_EPT_VPID] = "IA32_VMX_EPT_VPID_CAP",
	[HW_VMX_TRUE_PINBASED] = "IA32_VMX_TRUE_PINBASED_CTLS",
	[HW_VMX_TRUE_PROCBASED] = "IA32_VMX_TRUE_PROCBASED_CTLS",
	[HW_VMX_TRUE_EXIT] = "IA32_VMX_TRUE_EXIT_CTLS",
	[HW_VMX_TRUE_ENTRY] = "IA32_VMX_TRUE_ENTRY_CTLS",
};

/* Every CPU must offer the same VMX capabilities: cells move between them. */
static void check_consistency(const struct hw_cpu *cpus, unsigned int num)
{
	unsigned int n, m;

	for (n = 1; n < num; n++) {
		if (cpus[n].cpuid1_ecx != cpus[0].cpuid1_ecx) {
			hw_row("CPUs consistent", HW_MISSING, 1,
			       "CPU %u and CPU "
			       "%u differ in CPUID.1:ECX",
			       cpus[0].cpu, cpus[n].cpu);
			return;
		}
		for (m = HW_VMX_BASIC; m < HW_NUM_MSRS; m++)
			if (cpus[n].have_msr[m] != cpus[0].have_msr[m] ||
			    cpus[n].msr[m] != cpus[0].msr[m]) {
				hw_row("CPUs consistent", HW_MISSING, 1,
				       "CPU %u "
				       "and CPU %u differ in %s",
				       cpus[0].cpu, cpus[n].cpu, msr_names[m]);
				return;
			}
	}
	hw_row("CPUs consistent", HW_OK, 1,
	       "all %u CPUs report the same VMX "
	       "capabilities",
	       num);
}

void hw_check_cpus(const struct hw_cpu *cpus, unsigned int num, int msr_ok)
{
	unsigned int n;
	int vmx = num && cpus[0].have_cpuid && (cpus[0].cpuid1_ecx & (1 << 5));

	if (!msr_ok && (vmx || !num || !cpus[0].have_cpuid))
		hw_row("MSR access (/dev/cpu/N/msr)", HW_UNKNOWN, 1,
		       "cannot "
		       "read the VMX capability MSRs: 'modprobe msr' failed or "
		       "msr.ko is missing for this kernel");
	for (n = 0; n < sizeof(features) / sizeof(features[0]); n++) {
		/* Without VMX the capability MSRs fault: report them missing. */
		if (!vmx && features[n].source != SRC_CPUID1_ECX && num &&
		    cpus[0].have_cpuid)
			hw_row(features[n].name, HW_MISSING,
			       features[n].required, "no VMX on this CPU");
		else
			check_feature(cpus, num, &features[n], msr_ok);
	}
	if (msr_ok && vmx)
		check_consistency(cpus, num);
}
