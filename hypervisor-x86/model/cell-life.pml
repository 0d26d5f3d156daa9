/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cell life the device models share (ioapic-pins.pml, pci-devices.pml,
 * ivshmem-peers.pml include it; README.md in this folder says how to run
 * them).  It is the CPU management protocol of cpu-protocol.pml reduced
 * to what that model proves of it, taken here as given:
 *   - park_all() returns 0 only when every CPU of the cell is held, and a
 *     held CPU leaves only when management moves, starts or releases it;
 *   - a CPU in its guest exits at any time, for anything; at the end of
 *     an exit it parks if it was asked to; a CPU never moves in its guest;
 *   - every wait is bounded: park_all() may give up (EBUSY) whenever not
 *     all are held, and the call changes nothing then.
 * On top: the device units' hooks at the points cell.c calls them, and the
 * device steps of a hostile cell's CPUs and of the root's CPUs.
 *
 * The system: CPU 0 is Linux's driver (the process `manager`); CPUs 1 and
 * 2 are cell A's in its config (the root's before create and after
 * destroy); CPU 3 is a root CPU that never leaves the root and drives the
 * root's side of the device at any time (the process `root_cpu`).  Cell
 * A is hostile: in its guest its CPUs exit for any device access at any
 * time, fault, and deny its shutdown.
 *
 * Before including this file a model defines: the device state, the
 * inlines unit_create(res), unit_start(), unit_quiesce(), unit_destroy(),
 * cell_exit(id) (a device access of cell A's CPU `id` in a VM exit; may
 * call cell_fail(id)), root_step() (one device access of root CPU 3),
 * INVARIANT (what holds in every state) and CHECKS (its parts, asserted
 * one by one so that a trail names the one that broke).  -DSECOND_LIFE: cell A is created
 * and started a second time on the same CPUs after its destroy.
 */

#define NCPU 4
#define ROOT 0
#define CELL_A 1

/* cell states (FREE: destroyed) */
#define FREE 0
#define CREATED 1
#define RUNNING 3
#define SHUT_DOWN 4
#define FAILED 5

/* where a CPU is */
#define GUEST 0 /* running guest code of cpu_cell[] */
#define HV 1 /* in a VM exit */
#define HELD 2 /* parked by management */
#define WAITING 3 /* released: waits for its cell's INIT/SIPI */

#define OK 0
#define EBUSY 1
#define EPERM 2

#define IN_A_CONFIG(n) ((n) == 1 || (n) == 2)

byte cstate; /* cell A's state */
byte cpu_cell[NCPU]; /* per_cpu->cell: everybody starts in the root */
byte where[NCPU]; /* GUEST */
bool hold_req[NCPU];
bool script_done;

/* ghost: cell A's units quiesced (a fail, shutdown or destroy) and not
 * started since */
bool quiesced;
/* ghost: management has parked every CPU of A since its last start (a
 * stop returned) */
bool cell_stopped;
