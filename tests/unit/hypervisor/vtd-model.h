/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A register-level model of one Intel VT-d remapping unit (legacy mode,
 * 128-bit descriptors), written from the VT-d specification for the host
 * unit tests of arch/vtd-*.c.  It shares no definition with the code
 * under test.
 *
 * What it does as the hardware would:
 *  - CAP/ECAP from struct vtd_model_config; GCMD/GSTS with the status
 *    following each command (TE, SRTP -> RTPS, WBF, QIE, IRE, SIRTP ->
 *    IRTPS, CFI); RTADDR latched at SRTP;
 *  - the invalidation queue (IQA, IQH, IQT, ICS): descriptors run when
 *    IQT is written: context-cache (global/domain/device), IOTLB
 *    (global/domain/page), interrupt entry cache and wait descriptors
 *    (status write, IWC); anything else stops the queue with FSTS.IQE;
 *  - translate(): the root/context/second-level walk from memory, with
 *    a context cache and an IOTLB that keep entries until invalidated
 *    (in caching mode also not-present ones, context entries under
 *    domain ID 0), so a missing invalidation shows as a stale result;
 *    with ECAP.C clear the walk reads memory as last written back by
 *    vtd_model_flush(), not what the CPU wrote;
 *  - interrupt remapping: IRTA (size, EIME) latched at SIRTP, IRE, CFI;
 *    vtd_model_interrupt() decodes compatibility and remappable
 *    requests, reads the entry from memory or from its interrupt entry
 *    cache (kept until an IEC descriptor, global or index-selective,
 *    drops it), checks reserved bits and source IDs (SVT/SQ) and records
 *    faults 0x21, 0x22, 0x24, 0x25, 0x26 with the index in FI;
 *  - fault recording (FRCD ring of NFR records at FRO, FSTS.PPF/FRI/PFO,
 *    F write-1-to-clear, fault processing disable in context entries;
 *    FECTL.IP set with a new fault, cleared once software has cleared
 *    every record and status bit).
 *
 * What software does that the spec forbids is counted in `errors` with
 * the last sentence in `error` (e.g. two commands in one GCMD write,
 * translation on without a root table pointer, translating after SRTP
 * before the global invalidations, enabling the queue with IQT != 0).
 */
#ifndef _VTD_MODEL_H
#define _VTD_MODEL_H

#include <jailhouse/types.h>

struct vtd_model_config {
	unsigned int sagaw; /* CAP.SAGAW bits: 0x2 39-bit, 0x4 48-bit ... */
	unsigned int mgaw;  /* address bits translated */
	unsigned int sllps; /* bit 0: 2 MiB pages, bit 1: 1 GiB */
	int cm, rwbf;	    /* caching mode, write-buffer flush needed */
	int c, qi, ir, eim; /* ECAP */
	unsigned int nfr;   /* fault recording registers */
	unsigned int fro;   /* their offset, in 16-byte units */
};

/* A default config: 48-bit, 2 MiB + 1 GiB pages, coherent, QI and IR. */
struct vtd_model_config vtd_model_default_config(void);

/* Memory as a non-snooping unit sees it: the 64-byte lines written back
 * by vtd_model_flush(); shared by every unit of a test. */
#define VTD_MODEL_MAX_LINES 65536
struct vtd_model_memory {
	unsigned long num_lines;
	struct vtd_model_line {
		__u64 addr;
		__u8 data[64];
	} * lines;
};

#define VTD_MODEL_CTX_CACHE 64
#define VTD_MODEL_IOTLB 256
#define VTD_MODEL_MAX_NFR 256

struct vtd_model_ctx_entry {
	int valid, present;
	__u16 sid, did;
	__u64 slptptr;
	unsigned int aw, tt, fpd;
};

struct vtd_model_tlb_entry {
	int valid, present;
	__u16 did;
	__u64 page, size, phys;
	int r, w;
};

