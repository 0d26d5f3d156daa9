// SPDX-License-Identifier: GPL-2.0
/*
 * When the device is missing because the kernel refused an unsigned
 * jailhouse.ko: does the CLI recognise a kernel that loads only signed
 * modules from the sysfs texts it reads?
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "driver.h"

static void sig_enforce_y_means_signed_only(void **state)
{
	(void)state;
	assert_true(signed_modules_only("Y", NULL));
	assert_true(
		signed_modules_only("Y", "[none] integrity confidentiality"));
}

static void
lockdown_integrity_or_confidentiality_means_signed_only(void **state)
{
	(void)state;
	assert_true(
		signed_modules_only("N", "none [integrity] confidentiality"));
	assert_true(
		signed_modules_only("", "none integrity [confidentiality]"));
}

static void no_enforcement_gives_no_hint(void **state)
{
	(void)state;
	assert_false(
		signed_modules_only("N", "[none] integrity confidentiality"));
	assert_false(signed_modules_only("N", ""));
	assert_false(signed_modules_only("", ""));
	assert_false(signed_modules_only(NULL, NULL));
	/* a lockdown text without a marked mode says nothing */
	assert_false(signed_modules_only(NULL, "none integrity"));
}

static void the_hint_says_what_to_do(void **state)
{
	(void)state;
	assert_non_null(
		strstr(SECURE_BOOT_HINT, "Key was rejected by service"));
	assert_non_null(strstr(SECURE_BOOT_HINT,
			       "mokutil --import /var/lib/dkms/mok.pub"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sig_enforce_y_means_signed_only),
		cmocka_unit_test(
			lockdown_integrity_or_confidentiality_means_signed_only),
		cmocka_unit_test(no_enforcement_gives_no_hint),
		cmocka_unit_test(the_hint_says_what_to_do),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
