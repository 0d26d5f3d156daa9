/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structural checks of system and cell configs before the driver trusts a
 * single count or offset in them.  The hypervisor validates semantics again;
 * these only make sure the driver never reads outside the buffer and that a
 * wrong file is named as such.
 */
#ifndef _JAILHOUSE_DRIVER_CONFIG_CHECK_H
#define _JAILHOUSE_DRIVER_CONFIG_CHECK_H

#include "pure.h"

/* 0, or -errno with a sentence in @msg. */
int jailhouse_check_system_config(const void *buf, size_t size, char *msg,
				  size_t msg_size);
/*
 * A checked system config whose hypervisor memory overlaps a root cell
 * region.  Separate so that the driver can first say the more useful thing
 * when the hypervisor memory is System RAM (memmap= missing).
 */
int jailhouse_check_hypervisor_overlap(const struct jailhouse_system_desc *sys,
				       char *msg, size_t msg_size);
int jailhouse_check_cell_config(const void *buf, size_t size, char *msg,
				size_t msg_size);

#endif
