/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Appending formatted text to a fixed buffer, truncating quietly: the
 * output formatters write into memory so that tests can compare it.
 */
#ifndef _JAILHOUSE_TOOLS_TEXT_H
#define _JAILHOUSE_TOOLS_TEXT_H

#include <stddef.h>

struct text {
	char *buf;
	size_t size; /* > 0 */
	size_t len;  /* always < size, buf[len] == '\0' */
};

void text_init(struct text *text, char *buf, size_t size);

void text_put(struct text *text, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
