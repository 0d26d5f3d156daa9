// SPDX-License-Identifier: GPL-2.0
/*
 * Whole CLI commands, run in-process against a fake sysfs tree and fake
 * device paths: exit status, and what goes to stdout and stderr.  The real
 * driver is exercised by the guest scenarios (tests/scenarios/cli-*.sh);
 * here /dev/null stands in for it, which refuses every ioctl with ENOTTY
 * and no sentence — enough to see that a request was sent.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <jailhouse/config.h>

#include "commands.h"
#include "driver.h"
#include "fake-sysfs.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))

static char out[65536], err[65536];
static char system_path[64], cell_path[64], image_path[64];

struct test_system {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
} JH_PACKED;

struct test_cell {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[1];
} JH_PACKED;

static void write_temp(char *path, const void *buf, size_t size)
{
	int fd;

	strcpy(path, "/tmp/jailhouse-cmd-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	close(fd);
}

/* Run a command with stdout and stderr captured into out and err. */
static int run(int (*command)(int, char **), int argc, char **argv)
{
	FILE *out_file = tmpfile(), *err_file = tmpfile();
	int saved_out = dup(1), saved_err = dup(2), status;
	size_t n;

	assert_non_null(out_file);
	assert_non_null(err_file);
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(out_file), 1);
	dup2(fileno(err_file), 2);
	status = command(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	rewind(out_file);
	rewind(err_file);
	n = fread(out, 1, sizeof(out) - 1, out_file);
	out[n] = '\0';
	n = fread(err, 1, sizeof(err) - 1, err_file);
	err[n] = '\0';
	fclose(out_file);
	fclose(err_file);
	return status;
}

static int setup(void **state)
{
	struct test_system system;
	struct test_cell cell;

	memset(&system, 0, sizeof(system));
	memcpy(system.header.signature, JAILHOUSE_SYSTEM_SIGNATURE, 6);
	system.header.revision = JAILHOUSE_CONFIG_REVISION;
	/* What the shared validator needs to pass the minimal configs. */
	system.header.flags = JAILHOUSE_SYS_NO_IOMMU;
	system.header.hypervisor_memory.phys_start = 0x3a000000;
	system.header.hypervisor_memory.size = 0x600000;
	memcpy(system.header.root_cell.signature, JAILHOUSE_CELL_SIGNATURE, 6);
	system.header.root_cell.revision = JAILHOUSE_CONFIG_REVISION;
	strcpy(system.header.root_cell.name, "root");
	system.header.root_cell.cpu_set_size = 8;
	system.cpus[0] = 3;
	write_temp(system_path, &system, sizeof(system));

	memset(&cell, 0, sizeof(cell));
	memcpy(cell.cell.signature, JAILHOUSE_CELL_SIGNATURE, 6);
	cell.cell.revision = JAILHOUSE_CONFIG_REVISION;
	strcpy(cell.cell.name, "tiny-demo");
	cell.cell.cpu_set_size = 8;
	cell.cpus[0] = 2;
	cell.cell.num_memory_regions = 1;
	cell.mem_regions[0].size = 0x1000;
	cell.mem_regions[0].flags = JAILHOUSE_MEM_RWX;
	write_temp(cell_path, &cell, sizeof(cell));

	write_temp(image_path, "\xf4", 1);

	*state = fake_sysfs_create();
	setenv("JAILHOUSE_SYSFS_ROOT", *state, 1);
	setenv("JAILHOUSE_DEVICE", "/dev/null", 1);
	return 0;
}

static int teardown(void **state)
{
	unlink(system_path);
	unlink(cell_path);
	unlink(image_path);
	fake_sysfs_destroy(*state);
	unsetenv("JAILHOUSE_SYSFS_ROOT");
	unsetenv("JAILHOUSE_DEVICE");
	return 0;
}

