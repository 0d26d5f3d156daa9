// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's IOAPICs while non-root cells exist.  Without interrupt
 * remapping, a redirection entry can send a device interrupt to any CPU:
 * once a cell owns CPUs, the root must not be able to aim one at them.
 * So while cells exist, the IOAPIC pages leave the root's EPT and every
 * access exits: IOREGSEL is shadowed, reads of a redirection entry return
 * what the root wrote, and writes go through the filter
 * (arch/ioapic-filter.c) to the hardware, aimed at root CPUs only.  Other
 * registers (ID, version, arbitration) are read through; writes to them
 * are dropped.  With no cell, the pages are passed through again.
 *
 * One register window per IOAPIC: Linux serialises its accesses with a
 * lock, so one shadow index per IOAPIC (not per CPU) is what it expects.
 */
#include "hv.h"
#include "apic.h"
#include "apic-icr.h"
#include "cell.h"
#include "cpu-events.h"
#include "ioapic.h"
#include "ioapic-filter.h"
#include "mmio-decode.h"
#include "vmexit.h"
#include "vmx.h"

#define IOAPIC_MAX		4
#define IOAPIC_MAX_PINS		120
#define IOAPIC_REGSEL		0x00
#define IOAPIC_WINDOW		0x10
#define IOAPIC_EOI		0x40
#define IOAPIC_REG_VERSION	0x01
#define IOAPIC_REG_RTE		0x10

struct ioapic {
	__u64 phys;
	volatile __u32 *regs;
	unsigned int pins;
	__u32 index;
	__u64 view[IOAPIC_MAX_PINS];	/* the root's entries */
};

static struct ioapic ioapics[IOAPIC_MAX];
static unsigned int num_ioapics;
static int trapped;

static __u32 reg_read(struct ioapic *io, __u32 reg)
{
	io->regs[IOAPIC_REGSEL / 4] = reg;
	return io->regs[IOAPIC_WINDOW / 4];
}

static void reg_write(struct ioapic *io, __u32 reg, __u32 value)
{
	io->regs[IOAPIC_REGSEL / 4] = reg;
	io->regs[IOAPIC_WINDOW / 4] = value;
}

int ioapic_init(void)
{
	const struct jailhouse_cell_desc *root = &hv_system_config->root_cell;
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(root);
	unsigned int n;

	for (n = 0; n < root->num_irqchips && n < IOAPIC_MAX; n++) {
		ioapics[n].phys = chip[n].address & PAGE_MASK;
		ioapics[n].regs = remap_device(ioapics[n].phys);
		if (!ioapics[n].regs)
			return -ENOMEM;
		ioapics[n].pins = chip[n].num_pins > IOAPIC_MAX_PINS ?
				  IOAPIC_MAX_PINS : chip[n].num_pins;
	}
	num_ioapics = n;
	return 0;
}

static void set_root_mapping(int passthrough)
{
	unsigned int n;

	for (n = 0; n < num_ioapics; n++) {
		if (passthrough)
			paging_map(&root_cell.ept, ioapics[n].phys,
				   ioapics[n].phys, PAGE_SIZE,
				   PAGING_RW | PAGING_UNCACHED);
		else
			paging_unmap(&root_cell.ept, ioapics[n].phys, PAGE_SIZE);
	}
}

/* The first cell: from now on the root's accesses exit.  The caller makes
 * every root CPU flush its EPT translations. */
void ioapic_trap_root(int trap)
{
	struct ioapic *io;
	unsigned int n, pin;

	if (trap == trapped)
		return;
	for (n = 0; n < num_ioapics && trap; n++) {
		io = &ioapics[n];
		for (pin = 0; pin < io->pins; pin++)
			io->view[pin] = reg_read(io, IOAPIC_REG_RTE + 2 * pin) |
				(__u64)reg_read(io, IOAPIC_REG_RTE + 2 * pin + 1) << 32;
	}
	set_root_mapping(!trap);
	trapped = trap;
}

static struct ioapic *ioapic_at(__u64 gphys)
{
	unsigned int n;

