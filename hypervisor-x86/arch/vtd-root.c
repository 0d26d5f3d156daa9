// SPDX-License-Identifier: GPL-2.0
/*
 * The root's interrupt-remapping take-over (include/vtd-root.h): what
 * Linux sees of a unit the hypervisor owns, and the translation of
 * Linux's interrupt remapping entries into validated ones.
 *
 * Linux's table and queue stay in root memory and are only read (a wait
 * descriptor's status is written where Linux asked, in root RAM); the
 * unit works with the hypervisor's table and queue.  Entry i of Linux's
 * table is entry i of the hypervisor's, so the handles Linux gave its
 * devices, IOAPIC and HPET stay valid: nothing the root programmed has
 * to change at enable or disable.  Linux allocates its indices from 0 up,
 * so the cells' entries come from the top of the table (vtd-ir.c).
 */
#include "vtd.h"
#include "vtd-regs.h"
#include <common/env.h>
#include <common/format.h>

/* GSTS bits Linux sees as it set them */
#define ROOT_GSTS                                                    \
	(VTD_GCMD_TE | VTD_GCMD_SRTP | VTD_GCMD_QIE | VTD_GCMD_IRE | \
	 VTD_GCMD_SIRTP | VTD_GCMD_CFI)
#define IQA_DW (1ULL << 11) /* 256-bit descriptors */
#define IQ_OFFSET_MASK 0x7fff0ULL
#define IRTA_S(irta) ((unsigned int)(irta)&0xf)
#define ICS_IWC 1U
#define IECTL_IM (1U << 31)
#define IECTL_IP (1U << 30)
#define FECTL_IP (1U << 30)
#define FSTS_W1C (VTD_FSTS_PFO | VTD_FSTS_IQE | VTD_FSTS_ICE | VTD_FSTS_ITE)

/* entry fields (VT-d spec 9.10) beyond vtd-regs.h */
#define IRTE_DLM(lo) ((unsigned int)((lo) >> VTD_IRTE_DLM_SHIFT) & 7)
#define IRTE_VECTOR(lo) ((unsigned int)((lo) >> VTD_IRTE_VECTOR_SHIFT) & 0xff)
#define IRTE_LO_RESERVED ((7ULL << 12) | (0xffULL << 24))
#define IRTE_XAPIC_DEST_RESERVED (~(0xffULL << 40) & ~0xffffffffULL)
#define IRTE_HI_KEPT 0xfffffULL /* SID, SQ, SVT */
#define IRTE_SVT(hi) ((unsigned int)((hi) >> 18) & 3)
#define IRTE_SQ(hi) ((unsigned int)((hi) >> 16) & 3)

#define MSI_ADDRESS_BASE 0xfee00000U
#define ROOT_DOMAIN 1 /* the root's domain ID: cell id 0 + 1 */

static const struct vtd_root_env *renv(const struct vtd_unit *u)
{
	return u->env->root;
}

static void say(const struct vtd_unit *u, const char *what, unsigned int index)
{
	char line[200];

	jh_snprintf(line, sizeof(line), "IOMMU unit %u: root %s (entry %u)",
		    u->index, what, index);
	renv(u)->print(renv(u)->ctx, line);
}

/* ---- validation of Linux's entries ---- */

/* The index in env->cpus of the root CPU with `apic_id`, or num_cpus. */
static unsigned int root_cpu(const struct vtd_root_env *e, __u32 apic_id)
{
	unsigned int n;

	for (n = 0; n < e->num_cpus; n++)
		if (e->cpus[n].in_cell && e->cpus[n].apic_id == apic_id)
			return n;
	return e->num_cpus;
}

/* A logical destination: x2APIC cluster (ID 31:16 cluster, 15:0 bits,
 * from the hardware's x2APIC IDs) or xAPIC flat (bits of the logical
 * IDs).  The first root CPU it names, or num_cpus. */
static unsigned int logical_cpu(const struct vtd_root_env *e, __u32 dest,
				int x2apic)
{
	const struct apic_cpu *c;
	unsigned int n;

	for (n = 0; n < e->num_cpus; n++) {
		c = &e->cpus[n];
		if (!c->in_cell)
			continue;
		if (x2apic && (c->apic_id >> 4) == (dest >> 16) &&
		    (dest & (1U << (c->apic_id & 0xf))))
			return n;
		if (!x2apic && (c->xapic_logical_id & dest))
			return n;
	}
	return e->num_cpus;
}

unsigned int vtd_root_cpu(const struct vtd_unit *u, __u32 dest, int logical,
			  int x2apic)
{
	return logical ? logical_cpu(renv(u), dest, x2apic) :
			 root_cpu(renv(u), dest);
}

void vtd_root_say(const struct vtd_unit *u, const char *what, const char *why)
{
	char line[200];

	jh_snprintf(line, sizeof(line), "IOMMU unit %u: root %s%s", u->index,
		    what, why);
	renv(u)->print(renv(u)->ctx, line);
}

/* Does a device of a non-root cell have requester ID `sid`? */
static int cells_device(const struct vtd_unit *u, __u16 sid)
{
	return vtd_context_domain(u, sid) > ROOT_DOMAIN;
}

/* SVT 1 with SQ: the function bits the unit ignores (spec table 9.10). */
static const __u16 sq_ignored[4] = { 0, 0x4, 0x6, 0x7 };

