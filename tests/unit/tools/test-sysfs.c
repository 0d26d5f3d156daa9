// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's view of /sys/devices/jailhouse, against a fake tree: status,
 * cell list, name/id resolution, fault reports and statistics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fake-sysfs.h"
#include "fault-report.h"
#include "sysfs.h"

static char msg[512];
static struct cell_info cells[CELLS_MAX];

static int make_tree(void **state)
{
	*state = fake_sysfs_create();
	return 0;
}

static int remove_tree(void **state)
{
	fake_sysfs_destroy(*state);
	return 0;
}

/* Root cell plus two cells, one of them failed. */
static void three_cells(const char *root)
{
	fake_sysfs_enabled(root, 1);
	fake_sysfs_cell(root, 0, "bochs-root", "running", "0");
	fake_sysfs_cell(root, 2, "apic-demo", "failed", "1");
	/* The report as jailhouse.ko formats it. */
	fake_sysfs_write(root, "cells/2/fault",
			 "reason: memory\ncpu: 1\nexit reason: 48\n"
			 "access: write\nrip: 0x1000\naddress: 0x3a000000\n"
			 "qualification: 0x2\naccess size: 4\n"
			 "message: CPU 1 wrote to 0x3a000000\n");
	fake_sysfs_cell(root, 10, "1", "loadable", "2-3");
}

static void root_is_overridable_by_environment(void **state)
{
	(void)state;
	unsetenv("JAILHOUSE_SYSFS_ROOT");
	assert_string_equal(sysfs_root(), "/sys/devices/jailhouse");
	setenv("JAILHOUSE_SYSFS_ROOT", "/tmp/elsewhere", 1);
	assert_string_equal(sysfs_root(), "/tmp/elsewhere");
	setenv("JAILHOUSE_SYSFS_ROOT", "", 1);
	assert_string_equal(sysfs_root(), "/sys/devices/jailhouse");
	unsetenv("JAILHOUSE_SYSFS_ROOT");
}

static void status_tells_module_missing_disabled_enabled(void **state)
{
	const char *root = *state;
	char missing[1024];

	snprintf(missing, sizeof(missing), "%s/not-there", root);
	assert_int_equal(hypervisor_status(missing), HYPERVISOR_NO_MODULE);
	assert_non_null(strstr(hypervisor_status_text(HYPERVISOR_NO_MODULE),
			       "jailhouse.ko is not loaded"));
	fake_sysfs_enabled(root, 0);
	assert_int_equal(hypervisor_status(root), HYPERVISOR_DISABLED);
	assert_non_null(strstr(hypervisor_status_text(HYPERVISOR_DISABLED),
			       "not enabled"));
	fake_sysfs_enabled(root, 1);
	assert_int_equal(hypervisor_status(root), HYPERVISOR_ENABLED);
}

static void cells_are_listed_sorted_by_id(void **state)
{
	const char *root = *state;

	three_cells(root);
	/* Not a cell: the driver may add other entries one day. */
	fake_sysfs_write(root, "cells/README", "x");
	assert_int_equal(cells_read(root, cells, CELLS_MAX, msg, sizeof(msg)),
			 3);
	assert_int_equal(cells[0].id, 0);
	assert_string_equal(cells[0].name, "bochs-root");
	assert_string_equal(cells[0].state, "running");
	assert_string_equal(cells[0].cpus, "0");
	assert_string_equal(cells[0].fault, "");
	assert_int_equal(cells[1].id, 2);
	assert_string_equal(cells[1].state, "failed");
	/* Reason and sentence of the report, for `cell list`. */
	assert_string_equal(cells[1].fault,
			    "memory: CPU 1 wrote to 0x3a000000");
	assert_int_equal(cells[2].id, 10);
	assert_string_equal(cells[2].cpus, "2-3");
}

static void numeric_states_get_names(void **state)
{
	const char *root = *state;
	char buf[64];

	(void)root;
	assert_string_equal(cell_state_name("0", buf, sizeof(buf)), "running");
	assert_string_equal(cell_state_name("1", buf, sizeof(buf)),
			    "running/locked");
	assert_string_equal(cell_state_name("2", buf, sizeof(buf)),
			    "shut down");
	assert_string_equal(cell_state_name("3", buf, sizeof(buf)), "failed");
	assert_string_equal(cell_state_name("5", buf, sizeof(buf)), "created");
	assert_string_equal(cell_state_name("6", buf, sizeof(buf)), "loadable");
	assert_string_equal(cell_state_name("4", buf, sizeof(buf)),
			    "failed/comm-revision");
	assert_string_equal(cell_state_name("99", buf, sizeof(buf)),
			    "unknown state 99");
	assert_string_equal(cell_state_name("shut down", buf, sizeof(buf)),
			    "shut down");
}

static void cell_resolves_by_id_then_by_name(void **state)
{
	const char *root = *state;
	struct cell_info cell;

	three_cells(root);
	assert_int_equal(cell_resolve(root, "apic-demo", &cell, msg,
				      sizeof(msg)),
			 0);
	assert_int_equal(cell.id, 2);
	assert_int_equal(cell_resolve(root, "2", &cell, msg, sizeof(msg)), 0);
	assert_string_equal(cell.name, "apic-demo");
	/* "1" is no cell's id, but cell 10's name. */
	assert_int_equal(cell_resolve(root, "1", &cell, msg, sizeof(msg)), 0);
	assert_int_equal(cell.id, 10);
	/* "10" is an id; ids win. */
	assert_int_equal(cell_resolve(root, "10", &cell, msg, sizeof(msg)), 0);
	assert_int_equal(cell.id, 10);
	assert_int_equal(cell_resolve(root, "0", &cell, msg, sizeof(msg)), 0);
	assert_string_equal(cell.name, "bochs-root");
}

