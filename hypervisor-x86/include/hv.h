/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor core: per-CPU data, the global state set up by the first
 * CPU that enters, and the entry points of the core files.
 */
#ifndef _HV_H
#define _HV_H

#include <jailhouse/types.h>
#include <jailhouse/config.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/image.h>
#include <jailhouse/handover.h>
#include <common/env.h>
#include "page-pool.h"
#include "paging.h"
#include "mmio-decode.h"
#include "apic-regs.h"
#include "arch.h"
#include "scrub.h"
#include "spinlock.h"

#ifndef NULL
#define NULL ((void *)0)
#endif

#define HV_LINK_ADDRESS 0xffffff8000000000UL
/* Where the hypervisor sees all physical memory (for guest buffers). */
#define HV_PHYS_WINDOW 0xffffff8100000000UL
#define HV_PHYS_WINDOW_MAX (256UL << 30)
/* Device pages (local APIC) mapped uncached. */
#define HV_DEVICE_WINDOW 0xffffff8080000000UL

/* Selectors of the hypervisor's GDT: code and data as in Linux's. */
#define GDT_CODE_SELECTOR 0x10
#define GDT_DATA_SELECTOR 0x18
#define GDT_TSS_SELECTOR 0x20

#define HV_MAX_CPUS JAILHOUSE_HANDOVER_MAX_CPUS
#define HV_STACK_SIZE 16384
#define HV_PERCPU_SIZE (32 * 1024)

/* Guest registers as vmx/entry.S saves them on a VM exit (RSP is in the
 * VMCS). */
struct guest_regs {
	__u64 r15, r14, r13, r12, r11, r10, r9, r8;
	__u64 rdi, rsi, rbp, unused_rsp, rbx, rdx, rcx, rax;
};

/* The slot of register `n` (x86 order) among the saved registers: they
 * are in reverse order, RSP's slot unused. */
static inline unsigned int guest_gpr_slot(unsigned int n)
{
	return 15 - n;
}

/*
 * General register `n` in x86 numbering (RAX RCX RDX RBX RSP RBP RSI RDI
 * R8..R15) of the current VM exit.  Inline: the decoders and the CR exit
 * use them on every emulated access.  Host unit tests that record which
 * registers the code under test touches define them instead
 * (JH_FAKE_GUEST_REGS, tests/unit/hypervisor/tests.mk).
 */
#ifndef JH_FAKE_GUEST_REGS
static inline unsigned long *guest_gpr(struct guest_regs *regs, unsigned int n)
{
	return (unsigned long *)regs + guest_gpr_slot(n);
}

/* The saved register in slot `slot` (guest_gpr_slot()). */
static inline unsigned long guest_slot_read(const struct guest_regs *regs,
					    unsigned int slot)
{
	return ((const unsigned long *)regs)[slot];
}

static inline unsigned long guest_reg_read(struct guest_regs *regs,
					   unsigned int n)
{
	return n == 4 ? arch_guest_rsp() : *guest_gpr(regs, n);
}

static inline void guest_reg_write(struct guest_regs *regs, unsigned int n,
				   unsigned long v)
{
	if (n == 4)
		arch_set_guest_rsp(v);
	else
		*guest_gpr(regs, n) = v;
}
#else
unsigned long guest_slot_read(const struct guest_regs *regs, unsigned int slot);
unsigned long guest_reg_read(struct guest_regs *regs, unsigned int n);
void guest_reg_write(struct guest_regs *regs, unsigned int n, unsigned long v);
#endif

struct cell;

/* The last MSR allow-list answer (vmx/vmexit.c). */
struct msr_policy_cache {
	__u32 msr;
	int access;
	int handling;
	int valid;
};

/*
 * What other CPUs write, or read while this CPU runs (cpu-events.c,
 * cell.c, hypercall.c).  run_state is the CPU's run-state word
 * (CPU_RUN_* in include/cpu-events.h): every change of it is one
 * compare-and-swap, so that the cell's INIT/SIPI and the hypervisor's
 * management never overwrite each other's decision (the protocol is in
 * Documentation/hypervisor.md, "The run-state word").  The data a state
 * refers to (start_cs/start_rip for START, new_cell for MOVE) is stored
 * before the CAS that sets the state; the target reads it only after it
 * saw the state.  Fields others write are volatile: their waits spin on
 * them.
 */
struct public_per_cpu {
	volatile int kick; /* the next NMI is a kick */
	volatile __u32 run_state;
	volatile int flush_request;
	unsigned int start_cs;
	__u64 start_rip;
	struct cell *volatile new_cell; /* move to this cell */
	/* written by this CPU only; read by the root's hypercalls */
	int failed; /* parked after a fatal exit */
	int lost;   /* cannot be given back to Linux */
	__u32 stats[JAILHOUSE_NUM_CPU_STATS];
};

struct per_cpu {
	/* Must stay first: vmx/entry.S finds per_cpu from the stack pointer. */
	__u8 stack[HV_STACK_SIZE - sizeof(struct guest_regs)];
	struct guest_regs guest_regs; /* top of stack on VM exit */
	__u64 idt[2 * 256] __attribute__((aligned(PAGE_SIZE)));
	/* VMX's pages and flags (include/arch.h): only vmx/ touches them */
	struct arch_cpu arch __attribute__((aligned(PAGE_SIZE)));
	__u64 gdt[8];
	__u8 tss[104] __attribute__((aligned(16)));