static const char *source_refusal(const struct vtd_unit *u, __u64 hi)
{
	__u16 sid = (__u16)hi, ignored = sq_ignored[IRTE_SQ(hi)];
	unsigned int k, bus, devfn;

	switch (IRTE_SVT(hi)) {
	case 1:
		for (k = 0; k < 8; k++)
			if (!((k ^ sid) & 7 & ~ignored) &&
			    cells_device(u, (sid & ~7) | k))
				return "entry's source ID is a device of a cell";
		return NULL;
	case 2: /* a bus range: start 15:8, end 7:0 */
		if ((sid >> 8) > (sid & 0xff))
			return "entry's bus range is empty";
		for (bus = sid >> 8; bus <= (sid & 0xffU); bus++)
			for (devfn = 0; devfn < 256; devfn++)
				if (cells_device(u, bus << 8 | devfn))
					return "entry's bus range has a device of a cell";
		return NULL;
	}
	return "entry without source-ID verification (SVT 0 or reserved)";
}

/* Linux's entry (Linux's IRTA.EIME says its destination format) as the
 * hypervisor's: physical destination, the root CPU's APIC ID. */
static const char *translate(const struct vtd_unit *u, const __u64 in[2],
			     __u64 out[2])
{
	const struct vtd_root_env *e = renv(u);
	int x2apic = (u->root.irta_latched & VTD_IRTA_EIME) != 0;
	unsigned int dlm = IRTE_DLM(in[0]), cpu;
	__u32 dest = (__u32)(in[0] >> VTD_IRTE_DEST_SHIFT);
	const char *why;

	if (in[0] & VTD_IRTE_POSTED)
		return "entry is posted (not remapped)";
	if ((in[0] & IRTE_LO_RESERVED) || (in[1] & ~IRTE_HI_KEPT) ||
	    (!x2apic && (in[0] & IRTE_XAPIC_DEST_RESERVED)))
		return "entry has reserved bits set";
	if (dlm != APIC_ICR_DELIVERY_FIXED && dlm != APIC_ICR_DELIVERY_LOWEST)
		return "entry's delivery mode is not fixed or lowest priority (SMI, NMI, INIT, ExtINT)";
	if (IRTE_VECTOR(in[0]) < 16)
		return "entry's vector is below 16 (exceptions)";
	if (!x2apic)
		dest = (dest >> 8) & 0xff;
	if (in[0] & VTD_IRTE_DEST_LOGICAL)
		cpu = logical_cpu(e, dest, x2apic);
	else
		cpu = root_cpu(e, dest);
	if (cpu == e->num_cpus)
		return "entry's destination is not a CPU of the root";
	dest = e->cpus[cpu].apic_id;
	if (!u->eim && dest > 0xff)
		return "entry's destination needs x2APIC mode with EIM";
	why = source_refusal(u, in[1]);
	if (why)
		return why;
	/* physical, no redirection hint: exactly the CPU found */
	out[0] = VTD_IRTE_PRESENT | (in[0] & (VTD_IRTE_FPD | VTD_IRTE_LEVEL)) |
		 (__u64)dlm << VTD_IRTE_DLM_SHIFT |
		 (__u64)IRTE_VECTOR(in[0]) << VTD_IRTE_VECTOR_SHIFT |
		 (__u64)dest << (u->eim ? VTD_IRTE_DEST_SHIFT :
					  VTD_IRTE_XAPIC_DEST_SHIFT);
	out[1] = in[1] & IRTE_HI_KEPT;
	return NULL;
}

/* ---- the root's messages to its virtual devices ---- */

static int no_target(const char **reason, const char *text)
{
	*reason = text;
	return -EPERM;
}

/* The entry index a remappable-format message names (VT-d spec 5.1.2.2):
 * handle 15 at address bit 2, 14:0 at 19:5, plus data 15:0 with SHV. */
static unsigned int message_index(__u64 address, __u32 data)
{
	unsigned int index = (address >> VTD_MSI_HANDLE_SHIFT) & 0x7fff;

	if (address & VTD_MSI_HANDLE15)
		index |= 0x8000;
	if (address & VTD_MSI_SHV)
		index += data & 0xffff;
	return index;
}

int vtd_root_msi_target(const struct vtd *v, unsigned int unit, __u64 address,
			__u32 data, __u32 *apic_id, __u8 *vector,
			const char **reason)
{
	unsigned int index = message_index(address, data);
	const struct vtd_unit *u;
	__u64 lo;

	u = unit < v->num_units ? &v->units[unit] : NULL;
	if (!u || !u->root.active || u->root.returned)
		return no_target(reason, "remappable-format MSI, but its IOMMU "
					 "unit is not taken over from Linux");
	if (address >> 32 || (address & 0xfff00000U) != MSI_ADDRESS_BASE ||
	    !(address & VTD_MSI_REMAPPABLE))
		return no_target(reason, "not a remappable-format MSI");
	if (index >= u->irt_entries || u->irt_use[index].kind != VTD_IR_ROOT)
		return no_target(reason,
				 "remappable-format MSI names no "
				 "interrupt remapping entry of the root");
	/* validated when Linux wrote it (translate()), again whenever a
	 * CPU changed cells: a physical destination, a root CPU, fixed or
	 * lowest priority, vector 16 and up */
	lo = u->irt[2 * index];
	if (!(lo & VTD_IRTE_PRESENT))
		return no_target(reason, "remappable-format MSI names a "
					 "refused interrupt remapping entry");
	*vector = (__u8)IRTE_VECTOR(lo);
	*apic_id = u->eim ? (__u32)(lo >> VTD_IRTE_DEST_SHIFT) :
			    (__u8)(lo >> VTD_IRTE_XAPIC_DEST_SHIFT);
	*reason = NULL;
	return 0;
}

