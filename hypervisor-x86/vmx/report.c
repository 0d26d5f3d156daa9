// SPDX-License-Identifier: GPL-2.0
/*
 * An exit the hypervisor cannot handle: print everything a developer needs
 * (exit reason, qualification, addresses, control registers, every
 * register) and stop the CPU.  The CPU stays in the hypervisor with
 * interrupts off; it never runs guest code again.
 */
#include <jailhouse/fault.h>
#include "hv.h"
#include "processor.h"
#include "vmx.h"
#include "vmexit.h"

void vmx_report_and_park(struct per_cpu *cpu, struct guest_regs *regs,
			 __u32 reason, const char *what)
{
	printk(JAILHOUSE_PANIC_BANNER
	       " on CPU %u: %s: exit reason %u (0x%x), qualification 0x%lx\n",
	       cpu->cpu_id, what, reason & 0xffff, reason,
	       vmcs_read(EXIT_QUALIFICATION));
	printk("  RIP 0x%016lx RSP 0x%016lx RFLAGS 0x%lx CS 0x%lx\n",
	       vmcs_read(GUEST_RIP), vmcs_read(GUEST_RSP),
	       vmcs_read(GUEST_RFLAGS), vmcs_read(GUEST_ES_SELECTOR + 2));
	printk("  CR0 0x%lx CR3 0x%lx CR4 0x%lx EFER 0x%lx\n",
	       vmcs_read(GUEST_CR0), vmcs_read(GUEST_CR3), vmcs_read(GUEST_CR4),
	       vmcs_read(GUEST_IA32_EFER));
	printk("  guest-physical 0x%lx linear 0x%lx interruption 0x%lx vectoring 0x%lx\n",
	       vmcs_read(GUEST_PHYSICAL_ADDRESS),
	       vmcs_read(GUEST_LINEAR_ADDRESS), vmcs_read(VM_EXIT_INTR_INFO),
	       vmcs_read(IDT_VECTORING_INFO));
	printk("  RAX 0x%016llx RBX 0x%016llx RCX 0x%016llx RDX 0x%016llx\n",
	       regs->rax, regs->rbx, regs->rcx, regs->rdx);
	printk("  RSI 0x%016llx RDI 0x%016llx RBP 0x%016llx R8  0x%016llx\n",
	       regs->rsi, regs->rdi, regs->rbp, regs->r8);
	printk("  R9  0x%016llx R10 0x%016llx R11 0x%016llx R12 0x%016llx\n",
	       regs->r9, regs->r10, regs->r11, regs->r12);
	printk("  R13 0x%016llx R14 0x%016llx R15 0x%016llx\n", regs->r13,
	       regs->r14, regs->r15);
	printk("CPU %u parked\n", cpu->cpu_id);
	cpu->public.failed = 1;
	cpu_park_forever();
}
