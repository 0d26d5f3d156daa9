// SPDX-License-Identifier: GPL-2.0
/*
 * cell-fault.c on the host: an exception inside the hypervisor on a CPU
 * of a non-root cell fails that cell (with a report naming the exception)
 * instead of the hypervisor, once, and never for the root's CPUs or a CPU
 * in its wait loop.  cell_fail() and the checked MSR accesses are
 * recorders here.
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

struct cell root_cell;
static struct cell other_cell;
static struct per_cpu cpu;

/* ---- recorders ---- */
static struct jailhouse_fault_report failed_with;
static unsigned int fails;
static __u64 mcg_status;
static unsigned int mcg_writes;

void cell_fail(struct per_cpu *c, const struct jailhouse_fault_report *r)
{
	assert_ptr_equal(c, &cpu);
	failed_with = *r;
	fails++;
}

int read_msr_checked(__u32 msr, __u64 *value)
{
	assert_int_equal(msr, 0x17a); /* IA32_MCG_STATUS */
	*value = mcg_status;
	return 0;
}

int write_msr_checked(__u32 msr, __u64 value)
{
	assert_int_equal(msr, 0x17a);
	mcg_status = value;
	mcg_writes++;
	return 0;
}

/* CPU 0 the root's, CPU 1 `cpu` (the other cell's) */
static struct per_cpu root_cpu = { .cell = &root_cell };
unsigned int hv_num_cpus = 2;

struct per_cpu *per_cpu_of(unsigned int n)
{
	return n == 0 ? &root_cpu : &cpu;
}

static int setup(void **state)
{
	(void)state;
	memset(&cpu, 0, sizeof(cpu));
	cpu.cpu_id = 2;
	cpu.cell = &other_cell;
	memset(&failed_with, 0, sizeof(failed_with));
	fails = mcg_writes = 0;
	mcg_status = 0;
	return 0;
}

static void test_cell_cpu_exception_is_recoverable_once(void **state)
{
	(void)state;
	assert_int_equal(cell_exception_recoverable(&cpu), 1);
	assert_int_equal(cpu.in_exception, 1);
	/* an exception while handling the first one: a panic */
	assert_int_equal(cell_exception_recoverable(&cpu), 0);
}

static void test_root_and_waiting_cpus_panic(void **state)
{
	(void)state;
	cpu.cell = &root_cell;
	assert_int_equal(cell_exception_recoverable(&cpu), 0);
	cpu.cell = &other_cell;
	cpu.waiting = 1; /* in its wait loop: no exit to drop */
	assert_int_equal(cell_exception_recoverable(&cpu), 0);
	assert_int_equal(cpu.in_exception, 0);
}

static void test_page_fault_reported(void **state)
{
	/* vector, error code, RIP, CS, RFLAGS, RSP, SS */
	const __u64 frame[7] = { 14, 2,	  0xffffff8000012345ULL, 0x10, 0x2,
				 0,  0x18 };

	(void)state;
	cell_fail_exception(&cpu, frame);
	assert_int_equal(fails, 1);
	assert_int_equal(failed_with.reason, JAILHOUSE_FAULT_HV_EXCEPTION);
	assert_int_equal(failed_with.cpu, 2);
	assert_true(failed_with.address == 0xffffff8000012345ULL);
	assert_true(failed_with.qualification == 2);
	assert_string_equal(
		failed_with.message,
		"exception 14 (error code 0x2, MCG_STATUS 0x0) in the hypervisor at 0xffffff8000012345 while it handled CPU 2 of the cell");
	assert_int_equal(mcg_writes, 0);
}

/* A machine check in VMX root: reported as one, MCIP cleared so that the
 * next machine check does not shut the processor down. */
static void test_machine_check_reported_and_mcip_cleared(void **state)
{
	const __u64 frame[7] = { 18, 0,	  0xffffff8000000100ULL, 0x10, 0x2,
				 0,  0x18 };

	(void)state;
	mcg_status = 0x5; /* RIPV | MCIP */
	cell_fail_exception(&cpu, frame);
	assert_int_equal(failed_with.reason, JAILHOUSE_FAULT_MACHINE_CHECK);
	assert_int_equal(mcg_writes, 1);
	assert_true(mcg_status == 0);
	assert_non_null(strstr(failed_with.message, "MCG_STATUS 0x5"));
}

/* An IOMMU fault of the other cell's device, seen on a root CPU: the
 * cell fails through one of its own CPUs, with the report as given. */
static void test_device_fault_fails_its_cell(void **state)
{
	struct jailhouse_fault_report r = { .reason = JAILHOUSE_FAULT_IOMMU,
					    .address = 0x12345000 };
	struct cell lonely;

	(void)state;
	cell_fail_device(&other_cell, &r);
	assert_int_equal(fails, 1);
	assert_int_equal(failed_with.reason, JAILHOUSE_FAULT_IOMMU);
	assert_int_equal(failed_with.address, 0x12345000);
	/* a cell without CPUs: nothing to stop */
	cell_fail_device(&lonely, &r);
	assert_int_equal(fails, 1);
}

#define T(name) cmocka_unit_test_setup(name, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cell_cpu_exception_is_recoverable_once),
		T(test_root_and_waiting_cpus_panic),
		T(test_page_fault_reported),
		T(test_machine_check_reported_and_mcip_cleared),
		T(test_device_fault_fails_its_cell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
