// SPDX-License-Identifier: GPL-2.0
/*
 * The MSR allow-list.  Anything not listed is denied (#GP, counted).
 *
 * The root cell is the Linux that was running before: it keeps every MSR
 * a kernel touches at run time and when it brings a CPU back online after
 * a cell is destroyed (MTRRs, PAT, machine check, performance counters,
 * thermal and power management, speculation control, CET), because those
 * only affect the CPU it runs on.  Non-root cells get what a bare-metal
 * inmate or a guest kernel needs on its own CPUs and nothing that reaches
 * beyond them (no microcode load, no MTRR writes, no machine-check banks,
 * no performance counters the root may be using for its NMI watchdog).
 *
 * The VMX capability MSRs (0x480-0x493) are deliberately absent: a CPU
 * without VMX raises #GP on them, and CPUID hides VMX.
 */
#include "msr-policy.h"

#define P MSR_PASS_THROUGH
#define M MSR_MEDIATE
#define D MSR_DENY

struct msr_rule {
	__u32 first, last;
	const char *name;
	/* root read, root write, non-root read, non-root write */
	__u8 handling[2][2];
};

static const struct msr_rule rules[] = {
	{ 0x10, 0x10, "IA32_TSC", { { P, P }, { P, D } } },
	/* read by Linux's microcode loader when a CPU comes online */
	{ 0x17, 0x17, "IA32_PLATFORM_ID", { { P, D }, { P, D } } },
	/* a cell reads its own BSP flag (apic_base_view()) */
	{ 0x1b, 0x1b, "IA32_APIC_BASE", { { P, M }, { M, M } } },
	{ 0x33, 0x33, "MSR_TEST_CTRL", { { P, P }, { D, D } } },
	{ 0x34, 0x34, "MSR_SMI_COUNT", { { P, D }, { D, D } } },
	{ 0x35, 0x35, "MSR_CORE_THREAD_COUNT", { { P, D }, { D, D } } },
	{ 0x3a, 0x3a, "IA32_FEATURE_CONTROL", { { M, M }, { M, M } } },
	{ 0x3b, 0x3b, "IA32_TSC_ADJUST", { { P, P }, { P, D } } },
	{ 0x48, 0x48, "IA32_SPEC_CTRL", { { P, P }, { P, P } } },
	{ 0x49, 0x49, "IA32_PRED_CMD", { { D, P }, { D, P } } },
	{ 0x4e, 0x4f, "IA32_PPIN_CTL/PPIN", { { P, D }, { D, D } } },
	{ 0x79, 0x79, "IA32_BIOS_UPDT_TRIG", { { D, P }, { D, D } } },
	{ 0x8b, 0x8b, "IA32_BIOS_SIGN_ID", { { P, P }, { P, P } } },
	{ 0xc1, 0xc8, "IA32_PMCx", { { P, P }, { D, D } } },
	{ 0xce, 0xce, "MSR_PLATFORM_INFO", { { P, D }, { P, D } } },
	{ 0xcf, 0xcf, "IA32_CORE_CAPABILITIES", { { P, D }, { D, D } } },
	{ 0xe1, 0xe1, "IA32_UMWAIT_CONTROL", { { P, P }, { D, D } } },
	{ 0xe2, 0xe2, "MSR_PKG_CST_CONFIG_CONTROL", { { P, D }, { D, D } } },
	{ 0xe7, 0xe8, "IA32_MPERF/APERF", { { P, P }, { P, D } } },
	{ 0xfe, 0xfe, "IA32_MTRRCAP", { { P, D }, { P, D } } },
	{ 0x10a, 0x10a, "IA32_ARCH_CAPABILITIES", { { P, D }, { P, D } } },
	{ 0x10b, 0x10b, "IA32_FLUSH_CMD", { { D, P }, { D, P } } },
	{ 0x10f, 0x10f, "MSR_TSX_FORCE_ABORT", { { P, P }, { D, D } } },
	{ 0x122, 0x123, "IA32_TSX_CTRL/MCU_OPT_CTRL", { { P, P }, { D, D } } },
	{ 0x140, 0x140, "MSR_MISC_FEATURE_ENABLES", { { P, P }, { D, D } } },
	{ 0x174, 0x176, "IA32_SYSENTER_CS/ESP/EIP", { { P, P }, { P, P } } },
	{ 0x179, 0x17b, "IA32_MCG_CAP/STATUS/CTL", { { P, P }, { D, D } } },
	{ 0x186, 0x18d, "IA32_PERFEVTSELx", { { P, P }, { D, D } } },
	{ 0x198, 0x199, "IA32_PERF_STATUS/CTL", { { P, P }, { D, D } } },
	{ 0x19a, 0x19c, "IA32_CLOCK_MODULATION/THERM", { { P, P }, { D, D } } },
	{ 0x1a0, 0x1a0, "IA32_MISC_ENABLE", { { P, P }, { P, D } } },
	{ 0x1a2, 0x1a2, "MSR_TEMPERATURE_TARGET", { { P, D }, { D, D } } },
	{ 0x1a4, 0x1a4, "MSR_MISC_FEATURE_CONTROL", { { P, P }, { D, D } } },
	{ 0x1aa, 0x1aa, "MSR_MISC_PWR_MGMT", { { P, D }, { D, D } } },
	{ 0x1ad, 0x1ad, "MSR_TURBO_RATIO_LIMIT", { { P, D }, { D, D } } },
	{ 0x1b0,
	  0x1b2,
	  "IA32_ENERGY_PERF_BIAS/PACKAGE_THERM",
	  { { P, P }, { D, D } } },
	{ 0x1c4, 0x1c5, "IA32_XFD/XFD_ERR", { { P, P }, { P, P } } },
	{ 0x1c8, 0x1c9, "MSR_LBR_SELECT/TOS", { { P, P }, { D, D } } },
	{ 0x1d9, 0x1d9, "IA32_DEBUGCTL", { { P, P }, { P, P } } },
	{ 0x1fc, 0x1fc, "MSR_POWER_CTL", { { P, P }, { D, D } } },
	{ 0x200, 0x20f, "IA32_MTRR_PHYSBASE/MASK", { { P, P }, { P, D } } },
	{ 0x250, 0x250, "IA32_MTRR_FIX64K", { { P, P }, { P, D } } },
	{ 0x258, 0x259, "IA32_MTRR_FIX16K", { { P, P }, { P, D } } },
	{ 0x268, 0x26f, "IA32_MTRR_FIX4K", { { P, P }, { P, D } } },
	{ 0x277, 0x277, "IA32_PAT", { { P, P }, { P, P } } },
	{ 0x280, 0x29f, "IA32_MCx_CTL2", { { P, P }, { D, D } } },
	{ 0x2ff, 0x2ff, "IA32_MTRR_DEF_TYPE", { { P, P }, { P, D } } },
	{ 0x309, 0x30b, "IA32_FIXED_CTRx", { { P, P }, { D, D } } },
	{ 0x345, 0x345, "IA32_PERF_CAPABILITIES", { { P, D }, { D, D } } },
	{ 0x38d, 0x390, "IA32_PERF_GLOBAL_*", { { P, P }, { D, D } } },
	{ 0x3f1, 0x3f1, "IA32_PEBS_ENABLE", { { P, P }, { D, D } } },
	{ 0x400,
	  0x47f,
	  "IA32_MCx_CTL/STATUS/ADDR/MISC",
	  { { P, P }, { D, D } } },
	{ 0x4c1, 0x4c8, "IA32_A_PMCx", { { P, P }, { D, D } } },
	{ 0x4d0, 0x4d0, "IA32_MCG_EXT_CTL", { { P, P }, { D, D } } },
	{ 0x600, 0x600, "IA32_DS_AREA", { { P, P }, { D, D } } },
	{ 0x606, 0x606, "MSR_RAPL_POWER_UNIT", { { P, D }, { D, D } } },
	{ 0x610, 0x641, "MSR_RAPL_*", { { P, D }, { D, D } } },
	{ 0x64f, 0x64f, "MSR_CORE_PERF_LIMIT_REASONS", { { P, P }, { D, D } } },
	{ 0x680, 0x69f, "MSR_LBR_FROM_IP", { { P, P }, { D, D } } },
	{ 0x6a0, 0x6a8, "IA32_U_CET/S_CET/PLx_SSP", { { P, P }, { D, D } } },
	{ 0x6c0, 0x6df, "MSR_LBR_TO_IP", { { P, P }, { D, D } } },
	{ 0x6e0, 0x6e0, "IA32_TSC_DEADLINE", { { P, P }, { P, P } } },
	{ 0x6e1, 0x6e1, "IA32_PKRS", { { P, P }, { D, D } } },
	{ 0x770, 0x777, "IA32_PM_ENABLE/HWP_*", { { P, P }, { D, D } } },
	/* x2APIC: ICR writes are IPIs, filtered by the hypervisor; a cell's
	 * LVTs that may carry other than fixed delivery, LINT0/LINT1 above
	 * all, are its own copies (include/apic-regs.h) */
	{ 0x800, 0x82e, "x2APIC registers", { { P, P }, { P, P } } },
	{ 0x82f, 0x82f, "x2APIC LVT CMCI", { { P, P }, { M, M } } },
	{ 0x830, 0x830, "x2APIC ICR", { { P, M }, { P, M } } },
	{ 0x831, 0x832, "x2APIC registers", { { P, P }, { P, P } } },
	{ 0x833,
	  0x836,
	  "x2APIC LVT thermal/perf/LINT0/LINT1",
	  { { P, P }, { M, M } } },
	{ 0x837, 0x8ff, "x2APIC registers", { { P, P }, { P, P } } },
	{ 0x982, 0x982, "IA32_TME_ACTIVATE", { { P, D }, { D, D } } },
	{ 0xd90, 0xd90, "IA32_BNDCFGS", { { P, P }, { P, P } } },
	{ 0xd93, 0xd93, "IA32_PASID", { { P, P }, { D, D } } },
	/* writes select the components XRSTORS may load: see below */
	{ 0xda0, 0xda0, "IA32_XSS", { { P, M }, { P, M } } },
	{ 0x1200, 0x121f, "IA32_LBR_x_INFO", { { P, P }, { D, D } } },
	{ 0x14ce, 0x14cf, "IA32_LBR_CTL/DEPTH", { { P, P }, { D, D } } },
	{ 0x1500, 0x151f, "IA32_LBR_x_FROM_IP", { { P, P }, { D, D } } },
	{ 0x1600, 0x161f, "IA32_LBR_x_TO_IP", { { P, P }, { D, D } } },
	{ 0xc0000080, 0xc0000080, "IA32_EFER", { { P, P }, { P, P } } },
	{ 0xc0000081,
	  0xc0000084,
	  "STAR/LSTAR/CSTAR/FMASK",
	  { { P, P }, { P, P } } },
	{ 0xc0000100,
	  0xc0000102,
	  "FS_BASE/GS_BASE/KERNEL_GS_BASE",
	  { { P, P }, { P, P } } },
	{ 0xc0000103, 0xc0000103, "IA32_TSC_AUX", { { P, P }, { P, P } } },
};

