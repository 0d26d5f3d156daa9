/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `jailhouse cell ...` sub-commands that only read sysfs (cell-list.c).
 * Each gets argv starting at its own name ("list", "stats").
 */
#ifndef _JAILHOUSE_TOOLS_CELL_H
#define _JAILHOUSE_TOOLS_CELL_H

int cell_list(int argc, char **argv);
int cell_stats(int argc, char **argv);

struct jailhouse_cell_id;
/*
 * Opens the driver and finds the non-root cell @arg (NAME or ID) names.
 * Returns the fd, or -1 after saying why, prefixed by @command.
 */
int cell_open(const char *command, const char *arg,
	      struct jailhouse_cell_id *id);

#endif
