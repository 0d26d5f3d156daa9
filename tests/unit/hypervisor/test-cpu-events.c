// SPDX-License-Identifier: GPL-2.0
/*
 * cpu-events.c on the host: the run-state word, INIT/SIPI emulation,
 * kicks and the requests one CPU makes of another, including hostile
 * sequences (the cell's INIT/SIPI injected at every step of a park, a
 * move and a start; a failed 2-CPU cell storming itself) and the bounded
 * waits giving up.  The local APIC (apic_send_nmi() and friends) and the
 * arch hooks arch_cpu_scrub(), spec_cell_change(), arch_cpu_load_cell(), arch_cpu_reset() and
 * arch_cpu_flush_ept() (INVEPT) are recorders here; cpu_relax()
 * (fake/processor.h) is where the other CPUs act while the code under
 * test waits, wait_begin()/wait_expired() count spins instead of TSC
 * time, and a wait that never ends is a failure.
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
#include "wait.h"

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
/*
 * cpu_relax() is where time passes.  While management code waits,
 * other_cpu() plays the CPU it waits for; while the target runs its own
 * wait loop (target_runs_until()), target_spin() plays everybody else
 * (the hostile cell's other CPU, management) and `until` says when the
 * test has seen enough of the loop: the test then leaves the loop as if
 * the CPU simply went on spinning there.
 */
static void (*other_cpu)(unsigned int spin);
static void (*target_spin)(unsigned int spin);
static int (*target_until)(void);
static int in_target;
static jmp_buf target_out;
static unsigned int spins;

void cpu_relax(void)
{
	spins++;
	if (in_target) {
		if (target_spin)
			target_spin(spins);
		if (target_until && target_until())
			longjmp(target_out, 1);
	} else if (other_cpu) {
		other_cpu(spins);
	}
	if (spins >= SPIN_LIMIT)
		fail_msg("still waiting after %u spins", spins);
}

/* The target's end of exit: 1 if it went back to its guest, 0 if the
 * test left it spinning in its wait loop when `until` said so. */
static int target_runs_until(int (*until)(void))
{
	int left_for_guest = 0;

	in_target = 1;
	target_until = until;
	if (!setjmp(target_out)) {
		cpu_handle_events(&cpus[1]);
		left_for_guest = 1;
	}
	in_target = 0;
	return left_for_guest;
}

/* ---- bounded waits: WAIT_SPINS spins stand for the time limit ---- */
#define WAIT_SPINS 1000

void wait_begin(struct hv_wait *w, unsigned int ms)
{
	assert_int_equal(ms, WAIT_LIMIT_MS);
	w->end = spins + WAIT_SPINS;
}

int wait_expired(const struct hv_wait *w)
{
	return spins >= w->end;
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
		cpus[n].root_apic_base = ROOT_BASE;
	}
	fake_console[0] = events[0] = 0;
	nmis = resets = inepts = spins = 0;
	restore_result = 0;
	restored_base = 0;
	loaded_cell = NULL;
	scrubbed_to_root = -1;
	other_cpu = NULL;
	target_spin = NULL;
	target_until = NULL;
	in_target = 0;
	return 0;
}

static struct per_cpu *const target = &cpus[1];

static __u32 state_of(const struct per_cpu *cpu)
{
	return cpu->public.run_state;
}

static void expect_started_at(unsigned int cs, __u64 rip)
{
	assert_int_equal(resets, 1);
	assert_int_equal(reset_cs, cs);
	assert_true(reset_rip == rip);
	assert_int_equal(state_of(target), CPU_RUN_RUNNING);
	assert_int_equal(target->waiting, 0);
}

static int target_is_held(void)
{
	return state_of(target) == CPU_RUN_HELD;
}

static int target_spun_100(void)
{
	static unsigned int first;

	if (!first)
		first = spins;
	if (spins - first < 100)
		return 0;
	first = 0;
	return 1;
}

/* ---- INIT and SIPI ---- */
static void test_init_then_two_sipis(void **state)
{
	(void)state;
	cpu_signal_init(target);
	assert_int_equal(state_of(target), CPU_RUN_WAIT_SIPI);
	assert_int_equal(nmis, 1);
	assert_int_equal(nmi_ids[0], 0x11);
	assert_int_equal(target->public.kick, 1);
	cpu_signal_sipi(target, 0x9a);
	cpu_signal_sipi(target, 0x9b);
	assert_int_equal(state_of(target), CPU_RUN_SIPI_WITH(0x9a));
	/* the target, at the end of its exit */
	cpu_handle_events(target);
	expect_started_at(0x9a00, 0);
	assert_string_equal(events, "SI");
	/* a SIPI after that one does not linger to start it again */
	cpu_signal_sipi(target, 0x9b);
	assert_int_equal(state_of(target), CPU_RUN_RUNNING);
	cpu_handle_events(target);
	assert_int_equal(resets, 1);
	assert_int_equal(nmis, 1);
}