static void enable_refuses_a_cell_config_naming_the_file(void **state)
{
	char *argv[] = { "enable", cell_path };

	(void)state;
	assert_int_equal(run(cmd_enable, 2, argv), 1);
	assert_non_null(strstr(err, cell_path));
	assert_non_null(strstr(err, ": a cell configuration, not a system "
				    "configuration"));
	assert_string_equal(out, "");
}

static void enable_without_module_says_so(void **state)
{
	char *argv[] = { "enable", system_path };

	(void)state;
	setenv("JAILHOUSE_DEVICE", "/nonexistent/jailhouse", 1);
	assert_int_equal(run(cmd_enable, 2, argv), 1);
	assert_string_equal(err, "/nonexistent/jailhouse: no such device — is "
				 "jailhouse.ko loaded?\n");
	setenv("JAILHOUSE_DEVICE", "/dev/null", 1);
}

static void enable_sends_the_request_and_reports_a_bare_errno(void **state)
{
	char *argv[] = { "enable", system_path };
	char *disable[] = { "disable" };

	(void)state;
	assert_int_equal(run(cmd_enable, 2, argv), 1);
	assert_string_equal(err, "jailhouse enable: Inappropriate ioctl for "
				 "device (the driver gave no reason)\n");
	assert_int_equal(run(cmd_disable, 1, disable), 1);
	assert_string_equal(err, "jailhouse disable: Inappropriate ioctl for "
				 "device (the driver gave no reason)\n");
}

static void usage_errors_exit_2_and_help_exits_0(void **state)
{
	char *none[] = { "enable" };
	char *help[] = { "enable", "--help" };
	char *bad[] = { "console", "--bogus" };
	char *cell_none[] = { "cell" };
	char *cell_bad[] = { "cell", "frobnicate" };
	char *cell_help[] = { "cell", "--help" };

	(void)state;
	assert_int_equal(run(cmd_enable, 1, none), 2);
	assert_string_equal(err, "jailhouse enable: missing SYSCONFIG\n"
				 "usage: jailhouse enable SYSCONFIG\n");
	assert_int_equal(run(cmd_enable, 2, help), 0);
	assert_non_null(strstr(out, "usage: jailhouse enable SYSCONFIG\n"));
	assert_string_equal(err, "");
	assert_int_equal(run(cmd_console, 2, bad), 2);
	assert_non_null(strstr(err, "unknown option '--bogus'"));
	assert_int_equal(run(cmd_cell, 1, cell_none), 2);
	assert_non_null(strstr(err, "jailhouse cell: missing COMMAND\n"));
	assert_int_equal(run(cmd_cell, 2, cell_bad), 2);
	assert_non_null(strstr(err, "unknown command 'frobnicate'"));
	assert_int_equal(run(cmd_cell, 2, cell_help), 0);
	assert_non_null(strstr(out, "cell load NAME|ID IMAGE"));
}

static void cell_list_without_module_fails(void **state)
{
	char *argv[] = { "cell", "list" };

	(void)state;
	setenv("JAILHOUSE_SYSFS_ROOT", "/nonexistent/jailhouse", 1);
	assert_int_equal(run(cmd_cell, 2, argv), 1);
	assert_non_null(strstr(err, "jailhouse.ko is not loaded"));
	setenv("JAILHOUSE_SYSFS_ROOT", *state, 1);
}

static void cell_list_when_disabled_says_not_enabled(void **state)
{
	char *argv[] = { "cell", "list" };

	fake_sysfs_enabled(*state, 0);
	assert_int_equal(run(cmd_cell, 2, argv), 0);
	assert_non_null(strstr(out, "the hypervisor is not enabled"));
}

static void cell_list_shows_the_cells(void **state)
{
	char *argv[] = { "cell", "list" };

	fake_sysfs_enabled(*state, 1);
	fake_sysfs_cell(*state, 0, "root", "running", "0");
	fake_sysfs_cell(*state, 1, "tiny-demo", "3", "1");
	fake_sysfs_write(*state, "cells/1/fault",
			 "pio: CPU 1 read port 0x3f8\n");
	assert_int_equal(run(cmd_cell, 2, argv), 0);
	assert_non_null(
		strstr(out,
		       "0    root                     running          0\n"));
	assert_non_null(
		strstr(out, "1    tiny-demo                failed           1\n"
			    "     fault: pio: CPU 1 read port 0x3f8\n"));
}

