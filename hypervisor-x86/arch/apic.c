// SPDX-License-Identifier: GPL-2.0
/*
 * The local APIC.  The root's xAPIC page is mapped read-only in its EPT:
 * reads (timer count, ISR/IRR, ICR busy polling) reach the hardware
 * without an exit, and writes exit as EPT violations and come here through
 * the cell's MMIO table (mmio.h), decoded; a write of the ICR's low half
 * goes through the IPI filter (arch/apic-icr.c), so a cell only ever
 * interrupts its own CPUs, and the root's other writes go to the hardware.
 * A non-root cell's page is not mapped at all: its reads and writes exit,
 * and apic-regs.c decides which reach the hardware and which are the
 * cell's own copies (ID, LDR, DFR, LINT0/1, LVTs with other than fixed
 * delivery).  In x2APIC mode the ICR MSR and, for cells, the LVT MSRs
 * 0x82f and 0x833-0x836 are intercepted (arch/msr-mediate.c); Linux in the
 * Bochs rig stays in xAPIC mode, so the root's x2APIC path is covered by
 * the unit tests only.  A CPU changing cells is cleared and drained here
 * (apic_change_cell()).
 *
 * The root's APIC mode is Linux's and never changes (IA32_APIC_BASE
 * writes that would are refused); the system config states it and every
 * CPU is checked against it at enable (apic_cpu_init()).  A CPU's APIC ID
 * is read from its APIC at enable: in x2APIC mode the 32-bit x2APIC ID
 * (MSR 0x802), of which CPUID.1 (what the driver hands over) has only
 * bits 7:0.
 */
#include "hv.h"
#include "apic.h"
#include "apic-icr.h"
#include "apic-regs.h"
#include "cell.h"
#include "mmio.h"
#include "processor.h"
#include "msr-policy.h"
#include "cpu-events.h"
#include "unit.h"
#include "vmexit.h"

#define APIC_ID 0x020
#define APIC_LDR 0x0d0
#define APIC_DFR 0x0e0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define ICR_WAIT_LOOPS 100000
#define APIC_TPR 0x080
#define APIC_EOI APIC_EOI_OFFSET
#define APIC_SVR 0x0f0
#define APIC_SVR_ENABLE (1U << 8)
#define APIC_ISR 0x100
#define APIC_IRR 0x200
#define APIC_LVT_CMCI 0x2f0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_ICR 0x380
#define APIC_LVT_MASKED (1U << 16)
#define APIC_BASE_BSP (1UL << 8)
#define APIC_BASE_X2APIC (1UL << 10)
#define APIC_BASE_ENABLE (1UL << 11)
#define MSR_APIC_BASE 0x1b
#define MSR_MCG_CAP 0x179
#define MCG_CAP_CMCI (1UL << 10)
#define CPUID_1_EDX_MCA (1U << 14)
#define CPUID_1_ECX_TSC_DEADLINE (1U << 24)
#define MSR_TSC_DEADLINE 0x6e0
/* one EOI per vector: a vector in service that stays set after 256 EOIs
 * is an APIC that does not retire it, and the loop must end anyway */
#define EOI_BUDGET 256
/* every round accepts one pending vector at least: 240 vectors exist */
#define WINDOW_ROUNDS 256
#define X2APIC_MSR(off) (0x800 + ((off) >> 4))

/* What a CPU given to a cell takes from the root and gets back: SVR
 * first, so that the LVTs written after it are not forced masked. */
static const unsigned int root_saved[APIC_ROOT_SAVED] = {
	APIC_SVR, APIC_DFR, APIC_LDR, APIC_REG_LVT_LINT0, APIC_REG_LVT_LINT1,
};

static volatile __u32 *register_at(void *page, unsigned int offset)
{
	return (volatile __u32 *)((__u8 *)page + offset);
}

