// SPDX-License-Identifier: GPL-2.0
/* Sending a config file to jailhouse.ko; see config-send.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jailhouse/fault.h>
#include <jailhouse/ioctl.h>

#include "config-send.h"
#include "driver.h"

/*
 * JAILHOUSE_ENABLE and JAILHOUSE_CELL_CREATE take the same arguments (the
 * config's address and size, flags, the error buffer), so one struct
 * serves both; the asserts keep that true should the ABI change.
 */
#define SAME_FIELD(field)                                 \
	(offsetof(struct jailhouse_enable_args, field) == \
	 offsetof(struct jailhouse_cell_create_args, field))
_Static_assert(sizeof(struct jailhouse_enable_args) ==
			       sizeof(struct jailhouse_cell_create_args) &&
		       SAME_FIELD(config_ptr) && SAME_FIELD(config_size) &&
		       SAME_FIELD(flags) && SAME_FIELD(error),
	       "enable and cell create arguments differ");

int config_send(const char *path, enum config_kind kind, const char *what)
{
	struct jailhouse_enable_args request;
	char msg[JAILHOUSE_MSG_MAX + 256];
	void *config;
	size_t size;
	int fd, status;

	/* Check the file first: a wrong file is the likelier mistake. */
	if (config_file_load(path, kind, &config, &size, msg, sizeof(msg))) {
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
	status = driver_request(fd,
				kind == CONFIG_SYSTEM ? JAILHOUSE_ENABLE :
							JAILHOUSE_CELL_CREATE,
				&request, &request.error, what) ?
			 1 :
			 0;
	close(fd);
	free(config);
	return status;
}
