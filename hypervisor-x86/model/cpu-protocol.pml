/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CPU management protocol and the cell lifecycle, as the hypervisor
 * implements them (cpu-events.c, cell.c, arch/apic.c, vmx/vmexit.c,
 * setup.c's hv_nmi(), hypercall.c's disable), for SPIN.  README.md in this
 * folder maps every step to the code and says how to run it.
 *
 * Two variants, one file:
 *   default          the run-state word, every change a compare-and-swap,
 *                    every wait bounded (the code as it is);
 *   -DOLD_PROTOCOL   the flags of before (init_pending, wait_for_sipi,
 *                    sipi_vector, park_request, parked, start_request)
 *                    and the unbounded waits of cpu_move()/cpu_flush_ept().
 * Switches for the checks (README.md): NO_SECOND_CALLER, NO_MONITOR,
 * SHORT_SCRIPT, LIVENESS, PLAIN_EXITS, MOVING_TIMEOUT, OLD_LEAVE_ATOMIC.
 *
 * The system: 3 CPUs.  CPU 0 stays in the root and runs Linux's driver
 * (the process `manager`).  Two non-root cells: A owns CPUs 1 and 2, B
 * owns CPU 2, so B can only be created once A is destroyed (a CPU's second
 * life in another cell).  A non-root cell is hostile: its CPUs exit for
 * any reason at any time, send INIT and SIPI to their sibling at any time,
 * fault at any time and deny or ignore the shutdown request.  A root CPU
 * other than CPU 0 may take cell_lock and flush the root's CPUs, as a
 * second caller of a management hypercall does.
 *
 * A bounded wait (wait.h) is a choice: the condition holds, or, while it
 * does not, the time is over.  So the checker explores every timeout at
 * every point, and an unbounded wait is a guard that may block forever.
 *
 * A kick sets kick[] and sends an NMI.  A cell's CPU in its guest exits
 * for it at some point (until then it may still exit for anything else);
 * a root CPU exits for it next.  One in its wait loop consumes it
 * (waiting set: no timer); one elsewhere in the hypervisor has hv_nmi()
 * arm the preemption timer at 0, which the model merges into the next VM
 * entry: the entry exits at once.
 *
 * printf lines name each step; they cost nothing in the search and make a
 * replayed trail (spin -t) readable.
 */

#define NCPU 3
#define NOCPU 3

#define ROOT 0
#define CELL_A 1
#define CELL_B 2
#define NOCELL 3

/* cell states (cell->state; FREE: not in use, i.e. destroyed) */
#define FREE 0
#define CREATED 1
#define LOADABLE 2
#define RUNNING 3
#define SHUT_DOWN 4
#define FAILED 5

/* where a CPU is (ghost: what the properties talk about) */
#define GUEST 0 /* running guest code of cpu_cell[] */
#define HV 1 /* in a VM exit, in the hypervisor */
#define PARKED 2 /* in its wait loop */

/* results */
#define OK 0
#define EBUSY 1
#define EINVAL 2
#define EPERM 3
#define ENOENT 4

/* a SIPI's vector stands for who sent it: the sender's cell */
#define NOVEC 3

/* the cells' CPU sets (their configs) */
#define IN_CONFIG(c, n) (((c) == CELL_A && ((n) == 1 || (n) == 2)) || \
			 ((c) == CELL_B && (n) == 2))
/* cell.c's in_set(): owned by `owner` and in `set`'s config */
#define IN_SET(n, owner, set) (cpu_cell[n] == (owner) && IN_CONFIG(set, n))

/* ---- the state ---- */

byte cstate[3]; /* cell->state of A and B ([0]: the root, unused) */
bool loadable_mapped[3];
byte lock_owner = NOCPU; /* cell_lock */
bool off; /* disabled: the CPUs left for Linux, the model ends */

/* ghost: management has parked every CPU of the cell (a load, start,
 * shutdown or destroy got past park_all()) and has not started it since */
bool cell_stopped[3];

/* ghost: management's park of this CPU returned (it counts it parked),
 * and management has not started or released it since.  P4: such a CPU
 * never leaves by its cell's SIPI. */
