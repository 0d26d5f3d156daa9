// SPDX-License-Identifier: GPL-2.0
/*
 * IOAPIC redirection-entry filter: compatibility-format entries restricted
 * to the writer's CPUs (see ioapic-filter.h).
 */
#include "ioapic-filter.h"
#include <common/env.h>

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
		return req->allow_extint ? 0 :
					   "ExtINT delivery is only "
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
		res->rewritten = 1; /* logical -> physical */
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
				violation(res, foreign,
					  "interrupt routed to a "
					  "CPU outside the cell");
				return;
			}
			target = first_cell_cpu(req);
		}
	}
	res->target = target;
}

/* A remappable-format entry: the destination and delivery mode are the
 * remapping entry's (arch/vtd-root.c validated it); what the IOAPIC
 * keeps here is the index, vector, trigger, polarity and mask. */
static int filter_remappable(const struct ioapic_rte_request *req,
			     struct ioapic_rte_result *res)
{
	const __u64 keep = IOAPIC_RTE_REMAPPABLE | IOAPIC_RTE_HANDLE_MASK |
			   IOAPIC_RTE_HANDLE15 | IOAPIC_RTE_VECTOR_MASK |
			   IOAPIC_RTE_POLARITY_LOW | IOAPIC_RTE_TRIGGER_LEVEL |
			   IOAPIC_RTE_MASKED;

	if (!req->root_remapped)
		return violation(res, req->num_cpus,
				 "remappable-format entry (bit 48) where the "
				 "hypervisor does not remap the writer's "
				 "interrupts through the writer's table");
	if (req->rte & IOAPIC_RTE_DELIVERY_MASK)
		return violation(res, req->num_cpus,
				 "remappable-format entry with delivery-mode "
				 "bits 10:8 set (reserved, must be 0)");
	res->rte = req->rte & keep;
	res->rewritten = res->rte != (req->rte & ~(IOAPIC_RTE_DELIVERY_STATUS |
						   IOAPIC_RTE_REMOTE_IRR));
	res->target = first_cell_cpu(req);
	return 0;
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
	if (req->rte & IOAPIC_RTE_REMAPPABLE)
		return filter_remappable(req, res);
	if (delivery_refusal(req))
		return violation(res, req->num_cpus, delivery_refusal(req));
	choose_destination(req, res, &mask);
	if (res->verdict == IOAPIC_RTE_VIOLATION)
		return 0;
	if (mask && !(req->rte & IOAPIC_RTE_MASKED))
		res->rewritten = 1;
	res->rte = (req->rte & keep) | mask |
		   ((__u64)req->cpus[res->target].apic_id
		    << IOAPIC_RTE_DEST_SHIFT);
	/* a masked entry sends nothing: it is remapped when it is unmasked
	 * (guests write masked entries with vector 0 while they set up) */
	if (req->remap && !(res->rte & IOAPIC_RTE_MASKED) &&
	    req->remap->remap(req->remap->ctx, req, &res->rte, &res->reason))
		return violation(res, req->num_cpus, res->reason);
	return 0;
}

/* ---- a non-root cell's accesses to the register window ---- */

int ioapic_pin_owned(const struct jailhouse_irqchip *chip, unsigned int pin)
{
	if (!chip || pin >= chip->num_pins || pin >= JAILHOUSE_IRQCHIP_MAX_PINS)
		return 0;
	return (chip->pin_bitmap[pin / 32] >> (pin % 32)) & 1;
}

static void refuse(struct ioapic_window_access *acc, const char *reason)
{
	acc->verdict = IOAPIC_WINDOW_REFUSED;
	acc->reason = reason;
}

/* ID, version, arbitration and the undefined registers 0x03-0x0f. */
static void decide_register(__u8 index, int is_write,
			    struct ioapic_window_access *acc)
{
	if (is_write)
		refuse(acc, "a cell may write only the redirection entries "
			    "of its own pins, not the IOAPIC's ID, version or "
			    "arbitration registers");
	else if (index <= IOAPIC_REG_ARBITRATION)
		acc->verdict = IOAPIC_WINDOW_READ_REGISTER;
	else
		acc->verdict = IOAPIC_WINDOW_READ_VALUE; /* value 0 */
}

