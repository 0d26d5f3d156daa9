/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Speculation-relevant enumeration of named Intel parts, for
 * test-spec-plan.c and test-spec.c.
 *
 * Where the values come from, per value:
 *  - CPUID leaf 1 EAX and leaf 7.0 EBX/EDX marked RECORDED are copied from
 *    recordings of the named part (the same files as
 *    ../fixtures/cpu-parts.h, which gives repository, path and commit):
 *    VirtualBox's Intel_Core_i7_6700K.h (2015-11-04), libcpuid's
 *    xeon-clx.test (Xeon Platinum 8269CY), ice-lake-xeon-d.test (Xeon
 *    D-1718T, a Hyper-V guest view), alder-lake-s-i9.test (i9-12900K).
 *    Leaf 7.2 EDX is recorded as absent where leaf 7.0 EAX < 2.
 *  - IA32_ARCH_CAPABILITIES (MSR 0x10a) is in no CPUID dump and no
 *    recorded value of it was found for any of these parts: every
 *    `arch_capabilities` below is HAND-COMPOSED from Intel's published
 *    per-issue guidance (SDM vol. 4; "Affected Processors: Transient
 *    Execution Attacks"), bit by bit as each entry says.
 *  - Values marked HAND-COMPOSED otherwise (a part or microcode level no
 *    recording shows) are said so at the value.
 *
 * CPUID.7.0 EDX with current microcode (hand-composed): MD_CLEAR (10),
 * IBRS/IBPB (26), STIBP (27), L1D_FLUSH (28), SSBD (31); ARCH_CAPABILITIES
 * (29) from Cascade Lake on (Haswell and Skylake client have no
 * IA32_ARCH_CAPABILITIES).
 */
#ifndef _TEST_SPEC_PARTS_H
#define _TEST_SPEC_PARTS_H

#include "spec-plan.h"

#define EDX_CURRENT_MICROCODE 0x9c000400U /* 10, 26, 27, 28, 31 */
#define EDX_WITH_ARCH_CAP (EDX_CURRENT_MICROCODE | SPEC_CPUID7_ARCH_CAP)

/* Core i7-4770 (family 6 model 0x3c), the rig's model; TSX fused off
 * by microcode.  HAND-COMPOSED (no recording used). */
static const struct spec_cpu part_haswell = {
	.cpuid1_eax = 0x000306c3,
	.cpuid7_ebx = 0x000027ab,
	.cpuid7_edx = EDX_CURRENT_MICROCODE,
};

/* Core i7-6700K (model 0x5e) with TSX: RSBA, but no way to enumerate it.
 * Leaf 1 EAX and 7.0 EBX RECORDED (2015); EDX HAND-COMPOSED: what the
 * same part reports with post-2019 microcode. */
static const struct spec_cpu part_skylake = {
	.cpuid1_eax = 0x000506e3,
	.cpuid7_ebx = 0x029c6fbf,
	.cpuid7_edx = EDX_CURRENT_MICROCODE,
};

/* The same i7-6700K exactly as RECORDED on 2015-11-04: microcode from
 * before Spectre, CPUID.7.0 EDX = 0 (no IBRS/IBPB, STIBP, L1D_FLUSH,
 * MD_CLEAR, SSBD, ARCH_CAPABILITIES). */
static const struct spec_cpu part_skylake_2015 = {
	.cpuid1_eax = 0x000506e3,
	.cpuid7_ebx = 0x029c6fbf,
	.cpuid7_edx = 0,
};

/*
 * Xeon Platinum 8269CY (Cascade Lake, model 0x55 stepping 6): leaves
 * RECORDED (EDX 0xbc000400: MD_CLEAR, IBRS/IBPB, STIBP, L1D_FLUSH,
 * ARCH_CAPABILITIES, SSBD; EBX with HLE/RTM).  ARCH_CAPABILITIES
 * HAND-COMPOSED: RDCL_NO, IBRS_ALL, SKIP_L1DFL_VMENTRY, MDS_NO, TSX_CTRL;
 * TSX on, so TAA; MMIO stale data.
 */
static const struct spec_cpu part_cascade_lake = {
	.cpuid1_eax = 0x00050656,
	.cpuid7_ebx = 0xd39ffffb,
	.cpuid7_edx = 0xbc000400,
	.arch_capabilities = 0xab,
};

/*
 * Xeon D-1718T (Ice Lake-D, model 0x6c): leaves RECORDED inside a
 * Hyper-V guest (EDX 0xbc000410; EBX with HLE/RTM).  ARCH_CAPABILITIES
 * HAND-COMPOSED (Ice Lake server): RDCL_NO, IBRS_ALL, SKIP_L1DFL_VMENTRY,
 * MDS_NO, IF_PSCHANGE_MC_NO, TSX_CTRL, TAA_NO, FB_CLEAR; not
 * MMIO-stale-free.
 */
static const struct spec_cpu part_ice_lake = {
	.cpuid1_eax = 0x000606c1,
	.cpuid7_ebx = 0xf3bfbfb9,
	.cpuid7_edx = 0xbc000410,
	.arch_capabilities = 0x201eb,
};

/*
 * Core i9-12900K (Alder Lake, model 0x97): leaves RECORDED (EDX
 * 0xfc1cc410; leaf 7.0 EAX = 1, so no leaf 7.2: no BHI_CTRL, no
 * RRSBA_CTRL with that microcode).  ARCH_CAPABILITIES HAND-COMPOSED:
 * RDCL_NO, IBRS_ALL, SKIP_L1DFL_VMENTRY, MDS_NO, IF_PSCHANGE_MC_NO,
 * TAA_NO, SBDR_SSDP_NO, FBSDP_NO, PSDP_NO, RRSBA; neither BHI_NO nor
 * PBRSB_NO; no TSX.
 */
static const struct spec_cpu part_alder_lake = {
	.cpuid1_eax = 0x00090672,
	.cpuid7_ebx = 0x239ca7eb,
	.cpuid7_edx = 0xfc1cc410,
	.cpuid7_2_edx = 0,
	.arch_capabilities = 0x8e16b,
};

/* The same part with 2024 microcode: leaf 7.2 EDX HAND-COMPOSED (PSFD,
 * IPRED_CTRL, RRSBA_CTRL, BHI_CTRL), the rest as above. */
static const struct spec_cpu part_alder_lake_2024 = {
	.cpuid1_eax = 0x00090672,
	.cpuid7_ebx = 0x239ca7eb,
	.cpuid7_edx = 0xfc1cc410,
	.cpuid7_2_edx = 0x17,
	.arch_capabilities = 0x8e16b,
};

/* Xeon Platinum 8480+ (Sapphire Rapids, model 0x8f): TSX with TAA_NO.
 * Entirely HAND-COMPOSED: no recording of this part was found. */
static const struct spec_cpu part_sapphire_rapids = {
	.cpuid1_eax = 0x000806f8,
	.cpuid7_ebx = 0xf3bfbfff,
	.cpuid7_edx = EDX_WITH_ARCH_CAP,
	.cpuid7_2_edx = 0x17,
	.arch_capabilities = 0x8e1eb,
};

#endif