struct vtd_model_result {
	int blocked;	     /* 1: the request was refused */
	__u64 phys;	     /* where it went */
	unsigned int reason; /* fault reason when blocked */
	int recorded;	     /* a fault record was written */
};

/* Interrupt entry cache: what the unit keeps of remapping entries. */
#define VTD_MODEL_IEC 64
struct vtd_model_iec_entry {
	int valid;
	unsigned int index;
	__u64 lo, hi;
};

/* An interrupt request after remapping. */
struct vtd_model_irq {
	int blocked;
	unsigned int reason; /* fault reason when blocked */
	int recorded;
	unsigned int index; /* the entry it used (remappable format) */
	unsigned int vector, delivery;
	__u32 dest; /* APIC ID */
	int logical, level, remapped;
};

struct vtd_model {
	struct vtd_model_config cfg;
	struct vtd_model_memory *mem;
	__u64 cap, ecap;
	__u32 gsts;
	__u64 rtaddr, rtaddr_active, irta, irta_active;
	__u64 iqa, iqh, iqt;
	__u32 ics, fsts, fectl;
	/* FEDATA, FEADDR, FEUADDR at 0x3c..0x44 and IECTL, IEDATA, IEADDR,
	 * IEUADDR at 0xa0..0xac, by (offset - 0x3c) / 4 */
	__u32 event[29];
	__u64 frcd[VTD_MODEL_MAX_NFR][2];
	unsigned int next_record;
	int ctx_stale, iotlb_stale; /* since the last SRTP */
	struct vtd_model_ctx_entry ctx[VTD_MODEL_CTX_CACHE];
	struct vtd_model_tlb_entry tlb[VTD_MODEL_IOTLB];
	unsigned int ctx_next, tlb_next;
	struct vtd_model_iec_entry iec[VTD_MODEL_IEC];
	unsigned int iec_next;
	int iec_stale; /* SIRTP without a global IEC invalidation since */

	/* what happened, for the tests */
	unsigned int errors;
	char error[200];
	unsigned int desc_context, desc_iotlb, desc_iec, desc_wait;
	unsigned int ctx_inv_did0_device; /* device-selective, DID 0 */
	unsigned int fault_events, wbf_count, srtp_count;
	unsigned int desc_iec_index, sirtp_count;
	unsigned int sirtp_while_ire; /* SIRTP with IRE on (a table switch) */
	/* a test knob: descriptors of this type are fetched and dropped,
	 * as if software had never queued them (0: none) */
	unsigned int drop_type;
	/* a test knob: GSTS bits (TE, QIE, IRE, CFI) that GCMD no longer
	 * changes, as a unit that never acknowledges the command */
	__u32 stuck;
};

void vtd_model_init(struct vtd_model *m, const struct vtd_model_config *cfg,
		    struct vtd_model_memory *mem);
__u32 vtd_model_read32(struct vtd_model *m, unsigned int reg);
void vtd_model_write32(struct vtd_model *m, unsigned int reg, __u32 value);
__u64 vtd_model_read64(struct vtd_model *m, unsigned int reg);
void vtd_model_write64(struct vtd_model *m, unsigned int reg, __u64 value);
/* A DMA request of `sid` to `address` (read or write). */
struct vtd_model_result vtd_model_translate(struct vtd_model *m, __u16 sid,
					    __u64 address, int is_write);

/* An interrupt request (a write to 0xFEExxxxx) of `sid`: compatibility
 * or remappable format as the address says. */
struct vtd_model_irq vtd_model_interrupt(struct vtd_model *m, __u16 sid,
					 __u64 address, __u32 data);

void vtd_model_memory_init(struct vtd_model_memory *mem);
void vtd_model_memory_free(struct vtd_model_memory *mem);
/* The CPU wrote back the lines of [virt, virt + size). */
void vtd_model_flush(struct vtd_model_memory *mem, const void *virt,
		     unsigned long size);

#endif