static volatile __u32 *apic_register(unsigned int offset)
{
	return register_at(apic_page(), offset);
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

static const char *mode_name(int x2apic)
{
	return x2apic ? "x2APIC" : "xAPIC";
}

/* 0, or the errno of hv_fail() with a sentence: this CPU's APIC cannot
 * serve the root as the system config describes it (`base`: its
 * IA32_APIC_BASE). */
static int refuse_cpu(const struct per_cpu *cpu, __u64 base)
{
	int x2apic = !!(base & APIC_BASE_X2APIC);
	int config_x2apic = hv_system_config->platform.apic_mode ==
			    JAILHOUSE_APIC_MODE_X2APIC;

	if (!(base & APIC_BASE_ENABLE))
		return hv_fail(
			-EINVAL,
			"CPU %u: its local APIC is disabled (IA32_APIC_BASE 0x%llx)",
			cpu->cpu_id, (unsigned long long)base);
	if (x2apic != config_x2apic)
		return hv_fail(
			-EINVAL,
			"CPU %u: Linux runs its local APIC in %s mode, but the system config says %s mode: create the system config on this machine again (jailhouse config create)",
			cpu->cpu_id, mode_name(x2apic),
			mode_name(config_x2apic));
	return 0;
}

/*
 * The IPI filter and the kicks address a CPU by the ID its APIC answers
 * to, read here rather than taken from CPUID.1, and by the root's logical
 * ID (xAPIC: the LDR Linux wrote; x2APIC: the read-only LDR the hardware
 * derived from the x2APIC ID).  A CPU whose APIC cannot be used as the
 * config says is refused (hv_fail()).
 */
void apic_cpu_init(struct per_cpu *cpu)
{
	__u64 base = read_msr(MSR_APIC_BASE);
	__u32 id;

	if (refuse_cpu(cpu, base))
		return;
	id = apic_read(APIC_ID);
	cpu->apic_id = (base & APIC_BASE_X2APIC) ? id : id >> 24;
	cpu->apic_ldr = apic_read(APIC_LDR);
	if (cpu->apic_id == APIC_XAPIC_BROADCAST && !(base & APIC_BASE_X2APIC))
		hv_fail(-EINVAL,
			"CPU %u: its xAPIC ID is 255, the broadcast destination: the hypervisor could not send it an IPI",
			cpu->cpu_id);
}

/* An IPI of the hypervisor's own, in this CPU's mode.  The target's ID
 * is the same number in either of its modes, but from xAPIC mode only
 * IDs up to 254 can be named: cut to 8 bits it would reach another CPU. */
static void icr_send(__u32 apic_id, __u32 low)
{
	if (x2apic_mode()) {
		/* a WRMSR to the x2APIC may leave before earlier stores are
		 * visible (SDM "MSR Access in x2APIC Mode"): what was posted
		 * before a wake-up IPI must be there when the target looks */
		asm volatile("mfence; lfence" : : : "memory");
		write_msr(MSR_X2APIC_ICR, (__u64)apic_id << 32 | low);
		return;
	}
	if (apic_id >= APIC_XAPIC_BROADCAST) {
		printk("local APIC: no IPI 0x%x to APIC ID %u: xAPIC mode names IDs up to 254\n",
		       low, apic_id);
		return;
	}
	wait_icr_idle();
	*apic_register(APIC_ICR_HIGH) = apic_id << 24;
	*apic_register(APIC_ICR_LOW) = low;
}

void apic_send_nmi(__u32 apic_id)
{
	icr_send(apic_id, (APIC_ICR_DELIVERY_NMI << APIC_ICR_DELIVERY_SHIFT) |
				  APIC_ICR_LEVEL_ASSERT);
}

void apic_send_fixed(__u32 apic_id, __u8 vector)
{
	icr_send(apic_id, (APIC_ICR_DELIVERY_FIXED << APIC_ICR_DELIVERY_SHIFT) |
				  APIC_ICR_LEVEL_ASSERT | vector);
}

__u64 apic_base_view(const struct per_cpu *cpu)
{
	__u64 base = read_msr(MSR_APIC_BASE);

	if (cpu->cell == &root_cell)
		return base;
	/* the hardware flag says which CPU the machine booted on; a cell's
	 * Linux (6.9 and later) counts its CPUs from the one it boots on */
	base &= ~APIC_BASE_BSP;
	return cell_boot_cpu(cpu->cell) == cpu ? base | APIC_BASE_BSP : base;
}

int apic_base_write(struct per_cpu *cpu, __u64 value)
{
	const struct cell *cell = cpu->cell;
	__u64 view = apic_base_view(cpu);

	if (value == view)
		return 0;
	/* only xAPIC -> x2APIC, by a cell that may: the root may not switch
	 * or move its APIC under the hypervisor, nobody moves the page */
	if (cell == &root_cell ||
	    !(cell->config->flags & JAILHOUSE_CELL_X2APIC_PERMITTED) ||
	    value != (view | APIC_BASE_X2APIC))
		return -EPERM;
	value = read_msr(MSR_APIC_BASE) | APIC_BASE_X2APIC;
	return write_msr_checked(MSR_APIC_BASE, value) ? -EPERM : 0;
}

/*
 * The SDM's valid transitions ("x2APIC State Transitions"): xAPIC ->
 * x2APIC directly; x2APIC -> xAPIC only through the disabled state; the
 * disabled state -> x2APIC only through xAPIC.  Each step through the
 * disabled state resets every APIC register but the ID (the caller
 * restores what the root needs).  Bochs ignores every write of
 * IA32_APIC_BASE while the APIC is globally disabled, so there the way
 * back ends in the disabled state: -EIO, read back, never assumed.
 */
int apic_restore_base(__u64 base)
{
	__u64 now = read_msr(MSR_APIC_BASE);
	__u64 mode = APIC_BASE_X2APIC | APIC_BASE_ENABLE;

	if (now == base)
		return 0;
	if ((now & APIC_BASE_X2APIC) && !(base & APIC_BASE_X2APIC))
		write_msr(MSR_APIC_BASE, now & ~mode);
	else if (!(now & APIC_BASE_ENABLE) && (base & APIC_BASE_X2APIC))
		write_msr(MSR_APIC_BASE, (base & ~mode) | APIC_BASE_ENABLE);
	write_msr(MSR_APIC_BASE, base);
	return read_msr(MSR_APIC_BASE) == base ? 0 : -EIO;
}

/* The IRR or ISR (`base`) has a bit set. */
static int any_vector(unsigned int base)
{
	unsigned int reg;

	for (reg = 0; reg < 8; reg++)
		if (apic_read(base + reg * 0x10))
			return 1;
	return 0;
}

/* One EOI retires the highest vector in service; *budget bounds them. */
static void retire_in_service(unsigned int *budget)
{
	while (*budget && any_vector(APIC_ISR)) {
		apic_write(APIC_EOI, 0);
		(*budget)--;
	}
}

/* The CMCI LVT exists only where MCG_CAP[10] says so: elsewhere 0x2f0 is
 * reserved (#GP for the x2APIC MSR 0x82f).  MCG_CAP itself exists only
 * with CPUID.1:EDX.MCA. */
static int cmci_lvt_exists(void)
{
	__u32 eax, ebx, ecx, edx;

	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	return (edx & CPUID_1_EDX_MCA) &&
	       (read_msr(MSR_MCG_CAP) & MCG_CAP_CMCI);
}

/* In TSC-deadline mode the initial count does not stop the timer: the
 * deadline MSR does (0 disarms it), where the CPU has one. */
static void stop_tsc_deadline(void)
{
	__u32 eax, ebx, ecx, edx;

	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	if (ecx & CPUID_1_ECX_TSC_DEADLINE)
		write_msr(MSR_TSC_DEADLINE, 0);
}

/*
 * Whatever the previous owner left armed, requested or in service must
 * not fire into the next one.  Masking does not withdraw a vector already
 * in the IRR, and neither EOI nor any register write clears an IRR bit
 * (SDM "Interrupt Acceptance for Fixed Interrupts"): the only way out is
 * that the CPU accepts it.  So the CPU accepts them here, in short
 * interrupt windows whose IDT throws every vector away
 * (cpu_interrupt_window()), and EOIs each.  The APIC must be software
 * enabled for that; a disabled one holds its IRR.
 */
void apic_clear(void)
{
	unsigned int reg, n, budget = EOI_BUDGET;

	for (reg = APIC_LVT_TIMER; reg <= APIC_LVT_ERROR; reg += 0x10)
		apic_write(reg, apic_read(reg) | APIC_LVT_MASKED);
	if (cmci_lvt_exists())
		apic_write(APIC_LVT_CMCI,
			   apic_read(APIC_LVT_CMCI) | APIC_LVT_MASKED);
	apic_write(APIC_TIMER_ICR, 0);
	stop_tsc_deadline();
	apic_write(APIC_TPR, 0);
	retire_in_service(&budget);
	if (!any_vector(APIC_IRR))
		return;
	apic_write(APIC_SVR, apic_read(APIC_SVR) | APIC_SVR_ENABLE);
	for (n = 0; n < WINDOW_ROUNDS && any_vector(APIC_IRR); n++) {
		cpu_interrupt_window();
		retire_in_service(&budget);
	}
	if (any_vector(APIC_IRR))
		printk("local APIC: interrupts still requested after %u windows\n",
		       n);
}

/* INIT and SIPI are emulated (cpu-events.c); everything else is sent. */
/* model: icr (hypervisor-x86/model/cpu-protocol.pml) */
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

/*
 * A CPU's logical ID is its owner's: the root's from the hardware LDR, a
 * cell's from the LDR it wrote (never in hardware).  CPUs of other cells
 * have none here: a logical destination that happens to name them is
 * narrowed, never refused, so no root NMI or INIT to its own CPUs is lost
 * because a cell's CPU shares a logical ID (apic-icr.h).
 */
static __u8 logical_id(const struct per_cpu *cpu)
{
	if (cpu->cell == &root_cell)
		return cpu->apic_ldr >> 24;
	return apic_virtual_logical_id(&cpu->apic_virtual);
}

void apic_cpus_seen_by(const struct cell *cell, struct apic_cpu *cpus)
{
	const struct per_cpu *cpu;
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++) {
		cpu = per_cpu_of(n);
		cpus[n].apic_id = cpu->apic_id;
		cpus[n].in_cell = cpu->cell == cell;
		cpus[n].xapic_logical_id = cpus[n].in_cell ? logical_id(cpu) :
							     0;
	}
}

