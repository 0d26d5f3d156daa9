// SPDX-License-Identifier: GPL-2.0
/*
 * cell-fault.c on the host: what an exception inside the hypervisor costs
 * (cell_exception_action(), every branch) and the reports.  A non-root
 * cell's CPU in a VM exit fails its cell, once; a machine check while the
 * CPU waits in the hypervisor fails the CPU's cell and leaves it parked
 * (the root gets a console line); a panic for the root's CPUs outside the
 * wait loop, other exceptions in the wait loop, a machine check without
 * RIPV while the CPU changes cells, a second exception, and any exception
 * while the CPU holds a lock - whose panic sentence names the locks.
 * cell_fail() and the checked MSR accesses are recorders here; the locks
 * are spinlock.c's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "cell.h"
#include "cpu-events.h"
#include "processor.h"
#include "spinlock.h"
#include "wait.h"
#include "printk.h"

#define RIPV 0x1ULL
#define MCIP 0x4ULL

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

/* ---- what spinlock.c needs: `cpu` is the CPU that runs ---- */
struct spin_held *spin_this_cpu(unsigned int *cpu_id)
{
	*cpu_id = cpu.cpu_id;
	return &cpu.spin_held;
}

__u64 read_tsc(void)
{
	return 0;
}

__u64 wait_tsc_khz(void)
{
	return 1000;
}

void cpu_relax(void)
{
	fail_msg("a lock was contended in a one-CPU test");
}

static struct spinlock pci_lock, console_lock;

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
	cpu.public.run_state = CPU_RUN_RUNNING;
	memset(&failed_with, 0, sizeof(failed_with));
	memset(&pci_lock, 0, sizeof(pci_lock));
	memset(&console_lock, 0, sizeof(console_lock));
	fails = mcg_writes = 0;
	mcg_status = 0;
	fake_console[0] = 0;
	return 0;
}

/* a CPU in its wait loop (cpu-events.c), parked or moving */
static void in_wait_loop(__u32 run_state)
{
	cpu.waiting = 1;
	cpu.public.run_state = run_state;
}

static void test_cell_exit_fails_the_cell(void **state)
{
	(void)state;
	assert_int_equal(cell_exception_action(&cpu, 14, 0),
			 EXCEPTION_FAIL_CELL);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV | MCIP),
			 EXCEPTION_FAIL_CELL);
}

static void test_second_exception_panics(void **state)
{
	(void)state;
	cpu.in_exception = 1;
	assert_int_equal(cell_exception_action(&cpu, 14, 0), EXCEPTION_PANIC);
	in_wait_loop(CPU_RUN_HELD);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV),
			 EXCEPTION_PANIC);
}

static void test_root_cpu_outside_wait_loop_panics(void **state)
{
	(void)state;
	cpu.cell = &root_cell;
	assert_int_equal(cell_exception_action(&cpu, 14, 0), EXCEPTION_PANIC);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV),
			 EXCEPTION_PANIC);
}

/* No exit to drop and no guest to blame: a bug of the hypervisor. */
static void test_other_exception_in_wait_loop_panics(void **state)
{
	(void)state;
	in_wait_loop(CPU_RUN_HELD);
	assert_int_equal(cell_exception_action(&cpu, 14, 0), EXCEPTION_PANIC);
	assert_int_equal(cell_exception_action(&cpu, 13, 0), EXCEPTION_PANIC);
}

static void test_machine_check_while_parked_fails_cell(void **state)
{
	(void)state;
	in_wait_loop(CPU_RUN_HELD);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV | MCIP),
			 EXCEPTION_FAIL_PARKED);
	/* without RIPV too: the wait loop starts afresh */
	assert_int_equal(cell_exception_action(&cpu, 18, MCIP),
			 EXCEPTION_FAIL_PARKED);
	in_wait_loop(CPU_RUN_WAIT_SIPI);
	assert_int_equal(cell_exception_action(&cpu, 18, MCIP),
			 EXCEPTION_FAIL_PARKED);
	cpu.cell = &root_cell; /* a parked root CPU: no panic either */
	assert_int_equal(cell_exception_action(&cpu, 18, MCIP),
			 EXCEPTION_FAIL_PARKED);
}

static void test_machine_check_while_moving(void **state)
{
	(void)state;
	in_wait_loop(CPU_RUN_MOVING);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV | MCIP),
			 EXCEPTION_FAIL_PARKED);
	/* the move can be neither resumed nor restarted */
	assert_int_equal(cell_exception_action(&cpu, 18, MCIP),
			 EXCEPTION_PANIC);
}

/* Dropping the work would leave the lock taken for ever. */
static void test_any_exception_holding_a_lock_panics(void **state)
{
	(void)state;
	spin_lock(&pci_lock);
	assert_int_equal(cell_exception_action(&cpu, 14, 0), EXCEPTION_PANIC);
	in_wait_loop(CPU_RUN_HELD);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV),
			 EXCEPTION_PANIC);
	spin_unlock(&pci_lock);
	assert_int_equal(cell_exception_action(&cpu, 18, RIPV),
			 EXCEPTION_FAIL_PARKED);
}

