// SPDX-License-Identifier: GPL-2.0
/*
 * What cells see from CPUID (see cpuid-filter.h).  Bits are hidden rather
 * than emulated: a cell that does not see a feature does not use it, which
 * is how the MSR allow-list and CPUID agree.
 */
#include "cpuid-filter.h"
#include "msr-policy.h"
#include <jailhouse/hypercall.h>

#define CR4_OSXSAVE (1ULL << 18)
#define CR4_PKE (1ULL << 22)

/* Leaf 1 */
#define L1_ECX_DTES64 (1U << 2)
#define L1_ECX_DS_CPL (1U << 4)
#define L1_ECX_SMX (1U << 6)
#define L1_ECX_EST (1U << 7)
#define L1_ECX_TM2 (1U << 8)
#define L1_ECX_PDCM (1U << 15)
#define L1_ECX_X2APIC (1U << 21)
#define L1_ECX_XSAVE (1U << 26)
#define L1_ECX_OSXSAVE (1U << 27)
#define L1_EDX_DS (1U << 21)
#define L1_EDX_ACPI (1U << 22)
#define L1_EDX_TM (1U << 29)
#define L1_EDX_PBE (1U << 31)

/* Leaf 6 */
#define L6_EAX_ARAT (1U << 2)
#define L6_ECX_APERFMPERF (1U << 0)

/* Leaf 7, subleaf 0 */
#define L7_EBX_SGX (1U << 2)
#define L7_EBX_PT (1U << 25)
#define L7_ECX_PKU (1U << 3)
#define L7_ECX_OSPKE (1U << 4)
#define L7_ECX_WAITPKG (1U << 5)
#define L7_ECX_CET_SS (1U << 7)
#define L7_EDX_ARCH_LBR (1U << 19)
#define L7_EDX_CET_IBT (1U << 20)

static __u32 set_if(__u32 value, __u32 bit, int condition)
{
	return condition ? value | bit : value & ~bit;
}

static void filter_leaf1(const struct cpuid_cell *cell, struct cpuid_regs *r)
{
	/* Native CPUID ran with the hypervisor's CR4: use the guest's. */
	r->ecx = set_if(r->ecx, L1_ECX_OSXSAVE,
			(r->ecx & L1_ECX_XSAVE) &&
				(cell->guest_cr4 & CR4_OSXSAVE));
	r->ecx &= ~CPUID_LEAF1_ECX_VMX;
	r->ecx |= CPUID_LEAF1_ECX_HYPERVISOR;
	if (cell->root)
		return;
	r->ecx &= ~(L1_ECX_DTES64 | L1_ECX_DS_CPL | L1_ECX_SMX | L1_ECX_EST |
		    L1_ECX_TM2 | L1_ECX_PDCM);
	if (!cell->x2apic_permitted)
		r->ecx &= ~L1_ECX_X2APIC;
	r->edx &= ~(L1_EDX_DS | L1_EDX_ACPI | L1_EDX_TM | L1_EDX_PBE);
}

static void filter_leaf7(const struct cpuid_cell *cell, __u32 subleaf,
			 struct cpuid_regs *r)
{
	if (subleaf != 0)
		return;
	r->ecx = set_if(r->ecx, L7_ECX_OSPKE,
			(r->ecx & L7_ECX_PKU) && (cell->guest_cr4 & CR4_PKE));
	if (cell->root)
		return;
	r->ebx &= ~(L7_EBX_SGX | L7_EBX_PT);
	r->ecx &= ~(L7_ECX_WAITPKG | L7_ECX_CET_SS);
	r->edx &= ~(L7_EDX_ARCH_LBR | L7_EDX_CET_IBT);
}

