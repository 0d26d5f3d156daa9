// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The cell's half of the communication-region protocol; the full protocol
 * is in Documentation/inmates.md.  The hypervisor writes reply_from_cell =
 * NONE, then msg_to_cell; the cell answers once, when it sees a message and
 * no reply yet; the hypervisor clears msg_to_cell after reading the reply.
 */
#include <inmate/comm.h>

/* The compiler must not move a reply across the state it goes with. */
#define compiler_barrier() asm volatile("" : : : "memory")

int comm_region_check(struct jailhouse_comm_region *comm)
{
	const char *signature = JAILHOUSE_COMM_SIGNATURE;

	for (int i = 0; i < JAILHOUSE_SIGNATURE_SIZE; i++)
		if (comm->signature[i] != signature[i])
			goto mismatch;
	if (comm->revision == JAILHOUSE_COMM_REVISION)
		return 0;
mismatch:
	comm->cell_state = JAILHOUSE_CELL_FAILED_COMM_REV;
	return -1;
}

static bool reply_pending(const struct jailhouse_comm_region *comm)
{
	return comm->msg_to_cell != JAILHOUSE_MSG_NONE &&
	       comm->reply_from_cell == JAILHOUSE_MSG_NONE;
}

enum comm_event comm_region_poll(struct jailhouse_comm_region *comm)
{
	if (!reply_pending(comm))
		return COMM_NO_MESSAGE;

	if (comm->msg_to_cell != JAILHOUSE_MSG_SHUTDOWN_REQUEST) {
		comm->reply_from_cell = JAILHOUSE_MSG_UNKNOWN;
		return COMM_UNKNOWN_MESSAGE;
	}
	if (comm->cell_state == JAILHOUSE_CELL_RUNNING_LOCKED) {
		comm->reply_from_cell = JAILHOUSE_MSG_REQUEST_DENIED;
		return COMM_SHUTDOWN_DENIED;
	}
	return COMM_SHUTDOWN_REQUESTED;
}

void comm_region_approve_shutdown(struct jailhouse_comm_region *comm)
{
	/* Terminal state first: once approved the CPUs may be parked. */
	comm->cell_state = JAILHOUSE_CELL_SHUT_DOWN;
	compiler_barrier();
	comm->reply_from_cell = JAILHOUSE_MSG_REQUEST_APPROVED;
}

void comm_region_deny_shutdown(struct jailhouse_comm_region *comm)
{
	if (reply_pending(comm))
		comm->reply_from_cell = JAILHOUSE_MSG_REQUEST_DENIED;
}

void comm_region_lock(struct jailhouse_comm_region *comm)
{
	if (comm->cell_state == JAILHOUSE_CELL_RUNNING)
		comm->cell_state = JAILHOUSE_CELL_RUNNING_LOCKED;
}

void comm_region_unlock(struct jailhouse_comm_region *comm)
{
	if (comm->cell_state == JAILHOUSE_CELL_RUNNING_LOCKED)
		comm->cell_state = JAILHOUSE_CELL_RUNNING;
}

void comm_region_mark_shut_down(struct jailhouse_comm_region *comm)
{
	comm->cell_state = JAILHOUSE_CELL_SHUT_DOWN;
}
