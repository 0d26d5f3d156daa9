/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A small vsnprintf for inmates: %c %s %d %i %u %x %X %o %p %%, flags
 * '-' '0' '+' ' ' '#', width and precision (also '*'), length modifiers
 * hh h l ll z j t.  No floating point.  An unknown conversion is copied
 * verbatim so that a mistake shows in the output.
 */
#ifndef _INMATE_FORMAT_H
#define _INMATE_FORMAT_H

#include <stdarg.h>
#include <inmate/types.h>

/*
 * Like vsnprintf: writes at most size - 1 characters plus a NUL (nothing
 * if size is 0) and returns the length the whole text would have.
 */
int text_vformat(char *buf, size_t size, const char *fmt, va_list args);
int text_format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
