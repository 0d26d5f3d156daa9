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
#include "file.h"
#include "sysfs.h"
#include "version-check.h"

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

int signed_modules_only(const char *sig_enforce, const char *lockdown)
{
	if (sig_enforce && sig_enforce[0] == 'Y')
		return 1;
	/* "[none] integrity confidentiality": the bracket marks the mode */
	return lockdown && strchr(lockdown, '[') && !strstr(lockdown, "[none]");
}

/*
 * Under Secure Boot the kernel refuses an unsigned jailhouse.ko (modprobe:
 * "Key was rejected by service") and /dev/jailhouse never appears: say
 * what to do instead of leaving the user at "is jailhouse.ko loaded?".
 */
static void secure_boot_hint(void)
{
	char sig_enforce[8] = "", lockdown[128] = "";

	if (file_read_text("/sys/module/module/parameters/sig_enforce",
			   sig_enforce, sizeof(sig_enforce)))
		sig_enforce[0] = '\0';
	if (file_read_text("/sys/kernel/security/lockdown", lockdown,
			   sizeof(lockdown)))
		lockdown[0] = '\0';
	if (signed_modules_only(sig_enforce, lockdown))
		fprintf(stderr, "%s\n", SECURE_BOOT_HINT);
}

int driver_open(void)
{
	int fd = open(device_path(), O_RDWR | O_CLOEXEC);
	int err = errno;

	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", device_path(),
			driver_open_error(err));
		if (err == ENOENT || err == ENODEV || err == ENXIO)
			secure_boot_hint();
		return fd;
	}
	/* Before the first request: a driver of another interface revision
	 * would misread it. */
	if (driver_version_check(sysfs_root())) {
		close(fd);
		return -1;
	}
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
