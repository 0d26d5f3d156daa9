// SPDX-License-Identifier: GPL-2.0
/*
 * The VT-d unit model (vtd-model.h), from the Intel VT-d specification:
 * registers (chapter 11), root/context/second-level formats (chapter 9),
 * caching and invalidation (chapter 6), fault recording (chapter 7).
 * Memory is the test process's own: a physical address is a pointer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vtd-model.h"

/* register offsets (spec 11.4) */
enum {
	R_VER = 0x00,
	R_CAP = 0x08,
	R_ECAP = 0x10,
	R_GCMD = 0x18,
	R_GSTS = 0x1c,
	R_RTADDR = 0x20,
	R_CCMD = 0x28,
	R_FSTS = 0x34,
	R_FECTL = 0x38,
	R_IQH = 0x80,
	R_IQT = 0x88,
	R_IQA = 0x90,
	R_ICS = 0x9c,
	R_FEDATA = 0x3c,
	R_FEADDR = 0x40,
	R_FEUADDR = 0x44,
	R_IECTL = 0xa0,
	R_IEDATA = 0xa4,
	R_IEADDR = 0xa8,
	R_IEUADDR = 0xac,
	R_IRTA = 0xb8,
};

/* GCMD and GSTS bits (spec 11.4.4, 11.4.5) */
#define TE (1U << 31)
#define SRTP (1U << 30)
#define SFL (1U << 29)
#define WBF (1U << 27)
#define QIE (1U << 26)
#define IRE (1U << 25)
#define SIRTP (1U << 24)
#define CFI (1U << 23)
#define PERSISTENT (TE | QIE | IRE | CFI)

#define FSTS_PFO (1U << 0)
#define FSTS_PPF (1U << 1)
#define FSTS_IQE (1U << 4)
#define FSTS_ICE (1U << 5)
#define FSTS_ITE (1U << 6)
#define FECTL_IM (1U << 31)
#define FECTL_IP (1U << 30)

#define HAW 52
#define ADDR_MASK (((1ULL << HAW) - 1) & ~0xfffULL)

struct vtd_model_config vtd_model_default_config(void)
{
	return (struct vtd_model_config){
		.sagaw = 0x4,
		.mgaw = 48,
		.sllps = 0x3,
		.c = 1,
		.qi = 1,
		.ir = 1,
		.nfr = 8,
		.fro = 0x20, /* records at 0x200 */
	};
}

static void error(struct vtd_model *m, const char *what)
{
	m->errors++;
	snprintf(m->error, sizeof(m->error), "%s", what);
}

/* ---- memory as the unit sees it ---- */

void vtd_model_memory_init(struct vtd_model_memory *mem)
{
	mem->num_lines = 0;
	mem->lines = calloc(VTD_MODEL_MAX_LINES, sizeof(*mem->lines));
}

void vtd_model_memory_free(struct vtd_model_memory *mem)
{
	free(mem->lines);
	mem->lines = NULL;
}

/* open addressing over the line address; addr 0 marks a free slot */
static struct vtd_model_line *line_slot(struct vtd_model_memory *mem,
					__u64 line, int create)
{
	unsigned long n = (line >> 6) * 2654435761UL % VTD_MODEL_MAX_LINES;
	unsigned long k;

	for (k = 0; k < VTD_MODEL_MAX_LINES; k++) {
		struct vtd_model_line *l =
			&mem->lines[(n + k) % VTD_MODEL_MAX_LINES];

		if (l->addr == line)
			return l;
		if (!l->addr) {
			if (!create)
				return NULL;
			l->addr = line;
			mem->num_lines++;
			return l;
		}
	}
	abort(); /* the test wrote back more than the model holds */
}

void vtd_model_flush(struct vtd_model_memory *mem, const void *virt,
		     unsigned long size)
{
	__u64 start = (uintptr_t)virt & ~63ULL;
	__u64 end = (uintptr_t)virt + size;
	__u64 a;

	for (a = start; a < end; a += 64)
		memcpy(line_slot(mem, a, 1)->data, (const void *)(uintptr_t)a,
		       64);
}

/* A 64-bit table word as the unit reads it. */
static __u64 mem_read(struct vtd_model *m, __u64 phys)
{
	const struct vtd_model_line *l;
	__u64 v = 0;

	if (m->cfg.c)
		return *(volatile __u64 *)(uintptr_t)phys;
	/* never written back: what the memory held before, taken as 0 */
	l = line_slot(m->mem, phys & ~63ULL, 0);
	if (l)
		memcpy(&v, &l->data[phys & 63], 8);
	return v;
}