static unsigned int linux_entries(const struct vtd_unit *u)
{
	return 2U << IRTA_S(u->root.irta_latched);
}

/* Linux's entry `index` into the hypervisor's table: 0 or -EIO (the
 * unit did not answer an invalidation). */
static int take_entry(struct vtd_unit *u, unsigned int index)
{
	__u64 table = u->root.irta_latched & ~0xfffULL;
	__u64 in[2] = { 0, 0 }, out[2];
	const char *why = NULL;
	int err;

	if (renv(u)->read(renv(u)->ctx, table + 16ULL * index, in, 16))
		why = "table is not in root RAM";
	if (!why && !(in[0] & VTD_IRTE_PRESENT)) {
		/* -EBUSY: a cell's entry, which stays */
		if (index < u->irt_entries)
			vtd_ir_root_set(u, index, NULL);
		return 0;
	}
	if (!why && index >= u->irt_entries)
		why = "entry's index is beyond the hypervisor's table (raise "
		      "iommu_ir_order in the system config)";
	why = why ?: translate(u, in, out);
	if (!why) {
		err = vtd_ir_root_set(u, index, out);
		if (err == -EBUSY)
			why = "entry's index is held by a cell's interrupt";
		else if (!err)
			u->root.translated++;
		if (err != -EBUSY)
			return err;
	}
	u->root.refused++;
	/* a table of refused entries costs the console a few lines */
	if (u->root.pass_refused++ < VTD_ROOT_LINES_PER_PASS)
		say(u, why, index);
	if (index < u->irt_entries)
		vtd_ir_root_set(u, index, NULL); /* neutralised */
	return 0;
}

/* The refusals of a pass beyond the lines it printed, counted once. */
static void pass_summary(struct vtd_unit *u)
{
	char line[120];

	if (u->root.pass_refused > VTD_ROOT_LINES_PER_PASS) {
		jh_snprintf(line, sizeof(line),
			    "IOMMU unit %u: %u more root entries refused",
			    u->index,
			    u->root.pass_refused - VTD_ROOT_LINES_PER_PASS);
		renv(u)->print(renv(u)->ctx, line);
	}
	u->root.pass_refused = 0;
}

/* Every entry of Linux's table taken again (it covers what the queue's
 * interrupt-entry-cache descriptors left to read). */
static int take_entries(struct vtd_unit *u)
{
	unsigned int index, end = linux_entries(u);
	int err = 0;

	u->root.pass_refused = 0;
	u->root.dirty_first = u->root.dirty_end = 0;
	for (index = 0; index < end && !err; index++)
		err = take_entry(u, index);
	pass_summary(u);
	return err;
}

/* Linux turned interrupt remapping off: none of its entries stays. */
static void drop_entries(struct vtd_unit *u)
{
	unsigned int index;

	for (index = 0; index < u->irt_entries; index++)
		vtd_ir_root_set(u, index, NULL);
}

/* What changed reaches the unit: a global IEC invalidation, waited for. */
static int flush_iec(struct vtd_unit *u, int *pending)
{
	int err;

	if (!*pending)
		return 0;
	*pending = 0;
	err = vtd_queue_iec(u);
	return err ?: vtd_queue_sync(u);
}

/* ---- the emulated queue ---- */

static __u64 queue_bytes(const struct vtd_root_view *r)
{
	return 4096ULL << (r->iqa & 7);
}

static unsigned int desc_bytes(const struct vtd_root_view *r)
{
	return r->iqa & IQA_DW ? 32 : 16;
}

/* The completion interrupt Linux programmed in IEDATA/IEADDR: sent only
 * as a fixed (or lowest-priority) interrupt to a root CPU. */
static void completion_interrupt(struct vtd_unit *u)
{
	const struct vtd_root_env *e = renv(u);
	struct vtd_root_view *r = &u->root;
	unsigned int mode = (r->iedata >> 8) & 7, vector = r->iedata & 0xff;
	__u32 apic_id = (r->ieaddr >> 12) & 0xff;

	if (r->iectl & IECTL_IM) {
		r->iectl |= IECTL_IP; /* sent once Linux unmasks it */
		return;
	}
	r->iectl &= ~IECTL_IP;
	if (u->eim)
		apic_id |= r->ieuaddr & 0xffffff00U;
	if ((r->ieaddr & 0xfff00000U) != MSI_ADDRESS_BASE ||
	    (r->ieaddr & (VTD_MSI_REMAPPABLE | VTD_IRTE_DEST_LOGICAL)) ||
	    (mode != APIC_ICR_DELIVERY_FIXED &&
	     mode != APIC_ICR_DELIVERY_LOWEST) ||
	    vector < 16 || root_cpu(e, apic_id) == e->num_cpus) {
		say(u,
		    "invalidation completion interrupt refused: not a fixed physical message to a root CPU",
		    0);
		return;
	}
	e->interrupt(e->ctx, apic_id, vector);
}

