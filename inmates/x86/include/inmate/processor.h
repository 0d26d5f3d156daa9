/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* x86 instructions inmates use, as inline functions. */
#ifndef _INMATE_PROCESSOR_H
#define _INMATE_PROCESSOR_H

#include <inmate/types.h>

#define MSR_APIC_BASE 0x1b
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_X2APIC_BASE 0x800

#define CPUID1_ECX_X2APIC (1U << 21)
#define CPUID1_ECX_TSC_DEADLINE (1U << 24)

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr) : "memory");
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 value)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((u32)value), "d"((u32)(value >> 32))
		     : "memory");
}

static inline void cpuid(u32 leaf, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	asm volatile("cpuid"
		     : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx)
		     : "a"(leaf), "c"(0));
}

static inline u8 inb(u16 port)
{
	u8 value;

	asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline u32 inl(u16 port)
{
	u32 value;

	asm volatile("inl %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

static inline void outb(u8 value, u16 port)
{
	asm volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline void cpu_relax(void)
{
	asm volatile("pause" : : : "memory");
}

static inline void memory_barrier(void)
{
	asm volatile("mfence" : : : "memory");
}

static inline void enable_irqs(void)
{
	asm volatile("sti" : : : "memory");
}

static inline void disable_irqs(void)
{
	asm volatile("cli" : : : "memory");
}

/*
 * Sleep until the next interrupt with interrupts disabled before and after:
 * STI takes effect only after HLT has begun, so an interrupt that became
 * pending just before cannot be missed.
 */
static inline void wait_for_interrupt(void)
{
	asm volatile("sti; hlt; cli" : : : "memory");
}

static inline unsigned long read_cr2(void)
{
	unsigned long value;

	asm volatile("mov %%cr2, %0" : "=r"(value));
	return value;
}

void __attribute__((noreturn)) halt_forever(void);

#endif
