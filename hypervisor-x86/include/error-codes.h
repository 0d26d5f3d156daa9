/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The errno values the hypervisor returns (negated).  Freestanding code has
 * no <errno.h>; hosted builds (unit tests, tools, the kernel module) already
 * have the same numbers, so each one is defined only when missing and with
 * the value Linux uses, which is what travels back to the CLI.
 */
#ifndef _JH_ERROR_CODES_H
#define _JH_ERROR_CODES_H

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
