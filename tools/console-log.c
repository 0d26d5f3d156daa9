// SPDX-License-Identifier: GPL-2.0
/*
 * Telling new log text from text already shown.
 */
#include <string.h>

#include "console-log.h"

size_t console_new_text(const char *before, size_t before_len, const char *now,
			size_t now_len)
{
	size_t overlap = before_len < now_len ? before_len : now_len;

	/* The common case first: nothing wrapped, the log only grew. */
	if (before_len <= now_len && !memcmp(before, now, before_len))
		return before_len;
	/*
	 * Longest first: a short overlap could match by chance (a repeated
	 * line), a long one hardly.  Single characters are not trusted.
	 */
	for (; overlap > 1; overlap--)
		if (!memcmp(before + before_len - overlap, now, overlap))
			return overlap;
	return 0;
}