static void test_sipi_without_init_ignored(void **state)
{
	(void)state;
	cpu_signal_sipi(target, 0x9a);
	assert_int_equal(state_of(target), CPU_RUN_RUNNING);
	cpu_handle_events_slow(target);
	assert_int_equal(resets, 0);
	assert_int_equal(nmis, 0);
	assert_string_equal(events, "");
	/* released by management: waits for an INIT, a SIPI alone is
	 * ignored there too */
	target->public.run_state = CPU_RUN_WAIT_INIT;
	cpu_signal_sipi(target, 0x9a);
	assert_int_equal(state_of(target), CPU_RUN_WAIT_INIT);
}

static void test_second_init_cancels_untaken_sipi(void **state)
{
	(void)state;
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x9a);
	cpu_signal_init(target);
	assert_int_equal(state_of(target), CPU_RUN_WAIT_SIPI);
	cpu_signal_sipi(target, 0x9b);
	cpu_handle_events(target);
	expect_started_at(0x9b00, 0);
	/* only the INIT on a running CPU kicks: the second found it parked
	 * for its cell already */
	assert_int_equal(nmis, 1);
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
	target_spin = sipi_on_third_spin;
	assert_true(target_runs_until(NULL));
	expect_started_at(0x1000, 0);
	assert_int_equal(spins, 3);
}

/* ---- kicks and park requests ---- */
static void test_request_park(void **state)
{
	(void)state;
	cpu_request_park(target);
	assert_int_equal(state_of(target), CPU_RUN_HOLD);
	assert_int_equal(nmis, 1);
	assert_int_equal(nmi_ids[0], 0x11);
	/* asked already, or held: nothing to do, no NMI */
	target->public.kick = 0;
	cpu_request_park(target);
	target->public.run_state = CPU_RUN_HELD;
	cpu_request_park(target);
	assert_int_equal(state_of(target), CPU_RUN_HELD);
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
	assert_int_equal(cpu_flush_ept(self), 0);
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
	/* management's park wins over the cell's own INIT */
	assert_int_equal(state_of(target), CPU_RUN_HOLD);
	assert_int_equal(target->public.flush_request, 0);
	assert_string_equal(events, "I"); /* its own EPT flushed at once */
	/* the same from another CPU's stack does kick */
	target->public.run_state = CPU_RUN_RUNNING;
	run_as(&cpus[0], init_cpu1);
	assert_int_equal(nmis, 1);
	assert_int_equal(nmi_ids[0], 0x11);
	assert_int_equal(target->public.kick, 1);
}

/* The target confirms at its fourth spin of management's wait. */
static void holds_on_fourth_spin(unsigned int spin)
{
	if (spin == 4)
		assert_false(target_runs_until(target_is_held));
}

static void test_park_waits_until_held(void **state)
{
	(void)state;
	other_cpu = holds_on_fourth_spin;
	assert_int_equal(cpu_park(target), 0);
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_int_equal(target->waiting, 1);
	assert_int_equal(nmis, 1);
	/* held already: returns at once */
	spins = 0;
	other_cpu = NULL;
	assert_int_equal(cpu_park(target), 0);
	assert_int_equal(spins, 0);
	assert_int_equal(nmis, 1);
}

/* A CPU that never stops: the wait ends and says what it waited for. */
static void test_park_gives_up_and_reports(void **state)
{
	(void)state;
	assert_int_equal(cpu_park(target), -EBUSY);
	assert_int_equal(spins, WAIT_SPINS);
	assert_non_null(strstr(
		fake_console,
		"gave up after 2000 ms waiting for CPU 1 to park (its run state: hold)"));
	/* still asked: it holds whenever it gets there */
	assert_false(target_runs_until(target_is_held));
	assert_int_equal(resets, 0);
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
	assert_int_equal(cpu_flush_ept(target), 0);
	assert_int_equal(spins, 2);
	assert_int_equal(nmis, 1);
	assert_int_equal(target->public.flush_request, 0);
	assert_string_equal(events, "I");
	/* a held CPU flushes when it starts: nothing asked */
	target->public.run_state = CPU_RUN_HELD;
	assert_int_equal(cpu_flush_ept(target), 0);
	assert_int_equal(target->public.flush_request, 0);
	assert_int_equal(nmis, 1);
	assert_int_equal(inepts, 1);
}

