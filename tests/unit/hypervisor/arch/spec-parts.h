/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Speculation-relevant enumeration of named Intel parts, for
 * test-spec-plan.c.
 *
 * Where the values come from, honestly: they were NOT dumped from real
 * machines.  They are assembled by hand from public Intel documentation
 * (SDM vol. 4, IA32_ARCH_CAPABILITIES; "Affected Processors: Transient
 * Execution Attacks" table; the per-issue guidance for L1TF, MDS, TAA,
 * MMIO stale data, RSBA/Retbleed, PBRSB and BHI) and from the CPU flags
 * commonly reported for these parts with current microcode.  Only the
 * bits spec-plan.c reads are filled in; other bits of the registers are
 * either typical values or zero.  Replace an entry by a real dump
 * (`rdmsr 0x10a`, `cpuid -1 -l 7`) when one is at hand and say so here.
 *
 * CPUID.7.0 EDX of all parts with current microcode: MD_CLEAR (10),
 * IBRS/IBPB (26), STIBP (27), L1D_FLUSH (28), SSBD (31); ARCH_CAPABILITIES
 * (29) from Cascade Lake on (Haswell and Skylake client have no
 * IA32_ARCH_CAPABILITIES).
 */
#ifndef _TEST_SPEC_PARTS_H
#define _TEST_SPEC_PARTS_H

#include "spec-plan.h"

#define EDX_CURRENT_MICROCODE 0x9c000400U /* 10, 26, 27, 28, 31 */
#define EDX_WITH_ARCH_CAP (EDX_CURRENT_MICROCODE | SPEC_CPUID7_ARCH_CAP)

/* Core i7-4770 (family 6 model 0x3c); TSX fused off by microcode. */
static const struct spec_cpu part_haswell = {
	.cpuid1_eax = 0x000306c3,
	.cpuid7_ebx = 0x000027ab,
	.cpuid7_edx = EDX_CURRENT_MICROCODE,
};

/* Core i7-6700 (model 0x5e) with TSX: RSBA, but no way to enumerate it. */
static const struct spec_cpu part_skylake = {
	.cpuid1_eax = 0x000506e3,
	.cpuid7_ebx = 0x029c6fbf,
	.cpuid7_edx = EDX_CURRENT_MICROCODE,
};

/*
 * Xeon Gold 6230 (model 0x55 stepping 7): RDCL_NO, IBRS_ALL,
 * SKIP_L1DFL_VMENTRY, MDS_NO, TSX_CTRL; TSX on, so TAA; MMIO stale data.
 */
static const struct spec_cpu part_cascade_lake = {
	.cpuid1_eax = 0x00050657,
	.cpuid7_ebx = 0xd39ffffb,
	.cpuid7_edx = EDX_WITH_ARCH_CAP,
	.arch_capabilities = 0xab,
};

/*
 * Xeon Platinum 8380 (Ice Lake-SP, model 0x6a): adds IF_PSCHANGE_MC_NO,
 * TAA_NO and FB_CLEAR (MMIO stale data microcode); not MMIO-stale-free.
 */
static const struct spec_cpu part_ice_lake = {
	.cpuid1_eax = 0x000606a6,
	.cpuid7_ebx = 0xf3bfbfff,
	.cpuid7_edx = EDX_WITH_ARCH_CAP,
	.arch_capabilities = 0x201eb,
};

/*
 * Core i9-12900K (Alder Lake, model 0x97): no TSX; SBDR_SSDP_NO,
 * FBSDP_NO, PSDP_NO, RRSBA; neither BHI_NO nor PBRSB_NO.  CPUID.7.2 EDX:
 * PSFD, IPRED_CTRL, RRSBA_CTRL, BHI_CTRL (2024 microcode).
 */
static const struct spec_cpu part_alder_lake = {
	.cpuid1_eax = 0x00090672,
	.cpuid7_ebx = 0x239c27eb,
	.cpuid7_edx = EDX_WITH_ARCH_CAP,
	.cpuid7_2_edx = 0x17,
	.arch_capabilities = 0x8e16b,
};

/* Xeon Platinum 8480+ (Sapphire Rapids, model 0x8f): TSX with TAA_NO. */
static const struct spec_cpu part_sapphire_rapids = {
	.cpuid1_eax = 0x000806f8,
	.cpuid7_ebx = 0xf3bfbfff,
	.cpuid7_edx = EDX_WITH_ARCH_CAP,
	.cpuid7_2_edx = 0x17,
	.arch_capabilities = 0x8e1eb,
};

#endif
