// SPDX-License-Identifier: GPL-2.0
/*
 * Before anything is touched: every CPU of the system config must be
 * online (the hypervisor runs on every logical CPU; a CPU left out could
 * later come online unisolated), no other CPU may be online, and each must
 * offer VMX that nobody else is using.  The hypervisor checks the details
 * of VMX again; these checks name the common problems early, by CPU.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpu.h>
#include <linux/smp.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>

#include <common/sentences.h>

#include "jailhouse.h"

#define CPUID_1_ECX_VMX (1U << 5)

enum vmx_state {
	VMX_USABLE,
	VMX_MISSING,
	VMX_FIRMWARE_OFF,
	VMX_IN_USE
};

static void probe_vmx(void *data)
{
	enum vmx_state *state = data;
	u64 feature_control;

	if (!(cpuid_ecx(1) & CPUID_1_ECX_VMX)) {
		*state = VMX_MISSING;
		return;
	}
	if (!rdmsrl_safe(MSR_IA32_FEAT_CTL, &feature_control) &&
	    (feature_control & FEAT_CTL_LOCKED) &&
	    !(feature_control & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		*state = VMX_FIRMWARE_OFF;
		return;
	}
	*state = (__read_cr4() & X86_CR4_VMXE) ? VMX_IN_USE : VMX_USABLE;
}

static int check_vmx(struct jailhouse_request *req, unsigned int cpu)
{
	enum vmx_state state = VMX_MISSING;
	int err;

	err = smp_call_function_single(cpu, probe_vmx, &state, 1);
	if (err)
		return jailhouse_refuse(
			req, err, "CPU %u: cannot be probed for VMX (error %d)",
			cpu, err);
	switch (state) {
	case VMX_MISSING:
		return jailhouse_refuse(req, -ENODEV, JH_SENTENCE_VMX_MISSING,
					cpu);
	case VMX_FIRMWARE_OFF:
		return jailhouse_refuse(req, -ENODEV,
					JH_SENTENCE_VMX_FIRMWARE_OFF, cpu);
	case VMX_IN_USE:
		return jailhouse_refuse(req, -EBUSY, JH_SENTENCE_VMX_IN_USE,
					cpu);
	default:
		return 0;
	}
}

static int check_cpu_sets(struct jailhouse_request *req,
			  const struct jailhouse_cell_desc *root)
{
	unsigned int cpu;

	for (cpu = 0; cpu < root->cpu_set_size * 8; cpu++) {
		if (!jailhouse_cpu_in_set(root, cpu))
			continue;
		if (cpu >= nr_cpu_ids)
			return jailhouse_refuse(
				req, -EINVAL,
				"system config: CPU %u does not exist here (this machine has %u possible CPUs)",
				cpu, nr_cpu_ids);
		if (!cpu_online(cpu))
			return jailhouse_refuse(
				req, -EBUSY,
				"CPU %u is offline; every CPU of the system config must be online (echo 1 > /sys/devices/system/cpu/cpu%u/online)",
				cpu, cpu);
	}
	for_each_online_cpu(cpu) if (!jailhouse_cpu_in_set(root, cpu)) return jailhouse_refuse(
		req, -EINVAL,
		"CPU %u is online but not in the system config's CPU set; it would run unisolated",
		cpu);
	return 0;
}

int jailhouse_check_cpus(struct jailhouse_request *req,
			 const struct jailhouse_cell_desc *root)
{
	unsigned int cpu;
	int err;

	cpus_read_lock();
	err = check_cpu_sets(req, root);
	if (!err) {
		for_each_online_cpu(cpu)
		{
			err = check_vmx(req, cpu);
			if (err)
				break;
		}
	}
	cpus_read_unlock();
	return err;
}
