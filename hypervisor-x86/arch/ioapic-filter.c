// SPDX-License-Identifier: GPL-2.0
/*
 * IOAPIC redirection-entry filter: compatibility-format entries restricted
 * to the writer's CPUs (see ioapic-filter.h).
 */
#include "ioapic-filter.h"
#include "error-codes.h"

static unsigned int first_cell_cpu(const struct ioapic_rte_request *req)
{
	unsigned int n;

	for (n = 0; n < req->num_cpus; n++)
		if (req->cpus[n].in_cell && req->cpus[n].apic_id <= 0xff)
			return n;
	return req->num_cpus;
}

static int logical_match(const struct ioapic_rte_request *req,
			 const struct apic_cpu *cpu, __u8 dest)
{
	__u8 id = cpu->xapic_logical_id;

	if (!req->xapic_cluster)
		return (id & dest) != 0;
	if ((dest >> 4) != 0xf && (id >> 4) != (dest >> 4))
		return 0;
	return (id & dest & 0xf) != 0;
}

/* First CPU of the cell named by a logical destination, or num_cpus. */
static unsigned int logical_target(const struct ioapic_rte_request *req,
				   __u8 dest, int *narrowed)
{
	unsigned int n, target = req->num_cpus;

	for (n = 0; n < req->num_cpus; n++) {
		if (!logical_match(req, &req->cpus[n], dest))
			continue;
		if (!req->cpus[n].in_cell || req->cpus[n].apic_id > 0xff)
			*narrowed = 1;
		else if (target == req->num_cpus)
			target = n;
	}
	return target;
}

static unsigned int physical_target(const struct ioapic_rte_request *req,
				    __u8 dest, unsigned int *foreign)
{
	unsigned int n;

	*foreign = req->num_cpus;
	for (n = 0; n < req->num_cpus; n++) {
		if (req->cpus[n].apic_id != dest)
			continue;
		if (req->cpus[n].in_cell)
			return n;
		*foreign = n;
	}
	return req->num_cpus;
}

static int violation(struct ioapic_rte_result *res, unsigned int cpu,
		     const char *reason)
{
	res->verdict = IOAPIC_RTE_VIOLATION;
	res->foreign_cpu = cpu;
	res->reason = reason;
	return 0;
}

/* The refusal for a delivery mode, or NULL if it is allowed. */
static const char *delivery_refusal(const struct ioapic_rte_request *req)
{
	unsigned int mode = (req->rte & IOAPIC_RTE_DELIVERY_MASK) >>
			    IOAPIC_RTE_DELIVERY_SHIFT;

	switch (mode) {
	case IOAPIC_RTE_DELIVERY_FIXED:
	case IOAPIC_RTE_DELIVERY_LOWEST:
	case IOAPIC_RTE_DELIVERY_NMI:
		return 0;
	case IOAPIC_RTE_DELIVERY_EXTINT:
		return req->allow_extint ? 0 : "ExtINT delivery is only "
			"allowed for the root cell";
	case IOAPIC_RTE_DELIVERY_SMI:
		return "SMI delivery from the IOAPIC is not allowed";
	case IOAPIC_RTE_DELIVERY_INIT:
		return "INIT delivery from the IOAPIC is not allowed";
	}
	return "reserved IOAPIC delivery mode";
}

static void choose_destination(const struct ioapic_rte_request *req,
			       struct ioapic_rte_result *res, __u64 *mask)
{
	__u8 dest = req->rte >> IOAPIC_RTE_DEST_SHIFT;
	unsigned int target, foreign;
	int narrowed = 0;

	if (req->rte & IOAPIC_RTE_DEST_LOGICAL) {
		target = logical_target(req, dest, &narrowed);
		res->rewritten = 1;	/* logical -> physical */
		if (target == req->num_cpus) {
			*mask = IOAPIC_RTE_MASKED;
			res->reason = "the logical destination names no CPU of "
				      "the cell: written masked";
			target = first_cell_cpu(req);
		}
	} else {
		target = physical_target(req, dest, &foreign);
		if (target == req->num_cpus) {
			res->rewritten = 1;
			if (!(req->rte & IOAPIC_RTE_MASKED)) {
				violation(res, foreign, "interrupt routed to a "
					  "CPU outside the cell");
				return;
			}
			target = first_cell_cpu(req);
		}
	}
	res->target = target;
}

int ioapic_rte_filter(const struct ioapic_rte_request *req,
		      struct ioapic_rte_result *res)
{
	__u64 keep = IOAPIC_RTE_VECTOR_MASK | IOAPIC_RTE_DELIVERY_MASK |
		     IOAPIC_RTE_POLARITY_LOW | IOAPIC_RTE_TRIGGER_LEVEL |
		     IOAPIC_RTE_MASKED;
	__u64 mask = 0;

	*res = (struct ioapic_rte_result){ .verdict = IOAPIC_RTE_WRITE };
	if (!req->cpus || req->num_cpus > JAILHOUSE_MAX_CPUS ||
	    first_cell_cpu(req) == req->num_cpus)
		return -EINVAL;
	res->foreign_cpu = req->num_cpus;
	if (delivery_refusal(req))
		return violation(res, req->num_cpus, delivery_refusal(req));
	choose_destination(req, res, &mask);
	if (res->verdict == IOAPIC_RTE_VIOLATION)
		return 0;
	if (mask && !(req->rte & IOAPIC_RTE_MASKED))
		res->rewritten = 1;
	res->rte = (req->rte & keep) | mask |
		   ((__u64)req->cpus[res->target].apic_id << IOAPIC_RTE_DEST_SHIFT);
	return 0;
}
