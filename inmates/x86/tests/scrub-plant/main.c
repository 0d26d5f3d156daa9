// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * scrub-plant: leaves as much of itself behind as a cell can, for the
 * next owner of its CPU and memory to find: a pattern in its RAM from
 * SCRUB_PLANT_START to the end of its 1 MiB, the x87 stack, FCW, MXCSR,
 * XMM/YMM registers, DR0-3 and DR6, CR2, and the syscall MSRs, KERNEL_GS_
 * BASE and TSC_AUX.  Then it waits to be shut down.  Expected: after
 * destroy the root reads zeros in the cell's RAM (/dev/mem), and a
 * scrub-probe started on the same CPU later finds every register clean.
 */
#include "../attack.h"
#include "../scrub.h"

extern char __bss_end[];

static const u64 pattern[4] __attribute__((
	aligned(32))) = { SCRUB_PLANT_PATTERN, SCRUB_PLANT_PATTERN,
			  SCRUB_PLANT_PATTERN, SCRUB_PLANT_PATTERN };

static const struct {
	u32 msr;
	u64 value;
	const char *name;
} planted_msrs[] = {
	{ MSR_STAR, 0x0023001000000000ULL, "STAR" },
	{ MSR_LSTAR, 0xffffffff8badf000ULL, "LSTAR" },
	{ MSR_CSTAR, 0xffffffff8badf100ULL, "CSTAR" },
	{ MSR_FMASK, 0x4700, "FMASK" },
	{ MSR_KERNEL_GS_BASE, 0xffff88800badf000ULL, "KERNEL_GS_BASE" },
	{ MSR_TSC_AUX, 0x5a, "TSC_AUX" },
};

static void plant_memory(void)
{
	volatile u64 *p = (volatile u64 *)SCRUB_PLANT_START;

	while ((unsigned long)p < INMATE_RAM_END)
		*p++ = SCRUB_PLANT_PATTERN;
	printk("scrub-plant: RAM %#lx-%#x filled with %#llx\n",
	       SCRUB_PLANT_START, INMATE_RAM_END - 1, SCRUB_PLANT_PATTERN);
}

static void plant_fpu(u64 xcr0)
{
	const u16 fcw = 0x027f;	  /* 53-bit precision: not the init value */
	const u32 mxcsr = 0x7f80; /* round toward zero */

	asm volatile("fldcw %0\n\tfld1\n\tfldpi\n\tldmxcsr %1"
		     :
		     : "m"(fcw), "m"(mxcsr)
		     : "memory");
	asm volatile("movdqu %0, %%xmm0\n\tmovdqu %0, %%xmm1\n\t"
		     "movdqu %0, %%xmm2\n\tmovdqu %0, %%xmm3\n\t"
		     "movdqu %0, %%xmm4\n\tmovdqu %0, %%xmm5\n\t"
		     "movdqu %0, %%xmm6\n\tmovdqu %0, %%xmm7\n\t"
		     "movdqu %0, %%xmm8\n\tmovdqu %0, %%xmm9\n\t"
		     "movdqu %0, %%xmm10\n\tmovdqu %0, %%xmm11\n\t"
		     "movdqu %0, %%xmm12\n\tmovdqu %0, %%xmm13\n\t"
		     "movdqu %0, %%xmm14\n\tmovdqu %0, %%xmm15"
		     :
		     : "m"(pattern[0])
		     : "memory");
	if (xcr0 & XCR0_AVX)
		asm volatile("vmovdqu %0, %%ymm0\n\tvmovdqu %0, %%ymm1\n\t"
			     "vmovdqu %0, %%ymm2\n\tvmovdqu %0, %%ymm3\n\t"
			     "vmovdqu %0, %%ymm4\n\tvmovdqu %0, %%ymm5\n\t"
			     "vmovdqu %0, %%ymm6\n\tvmovdqu %0, %%ymm7\n\t"
			     "vmovdqu %0, %%ymm8\n\tvmovdqu %0, %%ymm9\n\t"
			     "vmovdqu %0, %%ymm10\n\tvmovdqu %0, %%ymm11\n\t"
			     "vmovdqu %0, %%ymm12\n\tvmovdqu %0, %%ymm13\n\t"
			     "vmovdqu %0, %%ymm14\n\tvmovdqu %0, %%ymm15"
			     :
			     : "m"(pattern)
			     : "memory");
	printk("scrub-plant: x87 stack, FCW, MXCSR, XMM0-15%s planted\n",
	       xcr0 & XCR0_AVX ? ", YMM0-15" : "");
}

/* DR7 stays 0x400: no breakpoint is armed, only the addresses remain. */
static void plant_debug_registers(void)
{
	asm volatile("mov %0, %%dr0\n\tmov %1, %%dr1\n\t"
		     "mov %2, %%dr2\n\tmov %3, %%dr3\n\t"
		     "mov %4, %%dr6\n\tmov %5, %%cr2"
		     :
		     : "r"(0x1000UL), "r"(0x2000UL), "r"(0x3000UL),
		       "r"(0x4000UL), "r"(0xffff0ff1UL), "r"(0xbad0000UL)
		     : "memory");
	printk("scrub-plant: DR0-3, DR6, CR2 planted\n");
}

static void plant_msrs(void)
{
	unsigned int n;
	u32 vector;

	for (n = 0; n < sizeof(planted_msrs) / sizeof(planted_msrs[0]); n++) {
		vector =
			wrmsr_probe(planted_msrs[n].msr, planted_msrs[n].value);
		if (vector == PROBE_NO_FAULT)
			printk("scrub-plant: %s = %#llx planted\n",
			       planted_msrs[n].name, planted_msrs[n].value);
		else
			printk("scrub-plant: %s: write refused (exception %u)\n",
			       planted_msrs[n].name, vector);
	}
}

void inmate_main(void)
{
	if ((unsigned long)__bss_end > SCRUB_PLANT_START) {
		printk("scrub-plant: SKIP: the BSS ends at %p, above %#lx\n",
		       __bss_end, SCRUB_PLANT_START);
		attack_stay_alive("scrub-plant");
	}
	plant_memory();
	plant_fpu(scrub_enable_fpu());
	plant_debug_registers();
	plant_msrs();
	printk("scrub-plant: planted\n");
	attack_stay_alive("scrub-plant");
}
