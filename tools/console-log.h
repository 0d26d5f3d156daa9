/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Following the hypervisor's log (`jailhouse console -f`).  sysfs shows the
 * log ring as its last JAILHOUSE_CONSOLE_LOG_SIZE characters; once the ring
 * wraps, a new snapshot is the old one shifted left plus new text.  The new
 * text is what follows the longest tail of the old snapshot that starts
 * the new one.
 */
#ifndef _JAILHOUSE_TOOLS_CONSOLE_LOG_H
#define _JAILHOUSE_TOOLS_CONSOLE_LOG_H

#include <stddef.h>

/*
 * Offset in now[] where the text not yet shown starts, given the snapshot
 * shown before.  Returns 0 when nothing overlaps (the log was reset or
 * more than a ring's worth was written in between): everything is new.
 */
size_t console_new_text(const char *before, size_t before_len, const char *now,
			size_t now_len);

#endif
