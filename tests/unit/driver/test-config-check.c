// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of driver/config-check.c: each malformation has its sentence.
 * The kind of file is the driver's check; everything else is the validator
 * shared with the hypervisor (common/config-validate.c, linked here), so
 * these tests hold the driver to the hypervisor's sentences.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "config-check.h"
#include <jailhouse/fault.h>

struct test_system {
	struct jailhouse_system_desc sys;
	__u8 cpus[8];
	struct jailhouse_memory mem[2];
} JH_PACKED;

struct test_cell {
	struct jailhouse_cell_desc cell;
	__u8 cpus[8];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[1];
} JH_PACKED;

static char msg[JAILHOUSE_MSG_MAX];
static char expected[JAILHOUSE_MSG_MAX];

static void fill_cell(struct jailhouse_cell_desc *c, const char *name,
		      unsigned int regions)
{
	memcpy(c->signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	c->revision = JAILHOUSE_CONFIG_REVISION;
	strcpy(c->name, name);
	c->cpu_set_size = 8;
	c->num_memory_regions = regions;
}

static void make_system(struct test_system *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->sys.signature, JAILHOUSE_SYSTEM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	t->sys.revision = JAILHOUSE_CONFIG_REVISION;
	t->sys.flags = JAILHOUSE_SYS_NO_IOMMU;
	t->sys.hypervisor_memory.phys_start = 0x3a000000;
	t->sys.hypervisor_memory.size = 0x600000;
	fill_cell(&t->sys.root_cell, "root", 2);
	t->cpus[0] = 0x3;
	t->mem[0] = (struct jailhouse_memory){ 0x0, 0x0, 0x3a000000,
					       JAILHOUSE_MEM_RWX };
	t->mem[1] = (struct jailhouse_memory){ 0x3a600000, 0x3a600000,
					       0x1000000, JAILHOUSE_MEM_RW };
}

static int check_system(const struct test_system *t, size_t size)
{
	msg[0] = '\0';
	return jailhouse_check_system_config(t, size, msg, sizeof(msg));
}

static void assert_refused(int err, const char *phrase)
{
	assert_int_equal(err, -EINVAL);
	if (!strstr(msg, phrase))
		fail_msg("sentence \"%s\" lacks \"%s\"", msg, phrase);
}

static void valid_system_config_is_accepted(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	/* includes: the hypervisor memory overlaps no root region */
	assert_int_equal(check_system(&t, sizeof(t)), 0);
}

static void truncated_header_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	assert_refused(
		check_system(&t, 200),
		"system config: 200 bytes, smaller than a system descriptor (344 bytes)");
}

static void truncated_arrays_are_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	snprintf(expected, sizeof(expected),
		 "the counts in the descriptor add up to %zu bytes, but the config has %zu bytes",
		 sizeof(t), sizeof(t) - 8);
	assert_refused(check_system(&t, sizeof(t) - 8), expected);
}

static void trailing_garbage_is_refused(void **state)
{
	struct {
		struct test_system t;
		char extra[16];
	} JH_PACKED big;

	(void)state;
	make_system(&big.t);
	snprintf(expected, sizeof(expected),
		 "the counts in the descriptor add up to %zu bytes, but the config has %zu bytes",
		 sizeof(big.t), sizeof(big));
	assert_refused(check_system(&big.t, sizeof(big)), expected);
}

static void bad_signature_is_shown_escaped(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	memcpy(t.sys.signature, "XY\x01\"Z\xff", 6);
	assert_refused(check_system(&t, sizeof(t)),
		       "bad signature \"XY\\x01\\x22Z\\xff\"");
}

static void cell_config_as_system_config_is_named(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	memcpy(t.sys.signature, JAILHOUSE_CELL_SIGNATURE, 6);
	assert_refused(
		check_system(&t, sizeof(t)),
		"this is a cell config (signature JHCELL), not a system config");
}

static void wrong_revision_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.sys.revision = 7;
	assert_refused(check_system(&t, sizeof(t)),
		       "revision is 7, this hypervisor reads revision");
}

static void count_above_bound_is_refused_before_size(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.sys.root_cell.num_pci_devices = 100000;
	assert_refused(check_system(&t, sizeof(t)),
		       "num_pci_devices is 100000, more than the maximum of 256");
}

static void bad_cpu_set_size_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.sys.root_cell.cpu_set_size = 5;
	assert_refused(check_system(&t, sizeof(t)),
		       "cpu_set_size is 5, it must be a non-zero multiple of 8");
}

static void unterminated_name_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	memset(t.sys.root_cell.name, 'a', sizeof(t.sys.root_cell.name));
	assert_refused(check_system(&t, sizeof(t)), "not NUL-terminated");
}

static void empty_cpu_set_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.cpus[0] = 0;
	assert_refused(check_system(&t, sizeof(t)), "the CPU set is empty");
}

