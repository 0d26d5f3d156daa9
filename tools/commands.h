/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sub-commands of the `jailhouse` CLI.  jailhouse.c dispatches on
 * argv[1]; each command gets argc/argv starting at its own name
 * (argv[0] == "enable", "cell", "config", ...), prints its errors to stderr
 * naming the file or cell and the reason, and returns the exit status.
 */
#ifndef _JAILHOUSE_TOOLS_COMMANDS_H
#define _JAILHOUSE_TOOLS_COMMANDS_H

/* tools/enable.c, tools/cell.c, tools/console.c */
int cmd_enable(int argc, char **argv);
int cmd_disable(int argc, char **argv);
int cmd_cell(int argc, char **argv);
int cmd_console(int argc, char **argv);

/* tools/config/ : config create | check | dump | collect */
int cmd_config(int argc, char **argv);

/* tools/config/hardware-check.c : hardware check */
int cmd_hardware(int argc, char **argv);

#endif
