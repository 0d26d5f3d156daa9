/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypercalls and their x86 calling convention.
 *
 * Convention (the same one Linux's CONFIG_JAILHOUSE_GUEST world assumes):
 *   VMCALL with RAX = hypercall code, RDI = first argument,
 *   RSI = second argument; the result comes back in RAX, a negative errno
 *   on failure.  All other registers are preserved.
 * Addresses passed as arguments are guest-physical addresses of the caller.
 *
 * The hypervisor announces itself in CPUID leaf 0x40000000 with the
 * signature "Jailhouse\0\0\0" in EBX, ECX, EDX (what Linux's
 * jailhouse_cpuid_base() looks for), and EAX = highest hypervisor leaf.
 */
#ifndef _JAILHOUSE_HYPERCALL_H
#define _JAILHOUSE_HYPERCALL_H

#include "types.h"

#define JAILHOUSE_CPUID_SIGNATURE 0x40000000
#define JAILHOUSE_CPUID_FEATURES 0x40000001
#define JAILHOUSE_CPUID_SIG_EBX 0x6c69614a /* "Jail" */
#define JAILHOUSE_CPUID_SIG_ECX 0x73756f68 /* "hous" */
#define JAILHOUSE_CPUID_SIG_EDX 0x00000065 /* "e\0\0\0" */
/*
 * EAX of leaf 0x40000001: what this hypervisor build can do.  The driver
 * asks before it changes anything, e.g. before it takes CPUs away from
 * Linux for a cell.
 */
#define JAILHOUSE_CPUID_FEATURE_CELLS (1U << 0) /* non-root cells */

/* Management: root cell only. */
#define JAILHOUSE_HC_DISABLE 0
#define JAILHOUSE_HC_CELL_CREATE 1	 /* arg1: config gphys */
#define JAILHOUSE_HC_CELL_START 2	 /* arg1: cell id */
#define JAILHOUSE_HC_CELL_SET_LOADABLE 3 /* arg1: cell id */
#define JAILHOUSE_HC_CELL_DESTROY 4	 /* arg1: cell id */
#define JAILHOUSE_HC_CELL_SHUTDOWN 5	 /* arg1: cell id */
/* Information: root cell only. */
#define JAILHOUSE_HC_HYPERVISOR_GET_INFO 6 /* arg1: JAILHOUSE_INFO_* */
#define JAILHOUSE_HC_CELL_GET_STATE 7	   /* arg1: cell id */
#define JAILHOUSE_HC_CPU_GET_INFO 8	   /* arg1: cpu, arg2: type */
/* arg1: cell id, arg2: gphys of a struct jailhouse_fault_report */
#define JAILHOUSE_HC_CELL_GET_FAULT 9
/*
 * arg1: gphys of a buffer, arg2: its size.  Copies the sentence explaining
 * the calling CPU's last failed hypercall (NUL-terminated).
 */
#define JAILHOUSE_HC_GET_ERROR_MSG 10
/* Any cell with JAILHOUSE_CELL_VIRTUAL_CONSOLE. */
#define JAILHOUSE_HC_DEBUG_CONSOLE_PUTC 11 /* arg1: character */
/* arg1: gphys of the text, arg2: length (<= JAILHOUSE_CONSOLE_WRITE_MAX) */
#define JAILHOUSE_HC_DEBUG_CONSOLE_WRITE 12
/*
 * Root only.  arg1: gphys of a struct jailhouse_console_log buffer.
 * Copies the hypervisor's log ring (the driver's sysfs `console`).
 */
#define JAILHOUSE_HC_CONSOLE_READ 13
#define JAILHOUSE_HC_MAX 13

#define JAILHOUSE_CONSOLE_WRITE_MAX 256

/* JAILHOUSE_HC_HYPERVISOR_GET_INFO types */
#define JAILHOUSE_INFO_MEM_POOL_SIZE 0
#define JAILHOUSE_INFO_MEM_POOL_USED 1
#define JAILHOUSE_INFO_REMAP_POOL_SIZE 2
#define JAILHOUSE_INFO_REMAP_POOL_USED 3
#define JAILHOUSE_INFO_NUM_CELLS 4

/* JAILHOUSE_HC_CPU_GET_INFO types */
#define JAILHOUSE_CPU_INFO_STATE 0
#define JAILHOUSE_CPU_INFO_STAT_BASE 1000 /* + JAILHOUSE_CPU_STAT_* */

#define JAILHOUSE_CPU_RUNNING 0
#define JAILHOUSE_CPU_FAILED 2

/* Per-CPU VM-exit counters, by reason. */
#define JAILHOUSE_CPU_STAT_VMEXITS_TOTAL 0
#define JAILHOUSE_CPU_STAT_VMEXITS_MMIO 1
#define JAILHOUSE_CPU_STAT_VMEXITS_MANAGEMENT 2
#define JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL 3
#define JAILHOUSE_CPU_STAT_VMEXITS_PIO 4
#define JAILHOUSE_CPU_STAT_VMEXITS_XAPIC 5
#define JAILHOUSE_CPU_STAT_VMEXITS_CR 6
#define JAILHOUSE_CPU_STAT_VMEXITS_CPUID 7
#define JAILHOUSE_CPU_STAT_VMEXITS_XSETBV 8
#define JAILHOUSE_CPU_STAT_VMEXITS_EXCEPTION 9
#define JAILHOUSE_CPU_STAT_VMEXITS_MSR_OTHER 10
#define JAILHOUSE_CPU_STAT_VMEXITS_MSR_X2APIC_ICR 11
#define JAILHOUSE_CPU_STAT_VMEXITS_MSR_DENIED 12 /* #GP injected */
#define JAILHOUSE_CPU_STAT_VMEXITS_NMI 13
#define JAILHOUSE_CPU_STAT_VMEXITS_OTHER 14
#define JAILHOUSE_NUM_CPU_STATS 15

/* Names as they appear in sysfs (statistics/vmexits_<name>). */
#define JAILHOUSE_CPU_STAT_NAMES                                            \
	{                                                                   \
		"total", "mmio", "management", "hypercall", "pio", "xapic", \
			"cr", "cpuid", "xsetbv", "exception", "msr_other",  \
			"msr_x2apic_icr", "msr_denied", "nmi", "other"      \
	}

/*
 * The hypervisor's log ring.  It lives in hypervisor memory (the image
 * header's console_log_offset), readable by the driver directly while the
 * hypervisor is not enabled (e.g. after a failed enable) and through
 * JAILHOUSE_HC_CONSOLE_READ while it is.
 */
#define JAILHOUSE_CONSOLE_LOG_SIZE 16384

struct jailhouse_console_log {
	volatile __u32 tail; /* characters ever written; index = tail % size */
	__u32 size;	     /* JAILHOUSE_CONSOLE_LOG_SIZE */
	char content[JAILHOUSE_CONSOLE_LOG_SIZE];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_console_log, 8 + JAILHOUSE_CONSOLE_LOG_SIZE);

#endif
