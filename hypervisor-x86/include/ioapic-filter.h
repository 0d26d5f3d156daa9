/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOAPIC redirection-entry filter (arch/ioapic-filter.c).
 *
 * Without interrupt remapping (the Bochs rig has no IOMMU) a cell that
 * owns IOAPIC pins must not be able to steer their interrupts to CPUs of
 * other cells.  The hypervisor therefore emulates redirection-table writes:
 * it keeps the guest's view of each 64-bit entry and programs the real
 * IOAPIC with what ioapic_rte_filter() returns, in compatibility format:
 *  - the destination always becomes a *physical* APIC ID of one of the
 *    writer's CPUs (logical destinations are resolved here rather than
 *    trusting logical IDs a guest programmed, which could alias a CPU of
 *    another cell); a logical destination naming several of the cell's
 *    CPUs becomes its first one, which is what lowest-priority delivery
 *    may do anyway;
 *  - a physical destination outside the cell is a violation, unless the
 *    entry is masked (then it is parked on the cell's first CPU, still
 *    masked: Linux rewrites the destination before unmasking);
 *  - a logical destination that names none of the cell's CPUs is written
 *    masked (nothing to deliver);
 *  - fixed, lowest-priority and NMI delivery are allowed; ExtINT only when
 *    the caller allows it (the root cell's legacy PIC); SMI, INIT and the
 *    reserved modes are violations;
 *  - the read-only bits (delivery status, remote IRR) are cleared.
 */
#ifndef _JH_IOAPIC_FILTER_H
#define _JH_IOAPIC_FILTER_H

#include "apic-icr.h"

#define IOAPIC_RTE_VECTOR_MASK		0x00000000000000ffULL
#define IOAPIC_RTE_DELIVERY_SHIFT	8
#define IOAPIC_RTE_DELIVERY_MASK	0x0000000000000700ULL
#define IOAPIC_RTE_DELIVERY_FIXED	0
#define IOAPIC_RTE_DELIVERY_LOWEST	1
#define IOAPIC_RTE_DELIVERY_SMI		2
#define IOAPIC_RTE_DELIVERY_NMI		4
#define IOAPIC_RTE_DELIVERY_INIT	5
#define IOAPIC_RTE_DELIVERY_EXTINT	7
#define IOAPIC_RTE_DEST_LOGICAL		(1ULL << 11)
#define IOAPIC_RTE_DELIVERY_STATUS	(1ULL << 12)	/* read-only */
#define IOAPIC_RTE_POLARITY_LOW		(1ULL << 13)
#define IOAPIC_RTE_REMOTE_IRR		(1ULL << 14)	/* read-only */
#define IOAPIC_RTE_TRIGGER_LEVEL	(1ULL << 15)
#define IOAPIC_RTE_MASKED		(1ULL << 16)
#define IOAPIC_RTE_DEST_SHIFT		56

struct ioapic_rte_request {
	__u64 rte;			/* the guest's view of the entry */
	int allow_extint;		/* root cell only */
	int xapic_cluster;		/* logical format: cluster, not flat */
	const struct apic_cpu *cpus;	/* every CPU; in_cell = the writer's */
	unsigned int num_cpus;
};

enum ioapic_rte_verdict {
	IOAPIC_RTE_WRITE,	/* program `rte` into the IOAPIC */
	IOAPIC_RTE_VIOLATION,	/* stop the cell: reason, foreign_cpu */
};

struct ioapic_rte_result {
	enum ioapic_rte_verdict verdict;
	__u64 rte;		/* what the IOAPIC gets */
	int rewritten;		/* destination or mask changed */
	unsigned int target;	/* index into cpus of the destination CPU */
	unsigned int foreign_cpu;	/* VIOLATION: offending CPU or num_cpus */
	const char *reason;	/* static text, or NULL */
};

/* Returns 0, or -EINVAL if the request is malformed (no CPU of the cell,
 * num_cpus above JAILHOUSE_MAX_CPUS). */
int ioapic_rte_filter(const struct ioapic_rte_request *req,
		      struct ioapic_rte_result *result);

#endif
