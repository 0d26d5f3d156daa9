// SPDX-License-Identifier: GPL-2.0
/*
 * The configs the Bochs rig really uses (configs/x86/bochs-sys.c,
 * tiny-demo.c and, once it exists, apic-demo.c), compiled in here: each
 * passes the validator and each cell fits the system.  Renaming `config` lets both live in one program.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <common/cell-config.h>
#include <common/config-validate.h>
#include <common/env.h>

#define config bochs_sys_config
#include "../../../configs/x86/bochs-sys.c"
#undef config
#define config tiny_demo_config
#include "../../../configs/x86/tiny-demo.c"
#undef config
#if __has_include("../../../configs/x86/apic-demo.c")
#define HAVE_APIC_DEMO
#define config apic_demo_config
#include "../../../configs/x86/apic-demo.c"
#undef config
#endif

static void test_bochs_system_config_is_valid(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	if (jh_config_validate(&bochs_sys_config, sizeof(bochs_sys_config), msg,
			       sizeof(msg)))
		fail_msg("bochs-sys.c: %s", msg);
}

static void test_tiny_demo_is_valid_and_fits_the_rig(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	if (jh_config_validate(&tiny_demo_config, sizeof(tiny_demo_config), msg,
			       sizeof(msg)))
		fail_msg("tiny-demo.c: %s", msg);
	if (cell_config_check(&bochs_sys_config.header, &tiny_demo_config.cell,
			      NULL, 0, msg, sizeof(msg)))
		fail_msg("tiny-demo.c on bochs-sys.c: %s", msg);
}

static void test_tiny_demo_cannot_be_created_twice(void **state)
{
	const struct jailhouse_cell_desc *existing[] = {
		&tiny_demo_config.cell
	};
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	assert_int_equal(cell_config_check(&bochs_sys_config.header,
					   &tiny_demo_config.cell, existing, 1,
					   msg, sizeof(msg)),
			 -EEXIST);
	assert_string_equal(msg, "cell \"tiny-demo\": a cell with this name "
				 "already exists");
}

#ifdef HAVE_APIC_DEMO
static void test_apic_demo_is_valid_and_fits_the_rig(void **state)
{
	const struct jailhouse_cell_desc *existing[] = {
		&tiny_demo_config.cell
	};
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	if (jh_config_validate(&apic_demo_config, sizeof(apic_demo_config), msg,
			       sizeof(msg)))
		fail_msg("apic-demo.c: %s", msg);
	if (cell_config_check(&bochs_sys_config.header, &apic_demo_config.cell,
			      NULL, 0, msg, sizeof(msg)))
		fail_msg("apic-demo.c on bochs-sys.c: %s", msg);
	/* the 2-CPU rig has one CPU for cells: the demos take turns */
	assert_int_equal(cell_config_check(&bochs_sys_config.header,
					   &apic_demo_config.cell, existing, 1,
					   msg, sizeof(msg)),
			 -EBUSY);
	assert_string_equal(msg, "cell \"apic-demo\": CPU 1 already belongs "
				 "to cell \"tiny-demo\"");
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bochs_system_config_is_valid),
		cmocka_unit_test(test_tiny_demo_is_valid_and_fits_the_rig),
		cmocka_unit_test(test_tiny_demo_cannot_be_created_twice),
#ifdef HAVE_APIC_DEMO
		cmocka_unit_test(test_apic_demo_is_valid_and_fits_the_rig),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
