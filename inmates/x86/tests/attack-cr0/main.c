// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-cr0: writes CR0 (and CR4) values that hardware refuses with #GP,
 * from 64-bit mode: bits 63:32 set, NW without CD, PG without PE, PG
 * cleared while in 64-bit mode (CS.L=1), and CR4.PAE cleared in long mode.
 * The hypervisor guards CR0.PG and emulates such writes; before issue 12
 * it cleared EFER.LMA with CS.L still set, the VM entry failed and the CPU
 * was parked forever.  Each write prints "refused (#GP)" or "NOT REFUSED"
 * and CR0/CR4 must read back unchanged.  Expected: all refused, the cell
 * keeps running until it is shut down.
 */
#include "../attack.h"

#define CR0_PE (1UL << 0)
#define CR0_NW (1UL << 29)
#define CR0_CD (1UL << 30)
#define CR0_PG (1UL << 31)
#define CR4_PAE (1UL << 5)

static unsigned int refused, passed;

static unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void result(const char *what, u32 vector, int unchanged)
{
	if (vector == GENERAL_PROTECTION && unchanged) {
		printk("attack-cr0: %s: refused (#GP)\n", what);
		refused++;
	} else {
		printk("attack-cr0: %s: NOT REFUSED (vector %#x, %s)\n", what,
		       vector, unchanged ? "unchanged" : "register changed");
		passed++;
	}
}

static void try_cr0(const char *what, unsigned long value)
{
	unsigned long before = read_cr0();
	u32 vector = cr0_write_probe(value);

	result(what, vector, read_cr0() == before);
}

static void try_cr4(const char *what, unsigned long value)
{
	unsigned long before = read_cr4();
	u32 vector = cr4_write_probe(value);

	result(what, vector, read_cr4() == before);
}

static void __attribute__((noinline)) attack(void)
{
	unsigned long cr0 = read_cr0(), cr4 = read_cr4();

	asm volatile(ATTACK_INSTRUCTION("nop"));
	try_cr0("CR0 bit 32 set", cr0 | (1UL << 32));
	try_cr0("CR0 bit 63 set", cr0 | (1UL << 63));
	try_cr0("CR0.NW without CD", (cr0 | CR0_NW) & ~CR0_CD);
	try_cr0("CR0.PG without PE", cr0 & ~CR0_PE);
	try_cr0("CR0.PG cleared in 64-bit mode", cr0 & ~CR0_PG);
	try_cr0("CR0.PG and PE cleared in 64-bit mode",
		cr0 & ~(CR0_PG | CR0_PE));
	try_cr4("CR4.PAE cleared in long mode", cr4 & ~CR4_PAE);
	try_cr4("CR4 bit 40 set", cr4 | (1UL << 40));
}

void inmate_main(void)
{
	attack_announce("attack-cr0", "writing invalid CR0/CR4 values");
	attack();
	/* a valid write still works */
	if (cr0_write_probe(read_cr0()) != PROBE_NO_FAULT) {
		printk("attack-cr0: rewriting the current CR0 faulted\n");
		passed++;
	}
	printk("attack-cr0: %u refused, %u NOT REFUSED\n", refused, passed);
	attack_stay_alive("attack-cr0");
}