bool mgmt_parked[NCPU];
/* ghost: started by a SIPI since Linux's last INIT (cpu_up() waits for
 * it) */
bool came_up[NCPU];

byte cpu_cell[NCPU]; /* per_cpu->cell; everybody starts in the root */
byte where[NCPU]; /* GUEST */
bool kick[NCPU];
bool flush_req[NCPU];
byte new_cell[NCPU] = NOCELL;
byte start_for[NCPU] = NOCELL; /* start_cs:start_rip: whose reset address */

#ifndef OLD_PROTOCOL
/* public.run_state: the kind, and the vector (vec) of a SIPI */
#define R_RUNNING 0
#define R_WAIT_INIT 1
#define R_WAIT_SIPI 2
#define R_SIPI 3
#define R_HOLD 4
#define R_HELD 5
#define R_MOVE 6
#define R_MOVING 7
#define R_START 8
#define R_NONE 9 /* a local: no change made */
byte rs[NCPU]; /* R_RUNNING */
byte vec[NCPU] = NOVEC;
bool waiting[NCPU];
#define MOVE_PENDING(n) (rs[n] == R_MOVE || rs[n] == R_MOVING)
#else
bool init_pending[NCPU];
bool wait_for_sipi[NCPU];
byte sipi_vector[NCPU] = NOVEC; /* -1 in the code */
bool park_request[NCPU];
bool parked[NCPU];
bool start_request[NCPU];
#define MOVE_PENDING(n) (new_cell[n] != NOCELL)
#endif

/* ---- the properties that hold in every state ---- */

/* P1: no CPU runs guest code of a cell that management has stopped (a
 * load, shutdown or destroy returned from parking it) or destroyed. */
#define NOT_IN_STOPPED_CELL(n) \
	(where[n] != GUEST || cpu_cell[n] == ROOT || \
	 (cstate[cpu_cell[n]] != FREE && !cell_stopped[cpu_cell[n]]))
/* P2: a CPU belongs to exactly one cell: the one its per_cpu names, which
 * exists and has it in its config. */
#define ONE_CELL(n) \
	(cpu_cell[n] == ROOT || \
	 (cpu_cell[n] <= CELL_B && cstate[cpu_cell[n]] != FREE && \
	  IN_CONFIG(cpu_cell[n], n)))
/* P3: a CPU never moves while it runs guest code: no move is under way
 * (asked for or begun) while it is in its guest. */
#define NOT_MOVING_IN_GUEST(n) (where[n] != GUEST || !MOVE_PENDING(n))

/* NO_MONITOR leaves P1-P3 out: the checks at the steps (P4, P5) alone,
 * to single out the cell's INIT/SIPI race of the old protocol */
#ifndef NO_MONITOR
active proctype monitor()
{
end_watch:
	atomic {
		!(NOT_IN_STOPPED_CELL(1) && NOT_IN_STOPPED_CELL(2) &&
		  ONE_CELL(1) && ONE_CELL(2) && NOT_MOVING_IN_GUEST(1) &&
		  NOT_MOVING_IN_GUEST(2)) ->
		assert(NOT_IN_STOPPED_CELL(1));
		assert(NOT_IN_STOPPED_CELL(2));
		assert(ONE_CELL(1));
		assert(ONE_CELL(2));
		assert(NOT_MOVING_IN_GUEST(1));
		assert(NOT_MOVING_IN_GUEST(2))
	}
}
#endif

/* P6 (termination), with -DLIVENESS and a non-progress search under weak
 * fairness (pan -l -f): every management call returns, whatever the cells
 * do.  A call that returns sets call_returned; this process passes its
 * progress label for each, and for ever once the script is done.  A cycle
 * without progress is a call (or Linux's bring-up wait) that never ends. */
bool call_returned;
bool script_done;
#ifdef LIVENESS
active proctype calls()
{
end_calls:
	do
	:: atomic { call_returned -> call_returned = false };
progress_call:
		skip
	:: script_done;
progress_end:
		skip
	od
}
#endif

/* ---- cpu-events.c ---- */

/* step kick_cpu: flag, then NMI (merged); never to the caller itself */
inline kick_cpu(caller, t)
{
	if
	:: t != caller -> kick[t] = true
	:: else
	fi
}

