/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The second half of cell-life.pml: the steps of the cell's life, after
 * the model has defined its device steps.
 */

/* step cell_fail (cell.c: cell_fail()): on a CPU of A in its VM exit,
 * without cell_lock: FAILED and the quiesce unless it was FAILED already
 * (the test is not atomic with the set: two CPUs may both quiesce), then
 * every CPU of the cell asked to park */
inline cell_fail(id)
{
	atomic {
		fails = (cstate != FAILED);
		cstate = FAILED;
		printf("cpu%d: cell A fails\n", id)
	}
	if
	:: fails -> unit_quiesce(id)
	:: else
	fi;
	fails = 0;
	atomic {
		hold_req[1] = (cpu_cell[1] == CELL_A);
		hold_req[2] = (cpu_cell[2] == CELL_A)
	}
}

/* A CPU of cell A (or, before create and after destroy, of the root). */
proctype cpu(byte id)
{
	byte fails, k, v, d;

	do
	:: atomic { where[id] == GUEST && cpu_cell[id] == CELL_A ->
		where[id] = HV };
		cell_exit(id);
		/* step exit_end: parks if asked to */
		atomic {
			if
			:: hold_req[id] -> hold_req[id] = false; where[id] = HELD
			:: else -> where[id] = GUEST
			fi
		}
	/* a root CPU parks when asked (its own protocol: cpu-protocol.pml) */
	:: atomic { where[id] == GUEST && cpu_cell[id] == ROOT && hold_req[id] ->
		hold_req[id] = false; where[id] = HELD }
	/* released in A: the sibling's INIT/SIPI starts it while the sibling
	 * runs (a held CPU ignores them) */
	:: atomic { where[id] == WAITING && cpu_cell[id] == CELL_A &&
		    where[3 - id] == GUEST && cpu_cell[3 - id] == CELL_A ->
		where[id] = GUEST }
	:: atomic { where[id] == WAITING && hold_req[id] ->
		hold_req[id] = false; where[id] = HELD }
	:: atomic { script_done && where[id] != HV -> break }
	od
}

/* ---- management (cell.c), on CPU 0 under cell_lock ---- */

/* step park_all: ask all, then all held or the bounded wait gives up */
inline park_all(holder, res)
{
	atomic {
		hold_req[1] = (cpu_cell[1] == holder && where[1] != HELD);
		hold_req[2] = (cpu_cell[2] == holder && where[2] != HELD)
	}
	if
	:: atomic { (where[1] == HELD || cpu_cell[1] != holder) &&
		    (where[2] == HELD || cpu_cell[2] != holder) -> res = OK }
	:: res = EBUSY; printf("manager: a CPU did not park in time\n")
	fi
}

/* step move_cpus: held CPUs change cells (cpu_move()) */
inline move_cpus(to)
{
	atomic {
		assert(where[1] == HELD && where[2] == HELD);
		cpu_cell[1] = to;
		cpu_cell[2] = to;
		printf("manager: CPUs 1, 2 now in cell %d\n", to)
	}
}

/* step cell_create (create_locked()): park the root's CPUs of A, take
 * from the root (the units' cell_create), move the CPUs */
inline cell_create(res)
{
	park_all(ROOT, res);
	if
	:: res == OK -> unit_create(res)
	:: else
	fi;
	if
	:: res == OK ->
		cstate = CREATED;
		printf("manager: cell A created\n");
		move_cpus(CELL_A)
	:: else -> /* release_root_cpus(): HOLD or HELD back to waiting */
		atomic {
			hold_req[1] = false;
			hold_req[2] = false;
			if
			:: where[1] == HELD -> where[1] = WAITING
			:: else
			fi;
			if
			:: where[2] == HELD -> where[2] = WAITING
			:: else
			fi
		}
	fi
}

/* step cell_start (start_locked()) */
inline cell_start(res)
{
	park_all(CELL_A, res);
	if
	:: res == OK ->
		cell_stopped = true;
		unit_start();
		atomic {
			quiesced = false;
			cell_stopped = false;
			cstate = RUNNING;
			where[2] = WAITING;
			where[1] = GUEST;
			printf("manager: cell A started\n")
		}
	:: else
	fi
}

/* step cell_shutdown (shutdown_locked()): a running cell may deny */
inline cell_shutdown(res)
{
	if
	:: cstate == RUNNING -> res = EPERM;
		printf("manager: cell A denies its shutdown\n")
	:: true
	fi;
	if
	:: res == OK ->
		park_all(CELL_A, res);
		if
		:: res == OK ->
			cell_stopped = true;
			if
			:: cstate != FAILED -> cstate = SHUT_DOWN; unit_quiesce(0)
			:: else
			fi
		:: else
		fi
	:: else
	fi
}

/* step cell_destroy (destroy_locked()): shut down, park, quiesce, move
 * the CPUs to the root, release them, the units' cell_destroy, free */
inline cell_destroy(res)
{
	if
	:: cstate == RUNNING -> cell_shutdown(res)
	:: else
	fi;
	if
	:: res == OK -> park_all(CELL_A, res)
	:: else
	fi;
	if
	:: res == OK ->
		cell_stopped = true;
		unit_quiesce(0);
		move_cpus(ROOT);
		atomic { where[1] = WAITING; where[2] = WAITING }
		unit_destroy();
		atomic {
			cstate = FREE;
			cell_stopped = false;
			quiesced = false;
			printf("manager: cell A destroyed\n")
		}
	:: else
	fi
}

inline destroy_until_done()
{
	do
	:: res = OK; cell_destroy(res);
		if
		:: res == OK -> break
		:: else
		fi
	od
}

/* Linux brings a released CPU up again (INIT, SIPI) */
inline online()
{
	atomic {
		if
		:: where[1] == WAITING -> where[1] = GUEST
		:: else
		fi;
		if
		:: where[2] == WAITING -> where[2] = GUEST
		:: else
		fi
	}
}

/* Linux's driver: cell A's life, destroy until it is gone; with
 * SECOND_LIFE once more on the same CPUs */
active proctype manager()
{
	byte res, k; /* k: a model's scratch in its unit hooks */

	run cpu(1);
	run cpu(2);
	cell_create(res);
	if
	:: res == OK ->
		cell_start(res);
		res = OK;
		if
		:: cell_shutdown(res)
		:: skip
		fi;
		destroy_until_done()
	:: else
	fi;
#ifdef SECOND_LIFE
	online();
	res = OK;
	cell_create(res);
	if
	:: res == OK ->
		cell_start(res);
		res = OK;
		destroy_until_done()
	:: else
	fi;
#endif
	script_done = true
}

/* CPU 3: the root's accesses to the device, at any time */
active proctype root_cpu()
{
	byte k, v, d;
end_root:
	do
	:: !script_done -> root_step()
	:: script_done -> break
	od
}

active proctype monitor()
{
end_watch:
	atomic { !(INVARIANT) -> CHECKS }
}
