/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small vsnprintf/snprintf for the hypervisor (lib/format.c): printk and
 * every error sentence are built on it.
 *
 * Conversions: %s %c %d %i %u %x %X %p %%, length modifiers l, ll and z
 * (and h/hh, accepted and ignored), a field width (also '*'), a precision
 * (also '*': maximum characters of %s, minimum digits of numbers), the
 * flags '0' (zero padding), '-' (left alignment) and '#' (0x before %x).  %p prints 0x and 16
 * hex digits.  Output is always NUL-terminated when size > 0; the return
 * value is the length the full output would have had, as in C99.
 *
 * Code shared with hosted builds (the config validator in the CLI, the
 * kernel module and configs/x86/cell-check) calls jh_snprintf too; there it
 * maps to the host's vsnprintf, which understands the same conversions.
 * Hypervisor builds define JH_FREESTANDING, unit tests JH_HOST_TEST: both
 * use lib/format.c.
 */
#ifndef _JH_FORMAT_H
#define _JH_FORMAT_H

#ifdef __KERNEL__
#include <linux/kernel.h>	/* vsnprintf, and va_list via linux/stdarg.h */
#else
#include <stdarg.h>
#endif

#define JH_PRINTF(fmt_index, args_index)                                       \
	__attribute__((format(printf, fmt_index, args_index)))

#if defined(JH_FREESTANDING) || defined(JH_HOST_TEST)
int jh_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
	JH_PRINTF(3, 0);
int jh_snprintf(char *buf, unsigned long size, const char *fmt, ...)
	JH_PRINTF(3, 4);
#else
#ifndef __KERNEL__
#include <stdio.h>
#endif
static inline JH_PRINTF(3, 0) int
jh_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

static inline JH_PRINTF(3, 4) int
jh_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
#endif

#endif
