/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few library calls the driver's pure logic (config checks, device
 * selection, console ring) uses, so that those files build both in the
 * kernel and on the host for the unit tests (tests/unit/driver).
 */
#ifndef _JAILHOUSE_DRIVER_PURE_H
#define _JAILHOUSE_DRIVER_PURE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#define scnprintf(buf, size, ...)                                             \
	((size) ? (int)strnlen(((void)snprintf(buf, size, __VA_ARGS__), buf), \
			       (size)-1) :                                    \
		  0)
#endif

#include <jailhouse/config.h>

#endif