static const struct msr_rule *find_rule(__u32 msr)
{
	unsigned int n;

	for (n = 0; n < sizeof(rules) / sizeof(rules[0]); n++)
		if (msr >= rules[n].first && msr <= rules[n].last)
			return &rules[n];
	return 0;
}

enum msr_handling msr_policy_lookup(enum msr_cell_kind kind, __u32 msr,
				    enum msr_access access)
{
	const struct msr_rule *rule = find_rule(msr);

	if (!rule || kind > MSR_CELL_NON_ROOT || access > MSR_ACCESS_WRITE)
		return MSR_DENY;
	return (enum msr_handling)rule->handling[kind][access];
}

const char *msr_name(__u32 msr)
{
	const struct msr_rule *rule = find_rule(msr);

	return rule ? rule->name : 0;
}

/* Byte offset of the bitmap half for (msr, access), or -1 if not covered. */
static int bitmap_base(__u32 msr, enum msr_access access)
{
	int write = access == MSR_ACCESS_WRITE ? 2048 : 0;

	if (msr <= 0x1fff)
		return write;
	if (msr >= 0xc0000000 && msr <= 0xc0001fff)
		return write + 1024;
	return -1;
}

static void set_exit(__u8 *bitmap, __u32 msr, enum msr_access access, int exits)
{
	int base = bitmap_base(msr, access);
	__u32 bit = msr & 0x1fff;

	if (exits)
		bitmap[base + bit / 8] |= 1 << (bit % 8);
	else
		bitmap[base + bit / 8] &= ~(1 << (bit % 8));
}

