// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI against jailhouse.ko of another build: a driver of another
 * interface revision is refused before the first request with a sentence
 * saying what to do, another version of the same revision gets a note,
 * a driver without the sysfs files is not checked.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <jailhouse/ioctl.h>

#include "driver.h"
#include "fake-sysfs.h"
#include "version-check.h"

static char msg[1024];

static const char *own_revision(void)
{
	static char text[16];

	snprintf(text, sizeof(text), "%d", JAILHOUSE_INTERFACE_REVISION);
	return text;
}

static void same_revision_and_version_match_silently(void **state)
{
	(void)state;
	assert_int_equal(version_compare(own_revision(), "0.1", "0.1", msg,
					 sizeof(msg)),
			 VERSIONS_MATCH);
	assert_string_equal(msg, "");
}

static void another_version_of_the_same_revision_gets_a_note(void **state)
{
	(void)state;
	assert_int_equal(version_compare(own_revision(), "0.2", "0.1", msg,
					 sizeof(msg)),
			 VERSIONS_DIFFER);
	assert_non_null(strstr(msg, "note: jailhouse.ko is version 0.2, "
				    "this jailhouse version 0.1"));
	assert_non_null(strstr(msg, "work together"));
}

static void another_revision_is_refused_naming_both(void **state)
{
	char other[16];

	(void)state;
	snprintf(other, sizeof(other), "%d", JAILHOUSE_INTERFACE_REVISION + 1);
	assert_int_equal(version_compare(other, "0.2", "0.1", msg, sizeof(msg)),
			 INTERFACE_DIFFERS);
	assert_non_null(strstr(msg, "jailhouse.ko is version 0.2 and speaks "
				    "interface revision"));
	assert_non_null(strstr(msg, "this jailhouse is version 0.1"));
	assert_non_null(strstr(msg, "cannot work together"));
	/* what to do, not only what is wrong */
	assert_non_null(strstr(msg, "packages jailhouse and jailhouse-dkms"));
	assert_non_null(strstr(msg, "rmmod jailhouse; modprobe jailhouse"));
}

static void a_revision_that_is_no_number_is_refused(void **state)
{
	(void)state;
	assert_int_equal(version_compare("1x", "0.1", "0.1", msg, sizeof(msg)),
			 INTERFACE_DIFFERS);
	assert_int_equal(version_compare("", "0.1", "0.1", msg, sizeof(msg)),
			 INTERFACE_DIFFERS);
	/* the same version cannot make up for it */
	assert_non_null(strstr(msg, "cannot work together"));
}

static void a_driver_without_the_files_is_not_checked(void **state)
{
	(void)state;
	assert_int_equal(version_compare(NULL, NULL, "0.1", msg, sizeof(msg)),
			 DRIVER_UNVERSIONED);
	/* a revision but no version: compared, the version is "unknown" */
	assert_int_equal(version_compare(own_revision(), NULL, "0.1", msg,
					 sizeof(msg)),
			 VERSIONS_DIFFER);
	assert_non_null(strstr(msg, "jailhouse.ko is version unknown"));
}

/* driver_open() against a fake sysfs and /dev/null as the device. */
static int open_with_revision(const char *root, const char *revision)
{
	if (revision)
		fake_sysfs_write(root, "interface_revision", revision);
	fake_sysfs_write(root, "version", jailhouse_cli_version);
	setenv("JAILHOUSE_SYSFS_ROOT", root, 1);
	setenv("JAILHOUSE_DEVICE", "/dev/null", 1);
	return driver_open();
}

static void driver_open_refuses_another_revision(void **state)
{
	char *root = fake_sysfs_create();
	char other[16];
	int fd;

	(void)state;
	snprintf(other, sizeof(other), "%d", JAILHOUSE_INTERFACE_REVISION + 7);
	fd = open_with_revision(root, other);
	assert_int_equal(fd, -1);
	fd = open_with_revision(root, own_revision());
	assert_true(fd >= 0);
	close(fd);
	fake_sysfs_destroy(root);
}

static void driver_open_accepts_a_driver_without_the_files(void **state)
{
	char *root = fake_sysfs_create();
	int fd;

	(void)state;
	fd = open_with_revision(root, NULL);
	assert_true(fd >= 0);
	close(fd);
	fake_sysfs_destroy(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_revision_and_version_match_silently),
		cmocka_unit_test(
			another_version_of_the_same_revision_gets_a_note),
		cmocka_unit_test(another_revision_is_refused_naming_both),
		cmocka_unit_test(a_revision_that_is_no_number_is_refused),
		cmocka_unit_test(a_driver_without_the_files_is_not_checked),
		cmocka_unit_test(driver_open_refuses_another_revision),
		cmocka_unit_test(
			driver_open_accepts_a_driver_without_the_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
