// SPDX-License-Identifier: GPL-2.0
/*
 * The table of `jailhouse cell list`.
 */
#include "cell-table.h"
#include "text.h"

static void format_cell(struct text *text, const struct cell_info *cell)
{
	text_put(text, "%-4u %-24s %-16s %s\n", cell->id,
		 cell->name[0] ? cell->name : "?",
		 cell->state[0] ? cell->state : "?",
		 cell->cpus[0] ? cell->cpus : "-");
	if (cell->fault[0])
		text_put(text, "     fault: %s\n", cell->fault);
	if (cell->cpus_failed[0])
		text_put(text,
			 "     CPUs that failed to come back online: %s\n",
			 cell->cpus_failed);
}

size_t cell_table_format(const struct cell_info *cells, unsigned int count,
			 char *out, size_t out_size)
{
	struct text text;
	unsigned int n;

	if (out_size == 0)
		return 0;
	text_init(&text, out, out_size);
	text_put(&text, "%-4s %-24s %-16s %s\n", "ID", "NAME", "STATE", "CPUS");
	for (n = 0; n < count; n++)
		format_cell(&text, &cells[n]);
	return text.len;
}
