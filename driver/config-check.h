/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks of a config handed to the enable or cell-create ioctl before
 * the driver trusts a single count or offset in it: the file must be of the
 * kind the request takes (the shared validator accepts both kinds), and
 * then pass the validator shared with the hypervisor
 * (common/config-validate.c), which refuses in the hypervisor's words.
 * What needs Linux's view of the machine (System RAM, online CPUs) is
 * checked in enable.c and cpu-check.c.
 */
#ifndef _JAILHOUSE_DRIVER_CONFIG_CHECK_H
#define _JAILHOUSE_DRIVER_CONFIG_CHECK_H

#include "pure.h"

/* 0, or -errno with a sentence in @msg. */
int jailhouse_check_system_config(const void *buf, size_t size, char *msg,
				  size_t msg_size);
int jailhouse_check_cell_config(const void *buf, size_t size, char *msg,
				size_t msg_size);

#endif
