/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The hypercall instruction, with the convention of
 * include/jailhouse/hypercall.h: VMCALL, RAX = code, RDI and RSI the
 * arguments, result in RAX.  Addresses are guest-physical (the caller's
 * pointers in an inmate's identity mapping, virt_to_phys() in the driver).
 * The one copy of the wrappers, used by the driver and the inmates; only
 * valid as a guest of the hypervisor (natively VMCALL raises #UD).
 */
#ifndef _JAILHOUSE_HYPERCALL_X86_H
#define _JAILHOUSE_HYPERCALL_X86_H

#include <jailhouse/hypercall.h>

static inline long jailhouse_call(unsigned long code)
{
	long result;

	asm volatile("vmcall" : "=a"(result) : "a"(code) : "memory");
	return result;
}

static inline long jailhouse_call_arg1(unsigned long code, unsigned long arg1)
{
	long result;

	asm volatile("vmcall" : "=a"(result) : "a"(code), "D"(arg1) : "memory");
	return result;
}

static inline long jailhouse_call_arg2(unsigned long code, unsigned long arg1,
				       unsigned long arg2)
{
	long result;

	asm volatile("vmcall"
		     : "=a"(result)
		     : "a"(code), "D"(arg1), "S"(arg2)
		     : "memory");
	return result;
}

#endif
