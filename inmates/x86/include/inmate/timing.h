/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Time for inmates: the TSC is the clock, its frequency and the APIC
 * timer's come from the communication region.  Only when the region says 0
 * are they measured once against the ACPI PM timer (TSC) or the TSC (APIC
 * timer).  No emulated MSR or port is ever read in a loop that runs after
 * start-up.
 *
 * The conversion and calibration arithmetic is pure and host-tested.
 */
#ifndef _INMATE_TIMING_H
#define _INMATE_TIMING_H

#include <inmate/types.h>

#define PM_TIMER_HZ 3579545
#define PM_TIMER_MASK 0xffffff /* 24 bits: the narrowest width */
#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL

/* Overflow-free for any u64 tick count and frequency >= 1 kHz. */
u64 ticks_to_ns(u64 ticks, u32 khz);
u64 ns_to_ticks(u64 ns, u32 khz);
/* Signed variant for latencies that may come out negative. */
s64 signed_ticks_to_ns(s64 ticks, u32 khz);
/* Ticks of a clock at to_khz that last as long as `ticks` at from_khz. */
u64 ticks_convert(u64 ticks, u32 from_khz, u32 to_khz);

/* PM timer difference, correct across one wrap of the 24-bit counter. */
u32 pm_timer_delta(u32 start, u32 end);
/*
 * Frequency in kHz of a counter that advanced `counted` while a reference
 * clock of ref_hz advanced `reference` ticks; 0 if reference is 0 or the
 * result does not fit in 32 bits.
 */
u32 calibrate_khz(u64 counted, u64 reference, u64 ref_hz);

#ifndef JH_HOST_TEST
/* Frequencies in kHz, known after timing_init() (which also checks them). */
extern u32 tsc_khz;
extern u32 apic_timer_khz;

/* Returns 0, or -1 after printing why time cannot be measured. */
int timing_init(void);
/* The APIC timer's input clock, measured on first use if unknown. */
u32 apic_timer_frequency(void);
u64 time_ns(void);
/* Short busy waits only (INIT/SIPI spacing); everything else uses hlt. */
void delay_us(u64 us);
#endif

#endif
