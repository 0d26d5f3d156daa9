// SPDX-License-Identifier: GPL-2.0
/*
 * arch/spec.c on the host: the speculation plan carried out.  WRMSR is
 * recorded (fake/processor.h), the guest's IA32_SPEC_CTRL in the VMCS
 * MSR area is a variable here; the RSB fill (arch/spec-barriers.S) and
 * VERW run for real, both harmless in user mode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "cell.h"
#include "processor.h"
#include "spec.h"
#include "vmexit.h"
#include "spec-parts.h"

struct cell root_cell;
static struct cell other_cell;
static struct per_cpu cpu0;
unsigned int hv_num_cpus = 1;

struct per_cpu *per_cpu_of(unsigned int cpu)
{
	assert_int_equal(cpu, 0);
	return &cpu0;
}

long hypercall_refuse(struct per_cpu *cpu, long err, const char *fmt, ...)
{
	(void)cpu;
	(void)fmt;
	return err;
}

/* ---- what the code did ---- */
static struct {
	__u32 msr;
	__u64 value;
} writes[8];
static unsigned int num_writes;
static __u64 guest_spec_ctrl = 0xdead;

void write_msr(__u32 msr, __u64 value)
{
	assert_true(num_writes < 8);
	writes[num_writes].msr = msr;
	writes[num_writes].value = value;
	num_writes++;
}

__u64 read_msr(__u32 msr)
{
	fail_msg("unexpected RDMSR 0x%x", msr);
	return 0;
}

/* the checked read (fake/processor.h): only the host-CPU paths use it */
int read_msr_checked(__u32 msr, __u64 *value)
{
	(void)value;
	fail_msg("unexpected checked RDMSR 0x%x", msr);
	return -5;
}

void vmx_spec_set_guest_spec_ctrl(struct per_cpu *cpu, __u64 value)
{
	assert_ptr_equal(cpu, &cpu0);
	guest_spec_ctrl = value;
}

static void adopt(const struct spec_cpu *part, __u64 linux_value)
{
	cpu0.cpu_id = 0;
	spec_cpu_adopt(&cpu0, part, linux_value);
	num_writes = 0;
	guest_spec_ctrl = 0xdead;
}

static void assert_write(unsigned int n, __u32 msr, __u64 value)
{
	assert_true(n < num_writes);
	assert_int_equal(writes[n].msr, msr);
	assert_int_equal(writes[n].value, value);
}

static void test_haswell_cell_change_writes_spec_ctrl_itself(void **state)
{
	(void)state;
	adopt(&part_haswell, SPEC_CTRL_SSBD);
	spec_cell_change(&cpu0, &other_cell);
	/* no switching: SPEC_CTRL written directly, 0 for a cell */
	assert_int_equal(num_writes, 3);
	assert_write(0, MSR_IA32_SPEC_CTRL, 0);
	assert_write(1, MSR_IA32_PRED_CMD, 1);
	assert_write(2, MSR_IA32_FLUSH_CMD, 1);
	assert_int_equal(guest_spec_ctrl, 0xdead);
	/* back to the root: Linux's value again */
	num_writes = 0;
	spec_cell_change(&cpu0, &root_cell);
	assert_write(0, MSR_IA32_SPEC_CTRL, SPEC_CTRL_SSBD);
}

static void test_skylake_cell_change_sets_the_guest_area(void **state)
{
	(void)state;
	adopt(&part_skylake, SPEC_CTRL_IBRS);
	spec_cell_change(&cpu0, &other_cell);
	assert_int_equal(guest_spec_ctrl, 0);
	assert_int_equal(num_writes, 2); /* IBPB, L1D flush; no SPEC_CTRL */
	assert_write(0, MSR_IA32_PRED_CMD, 1);
	assert_write(1, MSR_IA32_FLUSH_CMD, 1);
	spec_cell_change(&cpu0, &root_cell);
	assert_int_equal(guest_spec_ctrl, SPEC_CTRL_IBRS);
}

static void test_entry_flush_only_into_non_root_cells(void **state)
{
	(void)state;
	adopt(&part_haswell, 0);
	cpu0.cell = &other_cell;
	spec_before_entry(&cpu0);
	assert_int_equal(num_writes, 1);
	assert_write(0, MSR_IA32_FLUSH_CMD, 1);
	num_writes = 0;
	cpu0.cell = &root_cell;
	spec_before_entry(&cpu0);
	assert_int_equal(num_writes, 0);
}

static void test_newer_parts_write_no_msr_before_entry(void **state)
{
	(void)state;
	cpu0.cell = &other_cell;
	adopt(&part_alder_lake, SPEC_CTRL_IBRS);
	spec_before_entry(&cpu0);
	assert_int_equal(num_writes, 0);
	spec_cell_change(&cpu0, &other_cell);
	assert_int_equal(num_writes, 1); /* IBPB only */
	assert_write(0, MSR_IA32_PRED_CMD, 1);
	assert_int_equal(guest_spec_ctrl, 0);
	/* Cascade Lake: VERW (not observable here), no MSR */
	adopt(&part_cascade_lake, SPEC_CTRL_IBRS);
	spec_before_entry(&cpu0);
	assert_int_equal(num_writes, 0);
}

/* The i7-6700K as recorded in 2015 (CPUID.7.0 EDX = 0): none of the MSRs
 * exists, and none is written (a WRMSR to one would #GP in VMX root). */
static void test_pre_spectre_part_writes_no_msr(void **state)
{
	(void)state;
	spec_exit_rsb = 0;
	adopt(&part_skylake_2015, 0);
	assert_int_equal(spec_exit_rsb, SPEC_RSB_FILL);
	cpu0.cell = &other_cell;
	spec_cell_change(&cpu0, &other_cell);
	spec_before_entry(&cpu0);
	spec_cell_change(&cpu0, &root_cell);
	assert_int_equal(num_writes, 0);
	assert_int_equal(guest_spec_ctrl, 0xdead);
}

static void test_exit_rsb_is_the_union_over_cpus(void **state)
{
	(void)state;
	spec_exit_rsb = 0;
	adopt(&part_alder_lake, 0);
	assert_int_equal(spec_exit_rsb, SPEC_RSB_PBRSB);
	adopt(&part_haswell, 0);
	assert_int_equal(spec_exit_rsb, SPEC_RSB_PBRSB | SPEC_RSB_FILL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_haswell_cell_change_writes_spec_ctrl_itself),
		cmocka_unit_test(test_skylake_cell_change_sets_the_guest_area),
		cmocka_unit_test(test_entry_flush_only_into_non_root_cells),
		cmocka_unit_test(test_newer_parts_write_no_msr_before_entry),
		cmocka_unit_test(test_pre_spectre_part_writes_no_msr),
		cmocka_unit_test(test_exit_rsb_is_the_union_over_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
