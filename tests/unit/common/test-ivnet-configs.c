// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem-net rig configs (configs/x86/bochs-sys-ivnet.c and
 * ivshmem-net-echo.c, bochs-sys-3cpu-ivnet.c and linux-cell-bochs.c: link N
 * of ivshmem-net-link.h), compiled in here: each passes the validator, the
 * cell fits its system, and both ends of link N speak protocol 0x4001 as
 * peers 0 and 1 of 2 at the same slot.
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

#define config ivnet_sys_config
#include "../../../configs/x86/bochs-sys-ivnet.c"
#undef config
#define config ivnet_echo_config
#include "../../../configs/x86/ivshmem-net-echo.c"
#undef config
/* bochs-sys.c again, as the 3-CPU PC: its parameters start afresh */
#undef BOCHS_ROOT_NAME
#undef BOCHS_CPUS
#undef BOCHS_IOAPIC_ID
#undef BOCHS_CELL_MEMORY_SIZE
#undef BOCHS_PCI_WINDOW_SIZE
#undef BOCHS_NUM_EXTRA_REGIONS
#undef BOCHS_EXTRA_REGIONS
#undef BOCHS_NUM_EXTRA_DEVICES
#undef BOCHS_EXTRA_DEVICES
#define config lnet_sys_config
#include "../../../configs/x86/bochs-sys-3cpu-ivnet.c"
#undef config
#define config lnet_cell_config
#include "../../../configs/x86/linux-cell-bochs.c"
#undef config

static void system_config_is_valid(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	if (jh_config_validate(&ivnet_sys_config, sizeof(ivnet_sys_config), msg,
			       sizeof(msg)))
		fail_msg("bochs-sys-ivnet.c: %s", msg);
}

static void echo_cell_is_valid_and_fits(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	if (jh_config_validate(&ivnet_echo_config, sizeof(ivnet_echo_config),
			       msg, sizeof(msg)))
		fail_msg("ivshmem-net-echo.c: %s", msg);
	if (cell_config_check(&ivnet_sys_config.header, &ivnet_echo_config.cell,
			      NULL, 0, msg, sizeof(msg)))
		fail_msg("ivshmem-net-echo.c on bochs-sys-ivnet.c: %s", msg);
}

static void linux_cell_is_valid_and_fits(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	if (jh_config_validate(&lnet_sys_config, sizeof(lnet_sys_config), msg,
			       sizeof(msg)))
		fail_msg("bochs-sys-3cpu-ivnet.c: %s", msg);
	if (jh_config_validate(&lnet_cell_config, sizeof(lnet_cell_config), msg,
			       sizeof(msg)))
		fail_msg("linux-cell-bochs.c: %s", msg);
	if (cell_config_check(&lnet_sys_config.header, &lnet_cell_config.cell,
			      NULL, 0, msg, sizeof(msg)))
		fail_msg("linux-cell-bochs.c on bochs-sys-3cpu-ivnet.c: %s",
			 msg);
}

static void link_n_ends_match(const struct jailhouse_pci_device *root,
			      const struct jailhouse_pci_device *cell)
{
	assert_int_equal(root->type, JAILHOUSE_PCI_TYPE_IVSHMEM);
	assert_int_equal(cell->type, JAILHOUSE_PCI_TYPE_IVSHMEM);
	assert_int_equal(root->bdf, cell->bdf);
	assert_int_equal(root->shmem_protocol, IVSHMEM_NET_PROTOCOL);
	assert_int_equal(cell->shmem_protocol, IVSHMEM_NET_PROTOCOL);
	assert_int_equal(root->shmem_peers, 2);
	assert_int_equal(cell->shmem_peers, 2);
	assert_int_equal(root->shmem_dev_id, 0);
	assert_int_equal(cell->shmem_dev_id, 1);
	/* the output sections give the protocol a usable ring */
	assert_int_equal(ivshmem_net_slots(IVSH_OUTPUT_SIZE), 31);
}

static void both_ends_of_link_n_match(void **state)
{
	(void)state;
	link_n_ends_match(&ivnet_sys_config.pci_devices
				   [ARRAY_SIZE(ivnet_sys_config.pci_devices) -
				    1],
			  &ivnet_echo_config.pci_devices[0]);
	link_n_ends_match(&lnet_sys_config.pci_devices
				   [ARRAY_SIZE(lnet_sys_config.pci_devices) - 1],
			  &lnet_cell_config.pci_devices[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(system_config_is_valid),
		cmocka_unit_test(echo_cell_is_valid_and_fits),
		cmocka_unit_test(linux_cell_is_valid_and_fits),
		cmocka_unit_test(both_ends_of_link_n_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
