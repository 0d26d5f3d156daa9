/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to jailhouse.ko through /dev/jailhouse.  Every request carries a
 * struct jailhouse_msg_buf; when it fails, the user sees the driver's
 * sentence, or a sentence made from the errno if the driver gave none.
 */
#ifndef _JAILHOUSE_TOOLS_DRIVER_H
#define _JAILHOUSE_TOOLS_DRIVER_H

#include <stddef.h>

#include <jailhouse/ioctl.h>

/*
 * Open the device (path overridable by $JAILHOUSE_DEVICE for tests).
 * Returns the fd, or -1 after printing why, e.g. "/dev/jailhouse: no such
 * device — is jailhouse.ko loaded?", or the refusal of a driver of another
 * interface revision (version-check.h).
 */
int driver_open(void);

/* A sentence for a failed open of the device with this errno. */
const char *driver_open_error(int err);

/*
 * Does the kernel load only signed modules?  From the texts of
 * /sys/module/module/parameters/sig_enforce ("Y") and
 * /sys/kernel/security/lockdown ("none [integrity] confidentiality");
 * either may be NULL or empty (not there).  driver_open() then adds
 * SECURE_BOOT_HINT to "is jailhouse.ko loaded?".
 */
int signed_modules_only(const char *sig_enforce, const char *lockdown);

#define SECURE_BOOT_HINT                                                      \
	"This kernel loads only signed modules (Secure Boot).  If "           \
	"`modprobe jailhouse` says \"Key was rejected by service\", enroll "  \
	"the key DKMS signs modules with: mokutil --import "                  \
	"/var/lib/dkms/mok.pub, reboot, confirm the key in the MOK manager, " \
	"then modprobe jailhouse again."

/*
 * Issue request with args whose struct jailhouse_msg_buf is *error.
 * On failure prints "jailhouse WHAT: sentence" and returns -1.
 */
int driver_request(int fd, unsigned long request, void *args,
		   struct jailhouse_msg_buf *error, const char *what);

/*
 * The error line for a failed request: "jailhouse WHAT: sentence", without
 * saying WHAT twice when the driver's sentence starts with it, and with
 * strerror(err) when the driver gave no sentence.
 */
void driver_error_line(const char *what, const char *sentence, int err,
		       char *line, size_t size);

/* The ioctl's cell argument: by id when known, else by name. */
void driver_cell_id(struct jailhouse_cell_id *cell, int id, const char *name);

#endif
