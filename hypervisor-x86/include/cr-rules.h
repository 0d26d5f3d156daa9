/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MOV to CR0/CR4 as the hardware checks it (arch/cr-rules.c).  The
 * hypervisor guards some CR0/CR4 bits and emulates the writes that touch
 * them; each check the CPU would make on the instruction is made here, so
 * that a value hardware refuses gets the guest #GP instead of a VM entry
 * that fails (a lost CPU).  SDM Vol. 2 "MOV - Move to/from Control
 * Registers", Vol. 3 2.5 and 4.4.1 (PDPTE loading); KVM's kvm_set_cr0/
 * kvm_set_cr4 served as a checklist only.
 */
#ifndef _HV_CR_RULES_H
#define _HV_CR_RULES_H

#include <jailhouse/types.h>

#define CR0_PE (1ULL << 0)
#define CR0_WP (1ULL << 16)
#define CR0_NW (1ULL << 29)
#define CR0_CD (1ULL << 30)
#define CR0_PG (1ULL << 31)

#define CR4_PSE (1ULL << 4)
#define CR4_PAE (1ULL << 5)
#define CR4_PGE (1ULL << 7)
#define CR4_LA57 (1ULL << 12)
#define CR4_PCIDE (1ULL << 17)
#define CR4_SMEP (1ULL << 20)
#define CR4_CET (1ULL << 23)

#define EFER_LME_BIT (1ULL << 8)
#define EFER_LMA_BIT (1ULL << 10)

/* TR's access-rights type for a busy 16-bit TSS */
#define TR_TYPE_BUSY_TSS16 3

/* The guest's state before the write. */
struct cr_state {
	__u64 cr0, cr3, cr4, efer;
	int cs_l;	      /* CS.L: 64-bit code segment */
	unsigned int tr_type; /* TR access rights bits 3:0 */
};

/* What the write does besides changing the register. */
struct cr_effect {
	int enter_long_mode; /* EFER.LMA and "IA-32e mode guest" on */
	int leave_long_mode; /* ... off */
	int load_pdptes;     /* PAE paging: reload the four PDPTEs */
};

/* 0 or -EINVAL (#GP).  `reserved` are the CR4 bits this CPU does not
 * allow (from IA32_VMX_CR4_FIXED1 and what the guest may not set); bits
 * 63:32 are always reserved in CR0. */
int cr0_write_check(const struct cr_state *s, __u64 value,
		    struct cr_effect *effect);
int cr4_write_check(const struct cr_state *s, __u64 value, __u64 reserved,
		    struct cr_effect *effect);

/* Address of the PDPTE table in PAE paging (CR3 bits 31:5). */
__u64 pae_pdpte_table(__u64 cr3);

/* 0 if all four PDPTEs are valid, -EINVAL (#GP) if a present one sets a
 * reserved bit (2:1, 8:5, or at or above `maxphyaddr`). */
int pae_pdptes_check(const __u64 pdpte[4], unsigned int maxphyaddr);

#endif