/* A wait descriptor: status write into root RAM, completion interrupt.
 * -EINVAL: the queue stops (IQE). */
static int run_wait(struct vtd_unit *u, const __u64 d[2])
{
	const struct vtd_root_env *e = renv(u);

	if ((d[0] & VTD_DESC_WAIT_SW) &&
	    e->write32(e->ctx, d[1] & ~3ULL,
		       (__u32)(d[0] >> VTD_DESC_WAIT_DATA_SHIFT))) {
		say(u,
		    "wait descriptor's status address is not root RAM: queue stopped",
		    0);
		return -EINVAL;
	}
	if (d[0] & (1ULL << 4)) { /* IF */
		u->root.ics |= ICS_IWC;
		completion_interrupt(u);
	}
	return 0;
}

static int dirty(const struct vtd_root_view *r)
{
	return r->dirty_first != r->dirty_end;
}

/* An interrupt-entry-cache descriptor: the entries it names join those
 * still to be read (one range: reading more than asked is harmless, the
 * unit may fetch any entry at any time). */
static void run_iec(struct vtd_unit *u, __u64 lo)
{
	struct vtd_root_view *r = &u->root;
	unsigned int count = 1U << ((lo >> VTD_DESC_IEC_IM_SHIFT) & 0x1f);
	unsigned int first = (unsigned int)(lo >> VTD_DESC_IEC_IIDX_SHIFT) &
			     0xffff;
	unsigned int end;

	if (!(r->gsts & VTD_GCMD_IRE))
		return; /* nothing of Linux's is in the table */
	if (lo & VTD_DESC_IEC_INDEX) {
		first &= ~(count - 1);
		end = first + count;
	} else {
		first = 0;
		end = linux_entries(u);
	}
	if (end > linux_entries(u))
		end = linux_entries(u);
	if (first >= end)
		return;
	if (!dirty(r)) {
		r->dirty_first = first;
		r->dirty_end = end;
		r->pass_refused = 0;
		return;
	}
	if (first < r->dirty_first)
		r->dirty_first = first;
	if (end > r->dirty_end)
		r->dirty_end = end;
}

/* Reads what the descriptors named, at most *budget entries; *pending:
 * the hypervisor's table may have changed. */
static int take_dirty(struct vtd_unit *u, unsigned int *budget, int *pending)
{
	struct vtd_root_view *r = &u->root;
	int err = 0;

	if (r->dirty_end > linux_entries(u)) /* Linux's table shrank */
		r->dirty_end = linux_entries(u);
	if (r->dirty_first >= r->dirty_end) {
		r->dirty_first = r->dirty_end = 0;
		return 0;
	}
	while (dirty(r) && *budget && !err) {
		err = take_entry(u, r->dirty_first++);
		(*budget)--;
		*pending = 1;
	}
	if (!dirty(r)) {
		r->dirty_first = r->dirty_end = 0;
		pass_summary(u);
	}
	return err;
}

/* One descriptor: 0 done, -EINVAL refused (IQE), -EIO the unit did not
 * answer, -EBUSY a wait that has to wait for the next access (the
 * entries before it are not all read yet). */
static int run_descriptor(struct vtd_unit *u, const __u64 d[2],
			  unsigned int *budget, int *pending)
{
	if ((d[0] >> 9) & 7) /* type 11:9: scalable-mode descriptors */
		return -EINVAL;
	switch (d[0] & 0xf) {
	case VTD_DESC_CONTEXT:
	case VTD_DESC_IOTLB:
	case 0x3: /* device-TLB */
		/* DMA remapping is the hypervisor's, which invalidates
		 * what it changes itself */
		return 0;
	case VTD_DESC_IEC:
		run_iec(u, d[0]);
		return 0;
	case VTD_DESC_WAIT:
		/* what Linux queued before the wait is done when it is */
		if (take_dirty(u, budget, pending))
			return -EIO;
		if (dirty(&u->root))
			return -EBUSY;
		if (flush_iec(u, pending))
			return -EIO;
		return run_wait(u, d);
	}
	return -EINVAL;
}

static void queue_error(struct vtd_unit *u)
{
	u->root.fsts |= VTD_FSTS_IQE; /* IQH stays at the descriptor */
	if (!(u->root.fectl & VTD_FECTL_IM))
		u->root.fectl |= FECTL_IP;
}

static int queue_runs(const struct vtd_root_view *r)
{
	return (r->gsts & VTD_GCMD_QIE) && !(r->fsts & VTD_FSTS_IQE);
}

/* Descriptors from IQH to IQT, as the unit fetches them, within the work
 * one root access may cause (VTD_ROOT_WORK_PER_ACCESS): the rest waits
 * at IQH for the next access (vtd_root_read/write). */
