// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/jailhouse requests with the driver's error sentence.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "driver.h"

static const char *device_path(void)
{
	const char *path = getenv("JAILHOUSE_DEVICE");

	return path && *path ? path : JAILHOUSE_DEVICE;
}

const char *driver_open_error(int err)
{
	switch (err) {
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "no such device — is jailhouse.ko loaded?";
	case EACCES:
	case EPERM:
		return "permission denied — jailhouse needs root";
	default:
		return strerror(err);
	}
}

int driver_open(void)
{
	int fd = open(device_path(), O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "%s: %s\n", device_path(),
			driver_open_error(errno));
	return fd;
}

void driver_error_line(const char *what, const char *sentence, int err,
		       char *line, size_t size)
{
	size_t len = strlen(what);

	if (!sentence[0])
		snprintf(line, size,
			 "jailhouse %s: %s (the driver gave no "
			 "reason)",
			 what, strerror(err));
	/* The driver's sentence may name the operation itself already. */
	else if (!strncmp(sentence, what, len) && sentence[len] == ':')
		snprintf(line, size, "jailhouse %s", sentence);
	else
		snprintf(line, size, "jailhouse %s: %s", what, sentence);
}

int driver_request(int fd, unsigned long request, void *args,
		   struct jailhouse_msg_buf *error, const char *what)
{
	char sentence[JAILHOUSE_MSG_MAX] = "", line[JAILHOUSE_MSG_MAX + 64];
	int err;

	error->ptr = (uintptr_t)sentence;
	error->size = sizeof(sentence);
	error->reserved = 0;
	/* JAILHOUSE_CELL_CREATE answers with the new cell's id */
	if (ioctl(fd, request, args) >= 0)
		return 0;
	err = errno;
	/* Never trust the driver to have terminated it. */
	sentence[sizeof(sentence) - 1] = '\0';
	driver_error_line(what, sentence, err, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
	errno = err;
	return -1;
}

void driver_cell_id(struct jailhouse_cell_id *cell, int id, const char *name)
{
	memset(cell, 0, sizeof(*cell));
	cell->id = id;
	if (name)
		snprintf(cell->name, sizeof(cell->name), "%s", name);
}
