/* SPDX-License-Identifier: GPL-2.0 */
/*
 * XSETBV from a guest (arch/xcr0.c): which values of XCR0 the hardware
 * accepts (SDM Vol. 1 13.3, Vol. 2 XSETBV), decided before the hypervisor
 * executes XSETBV itself in VMX root, where a #GP would stop the CPU.
 */
#ifndef _HV_XCR0_H
#define _HV_XCR0_H

#include <jailhouse/types.h>

#define XCR0_X87 (1ULL << 0)
#define XCR0_SSE (1ULL << 1)
#define XCR0_AVX (1ULL << 2)
#define XCR0_BNDREGS (1ULL << 3)
#define XCR0_BNDCSR (1ULL << 4)
#define XCR0_OPMASK (1ULL << 5)
#define XCR0_ZMM_HI256 (1ULL << 6)
#define XCR0_HI16_ZMM (1ULL << 7)
#define XCR0_PKRU (1ULL << 9)
#define XCR0_XTILECFG (1ULL << 17)
#define XCR0_XTILEDATA (1ULL << 18)
#define XCR0_APX (1ULL << 19)

#define XCR0_AVX512 (XCR0_OPMASK | XCR0_ZMM_HI256 | XCR0_HI16_ZMM)
#define XCR0_MPX (XCR0_BNDREGS | XCR0_BNDCSR)
#define XCR0_AMX (XCR0_XTILECFG | XCR0_XTILEDATA)

/* Components that only IA32_XSS may enable (PT, PASID, CET user and
 * supervisor, HDC, UINTR, arch LBR, HWP): never valid in XCR0, even if a
 * CPU wrongly listed them in CPUID.(EAX=0DH,ECX=0) */
#define XCR0_XSS_ONLY                                               \
	((1ULL << 8) | (1ULL << 10) | (1ULL << 11) | (1ULL << 12) | \
	 (1ULL << 13) | (1ULL << 14) | (1ULL << 15) | (1ULL << 16))

/* The guest's side of an XSETBV exit. */
struct xsetbv_request {
	__u32 index;	 /* ECX: the XCR to write; only XCR0 exists */
	__u64 value;	 /* EDX:EAX */
	int cpl;	 /* the guest's privilege level */
	int cr4_osxsave; /* CR4.OSXSAVE of the guest (its read shadow) */
};

enum xsetbv_outcome {
	XSETBV_OK, /* the hypervisor may execute XSETBV with the value */
	XSETBV_UD, /* #UD for the guest (CR4.OSXSAVE clear) */
	XSETBV_GP, /* #GP(0) for the guest */
};

/* XCR0 bits this CPU supports: CPUID.(EAX=0DH,ECX=0) EDX:EAX. */
__u64 xcr0_supported_from_cpuid(__u32 eax, __u32 edx);

/* 0 if `value` is a valid XCR0 on a CPU supporting `supported`, else the
 * name of the first rule it breaks (for tests and reports). */
const char *xcr0_invalid_reason(__u64 value, __u64 supported);

enum xsetbv_outcome xsetbv_check(const struct xsetbv_request *req,
				 __u64 supported);

#endif
