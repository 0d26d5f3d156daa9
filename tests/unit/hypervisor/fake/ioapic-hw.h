/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for hypervisor-x86/include/ioapic-hw.h: the IOAPIC's
 * registers are the test's model (found first on the include path), since
 * an index register and a data window cannot be plain memory.
 */
#ifndef _HV_IOAPIC_HW_H
#define _HV_IOAPIC_HW_H

#include <jailhouse/types.h>

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10
#define IOAPIC_EOI 0x40

__u32 ioapic_hw_read(volatile __u32 *regs, __u32 reg);
void ioapic_hw_write(volatile __u32 *regs, __u32 reg, __u32 value);
void ioapic_hw_eoi(volatile __u32 *regs, __u32 value);

#endif