#ifndef OLD_PROTOCOL

/* step signal_init: CAS RUNNING/WAIT_INIT/WAIT_SIPI/SIPI -> WAIT_SIPI,
 * management's states left alone; kick if it was running */
inline signal_init(caller, t)
{
	atomic {
		if
		:: rs[t] <= R_SIPI -> was = rs[t]; rs[t] = R_WAIT_SIPI;
			vec[t] = NOVEC; printf("cpu%d: INIT to cpu%d\n", caller, t)
		:: else -> was = R_NONE;
			printf("cpu%d: INIT to cpu%d ignored\n", caller, t)
		fi
	}
	if
	:: was == R_RUNNING -> kick_cpu(caller, t)
	:: else
	fi;
	was = 0
}

/* step signal_sipi: CAS WAIT_SIPI -> SIPI(v), else dropped */
inline signal_sipi(caller, t, v)
{
	atomic {
		if
		:: rs[t] == R_WAIT_SIPI -> rs[t] = R_SIPI; vec[t] = v;
			printf("cpu%d: SIPI to cpu%d taken\n", caller, t)
		:: else -> printf("cpu%d: SIPI to cpu%d dropped\n", caller, t)
		fi
	}
}

/* step request_park: CAS to HOLD unless HOLD/HELD/MOVE/MOVING; kick */
inline request_park(caller, t)
{
	atomic {
		if
		:: rs[t] == R_HOLD || rs[t] == R_HELD || rs[t] == R_MOVE ||
		   rs[t] == R_MOVING -> was = R_NONE
		:: else -> rs[t] = R_HOLD; was = R_HOLD;
			printf("cpu%d: park cpu%d (hold)\n", caller, t)
		fi
	}
	if
	:: was == R_HOLD -> kick_cpu(caller, t)
	:: else
	fi;
	was = 0
}

/* step wait_held: bounded */
inline wait_held(t, res)
{
	if
	:: rs[t] == R_HELD -> mgmt_parked[t] = true
	:: rs[t] != R_HELD -> res = EBUSY;
		printf("manager: gave up waiting for cpu%d to park\n", t)
	fi
}

/* step flush_ept: held -> nothing; else flag, kick, bounded wait */
inline flush_ept(caller, t)
{
	if
	:: rs[t] == R_HELD
	:: else ->
		flush_req[t] = true;
		printf("cpu%d: flush request to cpu%d\n", caller, t);
		kick_cpu(caller, t);
		if
		:: !flush_req[t]
		:: flush_req[t] -> printf("cpu%d: gave up waiting for cpu%d to flush\n", caller, t)
		fi
	fi
}

/* step move_cpu: HELD -> MOVE, bounded wait for HELD; at the limit withdraw
 * (MOVE -> HELD) or report a CPU stuck in MOVING */
inline move_cpu(t, c, res)
{
	if
	:: rs[t] != R_HELD -> res = EINVAL
	:: else ->
		new_cell[t] = c;
		atomic {
			assert(rs[t] == R_HELD); /* only management leaves HELD */
			rs[t] = R_MOVE;
			printf("manager: move cpu%d to cell %d\n", t, c)
		}
		do
		:: rs[t] == R_HELD -> break
		:: rs[t] != R_HELD ->
			if
			:: atomic { rs[t] == R_MOVE -> rs[t] = R_HELD };
				res = EBUSY; break
#ifdef MOVING_TIMEOUT
			/* the code before the fix: a CPU that began was
			 * reported, not waited for (now it is waited for,
			 * as the move is the CPU's own bounded work) */
			:: rs[t] == R_MOVING -> res = EBUSY; break
#endif
			:: else
			fi
		od
	fi
}

/* step start_cpu: HELD -> START with start_cs:rip */
inline start_cpu(t, c, res)
{
	if
	:: rs[t] != R_HELD -> res = EINVAL
	:: else ->
		start_for[t] = c;
		atomic {
			mgmt_parked[t] = false;
			assert(rs[t] == R_HELD);
			rs[t] = R_START;
			printf("manager: start cpu%d in cell %d\n", t, c)
		}
	fi
}