/* ---- registers ---- */

void vtd_model_init(struct vtd_model *m, const struct vtd_model_config *cfg,
		    struct vtd_model_memory *mem)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->mem = mem;
	if (m->cfg.nfr == 0 || m->cfg.nfr > VTD_MODEL_MAX_NFR)
		m->cfg.nfr = 1;
	m->cap = (cfg->rwbf ? 1ULL << 4 : 0) | (cfg->cm ? 1ULL << 7 : 0) |
		 (__u64)(cfg->sagaw & 0x1f) << 8 |
		 (__u64)((cfg->mgaw - 1) & 0x3f) << 16 |
		 (__u64)(cfg->fro & 0x3ff) << 24 |
		 (__u64)(cfg->sllps & 0xf) << 34 |
		 (__u64)((m->cfg.nfr - 1) & 0xff) << 40 | 1ULL << 54 |
		 1ULL << 55 | 6 /* ND: 16-bit domain IDs */;
	m->ecap = (cfg->c ? 1ULL : 0) | (cfg->qi ? 1ULL << 1 : 0) |
		  (cfg->ir ? 1ULL << 3 : 0) | (cfg->eim ? 1ULL << 4 : 0) |
		  0x50ULL << 8; /* IRO: IOTLB registers at 0x500 */
}

static unsigned int queue_entries(const struct vtd_model *m)
{
	return 1U << ((m->iqa & 7) + 8);
}

static int fault_pending(const struct vtd_model *m)
{
	unsigned int n;

	for (n = 0; n < m->cfg.nfr; n++)
		if (m->frcd[n][1] >> 63)
			return 1;
	return 0;
}

static int record_reg(const struct vtd_model *m, unsigned int reg,
		      unsigned int *n)
{
	unsigned int base = m->cfg.fro * 16;

	if (reg < base || reg >= base + 16 * m->cfg.nfr)
		return 0;
	*n = (reg - base) / 16;
	return 1;
}

__u64 vtd_model_read64(struct vtd_model *m, unsigned int reg)
{
	unsigned int n;

	if (record_reg(m, reg, &n))
		return m->frcd[n][(reg & 15) >= 8];
	switch (reg) {
	case R_CAP:
		return m->cap;
	case R_ECAP:
		return m->ecap;
	case R_RTADDR:
		return m->rtaddr;
	case R_IQH:
		return m->iqh << 4;
	case R_IQT:
		return m->iqt << 4;
	case R_IQA:
		return m->iqa;
	case R_IRTA:
		return m->irta;
	}
	return vtd_model_read32(m, reg) | (__u64)vtd_model_read32(m, reg + 4)
						  << 32;
}

__u32 vtd_model_read32(struct vtd_model *m, unsigned int reg)
{
	unsigned int n;

	if (record_reg(m, reg, &n))
		return (__u32)(m->frcd[n][(reg & 15) >= 8] >>
			       ((reg & 4) ? 32 : 0));
	switch (reg) {
	case R_VER:
		return 0x10;
	case R_GSTS:
		return m->gsts;
	case R_FSTS:
		return (m->fsts & ~FSTS_PPF) |
		       (fault_pending(m) ? FSTS_PPF : 0);
	case R_FECTL:
		return m->fectl;
	case R_ICS:
		return m->ics;
	case R_FEDATA:
	case R_FEADDR:
	case R_FEUADDR:
	case R_IECTL:
	case R_IEDATA:
	case R_IEADDR:
	case R_IEUADDR:
		return m->event[(reg - R_FEDATA) / 4];
	case R_CAP:
	case R_ECAP:
	case R_RTADDR:
	case R_IQH:
	case R_IQT:
	case R_IQA:
	case R_IRTA:
		return (__u32)vtd_model_read64(m, reg);
	case R_CAP + 4:
	case R_ECAP + 4:
	case R_RTADDR + 4:
	case R_IQH + 4:
	case R_IQT + 4:
	case R_IQA + 4:
	case R_IRTA + 4:
		return (__u32)(vtd_model_read64(m, reg - 4) >> 32);
	}
	return 0;
}

static void process_queue(struct vtd_model *m);

