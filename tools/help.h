/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Help and usage messages, and the common start of every command: `--help`
 * prints help and exits 0, a bad command line prints the reason and the
 * usage line and exits 2.
 */
#ifndef _JAILHOUSE_TOOLS_HELP_H
#define _JAILHOUSE_TOOLS_HELP_H

#include <stdio.h>

#include "command-line.h"

#define EXIT_USAGE 2

void help_print(const struct command_spec *spec, FILE *out);

/* The list of all commands, for `jailhouse --help`. */
void help_overview(FILE *out);

/* Print "jailhouse NAME: msg" and the usage line; returns EXIT_USAGE. */
int usage_error(const struct command_spec *spec, const char *msg);

/*
 * Parse argv against the spec of name/sub.  Returns 1 if the command is
 * done (help shown or bad arguments) with its exit status in *status,
 * 0 if it should run with args.
 */
int command_begin(const char *name, const char *sub, int argc, char **argv,
		  struct command_args *args, int *status);

#endif
