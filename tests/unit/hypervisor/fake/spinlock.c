// SPDX-License-Identifier: GPL-2.0
/*
 * include/spinlock.h for host tests of code that takes locks (console,
 * PCI, ivshmem): one CPU, number 0, no clock.  A lock that is taken again
 * would spin for ever on hardware, so here it fails the test at once, and
 * so does a bounded wait for a lock the CPU holds itself; a bounded wait
 * for a lock taken otherwise gives up at once.  The real locks
 * (hypervisor-x86/spinlock.c) have their own test, hv-spinlock.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <common/env.h>
#include "spinlock.h"

static struct spin_held fake_held;

static const char *plain(const char *name)
{
	return name[0] == '&' ? name + 1 : name;
}

static void took(struct spinlock *lock, const char *name)
{
	lock->taken = 1;
	lock->owner = 1;
	lock->name = plain(name);
	if (fake_held.count < SPIN_MAX_HELD)
		fake_held.locks[fake_held.count] = lock;
	fake_held.count++;
}

void spin_lock_named(struct spinlock *lock, const char *name)
{
	if (lock->taken)
		fail_msg("%s taken again while held: a deadlock on hardware",
			 plain(name));
	took(lock, name);
}

int spin_trylock_named(struct spinlock *lock, const char *name)
{
	if (lock->taken)
		return 0;
	took(lock, name);
	return 1;
}

int spin_lock_bounded_named(struct spinlock *lock, const char *name,
			    unsigned int ms)
{
	/* on hardware: `ms` spent waiting for itself */
	if (lock->taken && lock->owner == 1)
		fail_msg("waits %u ms for %s, which this CPU holds", ms,
			 plain(name));
	return spin_trylock_named(lock, name) ? 0 : -EBUSY;
}

void spin_unlock(struct spinlock *lock)
{
	unsigned int n, kept = fake_held.count < SPIN_MAX_HELD ?
				       fake_held.count :
				       SPIN_MAX_HELD;

	if (!lock->taken)
		fail_msg("%s released while free",
			 lock->name ? lock->name : "?");
	for (n = kept; n-- > 0;)
		if (fake_held.locks[n] == lock) {
			for (; n + 1 < kept; n++)
				fake_held.locks[n] = fake_held.locks[n + 1];
			break;
		}
	if (fake_held.count)
		fake_held.count--;
	lock->owner = 0;
	lock->taken = 0;
}

int spin_held_by_me(const struct spinlock *lock)
{
	return lock->taken && lock->owner == 1;
}

unsigned int spin_held_count(void)
{
	return fake_held.count;
}

int spin_owner(const struct spinlock *lock)
{
	return lock->owner ? lock->owner - 1 : SPIN_NO_OWNER;
}
