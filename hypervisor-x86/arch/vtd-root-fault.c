// SPDX-License-Identifier: GPL-2.0
/*
 * The fault event of a unit taken over from Linux (include/vtd-root.h,
 * Documentation/vtd.md "Faults of a unit taken over").
 *
 * The unit signals a recorded fault with Linux's own fault event message
 * (FEDATA/FEADDR/FEUADDR as Linux wrote them, validated and made
 * physical), so Linux's handler runs when the fault happens.  Its first
 * read of FSTS is trapped: the hypervisor then reads the unit's records
 * itself (arch/vtd.c), stops the cell whose device faulted, and gives the
 * faults of the root's devices back to Linux as emulated fault records,
 * which the same handler goes on to read and clear.  Faults read at a
 * management call instead reach Linux with its fault event interrupt.
 *
 * The emulated records are the first VTD_ROOT_FAULT_RECORDS of the unit's
 * NFR, filled in order from record 0 once Linux has cleared every one:
 * Linux reads from FSTS.FRI on until a record without F, wrapping at NFR,
 * so the pending records must be one run from FRI.  A fault that finds no
 * free record sets FSTS.PFO, as on the unit.
 */
#include "vtd.h"
#include "vtd-regs.h"
#include <common/env.h>

#define MSI_ADDRESS_BASE 0xfee00000U
#define MSI_DEST_LOGICAL (1U << 2)
#define FECTL_IP (1U << 30)
#define FRCD_F_DWORD (1U << 31) /* F, in the record's last dword */

static const struct vtd_root_env *renv(const struct vtd_unit *u)
{
	return u->env->root;
}

/* ---- Linux's fault event message ---- */

/*
 * Linux's message (compatibility format: Linux's fault interrupt is not
 * remapped) as the root CPU it reaches: a fixed or lowest-priority
 * message of vector 16 and up, to a root CPU, physical or logical (the
 * first root CPU it names).  The APIC ID, or NULL with *apic_id unset.
 */
static const char *message_target(const struct vtd_unit *u, __u32 *apic_id,
				  unsigned int *vector)
{
	const struct vtd_root_view *r = &u->root;
	int x2apic = (r->irta_latched & VTD_IRTA_EIME) != 0;
	unsigned int mode = (r->fedata >> 8) & 7, cpu;
	__u32 dest = (r->feaddr >> 12) & 0xff;

	if ((r->feaddr & 0xfff00000U) != MSI_ADDRESS_BASE ||
	    (r->feaddr & VTD_MSI_REMAPPABLE))
		return "not an interrupt message in compatibility format";
	if (mode != APIC_ICR_DELIVERY_FIXED && mode != APIC_ICR_DELIVERY_LOWEST)
		return "delivery mode is not fixed or lowest priority";
	*vector = r->fedata & 0xff;
	if (*vector < 16)
		return "vector below 16 (exceptions)";
	if (x2apic)
		dest |= r->feuaddr & 0xffffff00U;
	cpu = vtd_root_cpu(u, dest, (r->feaddr & MSI_DEST_LOGICAL) != 0,
			   x2apic);
	if (cpu == renv(u)->num_cpus)
		return "destination is not a CPU of the root";
	*apic_id = renv(u)->cpus[cpu].apic_id;
	if (*apic_id > 0xff && !u->eim)
		return "destination needs x2APIC mode with EIM";
	return NULL;
}

void vtd_root_fault_program(struct vtd_unit *u)
{
	struct vtd_root_view *r = &u->root;
	const char *why;
	unsigned int vector;
	__u32 apic_id;

	if (!r->fault_live)
		return;
	why = message_target(u, &apic_id, &vector);
	if (why) {
		/* faults are then read at management calls only */
		u->hw.write32(u->hw.ctx, VTD_REG_FECTL, VTD_FECTL_IM);
		if (!(r->fectl & VTD_FECTL_IM))
			vtd_root_say(u, "fault event message refused: ", why);
		return;
	}
	/* physical, exactly the CPU found */
	u->hw.write32(u->hw.ctx, VTD_REG_FEDATA,
		      (r->fedata & (7U << 8)) | vector);
	u->hw.write32(u->hw.ctx, VTD_REG_FEADDR,
		      MSI_ADDRESS_BASE | (apic_id & 0xff) << 12);
	u->hw.write32(u->hw.ctx, VTD_REG_FEUADDR,
		      u->eim ? apic_id & 0xffffff00U : 0);
	u->hw.write32(u->hw.ctx, VTD_REG_FECTL, r->fectl & VTD_FECTL_IM);
}

void vtd_root_fault_event_on(struct vtd_unit *u)
{
	if (!u->root.active || u->root.returned)
		return;
	u->root.fault_live = 1;
	vtd_root_fault_program(u);
}

