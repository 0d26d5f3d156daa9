/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal ustar writer for `config collect`.  It archives file *contents
 * as read*, which is the point: procfs and sysfs files report a size of 0
 * or 4096 whatever they hold, so tar programs that trust stat() store them
 * empty or padded.
 */
#ifndef _JAILHOUSE_TAR_WRITER_H
#define _JAILHOUSE_TAR_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Adds a regular file; @name is relative, at most 255 bytes. 0 or -1. */
int tar_add_file(FILE *out, const char *name, const void *data, size_t len);
/* Adds a directory entry (so that empty directories survive). */
int tar_add_dir(FILE *out, const char *name);
/* Writes the two zero blocks that end an archive. */
int tar_finish(FILE *out);

#endif
