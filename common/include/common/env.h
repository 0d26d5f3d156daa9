/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one environment shim of common/: what the shared code takes from its
 * surroundings (va_list, NULL, the fixed-width __u* types and errno values),
 * for the three environments it is built in.
 *
 *  - JH_FREESTANDING: the hypervisor and the inmates.  No libc; the
 *    compiler's own <stdarg.h> and <stddef.h> only, and the errno values
 *    below (with the numbers Linux uses, which is what travels back to the
 *    CLI).
 *  - __KERNEL__: jailhouse.ko, from the kernel's headers.
 *  - anything else: hosted user space, i.e. the CLI, configs/x86/cell-check,
 *    the fuzzers and the host unit tests (JH_HOST_TEST), from libc.
 *
 * Shared code includes this header and nothing environment-specific.
 */
#ifndef _JH_COMMON_ENV_H
#define _JH_COMMON_ENV_H

#if defined(__KERNEL__)
#include <linux/errno.h>
#include <linux/stdarg.h>
#include <linux/stddef.h>
#include <linux/types.h>
#elif defined(JH_FREESTANDING)
#include <stdarg.h>
#include <stddef.h>
#else
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#endif

#include <jailhouse/types.h>

/* Freestanding code has no <errno.h>; elsewhere these are already there. */
#ifndef EPERM
#define EPERM 1
#endif
#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef EIO
#define EIO 5
#endif
#ifndef E2BIG
#define E2BIG 7
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif
#ifndef ENODEV
#define ENODEV 19
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef ENOSYS
#define ENOSYS 38
#endif
#ifndef EOPNOTSUPP
#define EOPNOTSUPP 95
#endif

#endif
