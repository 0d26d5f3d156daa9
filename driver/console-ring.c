// SPDX-License-Identifier: GPL-2.0
/*
 * The log ring holds the last JAILHOUSE_CONSOLE_LOG_SIZE characters ever
 * written; `tail` counts all of them, so once it passes the size, the
 * oldest character sits at tail % size.
 */
#include "console-ring.h"

size_t jailhouse_console_ring_read(const struct jailhouse_console_log *log,
				   char *dst, size_t count, size_t pos)
{
	const size_t size = JAILHOUSE_CONSOLE_LOG_SIZE;
	__u32 tail = log->tail;
	size_t held, start, copied = 0;

	if (log->size != size)
		return 0;
	held = tail < size ? tail : size;
	start = tail < size ? 0 : tail % size;
	while (pos < held && copied < count) {
		size_t at = (start + pos) % size;
		size_t chunk = size - at;

		if (chunk > held - pos)
			chunk = held - pos;
		if (chunk > count - copied)
			chunk = count - copied;
		memcpy(dst + copied, &log->content[at], chunk);
		copied += chunk;
		pos += chunk;
	}
	return copied;
}