/* step release_cpu: HOLD or HELD -> WAIT_INIT */
inline release_cpu(t)
{
	atomic {
		if
		:: rs[t] == R_HOLD || rs[t] == R_HELD -> rs[t] = R_WAIT_INIT;
			mgmt_parked[t] = false;
			printf("manager: release cpu%d (wait-init)\n", t)
		:: else
		fi
	}
}

#else /* OLD_PROTOCOL */

/* step signal_init (old): sipi_vector = -1, wait_for_sipi, init_pending;
 * kick */
inline signal_init(caller, t)
{
	atomic {
		sipi_vector[t] = NOVEC;
		wait_for_sipi[t] = true;
		init_pending[t] = true;
		printf("cpu%d: INIT to cpu%d\n", caller, t)
	}
	kick_cpu(caller, t)
}

/* step signal_sipi (old): if wait_for_sipi, CAS sipi_vector -1 -> v */
inline signal_sipi(caller, t, v)
{
	if
	:: wait_for_sipi[t] ->
		atomic {
			if
			:: sipi_vector[t] == NOVEC -> sipi_vector[t] = v;
				printf("cpu%d: SIPI to cpu%d recorded\n", caller, t)
			:: else
			fi
		}
	:: else -> printf("cpu%d: SIPI to cpu%d dropped\n", caller, t)
	fi
}

/* step request_park (old): unless parked, park_request; kick */
inline request_park(caller, t)
{
	if
	:: parked[t]
	:: else ->
		park_request[t] = true;
		printf("cpu%d: park cpu%d (request)\n", caller, t);
		kick_cpu(caller, t)
	fi
}

/* step wait_held (old cpu_park's loop): bounded */
inline wait_held(t, res)
{
	if
	:: parked[t] -> mgmt_parked[t] = true
	:: !parked[t] -> res = EBUSY;
		printf("manager: gave up waiting for cpu%d to park\n", t)
	fi
}

/* step flush_ept (old): unbounded wait while not parked */
inline flush_ept(caller, t)
{
	if
	:: parked[t]
	:: else ->
		flush_req[t] = true;
		printf("cpu%d: flush request to cpu%d\n", caller, t);
		kick_cpu(caller, t);
		(!flush_req[t] || parked[t])
	fi
}

/* step move_cpu (old): new_cell, unbounded wait until taken */
inline move_cpu(t, c, res)
{
	new_cell[t] = c;
	printf("manager: move cpu%d to cell %d\n", t, c);
	(new_cell[t] == NOCELL)
}

/* step start_cpu (old): start_cs:rip, start_request */
inline start_cpu(t, c, res)
{
	start_for[t] = c;
	atomic {
		mgmt_parked[t] = false;
		start_request[t] = true;
		printf("manager: start cpu%d in cell %d\n", t, c)
	}
}

/* the old protocol had no release: parked CPUs waited for INIT/SIPI,
 * which is what a release means */
inline release_cpu(t)
{
	mgmt_parked[t] = false
}

#endif /* OLD_PROTOCOL */

/* ---- cell.c ---- */

/* step flush_root: every root CPU, the caller itself locally */
inline flush_root(caller)
{
	m = 0;
	do
	:: m < NCPU ->
		if
		:: cpu_cell[m] == ROOT && m != caller -> flush_ept(caller, m)
		:: else
		fi;
		m++
	:: else -> break
	od;
	m = 0
}

/* step park_all: ask all, wait for each, check all (the old one parked
 * them one after the other, cpu_park() each) */
inline park_all(owner, set, res)
{
#ifndef OLD_PROTOCOL
	n = 1;
	do
	:: n < NCPU ->
		if
		:: IN_SET(n, owner, set) -> request_park(0, n)
		:: else
		fi;
		n++
	:: else -> break
	od;
	n = 1;
	do
	:: n < NCPU && res == OK ->
		if
		:: IN_SET(n, owner, set) -> wait_held(n, res)
		:: else
		fi;
		n++
	:: else -> break
	od;
	res = OK;
	n = 1;
	do
	:: n < NCPU ->
		if
		:: IN_SET(n, owner, set) && rs[n] != R_HELD -> res = EBUSY
		:: else
		fi;
		n++
	:: else -> break
	od;
#else
	n = 1;
	do
	:: n < NCPU && res == OK ->
		if
		:: IN_SET(n, owner, set) -> request_park(0, n); wait_held(n, res)
		:: else
		fi;
		n++
	:: else -> break
	od;
#endif
	n = 0
}

