/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handlers the VM-exit dispatcher (vmx/vmexit.c) calls, one file each.
 */
#ifndef _HV_VMEXIT_H
#define _HV_VMEXIT_H

#include <jailhouse/types.h>

struct per_cpu;
struct guest_regs;

/* hypercall.c: a refused request: the sentence the caller can fetch
 * (JAILHOUSE_HC_GET_ERROR_MSG), and `err` */
long hypercall_refuse(struct per_cpu *cpu, long err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* hypercall.c: `size` bytes into the calling cell's RAM at `gphys`; 0, or
 * -EINVAL (with the sentence) if that is not writable RAM of the cell */
long copy_to_guest(struct per_cpu *cpu, __u64 gphys, const void *src,
		   __u64 size);
/* hypercall.c: returns the result for the guest's RAX */
long hypercall(struct per_cpu *cpu, unsigned long code, unsigned long arg1,
	       unsigned long arg2);
/* vmx/port-io.c */
int handle_port_io(struct per_cpu *cpu, struct guest_regs *regs);
/* arch/msr-mediate.c: 0 when emulated, else the access is refused (#GP) */
int msr_mediate(struct per_cpu *cpu, struct guest_regs *regs, __u32 msr,
		int is_write, __u64 value);
/* vmx/cr.c: MOV to CR0/CR4.  0 when handled (the guest may have got #GP),
 * -EINVAL for an access it does not handle, CR_ACCESS_CR4_VMXE when a
 * non-root cell tried to set CR4.VMXE */
#define CR_ACCESS_CR4_VMXE 1
int vmx_handle_cr_access(struct per_cpu *cpu, struct guest_regs *regs);
/* vmx/report.c */
void __attribute__((noreturn))
vmx_report_and_park(struct per_cpu *cpu, struct guest_regs *regs, __u32 reason,
		    const char *what);

#endif