static void cell_stats_once_prints_counters_and_fault(void **state)
{
	char *argv[] = { "cell", "stats", "tiny-demo", "--once" };
	char *unknown[] = { "cell", "stats", "nope", "--once" };

	fake_sysfs_enabled(*state, 1);
	fake_sysfs_cell(*state, 1, "tiny-demo", "failed", "1");
	fake_sysfs_write(*state, "cells/1/fault", "memory\nRIP 0x1000\n");
	fake_sysfs_counter(*state, 1, 1, "total", 12);
	assert_int_equal(run(cmd_cell, 4, argv), 0);
	assert_non_null(strstr(out, "cell 1 \"tiny-demo\": failed, CPUs 1\n"));
	assert_non_null(strstr(out, "\ntotal                        12\n"));
	assert_non_null(strstr(out, "fault report:\nmemory\nRIP 0x1000\n"));
	assert_int_equal(run(cmd_cell, 4, unknown), 1);
	assert_non_null(strstr(err, "no cell named or numbered 'nope'"));
}

static void cell_commands_resolve_then_send(void **state)
{
	static const char *const subs[] = { "start", "shutdown", "destroy" };
	char *argv[] = { "cell", NULL, "tiny-demo" };
	char *unknown[] = { "cell", "start", "nope" };
	char expected[128];
	unsigned int n;

	fake_sysfs_enabled(*state, 1);
	fake_sysfs_cell(*state, 1, "tiny-demo", "running", "1");
	for (n = 0; n < 3; n++) {
		argv[1] = (char *)subs[n];
		assert_int_equal(run(cmd_cell, 3, argv), 1);
		snprintf(expected, sizeof(expected),
			 "jailhouse cell %s: "
			 "Inappropriate ioctl for device (the driver gave no "
			 "reason)\n",
			 subs[n]);
		assert_string_equal(err, expected);
	}
	assert_int_equal(run(cmd_cell, 3, unknown), 1);
	assert_string_equal(err,
			    "jailhouse cell start: no cell named or "
			    "numbered 'nope' (see `jailhouse cell list`)\n");
}

static void root_cell_is_not_a_target(void **state)
{
	char *by_id[] = { "cell", "destroy", "0" };
	char *by_name[] = { "cell", "shutdown", "root" };

	fake_sysfs_enabled(*state, 1);
	fake_sysfs_cell(*state, 0, "root", "running", "0");
	assert_int_equal(run(cmd_cell, 3, by_id), 1);
	assert_string_equal(err,
			    "jailhouse cell destroy: cell 0 \"root\" is the "
			    "root cell (this Linux); `jailhouse disable` is how "
			    "it ends\n");
	assert_int_equal(run(cmd_cell, 3, by_name), 1);
	assert_non_null(strstr(err, "is the root cell"));
}

static void cell_commands_when_disabled_say_so(void **state)
{
	char *argv[] = { "cell", "destroy", "1" };

	fake_sysfs_enabled(*state, 0);
	assert_int_equal(run(cmd_cell, 3, argv), 1);
	assert_non_null(strstr(err, "jailhouse cell destroy: the hypervisor is "
				    "not enabled"));
}

static void cell_create_checks_the_file_then_sends(void **state)
{
	char *good[] = { "cell", "create", cell_path };
	char *wrong[] = { "cell", "create", system_path };

	(void)state;
	assert_int_equal(run(cmd_cell, 3, good), 1);
	assert_string_equal(err, "jailhouse cell create: Inappropriate ioctl "
				 "for device (the driver gave no reason)\n");
	assert_int_equal(run(cmd_cell, 3, wrong), 1);
	assert_non_null(strstr(err, ": a system configuration, not a cell "
				    "configuration"));
}

