// SPDX-License-Identifier: GPL-2.0
/*
 * The exit side of the one MMIO path (mmio.h): an EPT violation in a
 * trapped region of the cell becomes a struct mmio_access for the
 * region's handler, and a handled access is completed here - a load's
 * value goes into the instruction's register as the instruction would
 * have put it, and RIP moves past the instruction (EPT violations give no
 * instruction length: the decoded one counts).  Refused accesses leave RIP
 * and registers as they were, for the fault report.
 */
#include "hv.h"
#include "cell.h"
#include "mmio.h"
#include "mmio-decode.h"
#include "vmexit.h"
/* through the include path: host tests put their stand-in VMCS accessors
 * (tests/unit/hypervisor/fake/) first */
#include <vmx.h>

/* EPT violation exit qualification (SDM vol. 3, table 28-7). */
#define EPT_QUAL_FETCH (1UL << 2)
#define EPT_QUAL_LINEAR_VALID (1UL << 7)
#define EPT_QUAL_TRANSLATED (1UL << 8)

static __u32 refuse(const struct per_cpu *cpu, const struct mmio_region *r,
		    __u64 gphys, __u32 fault, const char *why)
{
	printk("CPU %u: %s access at 0x%llx refused: %s\n", cpu->cpu_id,
	       r->name, (unsigned long long)gphys, why);
	return fault;
}

/*
 * A page walk of the guest reading a table in the region: there is no
 * data access to emulate (the instruction at RIP has its operand
 * elsewhere), and answering with that operand's value would be wrong.
 */
static int page_walk(unsigned long qual)
{
	return (qual & EPT_QUAL_LINEAR_VALID) && !(qual & EPT_QUAL_TRANSLATED);
}

/* What a decoded store writes: its immediate or its register. */
static __u64 store_value(const struct mmio_instruction *insn,
			 struct guest_regs *regs)
{
	return mmio_store_value(insn, insn->has_immediate ?
					      0 :
					      guest_reg_read(regs, insn->reg));
}

static void complete(const struct mmio_instruction *insn,
		     struct guest_regs *regs, __u64 rip, __u64 data)
{
	if (!insn->is_write)
		guest_reg_write(regs, insn->reg,
				mmio_load_result(insn,
						 guest_reg_read(regs,
								insn->reg),
						 data));
	vmcs_write(GUEST_RIP, rip + insn->length);
}

__u32 vmx_mmio_exit(struct per_cpu *cpu, struct guest_regs *regs, __u64 gphys,
		    unsigned long qual)
{
	const struct mmio_region *r =
		mmio_table_lookup(&cpu->cell->mmio, gphys);
	const struct mmio_instruction *insn;
	struct mmio_access access;
	struct mmio_result res;
	__u64 rip;

	/* the usual violation: nothing trapped there, nothing to decode */
	if (!r)
		return JAILHOUSE_FAULT_MEMORY;
	/* code is never run from a trapped region */
	if (qual & EPT_QUAL_FETCH)
		return JAILHOUSE_FAULT_MEMORY;
	if (page_walk(qual))
		return refuse(cpu, r, gphys, JAILHOUSE_FAULT_MEMORY,
			      "the guest's page tables are in the region");
	/* an exit during the delivery of an event (its IDT or GDT entry,
	 * the stack frame it pushes, a TSS): the access is the delivery's,
	 * not the instruction's at RIP, and emulating that instruction would
	 * do something the guest never did */
	if (vmcs_read(IDT_VECTORING_INFO) & INTR_INFO_VALID)
		return refuse(
			cpu, r, gphys, JAILHOUSE_FAULT_MEMORY,
			"the access was made by the delivery of an event, not by an instruction");
	rip = vmcs_read(GUEST_RIP);
	insn = vmx_mmio_fetch(cpu, rip, gphys & ~PAGE_MASK);
	if (!insn)
		return refuse(cpu, r, gphys, JAILHOUSE_FAULT_MMIO_DECODE,
			      "the instruction cannot be emulated");
	access.address = gphys;
	access.size = insn->access_size;
	access.is_write = insn->is_write;
	access.value = insn->is_write ? store_value(insn, regs) : 0;
	res = mmio_region_access(r, cpu, &access);
	if (res.verdict == MMIO_HANDLED)
		complete(insn, regs, rip, access.value);
	return mmio_result_fault(res);
}