static void test_flush_gives_up_and_reports(void **state)
{
	(void)state;
	assert_int_equal(cpu_flush_ept(target), -EBUSY);
	assert_int_equal(spins, WAIT_SPINS);
	assert_non_null(
		strstr(fake_console,
		       "waiting for CPU 1 to flush its EPT translations"));
}

/* A CPU in its wait loop (the cell's wait-for-SIPI) answers a flush
 * request without flushing: it flushes when it starts. */
static void flush_request_on_fifth_spin(unsigned int spin)
{
	if (spin == 5)
		target->public.flush_request = 1;
}

static void test_flush_answered_from_wait_loop(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_WAIT_SIPI;
	target_spin = flush_request_on_fifth_spin;
	assert_false(target_runs_until(target_spun_100));
	assert_true(spins > 5);
	assert_int_equal(target->public.flush_request, 0);
	assert_int_equal(inepts, 0);
}

/* ---- moves between cells ---- */
static int target_moved(void)
{
	return state_of(target) == CPU_RUN_HELD && !target->public.new_cell;
}

static void moves_on_fifth_spin(unsigned int spin)
{
	assert_ptr_equal(target->public.new_cell, &other_cell);
	if (spin == 5)
		assert_false(target_runs_until(target_moved));
}

static void test_move_waits_until_taken(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	other_cpu = moves_on_fifth_spin;
	assert_int_equal(cpu_move(target, &other_cell), 0);
	assert_int_equal(spins, 6); /* the fifth, and one of the target's */
	assert_null(target->public.new_cell);
	assert_ptr_equal(target->cell, &other_cell);
	assert_string_equal(events, "XCLB");
}

static void test_move_needs_a_held_cpu(void **state)
{
	static const __u32 not_held[] = {
		CPU_RUN_RUNNING, CPU_RUN_WAIT_INIT,    CPU_RUN_WAIT_SIPI,
		CPU_RUN_HOLD,	 CPU_RUN_SIPI_WITH(3), CPU_RUN_START
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(not_held) / sizeof(not_held[0]); n++) {
		target->public.run_state = not_held[n];
		assert_int_equal(cpu_move(target, &other_cell), -EINVAL);
		assert_int_equal(cpu_start(target, 1, 2), -EINVAL);
		assert_int_equal(state_of(target), not_held[n]);
	}
	assert_int_equal(spins, 0);
}

/* The target never takes the move: withdrawn, nothing changed. */
static void test_move_gives_up_and_withdraws(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	assert_int_equal(cpu_move(target, &other_cell), -EBUSY);
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_ptr_equal(target->cell, &root_cell);
	assert_non_null(strstr(fake_console, "CPU 1 to change cells"));
	/* a later look of the target finds nothing to do */
	assert_false(target_runs_until(target_spun_100));
	assert_ptr_equal(target->cell, &root_cell);
	assert_string_equal(events, "");
}

/* The target begins the move (MOVING) at spin 5 and needs 1500 spins,
 * past the limit of 1000, to finish it. */
static void slow_move(unsigned int spin)
{
	if (spin == 5) {
		assert_int_equal(state_of(target), CPU_RUN_MOVE);
		target->public.run_state = CPU_RUN_MOVING;
	} else if (spin == 1500) {
		target->cell = target->public.new_cell;
		target->public.new_cell = NULL;
		target->public.run_state = CPU_RUN_HELD;
	}
}

/* A move the target has begun is waited for to its end: a caller that
 * gave up could free or start the cell the CPU then enters (the model's
 * MOVING_TIMEOUT variant). */
static void test_move_begun_is_waited_for(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	other_cpu = slow_move;
	assert_int_equal(cpu_move(target, &other_cell), 0);
	assert_int_equal(spins, 1500);
	assert_ptr_equal(target->cell, &other_cell);
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_non_null(
		strstr(fake_console, "CPU 1 is still changing cells after"));
	assert_null(strstr(fake_console, "gave up"));
}

