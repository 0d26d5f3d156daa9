// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-xsetbv: writes XCR0 values the SDM forbids on every CPU (x87 bit
 * clear, AVX without SSE, half of MPX, half of AVX-512, half of AMX, a
 * supervisor-only component, bit 63, an XCR other than XCR0).  The
 * hypervisor executes XSETBV for the guest in VMX root, where such a value
 * would fault; it must give the cell the #GP hardware gives instead (Linux
 * probes XCR0 and relies on it).  Each write prints "refused (#GP)" or
 * "NOT REFUSED"; XCR0 must read back unchanged.  Expected: every write
 * refused, the cell keeps running until it is shut down.  Needs XSAVE:
 * enables CR4.OSXSAVE first, as an OS would.
 */
#include "../attack.h"

#define CPUID1_ECX_XSAVE (1U << 26)
#define X86_CR4_OSXSAVE (1UL << 18)

static unsigned int refused, passed;

static u64 xgetbv0(void)
{
	u32 lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((u64)hi << 32) | lo;
}

static void try_xsetbv(const char *what, u32 index, u64 value)
{
	u64 before = xgetbv0();
	u32 vector = xsetbv_probe(index, value);

	if (vector == GENERAL_PROTECTION && xgetbv0() == before) {
		printk("attack-xsetbv: %s (XCR%u = %#llx): refused (#GP)\n",
		       what, index, value);
		refused++;
	} else {
		printk("attack-xsetbv: %s (XCR%u = %#llx): NOT REFUSED (vector %#x, XCR0 %#llx -> %#llx)\n",
		       what, index, value, vector, before, xgetbv0());
		passed++;
	}
}

static void __attribute__((noinline)) attack(void)
{
	asm volatile(ATTACK_INSTRUCTION("nop"));
	try_xsetbv("x87 state cleared", 0, 0);
	try_xsetbv("AVX without SSE", 0, 0x5);
	try_xsetbv("MPX BNDREGS without BNDCSR", 0, 0xb);
	try_xsetbv("AVX-512 opmask alone", 0, 0x27);
	try_xsetbv("AMX XTILECFG without XTILEDATA", 0, 0x20007);
	try_xsetbv("Intel PT (supervisor-only component)", 0, 0x103);
	try_xsetbv("bit 63", 0, 0x8000000000000003ULL);
	try_xsetbv("XCR1", 1, 0x3);
}

void inmate_main(void)
{
	u32 eax, ebx, ecx, edx;
	unsigned long cr4;
	u64 xcr0;

	cpuid(1, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID1_ECX_XSAVE)) {
		printk("attack-xsetbv: SKIP: the CPU has no XSAVE\n");
		attack_stay_alive("attack-xsetbv");
	}
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	asm volatile("mov %0, %%cr4" : : "r"(cr4 | X86_CR4_OSXSAVE) : "memory");
	attack_announce("attack-xsetbv", "writing invalid XCR0 values");
	attack();
	/* a valid value still works */
	xcr0 = xgetbv0();
	if (xsetbv_probe(0, xcr0) != PROBE_NO_FAULT) {
		printk("attack-xsetbv: the valid XCR0 %#llx faulted\n", xcr0);
		passed++;
	}
	printk("attack-xsetbv: %u refused, %u NOT REFUSED\n", refused, passed);
	attack_stay_alive("attack-xsetbv");
}