static void cell_load_reads_images_then_sends(void **state)
{
	char *argv[] = { "cell",   "load", "tiny-demo", image_path, "-a",
			 "0x1000", "-s",   "x",		"-a",	    "0" };
	char *missing[] = { "cell", "load", "tiny-demo", "/nonexistent.bin" };
	char *bad[] = { "cell", "load", "tiny-demo", image_path, "-a", "zz" };

	fake_sysfs_enabled(*state, 1);
	fake_sysfs_cell(*state, 1, "tiny-demo", "loadable", "1");
	assert_int_equal(run(cmd_cell, ARGC(argv), argv), 1);
	assert_string_equal(err, "jailhouse cell load: Inappropriate ioctl for "
				 "device (the driver gave no reason)\n");
	assert_int_equal(run(cmd_cell, ARGC(missing), missing), 1);
	assert_string_equal(err,
			    "/nonexistent.bin: No such file or directory\n");
	assert_int_equal(run(cmd_cell, ARGC(bad), bad), 2);
	assert_non_null(strstr(err, "-a zz: not an address"));
}

static void driver_sentences_are_printed_once(void **state)
{
	char line[512];

	(void)state;
	driver_error_line("disable", "disable: the hypervisor is not enabled",
			  EINVAL, line, sizeof(line));
	assert_string_equal(line, "jailhouse disable: the hypervisor is not "
				  "enabled");
	driver_error_line("enable",
			  "CPU 0: VMX not supported by this processor", ENODEV,
			  line, sizeof(line));
	assert_string_equal(line, "jailhouse enable: CPU 0: VMX not supported "
				  "by this processor");
	driver_error_line("cell create", "cell create: out of memory", ENOMEM,
			  line, sizeof(line));
	assert_string_equal(line, "jailhouse cell create: out of memory");
	/* "cell" alone is not the operation "cell create". */
	driver_error_line("cell create",
			  "cell \"x\": CPU 0 is not a CPU of the "
			  "root cell",
			  EINVAL, line, sizeof(line));
	assert_string_equal(line, "jailhouse cell create: cell \"x\": CPU 0 is "
				  "not a CPU of the root cell");
	driver_error_line("enable", "", EIO, line, sizeof(line));
	assert_string_equal(line, "jailhouse enable: Input/output error (the "
				  "driver gave no reason)");
}

static void console_prints_the_log(void **state)
{
	char *argv[] = { "console" };

	fake_sysfs_enabled(*state, 0);
	fake_sysfs_write(*state, "console",
			 "Initializing Jailhouse\nCPU 0: "
			 "VMX not supported\n");
	assert_int_equal(run(cmd_console, 1, argv), 0);
	assert_string_equal(out, "Initializing Jailhouse\nCPU 0: VMX not "
				 "supported\n");
	setenv("JAILHOUSE_SYSFS_ROOT", "/nonexistent/jailhouse", 1);
	assert_int_equal(run(cmd_console, 1, argv), 1);
	assert_non_null(strstr(err, "jailhouse console: jailhouse.ko is not "
				    "loaded"));
	setenv("JAILHOUSE_SYSFS_ROOT", *state, 1);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(enable_refuses_a_cell_config_naming_the_file),
		T(enable_without_module_says_so),
		T(enable_sends_the_request_and_reports_a_bare_errno),
		T(usage_errors_exit_2_and_help_exits_0),
		T(cell_list_without_module_fails),
		T(cell_list_when_disabled_says_not_enabled),
		T(cell_list_shows_the_cells),
		T(cell_stats_once_prints_counters_and_fault),
		T(cell_commands_resolve_then_send),
		T(root_cell_is_not_a_target),
		T(cell_commands_when_disabled_say_so),
		T(cell_create_checks_the_file_then_sends),
		T(cell_load_reads_images_then_sends),
		T(driver_sentences_are_printed_once),
		T(console_prints_the_log),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
