/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's interrupt-remapping take-over (arch/vtd-root.c,
 * Documentation/vtd.md "The root's take-over").
 *
 * On real machines Linux has interrupt remapping and queued invalidation
 * on when the hypervisor is enabled, even with intel_iommu=off.  The
 * hypervisor then owns each unit: its own interrupt remapping table and
 * invalidation queue are in the registers, and the root sees an emulation
 * of the registers Linux uses:
 *  - GCMD/GSTS as Linux set them (IRE, QIE, CFI, SIRTP -> IRTPS; TE and
 *    SRTP are acknowledged in the status only: DMA remapping is the
 *    hypervisor's), IRTA, RTADDR;
 *  - the invalidation queue IQA/IQH/IQT/ICS and IECTL/IEDATA/IEADDR:
 *    descriptors are read from Linux's queue in root memory when IQT is
 *    written; an interrupt-entry-cache descriptor re-reads the entries it
 *    names from Linux's table, a wait descriptor writes its status (into
 *    root RAM only) and, with IF, sets ICS.IWC and sends the completion
 *    interrupt unless IECTL.IM; a descriptor of another kind or a bad one
 *    stops the queue with FSTS.IQE at IQH, as the hardware does;
 *  - FSTS/FECTL/FEDATA/FEADDR/FEUADDR as registers of Linux's own (the
 *    unit's faults are the hypervisor's: it reads and reports them);
 *    the fault recording registers read 0.
 * Each entry of Linux's table (index i) becomes entry i of the
 * hypervisor's table, validated: present, remapped (not posted), fixed or
 * lowest-priority delivery, vector 16 and up, a destination that is a
 * root CPU (a logical destination becomes the physical one of the first
 * root CPU it names), and source-ID verification kept (SVT 1 or 2) for
 * sources that are no non-root cell's devices.  Anything else leaves the
 * hypervisor's entry not present: that interrupt is blocked and recorded
 * by the unit, and the console says why.
 */
#ifndef _HV_VTD_ROOT_H
#define _HV_VTD_ROOT_H

#include <jailhouse/types.h>
#include "apic-icr.h"

/* How the emulation reaches the root (the hypervisor: the root's RAM
 * through its EPT, the local APIC; unit tests: arrays). */
struct vtd_root_env {
	/* [phys, phys + size) of root RAM into buf: 0, or -EPERM when the
	 * root may not read all of it */
	int (*read)(void *ctx, __u64 phys, void *buf, unsigned long size);
	/* a 32-bit store into root RAM the root may write: 0 or -EPERM */
	int (*write32)(void *ctx, __u64 phys, __u32 value);
	/* a fixed interrupt `vector` to the CPU with APIC ID `apic_id`,
	 * already validated as one of the root's */
	void (*interrupt)(void *ctx, __u32 apic_id, unsigned int vector);
	/* a console line (rate-limited by the caller as it likes) */
	void (*print)(void *ctx, const char *line);
	void *ctx;
	/* every CPU; in_cell: the root's (refreshed by the caller when a
	 * CPU changes cells) */
	const struct apic_cpu *cpus;
	unsigned int num_cpus;
};

/* Fault records Linux is shown at most (vtd-root-fault.c) */
#define VTD_ROOT_FAULT_RECORDS 8

