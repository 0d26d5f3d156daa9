// SPDX-License-Identifier: GPL-2.0
/*
 * `jailhouse enable SYSCONFIG` and `jailhouse disable`.
 */
#include <string.h>
#include <unistd.h>

#include <jailhouse/ioctl.h>

#include "commands.h"
#include "config-send.h"
#include "driver.h"
#include "help.h"

int cmd_enable(int argc, char **argv)
{
	struct command_args args;
	int status;

	if (command_begin("enable", NULL, argc, argv, &args, &status))
		return status;
	return config_send(args.operands[0], CONFIG_SYSTEM, "enable");
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
				"disable") ?
			 1 :
			 0;
	close(fd);
	return status;
}
