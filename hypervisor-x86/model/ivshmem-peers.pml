/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ivshmem peer state through a cell's life (ivshmem-unit.c, ivshmem.c),
 * for SPIN.  README.md in this folder maps every step to the code.
 *
 * One link, two peers: the root's device (peer 0, active for good, its
 * interrupts on, MSI-X vector aimed at root CPU 3) and cell A's (peer 1:
 * attached at create, active from start until a quiesce, detached at
 * destroy).  Cell A's CPUs, in VM exits at any time: turn decoding on or
 * off, write their MSI-X vector aimed at any CPU (outside the cell:
 * refused, the cell fails, after the lock is dropped), write their state
 * register, ring the root's doorbell, fault.  Root CPU 3 rings A's
 * doorbell and changes its own state at any time.  ivshmem_lock is held
 * explicitly (lk); the management calls hold cell_lock around it.
 *
 * What holds (INVARIANT, and at every interrupt sent):
 *   V1 an interrupt goes to a CPU of the target peer's cell, an existing
 *      cell's, and only while that peer is active;
 *   V2 the state table shows 0 for a peer not attached and for a cell
 *      quiesced (failed, shut down, destroying) until its next start;
 *   V3 every change of A's entry in the state table is told to the root
 *      peer in the same step (state interrupt);
 *   V4 nothing cell A writes after its quiesce reaches the link (no
 *      doorbell, no state);
 *   V5 no deadlock of ivshmem_lock (invalid end states).
 *
 * Variants:
 *   default                 the code as it is;
 *   -DINACTIVE_WRITES       the code before the fix: the registers of an
 *                           inactive device still take state and doorbell
 *                           writes (a failed cell's other CPU, before it
 *                           parks, turns decoding on again and sets its
 *                           state; the peers see a failed peer alive);
 *   -DFAIL_UNDER_LOCK       cell_fail() called with ivshmem_lock held
 *                           (deliberately broken: deadlock);
 *   -DBLIND_DOORBELL        the reset keeps the MSI-X vector and a
 *                           delivery checks nothing (deliberately broken);
 *   -DNO_STATE_SIGNAL       the reset clears the state without telling the
 *                           peers (deliberately broken).
 */

#include "cell-life.pml"

#define NOBODY 9

byte lk = NOBODY; /* ivshmem_lock's holder */
bool attached; /* link->peers[1] */
bool ep_active; /* A's ep->active */
bool decoding; /* A's command register: memory on */
byte vec_dest = NOBODY; /* A's MSI-X vector: the CPU, NOBODY masked */
bool a_state; /* A's ep->state (0 or not) */
bool table_a; /* state_table[1] */
bool told_root; /* the last state of A the root peer was told */
bool root_state; /* the root's ep->state, table[0] */
bool a_exists;

#define V2 ((attached || !table_a) && (!quiesced || !table_a))
#define V3 (lk != NOBODY || told_root == table_a)
#define ATTACHED_OK (a_exists || !attached)
#define INVARIANT (V2 && V3 && ATTACHED_OK)
#define CHECKS assert(V2); assert(V3); assert(ATTACHED_OK)

/* a spinlock: taken again by its holder, it spins for ever (V5) */
inline lock(id)
{
	assert(lk != id);
	atomic { lk == NOBODY -> lk = id }
}

inline unlock()
{
	lk = NOBODY
}

/* step send_signals (with ivshmem_signal_message()): to A, through its
 * vector, checked again against A's CPUs now */
inline signal_a()
{
#ifndef BLIND_DOORBELL
	if
	:: ep_active && vec_dest != NOBODY && cpu_cell[vec_dest] == CELL_A ->
#else
	if
	:: vec_dest != NOBODY ->
#endif
		assert(cpu_cell[vec_dest] == CELL_A && a_exists && ep_active);
		printf("interrupt to cpu%d (peer A)\n", vec_dest)
	:: else
	fi
}

/* to the root's peer: its vector aims at root CPU 3 */
inline signal_root(from_a)
{
	printf("interrupt to cpu3 (root peer)\n");
	assert(!from_a || !quiesced) /* V4 */
}

/* step ivshmem_reset: inactive, the view from scratch, state 0, the
 * peers told if it was not 0 */
inline reset_a()
{
	ep_active = false;
	decoding = false;
#ifndef BLIND_DOORBELL
	vec_dest = NOBODY;
#endif
	if
	:: a_state ->
		a_state = false;
		table_a = false;
#ifndef NO_STATE_SIGNAL
		told_root = false;
		signal_root(0)
#endif
	:: else
	fi
}

/* step add_device (ivshmem_attach()) */
inline unit_create(res)
{
	a_exists = true;
	lock(0);
	attached = true;
	ep_active = false;
	decoding = false;
	vec_dest = NOBODY;
	a_state = false;
	table_a = false;
	unlock();
	res = OK
}

/* step ivshmem_cell_start: reset, then ep_active */
inline unit_start()
{
	lock(0);
	reset_a();
	ep_active = true;
	unlock()
}

/* step ivshmem_cell_quiesce (reset_cell()) */
inline unit_quiesce(by)
{
	lock(by);
	reset_a();
	quiesced = true;
	unlock()
}

/* step ivshmem_cell_destroy: reset, then detach (remove_device()) */
inline unit_destroy()
{
	lock(0);
	reset_a();
	attached = false;
	unlock();
	a_exists = false
}

/* A's CPU in a VM exit: config write, MSI-X write, BAR 0 write, fault */
inline cell_exit(id)
{
	k = 0;
	if
	:: lock(id); /* step config_write */
		atomic { decoding = !decoding;
			printf("cpu%d: decoding %d\n", id, decoding) };
		unlock()
	:: lock(id); /* step ivshmem_msix_access: checked against A's CPUs */
		if
		:: vec_dest = NOBODY
		:: vec_dest = 1
		:: cpu_cell[3] != CELL_A -> k = 1 /* aimed outside: refused */
		fi;
#ifdef FAIL_UNDER_LOCK
		if
		:: k == 1 -> cell_fail(id)
		:: else
		fi;
#endif
		unlock()
	:: lock(id); /* step state_write */
#ifndef INACTIVE_WRITES
		if
		:: decoding && ep_active && !a_state ->
#else
		if
		:: decoding && !a_state ->
#endif
			printf("cpu%d: writes state 1\n", id);
			a_state = true; table_a = true; told_root = true;
			signal_root(1)
		:: else
		fi;
		unlock()
	:: lock(id); /* step doorbell to the root's peer */
#ifndef INACTIVE_WRITES
		if
		:: decoding && ep_active ->
#else
		if
		:: decoding ->
#endif
			printf("cpu%d: rings the root peer\n", id);
			signal_root(1)
		:: else
		fi;
		unlock()
	:: cell_fail(id)
	:: skip
	fi;
#ifndef FAIL_UNDER_LOCK
	if
	:: k == 1 -> cell_fail(id) /* violation(), after the lock */
	:: else
	fi;
#endif
	k = 0
}

/* Root CPU 3: A's doorbell, its own state (A told) */
inline root_step()
{
	if
	:: lock(3); /* step doorbell */
		if
		:: attached -> signal_a()
		:: else
		fi;
		unlock()
	:: lock(3); /* step state_write (signal_state()) */
		root_state = !root_state;
		if
		:: attached -> signal_a()
		:: else
		fi;
		unlock()
	fi
}

#include "cell-steps.pml"
