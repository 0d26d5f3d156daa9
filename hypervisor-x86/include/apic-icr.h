/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPI filtering: what a write to the interrupt command register (ICR) of
 * a cell's CPU may do (arch/apic-icr.c).  Serves the xAPIC (ICR written
 * through the APIC-access page, low half triggers the send) and the x2APIC
 * (ICR MSR 0x830, one 64-bit write).
 *
 * Rules (a cell can only send interrupts to its own CPUs):
 * - Broadcasts (shorthand "all including self", "all excluding self", or
 *   the broadcast destination 0xff / 0xffffffff) are rewritten to the
 *   sender cell's CPUs: Linux sends them while other cells own CPUs, so
 *   they are narrowed, not refused.
 * - Logical destinations (xAPIC flat and cluster, x2APIC cluster) with
 *   fixed or lowest-priority delivery are narrowed to the cell's CPUs.
 * - NMI, INIT and SIPI that address a CPU outside the cell (physically or
 *   logically), any IPI with a physical destination outside the cell, SMI
 *   and the reserved delivery modes are violations: nothing is sent and the
 *   caller stops the cell (fault report JAILHOUSE_FAULT_IPI).
 * - Every permitted IPI is delivered as one physical-destination,
 *   no-shorthand write per target CPU (apic_icr_target_write()): this does
 *   not trust logical IDs a guest programmed, which could alias another
 *   cell's CPU.  Lowest-priority delivery becomes fixed delivery to the
 *   first target, which is a valid choice of "lowest priority".
 *
 * - From xAPIC mode a CPU whose APIC ID is above 254 cannot be named (the
 *   destination has 8 bits, 0xff is the broadcast): it is never a target
 *   of a rewritten destination, where its ID cut to 8 bits would name
 *   another CPU (a CPU in x2APIC mode keeps its 32-bit x2APIC ID).
 *
 * xAPIC logical IDs of CPUs outside the sending cell are what their owners
 * programmed into their LDRs.  A caller that does not want another cell's
 * choice of LDR to turn the root's logical NMIs into violations may pass 0
 * for those CPUs: logical destinations are then only narrowed, never
 * refused (delivery is physical either way, so nothing leaks).
 */
#ifndef _JH_APIC_ICR_H
#define _JH_APIC_ICR_H

#include <jailhouse/types.h>
#include <jailhouse/config.h>

#define APIC_ICR_VECTOR_MASK 0x000000ffU
#define APIC_ICR_DELIVERY_SHIFT 8
#define APIC_ICR_DELIVERY_MASK 0x00000700U
#define APIC_ICR_DELIVERY_FIXED 0
#define APIC_ICR_DELIVERY_LOWEST 1
#define APIC_ICR_DELIVERY_SMI 2
#define APIC_ICR_DELIVERY_NMI 4
#define APIC_ICR_DELIVERY_INIT 5
#define APIC_ICR_DELIVERY_STARTUP 6
#define APIC_ICR_DEST_LOGICAL 0x00000800U
#define APIC_ICR_SEND_PENDING 0x00001000U /* xAPIC status, RO */
#define APIC_ICR_LEVEL_ASSERT 0x00004000U
#define APIC_ICR_TRIGGER_LEVEL 0x00008000U
#define APIC_ICR_SHORTHAND_SHIFT 18
#define APIC_ICR_SHORTHAND_MASK 0x000c0000U
#define APIC_ICR_SHORTHAND_NONE 0
#define APIC_ICR_SHORTHAND_SELF 1
#define APIC_ICR_SHORTHAND_ALL 2
#define APIC_ICR_SHORTHAND_OTHERS 3

#define APIC_XAPIC_BROADCAST 0xffU
#define APIC_X2APIC_BROADCAST 0xffffffffU
/* x2APIC ICR bits 13, 17:16 and 31:20 are reserved: a WRMSR that sets one
 * raises #GP (SDM "Reserved Bit Checking"; bit 12, the xAPIC's delivery
 * status, is ignored, not reserved). */
#define APIC_X2APIC_ICR_RESERVED 0xfff32000U

/* One CPU of the system as the filter sees it. */
struct apic_cpu {
	__u32 apic_id;
	/* xAPIC only: logical APIC ID, bits 31:24 of the LDR the guest wrote
	 * (x2APIC logical IDs are derived from apic_id by the hardware). */
	__u8 xapic_logical_id;
	__u8 in_cell; /* 1: belongs to the sending cell */
};

struct apic_icr_request {
	/* xAPIC: ICR high << 32 | ICR low; x2APIC: the 64-bit MSR value. */
	__u64 icr;
	int x2apic;
	/* xAPIC only: destination format is cluster (DFR 0x0xxxxxxx) rather
	 * than flat (DFR 0xFxxxxxxx). */
	int xapic_cluster;
	/* The root: a logical destination that names a CPU outside the cell
	 * is narrowed to the cell's CPUs whatever the delivery mode, never
	 * refused, so that its NMIs and INITs to its own CPUs are not lost.
	 * x2APIC logical IDs are the hardware's (derived from the APIC ID),
	 * so unlike xAPIC ones they cannot be hidden by passing 0. */
	int narrow_logical;
	unsigned int sender;	     /* index of the sending CPU in cpus */
	const struct apic_cpu *cpus; /* every CPU of the system */
	unsigned int num_cpus;	     /* <= JAILHOUSE_MAX_CPUS */
};

enum apic_icr_verdict {
	APIC_ICR_SEND,	    /* write apic_icr_target_write() per target */
	APIC_ICR_DROP,	    /* nothing to deliver: no matching CPU */
	APIC_ICR_VIOLATION, /* stop the cell: see reason, foreign_cpu */
};

#define APIC_ICR_TARGET_LONGS (JAILHOUSE_MAX_CPUS / 64)

struct apic_icr_plan {
	enum apic_icr_verdict verdict;
	/* ICR low word to write for each target: vector, delivery mode,
	 * level and trigger as requested (lowest priority -> fixed), physical
	 * destination mode, no shorthand. */
	__u32 icr_low;
	/* 1 if the request was narrowed or rewritten (broadcast/logical). */
	int rewritten;
	__u64 targets[APIC_ICR_TARGET_LONGS]; /* bitmap of cpus indices */
	unsigned int num_targets;
	/* VIOLATION: index of the first addressed CPU outside the cell, or
	 * num_cpus if the violation is the delivery mode itself. */
	unsigned int foreign_cpu;
	const char *reason; /* static text: why dropped/refused, or NULL */
};

/* Decides what an ICR write does.  Returns 0, or -EINVAL for a request
 * the caller built wrongly (sender out of range, num_cpus too large). */
int apic_icr_filter(const struct apic_icr_request *req,
		    struct apic_icr_plan *plan);

static inline int apic_icr_is_target(const struct apic_icr_plan *plan,
				     unsigned int cpu)
{
	return (plan->targets[cpu / 64] >> (cpu % 64)) & 1;
}

/*
 * The register values that deliver the plan's IPI to target `cpu`:
 * xAPIC: write *high to ICR_HIGH (0x310), then *low to ICR_LOW (0x300);
 * x2APIC: write ((__u64)*high << 32 | *low) to MSR 0x830.
 */
void apic_icr_target_write(const struct apic_icr_request *req,
			   const struct apic_icr_plan *plan, unsigned int cpu,
			   __u32 *low, __u32 *high);

#endif
