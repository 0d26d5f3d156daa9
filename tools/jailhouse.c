// SPDX-License-Identifier: GPL-2.0
/*
 * The `jailhouse` command: dispatches to the sub-commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "help.h"

#ifndef JAILHOUSE_VERSION
#define JAILHOUSE_VERSION "unknown"
#endif

/*
 * `config` and `hardware` live in tools/config/, written separately; weak
 * references keep this binary complete and honest when they are absent.
 */
int cmd_config(int argc, char **argv) __attribute__((weak));
int cmd_hardware(int argc, char **argv) __attribute__((weak));

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static int run_optional(int (*run)(int, char **), int argc, char **argv)
{
	if (!run) {
		fprintf(stderr,
			"jailhouse: '%s' is not built into this binary\n",
			argv[0]);
		return 1;
	}
	return run(argc, argv);
}

/* argv without "help", plus "--help"; argc stays the same. */
static char **help_argv(int argc, char **argv)
{
	static char help[] = "--help";
	char **args = calloc(argc + 1, sizeof(*args));
	int n;

	if (!args) {
		perror("jailhouse");
		return NULL;
	}
	args[0] = argv[0];
	for (n = 2; n < argc; n++)
		args[n - 1] = argv[n];
	args[argc - 1] = help;
	return args;
}

int main(int argc, char **argv)
{
	static const struct command commands[] = {
		{ "enable", cmd_enable },
		{ "disable", cmd_disable },
		{ "cell", cmd_cell },
		{ "console", cmd_console },
	};
	const char *name = argc > 1 ? argv[1] : "";
	unsigned int n;

	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		printf("jailhouse %s\n", JAILHOUSE_VERSION);
		return 0;
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
	    (!strcmp(name, "help") && argc < 3)) {
		help_overview(stdout);
		return 0;
	}
	if (!strcmp(name, "help")) {
		/* `jailhouse help cell stats` is `jailhouse cell stats --help`. */
		argv = help_argv(argc, argv);
		if (!argv)
			return 1;
		name = argv[1];
	}
	for (n = 0; n < sizeof(commands) / sizeof(commands[0]); n++)
		if (!strcmp(name, commands[n].name))
			return commands[n].run(argc - 1, argv + 1);
	if (!strcmp(name, "config"))
		return run_optional(cmd_config, argc - 1, argv + 1);
	if (!strcmp(name, "hardware"))
		return run_optional(cmd_hardware, argc - 1, argv + 1);
	if (name[0])
		fprintf(stderr, "jailhouse: unknown command '%s'\n\n", name);
	help_overview(stderr);
	return EXIT_USAGE;
}
