/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Fixed-width types for the ABI shared by hypervisor, driver, tools,
 * configs and inmates.
 *
 * The kernel and hosted tools take them from <linux/types.h>; freestanding
 * code (hypervisor, inmates, configs) defines JH_FREESTANDING and gets them
 * here, so every side agrees on the exact same widths.
 */
#ifndef _JAILHOUSE_TYPES_H
#define _JAILHOUSE_TYPES_H

#if defined(JH_FREESTANDING) && !defined(__KERNEL__)
typedef signed char __s8;
typedef unsigned char __u8;
typedef signed short __s16;
typedef unsigned short __u16;
typedef signed int __s32;
typedef unsigned int __u32;
typedef signed long long __s64;
typedef unsigned long long __u64;
#else
#include <linux/types.h>
#endif

#define JH_PACKED __attribute__((packed))

/* A compile-time check that works in C11 and in kernel C alike. */
#define JH_CHECK_SIZE(type, size)              \
	_Static_assert(sizeof(type) == (size), \
		       "ABI: sizeof(" #type ") must be " #size)

#endif