static void command(struct vtd_model *m, __u32 value)
{
	__u32 changed = (value ^ m->gsts) & PERSISTENT;
	__u32 shots = value & (SRTP | SFL | WBF | SIRTP);

	if (__builtin_popcount(changed) + __builtin_popcount(shots) > 1)
		error(m, "GCMD: more than one command in one write");
	changed &= ~m->stuck; /* the knob: the status never follows */
	if (shots & SRTP) {
		m->rtaddr_active = m->rtaddr;
		m->gsts |= SRTP;
		m->ctx_stale = m->iotlb_stale = 1;
		m->srtp_count++;
	}
	if (shots & SIRTP) {
		/* with IRE on too (Linux's kdump path and the take-over do
		 * it): until the global IEC invalidation that must follow,
		 * remapping counts as a model error below */
		if (m->gsts & IRE)
			m->sirtp_while_ire++;
		m->irta_active = m->irta;
		m->gsts |= SIRTP;
		m->iec_stale = 1;
		m->sirtp_count++;
	}
	if (shots & WBF) {
		m->wbf_count++;
		m->gsts &= ~WBF; /* done at once */
	}
	if (changed & TE) {
		if ((value & TE) && !(m->gsts & SRTP))
			error(m, "TE set without a root table pointer (SRTP)");
		m->gsts ^= TE;
	}
	if (changed & QIE) {
		if (!m->cfg.qi)
			error(m, "QIE on a unit without ECAP.QI");
		if ((value & QIE) && m->iqt != 0)
			error(m, "QIE set while IQT is not 0");
		if (!(value & QIE) && m->iqh != m->iqt)
			error(m, "QIE cleared with descriptors pending");
		m->gsts ^= QIE;
		m->iqh = 0; /* reset whenever queued invalidation is off */
		if (value & QIE)
			process_queue(m);
	}
	if (changed & IRE) {
		if ((value & IRE) && !(m->gsts & SIRTP))
			error(m,
			      "IRE set without an interrupt remapping table (SIRTP)");
		m->gsts ^= IRE;
	}
	if (changed & CFI)
		m->gsts ^= CFI;
}

/* FECTL.IP: cleared by the unit once software has serviced every fault
 * condition (each record's F and the FSTS status bits cleared). */
static void serviced(struct vtd_model *m)
{
	if (!fault_pending(m) &&
	    !(m->fsts & (FSTS_PFO | FSTS_IQE | FSTS_ICE | FSTS_ITE)))
		m->fectl &= ~FECTL_IP;
}

static void clear_record(struct vtd_model *m, unsigned int n)
{
	m->frcd[n][1] &= ~(1ULL << 63);
	serviced(m);
}

void vtd_model_write32(struct vtd_model *m, unsigned int reg, __u32 value)
{
	unsigned int n;

	if (record_reg(m, reg, &n)) {
		if ((reg & 15) == 12 && (value >> 31))
			clear_record(m, n);
		return;
	}
	switch (reg) {
	case R_GCMD:
		command(m, value);
		break;
	case R_FSTS:
		m->fsts &=
			~(value & (FSTS_PFO | FSTS_IQE | FSTS_ICE | FSTS_ITE));
		if (value & FSTS_IQE)
			process_queue(m); /* fetching resumes at IQH */
		serviced(m);
		break;
	case R_FECTL:
		m->fectl = (m->fectl & ~FECTL_IM) | (value & FECTL_IM);
		break;
	case R_ICS:
		m->ics &= ~(value & 1);
		break;
	case R_FEDATA:
	case R_FEADDR:
	case R_FEUADDR:
	case R_IEDATA:
	case R_IEADDR:
	case R_IEUADDR:
		m->event[(reg - R_FEDATA) / 4] = value;
		break;
	case R_IECTL: /* IM only; IP is the unit's */
		m->event[(reg - R_FEDATA) / 4] = value & (1U << 31);
		break;
	default:
		if (reg < 0x100)
			vtd_model_write64(m, reg & ~7U,
					  (__u64)value << (reg & 4 ? 32 : 0));
	}
}

