// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of driver/version-check.c: an image of another revision is
 * refused naming both versions and what to install, a damaged header is
 * refused, another version of the same revision gets a note.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "version-check.h"

static char msg[JAILHOUSE_MSG_MAX];
static struct jailhouse_image_header header;

static int setup(void **state)
{
	(void)state;
	memset(&header, 0, sizeof(header));
	memcpy(header.signature, JAILHOUSE_IMAGE_SIGNATURE,
	       JAILHOUSE_IMAGE_SIGNATURE_SIZE);
	header.revision = JAILHOUSE_IMAGE_REVISION;
	header.header_size = sizeof(header);
	strcpy(header.version, "0.1");
	memset(msg, 0, sizeof(msg));
	return 0;
}

static void same_revision_and_version_pass(void **state)
{
	(void)state;
	assert_int_equal(jailhouse_check_image_version(&header, sizeof(header),
						       "0.1", msg, sizeof(msg)),
			 0);
}

static void another_revision_is_refused_naming_both_versions(void **state)
{
	(void)state;
	header.revision = JAILHOUSE_IMAGE_REVISION + 1;
	strcpy(header.version, "0.2");
	assert_int_equal(jailhouse_check_image_version(&header, sizeof(header),
						       "0.1", msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "hypervisor image jailhouse-intel.bin is "
				    "of revision 3 (version 0.2)"));
	assert_non_null(strstr(msg, "this jailhouse.ko (version 0.1) needs "
				    "revision 2"));
	assert_non_null(strstr(msg, "jailhouse-firmware and jailhouse-dkms"));
}

/* Revision 1 had no version string: its bytes there are not one. */
static void a_revision_1_image_is_refused_as_without_a_version(void **state)
{
	(void)state;
	header.revision = 1;
	header.header_size = 376;
	assert_int_equal(jailhouse_check_image_version(&header, sizeof(header),
						       "0.1", msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "of revision 1 (version a build without "
				    "a version)"));
}

static void a_header_of_another_size_is_refused(void **state)
{
	(void)state;
	header.header_size = sizeof(header) - 8;
	assert_int_equal(jailhouse_check_image_version(&header, sizeof(header),
						       "0.1", msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "has a header of 416 bytes"));
	header.header_size = sizeof(header);
	/* a file too short to hold this revision's header */
	assert_int_equal(jailhouse_check_image_version(&header, 400, "0.1", msg,
						       sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "in a file of 400"));
}

static void another_version_of_the_same_revision_gets_a_note(void **state)
{
	(void)state;
	strcpy(header.version, "0.1-3-gabcdef");
	assert_int_equal(jailhouse_check_image_version(&header, sizeof(header),
						       "0.1", msg, sizeof(msg)),
			 1);
	assert_non_null(strstr(msg, "is version 0.1-3-gabcdef, this "
				    "jailhouse.ko version 0.1"));
	assert_non_null(strstr(msg, "work together"));
}

/* The version comes from a file: no terminator, no control characters. */
static void a_garbled_version_is_printed_safely(void **state)
{
	(void)state;
	header.revision = JAILHOUSE_IMAGE_REVISION + 1;
	memset(header.version, 'v', sizeof(header.version));
	header.version[0] = '\n';
	assert_int_equal(jailhouse_check_image_version(&header, sizeof(header),
						       "0.1", msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "(version ?vvvv"));
	assert_null(strchr(msg, '\n'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(same_revision_and_version_pass, setup),
		cmocka_unit_test_setup(
			another_revision_is_refused_naming_both_versions,
			setup),
		cmocka_unit_test_setup(
			a_revision_1_image_is_refused_as_without_a_version,
			setup),
		cmocka_unit_test_setup(a_header_of_another_size_is_refused,
				       setup),
		cmocka_unit_test_setup(
			another_version_of_the_same_revision_gets_a_note,
			setup),
		cmocka_unit_test_setup(a_garbled_version_is_printed_safely,
				       setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
