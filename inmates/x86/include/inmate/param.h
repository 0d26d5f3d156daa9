/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Parameters for an inmate, given at load time:
 *
 *   jailhouse cell load NAME IMAGE -a 0 -s "jh-params: echoes=100 bench=1" -a 0xff000
 *
 * The string lands at INMATE_PARAMS, the last page below the
 * communication region (inmate.lds keeps the BSS below it).  Without the
 * "jh-params:" prefix there (nothing loaded: the page holds whatever the
 * memory held before) every parameter has its default.
 */
#ifndef _INMATE_PARAM_H
#define _INMATE_PARAM_H

#include <inmate/types.h>

#define INMATE_PARAMS 0xff000UL
#define INMATE_PARAMS_SIZE 0x1000UL

/* The decimal value of `key=N`; `fallback` if absent or not a number. */
unsigned long param_ulong(const char *key, unsigned long fallback);
/* The same on the `size` bytes at `page` (param_ulong: INMATE_PARAMS). */
unsigned long param_parse(const char *page, unsigned long size, const char *key,
			  unsigned long fallback);

#endif
