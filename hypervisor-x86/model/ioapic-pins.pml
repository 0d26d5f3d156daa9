/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOAPIC pin ownership through a cell's life (arch/ioapic.c), for SPIN.
 * README.md in this folder maps every step to the code.
 *
 * Two pins: PA, listed in cell A's config (the root's before create and
 * after destroy), and PR, the root's for good.  Each has its entry in the
 * IOAPIC (hw_*: masked, the CPU it aims at, who wrote it last) and the
 * root's view (view_*: what Linux wrote; the hypervisor programs it through
 * the root's filter while the root owns the pin).  The root's CPU 3 writes
 * any entry at any time, aimed at any CPU: directly while the IOAPIC page
 * is in its EPT (no cell, or a stale translation before the flush), else
 * through the trapped window.  Cell A's CPUs write PA aimed at any CPU,
 * masked or not, send EOIs and fault at any time.  A level interrupt of
 * PA that its CPU did not acknowledge leaves remote IRR set.
 *
 * Variants:
 *   default             the code as it is;
 *   -DROOT_WINDOW_RACE  the root's filter leaves out the new cell's CPUs
 *                       only while create refilters (the code before the
 *                       fix: `taking`); a root write between that and the
 *                       move aims a root pin into the cell;
 *   -DFAILED_PIN_LIVE   a failed cell's write unmasks its pin again (the
 *                       code before the fix);
 *   -DNO_ROOT_FLUSH     create does not flush the root's CPUs after the
 *                       trap (deliberately broken: the root reaches the
 *                       cell's pin directly);
 *   -DNO_IRR_CLEAR      the pin goes back with remote IRR set
 *                       (deliberately broken).
 */

#include "cell-life.pml"

#define PA 0
#define PR 1

byte owner[2]; /* ROOT or CELL_A */
bool hw_masked[2];
byte hw_dest[2] = 3; /* CPU 3 */
bool view_masked[2];
byte view_dest[2] = 3;
bool irr; /* remote IRR of PA */
bool trapped; /* the root's accesses exit */
bool root_tlb = true; /* a root CPU may reach the page directly */
bool view_taken;
bool a_exists; /* ghost: cell A exists for the units (create began) */
/* the CPUs of the cells added (the fix: never a root entry's target) */
bool given[NCPU];
bool taking; /* create's refilter leaves out the new cell's CPUs */

/*
 * What holds in every state:
 *  I1 a live entry aims at a CPU of the pin's owner: a root pin never
 *     into the cell, the cell's pin never outside it;
 *  I2 a pin belongs to a cell only while the cell exists;
 *  I3 (at the root's direct write) the root never reaches a pin of the
 *     cell; the hypervisor writes the cell's pin only for the cell;
 *  I4 once the cell is quiesced (fail, shutdown, destroy) and until its
 *     next start, its pin is masked.
 */
#define LIVE_OK(p) (hw_masked[p] || cpu_cell[hw_dest[p]] == owner[p])
#define OWNED_OK (owner[PA] == ROOT || a_exists)
#define QUIET_OK (!quiesced || owner[PA] != CELL_A || hw_masked[PA])
#define INVARIANT (LIVE_OK(PA) && LIVE_OK(PR) && OWNED_OK && \
		   QUIET_OK)
#define CHECKS \
	assert(LIVE_OK(PA)); assert(LIVE_OK(PR)); assert(OWNED_OK); \
	assert(QUIET_OK)

/* the root's filter: an entry may aim at a root CPU not given to a cell */
#ifndef ROOT_WINDOW_RACE
#define ROOT_MAY_AIM(d) (cpu_cell[d] == ROOT && !given[d])
#else
#define ROOT_MAY_AIM(d) (cpu_cell[d] == ROOT && !(taking && IN_A_CONFIG(d)))
#endif

/* a masked entry's CPU and writer do not matter: one value for all (a
 * smaller state space, nothing lost) */
#define CANON(p) \
	if \
	:: hw_masked[p] -> hw_dest[p] = 3 \
	:: else \
	fi

/* step program_entry (root_entry()): the root's view through its filter,
 * masked and aimed at the writing CPU if it names no CPU it may */
inline program_entry(p, writer)
{
	if
	:: ROOT_MAY_AIM(view_dest[p]) ->
		hw_masked[p] = view_masked[p]; hw_dest[p] = view_dest[p]
	:: else -> hw_masked[p] = true; hw_dest[p] = writer
	fi;
	CANON(p)
}

/* step refilter_root_pins */
inline refilter_root_pins()
{
	if
	:: owner[PA] == ROOT -> program_entry(PA, 0)
	:: else
	fi;
	program_entry(PR, 0)
}

