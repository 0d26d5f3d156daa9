// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's xAPIC.  Its page is mapped read-only in the EPT: reads
 * (timer count, ISR/IRR, ICR busy polling) reach the hardware without an
 * exit, and writes exit as EPT violations.  The writing instruction is
 * decoded (arch/mmio-decode.c) for its value; a write of the ICR's low half
 * goes through the IPI filter (arch/apic-icr.c), so a cell only ever
 * interrupts its own CPUs, and every other register is written to the
 * hardware as the guest asked.  In x2APIC mode only the ICR MSR is
 * intercepted (msr-mediate.c) and goes through the same filter; Linux in
 * the Bochs rig stays in xAPIC mode, so that path is covered by the
 * filter's unit tests only.
 */
#include "hv.h"
#include "apic.h"
#include "apic-icr.h"
#include "cell.h"
#include "guest-memory.h"
#include "lib-string.h"
#include "mmio-decode.h"
#include "processor.h"
#include "vmexit.h"
#include "vmx.h"
#include "msr-policy.h"

#define APIC_LDR	0x0d0
#define APIC_DFR	0x0e0
#define APIC_ICR_LOW	0x300
#define APIC_ICR_HIGH	0x310
#define ICR_WAIT_LOOPS	100000

static volatile __u32 *apic_register(unsigned int offset)
{
	return (volatile __u32 *)((__u8 *)apic_page() + offset);
}

void apic_cpu_init(struct per_cpu *cpu)
{
	cpu->apic_ldr = *apic_register(APIC_LDR);
}

static void wait_icr_idle(void)
{
	unsigned int n = ICR_WAIT_LOOPS;

	while ((*apic_register(APIC_ICR_LOW) & APIC_ICR_SEND_PENDING) && --n)
		cpu_relax();
}

static void send_ipi(struct per_cpu *cpu, __u64 icr, int x2apic)
{
	static struct apic_cpu cpus[HV_MAX_CPUS];
	struct apic_icr_request req = {
		.icr = icr,
		.x2apic = x2apic,
		.xapic_cluster = !x2apic && (*apic_register(APIC_DFR) >> 28) == 0,
		.sender = cpu->cpu_id,
		.cpus = cpus,
		.num_cpus = hv_num_cpus,
	};
	struct apic_icr_plan plan;
	__u32 low, high;
	unsigned int n;

	/* only this CPU writes its own entry; the rest is read */
	for (n = 0; n < hv_num_cpus; n++) {
		cpus[n].apic_id = per_cpu_of(n)->apic_id;
		cpus[n].xapic_logical_id = per_cpu_of(n)->apic_ldr >> 24;
		cpus[n].in_cell = per_cpu_of(n)->cell == cpu->cell;
	}
	if (apic_icr_filter(&req, &plan) || plan.verdict == APIC_ICR_VIOLATION) {
		/* root cell: nothing to stop it for, the IPI is just dropped */
		printk("CPU %u: IPI 0x%llx dropped: %s\n", cpu->cpu_id,
		       (unsigned long long)req.icr,
		       plan.reason ? plan.reason : "invalid request");
		return;
	}
	if (plan.verdict != APIC_ICR_SEND)
		return;
	for (n = 0; n < hv_num_cpus; n++) {
		if (!apic_icr_is_target(&plan, n))
			continue;
		apic_icr_target_write(&req, &plan, n, &low, &high);
		if (x2apic) {
			write_msr(MSR_X2APIC_ICR, (__u64)high << 32 | low);
			continue;
		}
		wait_icr_idle();
		*apic_register(APIC_ICR_HIGH) = high;
		*apic_register(APIC_ICR_LOW) = low;
	}
}

void apic_x2apic_icr_write(struct per_cpu *cpu, __u64 value)
{
	send_ipi(cpu, value, 1);
}

static enum mmio_cpu_mode guest_mode(void)
{
	unsigned long cs_ar = vmcs_read(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_CS);

	if (cs_ar & (1UL << 13))
		return MMIO_MODE_LONG64;
	return (cs_ar & (1UL << 14)) ? MMIO_MODE_PROT32 : MMIO_MODE_REAL16;
}

/*
 * Fast path: Linux writes the xAPIC from a handful of places (EOI, timer,
 * ICR).  A small per-CPU cache remembers, per RIP, where the instruction
 * lies in host memory, its bytes and its decoding; a hit only compares the
 * bytes again instead of walking the guest's page tables and decoding.
 * Root cell only: a stale entry could at worst mis-emulate the root's own
 * APIC write (which still goes through the IPI filter), never reach
 * another cell's resources.
 */
static const struct mmio_instruction *cached_decode(struct per_cpu *cpu,
						    __u64 rip)
{
	struct apic_decode_cache *c;
	unsigned int n;

	for (n = 0; n < APIC_DECODE_CACHE; n++) {
		c = &cpu->apic_decode[n];
		if (c->rip == rip && c->insn.length &&
		    !memcmp(phys_window(c->hphys), c->bytes, c->insn.length))
			return &c->insn;
	}
	return NULL;
}

static const struct mmio_instruction *decode(struct per_cpu *cpu,
					     unsigned int offset)
{
	__u64 rip = vmcs_read(GUEST_RIP), cr3 = vmcs_read(GUEST_CR3), hphys;
	const struct mmio_instruction *hit;
	struct apic_decode_cache *c;
	__u8 code[MMIO_INSTRUCTION_MAX];
	const char *why;
	int len;

	if (cpu->cell == &root_cell) {
		hit = cached_decode(cpu, rip);
		if (hit)
			return hit;
	}
	c = &cpu->apic_decode[cpu->apic_decode_next];
	len = guest_read_code(cpu->cell, cr3, rip, code, sizeof(code));
	if (len <= 0 || mmio_decode(code, len, guest_mode(), &c->insn, &why)) {
		printk("CPU %u: xAPIC write at offset 0x%x: %s\n", cpu->cpu_id,
		       offset, len <= 0 ? "instruction not readable" : why);
		c->insn.length = 0;
		return NULL;
	}
	hphys = guest_code_phys(cpu->cell, cr3, rip);
	/* only instructions within one page are cached */
	if (hphys == ~0UL || (hphys & 0xfff) + c->insn.length > PAGE_SIZE) {
		cpu->uncached_insn = c->insn;
		c->insn.length = 0;
		return &cpu->uncached_insn;
	}
	c->rip = rip;
	c->hphys = hphys;
	memcpy(c->bytes, code, c->insn.length);
	cpu->apic_decode_next = (cpu->apic_decode_next + 1) % APIC_DECODE_CACHE;
	return &c->insn;
}

int apic_handle_write(struct per_cpu *cpu, struct guest_regs *regs,
		      unsigned int offset)
{
	const struct mmio_instruction *insn = decode(cpu, offset);
	__u32 value;

	if (!insn || !insn->is_write || insn->access_size != 4 || (offset & 3))
		return -EINVAL;
	value = insn->has_immediate ? insn->immediate :
		mmio_store_value(insn, guest_reg_read(regs, insn->reg));

	if (offset == APIC_ICR_HIGH) {
		cpu->icr_high = value;
	} else if (offset == APIC_ICR_LOW) {
		send_ipi(cpu, (__u64)cpu->icr_high << 32 | value, 0);
	} else {
		*apic_register(offset) = value;
		if (offset == APIC_LDR)
			cpu->apic_ldr = value;
	}
	vmcs_write(GUEST_RIP, vmcs_read(GUEST_RIP) + insn->length);
	return 0;
}