static int run_queue(struct vtd_unit *u)
{
	struct vtd_root_view *r = &u->root;
	__u64 base = r->iqa & ~0xfffULL, d[2];
	unsigned int budget = VTD_ROOT_WORK_PER_ACCESS;
	int pending = 0, err = 0;

	while (queue_runs(r) && r->iqh != r->iqt && !err && budget) {
		if (r->iqt >= queue_bytes(r) || r->iqt % desc_bytes(r) ||
		    renv(u)->read(renv(u)->ctx, base + r->iqh, d, 16)) {
			queue_error(u);
			break;
		}
		budget--;
		err = run_descriptor(u, d, &budget, &pending);
		if (err == -EBUSY) {
			err = 0;
			break; /* IQH stays at the wait */
		}
		if (err == -EINVAL) {
			queue_error(u);
			err = 0;
			break;
		}
		r->iqh = (r->iqh + desc_bytes(r)) % queue_bytes(r);
		r->descriptors++;
	}
	/* the queue ran dry: what it named is read as the budget allows */
	if (!err)
		err = take_dirty(u, &budget, &pending);
	if (!err && (dirty(r) || (queue_runs(r) && r->iqh != r->iqt)))
		r->batches++;
	return flush_iec(u, &pending) ?: err;
}

/* Work an earlier access left (vtd_root_read/write): on. */
static int resume_queue(struct vtd_unit *u)
{
	const struct vtd_root_view *r = &u->root;

	if (dirty(r) || (queue_runs(r) && r->iqh != r->iqt))
		return run_queue(u);
	return 0;
}

/* ---- global commands ---- */

static int set_ire(struct vtd_unit *u, int on)
{
	int pending = 1;

	if (on) {
		u->root.gsts |= VTD_GCMD_IRE;
		return take_entries(u) ?: flush_iec(u, &pending);
	}
	u->root.gsts &= ~VTD_GCMD_IRE;
	u->root.dirty_first = u->root.dirty_end = 0;
	drop_entries(u);
	say(u,
	    "turned interrupt remapping off: its interrupts are blocked from now on",
	    0);
	return flush_iec(u, &pending);
}

/* Linux writes its software copy of GCMD with one command changed. */
static int command(struct vtd_unit *u, __u32 value)
{
	struct vtd_root_view *r = &u->root;
	__u32 changed = (value ^ r->gsts) & (VTD_GCMD_TE | VTD_GCMD_QIE |
					     VTD_GCMD_IRE | VTD_GCMD_CFI);
	int err = 0;

	if (value & VTD_GCMD_SRTP)
		r->gsts |= VTD_GCMD_SRTP; /* latched for nobody */
	if (value & VTD_GCMD_SIRTP) {
		r->irta_latched = r->irta;
		r->gsts |= VTD_GCMD_SIRTP;
		if (r->gsts & VTD_GCMD_IRE)
			err = set_ire(u, 1);
	}
	if (changed & VTD_GCMD_TE) {
		r->gsts ^= VTD_GCMD_TE;
		if (value & VTD_GCMD_TE)
			say(u,
			    "turned DMA translation on: the hypervisor's tables stay",
			    0);
	}
	if (changed & VTD_GCMD_QIE) {
		r->gsts ^= VTD_GCMD_QIE;
		r->iqh = 0; /* reset whenever queued invalidation is off */
		err = err ?: run_queue(u);
	}
	if (changed & VTD_GCMD_IRE)
		err = err ?: set_ire(u, (value & VTD_GCMD_IRE) != 0);
	/* compatibility format stays blocked: only Linux's status bit */
	if (changed & VTD_GCMD_CFI)
		r->gsts ^= VTD_GCMD_CFI;
	return err;
}

/* ---- registers ---- */

/* The 32-bit register at `reg` (4-aligned) as Linux sees it. */
static __u32 read32(struct vtd_unit *u, unsigned int reg)
{
	const struct vtd_root_view *r = &u->root;
	unsigned int hi = reg & 4;
	__u32 wide32;
	__u64 wide;

	switch (reg & ~4U) {
	case VTD_REG_CAP:
	case VTD_REG_ECAP:
		wide = u->hw.read64(u->hw.ctx, reg & ~4U);
		return (__u32)(hi ? wide >> 32 : wide);
	case VTD_REG_RTADDR:
		return (__u32)(hi ? r->rtaddr >> 32 : r->rtaddr);
	case VTD_REG_IQH:
		return hi ? 0 : (__u32)r->iqh;
	case VTD_REG_IQT:
		return hi ? 0 : (__u32)r->iqt;
	case VTD_REG_IQA:
		return (__u32)(hi ? r->iqa >> 32 : r->iqa);
	case VTD_REG_IRTA:
		return (__u32)(hi ? r->irta >> 32 : r->irta);
	}
	switch (reg) {
	case VTD_REG_VER:
		return u->hw.read32(u->hw.ctx, VTD_REG_VER);
	case VTD_REG_GSTS:
		return r->gsts;
	case VTD_REG_FSTS:
		return vtd_root_fault_status(u);
	case VTD_REG_FECTL:
		return r->fectl;
	case VTD_REG_FEDATA:
		return r->fedata;
	case VTD_REG_FEADDR:
		return r->feaddr;
	case VTD_REG_FEUADDR:
		return r->feuaddr;
	case VTD_REG_ICS:
		return r->ics;
	case VTD_REG_IECTL:
		return r->iectl;
	case VTD_REG_IEDATA:
		return r->iedata;
	case VTD_REG_IEADDR:
		return r->ieaddr;
	case VTD_REG_IEUADDR:
		return r->ieuaddr;
	}
	/* the fault records as vtd-root-fault.c keeps them; GCMD and the
	 * rest read 0 */
	return vtd_root_fault_record_read(u, reg, &wide32) ? wide32 : 0;
}

