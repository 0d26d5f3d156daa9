/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Shared by scrub-plant and scrub-probe (the CPU and memory scrub when a
 * CPU or memory changes owners, hypervisor-x86/include/scrub.h): what
 * the plant leaves behind and where, and the few instructions both need.
 */
#ifndef _INMATE_TESTS_SCRUB_H
#define _INMATE_TESTS_SCRUB_H

#include <inmate.h>
#include <inmate/probe.h>

/* The RAM the plant fills: from here to the end of the cell's 1 MiB, above
 * the BSS (page tables and stacks).  The root checks the whole 1 MiB. */
#define SCRUB_PLANT_START 0x80000UL
#define SCRUB_PLANT_PATTERN 0x544e414c50425253ULL /* "SRBPLANT" */

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_FMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103

#define X86_CR0_EM (1UL << 2)
#define X86_CR0_TS (1UL << 3)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)
#define X86_CR4_OSXSAVE (1UL << 18)
#define CPUID1_ECX_XSAVE (1U << 26)

#define XCR0_X87 0x1ULL
#define XCR0_SSE 0x2ULL
#define XCR0_AVX 0x4ULL
#define XCR0_AVX512 0xe0ULL
#define XCR0_PKRU 0x200ULL

static inline void cpuid_count(u32 leaf, u32 subleaf, u32 *eax, u32 *ebx,
			       u32 *ecx, u32 *edx)
{
	asm volatile("cpuid"
		     : "=a"(*eax), "=b"(*ebx), "=c"(*ecx), "=d"(*edx)
		     : "a"(leaf), "c"(subleaf));
}

static inline unsigned long scrub_read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline unsigned long scrub_read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/*
 * Lets this CPU use x87/SSE (and XSAVE where the CPU has it), as an OS
 * does; none of it changes the register contents.  Returns the XCR0 it
 * set (0 without XSAVE): x87, SSE, and AVX, AVX-512 and PKRU where CPUID
 * reports them whole, so that the hypervisor's XSETBV check accepts it.
 */
static inline u64 scrub_enable_fpu(void)
{
	u32 eax, ebx, ecx, edx;
	unsigned long cr0 = scrub_read_cr0(), cr4 = scrub_read_cr4();
	u64 xcr0 = XCR0_X87 | XCR0_SSE;

	cr0 &= ~(X86_CR0_EM | X86_CR0_TS);
	asm volatile("mov %0, %%cr0" : : "r"(cr0) : "memory");
	cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID1_ECX_XSAVE)) {
		asm volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
		return 0;
	}
	cr4 |= X86_CR4_OSXSAVE;
	asm volatile("mov %0, %%cr4" : : "r"(cr4) : "memory");
	cpuid_count(0xd, 0, &eax, &ebx, &ecx, &edx);
	if (eax & XCR0_AVX)
		xcr0 |= XCR0_AVX;
	if ((xcr0 & XCR0_AVX) && (eax & XCR0_AVX512) == XCR0_AVX512)
		xcr0 |= XCR0_AVX512;
	if (eax & XCR0_PKRU)
		xcr0 |= XCR0_PKRU;
	asm volatile("xsetbv"
		     :
		     : "c"(0), "a"((u32)xcr0), "d"((u32)(xcr0 >> 32))
		     : "memory");
	return xcr0;
}

#endif
