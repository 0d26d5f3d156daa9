/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The arch seam: everything the generic level (the .c files at the top
 * of hypervisor-x86) asks of VMX (vmx/), as hooks named arch_*, and the
 * arch parts of struct per_cpu and struct cell.  Generic code calls
 * nothing else of vmx/ and touches no field of the arch parts; tests/static/arch-seam checks the first on the
 * built objects (the hooks are the arch_ names declared here).
 *
 * Hooks are plain direct calls, never function pointers: one
 * implementation is linked in.  None is on the hot exit paths (CPUID,
 * MSR, port I/O, xAPIC writes): those are handled inside vmx/ and arch/.
 *
 * Unless a hook says otherwise, it runs on the CPU it is about ("this
 * CPU"), in the hypervisor (not in a guest), with no lock held.
 */
#ifndef _HV_ARCH_H
#define _HV_ARCH_H

#include <jailhouse/types.h>
#include "cpuid-filter.h"
#include "paging.h"

struct per_cpu;
struct cell;
struct jailhouse_trampoline_cpu;

/*
 * VMX's part of a CPU, written by its own CPU only.  Embedded in struct
 * per_cpu page-aligned (the VMXON region and the VMCS must be): the two
 * pages come first, so the flags after them cost no padding.
 */
struct arch_cpu {
	__u8 vmxon_region[PAGE_SIZE];
	__u8 vmcs[PAGE_SIZE];
	int vmx_on;	 /* VMXON done, VMXOFF owed */
	int vmcs_loaded; /* the VMCS is current on this CPU */
};

/*
 * VMX's part of a cell, built by arch_cell_create() and read by every CPU
 * that loads the cell (arch_cpu_load_cell()); changed only under cell_lock
 * while the CPUs concerned are parked or flush afterwards.
 */
struct arch_cell {
	__u64 eptp;	  /* EPT pointer of cell->ept */
	__u8 *io_bitmap;  /* 2 pages: ports 0-0x7fff, 0x8000-0xffff */
	__u8 *msr_bitmap; /* 1 page */
	/* what CPUID shows it, but for the guest's CR4 (read per exit) */
	struct cpuid_cell cpuid;
};

/* ---- a CPU's life (setup.c, hypercall.c) ---- */

/* The image's entry point (vmx/entry.S), which the driver's trampoline
 * jumps to on every CPU; the header records its address. */
extern __u8 arch_entry[];

/*
 * Turns VMX on for this CPU and builds the root cell's VMCS from the state
 * Linux handed over.  Called once per CPU by setup.c after the global
 * init, before the CPUs meet.  0, or an errno recorded with hv_fail()
 * (VMX is off again then).
 */
int arch_cpu_init(struct per_cpu *cpu);
/* Undoes arch_cpu_init() (also a partial one); VMX is off afterwards. */
void arch_cpu_exit(struct per_cpu *cpu);
/*
 * Enters the root cell.  Returns only if that failed: the failure is
 * recorded with hv_fail() and VMX is off again.
 */
void arch_cpu_launch(struct per_cpu *cpu);
/*
 * Hands this CPU back to the driver's trampoline (never returns); the
 * trampoline restores Linux's tables and stack and returns t->result.
 * Used after a failed enable, with VMX off (vmx/entry.S).
 */
void __attribute__((noreturn))
arch_return_native(__u64 return_entry, struct jailhouse_trampoline_cpu *t);
/*
 * Disable: this root CPU leaves VMX and continues as native Linux with
 * the state its guest had at this VM exit (never returns).  Called from
 * the disable hypercall in that exit; the caller has checked that no cell
 * but the root exists.
 */
void __attribute__((noreturn)) arch_leave_to_linux(struct per_cpu *cpu);

/* ---- a CPU's events (cpu-events.c, setup.c) ---- */

/*
 * A parked CPU takes over `cell`: its VMCS uses the cell's EPT and
 * bitmaps from the next VM entry, and this CPU's cached translations are
 * dropped.  Called by the CPU itself while parked (it sees new_cell).
 */
void arch_cpu_load_cell(struct per_cpu *cpu, const struct cell *cell);
/*
 * The guest state after INIT and SIPI: real mode, CS selector `cs` (base
 * cs << 4), IP `rip`, general registers zero, no NMI pending.  Called by
 * the CPU itself, parked, right before it leaves the wait-for-SIPI state.
 */
void arch_cpu_reset(struct per_cpu *cpu, unsigned int cs, __u64 rip);
/*
 * Before this CPU changes owners (it is parked, its next cell known): the
 * state the VMCS does not hold is scrubbed (include/scrub.h): general
 * registers, x87/SSE/AVX and the other XSAVE user state to their init
 * state, DR0-3/DR6, CR2, and the unswitched MSRs (STAR, LSTAR, CSTAR,
 * FMASK, KERNEL_GS_BASE, TSC_AUX, IA32_XSS, IA32_BNDCFGS, IA32_XFD):
 * zero for a non-root cell, Linux's values when `to_root` (saved by
 * arch_cpu_save_root_state()).  arch/scrub-cpu.c.
 */
void arch_cpu_scrub(struct per_cpu *cpu, int to_root);
/* At enable, before the root runs on this CPU: Linux's values of the MSRs
 * arch_cpu_scrub() gives back to the root. */
void arch_cpu_save_root_state(struct per_cpu *cpu);
/* Drops this CPU's cached guest-physical translations, of all cells. */
void arch_cpu_flush_ept(void);
/*
 * From this CPU's NMI handler (in the hypervisor, not in its guest): a
 * request arrived that the current VM exit may already have looked for,
 * so the next VM entry must exit at once.  A no-op before the VMCS is
 * loaded.  The caller has checked that the CPU is not parked (a parked
 * CPU looks for requests anyway).
 */
void arch_exit_after_entry(struct per_cpu *cpu);

/*
 * From hv_exception(), on a CPU of a non-root cell whose VM exit was being
 * handled: the exit is dropped (the stack reset to the exit's frame), the
 * CPU handles its events - the caller has failed its cell, so it parks -
 * and enters its guest again once management starts it (never returns).
 */
void __attribute__((noreturn)) arch_abandon_exit(struct per_cpu *cpu);

/* ---- cells (root-cell.c at setup; cell.c under cell_lock) ---- */

/*
 * A cell's arch part and its empty EPT (cell->ept, in the format this CPU
 * supports): the EPT pointer, the I/O bitmap (the root: every port passed
 * but the PCI configuration ports; a non-root cell: its config's ports)
 * and the MSR bitmap (the allow-list of the cell's kind).  cell->config is
 * set.  0 or -ENOMEM; what was allocated stays for arch_cell_destroy().
 */
int arch_cell_create(struct cell *cell);
/* Frees what arch_cell_create() allocated (safe on a half-built cell). */
void arch_cell_destroy(struct cell *cell);
/*
 * The root's I/O bitmap: the ports of `cell`'s config exit for the root
 * (`taken` 1, at create) or pass again (0, at destroy).  The root CPUs
 * see the change at their next port access (the bitmap is read by the
 * hardware on every access).
 */
void arch_root_ports(const struct cell *cell, int taken);
/*
 * What this CPU's EPT can express, as CELL_CONFIG_CAP_* bits
 * (common/cell-config.h), for cell_config_check_caps() on every config
 * before it is mapped.
 */
unsigned int arch_config_caps(void);

/* ---- the guest's registers (include/hv.h: guest_reg_read/write) ---- */

/* RSP is not saved by the VM-exit path but lives in the VMCS: the
 * current VM exit's guest RSP of this CPU. */
unsigned long arch_guest_rsp(void);
void arch_set_guest_rsp(unsigned long rsp);

#endif
