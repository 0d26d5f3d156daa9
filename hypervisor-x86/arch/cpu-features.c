// SPDX-License-Identifier: GPL-2.0
/*
 * Which VMX controls the CPU's features need, and what to hide or refuse
 * (see cpu-features.h).  One table: each feature, where CPUID reports it,
 * the control it needs (0: none), and whether cells may use it at all.
 */
#include <common/env.h>
#include "cpu-features.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* secondary processor-based VM-execution controls (SDM table 25-7) */
#define CTL_ENABLE_RDTSCP (1U << 3)
#define CTL_ENABLE_INVPCID (1U << 12)
#define CTL_ENABLE_XSAVES (1U << 20)
#define CTL_USER_WAIT_PAUSE (1U << 26)
#define CTL_ENABLE_PCONFIG (1U << 27)

enum cpuid_word {
	L7_EBX,
	L7_ECX,
	L7_EDX,
	LD1_EAX,
	EXT1_EDX
};

enum feature_use {
	USE_WITH_CONTROL, /* root and cells, when the control can be set */
	USE_ROOT_ONLY,	  /* the root, when the control can be set */
	USE_NOBODY,	  /* hidden from all, control left off */
};

struct feature_rule {
	const char *name;
	enum cpuid_word word;
	__u32 bit;
	__u32 control;
	enum feature_use use;
};

static const struct feature_rule rules[] = {
	{ "RDTSCP", EXT1_EDX, 1U << 27, CTL_ENABLE_RDTSCP, USE_WITH_CONTROL },
	/* RDPID #UDs in non-root operation without "enable RDTSCP" too */
	{ "RDPID", L7_ECX, 1U << 22, CTL_ENABLE_RDTSCP, USE_WITH_CONTROL },
	{ "INVPCID", L7_EBX, 1U << 10, CTL_ENABLE_INVPCID, USE_WITH_CONTROL },
	/* IA32_XSS is mediated; XSAVES/XRSTORS themselves need the control */
	{ "XSAVES/XRSTORS", LD1_EAX, 1U << 3, CTL_ENABLE_XSAVES,
	  USE_WITH_CONTROL },
	/* IA32_UMWAIT_CONTROL is denied to cells (msr-policy.c) */
	{ "WAITPKG (UMONITOR/UMWAIT/TPAUSE)", L7_ECX, 1U << 5,
	  CTL_USER_WAIT_PAUSE, USE_ROOT_ONLY },
	/* programs the memory-encryption keys of the whole platform */
	{ "PCONFIG", L7_EDX, 1U << 18, 0, USE_NOBODY },
	/* the wrapping key is per CPU and outlives a cell: not scrubbed */
	{ "Key Locker", L7_ECX, 1U << 23, 0, USE_NOBODY },
	/* needs IA32_PASID and PASID translation in the IOMMU (no VT-d) */
	{ "ENQCMD", L7_ECX, 1U << 29, 0, USE_NOBODY },
	/* user interrupts: their MSRs are not virtualised */
	{ "UINTR", L7_EDX, 1U << 5, 0, USE_NOBODY },
};

static __u32 word_of(const struct cpu_enumeration *e, enum cpuid_word w)
{
	switch (w) {
	case L7_EBX:
		return e->leaf7_ebx;
	case L7_ECX:
		return e->leaf7_ecx;
	case L7_EDX:
		return e->leaf7_edx;
	case LD1_EAX:
		return e->leafd1_eax;
	case EXT1_EDX:
		return e->ext1_edx;
	}
	return 0;
}

static void hide(struct cpuid_hidden *h, enum cpuid_word w, __u32 bit)
{
	__u32 *words[] = { &h->leaf7_ebx, &h->leaf7_ecx, &h->leaf7_edx,
			   &h->leafd1_eax, &h->ext1_edx };

	*words[w] |= bit;
}

int cpu_features_plan(const struct cpu_enumeration *e,
		      struct cpu_feature_plan *plan)
{
	__u32 allowed = e->vmx_procbased_ctls2 >> 32;
	const struct feature_rule *r;
	unsigned int n;

	*plan = (struct cpu_feature_plan){ 0 };
	for (n = 0; n < ARRAY_SIZE(rules); n++) {
		r = &rules[n];
		if (!(word_of(e, r->word) & r->bit))
			continue;
		if (r->use == USE_NOBODY) {
			hide(&plan->root, r->word, r->bit);
			hide(&plan->cell, r->word, r->bit);
			continue;
		}
		if (r->use == USE_ROOT_ONLY)
			hide(&plan->cell, r->word, r->bit);
		if ((allowed & r->control) == r->control) {
			plan->secondary |= r->control;
			continue;
		}
		/* Linux saw it at boot: hiding it now is too late */
		hide(&plan->root, r->word, r->bit);
		hide(&plan->cell, r->word, r->bit);
		if (!plan->refused)
			plan->refused = r->name;
	}
	return plan->refused ? -ENODEV : 0;
}

static struct cpuid_hidden hidden_root, hidden_cell;

static void merge(struct cpuid_hidden *into, const struct cpuid_hidden *h)
{
	__atomic_fetch_or(&into->leaf7_ebx, h->leaf7_ebx, __ATOMIC_RELAXED);
	__atomic_fetch_or(&into->leaf7_ecx, h->leaf7_ecx, __ATOMIC_RELAXED);
	__atomic_fetch_or(&into->leaf7_edx, h->leaf7_edx, __ATOMIC_RELAXED);
	__atomic_fetch_or(&into->leafd1_eax, h->leafd1_eax, __ATOMIC_RELAXED);
	__atomic_fetch_or(&into->ext1_edx, h->ext1_edx, __ATOMIC_RELAXED);
}

/* CPUs come up in parallel: each adds its plan; the union is final before
 * the first cell is created (enable waits for all CPUs) */
void cpu_features_hide(const struct cpu_feature_plan *plan)
{
	merge(&hidden_root, &plan->root);
	merge(&hidden_cell, &plan->cell);
}

const struct cpuid_hidden *cpu_features_hidden(int root)
{
	return root ? &hidden_root : &hidden_cell;
}
