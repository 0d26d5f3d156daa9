/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The cell's side of the communication region protocol
 * (Documentation/inmates.md, "Shutdown protocol").
 *
 * Pure: every function takes the region as an argument, so host tests run
 * them against a fake region.
 */
#ifndef _INMATE_COMM_H
#define _INMATE_COMM_H

#include <inmate/types.h>
#include <jailhouse/comm-region.h>

enum comm_event {
	COMM_NO_MESSAGE,	 /* nothing new */
	COMM_SHUTDOWN_REQUESTED, /* caller must approve (or deny) */
	COMM_SHUTDOWN_DENIED,	 /* denied: the cell is locked */
	COMM_UNKNOWN_MESSAGE,	 /* answered JAILHOUSE_MSG_UNKNOWN */
};

/* 0 if signature and revision match ours; -1 after marking it FAILED_COMM_REV. */
int comm_region_check(struct jailhouse_comm_region *comm);
enum comm_event comm_region_poll(struct jailhouse_comm_region *comm);
/* Answers a pending shutdown request and marks the cell shut down. */
void comm_region_approve_shutdown(struct jailhouse_comm_region *comm);
void comm_region_deny_shutdown(struct jailhouse_comm_region *comm);
/* While locked, shutdown requests are denied without asking the inmate. */
void comm_region_lock(struct jailhouse_comm_region *comm);
void comm_region_unlock(struct jailhouse_comm_region *comm);
/* The inmate stopped by itself (inmate_main returned). */
void comm_region_mark_shut_down(struct jailhouse_comm_region *comm);

#ifndef JH_HOST_TEST
/* The vector the library asks the hypervisor to send on each message. */
#define MESSAGE_VECTOR 0x2e
/*
 * Names MESSAGE_VECTOR in the comm region, with a handler that only sends
 * the EOI: the first CPU then wakes from hlt when a message is posted.
 * Needs apic_init() first; 0, or -1 if the vector cannot be registered.
 */
int message_interrupt_init(void);
/*
 * Sleeps until a shutdown request arrives (answering anything else as the
 * protocol says), woken by MESSAGE_VECTOR only.  Call it on the cell's
 * first CPU after apic_init().  The caller then says goodbye and calls
 * comm_region_approve_shutdown() and halt_forever().
 */
void wait_for_shutdown_request(void);
#endif

#endif
