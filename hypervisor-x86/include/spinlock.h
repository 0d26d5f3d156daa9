/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks that know who holds them (spinlock.c).  Zero-initialised a
 * lock is free.  Taken only for short sections of management work and
 * device emulation, never across a VM entry.
 *
 * Each lock records its holder (CPU number) and the name its spin_lock()
 * spelled; each CPU records the locks it holds (struct spin_held in its
 * per_cpu).  That turns two silent hangs into reports:
 *  - an exception inside the hypervisor while the CPU holds a lock is a
 *    panic naming the locks (failing only the cell would leave them taken
 *    and the next CPU that wants one would spin for ever);
 *  - a CPU that waits SPIN_REPORT_MS for a lock says on the console which
 *    lock and which CPU holds it (it keeps waiting: a lock cannot be
 *    taken from its holder safely).
 *
 * Lock order (take left before right, never the other way round):
 *
 *   cell_lock (cell.c) -> ioapic_lock (arch/ioapic.c) -> console_lock
 *   (console.c)
 *
 * cell_lock serialises management operations, which program the IOAPIC
 * (subsystem hooks of cell create/destroy) and print; IOAPIC emulation
 * prints under ioapic_lock.  A root CPU whose Linux reads a VT-d unit's
 * FSTS takes cell_lock too, only if it is free, to read the unit's faults
 * as a management call would (cell_run_if_free()).  pci_lock (pci.c),
 * ivshmem_lock (ivshmem-unit.c) and error_lock (setup.c, a latch for the
 * first failure) are taken under nothing but cell_lock and take nothing
 * but the console.
 * vtd_lock (arch/vtd.c: the VT-d tables) is taken under cell_lock,
 * ioapic_lock or pci_lock (a cell's interrupt becomes a remapping entry)
 * or ivshmem_lock (the root's doorbell message names a remapping entry)
 * and takes nothing but the console.
 * disable_lock (unit.c: one round of the units' disable hooks) is taken
 * under nothing and takes nothing but the console.
 * The console is last: printk() may be called under any lock, and it
 * never waits for ever (console.c).
 */
#ifndef _HV_SPINLOCK_H
#define _HV_SPINLOCK_H

#include <jailhouse/types.h>

/* how long a CPU waits for a lock before it reports the holder */
#define SPIN_REPORT_MS 2000
/* the deepest nesting the lock order allows is 3 */
#define SPIN_MAX_HELD 4
#define SPIN_NO_OWNER (-1)

struct spinlock {
	volatile int taken;
	/* for reports only: written by the holder after it took the lock */
	volatile int owner; /* CPU number + 1; 0: free */
	const char *volatile name;
};

/* The locks one CPU holds, innermost last.  Written by that CPU only. */
struct spin_held {
	struct spinlock *locks[SPIN_MAX_HELD];
	unsigned int count; /* may exceed SPIN_MAX_HELD: only counted then */
};

void spin_lock_named(struct spinlock *lock, const char *name);
/* 1 if the lock was free and is now taken. */
int spin_trylock_named(struct spinlock *lock, const char *name);
/* 0 once taken; -EBUSY (not taken, nothing reported) after `ms`. */
int spin_lock_bounded_named(struct spinlock *lock, const char *name,
			    unsigned int ms);
void spin_unlock(struct spinlock *lock);

/* The lock's name is how the caller spells it (without a leading '&'). */
#define spin_lock(lock) spin_lock_named(lock, #lock)
#define spin_trylock(lock) spin_trylock_named(lock, #lock)
#define spin_lock_bounded(lock, ms) spin_lock_bounded_named(lock, #lock, ms)

/* Whether this CPU holds `lock`. */
int spin_held_by_me(const struct spinlock *lock);
/* How many locks this CPU holds. */
unsigned int spin_held_count(void);
/* The names of the locks in a CPU's record, outermost first,
 * ", "-separated ("none" if it holds none); truncated to `size`. */
void spin_held_names(const struct spin_held *held, char *buf,
		     unsigned long size);
/* The CPU number that holds `lock`, SPIN_NO_OWNER if none. */
int spin_owner(const struct spinlock *lock);

/* The calling CPU's number and its record (setup.c: this_cpu()'s; host
 * tests define their own). */
struct spin_held *spin_this_cpu(unsigned int *cpu_id);

#endif