/* Linux's view of one unit (vtd_unit.root). */
struct vtd_root_view {
	int active;   /* taken over: the root's accesses are emulated */
	int returned; /* handed back: IRE and the queue are Linux's again */
	/* how far a hand-back came (a failed disable is retried from
	 * there): 1 Linux's table latched, 2 Linux's queue running */
	int back_stage;
	__u32 gsts; /* TES, RTPS, QIES, IRES, IRTPS, CFIS as Linux set them */
	__u64 rtaddr, irta, irta_latched;
	__u64 iqa, iqh, iqt; /* IQH/IQT: byte offsets (register values) */
	__u32 ics, fsts, fectl, fedata, feaddr, feuaddr;
	__u32 iectl, iedata, ieaddr, ieuaddr;
	/* what the unit had physically when taken over (cfi: CFIS) */
	int found_cfi;
	/* Linux's entries an interrupt-entry-cache descriptor named that
	 * are not read again yet: [dirty_first, dirty_end) (coalesced;
	 * empty when equal) */
	__u32 dirty_first, dirty_end;
	/* counters for the tests and the console */
	unsigned long refused, translated, descriptors;
	unsigned long batches; /* queue runs that stopped at their budget */
	/* refusals in the current pass over Linux's table: the console
	 * gets VTD_ROOT_LINES_PER_PASS of them and a count of the rest */
	unsigned int pass_refused;
	/* the unit's fault event is Linux's message (vtd-root-fault.c) */
	int fault_live;
	/* the faults of the root's devices as Linux reads them: records
	 * [0, VTD_ROOT_FAULT_RECORDS) of the unit's; the next one filled */
	struct {
		__u64 lo, hi;
	} fault_rec[VTD_ROOT_FAULT_RECORDS];
	unsigned int fault_next;
};

struct vtd;
struct vtd_unit;

#define VTD_ROOT_LINES_PER_PASS 4
/*
 * The work one root access may cause in the emulated queue: descriptors
 * run plus Linux's entries read again.  A queue that needs more (up to
 * 32768 descriptors, each interrupt-entry-cache one naming up to all of
 * Linux's 65536 entries) is left at its IQH and goes on at the root's
 * next access to the unit's registers: Linux polls FSTS while it waits
 * for a wait descriptor's status (qi_check_fault), so each poll moves it
 * on.  Interrupt-entry-cache descriptors are coalesced: what they name is
 * read again once, before the next wait descriptor (or when the queue
 * runs dry), which is all Linux can observe.
 */
#define VTD_ROOT_WORK_PER_ACCESS 4096

/* Register offsets the emulation adds to vtd-regs.h */
#define VTD_REG_FEDATA 0x3c
#define VTD_REG_FEADDR 0x40
#define VTD_REG_FEUADDR 0x44
#define VTD_REG_IECTL 0xa0
#define VTD_REG_IEDATA 0xa4
#define VTD_REG_IEADDR 0xa8
#define VTD_REG_IEUADDR 0xac
/* the unit's register page the root's accesses reach */
#define VTD_ROOT_REG_PAGE 0x1000

/*
 * vtd_unit_init(): the unit was found with QIE or IRE on (Linux's).
 * Refuses by name what cannot be taken over (DMA translation on, no
 * root environment, no ECAP.IR) and records Linux's registers.
 */
int vtd_root_found(struct vtd_unit *u, char *msg, unsigned long msg_size);
/*
 * vtd_unit_enable(), before the hypervisor's table is latched: Linux's
 * queue drained and stopped, each live entry of Linux's table translated
 * into the hypervisor's.  The table switch itself (SIRTP with IRE still
 * on, then the global interrupt-entry-cache invalidation) is
 * vtd_unit_enable's, so no root interrupt finds no entry.
 */
int vtd_root_prepare(struct vtd_unit *u);
/* After the switch: CFI off (compatibility format blocked) if Linux had
 * it on; Linux keeps seeing CFIS. */
int vtd_root_enabled(struct vtd_unit *u);
/*
 * Disable: the unit as Linux's view says (which may differ from what was
 * found: Linux went on programming it): IRTA latched to Linux's table
 * with IRE still on and the caches invalidated, the queue back on
 * Linux's (its head advanced to Linux's IQH through slots Linux has
 * consumed), IRE/QIE/CFI as Linux set them, the fault and invalidation
 * event registers.  Linux's table is never written.  -EIO with a
 * sentence when the unit does not answer.
 */
int vtd_root_hand_back(struct vtd_unit *u, char *msg, unsigned long msg_size);

