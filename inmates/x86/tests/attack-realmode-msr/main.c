// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-realmode-msr: reads an MSR outside the allow-list while the CPU is
 * still in real mode, before the library switches to long mode (through
 * the library's inmate_realmode_hook).  Hardware raises #GP, and in real
 * mode an exception pushes no error code: an injected #GP with an error
 * code makes VM entry fail (SDM 26.2.1.3), which once cost the CPU.
 * Expected: the #GP arrives through the real-mode IVT exactly once, the
 * cell keeps running until it is shut down.
 */
#include "../attack.h"

/* Written in real mode with DS = 0: must live in the image below 64 KiB,
 * not in the BSS at 64 KiB (which is also zeroed after the hook). */
volatile u32 realmode_gp_count __attribute__((section(".data")));
volatile u32 realmode_hook_ran __attribute__((section(".data")));

/*
 * IVT[13] -> realmode_gp; RDMSR of IA32_BIOS_UPDT_TRIG (denied to cells);
 * the handler counts and resumes behind the two-byte RDMSR.  The stack is
 * the library's (below 0x1000, set before the call).
 */
asm(".pushsection .text.realmode, \"ax\"\n"
    ".code16\n"
    ".globl inmate_realmode_hook\n"
    "inmate_realmode_hook:\n"
    "	movl $0, realmode_gp_count\n"
    "	movw $realmode_gp, 13 * 4\n"
    "	movw $0, 13 * 4 + 2\n"
    "	movl $0x79, %ecx\n"
    "	rdmsr\n"
    "	movl $1, realmode_hook_ran\n"
    "	retw\n"
    "realmode_gp:\n"
    "	incl realmode_gp_count\n"
    "	pushw %bp\n"
    "	movw %sp, %bp\n"
    "	addw $2, 2(%bp)\n"
    "	popw %bp\n"
    "	iretw\n"
    ".code64\n"
    ".popsection\n");

void inmate_main(void)
{
	if (!realmode_hook_ran)
		printk("attack-realmode-msr: rdmsr 0x79 in real mode: NOT REFUSED properly (the real-mode part did not finish)\n");
	else if (realmode_gp_count == 1)
		printk("attack-realmode-msr: rdmsr 0x79 in real mode: refused (#GP)\n");
	else
		printk("attack-realmode-msr: rdmsr 0x79 in real mode: NOT REFUSED properly (%u #GP)\n",
		       realmode_gp_count);
	attack_stay_alive("attack-realmode-msr");
}