static void unaligned_region_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.mem[1].size = 0x1234;
	assert_refused(
		check_system(&t, sizeof(t)),
		"root region 1 (0x3a600000+0x1234 at 0x3a600000) is not page aligned");
}

static void sub_page_region_may_be_unaligned(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.mem[1].size = 0x8;
	t.mem[1].flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			 JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_8;
	assert_int_equal(check_system(&t, sizeof(t)), 0);
}

static void wrapping_region_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.mem[1].phys_start = 0xfffffffffffff000ULL;
	t.mem[1].size = 0x2000;
	assert_refused(check_system(&t, sizeof(t)),
		       "extends beyond the 52-bit physical address space");
}

static void empty_hypervisor_memory_is_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.sys.hypervisor_memory.size = 0;
	assert_refused(check_system(&t, sizeof(t)),
		       "hypervisor memory 0x3a000000+0x0 is empty");
}

static void hypervisor_overlap_names_the_region(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.mem[1].phys_start = 0x3a400000;
	assert_int_equal(check_system(&t, sizeof(t)), -EINVAL);
	assert_string_equal(
		msg,
		"system config: hypervisor memory 0x3a000000+0x600000 overlaps root region 1");
}

static void unknown_system_flags_are_refused(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	t.sys.flags = 0x80;
	assert_refused(check_system(&t, sizeof(t)),
		       "system config: unknown flags 0x80");
}

static void make_cell(struct test_cell *t)
{
	memset(t, 0, sizeof(*t));
	fill_cell(&t->cell, "demo", 1);
	t->cell.num_pci_devices = 1;
	t->pci[0].type = JAILHOUSE_PCI_TYPE_DEVICE;
	t->cpus[0] = 0x2;
	t->mem[0] = (struct jailhouse_memory){ 0x3a600000, 0x0, 0x100000,
					       JAILHOUSE_MEM_RWX |
						       JAILHOUSE_MEM_LOADABLE };
}

static void valid_cell_config_is_accepted(void **state)
{
	struct test_cell t;

	(void)state;
	make_cell(&t);
	assert_int_equal(jailhouse_check_cell_config(&t, sizeof(t), msg,
						     sizeof(msg)),
			 0);
}

static void system_config_as_cell_config_is_named(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	assert_int_equal(jailhouse_check_cell_config(&t, sizeof(t), msg,
						     sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(
		msg,
		"this is a system config (signature JHSYST), not a cell config"));
}

static void short_cell_config_as_system_config_is_named(void **state)
{
	struct test_cell t;

	(void)state;
	make_cell(&t);
	assert_true(sizeof(t) < sizeof(struct jailhouse_system_desc));
	assert_refused(
		jailhouse_check_system_config(&t, sizeof(t), msg, sizeof(msg)),
		"this is a cell config (signature JHCELL), not a system config");
}

static void file_shorter_than_a_signature_is_truncated(void **state)
{
	struct test_system t;

	(void)state;
	make_system(&t);
	assert_refused(check_system(&t, 3),
		       "config: 3 bytes, too small to be a config");
}

static void short_message_buffer_is_terminated(void **state)
{
	struct test_system t;
	char small[8];

	(void)state;
	make_system(&t);
	t.sys.revision = 9;
	memset(small, 'x', sizeof(small));
	assert_int_equal(jailhouse_check_system_config(&t, sizeof(t), small,
						       sizeof(small)),
			 -EINVAL);
	assert_string_equal(small, "system ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_system_config_is_accepted),
		cmocka_unit_test(truncated_header_is_refused),
		cmocka_unit_test(truncated_arrays_are_refused),
		cmocka_unit_test(trailing_garbage_is_refused),
		cmocka_unit_test(bad_signature_is_shown_escaped),
		cmocka_unit_test(cell_config_as_system_config_is_named),
		cmocka_unit_test(wrong_revision_is_refused),
		cmocka_unit_test(count_above_bound_is_refused_before_size),
		cmocka_unit_test(bad_cpu_set_size_is_refused),
		cmocka_unit_test(unterminated_name_is_refused),
		cmocka_unit_test(empty_cpu_set_is_refused),
		cmocka_unit_test(unaligned_region_is_refused),
		cmocka_unit_test(sub_page_region_may_be_unaligned),
		cmocka_unit_test(wrapping_region_is_refused),
		cmocka_unit_test(empty_hypervisor_memory_is_refused),
		cmocka_unit_test(hypervisor_overlap_names_the_region),
		cmocka_unit_test(unknown_system_flags_are_refused),
		cmocka_unit_test(valid_cell_config_is_accepted),
		cmocka_unit_test(system_config_as_cell_config_is_named),
		cmocka_unit_test(short_cell_config_as_system_config_is_named),
		cmocka_unit_test(file_shorter_than_a_signature_is_truncated),
		cmocka_unit_test(short_message_buffer_is_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