static void set_half(__u64 *wide, unsigned int reg, __u32 value)
{
	if (reg & 4)
		*wide = (*wide & 0xffffffffULL) | (__u64)value << 32;
	else
		*wide = (*wide & ~0xffffffffULL) | value;
}

static int write_iqt(struct vtd_unit *u, __u64 value)
{
	u->root.iqt = value & IQ_OFFSET_MASK;
	return run_queue(u);
}

static int write_fsts(struct vtd_unit *u, __u32 value)
{
	struct vtd_root_view *r = &u->root;

	r->fsts &= ~(value & FSTS_W1C);
	if (!(vtd_root_fault_status(u) & (FSTS_W1C | VTD_FSTS_PPF)))
		r->fectl &= ~FECTL_IP;
	/* fetching resumes at IQH, as on the unit */
	return value & VTD_FSTS_IQE ? run_queue(u) : 0;
}

static int write32(struct vtd_unit *u, unsigned int reg, __u32 value)
{
	struct vtd_root_view *r = &u->root;

	switch (reg & ~4U) {
	case VTD_REG_RTADDR:
		set_half(&r->rtaddr, reg, value);
		return 0;
	case VTD_REG_IQT:
		return reg & 4 ? 0 : write_iqt(u, value);
	case VTD_REG_IQA:
		if (!(r->gsts & VTD_GCMD_QIE)) /* fixed while the queue runs */
			set_half(&r->iqa, reg, value);
		return 0;
	case VTD_REG_IRTA:
		set_half(&r->irta, reg, value);
		return 0;
	}
	switch (reg) {
	case VTD_REG_GCMD:
		return command(u, value);
	case VTD_REG_FSTS:
		return write_fsts(u, value);
	case VTD_REG_FECTL:
		r->fectl = (r->fectl & FECTL_IP) | (value & VTD_FECTL_IM);
		vtd_root_fault_program(u);
		vtd_root_fault_unmasked(u);
		break;
	case VTD_REG_FEDATA:
		r->fedata = value;
		vtd_root_fault_program(u);
		break;
	case VTD_REG_FEADDR:
		r->feaddr = value;
		vtd_root_fault_program(u);
		break;
	case VTD_REG_FEUADDR:
		r->feuaddr = value;
		vtd_root_fault_program(u);
		break;
	case VTD_REG_ICS:
		r->ics &= ~(value & ICS_IWC);
		break;
	case VTD_REG_IECTL:
		r->iectl = (r->iectl & IECTL_IP) | (value & IECTL_IM);
		if ((r->iectl & IECTL_IP) && !(value & IECTL_IM))
			completion_interrupt(u);
		break;
	case VTD_REG_IEDATA:
		r->iedata = value;
		break;
	case VTD_REG_IEADDR:
		r->ieaddr = value;
		break;
	case VTD_REG_IEUADDR:
		r->ieuaddr = value;
		break;
	}
	/* a fault record's F (write-1-to-clear); the rest (DMA remapping)
	 * is ignored */
	vtd_root_fault_record_write(u, reg, value);
	return 0;
}

static struct vtd_unit *root_unit(struct vtd *v, unsigned int unit,
				  unsigned int reg, unsigned int size)
{
	if (unit >= v->num_units || !v->units[unit].root.active ||
	    (size != 4 && size != 8) || (reg & (size - 1)) ||
	    reg >= VTD_ROOT_REG_PAGE)
		return NULL;
	return &v->units[unit];
}

int vtd_root_read(struct vtd *v, unsigned int unit, unsigned int reg,
		  unsigned int size, __u64 *value)
{
	struct vtd_unit *u = root_unit(v, unit, reg, size);
	int err;

	if (!u)
		return -EINVAL;
	/* Linux polls FSTS while it waits: the queue goes on */
	err = resume_queue(u);
	*value = read32(u, reg);
	if (size == 8)
		*value |= (__u64)read32(u, reg + 4) << 32;
	return err;
}

int vtd_root_write(struct vtd *v, unsigned int unit, unsigned int reg,
		   unsigned int size, __u64 value)
{
	struct vtd_unit *u = root_unit(v, unit, reg, size);
	int err;

	if (!u)
		return -EINVAL;
	err = resume_queue(u);
	if (err)
		return err;
	if (size == 4)
		return write32(u, reg, (__u32)value);
	/* a 64-bit store of IQT or IQA acts once, with both halves */
	switch (reg) {
	case VTD_REG_IQT:
		return write_iqt(u, value);
	case VTD_REG_IQA:
	case VTD_REG_IRTA:
	case VTD_REG_RTADDR:
		write32(u, reg + 4, (__u32)(value >> 32));
		return write32(u, reg, (__u32)value);
	}
	err = write32(u, reg, (__u32)value);
	return err ?: write32(u, reg + 4, (__u32)(value >> 32));
}

