// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-events.c on the host: INIT/SIPI emulation, kicks and the
 * requests one CPU makes of another.  The local APIC (apic_send_nmi() and
 * friends) and the arch hooks arch_cpu_scrub(), arch_cpu_load_cell(),
 * arch_cpu_reset() and arch_cpu_flush_ept() (INVEPT) are recorders here; cpu_relax() (fake/processor.h) plays the other CPU while the code
 * under test waits, and turns a wait that never ends into a failure.
 *
 * this_cpu() is the real inline of hv.h: per_cpu found from RSP.  The
 * tests that need "the current CPU" run their code on the stack inside
 * that CPU's per_cpu (makecontext), exactly as the hypervisor does; on
 * the test's own stack this_cpu() is none of the CPUs below.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "spec.h"
#include "cell.h"
#include "cpu-events.h"
#include "processor.h"
#include "printk.h"

#define NUM_CPUS 3
#define SPIN_LIMIT 10000
#define ROOT_BASE 0xfee00900ULL /* IA32_APIC_BASE: xAPIC, BSP */

static struct per_cpu cpus[NUM_CPUS];
struct cell root_cell;
static struct cell other_cell;

/*
 * What the CPU did, in order: X arch_cpu_scrub, R apic_restore_base,
 * C apic_change_cell, L arch_cpu_load_cell, B spec_cell_change (the
 * speculation barriers of a CPU changing cells), S arch_cpu_reset,
 * I arch_cpu_flush_ept.
 */
static char events[64];

static void event(char c)
{
	size_t n = strlen(events);

	assert_true(n + 1 < sizeof(events));
	events[n] = c;
	events[n + 1] = 0;
}

/* ---- the local APIC ---- */
static __u32 nmi_ids[8];
static unsigned int nmis;
static __u64 restored_base;
static int restore_result;

void apic_send_nmi(__u32 apic_id)
{
	if (nmis < 8)
		nmi_ids[nmis] = apic_id;
	nmis++;
}

int apic_restore_base(__u64 base)
{
	event('R');
	restored_base = base;
	return restore_result;
}

void apic_change_cell(struct per_cpu *cpu, const struct cell *to)
{
	/* called before the CPU takes its new owner */
	assert_ptr_equal(cpu->public.new_cell, to);
	assert_ptr_not_equal(cpu->cell, to);
	event('C');
}

/* only in the message of a lost CPU */
__u64 read_msr(__u32 msr)
{
	assert_int_equal(msr, 0x1b);
	return ROOT_BASE & ~(1ULL << 11);
}

/* ---- the arch hooks (VMX) ---- */
static const struct cell *loaded_cell;
static unsigned int reset_cs;
static __u64 reset_rip;
static unsigned int resets, inepts;
static int scrubbed_to_root = -1;

void arch_cpu_scrub(struct per_cpu *cpu, int to_root)
{
	(void)cpu;
	event('X');
	scrubbed_to_root = to_root;
}

void arch_cpu_load_cell(struct per_cpu *cpu, const struct cell *cell)
{
	(void)cpu;
	event('L');
	loaded_cell = cell;
}

static const struct cell *barrier_cell;

void spec_cell_change(struct per_cpu *cpu, const struct cell *cell)
{
	(void)cpu;
	event('B');
	barrier_cell = cell;
}

void arch_cpu_reset(struct per_cpu *cpu, unsigned int cs, __u64 rip)
{
	(void)cpu;
	event('S');
	reset_cs = cs;
	reset_rip = rip;
	resets++;
}

void arch_cpu_flush_ept(void)
{
	event('I');
	inepts++;
}

/* ---- the other CPU, while the code under test waits ---- */
static void (*other_cpu)(unsigned int spin);
static unsigned int spins;
static jmp_buf stuck;
static int expect_stuck;

void cpu_relax(void)
{
	spins++;
	if (other_cpu)
		other_cpu(spins);
	if (spins < SPIN_LIMIT)
		return;
	if (expect_stuck)
		longjmp(stuck, 1);
	fail_msg("still waiting after %u spins", spins);
}