/* step take_root_view */
inline take_root_view()
{
	view_masked[PA] = hw_masked[PA]; view_dest[PA] = hw_dest[PA];
	view_masked[PR] = hw_masked[PR]; view_dest[PR] = hw_dest[PR];
	view_taken = true
}

/* step ioapic_cell_create (with ioapic_cell_added()): the first cell traps
 * the root's accesses and flushes its CPUs; the pin leaves the root masked,
 * the root's pins are refiltered */
inline unit_create(res)
{
	a_exists = true;
	trapped = true;
#ifndef NO_ROOT_FLUSH
	root_tlb = false; /* cell_flush_root() */
#endif
	atomic {
		given[1] = true; given[2] = true;
		if
		:: !view_taken -> take_root_view()
		:: else
		fi;
		owner[PA] = CELL_A;
		hw_masked[PA] = true; /* mask_entry() */
		CANON(PA);
		taking = true;
		refilter_root_pins();
		taking = false;
		printf("manager: pin A taken, masked\n")
	}
	res = OK
}

/* step ioapic_cell_quiesce */
inline unit_quiesce(by)
{
	atomic {
		if
		:: owner[PA] == CELL_A -> hw_masked[PA] = true; CANON(PA)
		:: else
		fi;
		quiesced = true
	}
}

inline unit_start()
{
	skip /* no hook: the cell programs its pin again */
}

/* step ioapic_cell_destroy (with ioapic_cell_removed()): masked, remote
 * IRR cleared, the root's view programmed through the root's filter, the
 * root's pins refiltered; the last cell untraps */
inline unit_destroy()
{
	atomic {
		hw_masked[PA] = true;
#ifndef NO_IRR_CLEAR
		irr = false; /* clear_remote_irr() */
#endif
		owner[PA] = ROOT;
		given[1] = false; given[2] = false;
		program_entry(PA, 0);
		refilter_root_pins();
		assert(!irr); /* the pin comes back able to fire */
		printf("manager: pin A back with the root\n")
	}
	atomic { trapped = false; view_taken = false; root_tlb = true }
	a_exists = false
}

/* step cell_write_entry (cell_window()): the cell's pin through the
 * filter restricted to its CPUs; unmasked outside them: refused, the
 * cell fails.  A failed cell's entry stays masked (the fix). */
inline cell_exit(id)
{
	if
	:: d = 1
	:: d = 3
	fi;
	if
	:: v = 0
	:: v = 1
	fi;
	if
	:: atomic {
		printf("cpu%d: cell writes pin 0 (%d masked) aimed at cpu%d\n", id, v, d);
		if
		:: v == 0 && cpu_cell[d] != CELL_A -> k = 1 /* violation */
		:: else -> k = 0;
			if
			:: v == 0 -> hw_dest[PA] = d
			:: else -> hw_dest[PA] = 1 /* first cell CPU */
			fi;
#ifndef FAILED_PIN_LIVE
			hw_masked[PA] = (v == 1 || cstate == FAILED)
#else
			hw_masked[PA] = (v == 1)
#endif
			;
			CANON(PA)
		fi }
		if
		:: k == 1 -> cell_fail(id)
		:: else
		fi
	:: cell_fail(id) /* any other violation */
	:: skip /* an exit with no IOAPIC access */
	fi;
	d = 0; v = 0; k = 0
}

/* Root CPU 3: a write of either pin's entry, directly or trapped; a level
 * interrupt of a live PA */
inline root_step()
{
	if
	:: d = 1
	:: d = 3
	fi;
	if
	:: v = 0
	:: v = 1
	fi;
	if
	:: k = PA
	:: k = PR
	fi;
	if
	:: atomic { root_tlb -> /* straight to the IOAPIC, unfiltered */
		printf("cpu3: root writes pin %d directly\n", k);
		assert(owner[k] == ROOT); /* the root cannot program A's pin */
		hw_masked[k] = v; hw_dest[k] = d; CANON(k) }
	:: atomic { trapped && !root_tlb -> /* step window_write */
		if
		:: !view_taken -> take_root_view()
		:: else
		fi;
		view_masked[k] = v; view_dest[k] = (v -> 3 : d);
		printf("cpu3: root writes pin %d (%d masked) aimed at cpu%d\n", k, v, d);
		if
		:: owner[k] == ROOT -> program_entry(k, 3)
		:: else /* kept for when the cell is gone */
		fi }
	:: atomic { !hw_masked[PA] -> irr = true }
	fi;
	d = 0; v = 0; k = 0
}

#include "cell-steps.pml"
