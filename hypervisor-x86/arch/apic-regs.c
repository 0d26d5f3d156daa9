// SPDX-License-Identifier: GPL-2.0
/*
 * A non-root cell's local APIC registers: hardware or the cell's own copy
 * (include/apic-regs.h says which and why).
 */
#include "apic-regs.h"

#define DELIVERY_FIXED 0

static int lvt_with_delivery_mode(unsigned int offset)
{
	return offset == APIC_REG_LVT_CMCI || offset == APIC_REG_LVT_THERMAL ||
	       offset == APIC_REG_LVT_PERF;
}

static int read_only(unsigned int offset)
{
	return offset == APIC_REG_VERSION || offset == APIC_REG_PPR ||
	       offset == APIC_REG_TIMER_CCR ||
	       (offset >= 0x100 && offset < 0x280); /* ISR, TMR, IRR */
}

/* Registers whose writes reach the hardware unchanged. */
static int safe_to_write(unsigned int offset)
{
	return offset == APIC_REG_TPR || offset == APIC_REG_EOI ||
	       offset == APIC_REG_SVR || offset == APIC_REG_ESR ||
	       offset == APIC_REG_LVT_TIMER || offset == APIC_REG_LVT_ERROR ||
	       offset == APIC_REG_TIMER_ICR || offset == APIC_REG_TIMER_DCR;
}

static enum apic_reg_action x2apic_decide(unsigned int offset, int is_write,
					  __u32 value)
{
	/* the ID and LDR are read-only in x2APIC mode, DFR and ICR high
	 * do not exist: the hardware's answer is right for all of them */
	if (offset == APIC_REG_DFR || offset == APIC_REG_ICR_HIGH)
		return APIC_REG_REFUSE;
	if (offset == APIC_REG_ID || offset == APIC_REG_LDR)
		return is_write ? APIC_REG_REFUSE : APIC_REG_HARDWARE;
	if (offset == APIC_REG_SELF_IPI)
		return APIC_REG_HARDWARE; /* always to this CPU itself */
	if (offset == APIC_REG_ICR_LOW)
		return is_write ? APIC_REG_SEND_IPI : APIC_REG_HARDWARE;
	if (is_write && read_only(offset))
		return APIC_REG_REFUSE;
	(void)value;
	return APIC_REG_HARDWARE;
}

enum apic_reg_action apic_reg_decide(unsigned int offset, int is_write,
				     __u32 value, int x2apic)
{
	if (offset > 0x3f0 || (offset & 0xf))
		return APIC_REG_REFUSE;
	if (offset == APIC_REG_LVT_LINT0 || offset == APIC_REG_LVT_LINT1)
		return APIC_REG_VIRTUAL;
	if (lvt_with_delivery_mode(offset)) {
		if (!is_write)
			return APIC_REG_VIRTUAL;
		return (value & APIC_LVT_DELIVERY_MASK) == DELIVERY_FIXED ?
			       APIC_REG_HARDWARE :
			       APIC_REG_LVT_MASKED;
	}
	if (x2apic)
		return x2apic_decide(offset, is_write, value);
	if (offset == APIC_REG_SELF_IPI)
		return APIC_REG_REFUSE;
	if (offset == APIC_REG_ID || offset == APIC_REG_LDR ||
	    offset == APIC_REG_DFR)
		return APIC_REG_VIRTUAL;
	if (offset == APIC_REG_ICR_LOW)
		return is_write ? APIC_REG_SEND_IPI : APIC_REG_HARDWARE;
	if (offset == APIC_REG_ICR_HIGH)
		return is_write ? APIC_REG_SAVE_HIGH : APIC_REG_HARDWARE;
	if (!is_write)
		return APIC_REG_HARDWARE;
	if (read_only(offset))
		return APIC_REG_IGNORE;
	return safe_to_write(offset) ? APIC_REG_HARDWARE : APIC_REG_IGNORE;
}

__u32 *apic_virtual_reg(struct apic_virtual *v, unsigned int offset)
{
	switch (offset) {
	case APIC_REG_ID:
		return &v->id;
	case APIC_REG_LDR:
		return &v->ldr;
	case APIC_REG_DFR:
		return &v->dfr;
	case APIC_REG_LVT_LINT0:
		return &v->lint0;
	case APIC_REG_LVT_LINT1:
		return &v->lint1;
	case APIC_REG_LVT_CMCI:
		return &v->lvt_cmci;
	case APIC_REG_LVT_THERMAL:
		return &v->lvt_thermal;
	case APIC_REG_LVT_PERF:
		return &v->lvt_perf;
	}
	return 0;
}

void apic_virtual_reset(struct apic_virtual *v, __u32 apic_id)
{
	v->id = apic_id << 24;
	v->ldr = 0;
	v->dfr = 0xffffffff;
	v->lint0 = v->lint1 = APIC_LVT_MASK;
	v->lvt_cmci = v->lvt_thermal = v->lvt_perf = APIC_LVT_MASK;
}

__u8 apic_virtual_logical_id(const struct apic_virtual *v)
{
	return v->ldr >> 24;
}

int apic_virtual_cluster(const struct apic_virtual *v)
{
	return (v->dfr >> 28) == 0;
}