/* ---- running as a given CPU ---- */
static ucontext_t test_context, cpu_context;
static struct per_cpu *seen_self;
static void (*as_cpu_body)(void);

static void as_cpu_entry(void)
{
	seen_self = this_cpu();
	as_cpu_body();
}

/* Runs `body` on the hypervisor stack of `cpu`: this_cpu() == cpu. */
static void run_as(struct per_cpu *cpu, void (*body)(void))
{
	seen_self = NULL;
	as_cpu_body = body;
	assert_int_equal(getcontext(&cpu_context), 0);
	cpu_context.uc_stack.ss_sp = cpu->stack;
	cpu_context.uc_stack.ss_size = sizeof(cpu->stack);
	cpu_context.uc_link = &test_context;
	makecontext(&cpu_context, as_cpu_entry, 0);
	assert_int_equal(swapcontext(&test_context, &cpu_context), 0);
	assert_ptr_equal(seen_self, cpu);
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	memset(cpus, 0, sizeof(cpus));
	for (n = 0; n < NUM_CPUS; n++) {
		cpus[n].cpu_id = n;
		cpus[n].apic_id = 0x10 + n;
		cpus[n].cell = &root_cell;
		cpus[n].public.sipi_vector = -1;
		cpus[n].root_apic_base = ROOT_BASE;
	}
	fake_console[0] = events[0] = 0;
	nmis = resets = inepts = spins = 0;
	restore_result = 0;
	restored_base = 0;
	loaded_cell = NULL;
	scrubbed_to_root = -1;
	other_cpu = NULL;
	expect_stuck = 0;
	return 0;
}

static struct per_cpu *const target = &cpus[1];

static void expect_started_at(unsigned int cs, __u64 rip)
{
	assert_int_equal(resets, 1);
	assert_int_equal(reset_cs, cs);
	assert_true(reset_rip == rip);
	assert_int_equal(target->public.parked, 0);
	assert_int_equal(target->public.start_request, 0);
	assert_int_equal(target->public.init_pending, 0);
}

/* ---- INIT and SIPI ---- */
static void test_init_then_two_sipis(void **state)
{
	(void)state;
	cpu_signal_init(target);
	assert_int_equal(nmis, 1);
	assert_int_equal(nmi_ids[0], 0x11);
	assert_int_equal(target->public.kick, 1);
	cpu_signal_sipi(target, 0x9a);
	cpu_signal_sipi(target, 0x9b);
	assert_int_equal(target->public.sipi_vector, 0x9a);
	/* the target, at the end of its exit */
	cpu_handle_events(target);
	expect_started_at(0x9a00, 0);
	assert_string_equal(events, "SI");
	assert_int_equal(target->public.wait_for_sipi, 0);
	assert_int_equal(target->public.sipi_vector, -1);
	/* a SIPI after that one does not linger to start it again */
	cpu_signal_sipi(target, 0x9b);
	assert_int_equal(target->public.sipi_vector, -1);
	cpu_handle_events(target);
	assert_int_equal(resets, 1);
	assert_int_equal(nmis, 1);
}

static void test_sipi_without_init_ignored(void **state)
{
	(void)state;
	cpu_signal_sipi(target, 0x9a);
	assert_int_equal(target->public.sipi_vector, -1);
	assert_int_equal(target->public.wait_for_sipi, 0);
	cpu_handle_events_slow(target);
	assert_int_equal(target->public.parked, 0);
	assert_int_equal(resets, 0);
	assert_int_equal(nmis, 0);
	assert_string_equal(events, "");
}

static void test_second_init_cancels_untaken_sipi(void **state)
{
	(void)state;
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x9a);
	cpu_signal_init(target);
	assert_int_equal(target->public.sipi_vector, -1);
	assert_int_equal(target->public.wait_for_sipi, 1);
	cpu_signal_sipi(target, 0x9b);
	cpu_handle_events(target);
	expect_started_at(0x9b00, 0);
	assert_int_equal(nmis, 2);
}