void ioapic_window_decide(const struct jailhouse_irqchip *chip,
			  unsigned int num_pins, __u8 index, int is_write,
			  struct ioapic_window_access *acc)
{
	*acc = (struct ioapic_window_access){
		.verdict = IOAPIC_WINDOW_READ_VALUE
	};
	if (index < IOAPIC_REG_RTE) {
		decide_register(index, is_write, acc);
		return;
	}
	acc->pin = (index - IOAPIC_REG_RTE) / 2;
	acc->high = index & 1;
	if (acc->pin >= num_pins) {
		if (is_write)
			refuse(acc, "the IOAPIC has no such redirection entry");
	} else if (!ioapic_pin_owned(chip, acc->pin)) {
		if (is_write)
			refuse(acc, "redirection entry of an IOAPIC pin the "
				    "cell does not own");
		else if (!acc->high)
			acc->value = (__u32)IOAPIC_FOREIGN_RTE;
		else
			acc->value = IOAPIC_FOREIGN_RTE >> 32;
	} else {
		acc->verdict = is_write ? IOAPIC_WINDOW_WRITE_ENTRY :
					  IOAPIC_WINDOW_READ_ENTRY;
	}
}

__u64 ioapic_entry_set_half(__u64 entry, int high, __u32 value)
{
	if (high)
		return (entry & 0xffffffffULL) | (__u64)value << 32;
	return (entry & ~0xffffffffULL) | value;
}

__u32 ioapic_entry_read_half(__u64 entry, int high, __u32 hw_low)
{
	const __u32 status = IOAPIC_RTE_DELIVERY_STATUS | IOAPIC_RTE_REMOTE_IRR;

	if (high)
		return entry >> 32;
	return ((__u32)entry & ~status) | (hw_low & status);
}

int ioapic_eoi_pin(const struct jailhouse_irqchip *chip, const __u64 *entries,
		   unsigned int num_pins, unsigned int pin, __u32 value)
{
	__u32 vector = value & IOAPIC_RTE_VECTOR_MASK;

	/* 0-15 are exceptions: never an IOAPIC vector, and the vector of an
	 * entry the cell has not written yet */
	if (vector < 16 || pin >= num_pins || !ioapic_pin_owned(chip, pin))
		return 0;
	return (entries[pin] & IOAPIC_RTE_VECTOR_MASK) == vector &&
	       (entries[pin] & IOAPIC_RTE_TRIGGER_LEVEL);
}

/* ---- vectors shared with the root's level-triggered pins ---- */

static unsigned int rte_vector(__u64 rte)
{
	return rte & IOAPIC_RTE_VECTOR_MASK;
}

int ioapic_root_level_pin(const __u64 *entries, const void *const *owner,
			  unsigned int num_pins, unsigned int vector)
{
	unsigned int pin;

	if (vector < 16)
		return -1;
	for (pin = 0; pin < num_pins; pin++)
		if (!owner[pin] && (entries[pin] & IOAPIC_RTE_TRIGGER_LEVEL) &&
		    rte_vector(entries[pin]) == vector)
			return (int)pin;
	return -1;
}

void ioapic_root_level_vectors(const __u64 *entries, const void *const *owner,
			       unsigned int num_pins, __u64 *set)
{
	unsigned int pin, v;

	for (v = 0; v < IOAPIC_VECTOR_WORDS; v++)
		set[v] = 0;
	for (pin = 0; pin < num_pins; pin++) {
		v = rte_vector(entries[pin]);
		if (!owner[pin] && (entries[pin] & IOAPIC_RTE_TRIGGER_LEVEL) &&
		    v >= 16)
			set[v / 64] |= 1ULL << (v % 64);
	}
}

int ioapic_vector_in_set(const __u64 *set, unsigned int vector)
{
	return set && vector < 64 * IOAPIC_VECTOR_WORDS &&
	       (set[vector / 64] >> (vector % 64)) & 1;
}

int ioapic_cell_vector_pin(const __u64 *cell_entries, const void *const *owner,
			   unsigned int num_pins, unsigned int vector)
{
	unsigned int pin;

	if (vector < 16)
		return -1;
	for (pin = 0; pin < num_pins; pin++)
		if (owner[pin] && rte_vector(cell_entries[pin]) == vector)
			return (int)pin;
	return -1;
}

int ioapic_cell_entry_needs_clash_check(__u64 old, __u64 rte)
{
	if (!(rte & IOAPIC_RTE_TRIGGER_LEVEL))
		return 0;
	return !(old & IOAPIC_RTE_TRIGGER_LEVEL) ||
	       rte_vector(old) != rte_vector(rte);
}

int ioapic_root_clash_news(__u64 entry, int cell_pin, __u16 *told)
{
	unsigned int vector = rte_vector(entry);

	if (cell_pin < 0 || vector < 16 ||
	    !(entry & IOAPIC_RTE_TRIGGER_LEVEL)) {
		*told = 0;
		return 0;
	}
	if (*told == vector + 1)
		return 0;
	*told = vector + 1;
	return 1;
}
