// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse enable SYSCONFIG` and `jailhouse disable`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

#include "commands.h"
#include "config-file.h"
#include "driver.h"
#include "help.h"

int cmd_enable(int argc, char **argv)
{
	struct jailhouse_enable_args request;
	char msg[JAILHOUSE_MSG_MAX + 256];
	struct command_args args;
	void *config;
	size_t size;
	int fd, status;

	if (command_begin("enable", NULL, argc, argv, &args, &status))
		return status;
	/* Check the file first: a wrong file is the likelier mistake. */
	if (config_file_load(args.operands[0], CONFIG_SYSTEM, &config, &size, msg,
			sizeof(msg))) {
		fprintf(stderr, "%s\n", msg);
		return 1;
	}
	fd = driver_open();
	if (fd < 0) {
		free(config);
		return 1;
	}
	memset(&request, 0, sizeof(request));
	request.config_ptr = (uintptr_t)config;
	request.config_size = size;
	status = driver_request(fd, JAILHOUSE_ENABLE, &request, &request.error,
				"enable") ? 1 : 0;
	close(fd);
	free(config);
	return status;
}

int cmd_disable(int argc, char **argv)
{
	struct jailhouse_disable_args request;
	struct command_args args;
	int fd, status;

	if (command_begin("disable", NULL, argc, argv, &args, &status))
		return status;
	fd = driver_open();
	if (fd < 0)
		return 1;
	memset(&request, 0, sizeof(request));
	status = driver_request(fd, JAILHOUSE_DISABLE, &request, &request.error,
				"disable") ? 1 : 0;
	close(fd);
	return status;
}
