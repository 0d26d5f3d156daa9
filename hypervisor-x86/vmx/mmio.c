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
#include "apic.h"
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

/* Out of line and cold: the hot paths keep no registers for the sentence. */
static __u32 __attribute__((noinline, cold))
refuse(const struct per_cpu *cpu, const struct mmio_region *r, __u64 gphys,
       __u32 fault, const char *why)
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

/* The region's handler; the xAPIC's by a direct call (no retpoline), as
 * every xAPIC write of a cell and every root write but the EOI come here. */
static struct mmio_result call_handler(const struct mmio_region *r,
				       struct per_cpu *cpu,
				       struct mmio_access *access)
{
	if (r->handler == apic_xapic_access)
		return apic_xapic_access(cpu, access, r->arg);
	return mmio_region_access(r, cpu, access);
}

__u32 vmx_mmio_exit(struct per_cpu *cpu, struct guest_regs *regs, __u64 gphys,
		    unsigned long qual, __u32 vectoring)
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
	if (vectoring & INTR_INFO_VALID)
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
	res = call_handler(r, cpu, &access);
	if (res.verdict == MMIO_HANDLED)
		complete(insn, regs, rip, access.value);
	return mmio_result_fault(res);
}

/*
 * The two writes of Linux's tick to the root's xAPIC page, a 32-bit store
 * to the EOI (0xb0) or to the timer's initial count (0x380): one each per
 * tick, the exits that bound the root's slowdown (Documentation/
 * performance.md).  The root's other writes go the general way.  The
 * same checks as vmx_mmio_exit() and the xAPIC handler make for them, in
 * a straight line: the root's own xAPIC region (the first of its table),
 * one of the two offsets exactly, a data access that is no page walk and
 * no event delivery, 64-bit code, the cached instruction at RIP whose
 * bytes are still there, a store of 4 bytes from a register.  Both go to
 * the hardware register as written, as root_write() (arch/apic.c) does.
 */
int vmx_root_apic_write(struct per_cpu *cpu, struct guest_regs *regs)
{
	const struct mmio_region *r = &cpu->cell->mmio.regions[0];
	const struct mmio_decode_entry *e;
	unsigned long qual, offset;
	__u64 rip;

	if (cpu->cell != &root_cell || r->handler != apic_xapic_access)
		return 0;
	/* below the region: wraps to far above it */
	offset = vmcs_read(GUEST_PHYSICAL_ADDRESS) - r->start;
	if (offset != APIC_EOI_OFFSET && offset != APIC_TMICT_OFFSET)
		return 0;
	qual = vmcs_read(EXIT_QUALIFICATION);
	/* a data access with its linear address translated: no fetch, no
	 * page walk (page_walk()) */
	if ((qual &
	     (EPT_QUAL_FETCH | EPT_QUAL_LINEAR_VALID | EPT_QUAL_TRANSLATED)) !=
	    (EPT_QUAL_LINEAR_VALID | EPT_QUAL_TRANSLATED))
		return 0;
	/* an event whose delivery was interrupted: the general path
	 * delivers it again and refuses the access */
	if (vmcs_read(IDT_VECTORING_INFO) & INTR_INFO_VALID)
		return 0;
	/* 64-bit code (CS.L): RIP is the linear address the cache keys on */
	if (!(vmcs_read(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_CS) &
	      (1UL << 13)))
		return 0;
	rip = vmcs_read(GUEST_RIP);
	e = mmio_decode_cached_from(&cpu->mmio_decode, rip,
				    &cpu->mmio_decode.tick[offset ==
							   APIC_TMICT_OFFSET]);
	/* a 32-bit store from a register other than RSP (in the VMCS), as
	 * the entry says: its slot among the saved registers */
	if (!e || e->store32_slot >= MMIO_NO_STORE32)
		return 0;
	apic_root_write(r->arg, offset, guest_slot_read(regs, e->store32_slot));
	vmcs_write(GUEST_RIP, rip + e->insn.length);
	return 1;
}
