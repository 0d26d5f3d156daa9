// SPDX-License-Identifier: GPL-2.0
/*
 * Which speculation barrier runs at which boundary (see spec-plan.h).
 * Every decision is the enumeration's: CPUID.7 and IA32_ARCH_CAPABILITIES,
 * with one list of models for the one property older parts cannot
 * enumerate (RSBA on Skylake-era parts without ARCH_CAPABILITIES).
 */
#include <common/env.h>
#include "spec-plan.h"

/*
 * Skylake-era family-6 models whose RET may be predicted from the BTB when
 * the RSB is empty, some of which have no ARCH_CAPABILITIES to say so
 * (Intel's "Retpoline: a branch target injection mitigation", RSBA).
 */
static const __u8 rsba_models[] = {
	0x4e, 0x5e, /* Skylake client */
	0x55,	    /* Skylake/Cascade Lake server */
	0x8e, 0x9e, /* Kaby/Coffee/Whiskey/Amber Lake */
	0x66,	    /* Cannon Lake */
	0xa5, 0xa6, /* Comet Lake */
};

static unsigned int display_model(__u32 eax)
{
	unsigned int family = (eax >> 8) & 0xf;
	unsigned int model = (eax >> 4) & 0xf;

	if (family == 6 || family == 0xf)
		model |= ((eax >> 16) & 0xf) << 4;
	return family == 6 ? model : 0;
}

static int rsba_by_model(__u32 eax)
{
	unsigned int model = display_model(eax);
	unsigned int i;

	for (i = 0; i < sizeof(rsba_models); i++)
		if (rsba_models[i] == model)
			return 1;
	return 0;
}

static __u64 arch_caps(const struct spec_cpu *cpu)
{
	return (cpu->cpuid7_edx & SPEC_CPUID7_ARCH_CAP) ?
		       cpu->arch_capabilities :
		       0;
}

static void decide_exposure(const struct spec_cpu *cpu, int eibrs,
			    struct spec_plan *plan)
{
	__u64 cap = arch_caps(cpu);
	__u64 mmio_no = ARCH_CAP_SBDR_SSDP_NO | ARCH_CAP_FBSDP_NO |
			ARCH_CAP_PSDP_NO;
	int tsx = !!(cpu->cpuid7_ebx &
		     (SPEC_CPUID7_EBX_HLE | SPEC_CPUID7_EBX_RTM));
	int rsba = (cap & ARCH_CAP_RSBA) ||
		   (!(cpu->cpuid7_edx & SPEC_CPUID7_ARCH_CAP) &&
		    rsba_by_model(cpu->cpuid1_eax));

	plan->l1tf = !(cap & ARCH_CAP_RDCL_NO);
	plan->mds = !(cap & ARCH_CAP_MDS_NO);
	plan->taa = tsx && !(cap & ARCH_CAP_TAA_NO);
	plan->mmio_stale = (cap & mmio_no) != mmio_no;
	/* eIBRS keeps guest-trained BTB entries away from RET predictions */
	plan->retbleed = rsba && !eibrs;
	plan->pbrsb = eibrs && !(cap & ARCH_CAP_PBRSB_NO);
	plan->bhi = eibrs && !(cap & ARCH_CAP_BHI_NO);
}

/*
 * The hypervisor's own IA32_SPEC_CTRL.  It has no indirect branches, so
 * only its RETs matter: on eIBRS parts IBRS stays set (plus the
 * RRSBA/BHI disables, which keep RETs off the alternate predictors); on
 * RSBA parts without eIBRS an empty RSB falls back to the BTB the guest
 * trained, so IBRS is set on exit (legacy IBRS).  Elsewhere the guest's
 * value may stay live during an exit: no bit of it weakens the hypervisor.
 */
static void decide_spec_ctrl(const struct spec_cpu *cpu, int eibrs,
			     struct spec_plan *plan)
{
	__u64 cap = arch_caps(cpu);
	__u64 value = 0;

	/* pre-2018 microcode (e.g. the i7-6700K as recorded in 2015): an
	 * RSBA part needs IBRS on exit and has none to set */
	if (!(cpu->cpuid7_edx & SPEC_CPUID7_IBRS_IBPB)) {
		if (plan->retbleed)
			plan->gaps |= SPEC_GAP_IBRS;
		return;
	}
	if (eibrs) {
		value = SPEC_CTRL_IBRS;
		/* the disables need CPUID leaf 7.2 (2022 microcode and later;
		 * the i9-12900K as recorded has none): without them a RET
		 * after an RSB underflow may be predicted from the alternate
		 * predictors the cell's branch history indexes */
		if ((cap & ARCH_CAP_RRSBA) &&
		    (cpu->cpuid7_2_edx & SPEC_CPUID7_2_RRSBA_CTRL))
			value |= SPEC_CTRL_RRSBA_DIS_S;
		else if (cap & ARCH_CAP_RRSBA)
			plan->gaps |= SPEC_GAP_BHI;
		if (plan->bhi && (cpu->cpuid7_2_edx & SPEC_CPUID7_2_BHI_CTRL))
			value |= SPEC_CTRL_BHI_DIS_S;
		else if (plan->bhi)
			plan->gaps |= SPEC_GAP_BHI;
	} else if (plan->retbleed) {
		value = SPEC_CTRL_IBRS;
	}
	plan->hv_spec_ctrl = value;
	plan->switch_spec_ctrl = value != 0;
}

