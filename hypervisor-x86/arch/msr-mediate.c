// SPDX-License-Identifier: GPL-2.0
/*
 * The MSRs the allow-list marks as mediated: IA32_FEATURE_CONTROL (reads
 * say "locked, VMX off", so no guest tries VMX; writes are refused),
 * IA32_APIC_BASE (the root may keep its mode but not move or switch its
 * APIC under the hypervisor; a cell with JAILHOUSE_CELL_X2APIC_PERMITTED
 * may switch its CPUs to x2APIC; a cell reads the BSP flag on its own
 * boot CPU, not the machine's), the x2APIC
 * ICR (IPIs, through the IPI filter in arch/apic.c) and IA32_XSS writes
 * (supervisor state components, see msr_xss_permitted()), and a cell's
 * x2APIC LVTs CMCI, thermal, perf, LINT0 and LINT1 (arch/apic.c).
 */
#include "hv.h"
#include "msr-policy.h"
#include "processor.h"
#include "vmexit.h"
#include "apic.h"
#include "cell.h"

#define FEATURE_CONTROL_LOCKED_VMX_OFF 0x1

/* A cell's virtualised x2APIC LVT (only non-root cells get here). */
static int x2apic_lvt(struct per_cpu *cpu, struct guest_regs *regs, __u32 msr,
		      int is_write, __u64 value)
{
	__u32 v = value;
	int err;

	/* bits 63:32 of an x2APIC register are reserved: #GP */
	if (is_write && value >> 32)
		return -EPERM;
	err = apic_x2apic_register(cpu, msr, is_write, &v);
	if (err)
		return err;
	if (!is_write) {
		guest_reg_write(regs, 0, v);
		guest_reg_write(regs, 2, 0);
	}
	return 0;
}

/* 0 emulated; -EPERM refused (#GP); -EBUSY an IPI out of a non-root cell
 * (the cell is stopped). */
int msr_mediate(struct per_cpu *cpu, struct guest_regs *regs, __u32 msr,
		int is_write, __u64 value)
{
	int err;

	switch (msr) {
	case MSR_IA32_FEATURE_CONTROL:
		if (is_write)
			return -EPERM;
		guest_reg_write(regs, 0, FEATURE_CONTROL_LOCKED_VMX_OFF);
		guest_reg_write(regs, 2, 0);
		return 0;
	case MSR_IA32_APIC_BASE:
		if (!is_write) {
			value = apic_base_view(cpu);
			guest_reg_write(regs, 0, (__u32)value);
			guest_reg_write(regs, 2, value >> 32);
			return 0;
		}
		return apic_base_write(cpu, value);
	case MSR_IA32_XSS:
		if (!is_write)
			return -EPERM;
		/* XRSTORS loads exactly the components IA32_XSS enables: a
		 * component whose MSRs the cell may not write (Intel PT: an
		 * output address that is host-physical) stays off */
		if (value & ~msr_xss_permitted(cpu->cell == &root_cell ?
						       MSR_CELL_ROOT :
						       MSR_CELL_NON_ROOT))
			return -EPERM;
		return write_msr_checked(msr, value) ? -EPERM : 0;
	case MSR_X2APIC_ICR:
		if (!is_write)
			return -EPERM;
		/* an IPI out of a non-root cell stops it, as in xAPIC mode;
		 * the ICR MSR outside x2APIC mode, or with a reserved bit
		 * set, is #GP as on hardware */
		err = apic_x2apic_icr_write(cpu, value);
		if (err == -EINVAL)
			return -EPERM;
		return err ? -EBUSY : 0;
	case 0x82f:
	case 0x833 ... 0x836:
		return x2apic_lvt(cpu, regs, msr, is_write, value);
	default:
		return -EPERM;
	}
}