void vtd_model_write64(struct vtd_model *m, unsigned int reg, __u64 value)
{
	unsigned int n;

	if (record_reg(m, reg, &n)) {
		if ((reg & 15) == 8 && (value >> 63))
			clear_record(m, n);
		return;
	}
	switch (reg) {
	case R_RTADDR:
		if (value & 0xfffULL)
			error(m,
			      "RTADDR: reserved bits or RTT (scalable mode) set");
		m->rtaddr = value;
		break;
	case R_IQA:
		if (m->gsts & QIE)
			error(m, "IQA written while queued invalidation is on");
		if (value & 0x800)
			error(m,
			      "IQA: 256-bit descriptors without scalable mode");
		m->iqa = value;
		break;
	case R_IQT:
		if (value & ~0x7fff0ULL)
			error(m, "IQT: reserved bits set");
		m->iqt = (value >> 4) & 0x7fff;
		if (m->iqt >= queue_entries(m))
			error(m, "IQT beyond the queue");
		if (m->gsts & QIE)
			process_queue(m);
		break;
	case R_IRTA:
		if (value & 0x7f0ULL)
			error(m, "IRTA: reserved bits set");
		m->irta = value;
		break;
	case R_CCMD:
		error(m,
		      "register-based invalidation while the test expects queued");
		break;
	default:
		break;
	}
}

/* ---- invalidation ---- */

static void inv_context(struct vtd_model *m, __u64 lo)
{
	unsigned int g = (lo >> 4) & 3, n;
	__u16 did = (__u16)(lo >> 16), sid = (__u16)(lo >> 32);

	/* FM (bits 49:48) masks function bits of the SID: not used by the
	 * code under test, so not modelled */
	if ((lo >> 48) & 3)
		error(m, "context invalidation with a function mask");
	if (g == 1)
		m->ctx_stale = 0;
	if (g == 3 && did == 0)
		m->ctx_inv_did0_device++;
	for (n = 0; n < VTD_MODEL_CTX_CACHE; n++) {
		struct vtd_model_ctx_entry *e = &m->ctx[n];

		if (!e->valid)
			continue;
		if (g == 1 || (g == 2 && e->did == did) ||
		    (g == 3 && e->did == did && e->sid == sid))
			e->valid = 0;
	}
}

static void inv_iotlb(struct vtd_model *m, __u64 lo, __u64 hi)
{
	unsigned int g = (lo >> 4) & 3, n;
	__u16 did = (__u16)(lo >> 16);
	__u64 size = 4096ULL << (hi & 0x3f);
	__u64 addr = hi & ~0xfffULL & ~(size - 1);

	if (g == 1) {
		if (m->ctx_stale)
			error(m,
			      "global IOTLB invalidation after SRTP before the context cache's");
		m->iotlb_stale = 0;
	}
	for (n = 0; n < VTD_MODEL_IOTLB; n++) {
		struct vtd_model_tlb_entry *e = &m->tlb[n];

		if (!e->valid)
			continue;
		if (g == 1 || (g == 2 && e->did == did) ||
		    (g == 3 && e->did == did && e->page < addr + size &&
		     addr < e->page + e->size))
			e->valid = 0;
	}
}

static void inv_iec(struct vtd_model *m, __u64 lo)
{
	unsigned int index = (unsigned int)(lo >> 32) & 0xffff;
	unsigned int count = 1U << ((lo >> 27) & 0x1f), n;
	int global = !(lo & (1ULL << 4));

	if (global) {
		m->desc_iec++;
		m->iec_stale = 0;
	} else {
		m->desc_iec_index++;
		if (index & (count - 1))
			error(m, "IEC: index not aligned to its mask");
	}
	for (n = 0; n < VTD_MODEL_IEC; n++)
		if (global ||
		    (m->iec[n].index >= (index & ~(count - 1)) &&
		     m->iec[n].index < (index & ~(count - 1)) + count))
			m->iec[n].valid = 0;
}

/* 1 if the descriptor ran, 0 if the queue stops at it */
static int run_descriptor(struct vtd_model *m, __u64 lo, __u64 hi)
{
	unsigned int type = lo & 0xf;

	if ((lo >> 9) & 7) /* type bits 11:9: scalable-mode descriptors */
		return 0;
	if (type == m->drop_type)
		return 1;
	switch (type) {
	case 1:
		if (!((lo >> 4) & 3) || hi)
			return 0;
		m->desc_context++;
		inv_context(m, lo);
		return 1;
	case 2:
		if (!((lo >> 4) & 3))
			return 0;
		m->desc_iotlb++;
		inv_iotlb(m, lo, hi);
		return 1;
	case 4:
		if (hi || (lo & ~(0xfULL | 1ULL << 4 | 0x1fULL << 27 |
				  0xffffULL << 32)))
			return 0;
		inv_iec(m, lo);
		return 1;
	case 5:
		m->desc_wait++;
		if (lo & (1ULL << 5)) /* SW: write the status data */
			*(volatile __u32 *)(uintptr_t)(hi & ~3ULL) =
				(__u32)(lo >> 32);
		if (lo & (1ULL << 4)) /* IF */
			m->ics |= 1;
		return 1;
	}
	return 0;
}