void msr_bitmap_build(__u8 *bitmap, enum msr_cell_kind kind)
{
	const struct msr_rule *rule;
	unsigned int n, access;
	__u32 msr;

	for (n = 0; n < MSR_BITMAP_SIZE; n++)
		bitmap[n] = 0xff;
	for (n = 0; n < sizeof(rules) / sizeof(rules[0]); n++) {
		rule = &rules[n];
		for (msr = rule->first; msr <= rule->last; msr++)
			for (access = 0; access < 2; access++)
				set_exit(bitmap, msr, access,
					 rule->handling[kind][access] !=
						 MSR_PASS_THROUGH);
	}
}

int msr_bitmap_exits(const __u8 *bitmap, __u32 msr, enum msr_access access)
{
	int base = bitmap_base(msr, access);
	__u32 bit = msr & 0x1fff;

	if (base < 0)
		return 1; /* outside the bitmap: always exits */
	return (bitmap[base + bit / 8] >> (bit % 8)) & 1;
}

/*
 * The supervisor state components of XSAVES/XRSTORS (SDM Vol. 1, 13.5) and
 * the MSRs each one loads.  XRSTORS writes those MSRs without consulting
 * the MSR bitmap, so a component is permitted to a kind of cell only if
 * every one of its MSRs is written through for that kind anyway.  Intel PT
 * (8) never is: its output base is a host-physical address.  Components
 * not listed here (newer ones included) are never permitted.
 */
