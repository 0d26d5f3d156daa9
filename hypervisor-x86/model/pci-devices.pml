/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI device ownership through a cell's life (pci.c, arch/pci-msi.c), for
 * SPIN.  README.md in this folder maps every step to the code.
 *
 * One device that cell A's config lists: the root's before create and
 * after destroy.  Its hardware state: decoding (memory and bus master),
 * MSI enabled, the CPU its message names and for whom it was written.
 * The root reaches it through the trapped configuration ports (pci_lock,
 * the owner checked under it), and directly through its ECAM page and its
 * MSI-X table pages while they are in its EPT (or a stale translation
 * before a flush).  Cell A's CPUs, in VM exits at any time: turn decoding
 * on or off, enable MSI aimed at any CPU (outside the cell: refused, the
 * cell fails, after pci_lock is dropped), write its MSI-X table, fault.
 *
 * What holds (INVARIANT, and at the root's direct accesses):
 *   D1 an enabled MSI names a CPU of the device's owner;
 *   D2 a quiesced cell's device does nothing (decoding and MSI off) until
 *      the cell starts again: the cell's writes after the stop have no
 *      effect;
 *   D3 the device belongs to an existing cell or to the root, and to the
 *      root once the cell is gone;
 *   D4 after the return no MSI of the cell's is left: an enabled MSI of a
 *      root-owned device was written by the root;
 *   D5 the root reaches the device directly only while it owns it (ECAM);
 *      what it wrote into the MSI-X table of the cell's device (before
 *      the pages left its EPT) is never live for the cell: MSI-X going
 *      live rewrites every entry.
 *
 * Variants:
 *   default             the code as it is;
 *   -DQUIESCE_MARK_LATE the quiesce stops the device and marks it quiesced
 *                       in two lock sections (deliberately broken: a CPU
 *                       of a failing cell turns it on in between);
 *   -DTAKE_BEFORE_TRAP  create gives the device to the cell before the
 *                       root's ECAM page leaves its EPT (deliberately
 *                       broken);
 *   -DOWNER_UNLOCKED    the root's port access checks the owner before
 *                       taking pci_lock only (deliberately broken);
 *   -DNO_MSIX_SYNC      MSI-X going live rewrites only the entries the cell
 *                       wrote (deliberately broken).
 */

#include "cell-life.pml"

#define NOBODY 9

byte lk = NOBODY; /* pci_lock's holder */
byte owner; /* ROOT or CELL_A */
bool dev_quiesced;
bool decode = true; /* root Linux's driver runs it */
bool msi_en;
byte msi_dest = 3;
byte msi_by; /* ghost: ROOT or CELL_A */
bool saved_decode;
bool root_ecam = true; /* the root's ECAM page in its EPT (or its TLB) */
bool root_msix = true; /* the root's MSI-X table pages likewise */
bool a_exists;
/* ghost: an entry of the MSI-X table the root wrote into the cell's
 * device, not rewritten by the hypervisor since */
bool msix_stale;

/* checked outside pci_lock's sections: nobody sees inside one (a device
 * interrupt in the middle of take_device() is still the root's) */
#define D1 (!msi_en || cpu_cell[msi_dest] == owner)
#define D2 (!(quiesced && owner == CELL_A) || (!decode && !msi_en))
#define D3 (owner == ROOT || a_exists)
#define D4 (owner != ROOT || !msi_en || msi_by == ROOT)
#define D5 (!(msi_en && owner == CELL_A && msix_stale))
#define INVARIANT (lk != NOBODY || (D1 && D2 && D3 && D4 && D5))
#define CHECKS assert(D1); assert(D2); assert(D3); assert(D4); assert(D5)

/* a spinlock: taken again by its holder, it spins for ever */
inline lock(id)
{
	assert(lk != id);
	atomic { lk == NOBODY -> lk = id }
}

inline unlock()
{
	lk = NOBODY
}

/* step hw_stop (pci_dev_stop(), msi_stop()) */
#define HW_STOP decode = false; msi_en = false

/* step take_device (pci_cell_create()): the root's ECAM page out (flush),
 * then under pci_lock the owner, the saved state and the stop; the MSI-X
 * pages out of the root's EPT (trap_msix(), flush) */
