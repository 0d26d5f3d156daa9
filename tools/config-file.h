/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking .cell files before they are sent to jailhouse.ko, so that a
 * wrong file is refused with a sentence naming it ("apic-demo.cell: not a
 * system configuration (bad signature)") instead of an errno.
 */
#ifndef _JAILHOUSE_TOOLS_CONFIG_FILE_H
#define _JAILHOUSE_TOOLS_CONFIG_FILE_H

#include <stddef.h>

enum config_kind {
	CONFIG_SYSTEM, /* for `jailhouse enable` */
	CONFIG_CELL,   /* for `jailhouse cell create` */
};

/*
 * Check that buf holds a well-formed configuration of the wanted kind:
 * size bounds, signature, revision, array counts within the ABI limits and
 * adding up to exactly the buffer size, then the shared validator when it
 * is linked in.  Returns 0, or -1 with the reason (without file name) in
 * msg.
 */
int config_file_check(const void *buf, size_t size, enum config_kind kind,
		      char *msg, size_t msg_size);

/*
 * Read path and config_file_check() it.  Returns 0 with a malloc'ed buffer, or
 * -1 with "PATH: reason" in msg.
 */
int config_file_load(const char *path, enum config_kind kind, void **buf,
		     size_t *size, char *msg, size_t msg_size);

#endif
