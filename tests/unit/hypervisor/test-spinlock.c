// SPDX-License-Identifier: GPL-2.0
/*
 * spinlock.c on the host: a lock records its holder and name, each CPU
 * the locks it holds (nested, released in any order), and a CPU that
 * waits SPIN_REPORT_MS for a lock names the lock and its holder on the
 * console, once, and goes on waiting.
 *
 * Which CPU runs is the test's (spin_this_cpu() answers for `current`).
 * Time is the test's too: the TSC runs at 1000 ticks per millisecond and
 * moves only in cpu_relax(), by `relax_ticks` per spin; `release_at` (a
 * TSC value) lets the holder let go while another CPU spins.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "processor.h"
#include "spinlock.h"
#include "wait.h"
#include "printk.h"

#define TICKS_PER_MS 1000ULL
#define NCPUS 3

static struct spin_held records[NCPUS];
static unsigned int current;
static __u64 tsc, relax_ticks;
static unsigned long spins;
/* the holder's release while another CPU spins */
static struct spinlock *release_lock;
static unsigned int release_cpu;
static __u64 release_at;

static struct spinlock a_lock, b_lock, c_lock;

struct spin_held *spin_this_cpu(unsigned int *cpu_id)
{
	*cpu_id = current;
	return &records[current];
}

static unsigned int tsc_reads;

__u64 read_tsc(void)
{
	tsc_reads++;
	return tsc;
}

__u64 wait_tsc_khz(void)
{
	return TICKS_PER_MS;
}

void cpu_relax(void)
{
	unsigned int spinner = current;

	tsc += relax_ticks;
	if (++spins > 1000000)
		fail_msg("spun a million times");
	if (release_lock && tsc >= release_at) {
		current = release_cpu;
		spin_unlock(release_lock);
		current = spinner;
		release_lock = NULL;
	}
}

static int setup(void **state)
{
	(void)state;
	memset(records, 0, sizeof(records));
	memset(&a_lock, 0, sizeof(a_lock));
	memset(&b_lock, 0, sizeof(b_lock));
	memset(&c_lock, 0, sizeof(c_lock));
	current = 0;
	tsc = 1000000;
	relax_ticks = TICKS_PER_MS; /* one spin: one millisecond */
	spins = 0;
	tsc_reads = 0;
	release_lock = NULL;
	fake_console[0] = 0;
	return 0;
}

static void test_owner_recorded_and_cleared(void **state)
{
	(void)state;
	current = 2;
	assert_int_equal(spin_owner(&a_lock), SPIN_NO_OWNER);
	spin_lock(&a_lock);
	assert_int_equal(spin_owner(&a_lock), 2);
	assert_string_equal(a_lock.name, "a_lock");
	assert_true(spin_held_by_me(&a_lock));
	assert_int_equal(spin_held_count(), 1);
	assert_ptr_equal(records[2].locks[0], &a_lock);
	current = 1; /* another CPU does not hold it */
	assert_false(spin_held_by_me(&a_lock));
	assert_int_equal(spin_held_count(), 0);
	current = 2;
	spin_unlock(&a_lock);
	assert_int_equal(spin_owner(&a_lock), SPIN_NO_OWNER);
	assert_false(spin_held_by_me(&a_lock));
	assert_int_equal(spin_held_count(), 0);
	assert_int_equal(a_lock.taken, 0);
	/* a free lock costs no clock read */
	assert_int_equal(tsc_reads, 0);
}

static void test_nested_locks_recorded(void **state)
{
	char names[64];

	(void)state;
	spin_lock(&a_lock);
	spin_lock(&b_lock);
	assert_true(spin_trylock(&c_lock));
	assert_int_equal(spin_held_count(), 3);
	spin_held_names(&records[0], names, sizeof(names));
	assert_string_equal(names, "a_lock, b_lock, c_lock");
	/* released out of order: the record keeps the others in order */
	spin_unlock(&b_lock);
	spin_held_names(&records[0], names, sizeof(names));
	assert_string_equal(names, "a_lock, c_lock");
	spin_unlock(&c_lock);
	spin_unlock(&a_lock);
	spin_held_names(&records[0], names, sizeof(names));
	assert_string_equal(names, "none");
	assert_int_equal(spin_held_count(), 0);
}

