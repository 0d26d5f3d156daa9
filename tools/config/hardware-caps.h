/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the parts of `hardware check`. */
#ifndef _JAILHOUSE_HARDWARE_CAPS_H
#define _JAILHOUSE_HARDWARE_CAPS_H

#include <jailhouse/types.h>

#include "host-info.h"

enum hw_msr {
	HW_FEATURE_CONTROL,
	HW_VMX_BASIC,
	HW_VMX_PINBASED,
	HW_VMX_PROCBASED,
	HW_VMX_EXIT,
	HW_VMX_ENTRY,
	HW_VMX_MISC,
	HW_VMX_PROCBASED2,
	HW_VMX_EPT_VPID,
	HW_VMX_TRUE_PINBASED,
	HW_VMX_TRUE_PROCBASED,
	HW_VMX_TRUE_EXIT,
	HW_VMX_TRUE_ENTRY,
	HW_NUM_MSRS
};

struct hw_cpu {
	unsigned int cpu;
	int have_cpuid;
	__u32 cpuid1_ecx;
	int have_msr[HW_NUM_MSRS];
	__u64 msr[HW_NUM_MSRS];
};

enum hw_status {
	HW_OK,
	HW_MISSING,
	HW_UNKNOWN
};

/* One table row; required rows that are missing fail the check. */
void hw_row(const char *name, enum hw_status status, int required,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

void hw_check_cpus(const struct hw_cpu *cpus, unsigned int num, int msr_ok);
/* Which speculation mitigations the hypervisor applies (CPU 0). */
void hw_check_speculation(const char *root, const struct hw_cpu *cpus,
			  unsigned int num);
void hw_check_iommu(const struct host_info *host, int allow_no_iommu);
void hw_check_cmdline(const struct host_info *host);

#endif