static void process_queue(struct vtd_model *m)
{
	__u64 base = m->iqa & ~0xfffULL;
	volatile __u64 *desc;

	while (!(m->fsts & FSTS_IQE) && m->iqh != m->iqt) {
		desc = (volatile __u64 *)(uintptr_t)(base + m->iqh * 16);
		if (!run_descriptor(m, desc[0], desc[1])) {
			m->fsts |= FSTS_IQE; /* IQH stays at the descriptor */
			return;
		}
		m->iqh = (m->iqh + 1) % queue_entries(m);
	}
}

/* ---- translation ---- */

static void record_fault(struct vtd_model *m, __u16 sid, __u64 address,
			 int is_write, unsigned int reason,
			 struct vtd_model_result *r)
{
	unsigned int n = m->next_record;
	int was_pending = fault_pending(m);

	r->blocked = 1;
	r->reason = reason;
	if (m->frcd[n][1] >> 63) {
		m->fsts |= FSTS_PFO; /* no free record: the fault is lost */
		return;
	}
	m->frcd[n][0] = address & ~0xfffULL;
	m->frcd[n][1] = sid | (__u64)reason << 32 |
			(is_write ? 0 : 1ULL << 62) | 1ULL << 63;
	r->recorded = 1;
	if (!was_pending) {
		m->fsts = (m->fsts & ~0xff00U) | n << 8;
		m->fectl |= FECTL_IP;
		m->fault_events++;
	}
	m->next_record = (n + 1) % m->cfg.nfr;
}

static struct vtd_model_ctx_entry *cache_ctx(struct vtd_model *m)
{
	struct vtd_model_ctx_entry *e = &m->ctx[m->ctx_next];

	m->ctx_next = (m->ctx_next + 1) % VTD_MODEL_CTX_CACHE;
	return e;
}

/* The context entry of `sid`: 0, or the fault reason. */
static unsigned int context_of(struct vtd_model *m, __u16 sid,
			       struct vtd_model_ctx_entry *out)
{
	__u64 root = m->rtaddr_active & ADDR_MASK;
	__u64 rlo, rhi, clo, chi, ctp;
	struct vtd_model_ctx_entry *e;
	unsigned int n, tt, aw;

	for (n = 0; n < VTD_MODEL_CTX_CACHE; n++) {
		e = &m->ctx[n];
		if (e->valid && e->sid == sid) {
			*out = *e;
			return e->present ? 0 : 2;
		}
	}
	rlo = mem_read(m, root + (sid >> 8) * 16);
	rhi = mem_read(m, root + (sid >> 8) * 16 + 8);
	if (!(rlo & 1))
		goto not_present;
	if ((rlo & 0xffeULL) || (rlo & ~ADDR_MASK & ~0xfffULL) || rhi)
		return 0xa;
	ctp = rlo & ADDR_MASK;
	clo = mem_read(m, ctp + (sid & 0xff) * 16);
	chi = mem_read(m, ctp + (sid & 0xff) * 16 + 8);
	if (!(clo & 1))
		goto not_present;
	if ((clo & 0xff0ULL) || (clo & ~ADDR_MASK & ~0xfffULL) ||
	    (chi & 0x80ULL) || (chi >> 24))
		return 0xb;
	tt = (clo >> 2) & 3;
	aw = chi & 7;
	if (tt == 3 || (tt == 1) || (tt == 2) || !(m->cfg.sagaw & (1U << aw)))
		return 0x3; /* device TLBs and pass-through: not modelled */
	e = cache_ctx(m);
	*e = (struct vtd_model_ctx_entry){ .valid = 1,
					   .present = 1,
					   .sid = sid,
					   .did = (__u16)(chi >> 8),
					   .slptptr = clo & ADDR_MASK,
					   .aw = aw,
					   .tt = tt,
					   .fpd = (clo >> 1) & 1 };
	*out = *e;
	return 0;
not_present:
	if (m->cfg.cm) {
		/* caching mode: a not-present entry may be cached, under
		 * domain ID 0 (spec 6.1) */
		e = cache_ctx(m);
		*e = (struct vtd_model_ctx_entry){ .valid = 1, .sid = sid };
	}
	return (rlo & 1) ? 2 : 1;
}

