/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CLI and jailhouse.ko of one build: the driver shows its version and
 * the revision of the interface it speaks (JAILHOUSE_INTERFACE_REVISION,
 * include/jailhouse/ioctl.h) in sysfs; before the first request the CLI
 * compares them with its own.  Another revision is refused with a
 * sentence saying what to do; another version of the same revision works
 * and gets a note.
 */
#ifndef _JAILHOUSE_TOOLS_VERSION_CHECK_H
#define _JAILHOUSE_TOOLS_VERSION_CHECK_H

#include <stddef.h>

/* This CLI's version (`git describe` or the package's, from the Makefile). */
extern const char jailhouse_cli_version[];

enum version_verdict {
	VERSIONS_MATCH,
	VERSIONS_DIFFER,    /* same interface revision: a note */
	INTERFACE_DIFFERS,  /* refused */
	DRIVER_UNVERSIONED, /* a driver without the sysfs files: not checked */
};

/*
 * Compare the texts of the driver's interface_revision and version files
 * (NULL: the file is not there) with @cli_version and this CLI's
 * revision; the sentence for VERSIONS_DIFFER and INTERFACE_DIFFERS goes to
 * @msg.
 */
enum version_verdict version_compare(const char *driver_revision,
				     const char *driver_version,
				     const char *cli_version, char *msg,
				     size_t msg_size);

/*
 * Read ROOT/interface_revision and ROOT/version and compare: prints the
 * note or the refusal on stderr.  Returns -1 when the CLI must not talk to
 * this driver, else 0.
 */
int driver_version_check(const char *root);

#endif
