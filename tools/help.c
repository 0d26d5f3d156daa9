// SPDX-License-Identifier: GPL-2.0
/*
 * Help texts, printed from the command table.
 */
#include <stdio.h>

#include <jailhouse/fault.h>

#include "help.h"

static void usage_line(const struct command_spec *spec, FILE *out)
{
	fprintf(out, "usage: jailhouse %s%s%s\n", spec->name,
		spec->synopsis[0] ? " " : "", spec->synopsis);
}

void help_print(const struct command_spec *spec, FILE *out)
{
	usage_line(spec, out);
	fprintf(out, "\n%s.\n", spec->summary);
	if (spec->details)
		fprintf(out, "\n%s\n", spec->details);
}

void help_overview(FILE *out)
{
	unsigned int n;

	fprintf(out,
		"usage: jailhouse COMMAND [ARGS]\n\n"
		"Static partitioning hypervisor: split this machine into cells.\n\n"
		"Commands:\n");
	for (n = 0; n < num_command_specs; n++)
		fprintf(out, "  %-15s %s\n", command_specs[n].name,
			command_specs[n].summary);
	fprintf(out,
		"\n`jailhouse COMMAND --help` tells more about a command;\n"
		"`jailhouse --version` prints the version.\n"
		"Exit status: 0 success, 1 the operation failed, 2 bad usage.\n");
}

int usage_error(const struct command_spec *spec, const char *msg)
{
	fprintf(stderr, "jailhouse %s: %s\n", spec->name, msg);
	usage_line(spec, stderr);
	return EXIT_USAGE;
}

int command_begin(const char *name, const char *sub, int argc, char **argv,
		  struct command_args *args, int *status)
{
	const struct command_spec *spec = command_find(name, sub);
	char msg[JAILHOUSE_MSG_MAX];

	if (command_parse(spec, argc, argv, args, msg, sizeof(msg))) {
		*status = usage_error(spec, msg);
		return 1;
	}
	if (args->help) {
		help_print(spec, stdout);
		*status = 0;
		return 1;
	}
	return 0;
}