/* Held, moved to another cell, then started: the start request counts. */
static void test_moved_cpu_starts_in_new_cell(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	target->msr_cache.valid = 1;
	target->mmio_decode.entry[2].insn.length = 3;
	target->mmio_decode.next = 3;
	other_cpu = moves_on_fifth_spin;
	assert_int_equal(cpu_move(target, &other_cell), 0);
	assert_int_equal(cpu_start(target, 0x1234, 0x10), 0);
	assert_int_equal(state_of(target), CPU_RUN_START);
	assert_true(target_runs_until(NULL));
	/* scrubbed before anything of the new cell, no restore: not the root */
	assert_string_equal(events, "XCLBSI");
	assert_int_equal(scrubbed_to_root, 0);
	assert_ptr_equal(barrier_cell, loaded_cell);
	expect_started_at(0x1234, 0x10);
	assert_ptr_equal(target->cell, &other_cell);
	assert_ptr_equal(loaded_cell, &other_cell);
	assert_int_equal(target->msr_cache.valid, 0);
	assert_int_equal(target->mmio_decode.entry[2].insn.length, 0);
	assert_int_equal(target->mmio_decode.next, 0);
}

static void moves_to_root(unsigned int spin)
{
	if (spin == 1)
		assert_false(target_runs_until(target_moved));
}

static void test_move_to_root_then_linux_sipi(void **state)
{
	(void)state;
	target->cell = &other_cell;
	target->public.run_state = CPU_RUN_HELD;
	other_cpu = moves_to_root;
	assert_int_equal(cpu_move(target, &root_cell), 0);
	assert_true(restored_base == ROOT_BASE);
	assert_ptr_equal(target->cell, &root_cell);
	/* released: Linux's INIT/SIPI bring it online */
	cpu_release(target);
	assert_int_equal(state_of(target), CPU_RUN_WAIT_INIT);
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x9a);
	assert_true(target_runs_until(NULL));
	assert_string_equal(events, "XRCLBSI");
	expect_started_at(0x9a00, 0);
	assert_int_equal(target->public.lost, 0);
}

/* The APIC stayed disabled: the CPU is lost and never runs Linux again,
 * whatever start it is given. */
static void test_lost_cpu_stays_parked(void **state)
{
	(void)state;
	target->cell = &other_cell;
	target->public.run_state = CPU_RUN_HELD;
	restore_result = -EIO;
	other_cpu = moves_to_root;
	assert_int_equal(cpu_move(target, &root_cell), 0);
	cpu_release(target);
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x9a);
	assert_false(target_runs_until(target_spun_100));
	assert_string_equal(events, "XRLB"); /* no apic_change_cell */
	assert_int_equal(target->public.lost, 1);
	assert_ptr_equal(target->cell, &root_cell);
	assert_int_equal(resets, 0);
	assert_int_equal(target->waiting, 1);
	assert_non_null(strstr(fake_console, "CPU 1 cannot go back to Linux"));
}

/* ---- hostile sequences: the cell's INIT/SIPI against management ---- */

/* The cell's other CPU sends INIT and SIPI on every spin. */
static void cell_storms(unsigned int spin)
{
	(void)spin;
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x77);
}

static void test_held_cpu_ignores_init_sipi(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	cell_storms(0);
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_int_equal(nmis, 0);
	target_spin = cell_storms;
	assert_false(target_runs_until(target_spun_100));
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_int_equal(resets, 0);
}

/*
 * The steps of a park, a move and a start, with the cell's INIT+SIPI
 * pair injected after step `at` (0: before anything).  Whatever the point,
 * the CPU ends held in the new cell and then starts where management
 * said, never at the cell's SIPI vector.
 */
static unsigned int inject_at;

static void storm_if(unsigned int step)
{
	if (step == inject_at)
		cell_storms(0);
}

static void move_with_storm(unsigned int spin)
{
	(void)spin;
	if (state_of(target) == CPU_RUN_MOVE) {
		storm_if(4);
		assert_false(target_runs_until(target_moved));
		storm_if(5);
	}
}

static void run_steps_with_storm(unsigned int at)
{
	setup(NULL);
	inject_at = at;
	storm_if(0);
	cpu_request_park(target);
	storm_if(1);
	target_spin = cell_storms;
	/* the target at the end of its exit, with the storm on every spin */
	assert_false(target_runs_until(target_is_held));
	target_spin = NULL;
	storm_if(2);
	assert_int_equal(cpu_wait_held(target), 0);
	storm_if(3);
	other_cpu = move_with_storm;
	assert_int_equal(cpu_move(target, &other_cell), 0);
	other_cpu = NULL;
	storm_if(6);
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_int_equal(cpu_start(target, 0x100, 0x20), 0);
	storm_if(7);
	assert_int_equal(state_of(target), CPU_RUN_START);
	assert_true(target_runs_until(NULL));
	assert_int_equal(resets, 1);
	assert_int_equal(reset_cs, 0x100);
	assert_true(reset_rip == 0x20);
	assert_ptr_equal(target->cell, &other_cell);
}

