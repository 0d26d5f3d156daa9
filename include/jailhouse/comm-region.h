/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The per-cell communication region: one page the hypervisor shares with a
 * cell, mapped where the cell's JAILHOUSE_MEM_COMM_REGION region says.
 * It carries the cell's state, messages to the cell and its replies, and the
 * platform facts an inmate needs so that it never has to measure or probe
 * them through trapped hardware.
 */
#ifndef _JAILHOUSE_COMM_REGION_H
#define _JAILHOUSE_COMM_REGION_H

#include "types.h"
#include "config.h"

#define JAILHOUSE_COMM_SIGNATURE "JHCOMM"
#define JAILHOUSE_COMM_REVISION 1

/* Cell states (also what JAILHOUSE_HC_CELL_GET_STATE returns). */
#define JAILHOUSE_CELL_RUNNING 0
#define JAILHOUSE_CELL_RUNNING_LOCKED 1	 /* refuses shutdown */
#define JAILHOUSE_CELL_SHUT_DOWN 2	 /* terminal */
#define JAILHOUSE_CELL_FAILED 3		 /* terminal, see fault report */
#define JAILHOUSE_CELL_FAILED_COMM_REV 4 /* terminal */
#define JAILHOUSE_CELL_CREATED 5	 /* created, not started yet */
#define JAILHOUSE_CELL_LOADABLE 6	 /* root may write its images */

/* Messages to the cell. */
#define JAILHOUSE_MSG_NONE 0
#define JAILHOUSE_MSG_SHUTDOWN_REQUEST 1

/* Replies from the cell. */
#define JAILHOUSE_MSG_UNKNOWN 1
#define JAILHOUSE_MSG_REQUEST_DENIED 2
#define JAILHOUSE_MSG_REQUEST_APPROVED 3
#define JAILHOUSE_MSG_RECEIVED 4

struct jailhouse_comm_platform {
	__u16 pm_timer_address;
	__u16 num_cpus;
	__u32 tsc_khz;
	__u32 apic_khz;
	__u8 apic_mode; /* JAILHOUSE_APIC_MODE_* at start */
	__u8 reserved[3];
	__u64 pci_mmconfig_base;
	/* APIC IDs of the cell's CPUs, in the order inmates number them. */
	__u8 cpu_apic_ids[JAILHOUSE_MAX_CPUS];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_comm_platform, 280);

struct jailhouse_comm_region {
	char signature[JAILHOUSE_SIGNATURE_SIZE];
	__u16 revision;
	volatile __u32 cell_state;
	volatile __u32 msg_to_cell;
	volatile __u32 reply_from_cell;
	__u32 flags; /* the cell's JAILHOUSE_CELL_* flags */
	struct jailhouse_console console;
	struct jailhouse_comm_platform platform;
	/*
	 * Written by the cell: a vector the hypervisor sends to the cell's
	 * first CPU (cpu_apic_ids[0]) as a fixed interrupt each time it posts
	 * msg_to_cell, so that a cell asleep in hlt answers at once rather
	 * than at its next poll.  0 (the hypervisor's start value): none;
	 * only 32..255 are sent.  Polling stays correct without it.
	 */
	volatile __u8 msg_vector;
	__u8 reserved[7];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_comm_region, 336);

#endif
