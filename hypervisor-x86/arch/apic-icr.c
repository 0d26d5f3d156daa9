// SPDX-License-Identifier: GPL-2.0
/*
 * IPI filter: turns one ICR write of a cell into the physical IPIs it may
 * send (see apic-icr.h for the rules and why every IPI leaves as a
 * physical-destination write).
 */
#include "apic-icr.h"
#include <common/env.h>

struct icr_fields {
	__u32 low;
	__u32 destination;
	unsigned int delivery;
	unsigned int shorthand;
	int logical;
};

static void add_target(struct apic_icr_plan *plan, unsigned int cpu)
{
	if (!apic_icr_is_target(plan, cpu)) {
		plan->targets[cpu / 64] |= 1ULL << (cpu % 64);
		plan->num_targets++;
	}
}

/* An xAPIC ICR names 8-bit IDs, 0xff being the broadcast. */
static int addressable(const struct apic_icr_request *req, unsigned int cpu)
{
	return req->x2apic || req->cpus[cpu].apic_id < APIC_XAPIC_BROADCAST;
}

/* A CPU of the cell that a rewritten destination includes. */
static void add_cell_target(const struct apic_icr_request *req,
			    struct apic_icr_plan *plan, unsigned int cpu)
{
	if (addressable(req, cpu)) {
		add_target(plan, cpu);
		return;
	}
	plan->rewritten = 1;
	plan->reason = "a CPU with an APIC ID above 254 cannot be named from "
		       "xAPIC mode";
}

static int refuse(struct apic_icr_plan *plan, unsigned int foreign_cpu,
		  const char *reason)
{
	plan->verdict = APIC_ICR_VIOLATION;
	plan->foreign_cpu = foreign_cpu;
	plan->reason = reason;
	plan->num_targets = 0;
	for (unsigned int n = 0; n < APIC_ICR_TARGET_LONGS; n++)
		plan->targets[n] = 0;
	return 0;
}

static int strict_mode(unsigned int delivery)
{
	return delivery == APIC_ICR_DELIVERY_NMI ||
	       delivery == APIC_ICR_DELIVERY_INIT ||
	       delivery == APIC_ICR_DELIVERY_STARTUP;
}

/* All CPUs of the sender's cell, optionally without the sender. */
static void target_cell(const struct apic_icr_request *req,
			struct apic_icr_plan *plan, int include_self)
{
	unsigned int n;

	for (n = 0; n < req->num_cpus; n++) {
		if (!req->cpus[n].in_cell) {
			plan->rewritten = 1; /* narrowed to the cell */
			continue;
		}
		if (n != req->sender || include_self)
			add_cell_target(req, plan, n);
	}
}

static int logical_match(const struct apic_icr_request *req,
			 const struct apic_cpu *cpu, __u32 dest)
{
	__u32 id = cpu->apic_id, ldr;

	if (req->x2apic) {
		/* x2APIC LDR: cluster in 31:16, one bit of 16 in 15:0. */
		ldr = ((id >> 4) << 16) | (1U << (id & 0xf));
		return (ldr >> 16) == (dest >> 16) && (ldr & dest & 0xffff);
	}
	dest &= 0xff;
	if (!req->xapic_cluster)
		return (cpu->xapic_logical_id & dest) != 0;
	if ((dest >> 4) != 0xf && (cpu->xapic_logical_id >> 4) != (dest >> 4))
		return 0;
	return (cpu->xapic_logical_id & dest & 0xf) != 0;
}

static int target_logical(const struct apic_icr_request *req,
			  const struct icr_fields *f,
			  struct apic_icr_plan *plan)
{
	unsigned int n;

	for (n = 0; n < req->num_cpus; n++) {
		if (!logical_match(req, &req->cpus[n], f->destination))
			continue;
		if (req->cpus[n].in_cell) {
			add_cell_target(req, plan, n);
			continue;
		}
		if (strict_mode(f->delivery) && !req->narrow_logical)
			return refuse(plan, n,
				      "NMI, INIT or SIPI to a logical "
				      "destination that includes a CPU outside "
				      "the cell");
		plan->rewritten = 1;
	}
	return 0;
}

static int target_physical(const struct apic_icr_request *req,
			   const struct icr_fields *f,
			   struct apic_icr_plan *plan)
{
	unsigned int n;

	for (n = 0; n < req->num_cpus; n++) {
		if (req->cpus[n].apic_id != f->destination)
			continue;
		if (!req->cpus[n].in_cell)
			return refuse(plan, n, "IPI to a CPU outside the cell");
		add_target(plan, n);
		return 0;
	}
	plan->reason = "no CPU has the destination APIC ID";
	return 0;
}