static void test_panic_text_names_the_locks(void **state)
{
	const __u64 frame[7] = { 14, 2,	  0xffffff8000012345ULL, 0x10, 0x2,
				 0,  0x18 };
	char text[200];

	(void)state;
	cell_exception_text(text, sizeof(text), &cpu, frame, 0x1000);
	assert_string_equal(
		text,
		"exception 14, error code 0x2 at RIP 0xffffff8000012345, CR2 0x1000");
	spin_lock(&pci_lock);
	spin_lock(&console_lock);
	cell_exception_text(text, sizeof(text), &cpu, frame, 0x1000);
	assert_string_equal(
		text,
		"exception 14, error code 0x2 at RIP 0xffffff8000012345, CR2 0x1000 while holding pci_lock, console_lock (the next CPU to take one would wait for ever)");
	spin_unlock(&console_lock);
	cell_exception_text(text, sizeof(text), &cpu, frame, 0x1000);
	assert_non_null(
		strstr(text,
		       "while holding pci_lock (the next CPU to take it"));
	spin_unlock(&pci_lock);
}

static void test_mcg_status_read_for_machine_checks_only(void **state)
{
	(void)state;
	mcg_status = RIPV | MCIP;
	assert_true(cell_exception_mcg_status(18) == (RIPV | MCIP));
	assert_true(cell_exception_mcg_status(14) == 0);
	assert_true(cell_exception_resumable(RIPV | MCIP));
	assert_false(cell_exception_resumable(MCIP));
}

static void test_page_fault_reported(void **state)
{
	/* vector, error code, RIP, CS, RFLAGS, RSP, SS */
	const __u64 frame[7] = { 14, 2,	  0xffffff8000012345ULL, 0x10, 0x2,
				 0,  0x18 };

	(void)state;
	cell_fail_exception(&cpu, frame, 0);
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
	mcg_status = RIPV | MCIP;
	cell_fail_exception(&cpu, frame, cell_exception_mcg_status(18));
	assert_int_equal(failed_with.reason, JAILHOUSE_FAULT_MACHINE_CHECK);
	assert_int_equal(mcg_writes, 1);
	assert_true(mcg_status == 0);
	assert_non_null(strstr(failed_with.message, "MCG_STATUS 0x5"));
}

static void test_parked_machine_check_fails_the_cell(void **state)
{
	const __u64 frame[7] = { 18, 0,	  0xffffff8000000200ULL, 0x10, 0x2,
				 0,  0x18 };

	(void)state;
	in_wait_loop(CPU_RUN_HELD);
	mcg_status = MCIP;
	cell_fail_parked(&cpu, frame, MCIP);
	assert_int_equal(fails, 1);
	assert_int_equal(failed_with.reason, JAILHOUSE_FAULT_MACHINE_CHECK);
	assert_int_equal(failed_with.cpu, 2);
	assert_true(failed_with.qualification == MCIP);
	assert_string_equal(
		failed_with.message,
		"machine check (MCG_STATUS 0x4) on CPU 2 while it waited in the hypervisor; the CPU stays parked");
	assert_true(mcg_status == 0);
	assert_string_equal(fake_console, "");

	in_wait_loop(CPU_RUN_MOVING);
	cell_fail_parked(&cpu, frame, RIPV | MCIP);
	assert_int_equal(fails, 2);
	assert_non_null(strstr(failed_with.message, "while it changed cells"));
}

/* The root cannot be failed: the console says it, nothing else happens. */
static void test_parked_root_cpu_machine_check_reported(void **state)
{
	const __u64 frame[7] = { 18, 0,	  0xffffff8000000200ULL, 0x10, 0x2,
				 0,  0x18 };

	(void)state;
	cpu.cell = &root_cell;
	in_wait_loop(CPU_RUN_WAIT_INIT);
	mcg_status = RIPV | MCIP;
	cell_fail_parked(&cpu, frame, RIPV | MCIP);
	assert_int_equal(fails, 0);
	assert_true(mcg_status == 0);
	assert_string_equal(
		fake_console,
		"root cell: machine check (MCG_STATUS 0x5) on CPU 2 while it waited in the hypervisor; the CPU stays parked\n");
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
		T(test_cell_exit_fails_the_cell),
		T(test_second_exception_panics),
		T(test_root_cpu_outside_wait_loop_panics),
		T(test_other_exception_in_wait_loop_panics),
		T(test_machine_check_while_parked_fails_cell),
		T(test_machine_check_while_moving),
		T(test_any_exception_holding_a_lock_panics),
		T(test_panic_text_names_the_locks),
		T(test_mcg_status_read_for_machine_checks_only),
		T(test_page_fault_reported),
		T(test_machine_check_reported_and_mcip_cleared),
		T(test_parked_machine_check_fails_the_cell),
		T(test_parked_root_cpu_machine_check_reported),
		T(test_device_fault_fails_its_cell),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