/* step move_cpus: each CPU `from` has of `set`, stop at the first
 * failure */
inline move_cpus(from, set, to, res)
{
	n = 1;
	do
	:: n < NCPU && res == OK ->
		if
		:: IN_SET(n, from, set) -> move_cpu(n, to, res)
		:: else
		fi;
		n++
	:: else -> break
	od;
	n = 0
}

/* step release_root_cpus */
inline release_root_cpus(set)
{
	n = 1;
	do
	:: n < NCPU ->
		if
		:: IN_SET(n, ROOT, set) -> release_cpu(n)
		:: else
		fi;
		n++
	:: else -> break
	od;
	n = 0
}

/* step hide_loadable */
inline hide_loadable(c)
{
	if
	:: loadable_mapped[c] -> loadable_mapped[c] = false; flush_root(0)
	:: else
	fi
}

/* step cell_create: the CPUs must be the root's; park, take from the root
 * (flush), move */
inline cell_create(c, res)
{
	if
	:: cstate[c] != FREE -> res = EINVAL /* the id is taken */
	:: cstate[3 - c] != FREE -> res = EBUSY /* the configs share CPU 2 */
	:: else ->
		n = 1;
		do
		:: n < NCPU ->
			if
			:: IN_CONFIG(c, n) && cpu_cell[n] != ROOT -> res = EBUSY
			:: else
			fi;
			n++
		:: else -> break
		od;
		n = 0;
		if
		:: res == OK ->
			park_all(ROOT, c, res);
			if
			:: res == OK -> flush_root(0)
			:: else -> release_root_cpus(c)
			fi
		:: else
		fi;
		if
		:: res == OK ->
			cstate[c] = CREATED;
			printf("manager: cell %d created\n", c);
			move_cpus(ROOT, c, c, res)
		:: else
		fi
	fi
}

/* step cell_load */
inline cell_load(c, res)
{
	park_all(c, c, res);
	if
	:: res == OK ->
		cell_stopped[c] = true;
		loadable_mapped[c] = true;
		cstate[c] = LOADABLE;
		printf("manager: cell %d loadable\n", c)
	:: else
	fi
}

/* step cell_start: park, hide the loadable regions, release the others,
 * start the first CPU */
inline pick_boot(c)
{
	boot = NOCPU;
	n = 1;
	do
	:: n < NCPU && boot == NOCPU ->
		if
		:: cpu_cell[n] == c -> boot = n
		:: else
		fi;
		n++
	:: else -> break
	od;
	n = 0
}

inline cell_start(c, res)
{
#ifdef MOVING_TIMEOUT
	/* the code before the fix: the first CPU chosen before the park,
	 * unsafe only while a move that was given up is still under way */
	pick_boot(c);
	if
	:: boot == NOCPU -> res = EINVAL
	:: else -> park_all(c, c, res)
	fi;
#else
	/* the first CPU, chosen among those park_all() found held */
	park_all(c, c, res);
	if
	:: res == OK ->
		pick_boot(c);
		if
		:: boot == NOCPU -> res = EINVAL
		:: else
		fi
	:: else
	fi;
#endif
	if
	:: res == OK ->
		cell_stopped[c] = true;
		hide_loadable(c);
		cstate[c] = RUNNING;
		cell_stopped[c] = false;
		printf("manager: cell %d running\n", c);
		n = 1;
		do
		:: n < NCPU ->
			if
			:: cpu_cell[n] == c && n != boot -> release_cpu(n)
			:: else
			fi;
			n++
		:: else -> break
		od;
		n = 0;
		start_cpu(boot, c, res)
	:: else
	fi;
	boot = 0
}

/* step cell_shutdown: a running cell is asked and may deny (or be locked);
 * one that does not answer is stopped */