inline unit_create(res)
{
	a_exists = true;
#ifndef TAKE_BEFORE_TRAP
	root_ecam = false;
#endif
	lock(0);
	owner = CELL_A;
	printf("manager: device given to cell A, stopped\n");
	dev_quiesced = false;
	saved_decode = decode;
	HW_STOP;
	unlock();
#ifdef TAKE_BEFORE_TRAP
	root_ecam = false;
#endif
	root_msix = false;
	res = OK
}

/* step pci_cell_quiesce: marked quiesced and stopped in one lock section
 * (the first time), then the waits and the reset without the lock */
inline unit_quiesce(by)
{
	lock(by);
	k = (owner == CELL_A && !dev_quiesced);
#ifndef QUIESCE_MARK_LATE
	if
	:: owner == CELL_A -> dev_quiesced = true
	:: else
	fi;
#endif
	if
	:: k -> HW_STOP; printf("cpu%d: device stopped\n", by)
	:: else
	fi;
	unlock();
#ifdef QUIESCE_MARK_LATE
	lock(by);
	if
	:: owner == CELL_A -> dev_quiesced = true
	:: else
	fi;
	unlock();
#endif
	/* wait_transactions(), the reset (pci_dev_reset_start/finish) */
	lock(by);
	if
	:: k -> msi_dest = 3; msi_by = ROOT /* the reset clears the message */
	:: else
	fi;
	unlock();
	quiesced = true;
	k = 0
}

/* step restart_device (pci_cell_start()): as at create, decoding off */
inline unit_start()
{
	lock(0);
	if
	:: owner == CELL_A && dev_quiesced -> decode = false; dev_quiesced = false
	:: else
	fi;
	unlock()
}

/* step pci_cell_destroy: the MSI-X pages back to the root (untrap_msix()),
 * then give_back(): under pci_lock the saved state and the owner, then
 * the ECAM page */
inline unit_destroy()
{
	root_msix = true;
	lock(0);
	decode = saved_decode;
	owner = ROOT;
	msix_stale = false;
	dev_quiesced = false;
	unlock();
	root_ecam = true;
	a_exists = false
}

/* A's CPU in a VM exit: pci_config_device() / msix_table_access(),
 * pci_lock held; the owner and quiesced checked under it */
inline cell_exit(id)
{
	k = 0;
	if
	:: lock(id);
		if
		:: owner == CELL_A && !dev_quiesced -> decode = !decode;
			printf("cpu%d: cell turns decoding %d\n", id, decode)
		:: else
		fi;
		unlock()
	:: lock(id); /* step msi_hook / pci_msix_table_access */
		if
		:: owner == CELL_A && !dev_quiesced ->
			if
			:: msi_en = false
			:: msi_en = true; msi_dest = 1; msi_by = CELL_A;
				printf("cpu%d: cell enables MSI at cpu1\n", id);
#ifndef NO_MSIX_SYNC
				msix_stale = false /* msix_sync_ctrl(): all */
#endif
			:: k = 1 /* aimed at CPU 3: refused */
			fi
		:: else
		fi;
		unlock()
	:: cell_fail(id)
	:: skip
	fi;
	if
	:: k == 1 -> cell_fail(id) /* fail_cell(), after the lock */
	:: else
	fi;
	k = 0
}

/* Root CPU 3 */
inline root_step()
{
	if
#ifndef OWNER_UNLOCKED
	:: lock(3); /* step pci_config_device(), the root's side */
		if
		:: owner == ROOT ->
			if
			:: decode = !decode
			:: msi_en = !msi_en; msi_dest = 3; msi_by = ROOT
			fi
		:: else /* all ones, dropped */
		fi;
		unlock()
#else
	:: owner == ROOT -> lock(3);
		printf("cpu3: root writes config space (owner checked before)\n");
		if
		:: decode = !decode
		:: msi_en = !msi_en; msi_dest = 3; msi_by = ROOT
		fi;
		unlock()
#endif
	:: atomic { root_ecam -> /* straight to its ECAM page */
		printf("cpu3: root writes the ECAM page directly\n");
		assert(owner == ROOT);
		if
		:: decode = !decode
		:: msi_en = !msi_en; msi_dest = 3; msi_by = ROOT
		fi }
	:: atomic { root_msix && owner == CELL_A -> /* straight to its MSI-X
		 * table, in the cell's device (decoding: root Linux's state
		 * until take_device() stops it) */
		msix_stale = decode || msix_stale;
		printf("cpu3: root writes the MSI-X table directly\n") }
	fi
}

#include "cell-steps.pml"