static struct vtd_model_tlb_entry *tlb_lookup(struct vtd_model *m, __u16 did,
					      __u64 address)
{
	unsigned int n;

	for (n = 0; n < VTD_MODEL_IOTLB; n++) {
		struct vtd_model_tlb_entry *e = &m->tlb[n];

		if (e->valid && e->did == did && address >= e->page &&
		    address < e->page + e->size)
			return e;
	}
	return NULL;
}

static void tlb_fill(struct vtd_model *m, const struct vtd_model_tlb_entry *t)
{
	m->tlb[m->tlb_next] = *t;
	m->tlb_next = (m->tlb_next + 1) % VTD_MODEL_IOTLB;
}

/* The second-level walk: 0 and *t filled, or the fault reason. */
static unsigned int walk(struct vtd_model *m,
			 const struct vtd_model_ctx_entry *c, __u64 address,
			 struct vtd_model_tlb_entry *t)
{
	unsigned int level = c->aw + 1; /* aw 1: 3 levels (2..0) */
	__u64 table = c->slptptr, e = 0, size;
	int r = 1, w = 1;

	for (;; level--) {
		unsigned int shift = 12 + 9 * level;

		e = mem_read(m, table + ((address >> shift) & 511) * 8);
		size = 1ULL << shift;
		if (!(e & 3)) {
			r = w = 0;
			break;
		}
		if (e & ~ADDR_MASK & ~0xfffULL & ~(0x7ffULL << 52))
			return 0xc;
		r &= e & 1;
		w &= (e >> 1) & 1;
		if (level == 0)
			break;
		if (e & (1ULL << 7)) {
			if (level > 2 || !(m->cfg.sllps & (1U << (level - 1))))
				return 0xc;
			break;
		}
		table = e & ADDR_MASK;
	}
	*t = (struct vtd_model_tlb_entry){
		.valid = 1,
		.present = r || w,
		.did = c->did,
		.page = address & ~(size - 1),
		.size = size,
		.phys = e & ADDR_MASK & ~(size - 1),
		.r = r,
		.w = w,
	};
	return 0;
}

struct vtd_model_result vtd_model_translate(struct vtd_model *m, __u16 sid,
					    __u64 address, int is_write)
{
	struct vtd_model_result r = { 0 };
	struct vtd_model_ctx_entry c;
	struct vtd_model_tlb_entry *hit, t;
	unsigned int reason, width;

	if (!(m->gsts & TE)) {
		r.phys = address; /* untranslated */
		return r;
	}
	if (m->ctx_stale || m->iotlb_stale)
		error(m,
		      "translating after SRTP before the global invalidations");
	reason = context_of(m, sid, &c);
	if (reason) {
		record_fault(m, sid, address, is_write, reason, &r);
		return r;
	}
	width = 30 + 9 * c.aw;
	if (width > m->cfg.mgaw)
		width = m->cfg.mgaw;
	if (width < 64 && address >> width) {
		if (!c.fpd)
			record_fault(m, sid, address, is_write, 0x4, &r);
		r.blocked = 1;
		return r;
	}
	hit = tlb_lookup(m, c.did, address);
	if (!hit) {
		reason = walk(m, &c, address, &t);
		if (reason) {
			if (!c.fpd)
				record_fault(m, sid, address, is_write, reason,
					     &r);
			r.blocked = 1;
			return r;
		}
		/* without caching mode nothing not present is cached */
		if (t.present || m->cfg.cm)
			tlb_fill(m, &t);
		hit = &t;
	}
	if (is_write ? !hit->w : !hit->r) {
		if (!c.fpd)
			record_fault(m, sid, address, is_write,
				     is_write ? 0x5 : 0x6, &r);
		r.blocked = 1;
		r.reason = is_write ? 0x5 : 0x6;
		return r;
	}
	r.phys = hit->phys + (address - hit->page);
	return r;
}

/* ---- interrupt remapping (spec 5.1) ---- */

static void irq_fault(struct vtd_model *m, __u16 sid, unsigned int index,
		      unsigned int reason, struct vtd_model_irq *q)
{
	struct vtd_model_result r = { 0 };

	q->blocked = 1;
	q->reason = reason;
	/* FI 63:48: the interrupt index; T 0 (a write) */
	record_fault(m, sid, (__u64)index << 48, 1, reason, &r);
	q->recorded = r.recorded;
}

