// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IDT and dispatch.  An exception means a bug in the inmate: report it with
 * the state needed to find it and stop the CPU rather than guess.
 */
#include <inmate.h>
#include <inmate/probe.h>

#define STUB_SIZE 16	    /* .align 16 in interrupts.S */
#define GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */
#define NMI_VECTOR 2

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type;
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
} __attribute__((packed));

struct idt_pointer {
	u16 limit;
	u64 base;
} __attribute__((packed));

extern const u8 interrupt_stubs[];

static struct idt_gate idt[NUM_VECTORS] __attribute__((aligned(16)));
static interrupt_handler handlers[NUM_VECTORS];
static bool idt_built;
volatile u64 nmis_received;

static const char *const exception_names[32] = {
	"divide error",
	"debug",
	"NMI",
	"breakpoint",
	"overflow",
	"bound range",
	"invalid opcode",
	"device not available",
	"double fault",
	"coprocessor overrun",
	"invalid TSS",
	"segment not present",
	"stack fault",
	"general protection",
	"page fault",
	"reserved",
	"x87 error",
	"alignment check",
	"machine check",
	"SIMD error",
	"virtualization",
	"control protection",
};

static void build_idt(void)
{
	for (unsigned int v = 0; v < NUM_VECTORS; v++) {
		u64 stub = (u64)(interrupt_stubs + v * STUB_SIZE);

		idt[v].offset_low = stub & 0xffff;
		idt[v].selector = SELECTOR_CODE64;
		idt[v].type = GATE_INTERRUPT;
		idt[v].offset_middle = (stub >> 16) & 0xffff;
		idt[v].offset_high = stub >> 32;
	}
	idt_built = true;
}

void interrupts_init(void)
{
	struct idt_pointer pointer = { .limit = sizeof(idt) - 1,
				       .base = (u64)idt };

	/* The first CPU builds it before any other CPU is started. */
	if (!idt_built)
		build_idt();
	asm volatile("lidt %0" : : "m"(pointer));
}

int interrupt_set_handler(unsigned int vector, interrupt_handler handler)
{
	if (vector < FIRST_INTERRUPT_VECTOR || vector >= SPURIOUS_VECTOR)
		return -1;
	handlers[vector] = handler;
	return 0;
}

static void __attribute__((noreturn))
report_exception(const struct interrupt_frame *frame)
{
	const char *name = exception_names[frame->vector] ?
				   exception_names[frame->vector] :
				   "reserved";

	console_flush();
	printk("FATAL: CPU %u: exception %llu (%s), error code %#llx\n",
	       this_cpu(), frame->vector, name, frame->error_code);
	printk("FATAL: RIP %#llx CS %#llx RFLAGS %#llx RSP %#llx\n", frame->rip,
	       frame->cs, frame->rflags, frame->rsp);
	if (frame->vector == 14)
		printk("FATAL: faulting address (CR2) %#lx\n", read_cr2());
	printk("FATAL: CPU %u halted\n", this_cpu());
	halt_forever();
}

void interrupt_dispatch(struct interrupt_frame *frame);

void interrupt_dispatch(struct interrupt_frame *frame)
{
	unsigned int vector = frame->vector;

	/*
	 * An NMI is no bug of the inmate (nothing in a cell should send one,
	 * but it must not kill the CPU): count it and go on.
	 */
	if (vector == NMI_VECTOR) {
		nmis_received++;
		return;
	}
	if (vector < FIRST_INTERRUPT_VECTOR && !probe_fixup(frame))
		report_exception(frame);
	if (vector < FIRST_INTERRUPT_VECTOR)
		return;
	/* A spurious interrupt needs no EOI (SDM: spurious-interrupt vector). */
	if (vector == SPURIOUS_VECTOR)
		return;
	if (handlers[vector]) {
		handlers[vector](vector);
		return;
	}
	printk("CPU %u: interrupt vector %u has no handler, ignored\n",
	       this_cpu(), vector);
	apic_eoi();
}
