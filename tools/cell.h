/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The `jailhouse cell ...` sub-commands that only read sysfs (cell-list.c).
 * Each gets argv starting at its own name ("list", "stats").
 */
#ifndef _JAILHOUSE_TOOLS_CELL_H
#define _JAILHOUSE_TOOLS_CELL_H

int cell_list(int argc, char **argv);
int cell_stats(int argc, char **argv);

#endif
