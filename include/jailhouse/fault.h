/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the hypervisor records when it stops a cell, and how error sentences
 * travel back to the user.
 *
 * Error sentences: every failure the user can cause is explained in one
 * English sentence ("CPU 1: VMX preemption timer not supported").  The
 * hypervisor keeps the sentence of a CPU's last failed request; the driver
 * fetches it (JAILHOUSE_HC_GET_ERROR_MSG, or from the image header when
 * enable fails) and copies it into the caller's struct jailhouse_msg_buf
 * (see ioctl.h), so the CLI prints the reason, not a bare errno.
 */
#ifndef _JAILHOUSE_FAULT_H
#define _JAILHOUSE_FAULT_H

#include "types.h"

#define JAILHOUSE_MSG_MAX 256

/*
 * Every console message that ends the hypervisor's work on a CPU (an
 * exception inside the hypervisor, a VM entry or a root exit it cannot
 * recover from) begins with this banner: tools and test rigs recognise a
 * panic by this one string, taken from here, never by a copy of it.
 */
#define JAILHOUSE_PANIC_BANNER "HYPERVISOR PANIC"

#define JAILHOUSE_FAULT_NONE 0
#define JAILHOUSE_FAULT_MEMORY 1    /* access outside its regions */
#define JAILHOUSE_FAULT_PIO 2	    /* port not granted */
#define JAILHOUSE_FAULT_MSR 3	    /* MSR write not permitted */
#define JAILHOUSE_FAULT_IPI 4	    /* IPI/INIT/NMI outside the cell */
#define JAILHOUSE_FAULT_HYPERCALL 5 /* management hypercall */
#define JAILHOUSE_FAULT_TRIPLE_FAULT 6
#define JAILHOUSE_FAULT_VMX_INSTRUCTION 7 /* VMXON and friends */
#define JAILHOUSE_FAULT_CR4_VMXE 8
#define JAILHOUSE_FAULT_XSETBV 9
#define JAILHOUSE_FAULT_UNHANDLED_EXIT 10
#define JAILHOUSE_FAULT_MMIO_DECODE 11 /* instruction not emulable */
#define JAILHOUSE_FAULT_IOAPIC 12      /* IOAPIC pin not owned */
/* VM entry into the cell failed (invalid guest state, MSR loading, or
 * VMRESUME refused with a VM-instruction error) */
#define JAILHOUSE_FAULT_VM_ENTRY 13
/* a machine check on the cell's CPU (#MC exit, or VM entry failing on
 * one, or #MC while the hypervisor worked for the cell) */
#define JAILHOUSE_FAULT_MACHINE_CHECK 14
/* an exception inside the hypervisor while it handled the cell's exit */
#define JAILHOUSE_FAULT_HV_EXCEPTION 15
/* a device of the cell made a DMA or interrupt request that the IOMMU
 * blocked: address is the DMA page (the interrupt index for interrupt
 * remapping faults), access read or write, qualification the PCI
 * segment << 16 | bus << 8 | device << 3 | function, with the VT-d
 * fault reason << 32 and the IOMMU unit << 48; cpu is
 * JAILHOUSE_FAULT_NO_CPU (no CPU of the cell did it) */
#define JAILHOUSE_FAULT_IOMMU 16
#define JAILHOUSE_FAULT_MAX 16

#define JAILHOUSE_FAULT_NO_CPU 0xffffffffU

#define JAILHOUSE_FAULT_NAMES                                                \
	{                                                                    \
		"none", "memory", "pio", "msr", "ipi", "hypercall",          \
			"triple-fault", "vmx-instruction", "cr4-vmxe",       \
			"xsetbv", "unhandled-exit", "mmio-decode", "ioapic", \
			"vm-entry", "machine-check", "hypervisor-exception", \
			"iommu"                                              \
	}

#define JAILHOUSE_ACCESS_READ 0x1
#define JAILHOUSE_ACCESS_WRITE 0x2
#define JAILHOUSE_ACCESS_EXECUTE 0x4

struct jailhouse_fault_report {
	__u32 reason;	     /* JAILHOUSE_FAULT_* */
	__u32 cpu;	     /* Linux CPU number of the faulting CPU */
	__u32 exit_reason;   /* raw VMX basic exit reason */
	__u32 access;	     /* JAILHOUSE_ACCESS_* */
	__u64 rip;	     /* guest RIP */
	__u64 address;	     /* guest-physical address, port or MSR */
	__u64 qualification; /* raw VMX exit qualification */
	__u32 access_size;   /* bytes, 0 when not applicable */
	__u32 reserved;
	char message[JAILHOUSE_MSG_MAX]; /* the same, as a sentence */
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_fault_report, 304);

#endif
