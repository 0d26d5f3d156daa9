/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Registers, table entries and descriptors of a VT-d remapping unit, from
 * the Intel VT-d specification (chapter 9, "Translation Structure
 * Formats", and chapter 11, "Register Descriptions").  Only what
 * arch/vtd-*.c uses; legacy (non-scalable) mode, 128-bit descriptors.
 */
#ifndef _HV_VTD_REGS_H
#define _HV_VTD_REGS_H

/* ---- register offsets ---- */
#define VTD_REG_VER 0x00
#define VTD_REG_CAP 0x08
#define VTD_REG_ECAP 0x10
#define VTD_REG_GCMD 0x18
#define VTD_REG_GSTS 0x1c
#define VTD_REG_RTADDR 0x20
#define VTD_REG_FSTS 0x34
#define VTD_REG_FECTL 0x38
#define VTD_REG_IQH 0x80
#define VTD_REG_IQT 0x88
#define VTD_REG_IQA 0x90
#define VTD_REG_ICS 0x9c
#define VTD_REG_IRTA 0xb8

/* ---- CAP ---- */
#define VTD_CAP_RWBF (1ULL << 4)
#define VTD_CAP_CM (1ULL << 7)
#define VTD_CAP_SAGAW(cap) (((cap) >> 8) & 0x1f)
#define VTD_SAGAW_48 0x4 /* 4-level tables, 48-bit AGAW */
#define VTD_CAP_MGAW(cap) ((unsigned int)(((cap) >> 16) & 0x3f) + 1)
#define VTD_CAP_FRO(cap) ((unsigned int)(((cap) >> 24) & 0x3ff) * 16)
#define VTD_CAP_SLLPS(cap) ((unsigned int)((cap) >> 34) & 0xf)
#define VTD_CAP_DWD (1ULL << 54)
#define VTD_CAP_DRD (1ULL << 55)
#define VTD_CAP_NFR(cap) ((unsigned int)(((cap) >> 40) & 0xff) + 1)

/* ---- ECAP ---- */
#define VTD_ECAP_C (1ULL << 0)
#define VTD_ECAP_QI (1ULL << 1)
#define VTD_ECAP_IR (1ULL << 3)
#define VTD_ECAP_EIM (1ULL << 4)

/* ---- GCMD / GSTS: the same bit for a command and its status ---- */
#define VTD_GCMD_TE (1U << 31)
#define VTD_GCMD_SRTP (1U << 30)
#define VTD_GCMD_WBF (1U << 27)
#define VTD_GCMD_QIE (1U << 26)
#define VTD_GCMD_IRE (1U << 25)
#define VTD_GCMD_SIRTP (1U << 24)
#define VTD_GCMD_CFI (1U << 23)
/* commands whose status says "done", not "on": never written back */
#define VTD_GCMD_ONE_SHOT \
	(VTD_GCMD_SRTP | VTD_GCMD_WBF | VTD_GCMD_SIRTP | (1U << 29))

/* ---- fault status and recording ---- */
#define VTD_FSTS_PFO (1U << 0)
#define VTD_FSTS_PPF (1U << 1)
#define VTD_FSTS_IQE (1U << 4)
#define VTD_FSTS_ICE (1U << 5)
#define VTD_FSTS_ITE (1U << 6)
#define VTD_FSTS_FRI(fsts) (((fsts) >> 8) & 0xff)
#define VTD_FECTL_IM (1U << 31)
/* the upper 64 bits of a fault recording register */
#define VTD_FRCD_F (1ULL << 63)
#define VTD_FRCD_T (1ULL << 62) /* 1: read request */
#define VTD_FRCD_FR(hi) ((unsigned int)((hi) >> 32) & 0xff)
#define VTD_FRCD_SID(hi) ((__u16)(hi))

/* ---- invalidation queue ---- */
#define VTD_ICS_IWC (1U << 0)
#define VTD_IQ_INDEX_SHIFT 4  /* IQH/IQT hold the offset of 128-bit slots */
#define VTD_QUEUE_ENTRIES 256 /* one page, IQA.QS = 0 */

#define VTD_DESC_CONTEXT 0x1
#define VTD_DESC_IOTLB 0x2
#define VTD_DESC_IEC 0x4
#define VTD_DESC_WAIT 0x5
#define VTD_DESC_GRAN_SHIFT 4 /* context: 5:4; IOTLB: 5:4 */
#define VTD_DESC_DID_SHIFT 16
#define VTD_DESC_SID_SHIFT 32
#define VTD_DESC_IOTLB_DW (1ULL << 6) /* drain writes */
#define VTD_DESC_IOTLB_DR (1ULL << 7) /* drain reads */
#define VTD_DESC_WAIT_SW (1ULL << 5)  /* status write */
#define VTD_DESC_WAIT_FN (1ULL << 6)  /* fence */
#define VTD_DESC_WAIT_DATA_SHIFT 32
#define VTD_DESC_IEC_INDEX (1ULL << 4) /* G: index-selective */
#define VTD_DESC_IEC_IM_SHIFT 27       /* 2^IM entries from IIDX */
#define VTD_DESC_IEC_IIDX_SHIFT 32

/* ---- root and context entries (128 bits: lo, hi) ---- */
#define VTD_ENTRY_PRESENT 1ULL
#define VTD_ENTRY_ADDR_MASK 0x000ffffffffff000ULL
#define VTD_CTX_AW_48 2 /* hi 2:0: 4-level tables */
#define VTD_CTX_DID_SHIFT 8

/* ---- second-level paging entries ---- */
#define VTD_SL_READ (1ULL << 0)
#define VTD_SL_WRITE (1ULL << 1)
#define VTD_SL_PAGE_SIZE (1ULL << 7)

/* ---- interrupt remapping (spec 5.1, 9.10, 11.4.9.2) ---- */
#define VTD_IRTA_EIME (1ULL << 11) /* x2APIC: 32-bit destinations */
/* IRTA.S: the table has 2^(S+1) entries */
#define VTD_IRTE_PRESENT (1ULL << 0)
#define VTD_IRTE_FPD (1ULL << 1)
#define VTD_IRTE_DEST_LOGICAL (1ULL << 2)
#define VTD_IRTE_REDIR_HINT (1ULL << 3)
#define VTD_IRTE_LEVEL (1ULL << 4)
#define VTD_IRTE_DLM_SHIFT 5 /* 0 fixed, 1 lowest priority */
#define VTD_IRTE_POSTED (1ULL << 15)
#define VTD_IRTE_VECTOR_SHIFT 16
#define VTD_IRTE_DEST_SHIFT 32
#define VTD_IRTE_XAPIC_DEST_SHIFT 40 /* xAPIC: the ID in DST 15:8 */
/* the upper 64 bits: source validation */
#define VTD_IRTE_SQ_SHIFT 16	      /* 0: all 16 SID bits compared */
#define VTD_IRTE_SVT_SID (1ULL << 18) /* verify the requester ID */
#define VTD_IRTE_SVT_BUS (2ULL << 18) /* verify the bus (a range) */
/* an MSI address / IOAPIC entry in remappable format */
#define VTD_MSI_REMAPPABLE (1U << 4)
#define VTD_MSI_SHV (1U << 3)  /* index = handle + data 15:0 */
#define VTD_MSI_HANDLE_SHIFT 5 /* handle 14:0 at 19:5 */
#define VTD_MSI_HANDLE15 (1U << 2)
#define VTD_RTE_REMAPPABLE (1ULL << 48)
#define VTD_RTE_HANDLE_SHIFT 49 /* handle 14:0 at 63:49 */
#define VTD_RTE_HANDLE15 (1ULL << 11)
/* fault record: the interrupt index in FI 63:48 of the lower half */
#define VTD_FRCD_INTERRUPT_INDEX(lo) ((unsigned int)((lo) >> 48))
#define VTD_FAULT_FIRST_IR_REASON 0x20

#endif
