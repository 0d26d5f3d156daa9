/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls into the hypervisor (the wrappers and their convention:
 * include/jailhouse/hypercall-x86.h).  Only valid while jailhouse_enabled:
 * natively, VMCALL raises #UD.
 */
#ifndef _JAILHOUSE_DRIVER_HYPERCALL_H
#define _JAILHOUSE_DRIVER_HYPERCALL_H

#include <jailhouse/hypercall-x86.h>

struct jailhouse_request;

/*
 * A management hypercall on behalf of @req: on failure the hypervisor's
 * sentence (JAILHOUSE_HC_GET_ERROR_MSG, fetched on the same CPU) becomes
 * the refusal.  Returns the hypercall's result.
 */
long jailhouse_call_request(struct jailhouse_request *req, unsigned long code,
			    unsigned long arg1);

#endif
