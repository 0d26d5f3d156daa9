/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Local APIC in xAPIC (MMIO) or x2APIC (MSR) mode, and its timer.
 *
 * Under the hypervisor every xAPIC access traps, while the x2APIC
 * registers except the ICR pass through: an inmate that wants to run
 * without VM exits asks for x2APIC (granted with
 * JAILHOUSE_CELL_X2APIC_PERMITTED) and uses the TSC-deadline timer.
 */
#ifndef _INMATE_APIC_H
#define _INMATE_APIC_H

#include <inmate/types.h>

#define XAPIC_BASE 0xfee00000UL
#define APIC_REG_ID 0x20
#define APIC_REG_EOI 0xb0
#define APIC_REG_SVR 0xf0
#define APIC_REG_ICR 0x300
#define APIC_REG_ICR_HIGH 0x310
#define APIC_REG_LVT_TIMER 0x320
#define APIC_REG_TIMER_INITIAL 0x380
#define APIC_REG_TIMER_CURRENT 0x390
#define APIC_REG_TIMER_DIVIDE 0x3e0

#define APIC_SVR_ENABLE 0x100
#define APIC_ICR_INIT 0x00000500
#define APIC_ICR_STARTUP 0x00000600
#define APIC_ICR_LEVEL_ASSERT 0x00004000
#define APIC_ICR_BUSY 0x00001000
#define APIC_LVT_MASKED 0x00010000
#define APIC_TIMER_ONE_SHOT 0x00000000
#define APIC_TIMER_TSC_DEADLINE 0x00040000
#define APIC_TIMER_DIVIDE_BY_1 0x0b

#define APIC_BASE_X2APIC 0x400
#define APIC_BASE_ENABLE 0x800

enum apic_timer_mode {
	APIC_TIMER_NONE,
	APIC_TIMER_DEADLINE,
	APIC_TIMER_COUNTDOWN
};

/*
 * First CPU: picks the mode (x2APIC if want_x2apic, the CPU has it and the
 * cell is permitted to switch, or if the cell started in x2APIC) and
 * enables its APIC.  Other CPUs then call apic_cpu_init().
 */
void apic_init(bool want_x2apic);
void apic_cpu_init(void);
bool apic_x2apic_mode(void);
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 value);
u32 apic_id(void);
void apic_eoi(void);
void apic_send_ipi(u32 destination, u32 command);

/* TSC-deadline if the CPU has it, else a one-shot countdown. */
enum apic_timer_mode apic_timer_init(unsigned int vector);
/* Fires the timer's interrupt once the TSC reaches `deadline`. */
void apic_timer_arm(u64 deadline);
const char *apic_timer_mode_name(enum apic_timer_mode mode);

#endif
