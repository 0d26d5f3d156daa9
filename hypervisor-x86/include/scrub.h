/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a CPU must not carry from one owner to the next (arch/scrub.c, the
 * decisions; arch/scrub-cpu.c, the instructions).
 *
 * VMX switches only what the VMCS holds (segments, CR0/3/4, DR7, EFER,
 * PAT, DEBUGCTL, SYSENTER_*, FS/GS base, RSP/RIP/RFLAGS), and
 * arch_cpu_reset() gives those their INIT values whenever a CPU starts.
 * Everything else is the hardware's own and lives on from one owner to
 * the next: the general registers (saved by the exit path), x87/SSE/AVX
 * and the other XSAVE user state, DR0-3 and DR6, CR2, and the MSRs the
 * allow-list passes through unswitched.  Those MSRs hold kernel addresses
 * (LSTAR, KERNEL_GS_BASE: a cell that reads them breaks the root's KASLR)
 * or a value the next owner relies on (TSC_AUX is Linux's CPU number).
 *
 * A CPU that goes to a non-root cell gets zero in every such MSR; one that
 * goes back to the root gets the value Linux had when the hypervisor was
 * enabled (saved per CPU by arch_cpu_save_root_state()).
 */
#ifndef _HV_SCRUB_H
#define _HV_SCRUB_H

#include <jailhouse/types.h>

/* CPU features that decide which MSRs exist (scrub_features()). */
#define SCRUB_HAS_XSAVE (1U << 0)   /* CPUID.1:ECX[26] */
#define SCRUB_HAS_TSC_AUX (1U << 1) /* RDTSCP or RDPID */
#define SCRUB_HAS_XSAVES (1U << 2)  /* CPUID.(0xD,1):EAX[3]: IA32_XSS */
#define SCRUB_HAS_MPX (1U << 3)	    /* CPUID.(7,0):EBX[14]: IA32_BNDCFGS */
#define SCRUB_HAS_XFD (1U << 4)	    /* CPUID.(0xD,1):EAX[4]: IA32_XFD */
#define SCRUB_ALWAYS 0U		    /* architectural on every x86-64 CPU */

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_FMASK 0xc0000084
#define MSR_SCRUB_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define MSR_SCRUB_XSS 0x00000da0
#define MSR_BNDCFGS 0x00000d90
#define MSR_XFD 0x000001c4
#define MSR_XFD_ERR 0x000001c5

#define SCRUB_NUM_MSRS 10

/* DR6's value after reset (the reserved bits that read as 1). */
#define SCRUB_DR6_INIT 0xffff0ff0UL
#define SCRUB_DR7_INIT 0x400UL
/* MXCSR after reset: all exceptions masked, round to nearest. */
#define SCRUB_MXCSR_INIT 0x1f80U
/* FCW after FNINIT or an x87 init: all exceptions masked, 64-bit
 * precision, round to nearest. */
#define SCRUB_FCW_INIT 0x037fU
/* Legacy region and XSAVE header: the part of an XSAVE area that XRSTOR
 * reads when XSTATE_BV is 0. */
#define SCRUB_XSAVE_AREA_SIZE 576

struct scrub_msr {
	__u32 msr;
	unsigned int needs; /* SCRUB_HAS_* bit, or SCRUB_ALWAYS */
	const char *name;
};

/* The MSRs handled at every transition, in the order they are written. */
extern const struct scrub_msr scrub_msrs[SCRUB_NUM_MSRS];

/* Linux's values of one CPU, read when the hypervisor was enabled, and
 * what the CPU offers. */
struct scrub_root_state {
	unsigned int features; /* SCRUB_HAS_* of this CPU */
	__u32 valid;	       /* bit n: scrub_msrs[n] was read */
	__u64 value[SCRUB_NUM_MSRS];
	__u64 xcr0; /* scrub_xcr0_mask() of this CPU */
};

/* The native CPUID leaves the decisions need. */
struct scrub_cpuid {
	__u32 leaf1_ecx;
	__u32 leaf7_ebx, leaf7_ecx;
	__u32 leafd0_eax, leafd0_edx; /* XCR0 bits the CPU supports */
	__u32 leafd1_eax;
	__u32 ext1_edx; /* 0x80000001 */
};

enum scrub_direction {
	SCRUB_TO_CELL, /* the next owner is a non-root cell */
	SCRUB_TO_ROOT, /* the CPU goes back to Linux */
};

unsigned int scrub_features(const struct scrub_cpuid *cpuid);

/* Does a CPU with `features` (SCRUB_HAS_*) have scrub_msrs[n]? */
int scrub_msr_present(unsigned int n, unsigned int features);

/*
 * The value scrub_msrs[n] gets for the next owner: 1 and *value set if it
 * is written, 0 if this CPU lacks it or (to the root) Linux's value could
 * not be read.
 */
int scrub_msr_value(unsigned int n, enum scrub_direction dir,
		    const struct scrub_root_state *root, __u64 *value);

/*
 * The XCR0 under which XRSTOR puts every user state component into its
 * init state: what CPUID leaf 0xD reports, less any group the SDM's
 * XSETBV rules would refuse (AVX without SSE, half of MPX or AMX, part of
 * AVX-512), so the hypervisor's own XSETBV cannot fault.  x87 always.
 */
__u64 scrub_xcr0_mask(const struct scrub_cpuid *cpuid);

/* Fills an XSAVE area (SCRUB_XSAVE_AREA_SIZE bytes, 64-byte aligned) whose
 * XRSTOR leaves every component in RFBM at its init state and MXCSR at
 * its reset value: XSTATE_BV and XCOMP_BV zero (standard form).  Its
 * first 512 bytes are also an FXRSTOR image of the x87/SSE init state. */
void scrub_init_xsave_area(__u8 *area);

#endif