static void filter_hypervisor_leaves(__u32 leaf, struct cpuid_regs *r)
{
	*r = (struct cpuid_regs){ 0, 0, 0, 0 };
	if (leaf == JAILHOUSE_CPUID_SIGNATURE) {
		r->eax = JAILHOUSE_CPUID_FEATURES;
		r->ebx = JAILHOUSE_CPUID_SIG_EBX;
		r->ecx = JAILHOUSE_CPUID_SIG_ECX;
		r->edx = JAILHOUSE_CPUID_SIG_EDX;
	}
	/* the driver asks for cell support before it offlines any CPU */
	if (leaf == JAILHOUSE_CPUID_FEATURES)
		r->eax = JAILHOUSE_CPUID_FEATURE_CELLS;
}

static void hide_unsupported(__u32 leaf, __u32 subleaf,
			     const struct cpuid_hidden *h, struct cpuid_regs *r)
{
	if (leaf == 7 && subleaf == 0) {
		r->ebx &= ~h->leaf7_ebx;
		r->ecx &= ~h->leaf7_ecx;
		r->edx &= ~h->leaf7_edx;
	} else if (leaf == 0xd && subleaf == 1) {
		r->eax &= ~h->leafd1_eax;
	} else if (leaf == 0x80000001) {
		r->edx &= ~h->ext1_edx;
	}
}

/* The basic leaves cpuid_filter_rules() may change; the unit test holds
 * it to every rule below (test-cpuid-filter.c). */
#define FILTERED_BASIC_LEAVES                                            \
	((1U << 1) | (1U << 6) | (1U << 7) | (1U << 0xa) | (1U << 0xd) | \
	 (1U << 0x12) | (1U << 0x14))

int cpuid_leaf_filtered(__u32 leaf)
{
	if (leaf < 32)
		return !!(FILTERED_BASIC_LEAVES & (1U << leaf));
	return (leaf >= JAILHOUSE_CPUID_SIGNATURE &&
		leaf <= CPUID_HYPERVISOR_MAX_LEAF) ||
	       leaf == 0x80000001;
}

/* Leaves no rule concerns (0, 4, 0xb, the brand string, ...) pass as
 * they are, before the rules' compares (issue 17). */
void cpuid_filter(__u32 leaf, __u32 subleaf, const struct cpuid_cell *cell,
		  struct cpuid_regs *regs)
{
	if (cpuid_leaf_filtered(leaf))
		cpuid_filter_rules(leaf, subleaf, cell, regs);
}

void cpuid_filter_rules(__u32 leaf, __u32 subleaf,
			const struct cpuid_cell *cell, struct cpuid_regs *regs)
{
	if (cell->hidden)
		hide_unsupported(leaf, subleaf, cell->hidden, regs);
	if (leaf >= JAILHOUSE_CPUID_SIGNATURE &&
	    leaf <= CPUID_HYPERVISOR_MAX_LEAF) {
		filter_hypervisor_leaves(leaf, regs);
		return;
	}
	switch (leaf) {
	case 1:
		filter_leaf1(cell, regs);
		break;
	case 6:
		if (!cell->root) {
			/* keep "APIC timer always runs" and APERF/MPERF */
			regs->eax &= L6_EAX_ARAT;
			regs->ebx = 0;
			regs->ecx &= L6_ECX_APERFMPERF;
			regs->edx = 0;
		}
		break;
	case 7:
		filter_leaf7(cell, subleaf, regs);
		break;
	case 0xd:
		/* supervisor components IA32_XSS may enable: no more than its
		 * mediated writes accept */
		if (subleaf == 1) {
			__u64 xss = msr_xss_permitted(
				cell->root ? MSR_CELL_ROOT : MSR_CELL_NON_ROOT);

			regs->ecx &= (__u32)xss;
			regs->edx &= (__u32)(xss >> 32);
		}
		break;
	case 0xa:  /* performance monitoring */
	case 0x12: /* SGX */
	case 0x14: /* processor trace */
		if (!cell->root)
			*regs = (struct cpuid_regs){ 0, 0, 0, 0 };
		break;
	}
}
