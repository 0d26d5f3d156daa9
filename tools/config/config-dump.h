/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `config dump`: a human-readable view of a decoded `.cell` file; and
 * flags_print(), shared with the C output of `config create` (config-emit.c).
 */
#ifndef _JAILHOUSE_CONFIG_DUMP_H
#define _JAILHOUSE_CONFIG_DUMP_H

#include <stdio.h>

#include "cell-decode.h"

void config_dump(FILE *out, const struct cell_view *view);

/* A flag, or a set of flags printed as one name (JAILHOUSE_MEM_RWX). */
struct flag_name {
	__u64 bits;
	const char *name;
};

/* How flags read: in `config dump` "R W unknown(0x400)", in C "A | B". */
struct flag_style {
	const char *name_prefix;		     /* "JAILHOUSE_MEM_" in C */
	const char *sep;			     /* between names */
	const char *unknown_prefix, *unknown_suffix; /* around 0x... */
	const char *none;			     /* for no flag at all */
};

/*
 * Prints the names of @names (NULL-terminated, wider sets first) whose
 * bits are all set in @flags, then the bits no name covers.
 */
/* Without their macro prefix (JAILHOUSE_MEM_, JAILHOUSE_IOMMU_FLAG_). */
extern const struct flag_name memory_flag_names[];
extern const struct flag_name iommu_flag_names[];

void flags_print(FILE *out, __u64 flags, const struct flag_name *names,
		 const struct flag_style *style);

#endif
