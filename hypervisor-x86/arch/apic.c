// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's xAPIC.  Its page is mapped read-only in the EPT: reads
 * (timer count, ISR/IRR, ICR busy polling) reach the hardware without an
 * exit, and writes exit as EPT violations and come here through the cell's
 * MMIO table (mmio.h), decoded; a write of the ICR's low half
 * goes through the IPI filter (arch/apic-icr.c), so a cell only ever
 * interrupts its own CPUs, and every other register is written to the
 * hardware as the guest asked.  In x2APIC mode only the ICR MSR is
 * intercepted (arch/msr-mediate.c) and goes through the same filter; Linux in
 * the Bochs rig stays in xAPIC mode, so that path is covered by the
 * filter's unit tests only.
 */
#include "hv.h"
#include "apic.h"
#include "apic-icr.h"
#include "cell.h"
#include "mmio.h"
#include "processor.h"
#include "msr-policy.h"
#include "cpu-events.h"

#define APIC_LDR 0x0d0
#define APIC_DFR 0x0e0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define ICR_WAIT_LOOPS 100000
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_ISR 0x100
#define APIC_LVT_CMCI 0x2f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_ICR 0x380
#define APIC_LVT_MASKED (1U << 16)
#define APIC_BASE_X2APIC (1UL << 10)
#define APIC_BASE_ENABLE (1UL << 11)
#define MSR_APIC_BASE 0x1b
#define X2APIC_MSR(off) (0x800 + ((off) >> 4))

static volatile __u32 *register_at(void *page, unsigned int offset)
{
	return (volatile __u32 *)((__u8 *)page + offset);
}

static volatile __u32 *apic_register(unsigned int offset)
{
	return register_at(apic_page(), offset);
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

static int x2apic_mode(void)
{
	return !!(read_msr(MSR_APIC_BASE) & APIC_BASE_X2APIC);
}

static __u32 apic_read(unsigned int offset)
{
	return x2apic_mode() ? (__u32)read_msr(X2APIC_MSR(offset)) :
			       *apic_register(offset);
}

static void apic_write(unsigned int offset, __u32 value)
{
	if (x2apic_mode())
		write_msr(X2APIC_MSR(offset), value);
	else
		*apic_register(offset) = value;
}

void apic_send_nmi(__u32 apic_id)
{
	__u32 low = (APIC_ICR_DELIVERY_NMI << APIC_ICR_DELIVERY_SHIFT) |
		    APIC_ICR_LEVEL_ASSERT;

	if (x2apic_mode()) {
		write_msr(MSR_X2APIC_ICR, (__u64)apic_id << 32 | low);
		return;
	}
	wait_icr_idle();
	*apic_register(APIC_ICR_HIGH) = apic_id << 24;
	*apic_register(APIC_ICR_LOW) = low;
}

int apic_x2apic_switch_permitted(const struct per_cpu *cpu, __u64 value)
{
	const struct cell *cell = cpu->cell;

	return cell != &root_cell &&
	       (cell->config->flags & JAILHOUSE_CELL_X2APIC_PERMITTED) &&
	       value == (read_msr(MSR_APIC_BASE) | APIC_BASE_X2APIC);
}

/*
 * x2APIC back to xAPIC only through the disabled state (SDM: the direct
 * transition is invalid).  Bochs ignores every write of IA32_APIC_BASE
 * while the APIC is globally disabled, so there the way back ends in the
 * disabled state: -EIO, read back, never assumed.
 */
int apic_restore_base(__u64 base)
{
	__u64 now = read_msr(MSR_APIC_BASE);

	if (now == base)
		return 0;
	if ((now & APIC_BASE_X2APIC) && !(base & APIC_BASE_X2APIC))
		write_msr(MSR_APIC_BASE,
			  now & ~(APIC_BASE_X2APIC | APIC_BASE_ENABLE));
	write_msr(MSR_APIC_BASE, base);
	return read_msr(MSR_APIC_BASE) == base ? 0 : -EIO;
}

/* Whatever the previous owner left armed or in service must not fire
 * into the next one. */
void apic_clear(void)
{
	unsigned int reg, n;

	for (reg = APIC_LVT_TIMER; reg <= APIC_LVT_ERROR; reg += 0x10)
		apic_write(reg, apic_read(reg) | APIC_LVT_MASKED);
	apic_write(APIC_LVT_CMCI, apic_read(APIC_LVT_CMCI) | APIC_LVT_MASKED);
	apic_write(APIC_TIMER_ICR, 0);
	apic_write(APIC_TPR, 0);
	/* one EOI retires the highest vector in service */
	for (n = 0; n < 256; n++) {
		for (reg = 0; reg < 8; reg++)
			if (apic_read(APIC_ISR + reg * 0x10))
				break;
		if (reg == 8)
			break;
		apic_write(APIC_EOI, 0);
	}
}

/* INIT and SIPI are emulated (cpu-events.c); everything else is sent. */
static void deliver(const struct apic_icr_request *req,
		    const struct apic_icr_plan *plan, unsigned int n)
{
	unsigned int mode = (plan->icr_low & APIC_ICR_DELIVERY_MASK) >>
			    APIC_ICR_DELIVERY_SHIFT;
	__u32 low, high;

	if (mode == APIC_ICR_DELIVERY_INIT) {
		cpu_signal_init(per_cpu_of(n));
		return;
	}
	if (mode == APIC_ICR_DELIVERY_STARTUP) {
		cpu_signal_sipi(per_cpu_of(n),
				plan->icr_low & APIC_ICR_VECTOR_MASK);
		return;
	}
	apic_icr_target_write(req, plan, n, &low, &high);
	if (req->x2apic) {
		write_msr(MSR_X2APIC_ICR, (__u64)high << 32 | low);
		return;
	}
	wait_icr_idle();
	*apic_register(APIC_ICR_HIGH) = high;
	*apic_register(APIC_ICR_LOW) = low;
}

void apic_cpus_seen_by(const struct cell *cell, struct apic_cpu *cpus)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++) {
		cpus[n].apic_id = per_cpu_of(n)->apic_id;
		cpus[n].xapic_logical_id = per_cpu_of(n)->apic_ldr >> 24;
		cpus[n].in_cell = per_cpu_of(n)->cell == cell;
	}
}

