/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a cell sees from CPUID (arch/cpuid-filter.c).  The exit handler
 * executes CPUID natively in the hypervisor and passes the result through
 * cpuid_filter():
 *  - VMX is hidden (leaf 1 ECX bit 5): cells must not try to run it;
 *  - the hypervisor-present bit is set (leaf 1 ECX bit 31) and leaves
 *    0x40000000/0x40000001 announce the hypervisor with the signature from
 *    <jailhouse/hypercall.h>, as Linux's CONFIG_JAILHOUSE_GUEST expects;
 *    0x40000002-0x400000ff read as zero;
 *  - bits that reflect the *hypervisor's* CR4 (OSXSAVE, OSPKE) are
 *    recomputed from the guest's CR4;
 *  - non-root cells additionally lose features whose MSRs the allow-list
 *    denies them (x2APIC unless permitted, performance monitoring, thermal
 *    and power management, SMX, SGX, WAITPKG) so that they never try;
 *  - features the VMX controls cannot support on this CPU, or that no cell
 *    may use (arch/cpu-features.c), are hidden from the kind of cell.
 */
#ifndef _JH_CPUID_FILTER_H
#define _JH_CPUID_FILTER_H

#include <jailhouse/types.h>
#include "cpu-features.h"

#define CPUID_LEAF1_ECX_VMX (1U << 5)
#define CPUID_LEAF1_ECX_HYPERVISOR (1U << 31)
#define CPUID_HYPERVISOR_MAX_LEAF 0x400000ffU

struct cpuid_regs {
	__u32 eax, ebx, ecx, edx;
};

struct cpuid_cell {
	int root;	      /* the root cell */
	int x2apic_permitted; /* JAILHOUSE_CELL_X2APIC_PERMITTED */
	__u64 guest_cr4;      /* the guest's CR4 (read shadow view) */
	/* features the VMX controls cannot support (cpu-features.c), or
	 * NULL */
	const struct cpuid_hidden *hidden;
};

/*
 * Rewrites `regs` (the native result of CPUID leaf/subleaf) into what the
 * cell sees.  For leaves 0x40000000-0x400000ff the native result is ignored.
 */
void cpuid_filter(__u32 leaf, __u32 subleaf, const struct cpuid_cell *cell,
		  struct cpuid_regs *regs);
/* Whether cpuid_filter() looks at `leaf` at all (1) or passes it (0), and
 * the rules it applies to the leaves it looks at: separate for the unit
 * test, which checks the first never passes a leaf the second changes. */
int cpuid_leaf_filtered(__u32 leaf);
void cpuid_filter_rules(__u32 leaf, __u32 subleaf,
			const struct cpuid_cell *cell, struct cpuid_regs *regs);

#endif
