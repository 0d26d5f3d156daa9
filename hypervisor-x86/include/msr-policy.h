/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MSR allow-list (arch/msr-policy.c).
 *
 * Every MSR a cell may touch is listed, per access (read/write) and per
 * kind of cell (root / non-root), with one of three handlings:
 *  - pass through: no VM exit (the MSR bitmap bit is clear) - e.g.
 *    MPERF/APERF, which Linux reads every tick, TSC_DEADLINE, FS/GS bases;
 *  - mediate: the access exits and the hypervisor emulates it - x2APIC ICR
 *    writes (IPI filter), IA32_APIC_BASE (writes; a non-root cell's
 *    reads too, for its own BSP flag), IA32_FEATURE_CONTROL,
 *    IA32_XSS writes (msr_xss_permitted());
 *  - deny: everything not listed.  The exit handler injects #GP, as a CPU
 *    that lacks the MSR would, and counts it (vmexits_msr_denied).
 * Passing through relies on the VMCS switching what the hypervisor needs:
 * EFER, PAT and DEBUGCTL by the save/load controls, SYSENTER_* and FS/GS
 * base by the guest-state area, SPEC_CTRL by the VMCS MSR areas where the
 * speculation plan needs the hypervisor's own value (spec.h).
 * STAR/LSTAR/CSTAR/FMASK, KERNEL_GS_BASE and TSC_AUX are not switched: the
 * hypervisor must not depend on them (no SYSCALL, no SWAPGS, no
 * RDTSCP/RDPID).
 * msr_bitmap_build() turns the list into the 4-KiB VMX MSR bitmap; MSRs
 * outside 0-0x1fff and 0xc0000000-0xc0001fff always exit, and
 * msr_policy_lookup() then says deny unless listed as mediated.
 */
#ifndef _JH_MSR_POLICY_H
#define _JH_MSR_POLICY_H

#include <jailhouse/types.h>

#define MSR_IA32_TSC 0x00000010
#define MSR_IA32_APIC_BASE 0x0000001b
#define MSR_IA32_FEATURE_CONTROL 0x0000003a
#define MSR_IA32_MPERF 0x000000e7
#define MSR_IA32_APERF 0x000000e8
#define MSR_IA32_TSC_DEADLINE 0x000006e0
#define MSR_IA32_XSS 0x00000da0
#define MSR_X2APIC_BASE 0x00000800
#define MSR_X2APIC_ICR 0x00000830
#define MSR_X2APIC_END 0x000008ff
#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

#define MSR_BITMAP_SIZE 4096

enum msr_cell_kind {
	MSR_CELL_ROOT,
	MSR_CELL_NON_ROOT,
};

enum msr_access {
	MSR_ACCESS_READ,
	MSR_ACCESS_WRITE,
};

enum msr_handling {
	MSR_DENY = 0,	  /* #GP injected, counted */
	MSR_PASS_THROUGH, /* no exit */
	MSR_MEDIATE,	  /* exits; the hypervisor emulates it */
};

enum msr_handling msr_policy_lookup(enum msr_cell_kind kind, __u32 msr,
				    enum msr_access access);

/*
 * Fills `bitmap` (MSR_BITMAP_SIZE bytes, 4 KiB aligned for the VMCS) for
 * the kind of cell: bit set = exit.  Layout per the SDM: read 0-0x1fff at
 * byte 0, read 0xc0000000-0xc0001fff at 1024, write low at 2048, write
 * high at 3072.
 */
void msr_bitmap_build(__u8 *bitmap, enum msr_cell_kind kind);

/* Does the bitmap make this access exit?  (For tests and diagnostics.) */
int msr_bitmap_exits(const __u8 *bitmap, __u32 msr, enum msr_access access);

/*
 * The IA32_XSS bits (supervisor state components) a kind of cell may set:
 * those whose every MSR it may write anyway.  Never Intel PT.  A write of
 * IA32_XSS with any other bit gets #GP; CPUID leaf 0xD shows no more.
 */
__u64 msr_xss_permitted(enum msr_cell_kind kind);

/* Short name of a listed MSR ("IA32_APIC_BASE"), or NULL. */
const char *msr_name(__u32 msr);

#endif
