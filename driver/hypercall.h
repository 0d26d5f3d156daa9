/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls into the hypervisor (convention: include/jailhouse/hypercall.h).
 * Only valid while jailhouse_enabled: natively, VMCALL raises #UD.
 */
#ifndef _JAILHOUSE_DRIVER_HYPERCALL_H
#define _JAILHOUSE_DRIVER_HYPERCALL_H

#include <jailhouse/hypercall.h>

static inline long jailhouse_call(unsigned long code, unsigned long arg1,
				  unsigned long arg2)
{
	long result;

	asm volatile("vmcall"
		     : "=a"(result)
		     : "a"(code), "D"(arg1), "S"(arg2)
		     : "memory");
	return result;
}

struct jailhouse_request;

/*
 * A management hypercall on behalf of @req: on failure the hypervisor's
 * sentence (JAILHOUSE_HC_GET_ERROR_MSG, fetched on the same CPU) becomes
 * the refusal.  Returns the hypercall's result.
 */
long jailhouse_call_request(struct jailhouse_request *req, unsigned long code,
			    unsigned long arg1);

#endif
