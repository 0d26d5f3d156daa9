// SPDX-License-Identifier: GPL-2.0
/*
 * Which CPU state is scrubbed when a CPU changes owners, and to what
 * (include/scrub.h).  No instructions here: arch/scrub-cpu.c executes
 * the decisions, host unit tests check them.
 */
#include "scrub.h"
#include <common/string.h>

#define LEAF1_ECX_XSAVE (1U << 26)
#define EXT1_EDX_RDTSCP (1U << 27)
#define LEAF7_EBX_MPX (1U << 14)
#define LEAF7_ECX_RDPID (1U << 22)
#define LEAFD1_EAX_XSAVES (1U << 3)
#define LEAFD1_EAX_XFD (1U << 4)

#define XCR0_X87 (1ULL << 0)
#define XCR0_SSE (1ULL << 1)
#define XCR0_AVX (1ULL << 2)
#define XCR0_MPX (3ULL << 3)	/* BNDREGS, BNDCSR */
#define XCR0_AVX512 (7ULL << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XCR0_AMX (3ULL << 17)	/* TILECFG, TILEDATA */
/* bits 8 and 10-16 are IA32_XSS's (PT, PASID, CET, ...), never XCR0's;
 * bit 9 (PKRU) is user state */
#define XCR0_SUPERVISOR ((1ULL << 8) | (0x7fULL << 10))

/* The order matters only for IA32_XFD: arch/scrub-cpu.c clears it before
 * XRSTOR and writes it last. */
const struct scrub_msr scrub_msrs[SCRUB_NUM_MSRS] = {
	{ MSR_STAR, SCRUB_ALWAYS, "STAR" },
	{ MSR_LSTAR, SCRUB_ALWAYS, "LSTAR" },
	{ MSR_CSTAR, SCRUB_ALWAYS, "CSTAR" },
	{ MSR_FMASK, SCRUB_ALWAYS, "FMASK" },
	{ MSR_SCRUB_KERNEL_GS_BASE, SCRUB_ALWAYS, "KERNEL_GS_BASE" },
	{ MSR_TSC_AUX, SCRUB_HAS_TSC_AUX, "TSC_AUX" },
	{ MSR_SCRUB_XSS, SCRUB_HAS_XSAVES, "IA32_XSS" },
	{ MSR_BNDCFGS, SCRUB_HAS_MPX, "IA32_BNDCFGS" },
	{ MSR_XFD_ERR, SCRUB_HAS_XFD, "IA32_XFD_ERR" },
	{ MSR_XFD, SCRUB_HAS_XFD, "IA32_XFD" },
};

unsigned int scrub_features(const struct scrub_cpuid *cpuid)
{
	unsigned int f = 0;

	if (cpuid->leaf1_ecx & LEAF1_ECX_XSAVE)
		f |= SCRUB_HAS_XSAVE;
	if ((cpuid->ext1_edx & EXT1_EDX_RDTSCP) ||
	    (cpuid->leaf7_ecx & LEAF7_ECX_RDPID))
		f |= SCRUB_HAS_TSC_AUX;
	if (cpuid->leaf7_ebx & LEAF7_EBX_MPX)
		f |= SCRUB_HAS_MPX;
	/* leaf 0xD exists only with XSAVE; without it the values are junk */
	if ((f & SCRUB_HAS_XSAVE) && (cpuid->leafd1_eax & LEAFD1_EAX_XSAVES))
		f |= SCRUB_HAS_XSAVES;
	if ((f & SCRUB_HAS_XSAVE) && (cpuid->leafd1_eax & LEAFD1_EAX_XFD))
		f |= SCRUB_HAS_XFD;
	return f;
}

int scrub_msr_present(unsigned int n, unsigned int features)
{
	unsigned int needs;

	if (n >= SCRUB_NUM_MSRS)
		return 0;
	needs = scrub_msrs[n].needs;
	return !needs || (features & needs) == needs;
}

int scrub_msr_value(unsigned int n, enum scrub_direction dir,
		    const struct scrub_root_state *root, __u64 *value)
{
	if (!scrub_msr_present(n, root->features))
		return 0;
	if (dir == SCRUB_TO_CELL) {
		/* zero is every one's reset value, and valid in each */
		*value = 0;
		return 1;
	}
	if (!(root->valid & (1U << n)))
		return 0;
	*value = root->value[n];
	return 1;
}

/* Keeps `group` only if all of it and what it depends on are there. */
static __u64 keep_whole(__u64 mask, __u64 group, __u64 depends_on)
{
	if ((mask & group) != group || (mask & depends_on) != depends_on)
		return mask & ~group;
	return mask;
}

__u64 scrub_xcr0_mask(const struct scrub_cpuid *cpuid)
{
	__u64 mask = ((__u64)cpuid->leafd0_edx << 32) | cpuid->leafd0_eax;

	if (!(cpuid->leaf1_ecx & LEAF1_ECX_XSAVE))
		return XCR0_X87;
	mask &= ~XCR0_SUPERVISOR;
	mask |= XCR0_X87;
	mask = keep_whole(mask, XCR0_AVX, XCR0_SSE);
	mask = keep_whole(mask, XCR0_AVX512, XCR0_AVX | XCR0_SSE);
	mask = keep_whole(mask, XCR0_MPX, 0);
	mask = keep_whole(mask, XCR0_AMX, 0);
	return mask;
}

void scrub_init_xsave_area(__u8 *area)
{
	__u32 mxcsr = SCRUB_MXCSR_INIT;
	__u16 fcw = SCRUB_FCW_INIT;

	memset(area, 0, SCRUB_XSAVE_AREA_SIZE);
	/* MXCSR is read by XRSTOR whenever RFBM has SSE or AVX, even with
	 * XSTATE_BV clear.  FCW is for FXRSTOR (no XSAVE): with everything
	 * else zero (abridged tag 0: all empty) it loads the x87 init state,
	 * registers included, which FNINIT would leave as they were. */
	memcpy(area + 24, &mxcsr, sizeof(mxcsr));
	memcpy(area, &fcw, sizeof(fcw));
}
