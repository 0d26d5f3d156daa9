// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's checks of .cell files before sending them: good configs pass,
 * and every kind of broken file is refused with its own sentence.  The
 * test builds its configs itself, like the files in configs/x86/ do.
 */
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

#include "config-file.h"

struct test_cell {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[2];
	struct jailhouse_pio pio_regions[1];
} JH_PACKED;

struct test_system {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[3];
	struct jailhouse_irqchip irqchips[1];
} JH_PACKED;

static char msg[512];

/* The shared validator, faked: the test decides what it says. */
static const char *validator_refusal;
static int validator_calls;

int jh_config_validate(const void *buf, unsigned long size, char *out,
		       unsigned long out_size);
int jh_config_validate(const void *buf, unsigned long size, char *out,
		       unsigned long out_size)
{
	(void)buf;
	(void)size;
	validator_calls++;
	if (!validator_refusal)
		return 0;
	snprintf(out, out_size, "%s", validator_refusal);
	return -1;
}

static void make_cell(struct test_cell *c)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->cell.signature, JAILHOUSE_CELL_SIGNATURE, 6);
	c->cell.revision = JAILHOUSE_CONFIG_REVISION;
	strcpy(c->cell.name, "tiny-demo");
	c->cell.cpu_set_size = sizeof(c->cpus);
	c->cell.num_memory_regions = 2;
	c->cell.num_pio_regions = 1;
	c->cpus[0] = 0x2;
	c->mem_regions[0].size = 0x100000;
	c->mem_regions[0].flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE;
	c->mem_regions[1].virt_start = 0x100000;
	c->mem_regions[1].size = 0x1000;
	c->mem_regions[1].flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION;
}

static void make_system(struct test_system *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->header.signature, JAILHOUSE_SYSTEM_SIGNATURE, 6);
	s->header.revision = JAILHOUSE_CONFIG_REVISION;
	s->header.hypervisor_memory.phys_start = 0x3a000000;
	s->header.hypervisor_memory.size = 0x600000;
	memcpy(s->header.root_cell.signature, JAILHOUSE_CELL_SIGNATURE, 6);
	s->header.root_cell.revision = JAILHOUSE_CONFIG_REVISION;
	strcpy(s->header.root_cell.name, "root");
	s->header.root_cell.cpu_set_size = sizeof(s->cpus);
	s->header.root_cell.num_memory_regions = 3;
	s->header.root_cell.num_irqchips = 1;
	s->cpus[0] = 0x3;
}

static int check_cell(const void *buf, size_t size)
{
	msg[0] = '\0';
	return config_file_check(buf, size, CONFIG_CELL, msg, sizeof(msg));
}

static int check_system(const void *buf, size_t size)
{
	msg[0] = '\0';
	return config_file_check(buf, size, CONFIG_SYSTEM, msg, sizeof(msg));
}

static int reset(void **state)
{
	(void)state;
	validator_refusal = NULL;
	validator_calls = 0;
	return 0;
}

static void good_configs_pass_and_reach_the_validator(void **state)
{
	struct test_system system;
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	make_system(&system);
	assert_int_equal(check_cell(&cell, sizeof(cell)), 0);
	assert_int_equal(check_system(&system, sizeof(system)), 0);
	assert_int_equal(validator_calls, 2);
}

static void a_cell_config_is_not_a_system_config(void **state)
{
	struct test_system system;
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	make_system(&system);
	assert_int_equal(check_system(&cell, sizeof(cell)), -1);
	assert_string_equal(msg,
			    "a cell configuration, not a system "
			    "configuration (use it with `jailhouse cell create`)");
	assert_int_equal(check_cell(&system, sizeof(system)), -1);
	assert_string_equal(msg,
			    "a system configuration, not a cell "
			    "configuration (use it with `jailhouse enable`)");
}

static void bad_signature_is_refused(void **state)
{
	unsigned char random_bytes[400];
	struct test_cell cell;
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(random_bytes); n++)
		random_bytes[n] = (n * 7919 + 13) & 0xff;
	assert_int_equal(check_cell(random_bytes, sizeof(random_bytes)), -1);
	assert_string_equal(msg, "not a cell configuration (bad signature)");
	assert_int_equal(check_system(random_bytes, sizeof(random_bytes)), -1);
	assert_string_equal(msg, "not a system configuration (bad signature)");

	make_cell(&cell);
	cell.cell.signature[5] = 'X';
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, "not a cell configuration (bad signature)");
	/* Shorter than a signature: still a signature problem. */
	assert_int_equal(check_cell("JHC", 3), -1);
	assert_string_equal(msg, "not a cell configuration (bad signature)");
	assert_int_equal(check_cell("", 0), -1);
	assert_string_equal(msg, "empty file, not a cell configuration");
}