static void test_trylock_of_taken_lock_records_nothing(void **state)
{
	(void)state;
	current = 1;
	spin_lock(&a_lock);
	current = 0;
	assert_false(spin_trylock(&a_lock));
	assert_int_equal(spin_held_count(), 0);
	assert_int_equal(spin_owner(&a_lock), 1);
}

/* CPU 1 holds a_lock for 2.5 s; CPU 0 waits, reports once at 2 s, then
 * takes the lock when CPU 1 lets go. */
static void test_long_wait_names_lock_and_holder(void **state)
{
	__u64 start;

	(void)state;
	current = 1;
	spin_lock(&a_lock);
	current = 0;
	start = tsc;
	release_lock = &a_lock;
	release_cpu = 1;
	release_at = start + 2500 * TICKS_PER_MS;
	spin_lock(&a_lock);
	assert_true(spin_held_by_me(&a_lock));
	assert_int_equal(spin_owner(&a_lock), 0);
	assert_string_equal(fake_console,
			    "CPU 0 has waited 2000 ms for a_lock, held by CPU 1\n");
	assert_true(tsc >= release_at);
	assert_int_equal(records[1].count, 0);
}

static void test_short_wait_reports_nothing(void **state)
{
	(void)state;
	current = 2;
	spin_lock(&b_lock);
	current = 0;
	release_lock = &b_lock;
	release_cpu = 2;
	release_at = tsc + 1900 * TICKS_PER_MS;
	spin_lock(&b_lock);
	assert_string_equal(fake_console, "");
	assert_int_equal(spin_owner(&b_lock), 0);
}

/* The bounded wait (printk()'s for the console lock) gives up silently
 * and takes nothing. */
static void test_bounded_wait_gives_up(void **state)
{
	__u64 start;

	(void)state;
	current = 1;
	spin_lock(&c_lock);
	current = 0;
	start = tsc;
	assert_int_equal(spin_lock_bounded(&c_lock, 50), -EBUSY);
	assert_true(tsc - start >= 50 * TICKS_PER_MS);
	assert_true(tsc - start <= 52 * TICKS_PER_MS);
	assert_int_equal(spin_held_count(), 0);
	assert_int_equal(spin_owner(&c_lock), 1);
	assert_string_equal(fake_console, "");
	current = 1;
	spin_unlock(&c_lock);
	current = 0;
	assert_int_equal(spin_lock_bounded(&c_lock, 50), 0);
	assert_true(spin_held_by_me(&c_lock));
}

/* Deeper than the record: counted, named as "and N more". */
static void test_overflowing_record_is_counted(void **state)
{
	struct spinlock extra[SPIN_MAX_HELD + 1];
	char names[128];
	unsigned int n;

	(void)state;
	memset(extra, 0, sizeof(extra));
	for (n = 0; n < SPIN_MAX_HELD + 1; n++)
		spin_lock_named(&extra[n], "&x");
	assert_int_equal(spin_held_count(), SPIN_MAX_HELD + 1);
	spin_held_names(&records[0], names, sizeof(names));
	assert_string_equal(names, "x, x, x, x and 1 more");
	for (n = SPIN_MAX_HELD + 1; n-- > 0;)
		spin_unlock(&extra[n]);
	assert_int_equal(spin_held_count(), 0);
}

#define T(name) cmocka_unit_test_setup(name, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_owner_recorded_and_cleared),
		T(test_nested_locks_recorded),
		T(test_trylock_of_taken_lock_records_nothing),
		T(test_long_wait_names_lock_and_holder),
		T(test_short_wait_reports_nothing),
		T(test_bounded_wait_gives_up),
		T(test_overflowing_record_is_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