static void unknown_cell_is_refused_with_a_hint(void **state)
{
	const char *root = *state;
	struct cell_info cell;

	three_cells(root);
	assert_int_equal(cell_resolve(root, "nope", &cell, msg, sizeof(msg)),
			 -1);
	assert_string_equal(msg, "no cell named or numbered 'nope' (see "
				 "`jailhouse cell list`)");
	assert_int_equal(cell_resolve(root, "7", &cell, msg, sizeof(msg)), -1);
	assert_int_equal(cell_resolve(root, "0x2", &cell, msg, sizeof(msg)),
			 -1);
	assert_int_equal(cell_resolve(root, "", &cell, msg, sizeof(msg)), -1);
}

static void resolve_says_not_enabled_or_not_loaded(void **state)
{
	const char *root = *state;
	struct cell_info cell;
	char missing[1024];

	fake_sysfs_enabled(root, 0);
	assert_int_equal(cell_resolve(root, "1", &cell, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "the hypervisor is not enabled"));
	snprintf(missing, sizeof(missing), "%s/gone", root);
	assert_int_equal(cell_resolve(missing, "1", &cell, msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "jailhouse.ko is not loaded"));
}

static void fault_report_is_read_whole(void **state)
{
	const char *root = *state;
	char text[256];

	three_cells(root);
	fake_sysfs_write(root, "cells/2/fault", "\nreason: memory\nmore\n");
	assert_int_equal(cell_fault_read(root, 2, text, sizeof(text)), 0);
	assert_string_equal(text, "\nreason: memory\nmore");
	/* No report: empty, not an error. */
	assert_int_equal(cell_fault_read(root, 0, text, sizeof(text)), 0);
	assert_string_equal(text, "");
}

static void fault_summary_takes_reason_and_message(void **state)
{
	char out[CELL_TEXT_MAX];

	(void)state;
	fault_summary("reason: pio\ncpu: 1\nmessage: CPU 1: port 0x3f8 not "
		      "granted\n",
		      out, sizeof(out));
	assert_string_equal(out, "pio: CPU 1: port 0x3f8 not granted");
	/* An empty message leaves the reason. */
	fault_summary("reason: triple-fault\nmessage: \n", out, sizeof(out));
	assert_string_equal(out, "triple-fault");
	/* A numeric reason is named as in include/jailhouse/fault.h. */
	fault_summary("reason: 6\nmessage: CPU 1 triple-faulted\n", out,
		      sizeof(out));
	assert_string_equal(out, "triple-fault: CPU 1 triple-faulted");
	fault_summary("reason: 99\n", out, sizeof(out));
	assert_string_equal(out, "99");
	fault_summary("message: only a sentence\n", out, sizeof(out));
	assert_string_equal(out, "only a sentence");
	/* "reasonable: x" is not the key "reason". */
	fault_summary("reasonable: x\nsecond line\n", out, sizeof(out));
	assert_string_equal(out, "reasonable: x");
	fault_summary("none\n", out, sizeof(out));
	assert_string_equal(out, "");
	fault_summary("", out, sizeof(out));
	assert_string_equal(out, "");
}

static void statistics_are_read_per_cpu_in_order(void **state)
{
	static struct cell_stats stats;
	const char *root = *state;

	three_cells(root);
	fake_sysfs_counter(root, 10, 3, "total", 300);
	fake_sysfs_counter(root, 10, 3, "hypercall", 7);
	fake_sysfs_counter(root, 10, 2, "total", 200);
	fake_sysfs_counter(root, 10, 2, "other", 18446744073709551615ULL);
	fake_sysfs_write(root, "cells/10/statistics/cpu2/vmexits_pio",
			 "junk\n");
	fake_sysfs_write(root, "cells/10/statistics/cpuX/vmexits_total", "1\n");
	assert_int_equal(cell_stats_read(root, 10, &stats, msg, sizeof(msg)),
			 0);
	assert_int_equal(stats.num_cpus, 2);
	assert_int_equal(stats.cpu[0], 2);
	assert_int_equal(stats.cpu[1], 3);
	assert_int_equal(stats.count[0][JAILHOUSE_CPU_STAT_VMEXITS_TOTAL], 200);
	assert_true(stats.count[0][JAILHOUSE_CPU_STAT_VMEXITS_OTHER] == ~0ULL);
	/* Unreadable counters count as 0 rather than failing the view. */
	assert_int_equal(stats.count[0][JAILHOUSE_CPU_STAT_VMEXITS_PIO], 0);
	assert_int_equal(stats.count[1][JAILHOUSE_CPU_STAT_VMEXITS_TOTAL], 300);
	assert_int_equal(stats.count[1][JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL],
			 7);

	assert_int_equal(cell_stats_read(root, 0, &stats, msg, sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "/cells/0/statistics: No such file or "
				    "directory"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(root_is_overridable_by_environment),
#define T(name) cmocka_unit_test_setup_teardown(name, make_tree, remove_tree)
		T(status_tells_module_missing_disabled_enabled),
		T(cells_are_listed_sorted_by_id),
		T(numeric_states_get_names),
		T(cell_resolves_by_id_then_by_name),
		T(unknown_cell_is_refused_with_a_hint),
		T(resolve_says_not_enabled_or_not_loaded),
		T(fault_report_is_read_whole),
		T(fault_summary_takes_reason_and_message),
		T(statistics_are_read_per_cpu_in_order),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