static void test_init_sipi_at_every_step(void **state)
{
	unsigned int at;

	(void)state;
	for (at = 0; at <= 8; at++)
		run_steps_with_storm(at);
}

/* The CPU's own INIT was pending (the cell sent it before the park):
 * the park still wins, and a SIPI recorded before is dropped. */
static void test_park_drops_pending_sipi(void **state)
{
	(void)state;
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x42);
	cpu_request_park(target);
	assert_int_equal(state_of(target), CPU_RUN_HOLD);
	assert_false(target_runs_until(target_is_held));
	assert_int_equal(resets, 0);
}

/*
 * A failed cell with two CPUs that keep sending each other INIT/SIPI: the
 * failing CPU asks both to park (cell_fail()); the other one, still in its
 * guest, goes on sending.  Neither ever runs again.
 */
static struct per_cpu *const buddy = &cpus[2];

static void buddy_storms(unsigned int spin)
{
	(void)spin;
	cpu_signal_init(target);
	cpu_signal_sipi(target, 0x55);
	cpu_signal_init(buddy);
	cpu_signal_sipi(buddy, 0x55);
}

static void test_failed_cell_cannot_wake_itself(void **state)
{
	(void)state;
	buddy_storms(0);
	cpu_request_park(target);
	cpu_request_park(buddy);
	buddy_storms(0);
	assert_int_equal(state_of(target), CPU_RUN_HOLD);
	assert_int_equal(state_of(buddy), CPU_RUN_HOLD);
	target_spin = buddy_storms;
	assert_false(target_runs_until(target_spun_100));
	assert_int_equal(state_of(target), CPU_RUN_HELD);
	assert_int_equal(state_of(buddy), CPU_RUN_HOLD);
	assert_int_equal(resets, 0);
}

/* Management's start withdrawn by a park before the CPU took it. */
static void test_park_withdraws_untaken_start(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	assert_int_equal(cpu_start(target, 1, 2), 0);
	cell_storms(0);
	assert_int_equal(state_of(target), CPU_RUN_START);
	cpu_request_park(target);
	assert_int_equal(state_of(target), CPU_RUN_HOLD);
	assert_false(target_runs_until(target_is_held));
	assert_int_equal(resets, 0);
}

/* Released CPUs belong to the cell again: its INIT/SIPI start them. */
static void test_release_gives_cpu_to_cell(void **state)
{
	(void)state;
	target->public.run_state = CPU_RUN_HELD;
	cpu_release(target);
	assert_int_equal(state_of(target), CPU_RUN_WAIT_INIT);
	target->public.run_state = CPU_RUN_HOLD;
	cpu_release(target);
	assert_int_equal(state_of(target), CPU_RUN_WAIT_INIT);
	/* a running CPU is not management's to release */
	target->public.run_state = CPU_RUN_RUNNING;
	cpu_release(target);
	assert_int_equal(state_of(target), CPU_RUN_RUNNING);
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(cpu_run_state_name(CPU_RUN_HELD), "held");
	assert_string_equal(cpu_run_state_name(CPU_RUN_SIPI_WITH(9)), "sipi");
	assert_string_equal(cpu_run_state_name(0x55), "invalid");
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
		T(test_park_waits_until_held),
		T(test_park_gives_up_and_reports),
		T(test_flush_ept),
		T(test_flush_gives_up_and_reports),
		T(test_flush_answered_from_wait_loop),
		T(test_move_waits_until_taken),
		T(test_move_needs_a_held_cpu),
		T(test_move_gives_up_and_withdraws),
		T(test_move_begun_is_waited_for),
		T(test_moved_cpu_starts_in_new_cell),
		T(test_move_to_root_then_linux_sipi),
		T(test_lost_cpu_stays_parked),
		T(test_held_cpu_ignores_init_sipi),
		T(test_init_sipi_at_every_step),
		T(test_park_drops_pending_sipi),
		T(test_failed_cell_cannot_wake_itself),
		T(test_park_withdraws_untaken_start),
		T(test_release_gives_cpu_to_cell),
		T(test_state_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