static void wrong_revision_is_refused(void **state)
{
	struct test_system system;
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	cell.cell.revision = 7;
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg,
			    "configuration revision 7, but this jailhouse "
			    "reads revision 5 (rebuild the config against this "
			    "version)");
	make_system(&system);
	system.header.root_cell.revision = 0;
	assert_int_equal(check_system(&system, sizeof(system)), -1);
	assert_string_equal(msg,
			    "root cell: configuration revision 0, but this "
			    "jailhouse reads revision 5 (rebuild the config "
			    "against this version)");
	assert_int_equal(validator_calls, 0);
}

static void truncated_configs_are_refused(void **state)
{
	struct test_system system;
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	assert_int_equal(check_cell(&cell, 50), -1);
	assert_string_equal(msg, "truncated: 50 bytes, smaller than a cell "
				 "descriptor (112 bytes)");
	assert_int_equal(check_cell(&cell, sizeof(cell) - 1), -1);
	assert_string_equal(msg, "truncated: the descriptor's counts need 192 "
				 "bytes, the file holds only 191");
	assert_int_equal(check_cell(&cell, 7), -1);
	assert_string_equal(msg, "truncated: 7 bytes");
	make_system(&system);
	assert_int_equal(check_system(&system, sizeof(system.header)), -1);
	assert_string_equal(msg, "truncated: the descriptor's counts need 488 "
				 "bytes, the file holds only 344");
	assert_int_equal(check_system(&system, 200), -1);
	assert_string_equal(msg, "truncated: 200 bytes, smaller than a system "
				 "descriptor (344 bytes)");
}

static void oversized_config_is_refused(void **state)
{
	size_t size = JAILHOUSE_MAX_CONFIG_SIZE + 1;
	char *big = calloc(1, size);

	(void)state;
	assert_non_null(big);
	make_cell((struct test_cell *)big);
	assert_int_equal(check_cell(big, size), -1);
	assert_string_equal(msg, "too large (1048577 bytes, a configuration "
				 "holds at most 1048576)");
	free(big);
}

static void counts_that_do_not_match_the_file_are_refused(void **state)
{
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	cell.cell.num_memory_regions = 1;
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg,
			    "192 bytes, but the descriptor's counts account "
			    "for 160: a num_* field does not match its array");
	make_cell(&cell);
	cell.cell.num_pio_regions = 3;
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, "truncated: the descriptor's counts need 208 "
				 "bytes, the file holds only 192");
}

static void counts_beyond_the_abi_limits_are_refused(void **state)
{
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	cell.cell.num_pci_devices = 100000;
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, "num_pci_devices is 100000, more than the "
				 "limit of 256");
	make_cell(&cell);
	/* Would overflow a 32-bit size computation if not bounded first. */
	cell.cell.num_memory_regions = 0x08000001;
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg,
			    "num_memory_regions is 134217729, more than the "
			    "limit of 256");
	make_cell(&cell);
	cell.cell.num_irqchips = 9;
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, "num_irqchips is 9, more than the limit of 8");
}

static void bad_cpu_set_size_is_refused(void **state)
{
	static const __u32 sizes[] = { 0, 4, 12, 40 };
	struct test_cell cell;
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++) {
		make_cell(&cell);
		cell.cell.cpu_set_size = sizes[n];
		assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
		assert_non_null(strstr(msg, "cpu_set_size is"));
		assert_non_null(
			strstr(msg, "must be a multiple of 8 from 8 to 32"));
	}
}

static void cell_name_must_be_terminated_and_not_empty(void **state)
{
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	memset(cell.cell.name, 'a', sizeof(cell.cell.name));
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, "the cell name is not NUL-terminated within "
				 "31 characters");
	make_cell(&cell);
	cell.cell.name[0] = '\0';
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, "the cell name is empty");
}

