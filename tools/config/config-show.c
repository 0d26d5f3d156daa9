// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse config show SYSCONFIG.cell [CELLCONFIG.cell...] [--svg FILE]`:
 * reads and validates the files as `config check` does (the hypervisor's
 * own validator), then prints the partition as tables and, with --svg,
 * draws it.  Any file that cannot be read or is not a valid config stops
 * the command before anything is written; conflicts between the configs
 * are part of the picture, not errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/fault.h>

#include "config-commands.h"
#include "config-show.h"
#include "file.h"

static void show_usage(FILE *out)
{
	fprintf(out,
		"usage: jailhouse config show SYSCONFIG.cell [CELLCONFIG.cell...] "
		"[--svg FILE]\n");
}

static void show_help(void)
{
	show_usage(stdout);
	printf("\n"
	       "Show the partition at a glance: which CPUs, memory, ports, "
	       "IOAPIC pins,\n"
	       "PCI devices and ivshmem links belong to the root cell and to "
	       "each cell once\n"
	       "every cell is created, and what they share.  Claims the "
	       "hypervisor would\n"
	       "refuse are shown as CONFLICT or UNBACKED (`config check` names "
	       "the rule).\n"
	       "--svg FILE also draws it as an SVG picture.\n"
	       "Exit status: 0 shown, 1 a file is unreadable or no valid "
	       "config, or FILE\n"
	       "cannot be written (then nothing is shown), 2 bad usage.\n");
}

/* Reads and validates one file; 0, or -1 after a sentence on stderr. */
static int load(const char *path, void **buf, struct cell_view *view)
{
	char msg[JAILHOUSE_MSG_MAX + 256]; /* room for the path */
	size_t size;

	*buf = NULL;
	if (file_read(path, JAILHOUSE_MAX_CONFIG_SIZE, buf, &size, msg,
		      sizeof(msg))) {
		fprintf(stderr, "jailhouse config show: %s\n", msg);
		return -1;
	}
	if (cell_decode(*buf, size, view, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse config show: %s: %s\n", path, msg);
		return -1;
	}
	view->file = path;
	return 0;
}

/* The first file must be the system config, the others cell configs. */
static int check_kinds(const struct cell_view *views, unsigned int n)
{
	unsigned int i;

	if (!views[0].system) {
		fprintf(stderr,
			"jailhouse config show: %s: a cell config; the first "
			"file must be the system config\n",
			views[0].file);
		return -1;
	}
	for (i = 1; i < n; i++)
		if (views[i].system) {
			fprintf(stderr,
				"jailhouse config show: %s: a system config; "
				"only the first file may be one\n",
				views[i].file);
			return -1;
		}
	return 0;
}

/*
 * Written to FILE.tmp and renamed, so that a failed write leaves no
 * half picture under FILE.
 */
static int write_svg(const char *path, const struct partition *p)
{
	size_t len = strlen(path) + 5;
	char *tmp = malloc(len);
	FILE *out;
	int err;

	if (!tmp)
		return -1;
	snprintf(tmp, len, "%s.tmp", path);
	out = fopen(tmp, "w");
	if (!out) {
		fprintf(stderr, "jailhouse config show: cannot write %s: %s\n",
			tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	err = show_svg(out, p);
	if (fclose(out))
		err = -1;
	if (!err && rename(tmp, path))
		err = -1;
	if (err) {
		fprintf(stderr, "jailhouse config show: cannot write %s: %s\n",
			path, strerror(errno));
		remove(tmp);
	}
	free(tmp);
	return err;
}

struct show_args {
	const char *svg;
	const char **files;
	unsigned int num_files;
};

/* 0, or the exit status of a bad command line. */
static int parse_args(int argc, char **argv, struct show_args *a)
{
	int n, only_files = 0;

	for (n = 1; n < argc; n++) {
		if (!only_files && !strcmp(argv[n], "--")) {
			only_files = 1;
		} else if (!only_files && (!strcmp(argv[n], "--help") ||
					   !strcmp(argv[n], "-h"))) {
			show_help();
			return -1;
		} else if (!only_files && !strcmp(argv[n], "--svg")) {
			if (n + 1 >= argc || a->svg) {
				fprintf(stderr,
					"jailhouse config show: --svg takes "
					"one FILE, once\n");
				return 2;
			}
			a->svg = argv[++n];
		} else if (!only_files && argv[n][0] == '-' && argv[n][1]) {
			fprintf(stderr,
				"jailhouse config show: unknown option '%s'\n",
				argv[n]);
			return 2;
		} else {
			a->files[a->num_files++] = argv[n];
		}
	}
	if (!a->num_files) {
		fprintf(stderr, "jailhouse config show: missing SYSCONFIG\n");
		return 2;
	}
	if (a->num_files > SHOW_MAX_PARTIES) {
		fprintf(stderr,
			"jailhouse config show: %u files, at most %d (a system "
			"config and %d cell configs)\n",
			a->num_files, SHOW_MAX_PARTIES, SHOW_MAX_PARTIES - 1);
		return 2;
	}
	return 0;
}

static int show(const struct show_args *a, struct cell_view *views, void **bufs)
{
	struct partition p;
	unsigned int n;
	int bad = 0;

	for (n = 0; n < a->num_files; n++)
		bad |= load(a->files[n], &bufs[n], &views[n]);
	if (bad || check_kinds(views, a->num_files))
		return 1;
	if (partition_build(&p, views, a->num_files)) {
		fprintf(stderr, "jailhouse config show: out of memory\n");
		return 1;
	}
	/* The picture first: if it cannot be written, nothing is shown. */
	if (a->svg && write_svg(a->svg, &p))
		bad = 1;
	else
		show_text(stdout, &p);
	partition_free(&p);
	if (fflush(stdout)) {
		fprintf(stderr, "jailhouse config show: cannot write: %s\n",
			strerror(errno));
		bad = 1;
	}
	return bad;
}

int config_show_main(int argc, char **argv)
{
	struct show_args a = { 0 };
	struct cell_view *views;
	unsigned int n;
	void **bufs;
	int rc;

	a.files = calloc(argc, sizeof(*a.files));
	views = calloc(argc, sizeof(*views));
	bufs = calloc(argc, sizeof(*bufs));
	if (!a.files || !views || !bufs) {
		fprintf(stderr, "jailhouse config show: out of memory\n");
		rc = 1;
	} else {
		rc = parse_args(argc, argv, &a);
		if (rc < 0)
			rc = 0; /* help shown */
		else if (rc == 0)
			rc = show(&a, views, bufs);
		else
			show_usage(stderr);
	}
	for (n = 0; bufs && n < a.num_files; n++)
		free(bufs[n]);
	free(bufs);
	free(views);
	free(a.files);
	return rc;
}
