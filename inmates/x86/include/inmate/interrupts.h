/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The IDT: exceptions (except NMI) print a report and halt the CPU;
 * interrupt vectors call the handler registered for them.  Handlers run
 * with interrupts disabled and must send the EOI themselves (apic_eoi()).
 */
#ifndef _INMATE_INTERRUPTS_H
#define _INMATE_INTERRUPTS_H

#include <inmate/types.h>

#define FIRST_INTERRUPT_VECTOR 32
#define SPURIOUS_VECTOR 0xff
#define NUM_VECTORS 256

struct interrupt_frame {
	u64 r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
	u64 vector;
	u64 error_code;
	u64 rip, cs, rflags, rsp, ss;
};

typedef void (*interrupt_handler)(unsigned int vector);

/* NMIs are counted and otherwise ignored. */
extern volatile u64 nmis_received;

/* Loads the IDT on the calling CPU (every CPU calls it once). */
void interrupts_init(void);
/* Returns -1 for an exception vector or the spurious vector. */
int interrupt_set_handler(unsigned int vector, interrupt_handler handler);

#endif
