// SPDX-License-Identifier: GPL-2.0
/*
 * CLI and driver versions (see version-check.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jailhouse/ioctl.h>

#include "file.h"
#include "version-check.h"

#ifndef JAILHOUSE_VERSION
#define JAILHOUSE_VERSION "unknown"
#endif

const char jailhouse_cli_version[] = JAILHOUSE_VERSION;

#define WHAT_TO_DO                                                           \
	"install the jailhouse command and the module of one version "       \
	"(packages jailhouse and jailhouse-dkms, or `make install` of one "  \
	"tree), then load that module: jailhouse disable; rmmod jailhouse; " \
	"modprobe jailhouse"

/* A revision is a plain decimal number; anything else is not one. */
static int parse_revision(const char *text, long *revision)
{
	char *end;

	if (!text[0])
		return -1;
	*revision = strtol(text, &end, 10);
	return *end ? -1 : 0;
}

enum version_verdict version_compare(const char *driver_revision,
				     const char *driver_version,
				     const char *cli_version, char *msg,
				     size_t msg_size)
{
	long revision;

	msg[0] = '\0';
	/* A driver older than these files, or a test's fake sysfs. */
	if (!driver_revision)
		return DRIVER_UNVERSIONED;
	if (!driver_version)
		driver_version = "unknown";
	if (parse_revision(driver_revision, &revision) ||
	    revision != JAILHOUSE_INTERFACE_REVISION) {
		snprintf(msg, msg_size,
			 "jailhouse.ko is version %s and speaks interface "
			 "revision %s, but this jailhouse is version %s and "
			 "speaks revision %d: they cannot work together; "
			 "%s",
			 driver_version, driver_revision, cli_version,
			 JAILHOUSE_INTERFACE_REVISION, WHAT_TO_DO);
		return INTERFACE_DIFFERS;
	}
	if (strcmp(driver_version, cli_version)) {
		snprintf(msg, msg_size,
			 "note: jailhouse.ko is version %s, this jailhouse "
			 "version %s; both speak interface revision %d, so "
			 "they work together",
			 driver_version, cli_version,
			 JAILHOUSE_INTERFACE_REVISION);
		return VERSIONS_DIFFER;
	}
	return VERSIONS_MATCH;
}

int driver_version_check(const char *root)
{
	char path[512], revision[32], version[128], msg[1024];
	int have_revision, have_version;

	snprintf(path, sizeof(path), "%s/interface_revision", root);
	have_revision = file_read_text(path, revision, sizeof(revision)) == 0;
	snprintf(path, sizeof(path), "%s/version", root);
	have_version = file_read_text(path, version, sizeof(version)) == 0;
	switch (version_compare(have_revision ? revision : NULL,
				have_version ? version : NULL,
				jailhouse_cli_version, msg, sizeof(msg))) {
	case INTERFACE_DIFFERS:
		fprintf(stderr, "jailhouse: %s\n", msg);
		return -1;
	case VERSIONS_DIFFER:
		fprintf(stderr, "jailhouse: %s\n", msg);
		return 0;
	default:
		return 0;
	}
}