int vtd_root_revalidate(struct vtd *v)
{
	unsigned int n;
	int err = 0, pending;

	for (n = 0; n < v->num_units; n++) {
		struct vtd_unit *u = &v->units[n];

		if (!u->root.active)
			continue;
		/* Linux's fault event may name a CPU that left the root */
		vtd_root_fault_program(u);
		if (!(u->root.gsts & VTD_GCMD_IRE))
			continue;
		pending = 1;
		err = err ?: take_entries(u);
		err = err ?: flush_iec(u, &pending);
	}
	return err;
}

/* ---- taking over and handing back ---- */

static int refuse(const struct vtd_unit *u, char *msg, unsigned long size,
		  const char *what)
{
	jh_snprintf(msg, size, "IOMMU unit %u at 0x%llx: %s", u->index,
		    (unsigned long long)u->config->base, what);
	return -EINVAL;
}

int vtd_root_found(struct vtd_unit *u, char *msg, unsigned long msg_size)
{
	struct vtd_root_view *r = &u->root;
	__u32 gsts = u->hw.read32(u->hw.ctx, VTD_REG_GSTS);

	if (gsts & VTD_GCMD_TE)
		return refuse(
			u, msg, msg_size,
			"already in use with DMA translation on (Linux's DMA remapping): boot Linux with intel_iommu=off; taking DMA remapping over is not implemented");
	if (!u->env->root || !(u->ecap & VTD_ECAP_IR))
		return refuse(
			u, msg, msg_size,
			"already in use (queued invalidation or interrupt remapping is on), and this build cannot take it over from Linux: boot Linux with intel_iommu=off intremap=off");
	*r = (struct vtd_root_view){
		.active = 1,
		.gsts = gsts & ROOT_GSTS,
		.rtaddr = u->hw.read64(u->hw.ctx, VTD_REG_RTADDR),
		.irta = u->hw.read64(u->hw.ctx, VTD_REG_IRTA),
		.iqa = u->hw.read64(u->hw.ctx, VTD_REG_IQA),
		.iqh = u->hw.read64(u->hw.ctx, VTD_REG_IQH) & IQ_OFFSET_MASK,
		.iqt = u->hw.read64(u->hw.ctx, VTD_REG_IQT) & IQ_OFFSET_MASK,
		.ics = u->hw.read32(u->hw.ctx, VTD_REG_ICS),
		.fectl = u->hw.read32(u->hw.ctx, VTD_REG_FECTL) & VTD_FECTL_IM,
		.fedata = u->hw.read32(u->hw.ctx, VTD_REG_FEDATA),
		.feaddr = u->hw.read32(u->hw.ctx, VTD_REG_FEADDR),
		.feuaddr = u->hw.read32(u->hw.ctx, VTD_REG_FEUADDR),
		.iectl = u->hw.read32(u->hw.ctx, VTD_REG_IECTL) & IECTL_IM,
		.iedata = u->hw.read32(u->hw.ctx, VTD_REG_IEDATA),
		.ieaddr = u->hw.read32(u->hw.ctx, VTD_REG_IEADDR),
		.ieuaddr = u->hw.read32(u->hw.ctx, VTD_REG_IEUADDR),
		.found_cfi = (gsts & VTD_GCMD_CFI) != 0,
	};
	/* Linux always latches what it wrote (IRTPS says it did) */
	r->irta_latched = r->irta;
	return 0;
}

/* Linux's queue runs dry (it is not submitting: every CPU is in the
 * hypervisor), then stops. */
static int stop_linux_queue(struct vtd_unit *u)
{
	unsigned int polls = 0;

	if (!(u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_QIE))
		return 0;
	while ((u->hw.read64(u->hw.ctx, VTD_REG_IQH) & IQ_OFFSET_MASK) !=
	       (u->hw.read64(u->hw.ctx, VTD_REG_IQT) & IQ_OFFSET_MASK)) {
		if (u->hw.read32(u->hw.ctx, VTD_REG_FSTS) & VTD_FSTS_IQE)
			return -EIO;
		if (u->hw.poll_expired(u->hw.ctx, polls++))
			return -EIO;
	}
	return vtd_command(u, VTD_GCMD_QIE, 0);
}

int vtd_root_prepare(struct vtd_unit *u)
{
	int err = stop_linux_queue(u);

	/* the unit reads Linux's table until the switch: the copies are
	 * in place before it */
	if (!err && (u->root.gsts & VTD_GCMD_IRE))
		err = take_entries(u);
	return err;
}

int vtd_root_enabled(struct vtd_unit *u)
{
	if (!(u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_CFI))
		return 0;
	return vtd_command(u, VTD_GCMD_CFI, 0);
}

/* Slots [0, IQH) of Linux's queue, which Linux has consumed, get
 * harmless descriptors (global IEC invalidations) that the unit runs to
 * reach Linux's IQH: the unit starts a queue at 0, and Linux goes on
 * from its own head. */
static int advance_linux_queue(struct vtd_unit *u)
{
	const struct vtd_root_env *e = renv(u);
	const struct vtd_root_view *r = &u->root;
	__u64 base = r->iqa & ~0xfffULL, off;
	unsigned int k, polls = 0;
	int err = 0;

	for (off = 0; off < r->iqh && !err; off += desc_bytes(r))
		for (k = 0; k < desc_bytes(r) / 4 && !err; k++)
			err = e->write32(e->ctx, base + off + 4 * k,
					 k ? 0 : VTD_DESC_IEC);
	if (err)
		return err;
	u->hw.write64(u->hw.ctx, VTD_REG_IQT, r->iqh);
	while ((u->hw.read64(u->hw.ctx, VTD_REG_IQH) & IQ_OFFSET_MASK) !=
	       r->iqh)
		if (u->hw.poll_expired(u->hw.ctx, polls++))
			return -EIO;
	u->hw.write64(u->hw.ctx, VTD_REG_IQT, r->iqt);
	return 0;
}

