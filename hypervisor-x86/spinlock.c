// SPDX-License-Identifier: GPL-2.0
/*
 * Spinlocks with an owner and a name (include/spinlock.h).  The lock
 * itself is one exchange on `taken`; owner and name are written by the
 * holder after it took the lock and read by others only for reports, so
 * a stale value there costs a wrong name in a message, never mutual
 * exclusion.
 */
#include "hv.h"
#include "processor.h"
#include "spinlock.h"
#include "wait.h"
#include <common/format.h>

static const char *plain_name(const char *name)
{
	return name[0] == '&' ? name + 1 : name;
}

/* Bookkeeping of a lock this CPU has just taken. */
static void took(struct spinlock *lock, const char *name)
{
	unsigned int id;
	struct spin_held *held = spin_this_cpu(&id);

	lock->owner = (int)id + 1;
	lock->name = plain_name(name);
	if (held->count < SPIN_MAX_HELD)
		held->locks[held->count] = lock;
	held->count++;
}

static int try_take(struct spinlock *lock)
{
	return !__atomic_exchange_n(&lock->taken, 1, __ATOMIC_ACQUIRE);
}

int spin_trylock_named(struct spinlock *lock, const char *name)
{
	if (!try_take(lock))
		return 0;
	took(lock, name);
	return 1;
}

/* Spins until the lock is taken or, with a limit, `ms` have passed.  The
 * clock is read only once the lock was found taken: a free lock costs one
 * exchange, and the TSC frequency is not fixed before the system config
 * that names it is known (wait.c computes it once). */
static int wait_for(struct spinlock *lock, const char *name, unsigned int ms,
		    int report)
{
	__u64 start, limit;
	unsigned int id;

	if (try_take(lock)) {
		took(lock, name);
		return 0;
	}
	start = read_tsc();
	limit = wait_tsc_khz() * ms;
	while (!try_take(lock)) {
		if (limit && read_tsc() - start >= limit) {
			if (!report)
				return -EBUSY;
			spin_this_cpu(&id);
			printk("CPU %u has waited %u ms for %s, held by CPU %d\n",
			       id, ms, plain_name(name), spin_owner(lock));
			limit = 0; /* once per wait; it keeps waiting */
		}
		cpu_relax();
	}
	took(lock, name);
	return 0;
}

void spin_lock_named(struct spinlock *lock, const char *name)
{
	wait_for(lock, name, SPIN_REPORT_MS, 1);
}

int spin_lock_bounded_named(struct spinlock *lock, const char *name,
			    unsigned int ms)
{
	return wait_for(lock, name, ms ? ms : 1, 0);
}

void spin_unlock(struct spinlock *lock)
{
	unsigned int id, n;
	struct spin_held *held = spin_this_cpu(&id);
	unsigned int kept = held->count < SPIN_MAX_HELD ? held->count :
							  SPIN_MAX_HELD;

	/* usually the innermost; the order of release is free */
	for (n = kept; n-- > 0;)
		if (held->locks[n] == lock) {
			for (; n + 1 < kept; n++)
				held->locks[n] = held->locks[n + 1];
			break;
		}
	if (held->count)
		held->count--;
	lock->owner = 0;
	__atomic_store_n(&lock->taken, 0, __ATOMIC_RELEASE);
}

int spin_held_by_me(const struct spinlock *lock)
{
	unsigned int id;

	spin_this_cpu(&id);
	return lock->taken && lock->owner == (int)id + 1;
}

unsigned int spin_held_count(void)
{
	unsigned int id;

	return spin_this_cpu(&id)->count;
}

void spin_held_names(const struct spin_held *held, char *buf,
		     unsigned long size)
{
	unsigned int n, used = 0;

	if (!size)
		return;
	buf[0] = 0;
	if (!held->count) {
		jh_snprintf(buf, size, "none");
		return;
	}
	for (n = 0; n < held->count && n < SPIN_MAX_HELD && used < size; n++)
		used += jh_snprintf(buf + used, size - used, "%s%s",
				    n ? ", " : "", held->locks[n]->name);
	if (held->count > SPIN_MAX_HELD && used < size)
		jh_snprintf(buf + used, size - used, " and %u more",
			    held->count - SPIN_MAX_HELD);
}

int spin_owner(const struct spinlock *lock)
{
	int owner = lock->owner;

	return owner ? owner - 1 : SPIN_NO_OWNER;
}
