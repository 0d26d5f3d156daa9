// SPDX-License-Identifier: GPL-2.0
/*
 * Hand-over into the hypervisor.  Not implemented yet: enable is refused
 * with a sentence saying so, and nothing is changed.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "handover.h"

int jailhouse_handover_enable(void *hv_mem, phys_addr_t hv_phys,
			      size_t hv_size, char *msg, size_t msg_size)
{
	strscpy(msg, "entering the hypervisor is not implemented yet", msg_size);
	return -EOPNOTSUPP;
}

int jailhouse_handover_disable(char *msg, size_t msg_size)
{
	strscpy(msg, "leaving the hypervisor is not implemented yet", msg_size);
	return -EOPNOTSUPP;
}
