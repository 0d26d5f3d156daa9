/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypercalls from an inmate, with the convention of
 * include/jailhouse/hypercall.h: VMCALL, RAX = code, RDI and RSI the
 * arguments, result in RAX.  Addresses are guest-physical, which the
 * inmate's identity mapping makes equal to its pointers.
 */
#ifndef _INMATE_HYPERCALL_H
#define _INMATE_HYPERCALL_H

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
		     : "=a"(result) : "a"(code), "D"(arg1), "S"(arg2)
		     : "memory");
	return result;
}

#endif
