// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted text into a fixed buffer.
 */
#include <stdarg.h>
#include <stdio.h>

#include "text.h"

void text_init(struct text *text, char *buf, size_t size)
{
	text->buf = buf;
	text->size = size;
	text->len = 0;
	buf[0] = '\0';
}

void text_put(struct text *text, const char *fmt, ...)
{
	size_t room = text->size - text->len;
	va_list ap;
	int n;

	if (room <= 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(text->buf + text->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		text->len += (size_t)n < room ? (size_t)n : room - 1;
}
