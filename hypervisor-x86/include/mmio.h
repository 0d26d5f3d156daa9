/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated accesses to sub-page MMIO regions (arch/mmio.c).
 */
#ifndef _HV_MMIO_H
#define _HV_MMIO_H

#include <jailhouse/types.h>
#include "mmio-decode.h"
#include "vmexit.h"
/* through the include path, not this directory: host tests put their
 * stand-in VMCS accessors (tests/unit/hypervisor-vmx/fake/) first */
#include <vmx.h>

struct per_cpu;
struct guest_regs;

/* What a decoded store writes: its immediate or its register (an
 * immediate store reads no register). */
static inline __u64 mmio_store_operand(const struct mmio_instruction *insn,
				       struct guest_regs *regs)
{
	return mmio_store_value(insn, insn->has_immediate ? 0 :
				guest_reg_read(regs, insn->reg));
}

/*
 * Ends an emulated access (xAPIC, IOAPIC, sub-page region): a load's
 * `data` goes into its register as the instruction would have put it, and
 * RIP moves past the instruction (EPT violations give no instruction
 * length: the decoded one counts).
 */
static inline void mmio_complete(const struct mmio_instruction *insn,
				 struct guest_regs *regs, __u64 data)
{
	if (!insn->is_write)
		guest_reg_write(regs, insn->reg,
				mmio_load_result(insn,
						 guest_reg_read(regs, insn->reg),
						 data));
	vmcs_write(GUEST_RIP, vmcs_read(GUEST_RIP) + insn->length);
}

/*
 * An EPT violation at guest-physical `gphys` of this CPU's cell (root or
 * not).  Returns
 *   0        the access was made on the device as the instruction asked,
 *            the register loaded and RIP advanced past the instruction;
 *   -ENOENT  no sub-page region of the cell is in that page, the access
 *            touches none, or it is an instruction fetch: the caller
 *            reports a memory violation;
 *   -EINVAL  the instruction could not be decoded;
 *   -EPERM   a region refuses the access (width, alignment, crossing its
 *            end, direction), or the guest's page walk read a table
 *            there (no data access of the instruction to emulate).
 * On -EINVAL and -EPERM the hypervisor console gets a line with the CPU,
 * the address and the reason; RIP and registers are left as they were.
 */
int mmio_handle_subpage(struct per_cpu *cpu, struct guest_regs *regs,
			__u64 gphys);

#endif
