/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading whole files (configs, images, sysfs attributes) with an upper
 * bound, and errors as sentences that name the file.
 */
#ifndef _JAILHOUSE_TOOLS_FILE_H
#define _JAILHOUSE_TOOLS_FILE_H

#include <stddef.h>

/*
 * Read all of path into a malloc'ed buffer (NUL-terminated one byte past
 * *size, so text can be used as a string).  Refuses files larger than
 * max_size before reading them.  Returns 0, or -1 with "PATH: reason" in
 * msg and errno set.
 */
int file_read(const char *path, size_t max_size, void **buf, size_t *size,
	      char *msg, size_t msg_size);

/*
 * Read a small text file (a sysfs attribute) into text, without the
 * trailing newline.  Returns 0 or -1 with errno set.
 */
int file_read_text(const char *path, char *text, size_t text_size);

#endif