/* Parked and waiting: the SIPI arrives while it spins. */
static void sipi_on_third_spin(unsigned int spin)
{
	if (spin == 3)
		cpu_signal_sipi(target, 0x10);
}

static void test_parked_cpu_waits_for_sipi(void **state)
{
	(void)state;
	cpu_signal_init(target);
	other_cpu = sipi_on_third_spin;
	cpu_handle_events(target);
	expect_started_at(0x1000, 0);
	assert_int_equal(spins, 3);
}

/* ---- kicks and park requests ---- */
static void test_request_park(void **state)
{
	(void)state;
	cpu_request_park(target);
	assert_int_equal(target->public.park_request, 1);
	assert_int_equal(nmis, 1);
	assert_int_equal(nmi_ids[0], 0x11);
	/* already parked: nothing to do, no NMI */
	target->public.park_request = 0;
	target->public.kick = 0;
	target->public.parked = 1;
	cpu_request_park(target);
	assert_int_equal(target->public.park_request, 0);
	assert_int_equal(target->public.kick, 0);
	assert_int_equal(nmis, 1);
}

static void test_take_kick_once(void **state)
{
	(void)state;
	/* an NMI without a kick belongs to the guest */
	assert_int_equal(cpu_take_kick(target), 0);
	cpu_request_park(target);
	assert_int_equal(cpu_take_kick(target), 1);
	assert_int_equal(cpu_take_kick(target), 0);
	assert_int_equal(target->public.kick, 0);
}

static void self_requests(void)
{
	struct per_cpu *self = this_cpu();

	cpu_signal_init(self);
	cpu_request_park(self);
	cpu_flush_ept(self);
}

static void init_cpu1(void)
{
	cpu_signal_init(target);
}

/* Seen at the end of the current exit: no NMI, no kick to take. */
static void test_kick_to_self_sends_no_nmi(void **state)
{
	(void)state;
	run_as(target, self_requests);
	assert_int_equal(nmis, 0);
	assert_int_equal(target->public.kick, 0);
	assert_int_equal(target->public.init_pending, 1);
	assert_int_equal(target->public.park_request, 1);
	assert_int_equal(target->public.flush_request, 0);
	assert_string_equal(events, "I"); /* its own EPT flushed at once */
	/* the same from another CPU's stack does kick */
	run_as(&cpus[0], init_cpu1);
	assert_int_equal(nmis, 1);
	assert_int_equal(nmi_ids[0], 0x11);
	assert_int_equal(target->public.kick, 1);
}

static void parks_on_fourth_spin(unsigned int spin)
{
	if (spin == 4)
		target->public.parked = 1;
}

static void test_park_waits_until_parked(void **state)
{
	(void)state;
	other_cpu = parks_on_fourth_spin;
	assert_int_equal(cpu_park(target), 0);
	assert_int_equal(spins, 4);
	assert_int_equal(nmis, 1);
	/* parked already: returns at once */
	assert_int_equal(cpu_park(target), 0);
	assert_int_equal(spins, 4);
	assert_int_equal(nmis, 1);
}

/* ---- EPT flushes ---- */
static void flushes_on_second_spin(unsigned int spin)
{
	if (spin == 2) {
		assert_int_equal(target->public.flush_request, 1);
		cpu_handle_events(target);
	}
}

static void test_flush_ept(void **state)
{
	(void)state;
	other_cpu = flushes_on_second_spin;
	cpu_flush_ept(target);
	assert_int_equal(spins, 2);
	assert_int_equal(nmis, 1);
	assert_int_equal(target->public.flush_request, 0);
	assert_int_equal(target->public.parked, 0);
	assert_string_equal(events, "I");
	/* a parked CPU flushes when it starts: nothing asked */
	target->public.parked = 1;
	cpu_flush_ept(target);
	assert_int_equal(target->public.flush_request, 0);
	assert_int_equal(nmis, 1);
	assert_int_equal(inepts, 1);
}

