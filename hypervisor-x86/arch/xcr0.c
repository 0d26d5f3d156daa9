// SPDX-License-Identifier: GPL-2.0
/*
 * XCR0 validation (see xcr0.h).  XSETBV always exits in VMX non-root
 * operation and the hypervisor executes it for the guest; an XCR0 value
 * the CPU refuses would raise #GP in VMX root.  Every architectural rule
 * is checked here, so the guest gets the #GP hardware would give it and
 * the hypervisor never executes a value the CPU can refuse.
 */
#include "xcr0.h"

__u64 xcr0_supported_from_cpuid(__u32 eax, __u32 edx)
{
	return (((__u64)edx << 32) | eax) & ~XCR0_XSS_ONLY;
}

/* all of `group` or none of it */
static int partial(__u64 value, __u64 group)
{
	return (value & group) != 0 && (value & group) != group;
}

const char *xcr0_invalid_reason(__u64 value, __u64 supported)
{
	if (!(value & XCR0_X87))
		return "x87 state (bit 0) must stay enabled";
	if (value & XCR0_XSS_ONLY)
		return "supervisor state component (IA32_XSS only)";
	if (value & ~supported)
		return "state component the CPU does not support";
	if ((value & XCR0_AVX) && !(value & XCR0_SSE))
		return "AVX without SSE";
	if (partial(value, XCR0_MPX))
		return "MPX BNDREGS and BNDCSR not both set or both clear";
	if (partial(value, XCR0_AVX512))
		return "AVX-512 opmask/ZMM_Hi256/Hi16_ZMM not all or none";
	if ((value & XCR0_AVX512) && !(value & XCR0_AVX))
		return "AVX-512 without AVX";
	if (partial(value, XCR0_AMX))
		return "AMX XTILECFG and XTILEDATA not both set or both clear";
	return 0;
}

enum xsetbv_outcome xsetbv_check(const struct xsetbv_request *req,
				 __u64 supported)
{
	/* SDM, XSETBV "Protected Mode Exceptions": #UD before #GP */
	if (!req->cr4_osxsave)
		return XSETBV_UD;
	if (req->cpl != 0 || req->index != 0)
		return XSETBV_GP;
	return xcr0_invalid_reason(req->value, supported) ? XSETBV_GP :
							    XSETBV_OK;
}