	/*
	 * Written only by this CPU.  cpu_id, apic_id and cell are also read
	 * by others: the first two never change after entry, and cell only
	 * while this CPU is parked on the request of the CPU that reads it.
	 */
	unsigned int cpu_id; /* Linux CPU number */
	__u32 apic_id;
	struct jailhouse_linux_cpu_state *linux_state;
	struct jailhouse_trampoline_cpu *tcpu; /* at its Linux address */
	struct cell *cell;
	volatile int nmi_pending; /* set by its own NMI handler */
	/* in its wait loop (cpu-events.c): a kick needs no early exit */
	volatile int waiting;
	/* in hv_exception(): a second exception there is a panic */
	int in_exception;
	struct spin_held spin_held;	  /* the locks it holds (spinlock.c) */
	__u32 apic_ldr;			  /* xAPIC logical destination */
	struct apic_virtual apic_virtual; /* a cell's own (apic-regs.h) */
	__u32 root_apic[APIC_ROOT_SAVED]; /* the root's, while in a cell */
	__u64 root_apic_base;		  /* IA32_APIC_BASE as Linux had it */
	__u32 icr_high;			  /* last ICR high half written */
	__u32 pci_latch; /* its guest's 0xcf8, shadowed (pci-config.c) */
	struct mmio_decode_cache mmio_decode; /* vmx/mmio-fetch.c */
	struct msr_policy_cache msr_cache;
	char error_msg[JAILHOUSE_MSG_MAX]; /* last failed hypercall */
	/* Linux's values for arch_cpu_scrub() (arch/scrub-cpu.c) */
	struct scrub_root_state scrub_root;

	struct public_per_cpu public;
} __attribute__((aligned(HV_PERCPU_SIZE)));

_Static_assert(sizeof(struct per_cpu) == HV_PERCPU_SIZE,
	       "per_cpu must fill exactly HV_PERCPU_SIZE");
_Static_assert(__builtin_offsetof(struct per_cpu, arch.vmcs) % PAGE_SIZE == 0,
	       "the VMXON region and the VMCS must be page-aligned");

extern struct per_cpu hv_per_cpu[HV_MAX_CPUS];
extern struct jailhouse_image_header hv_header;
extern struct jailhouse_handover_area hv_handover;

static inline struct per_cpu *this_cpu(void)
{
	unsigned long rsp;

	asm volatile("mov %%rsp, %0" : "=r"(rsp));
	return (struct per_cpu *)(rsp & ~(HV_PERCPU_SIZE - 1UL));
}

/* ---- memory.c ---- */
extern struct page_pool hv_mem_pool, hv_remap_pool;
extern struct page_table hv_page_table;
extern const struct paging_memory hv_paging_memory;
extern const struct jailhouse_system_desc *hv_system_config;
int memory_init(void);
void *phys_window(__u64 phys);
/* Zeroes host-physical [phys, phys + size) through the window; -ERANGE if
 * the window does not reach it. */
int phys_zero(__u64 phys, __u64 size);
__u64 hv_virt_to_phys(const void *virt);
void *hv_phys_to_virt(__u64 phys);
void *apic_page(void);
/* One device page, mapped uncached for the hypervisor; NULL if the remap
 * pool is exhausted. */
void *remap_device(__u64 phys);
/* This CPU's uncached window onto the device byte at host-physical `phys`
 * (its page, re-pointed when needed; for MMIO emulation).  Valid until
 * the CPU's next call; NULL if the page cannot be mapped. */
void *mmio_window(const struct per_cpu *cpu, __u64 phys);
extern __u64 hv_apic_phys; /* physical base of the local APIC */

/* ---- console.c ---- */
void console_init(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void console_putc(char c);
void console_write_text(const char *text, unsigned long len);
void console_poll(void);
extern volatile int console_pending; /* text waits for the UART */

/* ---- setup.c ---- */
int hv_fail(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void __attribute__((noreturn)) hv_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
extern unsigned int hv_num_cpus;
struct per_cpu *per_cpu_of(unsigned int cpu);
/* Called from vmx/entry.S only. */
void __attribute__((noreturn))
hv_cpu_entry(unsigned int cpu_id, struct jailhouse_trampoline_cpu *tcpu);
void hv_exception(__u64 *frame);
void hv_nmi(void);

/* ---- vmx/entry.S: the hypervisor's own IDT (arch/cpu.c) ---- */
extern const __u64 hv_exception_stubs[32];
void hv_nmi_entry(void);
void hv_stray_interrupt(void);

/* ---- arch/cpu.c: this CPU's own tables ---- */
void cpu_load_tables(struct per_cpu *cpu);
/* Interrupts on for two instructions, with an IDT that drops every vector
 * from 16 up (NMIs still go to hv_nmi_entry): what the local APIC has
 * pending is accepted and thrown away (apic_clear()). */
void cpu_interrupt_window(void);

#endif
