/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The formatter of the freestanding parts (common/format.c): the
 * hypervisor's printk and error sentences, the inmates' printk.
 *
 * Like C's vsnprintf for %c %s %d %i %u %x %X %o %p %%, the flags '-' '0'
 * '+' ' ' '#', a field width and a precision (also '*'; %.*s for names
 * that are not NUL-terminated) and the length modifiers hh h l ll z j t.
 * No floating point.  %p always prints 0x and 16 hex digits, so addresses
 * line up in the log.  An unknown conversion is copied as written, so that
 * a mistake shows in the output instead of consuming arguments it does not
 * own.  Output is always NUL-terminated when size > 0; the return value is
 * the length the full output would have had.
 *
 * Shared code built hosted (the validator in the CLI, cell-check and the
 * kernel module) calls jh_snprintf too; there it maps to the environment's
 * vsnprintf, which gives the same text for every conversion the shared
 * code uses.  Host unit tests (JH_HOST_TEST) test common/format.c itself.
 */
#ifndef _JH_COMMON_FORMAT_H
#define _JH_COMMON_FORMAT_H

#include <common/env.h>

#define JH_PRINTF(fmt_index, args_index) \
	__attribute__((format(printf, fmt_index, args_index)))

#if defined(JH_FREESTANDING) || defined(JH_HOST_TEST)
int jh_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
	JH_PRINTF(3, 0);
int jh_snprintf(char *buf, unsigned long size, const char *fmt, ...)
	JH_PRINTF(3, 4);
#else
#ifdef __KERNEL__
#include <linux/kernel.h>
#else
#include <stdio.h>
#endif
static inline JH_PRINTF(3, 0) int jh_vsnprintf(char *buf, unsigned long size,
					       const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

static inline JH_PRINTF(3, 4) int jh_snprintf(char *buf, unsigned long size,
					      const char *fmt, ...)
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
