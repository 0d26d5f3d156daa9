/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the hypervisor's log ring (struct jailhouse_console_log) as the
 * flat text of sysfs `console`: a pure function, unit-tested on the host.
 */
#ifndef _JAILHOUSE_DRIVER_CONSOLE_RING_H
#define _JAILHOUSE_DRIVER_CONSOLE_RING_H

#include "pure.h"
#include <jailhouse/hypercall.h>

/*
 * Copies up to @count bytes of the log's text, starting @pos bytes into
 * the oldest text still held, to @dst.  Returns the number copied (0 at the
 * end).  A log whose size field is not JAILHOUSE_CONSOLE_LOG_SIZE is
 * treated as empty: it is not (yet) a log.
 */
size_t jailhouse_console_ring_read(const struct jailhouse_console_log *log,
				   char *dst, size_t count, size_t pos);

#endif
