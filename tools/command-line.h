/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line of the `jailhouse` CLI as data: one table entry per
 * command (its synopsis, help text, how many operands and which options it
 * takes) and a parser that checks argv against it.  Pure functions without
 * I/O, so that every accepted and refused command line is unit-tested.
 */
#ifndef _JAILHOUSE_TOOLS_COMMAND_LINE_H
#define _JAILHOUSE_TOOLS_COMMAND_LINE_H

#include <stddef.h>

#include <jailhouse/types.h>

/* Options a command may accept besides -h/--help. */
#define OPTION_ONCE 0x1	  /* --once */
#define OPTION_FOLLOW 0x2 /* -f, --follow */

#define COMMAND_MAX_OPERANDS 2

struct command_spec {
	const char *name;     /* "enable", "cell create", ... */
	const char *operands; /* what must follow, e.g. "NAME|ID" */
	const char *synopsis; /* operands and options, for usage lines */
	const char *summary;  /* one line for the overview */
	const char *details;  /* the rest of `--help`, may be NULL */
	unsigned int min_operands;
	unsigned int max_operands;
	unsigned int options; /* OPTION_* */
};

struct command_args {
	int help;
	int once;
	int follow;
	unsigned int num_operands;
	const char *operands[COMMAND_MAX_OPERANDS];
};

extern const struct command_spec command_specs[];
extern const unsigned int num_command_specs;

/* The spec of "enable" or of "cell" + "create"; sub may be NULL. */
const struct command_spec *command_find(const char *name, const char *sub);

/*
 * Check argv (argv[0] is the command's last word, e.g. "create") against
 * the spec.  Returns 0, or -1 with a sentence in msg.
 */
int command_parse(const struct command_spec *spec, int argc, char **argv,
		  struct command_args *args, char *msg, size_t msg_size);

/* Is argv[i] one of -h / --help anywhere among the arguments? */
int command_wants_help(int argc, char **argv);

/*
 * Parse an address or size: decimal ("4096") or hexadecimal with 0x
 * ("0x1000").  No sign, no octal (a leading 0 is decimal), no trailing
 * characters, must fit 64 bits.  Returns 0 or -1.
 */
int parse_number(const char *text, __u64 *value);

#endif
