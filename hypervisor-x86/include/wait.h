/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded waits in VMX root (wait.c).  A CPU that waits for another (a
 * park, a move, a flush) does so with interrupts off and often under
 * cell_lock: an unbounded wait would let one stuck or hostile CPU hang
 * every management call.  Every such wait ends after WAIT_LIMIT_MS of
 * TSC time and the caller reports what it waited for.
 */
#ifndef _HV_WAIT_H
#define _HV_WAIT_H

#include <jailhouse/types.h>

#define WAIT_LIMIT_MS 2000

struct hv_wait {
	__u64 end; /* TSC value */
};

/* Starts a wait of `ms` milliseconds from now. */
void wait_begin(struct hv_wait *w, unsigned int ms);
/* 1 once the wait's time is over. */
int wait_expired(const struct hv_wait *w);
/* TSC ticks per millisecond as the hypervisor uses it (never 0). */
__u64 wait_tsc_khz(void);

#endif
