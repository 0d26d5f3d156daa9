// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse config create|check|dump|collect|show`: dispatch, and the two
 * commands that read `.cell` files (check, dump).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/fault.h>

#include "cell-decode.h"
#include "commands.h"
#include "config-check.h"
#include "config-commands.h"
#include "config-diag.h"
#include "config-dump.h"
#include "file.h"

static void config_usage(FILE *out)
{
	fprintf(out,
		"usage: jailhouse config create [OPTIONS] SYSCONFIG.c\n"
		"       jailhouse config collect [--root DIR] ARCHIVE.tar\n"
		"       jailhouse config check [--platform DIR] SYSCONFIG.cell "
		"[CELLCONFIG.cell...]\n"
		"       jailhouse config dump FILE.cell...\n"
		"       jailhouse config show SYSCONFIG.cell [CELLCONFIG.cell...] "
		"[--svg FILE]\n"
		"Run 'jailhouse config create --help' for the options of "
		"create.\n");
}

/*
 * Reads one file and decodes it (which runs the hypervisor's validator);
 * 0, or -1 after an error message.
 */
static int load_config(const char *path, void **buf, struct cell_view *view)
{
	char msg[JAILHOUSE_MSG_MAX + 256]; /* room for the path */
	size_t size;

	*buf = NULL;
	if (file_read(path, JAILHOUSE_MAX_CONFIG_SIZE, buf, &size, msg,
		      sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		cfg_errors++;
		return -1;
	}
	if (cell_decode(*buf, size, view, msg, sizeof(msg))) {
		cfg_error("%s: %s", path, msg);
		return -1;
	}
	view->file = path;
	return 0;
}

static int config_dump_main(int argc, char **argv)
{
	struct cell_view view;
	int n, rc = 0;
	void *buf;

	if (argc < 2 || !strcmp(argv[1], "--help")) {
		config_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (n = 1; n < argc; n++) {
		if (load_config(argv[n], &buf, &view) == 0)
			config_dump(stdout, &view);
		else
			rc = 1;
		free(buf);
	}
	return rc;
}

static int config_check_main(int argc, char **argv)
{
	struct cell_view *views;
	const char *platform = NULL;
	void **bufs;
	int n, bad = 0;

	/* --platform DIR: also against the DMAR table of DIR (/: here) */
	if (argc >= 3 && !strcmp(argv[1], "--platform")) {
		platform = argv[2];
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	if (argc < 2 || !strcmp(argv[1], "--help")) {
		config_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	views = calloc(argc, sizeof(*views));
	bufs = calloc(argc, sizeof(*bufs));
	if (!views || !bufs)
		return 1;
	for (n = 1; n < argc; n++)
		bad |= load_config(argv[n], &bufs[n], &views[n]);
	if (!bad && !views[1].system) {
		cfg_error("%s: a cell config; the first file must be the system "
			  "config",
			  argv[1]);
		bad = 1;
	}
	for (n = 2; !bad && n < argc; n++)
		if (views[n].system) {
			cfg_error("%s: a system config; only the first file may "
				  "be one",
				  argv[n]);
			bad = 1;
		}
	if (!bad)
		config_check(&views[1], &views[2], argc - 2);
	if (!bad && platform)
		config_check_platform(&views[1], platform);
	printf("config check: %d file%s, %u error%s, %u warning%s\n", argc - 1,
	       argc == 2 ? "" : "s", cfg_errors, cfg_errors == 1 ? "" : "s",
	       cfg_warnings, cfg_warnings == 1 ? "" : "s");
	for (n = 1; n < argc; n++)
		free(bufs[n]);
	free(bufs);
	free(views);
	return cfg_errors ? 1 : 0;
}

int cmd_config(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	cfg_diag_reset();
	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		config_usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (!strcmp(sub, "create"))
		return config_create_main(argc - 1, argv + 1);
	if (!strcmp(sub, "collect"))
		return config_collect_main(argc - 1, argv + 1);
	if (!strcmp(sub, "check"))
		return config_check_main(argc - 1, argv + 1);
	if (!strcmp(sub, "dump"))
		return config_dump_main(argc - 1, argv + 1);
	if (!strcmp(sub, "show"))
		return config_show_main(argc - 1, argv + 1);
	fprintf(stderr, "jailhouse config: unknown sub-command '%s'\n", sub);
	config_usage(stderr);
	return 2;
}