	for (n = 0; n < num_ioapics; n++)
		if (ioapics[n].phys == (gphys & PAGE_MASK))
			return &ioapics[n];
	return NULL;
}

int ioapic_owns(__u64 gphys)
{
	return trapped && ioapic_at(gphys) != NULL;
}

/* The root's entry, aimed at root CPUs only (masked if it cannot be). */
static void program_entry(struct per_cpu *cpu, struct ioapic *io,
			  unsigned int pin)
{
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct ioapic_rte_request req = {
		.rte = io->view[pin],
		.allow_extint = 1,
		.cpus = cpus,
		.num_cpus = hv_num_cpus,
	};
	struct ioapic_rte_result res;
	__u64 rte;

	apic_cpus_seen_by(&root_cell, cpus);
	if (ioapic_rte_filter(&req, &res) || res.verdict != IOAPIC_RTE_WRITE) {
		printk("CPU %u: IOAPIC pin %u: entry 0x%llx not for the root's CPUs: masked\n",
		       cpu->cpu_id, pin, (unsigned long long)io->view[pin]);
		rte = io->view[pin] | IOAPIC_RTE_MASKED;
		rte &= ~(0xffULL << IOAPIC_RTE_DEST_SHIFT);
		rte |= (__u64)cpu->apic_id << IOAPIC_RTE_DEST_SHIFT;
		rte &= ~IOAPIC_RTE_DEST_LOGICAL;
	} else {
		rte = res.rte;
	}
	/* masked while half-written: no interrupt to a half-updated entry */
	reg_write(io, IOAPIC_REG_RTE + 2 * pin, (__u32)rte | IOAPIC_RTE_MASKED);
	reg_write(io, IOAPIC_REG_RTE + 2 * pin + 1, rte >> 32);
	reg_write(io, IOAPIC_REG_RTE + 2 * pin, (__u32)rte);
}

static __u32 window_read(struct ioapic *io)
{
	unsigned int pin = (io->index - IOAPIC_REG_RTE) / 2;

	if (io->index >= IOAPIC_REG_RTE && pin < io->pins)
		return (io->index & 1) ? io->view[pin] >> 32 : (__u32)io->view[pin];
	return reg_read(io, io->index);
}

static void window_write(struct per_cpu *cpu, struct ioapic *io, __u32 value)
{
	unsigned int pin = (io->index - IOAPIC_REG_RTE) / 2;

	if (io->index < IOAPIC_REG_RTE || pin >= io->pins)
		return;		/* ID, arbitration: the root has no business */
	if (io->index & 1)
		io->view[pin] = (io->view[pin] & 0xffffffffULL) | (__u64)value << 32;
	else
		io->view[pin] = (io->view[pin] & ~0xffffffffULL) | value;
	program_entry(cpu, io, pin);
}

int ioapic_handle_access(struct per_cpu *cpu, struct guest_regs *regs,
			 __u64 gphys)
{
	struct ioapic *io = ioapic_at(gphys);
	unsigned int offset = gphys & ~PAGE_MASK;
	const struct mmio_instruction *insn = mmio_decode_exit(cpu, offset);
	__u32 value = 0;

	if (!io || !insn || insn->access_size != 4)
		return -EINVAL;
	if (insn->is_write)
		value = insn->has_immediate ? insn->immediate :
			mmio_store_value(insn, guest_reg_read(regs, insn->reg));
	if (offset == IOAPIC_REGSEL) {
		if (insn->is_write)
			io->index = value & 0xff;
		else
			value = io->index;
	} else if (offset == IOAPIC_WINDOW) {
		if (insn->is_write)
			window_write(cpu, io, value);
		else
			value = window_read(io);
	} else if (offset == IOAPIC_EOI && insn->is_write) {
		io->regs[IOAPIC_EOI / 4] = value;
	} else if (!insn->is_write) {
		value = 0;
	}
	if (!insn->is_write)
		guest_reg_write(regs, insn->reg,
				mmio_load_result(insn, guest_reg_read(regs, insn->reg),
						 value));
	vmcs_write(GUEST_RIP, vmcs_read(GUEST_RIP) + insn->length);
	return 0;
}
