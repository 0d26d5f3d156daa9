// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse cell create|load|start|shutdown|destroy|list|stats`: the
 * sub-command dispatcher and the commands that change cells.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

#include "cell-linux.h"
#include "cell.h"
#include "commands.h"
#include "config-send.h"
#include "driver.h"
#include "help.h"
#include "image-list.h"
#include "sysfs.h"

#define MSG_SIZE (JAILHOUSE_MSG_MAX + 256)

static int cell_create(int argc, char **argv)
{
	struct command_args args;
	int status;

	if (command_begin("cell", "create", argc, argv, &args, &status))
		return status;
	return config_send(args.operands[0], CONFIG_CELL, "cell create");
}

/*
 * Open the device and find the cell the user named.  Returns the fd, or
 * -1 after saying why.
 */
int cell_open(const char *command, const char *arg,
	      struct jailhouse_cell_id *id)
{
	struct cell_info cell;
	char msg[MSG_SIZE];
	int fd;

	fd = driver_open();
	if (fd < 0)
		return -1;
	if (cell_resolve(sysfs_root(), arg, &cell, msg, sizeof(msg))) {
		fprintf(stderr, "jailhouse %s: %s\n", command, msg);
		close(fd);
		return -1;
	}
	/* Linux itself: the driver refuses too, but cannot say what to do. */
	if (cell.id == 0) {
		fprintf(stderr,
			"jailhouse %s: cell 0 \"%s\" is the root cell "
			"(this Linux); `jailhouse disable` is how it ends\n",
			command, cell.name);
		close(fd);
		return -1;
	}
	driver_cell_id(id, cell.id, NULL);
	return fd;
}

static int cell_load(int argc, char **argv)
{
	const struct command_spec *spec = command_find("cell", "load");
	struct jailhouse_cell_load_args request;
	static struct image_list list;
	char msg[MSG_SIZE];
	int fd, status;

	if (command_wants_help(argc, argv)) {
		help_print(spec, stdout);
		return 0;
	}
	if (image_list_parse(argc, argv, &list, msg, sizeof(msg)))
		return usage_error(spec, msg);
	if (image_list_read(&list, msg, sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	memset(&request, 0, sizeof(request));
	fd = cell_open("cell load", list.cell, &request.cell);
	if (fd < 0) {
		image_list_free(&list);
		return 1;
	}
	request.num_images = list.count;
	request.images_ptr = (uintptr_t)list.images;
	status = driver_request(fd, JAILHOUSE_CELL_LOAD, &request,
				&request.error, "cell load") ?
			 1 :
			 0;
	close(fd);
	image_list_free(&list);
	return status;
}

/* start, shutdown and destroy: the same request with a cell id. */
static int cell_simple(int argc, char **argv, unsigned long ioctl_request)
{
	struct jailhouse_cell_args request;
	struct command_args args;
	char what[32];
	int fd, status;

	if (command_begin("cell", argv[0], argc, argv, &args, &status))
		return status;
	snprintf(what, sizeof(what), "cell %s", argv[0]);
	memset(&request, 0, sizeof(request));
	fd = cell_open(what, args.operands[0], &request.cell);
	if (fd < 0)
		return 1;
	status = driver_request(fd, ioctl_request, &request, &request.error,
				what) ?
			 1 :
			 0;
	close(fd);
	return status;
}

static void cell_overview(FILE *out)
{
	unsigned int n;

	fprintf(out, "usage: jailhouse cell COMMAND [ARGS]\n\nCommands:\n");
	for (n = 0; n < num_command_specs; n++)
		if (!strncmp(command_specs[n].name, "cell ", 5))
			fprintf(out, "  %s%s%s\n", command_specs[n].name,
				command_specs[n].synopsis[0] ? " " : "",
				command_specs[n].synopsis);
	fprintf(out, "\nNAME|ID: a cell's name or its number in "
		     "`jailhouse cell list`.\n");
}

int cmd_cell(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(sub, "create"))
		return cell_create(argc - 1, argv + 1);
	if (!strcmp(sub, "load"))
		return cell_load(argc - 1, argv + 1);
	if (!strcmp(sub, "linux"))
		return cell_linux(argc - 1, argv + 1);
	if (!strcmp(sub, "start"))
		return cell_simple(argc - 1, argv + 1, JAILHOUSE_CELL_START);
	if (!strcmp(sub, "shutdown"))
		return cell_simple(argc - 1, argv + 1, JAILHOUSE_CELL_SHUTDOWN);
	if (!strcmp(sub, "destroy"))
		return cell_simple(argc - 1, argv + 1, JAILHOUSE_CELL_DESTROY);
	if (!strcmp(sub, "list"))
		return cell_list(argc - 1, argv + 1);
	if (!strcmp(sub, "stats"))
		return cell_stats(argc - 1, argv + 1);
	if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
		cell_overview(stdout);
		return 0;
	}
	if (sub[0])
		fprintf(stderr, "jailhouse cell: unknown command '%s'\n", sub);
	else
		fprintf(stderr, "jailhouse cell: missing COMMAND\n");
	cell_overview(stderr);
	return EXIT_USAGE;
}
