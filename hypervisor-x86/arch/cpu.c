// SPDX-License-Identifier: GPL-2.0
/*
 * This CPU's own descriptor tables: GDT with a TSS (VMX requires a host
 * TR), and an IDT whose NMI handler queues Linux's NMIs for re-injection and
 * whose exception handlers report hypervisor bugs.  The code and data
 * selectors are the ones Linux uses (0x10, 0x18), so CS never has to be
 * reloaded on the way in or out.
 */
#include "hv.h"
#include "processor.h"
#include "vmx.h"
#include <common/string.h>

#define GDT_CODE64 0x00af9b000000ffffUL
#define GDT_DATA 0x00cf93000000ffffUL

static void set_gate(__u64 *idt, unsigned int vector, __u64 handler)
{
	/* 64-bit interrupt gate, present, DPL 0, IST 0 */
	idt[2 * vector] = (handler & 0xffff) |
			  ((__u64)GDT_CODE_SELECTOR << 16) | (0x8eUL << 40) |
			  ((handler >> 16) & 0xffff) << 48;
	idt[2 * vector + 1] = handler >> 32;
}

static void set_tss_descriptor(__u64 *gdt, __u64 base, __u32 limit)
{
	gdt[GDT_TSS_SELECTOR / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 |
				    (0x89UL << 40) |
				    ((__u64)(limit >> 16) & 0xf) << 48 |
				    ((base >> 24) & 0xff) << 56;
	gdt[GDT_TSS_SELECTOR / 8 + 1] = base >> 32;
}

/*
 * The IDT of cpu_interrupt_window(): vectors from 16 up, which a cell may
 * have left pending in the local APIC (a self-IPI may use 16-31 too), go
 * to a stub that only returns; NMIs are handled as always; 0-15 cannot be
 * interrupts (the APIC refuses them) and stay the exception stubs.  An
 * #MC inside the two-instruction window would be taken for an interrupt.
 * Shared by all CPUs: each writes the same values when it sets up.
 */
static __u64 stray_idt[2 * 256] __attribute__((aligned(PAGE_SIZE)));

static void build_stray_idt(void)
{
	unsigned int v;

	for (v = 0; v < 16; v++)
		set_gate(stray_idt, v, hv_exception_stubs[v]);
	for (v = 16; v < 256; v++)
		set_gate(stray_idt, v, (unsigned long)hv_stray_interrupt);
	set_gate(stray_idt, X86_VECTOR_NMI, (unsigned long)hv_nmi_entry);
}

/* STI's shadow covers the first NOP; pending vectors are taken before the
 * second. */
void cpu_interrupt_window(void)
{
	struct desc_ptr stray = { sizeof(stray_idt) - 1,
				  (unsigned long)stray_idt };
	struct desc_ptr own = { sizeof(this_cpu()->idt) - 1,
				(unsigned long)this_cpu()->idt };

	asm volatile("lidt %0\n\tsti\n\tnop\n\tnop\n\tcli\n\tlidt %1"
		     :
		     : "m"(stray), "m"(own)
		     : "memory");
}

void cpu_load_tables(struct per_cpu *cpu)
{
	struct desc_ptr gdtr = { sizeof(cpu->gdt) - 1,
				 (unsigned long)cpu->gdt };
	struct desc_ptr idtr = { sizeof(cpu->idt) - 1,
				 (unsigned long)cpu->idt };
	unsigned int v;

	memset(cpu->gdt, 0, sizeof(cpu->gdt));
	cpu->gdt[GDT_CODE_SELECTOR / 8] = GDT_CODE64;
	cpu->gdt[GDT_DATA_SELECTOR / 8] = GDT_DATA;
	memset(cpu->tss, 0, sizeof(cpu->tss));
	/* no I/O bitmap: its offset points past the limit */
	*(__u16 *)&cpu->tss[102] = sizeof(cpu->tss);
	set_tss_descriptor(cpu->gdt, (unsigned long)cpu->tss,
			   sizeof(cpu->tss) - 1);

	memset(cpu->idt, 0, sizeof(cpu->idt));
	for (v = 0; v < 32; v++)
		set_gate(cpu->idt, v, hv_exception_stubs[v]);
	set_gate(cpu->idt, X86_VECTOR_NMI, (unsigned long)hv_nmi_entry);

	build_stray_idt();

	asm volatile("lgdt %0" : : "m"(gdtr));
	asm volatile("mov %0, %%ss" : : "r"(GDT_DATA_SELECTOR));
	asm volatile("lidt %0" : : "m"(idtr));
	asm volatile("ltr %w0" : : "r"(GDT_TSS_SELECTOR));
}