/* 0, or -EPERM: a non-root cell addressed a CPU it does not own (the
 * caller stops the cell). */
static int send_ipi(struct per_cpu *cpu, __u64 icr, int x2apic)
{
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct apic_icr_request req = {
		.icr = icr,
		.x2apic = x2apic,
		.xapic_cluster = !x2apic &&
				 (*apic_register(APIC_DFR) >> 28) == 0,
		.sender = cpu->cpu_id,
		.cpus = cpus,
		.num_cpus = hv_num_cpus,
	};
	struct apic_icr_plan plan;
	unsigned int n;

	apic_cpus_seen_by(cpu->cell, cpus);
	if (apic_icr_filter(&req, &plan) ||
	    plan.verdict == APIC_ICR_VIOLATION) {
		if (cpu->cell != &root_cell)
			return -EPERM;
		/* root cell: nothing to stop it for, the IPI is just dropped */
		printk("CPU %u: IPI 0x%llx dropped: %s\n", cpu->cpu_id,
		       (unsigned long long)req.icr,
		       plan.reason ? plan.reason : "invalid request");
		return 0;
	}
	if (plan.verdict != APIC_ICR_SEND)
		return 0;
	for (n = 0; n < hv_num_cpus; n++)
		if (apic_icr_is_target(&plan, n))
			deliver(&req, &plan, n);
	return 0;
}

int apic_x2apic_icr_write(struct per_cpu *cpu, __u64 value)
{
	/* In xAPIC mode the MSR does not exist: the hypervisor's own WRMSR
	 * would fault in VMX root, and the guest must get #GP as on hardware
	 * (IA32_APIC_BASE is mediated, so the hardware mode is the guest's). */
	if (!x2apic_mode())
		return -EINVAL;
	return send_ipi(cpu, value, 1);
}

/*
 * A write to the xAPIC page (the page is read-only in every cell's EPT:
 * reads never exit).  Only 32-bit writes of a register are emulated.
 */
static struct mmio_result xapic_write(struct per_cpu *cpu,
				      struct mmio_access *access, void *page)
{
	unsigned int offset = access->address & ~PAGE_MASK;
	__u32 value = access->value;

	if (!access->is_write || access->size != 4 || (offset & 3))
		return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
	if (offset == APIC_ICR_HIGH) {
		cpu->icr_high = value;
	} else if (offset == APIC_ICR_LOW) {
		if (send_ipi(cpu, (__u64)cpu->icr_high << 32 | value, 0))
			return mmio_denied(JAILHOUSE_FAULT_IPI);
	} else {
		*register_at(page, offset) = value;
		if (offset == APIC_LDR)
			cpu->apic_ldr = value;
	}
	return mmio_handled();
}

int apic_mmio_register(struct cell *cell)
{
	/* the handler gets the mapping: the root's EOI path saves a call */
	return mmio_region_register(cell, hv_apic_phys, PAGE_SIZE, xapic_write,
				    apic_page(), "xAPIC");
}