/* ---- moves between cells ---- */
static void taken_on_fifth_spin(unsigned int spin)
{
	assert_ptr_equal(target->public.new_cell, &other_cell);
	if (spin == 5)
		target->public.new_cell = NULL;
}

static void test_move_waits_until_taken(void **state)
{
	(void)state;
	other_cpu = taken_on_fifth_spin;
	cpu_move(target, &other_cell);
	assert_int_equal(spins, 5);
	assert_null(target->public.new_cell);
}

/* Parked, moved to another cell with an armed SIPI of the old owner,
 * then started: the SIPI is gone, the start request counts. */
static void test_moved_cpu_starts_in_new_cell(void **state)
{
	(void)state;
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x9a);
	target->public.new_cell = &other_cell;
	target->msr_cache.valid = 1;
	target->mmio_decode.entry[2].insn.length = 3;
	target->mmio_decode.next = 3;
	cpu_start(target, 0x1234, 0x10);
	cpu_handle_events(target);
	/* scrubbed before anything of the new cell, no restore: not the root */
	assert_string_equal(events, "XCLBSI");
	assert_int_equal(scrubbed_to_root, 0);
	assert_ptr_equal(barrier_cell, loaded_cell);
	expect_started_at(0x1234, 0x10);
	assert_ptr_equal(target->cell, &other_cell);
	assert_ptr_equal(loaded_cell, &other_cell);
	assert_null(target->public.new_cell);
	assert_int_equal(target->public.wait_for_sipi, 0);
	assert_int_equal(target->public.sipi_vector, -1);
	assert_int_equal(target->msr_cache.valid, 0);
	assert_int_equal(target->mmio_decode.entry[2].insn.length, 0);
	assert_int_equal(target->mmio_decode.next, 0);
}

static void test_move_back_to_root_restores_base(void **state)
{
	(void)state;
	target->cell = &other_cell;
	cpu_request_park(target);
	target->public.new_cell = &root_cell;
	cpu_start(target, 0, 0x9000);
	cpu_handle_events(target);
	assert_string_equal(events, "XRCLBSI");
	assert_int_equal(scrubbed_to_root, 1);
	assert_true(restored_base == ROOT_BASE);
	assert_ptr_equal(target->cell, &root_cell);
	expect_started_at(0, 0x9000);
	assert_int_equal(target->public.lost, 0);
}

/* The APIC stayed disabled: the CPU is lost and never runs Linux again,
 * whatever start it is given. */
static void test_lost_cpu_stays_parked(void **state)
{
	(void)state;
	target->cell = &other_cell;
	cpu_request_park(target);
	target->public.new_cell = &root_cell;
	restore_result = -EIO;
	cpu_start(target, 0, 0x9000);
	target->public.wait_for_sipi = 1;
	expect_stuck = 1;
	if (!setjmp(stuck)) {
		cpu_handle_events(target);
		fail_msg("a lost CPU started");
	}
	assert_int_equal(spins, SPIN_LIMIT);
	assert_string_equal(events, "XRLB"); /* no apic_change_cell */
	assert_int_equal(target->public.lost, 1);
	assert_int_equal(target->public.parked, 1);
	assert_ptr_equal(target->cell, &root_cell);
	assert_int_equal(resets, 0);
	assert_non_null(strstr(fake_console, "CPU 1 cannot go back to Linux"));
}

#define T(name) cmocka_unit_test_setup(name, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_then_two_sipis),
		T(test_sipi_without_init_ignored),
		T(test_second_init_cancels_untaken_sipi),
		T(test_parked_cpu_waits_for_sipi),
		T(test_request_park),
		T(test_take_kick_once),
		T(test_kick_to_self_sends_no_nmi),
		T(test_park_waits_until_parked),
		T(test_flush_ept),
		T(test_move_waits_until_taken),
		T(test_moved_cpu_starts_in_new_cell),
		T(test_move_back_to_root_restores_base),
		T(test_lost_cpu_stays_parked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