static int is_broadcast(const struct apic_icr_request *req, __u32 dest)
{
	return dest ==
	       (req->x2apic ? APIC_X2APIC_BROADCAST : APIC_XAPIC_BROADCAST);
}

static int choose_targets(const struct apic_icr_request *req,
			  const struct icr_fields *f,
			  struct apic_icr_plan *plan)
{
	switch (f->shorthand) {
	case APIC_ICR_SHORTHAND_SELF:
		add_cell_target(req, plan, req->sender);
		return 0;
	case APIC_ICR_SHORTHAND_ALL:
		plan->rewritten = 1;
		target_cell(req, plan, 1);
		return 0;
	case APIC_ICR_SHORTHAND_OTHERS:
		plan->rewritten = 1;
		target_cell(req, plan, 0);
		return 0;
	}
	if (is_broadcast(req, f->destination)) {
		plan->rewritten = 1;
		target_cell(req, plan, 1);
		return 0;
	}
	if (f->logical) {
		plan->rewritten = 1;
		return target_logical(req, f, plan);
	}
	return target_physical(req, f, plan);
}

static void decode_fields(const struct apic_icr_request *req,
			  struct icr_fields *f)
{
	f->low = (__u32)req->icr;
	f->destination = req->x2apic ? (__u32)(req->icr >> 32) :
				       (__u32)(req->icr >> 56);
	f->delivery = (f->low & APIC_ICR_DELIVERY_MASK) >>
		      APIC_ICR_DELIVERY_SHIFT;
	f->shorthand = (f->low & APIC_ICR_SHORTHAND_MASK) >>
		       APIC_ICR_SHORTHAND_SHIFT;
	f->logical = (f->low & APIC_ICR_DEST_LOGICAL) != 0;
}

/* Keep only the first target: a valid outcome of lowest priority. */
static void keep_first_target(struct apic_icr_plan *plan, unsigned int max)
{
	unsigned int n, first = max;

	for (n = 0; n < max; n++)
		if (apic_icr_is_target(plan, n)) {
			first = n;
			break;
		}
	for (n = 0; n < APIC_ICR_TARGET_LONGS; n++)
		plan->targets[n] = 0;
	plan->num_targets = 0;
	if (first < max)
		add_target(plan, first);
}

int apic_icr_filter(const struct apic_icr_request *req,
		    struct apic_icr_plan *plan)
{
	struct icr_fields f;

	*plan = (struct apic_icr_plan){ .verdict = APIC_ICR_SEND };
	if (!req->cpus || req->num_cpus > JAILHOUSE_MAX_CPUS ||
	    req->sender >= req->num_cpus)
		return -EINVAL;
	plan->foreign_cpu = req->num_cpus;
	decode_fields(req, &f);
	if (f.delivery == APIC_ICR_DELIVERY_SMI)
		return refuse(plan, req->num_cpus, "SMI IPIs are not allowed");
	if (f.delivery == 3 || f.delivery == 7)
		return refuse(plan, req->num_cpus,
			      "reserved IPI delivery mode");
	/*
	 * Processors since the Pentium 4 ignore an INIT level de-assert, and
	 * Linux still sends one after each INIT.  Forwarded, it would reach a
	 * CPU in VMX non-root mode as a second INIT (a VM exit), after the
	 * start-up IPI: that CPU would be reset again and lost.
	 */
	if (f.delivery == APIC_ICR_DELIVERY_INIT &&
	    !(f.low & APIC_ICR_LEVEL_ASSERT)) {
		plan->verdict = APIC_ICR_DROP;
		plan->reason = "INIT level de-assert (ignored by current "
			       "processors)";
		return 0;
	}
	plan->icr_low = f.low &
			(APIC_ICR_VECTOR_MASK | APIC_ICR_DELIVERY_MASK |
			 APIC_ICR_LEVEL_ASSERT | APIC_ICR_TRIGGER_LEVEL);
	if (f.delivery == APIC_ICR_DELIVERY_LOWEST)
		plan->icr_low &= ~APIC_ICR_DELIVERY_MASK; /* fixed */
	choose_targets(req, &f, plan);
	if (plan->verdict == APIC_ICR_VIOLATION)
		return 0;
	if (f.delivery == APIC_ICR_DELIVERY_LOWEST)
		keep_first_target(plan, req->num_cpus);
	if (plan->num_targets == 0) {
		plan->verdict = APIC_ICR_DROP;
		if (!plan->reason)
			plan->reason = "the destination names no CPU of the "
				       "cell";
	}
	return 0;
}

void apic_icr_target_write(const struct apic_icr_request *req,
			   const struct apic_icr_plan *plan, unsigned int cpu,
			   __u32 *low, __u32 *high)
{
	__u32 id = req->cpus[cpu].apic_id;

	*low = plan->icr_low;
	*high = req->x2apic ? id : id << 24;
}