/*
 * After an exit the RSB holds the guest's return targets.  Without eIBRS
 * they (or, on RSBA parts, an underflow) could steer the hypervisor's
 * RETs: fill it.  With eIBRS only the last CALL before the exit escapes
 * the barrier (PBRSB): one CALL/RET overwrites it.
 */
static void decide_exit(int eibrs, struct spec_plan *plan)
{
	if (!eibrs)
		plan->exit |= SPEC_RSB_FILL;
	else if (plan->pbrsb)
		plan->exit |= SPEC_RSB_PBRSB;
}

/*
 * Entry into a non-root cell: whatever the hypervisor touched for the
 * exit sits in the L1D and the CPU buffers, and the cell's ring-0 code
 * can sample them (L1TF with its own page tables bypasses EPT; MDS/TAA).
 * The L1D flush also overwrites the buffers on MD_CLEAR parts, so VERW is
 * needed only without it.  Entries into the root are not flushed: the
 * root is trusted for management (Documentation/security.md).
 */
static void decide_entry(const struct spec_cpu *cpu, struct spec_plan *plan)
{
	__u64 cap = arch_caps(cpu);
	int need_l1d = plan->l1tf && !(cap & ARCH_CAP_SKIP_L1DFL_VMENTRY);
	int need_verw = plan->mds || plan->taa || plan->mmio_stale;
	int can_verw = (cpu->cpuid7_edx & SPEC_CPUID7_MD_CLEAR) ||
		       (cap & ARCH_CAP_FB_CLEAR);

	if (need_l1d) {
		if (cpu->cpuid7_edx & SPEC_CPUID7_L1D_FLUSH)
			plan->entry |= SPEC_L1D_FLUSH;
		else
			plan->gaps |= SPEC_GAP_L1D_FLUSH;
	}
	if (need_verw) {
		if (!can_verw)
			plan->gaps |= SPEC_GAP_MD_CLEAR;
		else if (!(plan->entry & SPEC_L1D_FLUSH) ||
			 !(cpu->cpuid7_edx & SPEC_CPUID7_MD_CLEAR))
			plan->entry |= SPEC_VERW;
	}
}

/*
 * A CPU handed to another cell (the root included): nothing the previous
 * cell trained or left may reach the next one.  IBPB is needed even with
 * eIBRS (both cells' kernels run in the same predictor mode); the RSB is
 * refilled; the L1D and buffers are cleared as on entry but for every
 * cell, the root too; the previous cell's SPEC_CTRL bits are not
 * inherited.
 */
static void decide_cell_change(const struct spec_cpu *cpu,
			       struct spec_plan *plan)
{
	__u32 spec_ctrl_bits = SPEC_CPUID7_IBRS_IBPB | SPEC_CPUID7_STIBP |
			       SPEC_CPUID7_SSBD;

	plan->cell_change = SPEC_RSB_FILL;
	if (cpu->cpuid7_edx & SPEC_CPUID7_IBRS_IBPB)
		plan->cell_change |= SPEC_IBPB;
	else
		plan->gaps |= SPEC_GAP_IBPB;
	plan->cell_change |= plan->entry & (SPEC_L1D_FLUSH | SPEC_VERW);
	if (cpu->cpuid7_edx & spec_ctrl_bits)
		plan->cell_change |= SPEC_SPEC_CTRL_RESET;
}

void spec_plan_decide(const struct spec_cpu *cpu, struct spec_plan *plan)
{
	int eibrs = (cpu->cpuid7_edx & SPEC_CPUID7_IBRS_IBPB) &&
		    (arch_caps(cpu) & ARCH_CAP_IBRS_ALL);

	*plan = (struct spec_plan){ 0 };
	decide_exposure(cpu, eibrs, plan);
	decide_spec_ctrl(cpu, eibrs, plan);
	decide_exit(eibrs, plan);
	decide_entry(cpu, plan);
	decide_cell_change(cpu, plan);
}

static void row(struct spec_row *r, const char *name, int applies,
		const char *why)
{
	r->name = name;
	r->applies = applies;
	r->why = why;
}

