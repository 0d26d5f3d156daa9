/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 instructions the hypervisor needs, as inline functions.
 */
#ifndef _HV_PROCESSOR_H
#define _HV_PROCESSOR_H

#include <jailhouse/types.h>

#define X86_CR0_PE (1UL << 0)
#define X86_CR0_NE (1UL << 5)
#define X86_CR0_WP (1UL << 16)
#define X86_CR0_PG (1UL << 31)
#define X86_CR4_PGE (1UL << 7)
#define X86_CR4_VMXE (1UL << 13)
#define X86_CR4_SMXE (1UL << 14)
#define X86_CR4_OSXSAVE (1UL << 18)
#define X86_CR4_LA57 (1UL << 12)

/* Exception vectors. */
#define X86_VECTOR_DB 1
#define X86_VECTOR_NMI 2
#define X86_VECTOR_UD 6
#define X86_VECTOR_GP 13
#define X86_VECTOR_AC 17
#define X86_VECTOR_MC 18

#define X86_RFLAGS_RESERVED1 (1UL << 1)
#define X86_RFLAGS_IF (1UL << 9)

#define MSR_IA32_VMX_BASIC 0x480
#define MSR_IA32_VMX_PINBASED_CTLS 0x481
#define MSR_IA32_VMX_PROCBASED_CTLS 0x482
#define MSR_IA32_VMX_EXIT_CTLS 0x483
#define MSR_IA32_VMX_ENTRY_CTLS 0x484
#define MSR_IA32_VMX_MISC 0x485
#define MSR_IA32_VMX_CR0_FIXED0 0x486
#define MSR_IA32_VMX_CR0_FIXED1 0x487
#define MSR_IA32_VMX_CR4_FIXED0 0x488
#define MSR_IA32_VMX_CR4_FIXED1 0x489
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48b
#define MSR_IA32_VMX_EPT_VPID_CAP 0x48c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x48d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS 0x48f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS 0x490
#define MSR_IA32_PAT_NR 0x277
#define MSR_IA32_DEBUGCTL_NR 0x1d9
#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176

#define FEATURE_CONTROL_LOCKED (1UL << 0)
#define FEATURE_CONTROL_VMX_OUTSIDE_SMX (1UL << 2)

struct desc_ptr {
	__u16 limit;
	__u64 base;
} __attribute__((packed));

static inline __u64 read_msr(__u32 msr)
{
	__u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((__u64)hi << 32) | lo;
}

static inline void write_msr(__u32 msr, __u64 value)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((__u32)value), "d"((__u32)(value >> 32))
		     : "memory");
}

/*
 * MSR accesses whose number or value a guest chose.  The CPU may refuse
 * them with #GP (a reserved bit, an MSR this model lacks): in VMX root
 * that would be a hypervisor panic, one instruction of a cell costing a
 * physical CPU.  Each such access has an entry in the .fixup_table
 * section; the hypervisor's #GP handler resumes at the entry's recovery
 * code, and the caller gets -EIO to give the guest the #GP hardware would
 * have given it.
 */
struct fixup_entry {
	__u64 fault_rip;
	__u64 resume_rip;
};

#define FIXUP_ENTRY(fault, resume)            \
	".pushsection fixup_table, \"a\"\n\t" \
	".balign 8\n\t"                       \
	".quad " fault ", " resume "\n\t"     \
	".popsection\n\t"

/*
 * What follows a checked instruction at local label 1: a fault there
 * resumes after it (label 2) with the asm operand [err] set to [eio]
 * (-EIO).  One place for the fixup entry and its recovery code.
 */
#define FIXUP_EIO_TAIL                                                        \
	"2:\n\t" FIXUP_ENTRY("1b", "3f") ".pushsection .text.fixup, \"ax\"\n" \
					 "3:\tmovl %[eio], %[err]\n\t"        \
					 "jmp 2b\n\t"                         \
					 ".popsection"

/* Where code that faulted at `rip` resumes; 0 if it is not listed.  The
 * table's bounds come from the linker (different objects: counted, not
 * compared as pointers). */
static inline __u64 fixup_resume_address(const struct fixup_entry *table,
					 unsigned long table_bytes, __u64 rip)
{
	unsigned long n;

	for (n = 0; n < table_bytes / sizeof(*table); n++)
		if (table[n].fault_rip == rip)
			return table[n].resume_rip;
	return 0;
}

static inline int write_msr_checked(__u32 msr, __u64 value)
{
	int err = 0;

	asm volatile("1: wrmsr\n\t" FIXUP_EIO_TAIL
		     : [err] "+r"(err)
		     : "c"(msr), "a"((__u32)value),
		       "d"((__u32)(value >> 32)), [eio] "i"(-5)
		     : "memory");
	return err;
}

/* XSETBV with a guest's value, already validated (arch/xcr0.c): the
 * fixup is the backstop for a rule a future CPU adds. */
static inline int xsetbv_checked(__u32 index, __u64 value)
{
	int err = 0;

	asm volatile("1: xsetbv\n\t" FIXUP_EIO_TAIL
		     : [err] "+r"(err)
		     : "c"(index), "a"((__u32)value),
		       "d"((__u32)(value >> 32)), [eio] "i"(-5)
		     : "memory");
	return err;
}

static inline int read_msr_checked(__u32 msr, __u64 *value)
{
	__u32 lo = 0, hi = 0;
	int err = 0;

	asm volatile("1: rdmsr\n\t" FIXUP_EIO_TAIL
		     : [err] "+r"(err), "+a"(lo), "+d"(hi)
		     : "c"(msr), [eio] "i"(-5));
	*value = ((__u64)hi << 32) | lo;
	return err;
}

static inline void cpuid_count(__u32 leaf, __u32 subleaf, __u32 *eax,
			       __u32 *ebx, __u32 *ecx, __u32 *edx)
{
	asm volatile("cpuid"
		     : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx)
		     : "a"(leaf), "c"(subleaf));
}

#define DEFINE_CR_ACCESS(n)                                            \
	static inline unsigned long read_cr##n(void)                   \
	{                                                              \
		unsigned long v;                                       \
		asm volatile("mov %%cr" #n ", %0" : "=r"(v));          \
		return v;                                              \
	}                                                              \
	static inline void write_cr##n(unsigned long v)                \
	{                                                              \
		asm volatile("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(2)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)

static inline void write_dr7(unsigned long v)
{
	asm volatile("mov %0, %%dr7" : : "r"(v));
}

static inline void outb(__u8 value, __u16 port)
{
	asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline __u8 inb(__u16 port)
{
	__u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(__u16 value, __u16 port)
{
	asm volatile("outw %0, %1" : : "a"(value), "Nd"(port));
}

static inline __u16 inw(__u16 port)
{
	__u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(__u32 value, __u16 port)
{
	asm volatile("outl %0, %1" : : "a"(value), "Nd"(port));
}

static inline __u32 inl(__u16 port)
{
	__u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline __u64 read_tsc(void)
{
	__u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((__u64)hi << 32) | lo;
}

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

/* Spinlocks: include/spinlock.h (with the lock order). */

static inline void memory_barrier(void)
{
	asm volatile("mfence" : : : "memory");
}

/* Stops this CPU for good: interrupts off, halted (NMIs return to hlt). */
static inline void __attribute__((noreturn)) cpu_park_forever(void)
{
	for (;;)
		asm volatile("cli; hlt" : : : "memory");
}

#endif
