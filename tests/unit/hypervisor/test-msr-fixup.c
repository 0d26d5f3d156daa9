// SPDX-License-Identifier: GPL-2.0
/*
 * include/processor.h: MSR accesses with a guest-chosen number or value
 * recover from the #GP the CPU may raise, through the fixup table.  On the
 * host, RDMSR/WRMSR in user mode always raise #GP (SIGSEGV); the handler
 * below does what the hypervisor's hv_exception() does with the same
 * lookup: resume at the listed address.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <cmocka.h>

#include "processor.h"

/* GNU ld brackets a section with a C-identifier name with these. */
extern const struct fixup_entry __start_fixup_table[], __stop_fixup_table[];

static unsigned int faults;

static unsigned long table_bytes(void)
{
	return (unsigned long)__stop_fixup_table -
	       (unsigned long)__start_fixup_table;
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	__u64 resume = fixup_resume_address(__start_fixup_table, table_bytes(),
					    uc->uc_mcontext.gregs[REG_RIP]);

	(void)sig;
	(void)info;
	faults++;
	if (!resume)
		abort(); /* an unlisted fault: exactly the panic case */
	uc->uc_mcontext.gregs[REG_RIP] = resume;
}

/* In the test body: cmocka installs its own SIGSEGV handler around it. */
static void catch_faults(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	faults = 0;
}

static void test_refused_write_returns_eio_and_goes_on(void **state)
{
	(void)state;
	catch_faults();
	assert_int_equal(write_msr_checked(0x830, 0x40), -5);
	assert_int_equal(faults, 1);
	/* the next access starts clean: the error is not sticky */
	assert_int_equal(write_msr_checked(0xda0, 1ULL << 8), -5);
	assert_int_equal(faults, 2);
}

static void test_refused_read_returns_eio(void **state)
{
	__u64 value = 0x1234;

	(void)state;
	catch_faults();
	assert_int_equal(read_msr_checked(0x1b, &value), -5);
	assert_int_equal(faults, 1);
	assert_int_equal(value, 0); /* nothing half-read is handed on */
}

/* Every checked access in the table resumes somewhere else than where it
 * faulted, and no faulting address is listed twice. */
static void test_table_is_well_formed(void **state)
{
	unsigned long n, m, count = table_bytes() / sizeof(struct fixup_entry);

	(void)state;
	assert_true(count >= 2);
	for (n = 0; n < count; n++) {
		assert_true(__start_fixup_table[n].resume_rip !=
			    __start_fixup_table[n].fault_rip);
		for (m = n + 1; m < count; m++)
			assert_true(__start_fixup_table[n].fault_rip !=
				    __start_fixup_table[m].fault_rip);
	}
	assert_int_equal(fixup_resume_address(__start_fixup_table,
					      table_bytes(), 0x1),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refused_write_returns_eio_and_goes_on),
		cmocka_unit_test(test_refused_read_returns_eio),
		cmocka_unit_test(test_table_is_well_formed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