inline cell_shutdown(c, res)
{
	if
	:: cstate[c] == RUNNING -> res = EPERM;
		printf("manager: cell %d denies its shutdown\n", c)
	:: true
	fi;
	if
	:: res == OK ->
		park_all(c, c, res);
		if
		:: res == OK ->
			cell_stopped[c] = true;
			if
			:: cstate[c] != FAILED -> cstate[c] = SHUT_DOWN
			:: else
			fi;
			printf("manager: cell %d stopped\n", c)
		:: else
		fi
	:: else
	fi
}

/* step cell_destroy: shut down, park, move the CPUs to the root, release
 * them, free */
inline cell_destroy(c, res)
{
	if
	:: cstate[c] == RUNNING -> cell_shutdown(c, res)
	:: else
	fi;
	if
	:: res == OK -> park_all(c, c, res)
	:: else
	fi;
	if
	:: res == OK ->
		cell_stopped[c] = true;
		hide_loadable(c);
		move_cpus(c, c, ROOT, res);
		if
		:: res == OK ->
			release_root_cpus(c);
			n = 1;
			do
			:: n < NCPU -> assert(cpu_cell[n] != c); n++
			:: else -> break
			od;
			n = 0;
			cstate[c] = FREE;
			cell_stopped[c] = false;
			loadable_mapped[c] = false;
			printf("manager: cell %d destroyed\n", c)
		:: else
		fi
	:: else
	fi
}

/* step cell_fail: on a CPU of the cell, in its VM exit, without cell_lock */
inline cell_fail(id)
{
	fc = cpu_cell[id];
	atomic {
		if
		:: cstate[fc] != FAILED -> cstate[fc] = FAILED
		:: else
		fi;
		printf("cpu%d: cell %d fails\n", id, fc)
	}
	m = 1;
	do
	:: m < NCPU ->
		if
		:: cpu_cell[m] == fc -> request_park(id, m)
		:: else
		fi;
		m++
	:: else -> break
	od;
	m = 0;
	fc = 0
}

/* ---- a CPU (1 and 2): vmexit.c, cpu-events.c's CPU side ---- */