static const char *spec_ctrl_why(const struct spec_plan *plan)
{
	if (plan->gaps & SPEC_GAP_BHI)
		return "enhanced IBRS kept set, but no RRSBA/BHI disables (no "
		       "CPUID leaf 7.2): update the microcode";
	if (plan->switch_spec_ctrl && (plan->hv_spec_ctrl & ~SPEC_CTRL_IBRS))
		return "enhanced IBRS with RRSBA/BHI disables; the cell's value "
		       "saved on exit, restored on entry";
	if (plan->switch_spec_ctrl && !plan->retbleed)
		return "enhanced IBRS kept set for the hypervisor; the cell's "
		       "value saved on exit, restored on entry";
	if (plan->switch_spec_ctrl)
		return "RSBA part: IBRS set on every exit against RET "
		       "predictions from the BTB";
	if (plan->gaps & SPEC_GAP_IBRS)
		return "RSBA part without IBRS: RETs after an RSB underflow "
		       "may follow the cell's BTB training; update the "
		       "microcode";
	return "not needed: retpolines, and RETs predicted from the RSB only";
}

static const char *l1d_why(const struct spec_plan *plan)
{
	if (plan->entry & SPEC_L1D_FLUSH)
		return "L1TF: before every entry into a non-root cell and at "
		       "cell change";
	if (plan->gaps & SPEC_GAP_L1D_FLUSH)
		return "L1TF exposed but no L1D_FLUSH: update the microcode";
	return "not needed: no L1TF (RDCL_NO or SKIP_L1DFL_VMENTRY)";
}

static const char *verw_why(const struct spec_plan *plan)
{
	if (plan->entry & SPEC_VERW)
		return "MDS/TAA/MMIO stale data: before every entry into a "
		       "non-root cell and at cell change";
	if (plan->gaps & SPEC_GAP_MD_CLEAR)
		return "CPU buffers exposed but no MD_CLEAR: update the "
		       "microcode";
	if (plan->mds || plan->taa || plan->mmio_stale)
		return "not needed: the L1D flush clears the buffers too";
	return "not needed: MDS_NO, TAA_NO or no TSX, no MMIO stale data";
}

static const char *exit_rsb_why(const struct spec_plan *plan)
{
	if (plan->exit & SPEC_RSB_FILL)
		return "32 entries after every exit: the cell's return "
		       "targets never steer the hypervisor";
	if (plan->exit & SPEC_RSB_PBRSB)
		return "one CALL/RET after every exit (post-barrier RSB)";
	return "not needed: enhanced IBRS and PBRSB_NO";
}

void spec_plan_rows(const struct spec_plan *plan,
		    struct spec_row rows[SPEC_ROWS])
{
	int ibpb = !!(plan->cell_change & SPEC_IBPB);

	row(&rows[0], "retpolines", 1,
	    "always: the hypervisor has no indirect branch");
	row(&rows[1], "SPEC_CTRL on exit", plan->switch_spec_ctrl,
	    spec_ctrl_why(plan));
	row(&rows[2], "RSB fill on exit",
	    !!(plan->exit & (SPEC_RSB_FILL | SPEC_RSB_PBRSB)),
	    exit_rsb_why(plan));
	row(&rows[3], "IBPB at cell change", ibpb,
	    ibpb ? "a CPU handed to another cell forgets the branch "
		   "predictions of the previous one" :
		   "no IBPB: update the microcode");
	row(&rows[4], "L1D flush", !!(plan->entry & SPEC_L1D_FLUSH),
	    l1d_why(plan));
	row(&rows[5], "VERW", !!(plan->entry & SPEC_VERW), verw_why(plan));
	row(&rows[6], "SPEC_CTRL reset at cell change",
	    !!(plan->cell_change & SPEC_SPEC_CTRL_RESET),
	    (plan->cell_change & SPEC_SPEC_CTRL_RESET) ?
		    "the next cell starts with IA32_SPEC_CTRL = 0" :
		    "the CPU has no IA32_SPEC_CTRL");
	row(&rows[7], "SMT siblings in one cell", 1,
	    "always: cell create refuses a cell with half a core");
}

int spec_smt_check(const __u32 *core_of, const __u8 *in_cell,
		   unsigned int num_cpus, unsigned int *cpu,
		   unsigned int *sibling)
{
	unsigned int i, j;

	for (i = 0; i < num_cpus; i++) {
		if (!in_cell[i])
			continue;
		for (j = 0; j < num_cpus; j++) {
			if (j == i || in_cell[j] || core_of[j] != core_of[i])
				continue;
			*cpu = i;
			*sibling = j;
			return -EINVAL;
		}
	}
	return 0;
}

unsigned int spec_smt_shift(__u32 leaf_b_eax, __u32 leaf_b_ecx)
{
	if (((leaf_b_ecx >> 8) & 0xff) != 1)
		return 0;
	return leaf_b_eax & 0x1f;
}