struct xss_component {
	unsigned int bit;
	struct {
		__u32 first, last;
	} msrs[3];
};

static const struct xss_component xss_components[] = {
	{ 8, { { 0x560, 0x561 }, { 0x570, 0x572 }, { 0x580, 0x587 } } },
	{ 10, { { 0xd93, 0xd93 } } },			/* PASID */
	{ 11, { { 0x6a0, 0x6a0 }, { 0x6a7, 0x6a7 } } }, /* CET user */
	{ 12, { { 0x6a4, 0x6a6 } } },			/* CET supervisor */
	{ 13, { { 0xdb0, 0xdb0 } } },			/* HDC */
	{ 14, { { 0x985, 0x98a } } },			/* user interrupts */
	{ 15,
	  { { 0x14ce, 0x14cf },
	    { 0x1200, 0x121f }, /* arch LBR */
	    { 0x1500, 0x151f } } },
	{ 16, { { 0x774, 0x774 } } }, /* HWP request */
};

static int msrs_written_through(enum msr_cell_kind kind, __u32 first,
				__u32 last)
{
	__u32 msr;

	/* unused slots of a component are { 0, 0 }: nothing to check */
	for (msr = first; msr && msr <= last; msr++)
		if (msr_policy_lookup(kind, msr, MSR_ACCESS_WRITE) !=
		    MSR_PASS_THROUGH)
			return 0;
	return 1;
}

static __u64 xss_permitted_from_rules(enum msr_cell_kind kind)
{
	const struct xss_component *c;
	__u64 permitted = 0;
	unsigned int n, r;

	for (n = 0; n < sizeof(xss_components) / sizeof(xss_components[0]);
	     n++) {
		c = &xss_components[n];
		for (r = 0; r < 3; r++)
			if (!msrs_written_through(kind, c->msrs[r].first,
						  c->msrs[r].last))
				break;
		if (r == 3)
			permitted |= 1ULL << c->bit;
	}
	return permitted;
}

/*
 * The answer depends on the constant tables alone, but walking them takes
 * thousands of rule comparisons (the LBR ranges), and CPUID leaf 0xD.1 is
 * asked by every process glibc starts.  Computed once per kind: bit 63 (no
 * component) marks a computed entry, so one 64-bit store publishes it and
 * CPUs racing on the first call just store the same value.
 */
#define XSS_COMPUTED (1ULL << 63)

__u64 msr_xss_permitted(enum msr_cell_kind kind)
{
	static __u64 computed[MSR_CELL_NON_ROOT + 1];
	__u64 mask;

	if (kind > MSR_CELL_NON_ROOT)
		return 0;
	mask = __atomic_load_n(&computed[kind], __ATOMIC_RELAXED);
	if (!(mask & XSS_COMPUTED)) {
		mask = xss_permitted_from_rules(kind) | XSS_COMPUTED;
		__atomic_store_n(&computed[kind], mask, __ATOMIC_RELAXED);
	}
	return mask & ~XSS_COMPUTED;
}
