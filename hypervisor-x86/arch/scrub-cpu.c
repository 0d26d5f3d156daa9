// SPDX-License-Identifier: GPL-2.0
/*
 * Scrubbing a CPU that changes owners (include/scrub.h): the instructions
 * behind the decisions of arch/scrub.c.  Runs on the CPU itself, parked in
 * the hypervisor, before it loads its next cell; the next owner starts it
 * with arch_cpu_reset(), which gives the VMCS-held state its INIT values.
 */
#include "hv.h"
#include "processor.h"
#include "scrub.h"
#include <common/string.h>

#define X86_CR0_EM (1UL << 2)
#define X86_CR0_TS (1UL << 3)
#define X86_CR4_OSFXSR (1UL << 9)
#define XCR0_INIT 1UL /* x87 only, as after INIT */

static void read_scrub_cpuid(struct scrub_cpuid *c)
{
	__u32 max, max_ext, a, b, cx, d;

	memset(c, 0, sizeof(*c));
	cpuid_count(0, 0, &max, &b, &cx, &d);
	cpuid_count(1, 0, &a, &b, &c->leaf1_ecx, &d);
	if (max >= 7)
		cpuid_count(7, 0, &a, &c->leaf7_ebx, &c->leaf7_ecx, &d);
	if (max >= 0xd) {
		cpuid_count(0xd, 0, &c->leafd0_eax, &b, &cx, &c->leafd0_edx);
		cpuid_count(0xd, 1, &c->leafd1_eax, &b, &cx, &d);
	}
	cpuid_count(0x80000000, 0, &max_ext, &b, &cx, &d);
	if (max_ext >= 0x80000001)
		cpuid_count(0x80000001, 0, &a, &b, &cx, &c->ext1_edx);
}

void arch_cpu_save_root_state(struct per_cpu *cpu)
{
	struct scrub_root_state *s = &cpu->scrub_root;
	struct scrub_cpuid c;
	unsigned int n;

	read_scrub_cpuid(&c);
	s->features = scrub_features(&c);
	s->xcr0 = scrub_xcr0_mask(&c);
	s->valid = 0;
	for (n = 0; n < SCRUB_NUM_MSRS; n++) {
		if (!scrub_msr_present(n, s->features))
			continue;
		/* a CPUID that promises more than the CPU has (some
		 * hypervisors below us): skipped, never a fault */
		if (!read_msr_checked(scrub_msrs[n].msr, &s->value[n]))
			s->valid |= 1U << n;
	}
}

static void xsetbv0(__u64 value)
{
	asm volatile("xsetbv"
		     :
		     : "a"((__u32)value), "d"((__u32)(value >> 32)), "c"(0)
		     : "memory");
}

/*
 * XRSTOR of an area whose XSTATE_BV is 0 puts every component in RFBM
 * (= XCR0 & EDX:EAX) into its init state: x87, XMM, YMM/ZMM upper halves,
 * opmasks, MPX bounds, PKRU, AMX tiles.  XCR0 is widened to every
 * component the CPU has first: one the old owner had switched off again
 * may still hold its values, and would show them when the next owner
 * switches it on.
 */
static void fpu_init_xsave(__u64 xcr0)
{
	__u8 area[SCRUB_XSAVE_AREA_SIZE] __attribute__((aligned(64)));
	unsigned long cr4 = read_cr4();

	scrub_init_xsave_area(area);
	if (!(cr4 & X86_CR4_OSXSAVE))
		write_cr4(cr4 | X86_CR4_OSXSAVE);
	xsetbv0(xcr0);
	asm volatile("xrstor %0"
		     :
		     : "m"(*(const __u8(*)[SCRUB_XSAVE_AREA_SIZE])area),
		       "a"((__u32)xcr0), "d"((__u32)(xcr0 >> 32))
		     : "memory");
	xsetbv0(XCR0_INIT);
	if (!(cr4 & X86_CR4_OSXSAVE))
		write_cr4(cr4);
}

/* Without XSAVE there is only x87 and SSE (XMM0-15 on every x86-64):
 * FXRSTOR of the init image zeroes the x87 registers too, which FNINIT
 * would only tag empty. */
static void fpu_init_legacy(void)
{
	__u8 area[SCRUB_XSAVE_AREA_SIZE] __attribute__((aligned(64)));
	unsigned long cr4 = read_cr4();

	scrub_init_xsave_area(area);
	if (!(cr4 & X86_CR4_OSFXSR))
		write_cr4(cr4 | X86_CR4_OSFXSR);
	asm volatile("fxrstor64 %0"
		     :
		     : "m"(*(const __u8(*)[512])area)
		     : "memory");
	if (!(cr4 & X86_CR4_OSFXSR))
		write_cr4(cr4);
}

static void scrub_fpu(const struct scrub_root_state *s)
{
	unsigned long cr0 = read_cr0();

	/* Linux's CR0 is the host's: TS or EM would make these #NM/#UD */
	if (cr0 & (X86_CR0_TS | X86_CR0_EM))
		write_cr0(cr0 & ~(X86_CR0_TS | X86_CR0_EM));
	/* an armed IA32_XFD makes XRSTOR of that component #NM; its final
	 * value is written with the other MSRs */
	if (s->features & SCRUB_HAS_XFD)
		write_msr_checked(MSR_XFD, 0);
	if (s->features & SCRUB_HAS_XSAVE)
		fpu_init_xsave(s->xcr0);
	else
		fpu_init_legacy();
	if (cr0 & (X86_CR0_TS | X86_CR0_EM))
		write_cr0(cr0);
}

/* DR7 as the hardware has it in VMX root is 0x400 after every exit (the
 * guest's DR7 is in the VMCS, reset by arch_cpu_reset()). */
static void scrub_debug_registers(void)
{
	asm volatile("mov %0, %%dr0\n\t"
		     "mov %0, %%dr1\n\t"
		     "mov %0, %%dr2\n\t"
		     "mov %0, %%dr3\n\t"
		     "mov %1, %%dr6\n\t"
		     "mov %2, %%dr7"
		     :
		     : "r"(0UL), "r"(SCRUB_DR6_INIT), "r"(SCRUB_DR7_INIT));
}

static void scrub_msrs_for(struct per_cpu *cpu, enum scrub_direction dir)
{
	unsigned int n;
	__u64 value;

	for (n = 0; n < SCRUB_NUM_MSRS; n++)
		if (scrub_msr_value(n, dir, &cpu->scrub_root, &value) &&
		    write_msr_checked(scrub_msrs[n].msr, value))
			printk("CPU %u: scrubbing %s (0x%x) failed\n",
			       cpu->cpu_id, scrub_msrs[n].name,
			       scrub_msrs[n].msr);
}

void arch_cpu_scrub(struct per_cpu *cpu, int to_root)
{
	enum scrub_direction dir = to_root ? SCRUB_TO_ROOT : SCRUB_TO_CELL;

	memset(&cpu->guest_regs, 0, sizeof(cpu->guest_regs));
	write_cr2(0);
	scrub_debug_registers();
	scrub_fpu(&cpu->scrub_root);
	scrub_msrs_for(cpu, dir);
}
