/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU features against the VMX controls they need (arch/cpu-features.c).
 * Some instructions raise #UD in VMX non-root operation unless a secondary
 * processor-based control enables them (SDM Vol. 3 25.3 and table 25-7):
 * RDTSCP and RDPID ("enable RDTSCP"), INVPCID, XSAVES/XRSTORS, UMONITOR/
 * UMWAIT/TPAUSE ("enable user wait and pause"), PCONFIG.  The root cell's
 * Linux enumerated its features before the hypervisor came: a feature it
 * sees whose control this CPU cannot enable would #UD in the root right
 * after enable, so enable is refused with the feature's name.  Cells boot
 * later and simply do not see what they cannot use; features no cell may
 * use at all (PCONFIG, Key Locker, ENQCMD, UINTR) are hidden from
 * everyone and their controls stay off.
 */
#ifndef _HV_CPU_FEATURES_H
#define _HV_CPU_FEATURES_H

#include <jailhouse/types.h>

/* CR4 bits of features no cell may use (CR4.KL, Key Locker): guarded in
 * every cell and refused with #GP, since hiding CPUID bits alone is no
 * enforcement */
#define CPU_FEATURES_CR4_DENIED (1ULL << 19)

/* The CPUID words the rules look at, and the CPU's VMX capability. */
struct cpu_enumeration {
	__u32 leaf7_ebx, leaf7_ecx, leaf7_edx; /* CPUID.(7,0) */
	__u32 leafd1_eax;		       /* CPUID.(0xD,1) */
	__u32 ext1_edx;			       /* CPUID.0x80000001 */
	__u64 vmx_procbased_ctls2;	       /* IA32_VMX_PROCBASED_CTLS2 */
};

/* CPUID bits a kind of cell must not see (cpuid-filter.c clears them). */
struct cpuid_hidden {
	__u32 leaf7_ebx, leaf7_ecx, leaf7_edx;
	__u32 leafd1_eax;
	__u32 ext1_edx;
};

struct cpu_feature_plan {
	__u32 secondary; /* secondary controls the features need */
	struct cpuid_hidden root, cell;
	const char *refused; /* a feature the root uses that cannot work */
};

/* 0, or -ENODEV with plan->refused naming the feature. */
int cpu_features_plan(const struct cpu_enumeration *e,
		      struct cpu_feature_plan *plan);

/* What every CPU's plan hides (the union, filled as CPUs come up). */
void cpu_features_hide(const struct cpu_feature_plan *plan);
const struct cpuid_hidden *cpu_features_hidden(int root);

#endif
