/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The speculation plan carried out (arch/spec.c, vmx/spec.c; the
 * decisions are arch/spec-plan.c's).  Each CPU decides its plan at
 * enable, from its own enumeration.
 */
#ifndef _JH_SPEC_H
#define _JH_SPEC_H

#include "spec-plan.h"

struct per_cpu;
struct cell;

/* Read CPUID.7 and ARCH_CAPABILITIES and decide; before the VMCS is
 * written (arch_cpu_init). */
void spec_cpu_init(struct per_cpu *cpu);
/* The same from a given enumeration and Linux's IA32_SPEC_CTRL (what a
 * CPU returning to the root gets back); host unit tests call it. */
void spec_cpu_adopt(struct per_cpu *cpu, const struct spec_cpu *id,
		    __u64 linux_spec_ctrl);
const struct spec_plan *spec_plan_of(const struct per_cpu *cpu);

/* The barriers of a CPU that is about to run `cell` instead of the cell
 * it ran before (cpu-events.c, parked, right after the move). */
void spec_cell_change(struct per_cpu *cpu, const struct cell *cell);

/* Right before VM entry, after the last access to hypervisor data: the
 * L1D flush and VERW of the plan, for non-root cells. */
void spec_before_entry(struct per_cpu *cpu);

/*
 * What vmx/entry.S does right after a VM exit, before its first RET:
 * SPEC_RSB_FILL (bit 0) or SPEC_RSB_PBRSB (bit 1); the union over all
 * CPUs, so that a hybrid part gets the stronger one.
 */
extern __u8 spec_exit_rsb;
/* 32 RSB entries that lead to a speculation trap (arch/spec-barriers.S). */
void spec_fill_rsb(void);

/* ---- vmx/spec.c: IA32_SPEC_CTRL switched through the VMCS MSR areas ---- */

/* The MSR-area fields of the VMCS: addresses always, counts 1 when the
 * plan switches SPEC_CTRL (the hypervisor's value loaded from then on). */
int vmx_spec_write_msr_areas(struct per_cpu *cpu);
/* The value the guest finds at its next entry. */
void vmx_spec_set_guest_spec_ctrl(struct per_cpu *cpu, __u64 value);
/* Leaving VMX: Linux gets back the value it had at its last exit. */
void vmx_spec_exit(struct per_cpu *cpu);

#endif