proctype cpu(byte id)
{
	byte t, was, v, m, fc;

end_guest:
	/* step guest: the NMI of a kick exits; until it lands the guest
	 * may still exit for anything else (that exit then sees the request
	 * at its end, the kick is consumed later) */
	if
	:: atomic { !off && kick[id] -> kick[id] = false; where[id] = HV;
		printf("cpu%d: NMI exit (kick)\n", id) }
#ifdef PLAIN_EXITS
	:: atomic { !off && !kick[id] -> where[id] = HV }
#endif
	:: atomic { !off && cpu_cell[id] != ROOT -> where[id] = HV };
		/* step icr: INIT to the sibling (arch/apic.c) */
		t = 3 - id;
		if
		:: cpu_cell[t] == cpu_cell[id] -> signal_init(id, t)
		:: else -> cell_fail(id) /* an IPI outside the cell */
		fi;
		t = 0
	:: atomic { !off && cpu_cell[id] != ROOT -> where[id] = HV };
		/* step icr: SIPI to the sibling */
		t = 3 - id;
		if
		:: cpu_cell[t] == cpu_cell[id] -> signal_sipi(id, t, cpu_cell[id])
		:: else -> cell_fail(id)
		fi;
		t = 0
	:: atomic { !off && cpu_cell[id] != ROOT -> where[id] = HV };
		cell_fail(id) /* step fault: any violation */
#ifndef NO_SECOND_CALLER
	:: atomic { !off && !kick[id] && cpu_cell[id] == ROOT && lock_owner == NOCPU ->
		where[id] = HV; lock_owner = id;
		printf("cpu%d: takes cell_lock\n", id) };
		/* step second_caller: a root CPU's management call */
		flush_root(id);
		atomic { lock_owner = NOCPU; printf("cpu%d: drops cell_lock\n", id) }
#endif
	fi;

exit_end:
	/* step exit_end: end of every exit (cpu_handle_events) */
	if
	:: flush_req[id] -> flush_req[id] = false
	:: else
	fi;
#ifndef OLD_PROTOCOL
	if
	:: rs[id] != R_RUNNING -> goto park
	:: else
	fi;
#else
	if
	:: init_pending[id] || park_request[id] -> goto park
	:: else
	fi;
#endif

entry:
	/* step entry: a kick that came in the hypervisor armed the
	 * preemption timer at 0 (hv_nmi()): the guest exits at once */
	atomic {
		if
		:: kick[id] -> kick[id] = false;
			printf("cpu%d: preemption timer exit (kick)\n", id)
		:: else -> where[id] = GUEST
		fi
	}
	if
	:: where[id] == GUEST -> goto end_guest
	:: else -> goto exit_end
	fi;

park:
#ifndef OLD_PROTOCOL
	/* step wait_loop (wait_in_hypervisor) */
	atomic { waiting[id] = true; where[id] = PARKED }
	do
	:: kick[id] -> kick[id] = false /* hv_nmi(): waiting, no timer */
	:: flush_req[id] -> flush_req[id] = false
	:: atomic { rs[id] == R_HOLD -> rs[id] = R_HELD;
		printf("cpu%d: held\n", id) }
	:: atomic { rs[id] == R_MOVE -> rs[id] = R_MOVING };
		/* step take_new_cell */
		atomic {
			cpu_cell[id] = new_cell[id];
			new_cell[id] = NOCELL;
			printf("cpu%d: now in cell %d\n", id, cpu_cell[id])
		}
		atomic { assert(rs[id] == R_MOVING); rs[id] = R_HELD }
	:: atomic { (rs[id] == R_SIPI || rs[id] == R_START) ->
		was = rs[id]; v = vec[id] };
		/* step leave_for_guest: waiting off, then the CAS (the
		 * vector is part of the word) */
		waiting[id] = false;
		if
		:: atomic { rs[id] == was && vec[id] == v -> rs[id] = R_RUNNING;
			/* step reset: where the CPU starts */
			assert(was != R_START || start_for[id] == cpu_cell[id]);
			assert(was != R_SIPI || vec[id] == cpu_cell[id]);
			assert(was != R_SIPI || !mgmt_parked[id]);
			came_up[id] = (was == R_SIPI);
			printf("cpu%d: leaves for cell %d (%d)\n", id,
			       cpu_cell[id], was);
			/* the word holds no vector now; start_for is not
			 * read again before the next START (a compression) */
			vec[id] = NOVEC;
			start_for[id] = NOCELL };
			break
		:: else -> waiting[id] = true
		fi;
		was = 0;
		v = 0
	:: rs[id] == R_RUNNING -> assert(false) /* nobody else sets it */
	od;
	where[id] = HV
#else
	/* step wait_loop (old handle_events_slow + wait_for_start) */
	atomic {
		parked[id] = true;
		init_pending[id] = false;
		park_request[id] = false;
		where[id] = PARKED
	}
	do
	:: true ->
		atomic {
			if
			:: new_cell[id] != NOCELL ->
				/* step take_new_cell (old) */
				cpu_cell[id] = new_cell[id];
				wait_for_sipi[id] = false;
				sipi_vector[id] = NOVEC;
				new_cell[id] = NOCELL;
				printf("cpu%d: now in cell %d\n", id, cpu_cell[id])
			:: else
			fi
		}
		init_pending[id] = false;
		if
		:: atomic { start_request[id] ->
			assert(start_for[id] == cpu_cell[id]);
			printf("cpu%d: leaves for cell %d (start)\n", id,
			       cpu_cell[id]);
#ifdef OLD_LEAVE_ATOMIC
			parked[id] = false;
#endif
			skip };
			break
		:: atomic { !start_request[id] && wait_for_sipi[id] &&
			    sipi_vector[id] != NOVEC ->
			/* step take_sipi (old) */
			wait_for_sipi[id] = false;
			assert(sipi_vector[id] == cpu_cell[id]);
			assert(!mgmt_parked[id]);
			came_up[id] = true;
			sipi_vector[id] = NOVEC;
			printf("cpu%d: leaves for cell %d (SIPI)\n", id,
			       cpu_cell[id]);
#ifdef OLD_LEAVE_ATOMIC
			parked[id] = false;
#endif
			skip };
			break
		:: else -> kick[id] = false /* hv_nmi(): parked, no timer */
		fi
	od;
	/* step reset (old): start_request cleared, flush, parked = 0.
	 * OLD_LEAVE_ATOMIC closes the window in which parked still says 1
	 * though the CPU has left (to isolate the cell's INIT/SIPI race). */
#ifndef OLD_LEAVE_ATOMIC
	start_request[id] = false;
	atomic { parked[id] = false; where[id] = HV; start_for[id] = NOCELL }
#else
	atomic { start_request[id] = false; parked[id] = false; where[id] = HV;
		start_for[id] = NOCELL }
#endif
#endif
	goto entry
}