int apic_xapic_cluster(const struct per_cpu *cpu)
{
	if (cpu->cell != &root_cell)
		return apic_virtual_cluster(&cpu->apic_virtual);
	return (*apic_register(APIC_DFR) >> 28) == 0;
}

/* 0, or -EPERM: a non-root cell addressed a CPU it does not own (the
 * caller stops the cell). */
static int send_ipi(struct per_cpu *cpu, __u64 icr, int x2apic)
{
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct apic_icr_request req = {
		.icr = icr,
		.x2apic = x2apic,
		.xapic_cluster = !x2apic && apic_xapic_cluster(cpu),
		/* the root's NMIs and INITs to its own CPUs are never lost
		 * for a CPU of a cell in the same logical destination */
		.narrow_logical = cpu->cell == &root_cell,
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
	if (!x2apic_mode() || ((__u32)value & APIC_X2APIC_ICR_RESERVED))
		return -EINVAL;
	return send_ipi(cpu, value, 1);
}

/*
 * A non-root cell's access to one of its APIC registers (apic-regs.h):
 * 0, -EPERM (refused: #GP for an MSR, a fault report for the page) or
 * -EBUSY (an IPI out of the cell).
 */
static int cell_register(struct per_cpu *cpu, unsigned int offset, int is_write,
			 __u32 *value, int x2apic)
{
	__u32 *copy = apic_virtual_reg(&cpu->apic_virtual, offset);

	switch (apic_reg_decide(offset, is_write, *value, x2apic)) {
	case APIC_REG_HARDWARE:
		if (!is_write) {
			*value = apic_read(offset);
			return 0;
		}
		if (copy)
			*copy = *value;
		apic_write(offset, *value);
		return 0;
	case APIC_REG_VIRTUAL:
		if (is_write)
			*copy = *value;
		else
			*value = *copy;
		return 0;
	case APIC_REG_LVT_MASKED:
		*copy = *value;
		apic_write(offset,
			   (*value & ~APIC_LVT_DELIVERY_MASK) | APIC_LVT_MASK);
		return 0;
	case APIC_REG_SAVE_HIGH:
		cpu->icr_high = *value;
		return 0;
	case APIC_REG_SEND_IPI:
		return send_ipi(cpu, (__u64)cpu->icr_high << 32 | *value, 0) ?
			       -EBUSY :
			       0;
	case APIC_REG_IGNORE:
		return 0;
	default:
		return -EPERM;
	}
}

/* The root's writes (its page is read-only: reads never exit).  The EOI
 * comes first and touches nothing but the register: it is the most
 * frequent exit of all (make bench, "xAPIC EOI write").  `page` is the
 * mapping the handler got as its argument: one call less. */
static struct mmio_result root_write(struct per_cpu *cpu, void *page,
				     unsigned int offset, __u32 value)
{
	if (offset == APIC_EOI) {
		apic_root_write(page, APIC_EOI, value);
	} else if (offset == APIC_ICR_HIGH) {
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

/*
 * An access to the xAPIC page.  The root's page is read-only in its EPT,
 * so only its writes exit; a non-root cell's page is not mapped at all, so
 * that its reads of what is virtualised return its own copies.  Only
 * aligned 32-bit accesses of a register are emulated, and none once the
 * CPU is in x2APIC mode (the page is not decoded then, SDM "x2APIC
 * Register Address Space").
 */
struct mmio_result apic_xapic_access(struct per_cpu *cpu,
				     struct mmio_access *access, void *page)
{
	unsigned int offset = access->address & ~PAGE_MASK;
	__u32 value = access->value;
	int err;

	if (access->size != 4 || (offset & 3))
		return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
	if (cpu->cell == &root_cell) {
		if (!access->is_write)
			return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
		return root_write(cpu, page, offset, value);
	}
	if (x2apic_mode())
		return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
	err = cell_register(cpu, offset, access->is_write, &value, 0);
	if (err == -EBUSY)
		return mmio_denied(JAILHOUSE_FAULT_IPI);
	if (err)
		return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
	if (!access->is_write)
		access->value = value;
	return mmio_handled();
}

/*
 * A cell's x2APIC register MSR the allow-list mediates (the LVTs that are
 * virtualised): 0, -EPERM (#GP: not in x2APIC mode, or refused) or -EBUSY.
 */
int apic_x2apic_register(struct per_cpu *cpu, __u32 msr, int is_write,
			 __u32 *value)
{
	if (!x2apic_mode() || cpu->cell == &root_cell)
		return -EPERM;
	return cell_register(cpu, (msr - 0x800) << 4, is_write, value, 1);
}

/* The root's registers a cell may change in hardware or that the way back
 * from x2APIC resets (it goes through the disabled state). */
/* In x2APIC mode the LDR is read-only and the DFR does not exist: its
 * MSR would #GP in VMX root. */
static int saved_in_this_mode(unsigned int n)
{
	return !x2apic_mode() ||
	       (root_saved[n] != APIC_LDR && root_saved[n] != APIC_DFR);
}

static void save_root(struct per_cpu *cpu)
{
	unsigned int n;

	for (n = 0; n < APIC_ROOT_SAVED; n++)
		if (saved_in_this_mode(n))
			cpu->root_apic[n] = apic_read(root_saved[n]);
}

static void restore_root(struct per_cpu *cpu)
{
	unsigned int n;

	for (n = 0; n < APIC_ROOT_SAVED; n++)
		if (saved_in_this_mode(n))
			apic_write(root_saved[n], cpu->root_apic[n]);
	cpu->apic_ldr = apic_read(APIC_LDR);
}

void apic_change_cell(struct per_cpu *cpu, const struct cell *to)
{
	if (cpu->cell == &root_cell && to != &root_cell)
		save_root(cpu);
	apic_clear(); /* masks LINT0/LINT1 among the LVTs */
	if (to != &root_cell) {
		apic_virtual_reset(&cpu->apic_virtual, cpu->apic_id);
		/* logical ID 0 matches no logical destination: a root MSI or
		 * IOAPIC entry the hypervisor never saw (flat logical, Linux's
		 * choice on small machines) cannot land in the cell.  x2APIC
		 * logical IDs are fixed by the hardware. */
		if (!x2apic_mode())
			apic_write(APIC_LDR, 0);
	} else if (cpu->cell != &root_cell) {
		restore_root(cpu);
	}
}

/*
 * The root's page while its APICs are in x2APIC mode: the APIC decodes no
 * MMIO then (SDM "x2APIC Register Address Space"), so a write does
 * nothing, and the hypervisor neither writes the page nor sends an IPI
 * for it.  Not apic_xapic_access(): the exit path's straight line for the
 * root's EOI (vmx/mmio.c) is taken only for that handler.
 */
static struct mmio_result
x2apic_root_page(struct per_cpu *cpu, struct mmio_access *access, void *page)
{
	(void)cpu;
	(void)page;
	if (!access->is_write)
		return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
	return mmio_handled();
}

int apic_mmio_register(struct cell *cell)
{
	if (cell == &root_cell &&
	    hv_system_config->platform.apic_mode == JAILHOUSE_APIC_MODE_X2APIC)
		return mmio_region_register(cell, hv_apic_phys, PAGE_SIZE,
					    x2apic_root_page, NULL,
					    "xAPIC (root in x2APIC mode)");
	/* the handler gets the mapping: the root's EOI path saves a call */
	return mmio_region_register(cell, hv_apic_phys, PAGE_SIZE,
				    apic_xapic_access, apic_page(), "xAPIC");
}

/*
 * A cell learns its CPUs' APIC IDs from its comm region, whose IDs have 8
 * bits (jailhouse_comm_platform.cpu_apic_ids): a CPU with a larger x2APIC
 * ID would be named there as another CPU, so such a cell is refused.
 */
static int apic_cell_check(struct per_cpu *caller, const struct cell *cell)
{
	unsigned int n;
	__u32 id;

	for (n = 0; n < hv_num_cpus; n++) {
		id = per_cpu_of(n)->apic_id;
		if (id > 0xff && jailhouse_cpu_in_set(cell->config, n))
			return hypercall_refuse(
				caller, -EINVAL,
				"cell \"%s\": CPU %u has x2APIC ID %u, but a cell's comm region names its CPUs by 8-bit APIC IDs (up to 255)",
				cell->config->name, n, id);
	}
	return 0;
}

const struct hv_unit apic_unit = {
	.name = "local APIC",
	.cell_check = apic_cell_check,
};
