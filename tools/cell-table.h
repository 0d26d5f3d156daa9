/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of `jailhouse cell list`.  Pure, so the layout is unit-tested.
 */
#ifndef _JAILHOUSE_TOOLS_CELL_TABLE_H
#define _JAILHOUSE_TOOLS_CELL_TABLE_H

#include <stddef.h>

#include "sysfs.h"

/*
 * One line per cell (id, name, state, CPUs), and below a failed cell the
 * reason from its fault report and CPUs that did not come back.  Returns
 * the length written (truncated to out_size - 1).
 */
size_t cell_table_format(const struct cell_info *cells, unsigned int count,
			 char *out, size_t out_size);

#endif
