// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-init-sipi: a cell with two CPUs that keep sending each other
 * INIT and SIPI, so that whichever CPU management parks, the other one
 * tries to wake it again (issue 12, item 8).  Runs in the init-sipi cell
 * (configs/x86/init-sipi.c: CPUs 1 and 2 of the 3-CPU Bochs PC).
 *
 * The first CPU starts the second through the library (smp.c); from then
 * on the two take turns: the CPU whose turn it is sends INIT and a SIPI
 * to the other, again and again until the other has landed, then hands
 * the turn over.  The SIPI vector is `landing16` below: a CPU reset by the
 * other lands there in real mode, goes straight to 64-bit mode with the
 * page tables the first CPU built (no second pass through the library's
 * boot code, whose arrival count would run out) and waits for its turn.
 * It never answers the shutdown request: the root has to stop it.
 *
 * Why turns: if both CPUs sent at once, each could receive the other's
 * INIT before sending its own SIPI, and both would wait for a SIPI
 * forever (real CPUs do the same).  The cell would stop itself and
 * attack nothing.  With turns exactly one CPU sends at a time, and a CPU
 * that management holds is sent INIT/SIPI without end by the other.
 *
 * Expected: the cell keeps both CPUs busy with INIT/SIPI while it runs;
 * `cell shutdown` (no answer within msg_reply_timeout_ms) and `cell
 * destroy` stop it anyway, every time, and its CPUs come back to Linux.
 * Before the run-state word, a SIPI could take a parked CPU out of the
 * hypervisor and destroy could wait forever for it with the cell lock
 * held.
 */
#include <inmate.h>

/* Read by landing16 in real mode (DS = 0): in .data, below 64 KiB (the
 * BSS starts at 64 KiB). */
u32 landing_cr3 __attribute__((section(".data.landing_cr3")));
static u32 landing_vector;
static u32 apic_ids[2];
static volatile u32 landings;

/* A stack for each CPU that lands, by APIC ID (16 at most). */
u8 landing_stacks[16][4096] __attribute__((aligned(4096)));

void landed(void);

asm(".pushsection .text.landing, \"ax\"\n"
    "	.balign 4096\n"
    "	.code16\n"
    "	.globl landing16\n"
    "landing16:\n"
    "	cli\n"
    /* CS = vector << 8: reload it with base 0, as boot.S does */
    "	ljmpw $0, $1f\n"
    "1:	xorw %ax, %ax\n"
    "	movw %ax, %ds\n"
    "	lgdtl landing_gdt_descriptor\n"
    "	movl %cr4, %eax\n"
    "	orl $0x20, %eax\n" /* PAE */
    "	movl %eax, %cr4\n"
    "	movl landing_cr3, %eax\n"
    "	movl %eax, %cr3\n"
    "	movl $0xc0000080, %ecx\n" /* EFER */
    "	rdmsr\n"
    "	orl $0x100, %eax\n" /* LME */
    "	wrmsr\n"
    "	movl %cr0, %eax\n"
    "	andl $0x9fffffff, %eax\n" /* caches on */
    "	orl $0x80000001, %eax\n"  /* PG and PE at once: long mode */
    "	movl %eax, %cr0\n"
    "	ljmpl $0x18, $landing64\n"
    "	.code64\n"
    "landing64:\n"
    "	movl $0x10, %eax\n"
    "	movw %ax, %ds\n"
    "	movw %ax, %es\n"
    "	movw %ax, %ss\n"
    /* the xAPIC ID register (reads do not exit) picks the stack */
    "	movl $0xfee00020, %ebx\n"
    "	movl (%rbx), %eax\n"
    "	shrl $24, %eax\n"
    "	andl $15, %eax\n"
    "	incl %eax\n"
    "	shll $12, %eax\n"
    "	leaq landing_stacks(%rip), %rsp\n"
    "	addq %rax, %rsp\n"
    "	call landed\n"
    "2:	cli\n"
    "	hlt\n"
    "	jmp 2b\n"
    "	.balign 8\n"
    "landing_gdt:\n"
    "	.quad 0\n"
    "	.quad 0x00cf9b000000ffff\n" /* 0x08: code32 (unused) */
    "	.quad 0x00cf93000000ffff\n" /* 0x10: data */
    "	.quad 0x00af9b000000ffff\n" /* 0x18: code64 */
    "landing_gdt_end:\n"
    "landing_gdt_descriptor:\n"
    "	.word landing_gdt_end - landing_gdt - 1\n"
    "	.long landing_gdt\n"
    ".popsection\n");

extern const u8 landing16[];

static u32 other_cpu(void)
{
	return apic_id() == apic_ids[0] ? apic_ids[1] : apic_ids[0];
}

/* The APIC ID of the CPU that may send; the other only waits. */
static volatile u32 turn;

static void wait_for_turn(void)
{
	while (turn != apic_id())
		cpu_relax();
}

/* Resets the other CPU until it has landed (it never does while
 * management holds it), then hands it the turn.  The turn is handed over
 * only after the last SIPI is sent, so the two never send at once.  The
 * wait between tries doubles (up to 50 ms) so that a slow landing is not
 * reset again before it completes. */
static void __attribute__((noreturn)) storm(void)
{
	u32 other = other_cpu();
	u64 wait_us;
	u32 seen;

	for (;;) {
		wait_for_turn();
		seen = landings;
		wait_us = 100;
		do {
			apic_send_ipi(other,
				      APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
			apic_send_ipi(other, APIC_ICR_STARTUP | landing_vector);
			delay_us(wait_us);
			if (wait_us < 50000)
				wait_us *= 2;
		} while (landings == seen);
		turn = other;
	}
}

void landed(void)
{
	__atomic_add_fetch(&landings, 1, __ATOMIC_SEQ_CST);
	storm();
}

static void secondary(unsigned int cpu)
{
	(void)cpu;
	storm();
}

void inmate_main(void)
{
	const struct jailhouse_comm_platform *platform =
		&comm_region()->platform;
	u64 cr3;

	if (timing_init() != 0)
		return;
	apic_init(false);
	if (platform->num_cpus != 2) {
		printk("attack-init-sipi: needs a cell with 2 CPUs, this one has %u\n",
		       platform->num_cpus);
		return;
	}
	apic_ids[0] = platform->cpu_apic_ids[0];
	apic_ids[1] = platform->cpu_apic_ids[1];
	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	landing_cr3 = (u32)cr3;
	landing_vector = (u32)(u64)landing16 >> 12;
	turn = apic_id();
	printk("attack-init-sipi: APIC IDs %u and %u send each other INIT and SIPI (vector %#x) until the root stops the cell\n",
	       apic_ids[0], apic_ids[1], landing_vector);
	console_flush();
	/* the second CPU waits for its turn once it is up */
	smp_start_cpus(secondary);
	storm();
}
