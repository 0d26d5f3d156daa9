// SPDX-License-Identifier: GPL-2.0
/*
 * IA32_SPEC_CTRL switched by the CPU itself on parts where the hypervisor
 * needs its own value (spec-plan.c): the VM-exit MSR-store area saves the
 * guest's value, the VM-exit MSR-load area loads the hypervisor's, and the
 * VM-entry MSR-load area (the same page as the store area) gives the
 * guest its value back.  The MSR stays without exits in the bitmap: a
 * guest that writes it on every kernel entry pays nothing.
 */
#include "hv.h"
#include "processor.h"
#include "spec.h"
#include "vmx.h"

/* An entry of a VM-exit/VM-entry MSR area (SDM 25.7.2, 16 bytes). */
struct vmx_msr_entry {
	__u32 index;
	__u32 reserved;
	__u64 value;
};

static struct vmx_msr_entry guest_area[HV_MAX_CPUS]
	__attribute__((aligned(16)));
static struct vmx_msr_entry host_area[HV_MAX_CPUS] __attribute__((aligned(16)));
static __u8 switched[HV_MAX_CPUS];

int vmx_spec_write_msr_areas(struct per_cpu *cpu)
{
	const struct spec_plan *plan = spec_plan_of(cpu);
	struct vmx_msr_entry *guest = &guest_area[cpu->cpu_id];
	struct vmx_msr_entry *host = &host_area[cpu->cpu_id];
	unsigned int count = plan->switch_spec_ctrl ? 1 : 0;
	int err = 0;

	guest->index = MSR_IA32_SPEC_CTRL;
	guest->value = count ? read_msr(MSR_IA32_SPEC_CTRL) : 0;
	host->index = MSR_IA32_SPEC_CTRL;
	host->value = plan->hv_spec_ctrl;
	/* written even when unused: no VMCS field is left undefined */
	err |= vmcs_write(VM_EXIT_MSR_STORE_ADDR, hv_virt_to_phys(guest));
	err |= vmcs_write(VM_ENTRY_MSR_LOAD_ADDR, hv_virt_to_phys(guest));
	err |= vmcs_write(VM_EXIT_MSR_LOAD_ADDR, hv_virt_to_phys(host));
	err |= vmcs_write(VM_EXIT_MSR_STORE_COUNT, count);
	err |= vmcs_write(VM_ENTRY_MSR_LOAD_COUNT, count);
	err |= vmcs_write(VM_EXIT_MSR_LOAD_COUNT, count);
	if (!err && count) {
		write_msr(MSR_IA32_SPEC_CTRL, host->value);
		switched[cpu->cpu_id] = 1;
	}
	return err;
}

void vmx_spec_set_guest_spec_ctrl(struct per_cpu *cpu, __u64 value)
{
	guest_area[cpu->cpu_id].value = value;
}

void vmx_spec_exit(struct per_cpu *cpu)
{
	if (!switched[cpu->cpu_id])
		return;
	write_msr(MSR_IA32_SPEC_CTRL, guest_area[cpu->cpu_id].value);
	switched[cpu->cpu_id] = 0;
}