static void root_cell_descriptor_is_checked(void **state)
{
	struct test_system system;

	(void)state;
	make_system(&system);
	system.header.root_cell.signature[0] = 'X';
	assert_int_equal(check_system(&system, sizeof(system)), -1);
	assert_non_null(strstr(msg, "root cell: bad signature"));
	make_system(&system);
	system.header.root_cell.cpu_set_size = 3;
	assert_int_equal(check_system(&system, sizeof(system)), -1);
	assert_non_null(strstr(msg, "root cell: cpu_set_size is 3"));
}

static void validator_refusal_is_passed_on(void **state)
{
	struct test_cell cell;

	(void)state;
	make_cell(&cell);
	validator_refusal =
		"memory region 0: size 0x100001 is not page aligned";
	assert_int_equal(check_cell(&cell, sizeof(cell)), -1);
	assert_string_equal(msg, validator_refusal);
}

static char *write_temp(const void *buf, size_t size)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/jailhouse-config-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	close(fd);
	return path;
}

static void load_names_the_file(void **state)
{
	struct test_cell cell;
	void *buf = NULL;
	size_t size;
	char *path;

	(void)state;
	make_cell(&cell);
	path = write_temp(&cell, sizeof(cell));
	assert_int_equal(config_file_load(path, CONFIG_CELL, &buf, &size, msg,
					  sizeof(msg)),
			 0);
	assert_int_equal(size, sizeof(cell));
	assert_memory_equal(buf, &cell, sizeof(cell));
	free(buf);

	assert_int_equal(config_file_load(path, CONFIG_SYSTEM, &buf, &size, msg,
					  sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, path));
	assert_non_null(strstr(msg, ": a cell configuration, not a system "
				    "configuration"));
	assert_null(buf);
	unlink(path);

	assert_int_equal(config_file_load("/nonexistent/apic-demo.cell",
					  CONFIG_CELL, &buf, &size, msg,
					  sizeof(msg)),
			 -1);
	assert_string_equal(msg, "/nonexistent/apic-demo.cell: No such file or "
				 "directory");
}

static void load_refuses_an_oversized_file_without_reading_it(void **state)
{
	size_t size = JAILHOUSE_MAX_CONFIG_SIZE + 4096;
	char *big = calloc(1, size);
	void *buf = NULL;
	size_t got;
	char *path;

	(void)state;
	assert_non_null(big);
	path = write_temp(big, size);
	free(big);
	assert_int_equal(config_file_load(path, CONFIG_CELL, &buf, &got, msg,
					  sizeof(msg)),
			 -1);
	assert_non_null(strstr(msg, "too large (1052672 bytes, at most 1048576 "
				    "allowed)"));
	unlink(path);
	/* Not a regular file: no size up front, the read itself stops. */
	assert_int_equal(config_file_load("/dev/zero", CONFIG_CELL, &buf, &got,
					  msg, sizeof(msg)),
			 -1);
	assert_string_equal(msg, "/dev/zero: too large (more than 1048576 "
				 "bytes)");
	assert_int_equal(config_file_load("/tmp", CONFIG_CELL, &buf, &got, msg,
					  sizeof(msg)),
			 -1);
	assert_string_equal(msg, "/tmp: is a directory, not a file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(good_configs_pass_and_reach_the_validator,
				       reset),
		cmocka_unit_test_setup(a_cell_config_is_not_a_system_config,
				       reset),
		cmocka_unit_test_setup(bad_signature_is_refused, reset),
		cmocka_unit_test_setup(wrong_revision_is_refused, reset),
		cmocka_unit_test_setup(truncated_configs_are_refused, reset),
		cmocka_unit_test_setup(oversized_config_is_refused, reset),
		cmocka_unit_test_setup(counts_that_do_not_match_the_file_are_refused,
				       reset),
		cmocka_unit_test_setup(counts_beyond_the_abi_limits_are_refused,
				       reset),
		cmocka_unit_test_setup(bad_cpu_set_size_is_refused, reset),
		cmocka_unit_test_setup(cell_name_must_be_terminated_and_not_empty,
				       reset),
		cmocka_unit_test_setup(root_cell_descriptor_is_checked, reset),
		cmocka_unit_test_setup(validator_refusal_is_passed_on, reset),
		cmocka_unit_test_setup(load_names_the_file, reset),
		cmocka_unit_test_setup(
			load_refuses_an_oversized_file_without_reading_it,
			reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
