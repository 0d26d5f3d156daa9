// SPDX-License-Identifier: GPL-2.0
/*
 * The speculation plan carried out on this CPU: barriers at a cell change
 * and before entries into non-root cells.  Which ones is spec-plan.c's
 * decision; the cost of each is in Documentation/security.md.
 */
#include "hv.h"
#include "cell.h"
#include "processor.h"
#include "spec.h"
#include "unit.h"
#include "vmexit.h"
#include <jailhouse/config.h>

#define SPEC_CTRL_PRESENT \
	(SPEC_CPUID7_IBRS_IBPB | SPEC_CPUID7_STIBP | SPEC_CPUID7_SSBD)

_Static_assert(SPEC_RSB_FILL == 1 && SPEC_RSB_PBRSB == 2,
	       "vmx/entry.S tests spec_exit_rsb with these bit values");

__u8 spec_exit_rsb;

static struct spec_plan plans[HV_MAX_CPUS];
/* IA32_SPEC_CTRL as Linux had it at enable: what a CPU coming back to
 * the root starts with (Linux sets IBRS once at boot on eIBRS parts). */
static __u64 root_spec_ctrl[HV_MAX_CPUS];

static void read_enumeration(struct spec_cpu *id)
{
	__u32 max, eax, ebx, ecx, edx;

	*id = (struct spec_cpu){ 0 };
	cpuid_count(0, 0, &max, &ebx, &ecx, &edx);
	cpuid_count(1, 0, &id->cpuid1_eax, &ebx, &ecx, &edx);
	if (max < 7)
		return;
	cpuid_count(7, 0, &eax, &id->cpuid7_ebx, &ecx, &id->cpuid7_edx);
	if (eax >= 2)
		cpuid_count(7, 2, &eax, &ebx, &ecx, &id->cpuid7_2_edx);
	if ((id->cpuid7_edx & SPEC_CPUID7_ARCH_CAP) &&
	    read_msr_checked(MSR_IA32_ARCH_CAPABILITIES,
			     &id->arch_capabilities))
		id->arch_capabilities = 0; /* enumerated but refused: assume
					    * nothing is fixed */
}

void spec_cpu_adopt(struct per_cpu *cpu, const struct spec_cpu *id,
		    __u64 linux_spec_ctrl)
{
	struct spec_plan *plan = &plans[cpu->cpu_id];

	spec_plan_decide(id, plan);
	root_spec_ctrl[cpu->cpu_id] = linux_spec_ctrl;
	__atomic_or_fetch(&spec_exit_rsb,
			  (__u8)(plan->exit & (SPEC_RSB_FILL | SPEC_RSB_PBRSB)),
			  __ATOMIC_RELAXED);
}

/* The plan in one line on the console (what `hardware check` predicts). */
static void print_plan(const struct per_cpu *cpu)
{
	const struct spec_plan *plan = &plans[cpu->cpu_id];

	printk("CPU %u speculation plan: exit 0x%x, entry into cells 0x%x, cell change 0x%x, SPEC_CTRL %s 0x%llx, missing microcode 0x%x\n",
	       cpu->cpu_id, plan->exit, plan->entry, plan->cell_change,
	       plan->switch_spec_ctrl ? "switched to" : "passed through,",
	       (unsigned long long)plan->hv_spec_ctrl, plan->gaps);
}

void spec_cpu_init(struct per_cpu *cpu)
{
	struct spec_cpu id;
	__u64 value = 0;

	read_enumeration(&id);
	if ((id.cpuid7_edx & SPEC_CTRL_PRESENT) &&
	    read_msr_checked(MSR_IA32_SPEC_CTRL, &value))
		value = 0;
	spec_cpu_adopt(cpu, &id, value);
	if (cpu->cpu_id == 0)
		print_plan(cpu);
}

const struct spec_plan *spec_plan_of(const struct per_cpu *cpu)
{
	return &plans[cpu->cpu_id];
}

/* VERW with a memory operand overwrites the CPU buffers on MD_CLEAR
 * parts; any valid selector will do (Linux's data segment, cpu.c). */
static inline void verw(void)
{
	static const __u16 selector = 0x18;

	asm volatile("verw %0" : : "m"(selector) : "cc");
}

static void clear_l1d_and_buffers(__u32 actions)
{
	if (actions & SPEC_L1D_FLUSH)
		write_msr(MSR_IA32_FLUSH_CMD, 1);
	if (actions & SPEC_VERW)
		verw();
}

void spec_cell_change(struct per_cpu *cpu, const struct cell *cell)
{
	const struct spec_plan *plan = &plans[cpu->cpu_id];
	__u64 next = cell == &root_cell ? root_spec_ctrl[cpu->cpu_id] : 0;

	if (plan->cell_change & SPEC_SPEC_CTRL_RESET) {
		if (plan->switch_spec_ctrl)
			vmx_spec_set_guest_spec_ctrl(cpu, next);
		else
			write_msr(MSR_IA32_SPEC_CTRL, next);
	}
	if (plan->cell_change & SPEC_IBPB)
		write_msr(MSR_IA32_PRED_CMD, 1);
	if (plan->cell_change & SPEC_RSB_FILL)
		spec_fill_rsb();
	clear_l1d_and_buffers(plan->cell_change);
}

void spec_before_entry(struct per_cpu *cpu)
{
	__u32 actions = plans[cpu->cpu_id].entry;

	if (actions && cpu->cell != &root_cell)
		clear_l1d_and_buffers(actions);
}

static unsigned int smt_shift(void)
{
	__u32 max, eax, ebx, ecx, edx;

	cpuid_count(0, 0, &max, &ebx, &ecx, &edx);
	if (max < 0xb)
		return 0;
	cpuid_count(0xb, 0, &eax, &ebx, &ecx, &edx);
	return spec_smt_shift(eax, ecx);
}

/*
 * SMT siblings share the L1D, the fill buffers and the branch predictors,
 * and no barrier of the plan reaches the other thread: a cell gets both
 * threads of a core or neither (checked under cell_lock, so the static
 * arrays are not shared).
 */
static int spec_cell_check(struct per_cpu *caller, const struct cell *cell)
{
	static __u32 core_of[JAILHOUSE_MAX_CPUS];
	static __u8 in_cell[JAILHOUSE_MAX_CPUS];
	unsigned int shift = smt_shift(), n, cpu, sibling;

	for (n = 0; n < hv_num_cpus; n++) {
		core_of[n] = per_cpu_of(n)->apic_id >> shift;
		in_cell[n] = jailhouse_cpu_in_set(cell->config, n);
	}
	if (!spec_smt_check(core_of, in_cell, hv_num_cpus, &cpu, &sibling))
		return 0;
	return hypercall_refuse(
		caller, -EINVAL,
		"cell \"%s\": CPU %u shares its core with CPU %u (SMT siblings), which the cell does not get; siblings share caches and branch predictors, so a cell gets both threads of a core or neither",
		cell->config->name, cpu, sibling);
}

const struct hv_unit spec_unit = {
	.name = "speculation",
	.cell_check = spec_cell_check,
};
