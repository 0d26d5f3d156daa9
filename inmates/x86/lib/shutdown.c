// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Waiting in hlt for the root to ask for a shutdown.  The hypervisor wakes
 * the cell's first CPU with the message vector the cell names in its comm
 * region each time it posts a message; nothing else wakes this loop, so an
 * inmate that waits here answers at once (and a hypervisor that did not
 * send it would show as a request that times out unanswered).
 */
#include <inmate.h>

static void message_arrived(unsigned int vector)
{
	(void)vector;
	apic_eoi();
}

int message_interrupt_init(void)
{
	if (interrupt_set_handler(MESSAGE_VECTOR, message_arrived))
		return -1;
	comm_region()->msg_vector = MESSAGE_VECTOR;
	return 0;
}

void wait_for_shutdown_request(void)
{
	struct jailhouse_comm_region *comm = comm_region();

	message_interrupt_init();
	while (comm_region_poll(comm) != COMM_SHUTDOWN_REQUESTED)
		wait_for_interrupt();
}