/* ---- CPU 0: Linux and its driver, calling the hypervisor ---- */

/* step hypercall_begin: CPU 0 answers a pending kick while Linux runs, then
 * enters the hypervisor and spins on cell_lock (interrupts off: no kick
 * is answered until the call returns) */
inline hypercall_begin()
{
	if
	:: atomic { kick[0] -> kick[0] = false; flush_req[0] = false;
		printf("cpu0: NMI exit (kick), flushed\n") }
	:: skip
	fi;
	printf("manager: enters the hypervisor, spins on cell_lock\n");
	atomic { lock_owner == NOCPU -> lock_owner = 0;
		printf("manager: hypercall\n") }
}

inline hypercall_end()
{
	atomic { lock_owner = NOCPU; res = OK; call_returned = true }
}

/* step online: Linux brings a root CPU up: INIT, SIPI, SIPI, and waits
 * until it runs (cpu_up() waits for the AP; the script brings up only
 * CPUs a destroy has released, which come) */
inline online(t)
{
	if
	:: cpu_cell[t] == ROOT ->
		came_up[t] = false;
		signal_init(0, t);
		signal_sipi(0, t, ROOT);
		signal_sipi(0, t, ROOT);
		(came_up[t] && where[t] == GUEST);
		came_up[t] = false
	:: else
	fi
}

/* on_cell(): a cell that does not exist is refused (ENOENT) */
#define ON_CELL(c, op) \
	hypercall_begin(); \
	if \
	:: cstate[c] == FREE -> res = ENOENT \
	:: else -> op(c, res) \
	fi

/* Destroy until it succeeds (a failed destroy leaves the cell, the
 * driver tries again); a cell whose create failed does not exist. */
inline destroy_until_done(c)
{
	do
	:: ON_CELL(c, cell_destroy);
		if
		:: res == OK || res == ENOENT -> hypercall_end(); break
		:: else -> hypercall_end()
		fi
	od
}

/* Linux's driver: one life of cell A, one of cell B on A's second CPU,
 * then disable.  Each step may be refused or time out; the script goes
 * on, as a user would. */
active proctype manager()
{
	byte n, m, res, boot, was;

	run cpu(1);
	run cpu(2);

	hypercall_begin(); cell_create(CELL_A, res); hypercall_end();
#ifndef SHORT_SCRIPT
	if
	:: ON_CELL(CELL_A, cell_load); hypercall_end()
	:: skip
	fi;
#endif
	ON_CELL(CELL_A, cell_start); hypercall_end();
#ifndef SHORT_SCRIPT
	if
	:: ON_CELL(CELL_A, cell_shutdown); hypercall_end()
	:: ON_CELL(CELL_A, cell_load); hypercall_end();
		ON_CELL(CELL_A, cell_start); hypercall_end()
	:: skip
	fi;
#endif
	destroy_until_done(CELL_A);
	online(1);
	online(2);

#ifndef SHORT_SCRIPT
	hypercall_begin(); cell_create(CELL_B, res); hypercall_end();
	ON_CELL(CELL_B, cell_start); hypercall_end();
	destroy_until_done(CELL_B);
	online(2);
#endif

	/* step disable: no cell, every CPU running */
#ifndef OLD_PROTOCOL
	if
	:: rs[1] == R_RUNNING && rs[2] == R_RUNNING ->
#else
	if
	:: !parked[1] && !parked[2] ->
#endif
		assert(cpu_cell[1] == ROOT && cpu_cell[2] == ROOT);
		printf("manager: disabled\n");
		off = true
	:: else -> printf("manager: disable refused\n")
	fi;
	script_done = true
}
