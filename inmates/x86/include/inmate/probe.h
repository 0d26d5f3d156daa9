/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Accesses that may fault the way real hardware refuses them (an MSR the
 * CPU does not have raises #GP): the exception is recovered instead of
 * reported as fatal.  Each probe's instruction is listed in the .fixups
 * table; the exception handler resumes behind it and records the vector.
 */
#ifndef _INMATE_PROBE_H
#define _INMATE_PROBE_H

#include <inmate/types.h>

#define PROBE_NO_FAULT 0xffffffffU
#define GENERAL_PROTECTION 13

/* Each returns PROBE_NO_FAULT or the vector of the exception raised. */
u32 rdmsr_probe(u32 msr, u64 *value);
u32 wrmsr_probe(u32 msr, u64 value);
u32 xsetbv_probe(u32 index, u64 value);
u32 cr0_write_probe(unsigned long value);
u32 cr4_write_probe(unsigned long value);

struct interrupt_frame;
/* For the exception handler: true if it resumed a probe. */
bool probe_fixup(struct interrupt_frame *frame);

#endif
