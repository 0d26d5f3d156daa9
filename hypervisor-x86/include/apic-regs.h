/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which local APIC registers of a non-root cell reach the hardware and
 * which are the cell's own copy (arch/apic-regs.c).  Pure logic: the
 * callers (arch/apic.c for the xAPIC page, arch/msr-mediate.c for the
 * x2APIC MSRs) do the accesses.
 *
 * Safe on hardware, because their effect stays on the cell's own CPU:
 * EOI, TPR, SVR, ESR, the timer (LVT, initial count, divide), and the
 * thermal, performance-counter and CMCI LVTs while they use fixed
 * delivery.  Virtualised (the cell reads back what it wrote, the hardware
 * never sees it):
 *  - the APIC ID: writable on some models and under KVM; a cell taking a
 *    root CPU's ID would receive that CPU's interrupts, NMIs and kicks;
 *  - LDR and DFR: they feed the cell's own IPI filter only (its CPUs'
 *    logical IDs), never the hardware, so no root logical destination
 *    can come to name a cell's CPU;
 *  - LINT0 and LINT1: the platform's ExtINT and NMI lines, masked in the
 *    hardware for as long as the CPU is in a cell;
 *  - the thermal, performance-counter and CMCI LVTs with any delivery
 *    mode but fixed (SMI, NMI, INIT, ExtINT): the hardware gets them
 *    masked.  (Linux's perf NMIs therefore do not fire in a cell.)
 */
#ifndef _HV_APIC_REGS_H
#define _HV_APIC_REGS_H

#include <jailhouse/types.h>

#define APIC_REG_ID 0x020
#define APIC_REG_VERSION 0x030
#define APIC_REG_TPR 0x080
#define APIC_REG_PPR 0x0a0
#define APIC_REG_EOI 0x0b0
#define APIC_REG_LDR 0x0d0
#define APIC_REG_DFR 0x0e0
#define APIC_REG_SVR 0x0f0
#define APIC_REG_ESR 0x280
#define APIC_REG_LVT_CMCI 0x2f0
#define APIC_REG_ICR_LOW 0x300
#define APIC_REG_ICR_HIGH 0x310
#define APIC_REG_LVT_TIMER 0x320
#define APIC_REG_LVT_THERMAL 0x330
#define APIC_REG_LVT_PERF 0x340
#define APIC_REG_LVT_LINT0 0x350
#define APIC_REG_LVT_LINT1 0x360
#define APIC_REG_LVT_ERROR 0x370
#define APIC_REG_TIMER_ICR 0x380
#define APIC_REG_TIMER_CCR 0x390
#define APIC_REG_TIMER_DCR 0x3e0
#define APIC_REG_SELF_IPI 0x3f0 /* x2APIC only */

#define APIC_ROOT_SAVED 5 /* registers of the root kept per CPU (apic.c) */

#define APIC_LVT_MASK (1U << 16)
#define APIC_LVT_DELIVERY_MASK 0x700U

/* The cell's own copies, per CPU; reset when the CPU enters a cell. */
struct apic_virtual {
	__u32 id;  /* xAPIC ID register: the APIC ID in bits 31:24 */
	__u32 ldr; /* xAPIC LDR: logical ID in bits 31:24 */
	__u32 dfr; /* xAPIC DFR: 0xffffffff flat, 0x0fffffff cluster */
	__u32 lint0, lint1;
	__u32 lvt_cmci, lvt_thermal, lvt_perf;
};

enum apic_reg_action {
	APIC_REG_HARDWARE,   /* read or write the hardware register */
	APIC_REG_VIRTUAL,    /* the copy in struct apic_virtual */
	APIC_REG_LVT_MASKED, /* write: the copy, the hardware gets it masked */
	APIC_REG_SEND_IPI,   /* ICR low (xAPIC) / ICR (x2APIC): the filter */
	APIC_REG_SAVE_HIGH,  /* ICR high (xAPIC): kept for the next send */
	APIC_REG_IGNORE,     /* write to a read-only xAPIC register */
	APIC_REG_REFUSE,     /* no such register, or not this width */
};

/*
 * What a cell's access to the register at xAPIC offset `offset` does; a
 * write carries `value`.  x2apic: the access came as an MSR (0x800 +
 * offset / 16), where the SDM makes writes of read-only registers #GP
 * (APIC_REG_REFUSE) instead of ignoring them.
 */
enum apic_reg_action apic_reg_decide(unsigned int offset, int is_write,
				     __u32 value, int x2apic);

/* The cell's copy of the register at `offset`, NULL if it has none. */
__u32 *apic_virtual_reg(struct apic_virtual *v, unsigned int offset);

/* The copies as a CPU entering a cell finds them: the APIC's reset values
 * (SDM "Local APIC State After Power-Up or Reset"), the real ID. */
void apic_virtual_reset(struct apic_virtual *v, __u32 apic_id);

/* The xAPIC logical ID the cell gave this CPU, as its IPI filter sees it;
 * cluster: whether the cell chose the cluster model. */
__u8 apic_virtual_logical_id(const struct apic_virtual *v);
int apic_virtual_cluster(const struct apic_virtual *v);

#endif
