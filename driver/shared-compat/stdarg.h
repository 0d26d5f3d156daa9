/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared validator's format.h includes <stdarg.h>; the kernel builds
 * with -nostdinc and keeps its own copy.
 */
#include <linux/stdarg.h>