/*
 * The root's access to register `reg` (offset in the unit's page) of
 * unit `unit`, `size` 4 or 8 bytes, aligned: 0, or -EINVAL for an access
 * the emulation does not take (unaligned, other sizes: the caller
 * refuses it).  A store may run the emulated queue.
 */
int vtd_root_read(struct vtd *v, unsigned int unit, unsigned int reg,
		  unsigned int size, __u64 *value);
int vtd_root_write(struct vtd *v, unsigned int unit, unsigned int reg,
		   unsigned int size, __u64 value);
/*
 * The root's remappable-format MSI-X message (`address`, `data`) of a
 * virtual device (ivshmem), which reaches no unit: the hypervisor's
 * validated copy of the Linux entry it names on unit `unit`, as the APIC
 * ID (a root CPU, physical) and vector to send.  0, or -EPERM with a
 * static *reason (the unit is not taken over, the message is not in
 * remappable format, or it names no present root entry).  Under the VT-d
 * lock.
 */
int vtd_root_msi_target(const struct vtd *v, unsigned int unit, __u64 address,
			__u32 data, __u32 *apic_id, __u8 *vector,
			const char **reason);
/*
 * Every root entry of every taken-over unit validated again (the root's
 * CPUs or a device's cell changed at cell create/destroy): entries that
 * now name a CPU or a device of a cell are removed.  0 or -EIO.
 */
int vtd_root_revalidate(struct vtd *v);

/* ---- arch/vtd-root.c for arch/vtd-root-fault.c ---- */

/* The index in the root environment's CPUs of the root CPU a message
 * names (physical: its APIC ID; logical: the first it names), or
 * num_cpus. */
unsigned int vtd_root_cpu(const struct vtd_unit *u, __u32 dest, int logical,
			  int x2apic);
/* "IOMMU unit N: root WHATWHY" on the root environment's console. */
void vtd_root_say(const struct vtd_unit *u, const char *what, const char *why);

/* ---- arch/vtd-root-fault.c: the fault event and the fault records ---- */

struct vtd_fault;

/*
 * After vtd_setup(): the unit signals its faults with Linux's fault event
 * message (validated: fixed or lowest priority, vector 16 and up, a root
 * CPU, made physical) and Linux's mask, so that Linux's handler runs when
 * a fault is recorded and its trapped read of FSTS has the hypervisor
 * read the records.  Without it (the QEMU harness) the event stays masked.
 */
void vtd_root_fault_event_on(struct vtd_unit *u);
/* Linux's FEDATA/FEADDR/FEUADDR/FECTL (or the root's CPUs) changed: the
 * unit's message again, masked if it is no longer acceptable. */
void vtd_root_fault_program(struct vtd_unit *u);
/* Linux cleared FECTL.IM: a fault event held pending is sent now. */
void vtd_root_fault_unmasked(struct vtd_unit *u);
/*
 * A fault of a root device (or of one in no domain), read by the
 * hypervisor: an emulated record for Linux (FSTS.PFO when none is free);
 * `signal`: Linux's fault event interrupt too, unless its handler is the
 * one reading (it reads the records next) or FECTL.IM holds it (IP).
 */
void vtd_root_fault_forward(struct vtd_unit *u, const struct vtd_fault *f,
			    int signal);
/* FSTS as Linux reads it: the emulated queue's bits, PFO, and PPF with
 * FRI while an emulated record is pending. */
__u32 vtd_root_fault_status(const struct vtd_unit *u);
/* The 32-bit register `reg` of the unit's fault records: 1 with *value
 * (0 beyond the emulated ones), 0 if `reg` is none of them. */
int vtd_root_fault_record_read(const struct vtd_unit *u, unsigned int reg,
			       __u32 *value);
/* A write there: F is write-1-to-clear; 1 if `reg` is a record's. */
int vtd_root_fault_record_write(struct vtd_unit *u, unsigned int reg,
				__u32 value);

#endif
