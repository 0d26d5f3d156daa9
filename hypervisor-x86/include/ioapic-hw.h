/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registers of one IOAPIC through its mapped page (arch/ioapic.c): the
 * index register, the data window behind it, and the EOI register of
 * version 0x20 and later.  Host tests put their own model of the chip in
 * place of these (tests/unit/hypervisor/fake/ioapic-hw.h).
 */
#ifndef _HV_IOAPIC_HW_H
#define _HV_IOAPIC_HW_H

#include <jailhouse/types.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_EOI 0x40

static inline __u32 ioapic_hw_read(volatile __u32 *regs, __u32 reg)
{
	regs[IOAPIC_REGSEL / 4] = reg;
	return regs[IOAPIC_WINDOW / 4];
}

static inline void ioapic_hw_write(volatile __u32 *regs, __u32 reg, __u32 value)
{
	regs[IOAPIC_REGSEL / 4] = reg;
	regs[IOAPIC_WINDOW / 4] = value;
}

static inline void ioapic_hw_eoi(volatile __u32 *regs, __u32 value)
{
	regs[IOAPIC_EOI / 4] = value;
}

#endif
