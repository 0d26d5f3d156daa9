/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Speculation mitigations (arch/spec-plan.c): which barrier runs at which
 * boundary, decided once at enable from the CPU's enumeration.
 *
 * CPUs are dedicated to cells, never time-shared, so only three
 * boundaries exist:
 *  - a cell's exit into the hypervisor and the entry back (the same cell);
 *  - a CPU handed from one cell to another (destroy, create);
 *  - SMT siblings: kept in one cell (spec_smt_check), so the sibling is
 *    always the same cell or the hypervisor working for it.
 * The hypervisor itself has no indirect branches (retpolines, checked on
 * the image by tests/static/retpoline).
 */
#ifndef _JH_SPEC_PLAN_H
#define _JH_SPEC_PLAN_H

#include <jailhouse/types.h>

/* CPUID.(EAX=7,ECX=0):EDX */
#define SPEC_CPUID7_MD_CLEAR (1U << 10)
#define SPEC_CPUID7_IBRS_IBPB (1U << 26)
#define SPEC_CPUID7_STIBP (1U << 27)
#define SPEC_CPUID7_L1D_FLUSH (1U << 28)
#define SPEC_CPUID7_ARCH_CAP (1U << 29)
#define SPEC_CPUID7_SSBD (1U << 31)
/* CPUID.(EAX=7,ECX=0):EBX: TSX */
#define SPEC_CPUID7_EBX_HLE (1U << 4)
#define SPEC_CPUID7_EBX_RTM (1U << 11)
/* CPUID.(EAX=7,ECX=2):EDX */
#define SPEC_CPUID7_2_RRSBA_CTRL (1U << 2)
#define SPEC_CPUID7_2_BHI_CTRL (1U << 4)

/* IA32_ARCH_CAPABILITIES (MSR 0x10a) */
#define ARCH_CAP_RDCL_NO (1ULL << 0)
#define ARCH_CAP_IBRS_ALL (1ULL << 1)
#define ARCH_CAP_RSBA (1ULL << 2)
#define ARCH_CAP_SKIP_L1DFL_VMENTRY (1ULL << 3)
#define ARCH_CAP_MDS_NO (1ULL << 5)
#define ARCH_CAP_TSX_CTRL (1ULL << 7)
#define ARCH_CAP_TAA_NO (1ULL << 8)
#define ARCH_CAP_SBDR_SSDP_NO (1ULL << 13)
#define ARCH_CAP_FBSDP_NO (1ULL << 14)
#define ARCH_CAP_PSDP_NO (1ULL << 15)
#define ARCH_CAP_FB_CLEAR (1ULL << 17)
#define ARCH_CAP_RRSBA (1ULL << 19)
#define ARCH_CAP_BHI_NO (1ULL << 20)
#define ARCH_CAP_PBRSB_NO (1ULL << 24)

/* IA32_SPEC_CTRL (MSR 0x48) */
#define SPEC_CTRL_IBRS (1ULL << 0)
#define SPEC_CTRL_STIBP (1ULL << 1)
#define SPEC_CTRL_SSBD (1ULL << 2)
#define SPEC_CTRL_RRSBA_DIS_S (1ULL << 6)
#define SPEC_CTRL_BHI_DIS_S (1ULL << 10)

#define MSR_IA32_SPEC_CTRL 0x48
#define MSR_IA32_PRED_CMD 0x49 /* bit 0: IBPB */
#define MSR_IA32_ARCH_CAPABILITIES 0x10a
#define MSR_IA32_FLUSH_CMD 0x10b /* bit 0: L1D_FLUSH */

/* What the CPU enumerates; arch_capabilities is 0 when not enumerated. */
struct spec_cpu {
	__u32 cpuid1_eax; /* signature: family/model, for parts that cannot
			   * enumerate RSBA (no ARCH_CAPABILITIES) */
	__u32 cpuid7_ebx;
	__u32 cpuid7_edx;
	__u32 cpuid7_2_edx; /* 0 when leaf 7 has no subleaf 2 */
	__u64 arch_capabilities;
};

/* Barriers, as bits of the `exit`, `entry` and `cell_change` sets. */
#define SPEC_RSB_FILL (1U << 0)	       /* 32 benign RSB entries */
#define SPEC_RSB_PBRSB (1U << 1)       /* one CALL/RET right after exit */
#define SPEC_IBPB (1U << 2)	       /* PRED_CMD.IBPB */
#define SPEC_L1D_FLUSH (1U << 3)       /* FLUSH_CMD.L1D_FLUSH */
#define SPEC_VERW (1U << 4)	       /* VERW clears the CPU buffers */
#define SPEC_SPEC_CTRL_RESET (1U << 5) /* the guest's SPEC_CTRL to 0 */

/* Vulnerabilities for which the CPU lacks the microcode to mitigate. */
#define SPEC_GAP_IBPB (1U << 0)	     /* Spectre v2 between cells */
#define SPEC_GAP_L1D_FLUSH (1U << 1) /* L1TF */
#define SPEC_GAP_MD_CLEAR (1U << 2)  /* MDS / TAA / MMIO stale data */
#define SPEC_GAP_IBRS (1U << 3)	     /* RSBA part: no IBRS to set on exit */
#define SPEC_GAP_BHI (1U << 4)	     /* RRSBA/BHI: no leaf-7.2 disables */

struct spec_plan {
	__u32 exit;	      /* right after every VM exit (before any RET) */
	__u32 entry;	      /* before every VM entry into a non-root cell */
	__u32 cell_change;    /* a CPU that starts running another cell */
	int switch_spec_ctrl; /* hypervisor runs with hv_spec_ctrl; the
			       * guest's value is stored on exit and loaded on
			       * entry (VMCS MSR areas) */
	__u64 hv_spec_ctrl;
	__u32 gaps; /* SPEC_GAP_*: needs a microcode update */
	/* what the CPU is exposed to (after its enumeration) */
	int l1tf, mds, taa, mmio_stale, retbleed, bhi, pbrsb;
};

void spec_plan_decide(const struct spec_cpu *cpu, struct spec_plan *plan);

/*
 * One line per mitigation, for `jailhouse hardware check` and the
 * hypervisor's log: `name` (short), `applies`, and `why` (a sentence
 * fragment saying when it runs or why not).
 */
struct spec_row {
	const char *name;
	int applies;
	const char *why;
};
#define SPEC_ROWS 8
void spec_plan_rows(const struct spec_plan *plan,
		    struct spec_row rows[SPEC_ROWS]);

/*
 * SMT siblings must stay in one cell: a sibling shares the L1D, the
 * branch predictors and the fill buffers, and no barrier of the plan
 * acts on the other thread.  `core_of[i]` is the core (APIC ID without
 * its SMT bits) of CPU i, `in_cell` the CPU set of the new cell, `num_cpus`
 * the system's CPUs.  Returns 0, or -EINVAL with *cpu and *sibling set to a
 * CPU of the cell and its sibling outside it.
 */
int spec_smt_check(const __u32 *core_of, const __u8 *in_cell,
		   unsigned int num_cpus, unsigned int *cpu,
		   unsigned int *sibling);

/*
 * How many low bits of an x2APIC ID number the SMT threads of a core:
 * CPUID leaf 0xB subleaf 0 (EAX, ECX), counted only when that level says
 * it is the SMT level (ECX[15:8] == 1); 0 otherwise (no SMT, or an
 * emulator that reports another level first).
 */
unsigned int spec_smt_shift(__u32 leaf_b_eax, __u32 leaf_b_ecx);

#endif