static int queue_is_ours(const struct vtd_unit *u)
{
	return (u->hw.read64(u->hw.ctx, VTD_REG_IQA) & ~0xfffULL) ==
	       u->env->memory->virt_to_phys(u->queue);
}

/* The queue registers as Linux's view has them. */
static int queue_back(struct vtd_unit *u)
{
	const struct vtd_root_view *r = &u->root;
	int err;

	if (u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_QIE) {
		/* a retry that found Linux's queue running already */
		if (!queue_is_ours(u))
			return advance_linux_queue(u);
		err = vtd_queue_disable(u);
		if (err)
			return err;
	}
	if (!(r->gsts & VTD_GCMD_QIE)) {
		u->hw.write64(u->hw.ctx, VTD_REG_IQT, r->iqt);
		u->hw.write64(u->hw.ctx, VTD_REG_IQA, r->iqa);
		return 0;
	}
	u->hw.write64(u->hw.ctx, VTD_REG_IQT, 0);
	u->hw.write64(u->hw.ctx, VTD_REG_IQA, r->iqa);
	err = vtd_command(u, VTD_GCMD_QIE, 1);
	return err ?: advance_linux_queue(u);
}

/* IRTA back on Linux's table; with IRE on, the switch is invalidated
 * through the hypervisor's queue while it still runs. */
static int table_back(struct vtd_unit *u)
{
	const struct vtd_root_view *r = &u->root;
	int err, pending = 1;

	if (!(r->gsts & VTD_GCMD_IRE) &&
	    (u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_IRE)) {
		err = vtd_command(u, VTD_GCMD_IRE, 0);
		if (err)
			return err;
	}
	u->hw.write64(u->hw.ctx, VTD_REG_IRTA, r->irta_latched);
	err = vtd_command(u, VTD_GCMD_SIRTP, 1);
	err = err ?: flush_iec(u, &pending);
	if (!err && r->irta != r->irta_latched)
		u->hw.write64(u->hw.ctx, VTD_REG_IRTA, r->irta);
	return err;
}

static void event_registers_back(struct vtd_unit *u)
{
	const struct vtd_root_view *r = &u->root;

	u->hw.write32(u->hw.ctx, VTD_REG_FEDATA, r->fedata);
	u->hw.write32(u->hw.ctx, VTD_REG_FEADDR, r->feaddr);
	u->hw.write32(u->hw.ctx, VTD_REG_FEUADDR, r->feuaddr);
	u->hw.write32(u->hw.ctx, VTD_REG_FECTL, r->fectl);
	u->hw.write32(u->hw.ctx, VTD_REG_IEDATA, r->iedata);
	u->hw.write32(u->hw.ctx, VTD_REG_IEADDR, r->ieaddr);
	u->hw.write32(u->hw.ctx, VTD_REG_IEUADDR, r->ieuaddr);
	u->hw.write32(u->hw.ctx, VTD_REG_IECTL, r->iectl);
}

int vtd_root_hand_back(struct vtd_unit *u, char *msg, unsigned long msg_size)
{
	const struct vtd_root_view *r = &u->root;
	const char *step = "interrupt remapping table";
	int err;

	if ((u->hw.read32(u->hw.ctx, VTD_REG_GSTS) & VTD_GCMD_TE) &&
	    vtd_command(u, VTD_GCMD_TE, 0)) {
		step = "DMA translation (TE) off";
		err = -EIO;
		goto failed;
	}
	u->translating = 0;
	/* the table switch needs the hypervisor's queue for its
	 * invalidation: done once, before the queue goes back */
	err = u->root.back_stage < 1 ? table_back(u) : 0;
	if (!err) {
		u->root.back_stage = 1;
		step = "invalidation queue";
		err = u->root.back_stage < 2 ? queue_back(u) : 0;
	}
	if (!err) {
		u->root.back_stage = 2;
		step = "root table pointer";
		u->hw.write64(u->hw.ctx, VTD_REG_RTADDR, r->rtaddr);
		err = vtd_command(u, VTD_GCMD_SRTP, 1);
	}
	if (!err && (r->gsts & VTD_GCMD_CFI)) {
		step = "compatibility format (CFI)";
		err = vtd_command(u, VTD_GCMD_CFI, 1);
	}
	if (err)
		goto failed;
	/* emulated records Linux did not read yet are dropped: the unit's
	 * own records are Linux's again */
	u->root.fault_live = 0;
	event_registers_back(u);
	u->root.returned = 1;
	u->root.active = 0;
	u->remapping_interrupts = 0;
	return 0;
failed:
	jh_snprintf(msg, msg_size,
		    "IOMMU unit %u at 0x%llx: did not answer while its %s went back to Linux at disable; the hypervisor keeps the unit and stays enabled",
		    u->index, (unsigned long long)u->config->base, step);
	return -EIO;
}