static void irq_compat(struct vtd_model *m, __u16 sid, __u64 address,
		       __u32 data, struct vtd_model_irq *q)
{
	/* with IRE, compatibility format passes only with CFI and without
	 * EIME */
	if ((m->gsts & IRE) && (!(m->gsts & CFI) || (m->irta_active & 0x800)))
		return irq_fault(m, sid, 0, 0x25, q);
	q->dest = (address >> 12) & 0xff;
	q->logical = !!(address & 4);
	q->vector = data & 0xff;
	q->delivery = (data >> 8) & 7;
	q->level = !!(data & (1U << 15));
}

static int iec_lookup(struct vtd_model *m, unsigned int index, __u64 *lo,
		      __u64 *hi)
{
	unsigned int n;

	for (n = 0; n < VTD_MODEL_IEC; n++)
		if (m->iec[n].valid && m->iec[n].index == index) {
			*lo = m->iec[n].lo;
			*hi = m->iec[n].hi;
			return 1;
		}
	return 0;
}

static unsigned int irte_reserved(const struct vtd_model *m, __u64 lo, __u64 hi)
{
	int eime = !!(m->irta_active & 0x800);

	if (lo & (0x7ULL << 12 | 0xffULL << 24 | 1ULL << 15))
		return 1; /* reserved, or posted (not modelled) */
	if (!eime && (lo & (0xffULL << 32 | 0xffffULL << 48)))
		return 1; /* xAPIC: only DST 15:8 */
	if (hi >> 20 || ((hi >> 18) & 3) == 3)
		return 1;
	return 0;
}

static int sid_ok(__u64 hi, __u16 sid)
{
	unsigned int svt = (hi >> 18) & 3, sq = (hi >> 16) & 3;
	__u16 want = (__u16)hi;
	static const __u16 sq_mask[4] = { 0xffff, 0xfffb, 0xfff9, 0xfff8 };

	if (svt == 0)
		return 1;
	if (svt == 1)
		return (sid & sq_mask[sq]) == (want & sq_mask[sq]);
	return (sid >> 8) >= (want >> 8) && (sid >> 8) <= (want & 0xff);
}

struct vtd_model_irq vtd_model_interrupt(struct vtd_model *m, __u16 sid,
					 __u64 address, __u32 data)
{
	struct vtd_model_irq q = { 0 };
	unsigned int index, entries = 2U << (m->irta_active & 0xf);
	__u64 lo, hi, table = m->irta_active & ~0xfffULL;
	struct vtd_model_iec_entry *e;

	if (!(address & (1U << 4)) || !(m->gsts & IRE)) {
		irq_compat(m, sid, address, data, &q);
		return q;
	}
	if (m->iec_stale)
		error(m,
		      "interrupt remapped after SIRTP before a global IEC invalidation");
	q.remapped = 1;
	index = ((address >> 5) & 0x7fff) | (address & 4 ? 0x8000 : 0);
	if (address & 8) /* SHV */
		index += data & 0xffff;
	q.index = index;
	if (index >= entries) {
		irq_fault(m, sid, index, 0x21, &q);
		return q;
	}
	if (!iec_lookup(m, index, &lo, &hi)) {
		lo = mem_read(m, table + index * 16);
		hi = mem_read(m, table + index * 16 + 8);
		if (lo & 1) { /* only present entries are cached */
			e = &m->iec[m->iec_next];
			m->iec_next = (m->iec_next + 1) % VTD_MODEL_IEC;
			*e = (struct vtd_model_iec_entry){ 1, index, lo, hi };
		}
	}
	if (!(lo & 1)) {
		irq_fault(m, sid, index, 0x22, &q);
		return q;
	}
	if (irte_reserved(m, lo, hi)) {
		irq_fault(m, sid, index, 0x24, &q);
		return q;
	}
	if (!sid_ok(hi, sid)) {
		if (!(lo & 2)) /* FPD */
			irq_fault(m, sid, index, 0x26, &q);
		q.blocked = 1;
		q.reason = 0x26;
		return q;
	}
	q.vector = (lo >> 16) & 0xff;
	q.delivery = (lo >> 5) & 7;
	q.logical = !!(lo & 4);
	q.level = !!(lo & 16);
	q.dest = m->irta_active & 0x800 ? (__u32)(lo >> 32) :
					  (__u32)(lo >> 40) & 0xff;
	return q;
}