/* Linux's fault event interrupt, as the unit would send it now. */
static void fault_interrupt(struct vtd_unit *u)
{
	struct vtd_root_view *r = &u->root;
	unsigned int vector;
	__u32 apic_id;

	if (r->fectl & VTD_FECTL_IM) {
		r->fectl |= FECTL_IP; /* sent once Linux unmasks it */
		return;
	}
	r->fectl &= ~FECTL_IP;
	if (!message_target(u, &apic_id, &vector))
		renv(u)->interrupt(renv(u)->ctx, apic_id, vector);
}

void vtd_root_fault_unmasked(struct vtd_unit *u)
{
	if (u->root.fectl & FECTL_IP)
		fault_interrupt(u);
}

/* ---- the emulated records ---- */

static unsigned int records(const struct vtd_unit *u)
{
	unsigned int nfr = VTD_CAP_NFR(u->cap);

	return nfr < VTD_ROOT_FAULT_RECORDS ? nfr : VTD_ROOT_FAULT_RECORDS;
}

static int pending(const struct vtd_root_view *r, unsigned int n)
{
	return (r->fault_rec[n].hi & VTD_FRCD_F) != 0;
}

/* The first pending record, or VTD_ROOT_FAULT_RECORDS. */
static unsigned int first_pending(const struct vtd_root_view *r)
{
	unsigned int n;

	for (n = 0; n < VTD_ROOT_FAULT_RECORDS; n++)
		if (pending(r, n))
			return n;
	return VTD_ROOT_FAULT_RECORDS;
}

void vtd_root_fault_forward(struct vtd_unit *u, const struct vtd_fault *f,
			    int signal)
{
	struct vtd_root_view *r = &u->root;
	unsigned int n, was_pending;
	__u64 lo, hi;

	if (!r->active || r->returned)
		return;
	was_pending = first_pending(r) < VTD_ROOT_FAULT_RECORDS;
	if (!was_pending)
		r->fault_next = 0;
	n = r->fault_next;
	if (n >= records(u)) {
		r->fsts |= VTD_FSTS_PFO; /* the unit's word for "lost" */
		return;
	}
	lo = f->reason >= VTD_FAULT_FIRST_IR_REASON ?
		     (__u64)f->interrupt_index << 48 :
		     f->address & ~0xfffULL;
	hi = VTD_FRCD_F | (__u64)(f->reason & 0xff) << 32 | f->source_id;
	if (!f->is_write)
		hi |= VTD_FRCD_T;
	r->fault_rec[n].lo = lo;
	r->fault_rec[n].hi = hi;
	r->fault_next = n + 1;
	/* a new condition only when nothing was pending (the spec) */
	if (!was_pending && signal)
		fault_interrupt(u);
}

__u32 vtd_root_fault_status(const struct vtd_unit *u)
{
	const struct vtd_root_view *r = &u->root;
	unsigned int first = first_pending(r);

	if (first == VTD_ROOT_FAULT_RECORDS)
		return r->fsts;
	return r->fsts | VTD_FSTS_PPF | first << 8;
}

/* The record (and the dword in it) of `reg`, or -1. */
static int record_of(const struct vtd_unit *u, unsigned int reg,
		     unsigned int *dword)
{
	unsigned int fro = VTD_CAP_FRO(u->cap);

	if (reg < fro || reg >= fro + 16 * VTD_CAP_NFR(u->cap))
		return -1;
	*dword = (reg - fro) % 16 / 4;
	return (reg - fro) / 16;
}

int vtd_root_fault_record_read(const struct vtd_unit *u, unsigned int reg,
			       __u32 *value)
{
	unsigned int dword;
	int n = record_of(u, reg, &dword);
	__u64 half;

	if (n < 0)
		return 0;
	*value = 0; /* records beyond the emulated ones are empty */
	if (n < VTD_ROOT_FAULT_RECORDS) {
		half = dword < 2 ? u->root.fault_rec[n].lo :
				   u->root.fault_rec[n].hi;
		*value = (__u32)(dword & 1 ? half >> 32 : half);
	}
	return 1;
}

int vtd_root_fault_record_write(struct vtd_unit *u, unsigned int reg,
				__u32 value)
{
	struct vtd_root_view *r = &u->root;
	unsigned int dword;
	int n = record_of(u, reg, &dword);

	if (n < 0)
		return 0;
	/* F is write-1-to-clear; the rest of a record is read-only */
	if (n < VTD_ROOT_FAULT_RECORDS && dword == 3 && (value & FRCD_F_DWORD))
		r->fault_rec[n].hi &= ~VTD_FRCD_F;
	if (first_pending(r) == VTD_ROOT_FAULT_RECORDS &&
	    !(r->fsts &
	      (VTD_FSTS_PFO | VTD_FSTS_IQE | VTD_FSTS_ICE | VTD_FSTS_ITE)))
		r->fectl &= ~FECTL_IP;
	return 1;
}
