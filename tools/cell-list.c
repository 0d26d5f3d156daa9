// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse cell list` and `jailhouse cell stats`: read-only views of the
 * cells, from sysfs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <jailhouse/fault.h>

#include "cell.h"
#include "cell-table.h"
#include "help.h"
#include "stats.h"
#include "sysfs.h"
#include "terminal.h"

#define MSG_SIZE (JAILHOUSE_MSG_MAX + 256)
#define OUTPUT_SIZE (64 * 1024)
#define REFRESH_MS 1000

int cell_list(int argc, char **argv)
{
	static struct cell_info cells[CELLS_MAX];
	static char output[OUTPUT_SIZE];
	const char *root = sysfs_root();
	enum hypervisor_status status;
	struct command_args args;
	char msg[MSG_SIZE];
	int count, exit_status;

	if (command_begin("cell", "list", argc, argv, &args, &exit_status))
		return exit_status;
	status = hypervisor_status(root);
	if (status == HYPERVISOR_NO_MODULE) {
		fprintf(stderr, "jailhouse cell list: %s\n",
			hypervisor_status_text(status));
		return 1;
	}
	/* Not an error: there simply are no cells. */
	if (status == HYPERVISOR_DISABLED) {
		printf("%s\n", hypervisor_status_text(status));
		return 0;
	}
	count = cells_read(root, cells, CELLS_MAX, msg, sizeof(msg));
	if (count < 0) {
		fprintf(stderr, "jailhouse cell list: %s\n", msg);
		return 1;
	}
	cell_table_format(cells, count, output, sizeof(output));
	fputs(output, stdout);
	return 0;
}

static double now_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec + now.tv_nsec / 1e9;
}

/* The table, plus the whole fault report of a failed cell. */
static int stats_show(const char *root, const char *arg,
		      const struct cell_stats *before, double seconds,
		      struct cell_stats *now)
{
	static char output[OUTPUT_SIZE];
	static char fault[4096];
	struct cell_info cell;
	char msg[MSG_SIZE];

	if (cell_resolve(root, arg, &cell, msg, sizeof(msg)) ||
	    cell_stats_read(root, cell.id, now, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse cell stats: %s\n", msg);
		return -1;
	}
	stats_format(&cell, now, before, seconds, output, sizeof(output));
	fputs(output, stdout);
	if (cell.fault[0] &&
	    cell_fault_read(root, cell.id, fault, sizeof(fault)) == 0 &&
	    fault[0])
		printf("\nfault report:\n%s\n", fault);
	return 0;
}

static int stats_live(const char *root, const char *arg)
{
	static struct cell_stats samples[2];
	struct cell_stats *now = &samples[0], *before = NULL, *swap;
	double last = 0, t;
	int status = 0;

	terminal_begin(1);
	do {
		t = now_seconds();
		terminal_clear();
		if (stats_show(root, arg, before, t - last, now)) {
			status = 1;
			break;
		}
		printf("\nrefreshing every second; q or Ctrl-C to quit\n");
		fflush(stdout);
		last = t;
		swap = before ? before : &samples[1];
		before = now;
		now = swap;
	} while (!terminal_wait(REFRESH_MS));
	terminal_end();
	return status;
}

int cell_stats(int argc, char **argv)
{
	static struct cell_stats stats;
	const char *root = sysfs_root();
	struct command_args args;
	int status;

	if (command_begin("cell", "stats", argc, argv, &args, &status))
		return status;
	if (args.once)
		return stats_show(root, args.operands[0], NULL, 0, &stats) ? 1 :
									     0;
	return stats_live(root, args.operands[0]);
}
