// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * scrub-probe: looks, first thing after it starts, for anything its CPU
 * or its memory still holds of an earlier owner (the root's Linux, or a
 * scrub-plant cell before it): DR0-3 and DR6, CR2, the syscall MSRs,
 * KERNEL_GS_BASE and TSC_AUX (an MSR the allow-list denies gives #GP,
 * which counts as clean: nothing was read), the x87/SSE/AVX state as
 * XSAVE (or FXSAVE) shows it, and its RAM above the BSS.  Each item
 * prints "clean" or "NOT SCRUBBED"; the last line counts them.  Then it
 * waits to be shut down.  The general registers are not checked: the
 * boot code overwrites them before C runs.
 */
#include "../attack.h"
#include "../scrub.h"

#define FCW_INIT 0x037f
#define MXCSR_INIT 0x1f80
#define DR6_STATUS 0xe00fUL /* B0-B3, BD, BS, BT */
#define DR7_INIT 0x400UL

extern char __bss_end[];

static u8 area[4096] __attribute__((aligned(64)));
static unsigned int checked, dirty;

static void verdict(const char *what, bool clean, u64 seen)
{
	checked++;
	if (clean) {
		printk("scrub-probe: %s: clean\n", what);
		return;
	}
	dirty++;
	printk("scrub-probe: %s: NOT SCRUBBED (%#llx)\n", what, seen);
}

static void probe_debug_registers(void)
{
	unsigned long dr0, dr1, dr2, dr3, dr6, dr7, cr2;

	asm volatile("mov %%dr0, %0\n\tmov %%dr1, %1\n\tmov %%dr2, %2\n\t"
		     "mov %%dr3, %3\n\tmov %%dr6, %4\n\tmov %%dr7, %5\n\t"
		     "mov %%cr2, %6"
		     : "=r"(dr0), "=r"(dr1), "=r"(dr2), "=r"(dr3), "=r"(dr6),
		       "=r"(dr7), "=r"(cr2));
	verdict("DR0", dr0 == 0, dr0);
	verdict("DR1", dr1 == 0, dr1);
	verdict("DR2", dr2 == 0, dr2);
	verdict("DR3", dr3 == 0, dr3);
	verdict("DR6", !(dr6 & DR6_STATUS), dr6);
	verdict("DR7", dr7 == DR7_INIT, dr7);
	verdict("CR2", cr2 == 0, cr2);
}

static void probe_msr(u32 msr, const char *name)
{
	u64 value = 0;
	u32 vector = rdmsr_probe(msr, &value);

	if (vector == GENERAL_PROTECTION) {
		checked++;
		printk("scrub-probe: %s: refused (#GP), clean\n", name);
		return;
	}
	verdict(name, vector == PROBE_NO_FAULT && value == 0,
		vector == PROBE_NO_FAULT ? value : vector);
}

static bool zero_bytes(const u8 *p, unsigned int n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static u16 read16(unsigned int offset)
{
	return area[offset] | (u16)area[offset + 1] << 8;
}

static u32 read32(unsigned int offset)
{
	return read16(offset) | (u32)read16(offset + 2) << 16;
}

static u64 read64(unsigned int offset)
{
	return read32(offset) | (u64)read32(offset + 4) << 32;
}

/* x87 in the legacy region: FCW 0x37f, all registers empty (abridged
 * tag 0) and zero, no last instruction or operand. */
static void check_x87(void)
{
	unsigned int n;
	bool regs = true;

	verdict("FCW", read16(0) == FCW_INIT, read16(0));
	verdict("FSW, FTW, FOP",
		read16(2) == 0 && area[4] == 0 && read16(6) == 0, read64(0));
	verdict("FIP, FDP", read64(8) == 0 && read64(16) == 0, read64(8));
	for (n = 0; n < 8; n++)
		regs = regs && zero_bytes(&area[32 + 16 * n], 10);
	verdict("ST0-7", regs, read64(32));
}

static void check_extended(u64 xcr0, u64 xstate_bv)
{
	u32 size, offset, ecx, edx;
	unsigned int i;
	char name[24];

	for (i = 2; i < 10; i++) {
		if (!(xcr0 & (1ULL << i)))
			continue;
		cpuid_count(0xd, i, &size, &offset, &ecx, &edx);
		jh_snprintf(name, sizeof(name), "XSAVE component %u", i);
		if (!(xstate_bv & (1ULL << i))) {
			verdict(name, true, 0);
			continue;
		}
		verdict(name,
			offset + size <= sizeof(area) &&
				zero_bytes(&area[offset], size),
			read64(offset));
	}
}

static void probe_fpu(void)
{
	u64 xcr0 = scrub_enable_fpu(), xstate_bv = ~0ULL;

	if (xcr0) {
		asm volatile("xsave %0"
			     : "=m"(area)
			     : "a"((u32)xcr0), "d"((u32)(xcr0 >> 32))
			     : "memory");
		xstate_bv = read64(512);
	} else {
		asm volatile("fxsave %0" : "=m"(area) : : "memory");
	}
	/* a component XSAVE reports in its init state is clean as it is */
	if (xstate_bv & XCR0_X87)
		check_x87();
	else
		verdict("x87 (init state)", true, 0);
	verdict("MXCSR", read32(24) == MXCSR_INIT, read32(24));
	if (xstate_bv & XCR0_SSE)
		verdict("XMM0-15", zero_bytes(&area[160], 256), read64(160));
	else
		verdict("XMM0-15 (init state)", true, 0);
	check_extended(xcr0, xstate_bv);
}

static void probe_memory(void)
{
	const volatile u64 *p = (const volatile u64 *)SCRUB_PLANT_START;

	while ((unsigned long)p < INMATE_RAM_END && *p == 0)
		p++;
	verdict("RAM 0x80000-0xfffff", (unsigned long)p >= INMATE_RAM_END,
		(unsigned long)p);
}

void inmate_main(void)
{
	/* before anything else can touch them */
	probe_debug_registers();
	probe_msr(MSR_STAR, "STAR");
	probe_msr(MSR_LSTAR, "LSTAR");
	probe_msr(MSR_CSTAR, "CSTAR");
	probe_msr(MSR_FMASK, "FMASK");
	probe_msr(MSR_KERNEL_GS_BASE, "KERNEL_GS_BASE");
	probe_msr(MSR_TSC_AUX, "TSC_AUX");
	probe_fpu();
	if ((unsigned long)__bss_end <= SCRUB_PLANT_START)
		probe_memory();
	printk("scrub-probe: %u checked, %u NOT SCRUBBED\n", checked, dirty);
	attack_stay_alive("scrub-probe");
}
