// SPDX-License-Identifier: GPL-2.0
/*
 * The IOAPICs while non-root cells exist.  Without interrupt remapping, a
 * redirection entry can send a device interrupt to any CPU: once a cell
 * owns CPUs, no one may aim one at another cell's CPUs.
 *
 * The root: while cells exist, the IOAPIC pages leave the root's EPT and
 * every access exits: IOREGSEL is shadowed, reads of a redirection entry
 * return what the root wrote, and writes go through the filter
 * (arch/ioapic-filter.c) to the hardware, aimed at root CPUs only.  Other
 * registers (ID, version, arbitration) are read through; writes to them
 * are dropped.  With no cell, the pages are passed through again.
 *
 * A cell with an irqchip entry for an IOAPIC (its pins, validated against
 * the root and the other cells at create) never has the page mapped: each
 * access exits and ioapic_window_decide() rules it.  Its pins leave the
 * root at create (masked; the root's writes to them only update the
 * root's view) and come back at destroy (masked, then the root's view
 * programmed through the root's filter).  Either way, the trapped pages
 * are in the cell's MMIO table (mmio.h), handled by ioapic_access().
 *
 * One shadow IOREGSEL per cell and IOAPIC (struct cell): Linux serialises
 * its accesses with a lock, so one per IOAPIC (not per CPU) is what it
 * expects, but cells must not move each other's window.  The hardware
 * window is one for all: every use of it is under ioapic_lock.
 *
 * With IOMMU units (arch/vtd.c, vtd-hooks.h) a cell's unmasked entry
 * becomes a validated interrupt-remapping entry and the IOAPIC gets the
 * remappable form; the root's remappable entries (Linux's, with
 * interrupt remapping on) pass while its unit is taken over from Linux.
 *
 * Setup and cell create/destroy reach this file through its unit
 * (ioapic_unit, include/unit.h); the MMIO path through ioapic_owns() and
 * ioapic_handle_access().
 */
#include "hv.h"
#include "apic.h"
#include "apic-icr.h"
#include "cell.h"
#include "cpu-events.h"
#include "ioapic.h"
#include "ioapic-filter.h"
#include "ioapic-hw.h"
#include <common/format.h>
#include <jailhouse/fault.h>
#include "mmio.h"
#include "processor.h"
#include "spinlock.h"
#include "unit.h"
#include "vtd-hooks.h"

#define IOAPIC_MAX_PINS 120

struct ioapic {
	__u64 phys;
	volatile __u32 *regs;
	unsigned int pins;
	__u64 view[IOAPIC_MAX_PINS]; /* the root's entries */
	/* pins given to cells: their owner, and its entries as it wrote them */
	const struct cell *owner[IOAPIC_MAX_PINS];
	__u64 cell_view[IOAPIC_MAX_PINS];
	/* root pins: the vector + 1 whose clash with a cell's pin the
	 * console was told of (once per vector) */
	__u16 clash_told[IOAPIC_MAX_PINS];
};

static struct ioapic ioapics[IOAPIC_MAX];
static unsigned int num_ioapics;
static int trapped;
/* Non-root cells: the root's accesses are trapped while there are any. */
static unsigned int num_cells;
/* The root's entries were read into the views since the trap began. */
static int root_view_taken;
/* Second in the lock order (include/spinlock.h): after cell_lock. */
static struct spinlock ioapic_lock;
/* The vectors of the root's level-triggered pins (ioapic-filter.h), for
 * every IOAPIC.  Written under ioapic_lock, read without it by the MSI
 * checks of pci.c and ivshmem, a word at a time (pci_lock and
 * ivshmem_lock come before ioapic_lock nowhere).  A root write racing a
 * cell's MSI write may let one message with a root level vector through:
 * harmless, as MSIs are made edge-triggered (pci-msi.c). */
static __u64 root_levels[IOAPIC_VECTOR_WORDS];

const __u64 *ioapic_root_level_set(void)
{
	return root_levels;
}

static const void *const *owners(const struct ioapic *io)
{
	return (const void *const *)io->owner;
}

/* root_levels again, after the root's entries or the pins' owners
 * changed.  Under ioapic_lock. */
static void update_root_levels(void)
{
	__u64 one[IOAPIC_VECTOR_WORDS], all[IOAPIC_VECTOR_WORDS] = { 0 };
	unsigned int n, w;

	for (n = 0; n < num_ioapics; n++) {
		ioapic_root_level_vectors(ioapics[n].view, owners(&ioapics[n]),
					  ioapics[n].pins, one);
		for (w = 0; w < IOAPIC_VECTOR_WORDS; w++)
			all[w] |= one[w];
	}
	for (w = 0; w < IOAPIC_VECTOR_WORDS; w++)
		__atomic_store_n(&root_levels[w], all[w], __ATOMIC_RELEASE);
}

static __u32 reg_read(struct ioapic *io, __u32 reg)
{
	return ioapic_hw_read(io->regs, reg);
}

static void reg_write(struct ioapic *io, __u32 reg, __u32 value)
{
	ioapic_hw_write(io->regs, reg, value);
}

/* Maps the IOAPICs of the system config for the hypervisor. */
static int ioapic_init(void)
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
					  IOAPIC_MAX_PINS :
					  chip[n].num_pins;
	}
	num_ioapics = n;
	return 0;
}

static int ioapic_unit_init(void)
{
	if (ioapic_init())
		return hv_fail(-ENOMEM,
			       "out of remap pool pages for the IOAPICs");
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
			paging_unmap(&root_cell.ept, ioapics[n].phys,
				     PAGE_SIZE);
	}
}

/* The system config's entry of this IOAPIC (the root's irqchips are
 * the IOAPICs, in order). */
static const struct jailhouse_irqchip *system_chip(const struct ioapic *io)
{
	return &jailhouse_cell_irqchips(
		&hv_system_config->root_cell)[io - ioapics];
}

/* A non-root cell's irqchip entry for this IOAPIC, or NULL. */
static const struct jailhouse_irqchip *cell_chip(const struct cell *cell,
						 const struct ioapic *io)
{
	const struct jailhouse_irqchip *chip;
	unsigned int n;

	if (cell == &root_cell)
		return NULL;
	chip = jailhouse_cell_irqchips(cell->config);
	for (n = 0; n < cell->config->num_irqchips; n++)
		if ((chip[n].address & PAGE_MASK) == io->phys)
			return &chip[n];
	return NULL;
}

static struct mmio_result ioapic_access(struct per_cpu *cpu,
					struct mmio_access *access, void *arg);

/* The pages of the IOAPICs `cell` reaches by emulation, in its MMIO
 * table: all for the root, those it has an irqchip for otherwise.  The
 * table keeps room for them (mmio-subpage.c). */
static void register_pages(struct cell *cell)
{
	unsigned int n;

	int err;

	for (n = 0; n < num_ioapics; n++) {
		if (cell != &root_cell && !cell_chip(cell, &ioapics[n]))
			continue;
		err = mmio_region_register(cell, ioapics[n].phys, PAGE_SIZE,
					   ioapic_access, &ioapics[n],
					   "IOAPIC");
		if (err)
			printk("IOAPIC at 0x%llx: not trapped for cell \"%s\" (error %d)\n",
			       (unsigned long long)ioapics[n].phys,
			       cell->config->name, err);
	}
}

static void unregister_pages(struct cell *cell)
{
	unsigned int n;

	for (n = 0; n < num_ioapics; n++)
		if (cell == &root_cell || cell_chip(cell, &ioapics[n]))
			mmio_region_unregister(cell, ioapics[n].phys);
}

/* 1: the root's accesses exit from now on (first cell); 0: passed through
 * again (last cell gone).  The caller flushes the root's EPT after a
 * trap.  The root's IOAPIC pages are in its MMIO table (mmio.h) while
 * trapped. */
static void ioapic_trap_root(int trap)
{
	if (trap == trapped)
		return;
	/* handlers in place before the first access exits, and gone only
	 * once the pages are mapped again */
	if (trap)
		register_pages(&root_cell);
	set_root_mapping(!trap);
	if (!trap)
		unregister_pages(&root_cell);
	trapped = trap;
	root_view_taken = 0;
}

/*
 * The root's entries as they are, read once no other root CPU can be in
 * the middle of a direct access: read while the page was still mapped,
 * Linux could move the register window under the hypervisor (and the
 * hypervisor under Linux).  So the read comes at the first cell's
 * ioapic_cell_added() (after the flush), or earlier at the first trapped
 * access of a root CPU between trap and flush: that CPU holds Linux's
 * IOAPIC lock then, so no other root CPU is using the window.  Under
 * ioapic_lock.
 */
static void take_root_view(void)
{
	struct ioapic *io;
	unsigned int n, pin;

	for (n = 0; n < num_ioapics; n++) {
		io = &ioapics[n];
		for (pin = 0; pin < io->pins; pin++)
			io->view[pin] = reg_read(io, IOAPIC_REG_RTE + 2 * pin) |
					(__u64)reg_read(io, IOAPIC_REG_RTE +
								    2 * pin + 1)
						<< 32;
	}
	root_view_taken = 1;
	update_root_levels();
}

/* Masked while half-written: no interrupt to a half-updated entry. */
static void write_entry(struct ioapic *io, unsigned int pin, __u64 rte)
{
	reg_write(io, IOAPIC_REG_RTE + 2 * pin, (__u32)rte | IOAPIC_RTE_MASKED);
	reg_write(io, IOAPIC_REG_RTE + 2 * pin + 1, rte >> 32);
	reg_write(io, IOAPIC_REG_RTE + 2 * pin, (__u32)rte);
}

static void mask_entry(struct ioapic *io, unsigned int pin)
{
	__u32 low = reg_read(io, IOAPIC_REG_RTE + 2 * pin);

	reg_write(io, IOAPIC_REG_RTE + 2 * pin, low | IOAPIC_RTE_MASKED);
}

/*
 * A level-triggered interrupt the cell never acknowledged leaves remote
 * IRR set, and the pin would stay silent for the root.  Switching the
 * (masked) entry to edge clears it, on every IOAPIC version.
 */
static void clear_remote_irr(struct ioapic *io, unsigned int pin)
{
	__u32 low = reg_read(io, IOAPIC_REG_RTE + 2 * pin);

	if (!(low & IOAPIC_RTE_REMOTE_IRR))
		return;
	reg_write(io, IOAPIC_REG_RTE + 2 * pin,
		  (low | IOAPIC_RTE_MASKED) & ~(__u32)IOAPIC_RTE_TRIGGER_LEVEL);
	reg_write(io, IOAPIC_REG_RTE + 2 * pin, low | IOAPIC_RTE_MASKED);
}

/* The root's DFR is read from its xAPIC page: not in x2APIC mode. */
static int root_in_x2apic(const struct cell *cell)
{
	return cell == &root_cell && hv_system_config->platform.apic_mode ==
					     JAILHOUSE_APIC_MODE_X2APIC;
}

/*
 * The cells whose pins were taken and not yet given back.  Their CPUs are
 * never a root entry's target, also while create still has them in the
 * root: a root write between ioapic_cell_added() and the move of the CPUs
 * would otherwise pass the filter aimed at a CPU that the cell gets a
 * moment later (found by hypervisor-x86/model/ioapic-pins.pml, variant
 * ROOT_WINDOW_RACE: the code before excluded them only during create's
 * refilter).  Under ioapic_lock.
 */
static const struct cell *cells_added[HV_MAX_CELLS];

static int cpu_given(unsigned int cpu)
{
	unsigned int n;

	for (n = 0; n < HV_MAX_CELLS; n++)
		if (cells_added[n] &&
		    jailhouse_cpu_in_set(cells_added[n]->config, cpu))
			return 1;
	return 0;
}

static void set_added(const struct cell *cell, int added)
{
	unsigned int n;

	for (n = 0; n < HV_MAX_CELLS; n++)
		if (cells_added[n] == (added ? NULL : cell)) {
			cells_added[n] = added ? cell : NULL;
			return;
		}
}

/* `rte` restricted to the CPUs of `cell` (ExtINT only for the root; for
 * the root, no CPU of a cell added): 0 and res->rte to write, or -EPERM
 * (res->reason says why). */
/* model: ROOT_MAY_AIM (hypervisor-x86/model/ioapic-pins.pml) */
static int filter_entry(const struct per_cpu *cpu, const struct cell *cell,
			const struct ioapic *io, unsigned int pin, __u64 rte,
			struct ioapic_rte_result *res)
{
	const struct jailhouse_irqchip *chip = system_chip(io);
	struct apic_cpu cpus[HV_MAX_CPUS];
	struct vtd_irq_hook hook;
	struct ioapic_rte_request req = {
		/* with IOMMU units a cell's entry becomes a validated
		 * remapping entry (the IOMMU blocks the compatibility
		 * format); the root's remappable entries name Linux's
		 * entries, which the take-over validated */
		.remap = vtd_ioapic_hook(cell, chip, pin, &hook),
		.root_remapped = cell == &root_cell &&
				 vtd_root_remaps_ioapic(chip),
		.rte = rte,
		.allow_extint = cell == &root_cell,
		/* logical IDs read in the cell's format, cluster or flat */
		.xapic_cluster = cpu->cell == cell && !root_in_x2apic(cell) &&
				 apic_xapic_cluster(cpu),
		.cpus = cpus,
		.num_cpus = hv_num_cpus,
	};

	unsigned int n;

	apic_cpus_seen_by(cell, cpus);
	for (n = 0; cell == &root_cell && n < hv_num_cpus; n++)
		if (cpu_given(n)) {
			cpus[n].in_cell = 0;
			cpus[n].xapic_logical_id = 0;
		}
	if (ioapic_rte_filter(&req, res) || res->verdict != IOAPIC_RTE_WRITE)
		return -EPERM;
	return 0;
}

/* The root's entry, aimed at root CPUs only (masked if it cannot be). */
/* model: program_entry (hypervisor-x86/model/ioapic-pins.pml) */
static __u64 root_entry(struct per_cpu *cpu, struct ioapic *io,
			unsigned int pin)
{
	struct ioapic_rte_result res;
	__u64 rte;

	if (filter_entry(cpu, &root_cell, io, pin, io->view[pin], &res)) {
		printk("CPU %u: IOAPIC pin %u: entry 0x%llx not for the root's CPUs: masked\n",
		       cpu->cpu_id, pin, (unsigned long long)io->view[pin]);
		rte = io->view[pin] | IOAPIC_RTE_MASKED;
		rte &= ~(0xffULL << IOAPIC_RTE_DEST_SHIFT);
		rte |= (__u64)cpu->apic_id << IOAPIC_RTE_DEST_SHIFT;
		rte &= ~IOAPIC_RTE_DEST_LOGICAL;
	} else {
		rte = res.rte;
	}
	return rte;
}

static void program_entry(struct per_cpu *cpu, struct ioapic *io,
			  unsigned int pin)
{
	write_entry(io, pin, root_entry(cpu, io, pin));
}

/*
 * Every root pin through the root's filter again, as the set of root CPUs
 * changed: entries Linux programmed before the first cell existed (or
 * that the filter narrowed for CPUs the root had then) may name a CPU now
 * given to a cell, by its logical ID above all, and a CPU back from a
 * cell may be named again.  Only entries that change are written: masking
 * a live edge-triggered pin, even briefly, loses its interrupts.
 */
/* model: refilter_root_pins (hypervisor-x86/model/ioapic-pins.pml) */
static void refilter_root_pins(void)
{
	const __u64 status = IOAPIC_RTE_DELIVERY_STATUS | IOAPIC_RTE_REMOTE_IRR;
	struct ioapic *io;
	unsigned int n, pin;
	__u64 rte, now;

	for (n = 0; n < num_ioapics; n++) {
		io = &ioapics[n];
		for (pin = 0; pin < io->pins; pin++) {
			if (io->owner[pin])
				continue;
			rte = root_entry(this_cpu(), io, pin);
			now = reg_read(io, IOAPIC_REG_RTE + 2 * pin) |
			      (__u64)reg_read(io, IOAPIC_REG_RTE + 2 * pin + 1)
				      << 32;
			if ((rte & ~status) != (now & ~status))
				write_entry(io, pin, rte);
		}
	}
}

/*
 * A new cell takes its pins: masked in the IOAPIC, the root's writes to
 * them stay in the root's view.  Called once the root's accesses exit
 * (after the flush); the first call after the trap also reads the root's
 * entries into its view.  Its IOAPIC pages go into its MMIO table.
 */
/* model: unit_create (hypervisor-x86/model/ioapic-pins.pml) */
static void ioapic_cell_added(struct cell *cell)
{
	const struct jailhouse_irqchip *chip;
	unsigned int n, pin;

	register_pages(cell);
	spin_lock(&ioapic_lock);
	if (!root_view_taken)
		take_root_view();
	set_added(cell, 1);
	for (n = 0; n < num_ioapics; n++) {
		chip = cell_chip(cell, &ioapics[n]);
		for (pin = 0; pin < ioapics[n].pins; pin++) {
			if (!ioapic_pin_owned(chip, pin))
				continue;
			ioapics[n].owner[pin] = cell;
			ioapics[n].cell_view[pin] = IOAPIC_FOREIGN_RTE;
			mask_entry(&ioapics[n], pin);
		}
	}
	update_root_levels();
	refilter_root_pins();
	spin_unlock(&ioapic_lock);
}

/* A destroyed cell's pins go back: masked, then the root's view of them
 * programmed through the root's filter.  Before the last cell's untrap. */
/* model: unit_destroy (hypervisor-x86/model/ioapic-pins.pml) */
static void ioapic_cell_removed(struct cell *cell)
{
	unsigned int n, pin;

	spin_lock(&ioapic_lock);
	/* its CPUs are the root's again (moved before the units' destroy) */
	set_added(cell, 0);
	for (n = 0; n < num_ioapics; n++)
		for (pin = 0; pin < ioapics[n].pins; pin++) {
			if (ioapics[n].owner[pin] != cell)
				continue;
			mask_entry(&ioapics[n], pin);
			clear_remote_irr(&ioapics[n], pin);
			ioapics[n].owner[pin] = NULL;
			ioapics[n].cell_view[pin] = 0;
			program_entry(this_cpu(), &ioapics[n], pin);
		}
	update_root_levels();
	refilter_root_pins();
	spin_unlock(&ioapic_lock);
	unregister_pages(cell);
}

/* From the first cell on, the root's IOAPIC accesses are filtered: its
 * CPUs must not reach the IOAPIC directly once the cell's pins are
 * masked, hence the flush before. */
static int ioapic_cell_create(struct cell *cell)
{
	if (num_cells++ == 0) {
		ioapic_trap_root(1);
		cell_flush_root();
	}
	ioapic_cell_added(cell);
	return 0;
}

static void ioapic_cell_destroy(struct cell *cell)
{
	ioapic_cell_removed(cell);
	if (--num_cells == 0)
		ioapic_trap_root(0);
}

/* A stopped or failed cell's pins are masked in the IOAPIC (they stay the
 * cell's, its view unchanged): an interrupt of a stopped cell must not
 * land on a CPU that destroy is about to give back to the root. */
/* model: unit_quiesce (hypervisor-x86/model/ioapic-pins.pml) */
static void ioapic_cell_quiesce(struct cell *cell)
{
	unsigned int n, pin;

	spin_lock(&ioapic_lock);
	for (n = 0; n < num_ioapics; n++)
		for (pin = 0; pin < ioapics[n].pins; pin++)
			if (ioapics[n].owner[pin] == cell)
				mask_entry(&ioapics[n], pin);
	spin_unlock(&ioapic_lock);
}

const struct hv_unit ioapic_unit = {
	.name = "IOAPIC",
	.init = ioapic_unit_init,
	.cell_create = ioapic_cell_create,
	.cell_destroy = ioapic_cell_destroy,
	.cell_quiesce = ioapic_cell_quiesce,
};

/* ---- the root's window ---- */

static __u32 window_read(struct ioapic *io, __u32 index)
{
	unsigned int pin = (index - IOAPIC_REG_RTE) / 2;

	if (index >= IOAPIC_REG_RTE && pin < io->pins)
		return (index & 1) ? io->view[pin] >> 32 : (__u32)io->view[pin];
	return reg_read(io, index);
}

/*
 * The root is trusted: a level-triggered entry whose vector a cell's pin
 * already uses is programmed all the same, but the console says once (per
 * pin and vector) that the cell's EOIs may now end the root pin's
 * interrupts early.  Cells' MSIs are edge-triggered (pci-msi.c): their
 * EOIs are not broadcast, so only cells' pins are looked at.
 */
static void tell_root_clash(struct ioapic *io, unsigned int pin)
{
	unsigned int vector = io->view[pin] & IOAPIC_RTE_VECTOR_MASK, n;
	int cell_pin = -1;

	for (n = 0; n < num_ioapics && vector >= 16 &&
		    (io->view[pin] & IOAPIC_RTE_TRIGGER_LEVEL);
	     n++) {
		cell_pin = ioapic_cell_vector_pin(ioapics[n].cell_view,
						  owners(&ioapics[n]),
						  ioapics[n].pins, vector);
		if (cell_pin >= 0)
			break;
	}
	if (!ioapic_root_clash_news(io->view[pin], cell_pin,
				    &io->clash_told[pin]))
		return;
	printk("IOAPIC %u pin %u of the root: level-triggered vector %u is also cell \"%s\"'s (IOAPIC %u pin %u): the cell's EOIs may end this pin's interrupts early\n",
	       (unsigned int)(io - ioapics), pin, vector,
	       ioapics[n].owner[cell_pin]->config->name, n, cell_pin);
}

/* model: window_write (hypervisor-x86/model/ioapic-pins.pml) */
static void window_write(struct per_cpu *cpu, struct ioapic *io, __u32 index,
			 __u32 value)
{
	unsigned int pin = (index - IOAPIC_REG_RTE) / 2;

	if (index < IOAPIC_REG_RTE || pin >= io->pins)
		return; /* ID, arbitration: the root has no business */
	io->view[pin] = ioapic_entry_set_half(io->view[pin], index & 1, value);
	/* a cell's pin: kept for when the cell is gone */
	if (!io->owner[pin]) {
		program_entry(cpu, io, pin);
		update_root_levels();
		tell_root_clash(io, pin);
	}
}

static void root_window(struct per_cpu *cpu, struct ioapic *io, __u32 index,
			int is_write, __u32 *value)
{
	if (is_write)
		window_write(cpu, io, index, *value);
	else
		*value = window_read(io, index);
}

/* ---- a cell's window ---- */

static int cell_refuses(struct per_cpu *cpu, unsigned int index,
			const char *reason)
{
	printk("CPU %u: cell \"%s\": IOAPIC register 0x%x: %s\n", cpu->cpu_id,
	       cpu->cell->config->name, index, reason ? reason : "refused");
	return -EPERM;
}

/*
 * A vector of a root level-triggered pin (ioapic-filter.h): the cell's
 * EOIs for it would clear the root pin's remote IRR.  0, or -EPERM with
 * the sentence in `r` for cell_fail().  Only level-triggered entries are
 * checked, and not again for the level vector the pin has already
 * (ioapic_cell_entry_needs_clash_check says why).
 */
static int root_level_clash(struct per_cpu *cpu, const struct ioapic *io,
			    unsigned int pin, __u64 rte,
			    struct jailhouse_fault_report *r)
{
	unsigned int vector = rte & IOAPIC_RTE_VECTOR_MASK, n;
	int root_pin = -1;

	if (!ioapic_cell_entry_needs_clash_check(io->cell_view[pin], rte))
		return 0;
	for (n = 0; n < num_ioapics && root_pin < 0; n++)
		root_pin = ioapic_root_level_pin(ioapics[n].view,
						 owners(&ioapics[n]),
						 ioapics[n].pins, vector);
	if (root_pin < 0)
		return 0;
	r->reason = JAILHOUSE_FAULT_IOAPIC;
	r->cpu = cpu->cpu_id;
	r->address = io->phys;
	r->qualification = vector;
	jh_snprintf(r->message, sizeof(r->message),
		    "ioapic violation on CPU %u: IOAPIC %u pin %u: vector %u is the root's level-triggered IOAPIC %u pin %u (an EOI for it would clear that pin's remote IRR)",
		    cpu->cpu_id, (unsigned int)(io - ioapics), pin, vector,
		    n - 1, root_pin);
	return -EPERM; /* cell_fail() prints the sentence */
}

/*
 * Its own pin's entry, through the filter restricted to its CPUs.  A
 * failed cell's entries stay masked: its other CPUs run on until they
 * park, and one of them could otherwise unmask a pin that cell_fail()'s
 * quiesce has just masked (cell->state is FAILED before that quiesce
 * takes ioapic_lock).  Found by model/ioapic-pins.pml, FAILED_PIN_LIVE.
 */
/* model: cell_write_entry (hypervisor-x86/model/ioapic-pins.pml) */
static int cell_write_entry(struct per_cpu *cpu, struct ioapic *io,
			    const struct ioapic_window_access *acc, __u32 value,
			    struct jailhouse_fault_report *r)
{
	__u64 rte = ioapic_entry_set_half(io->cell_view[acc->pin], acc->high,
					  value);
	struct ioapic_rte_result res;

	if (filter_entry(cpu, cpu->cell, io, acc->pin, rte, &res))
		return cell_refuses(cpu,
				    IOAPIC_REG_RTE + 2 * acc->pin + acc->high,
				    res.reason);
	if (root_level_clash(cpu, io, acc->pin, rte, r))
		return -EPERM;
	io->cell_view[acc->pin] = rte;
	if (cpu->cell->state == JAILHOUSE_CELL_FAILED)
		res.rte |= IOAPIC_RTE_MASKED;
	write_entry(io, acc->pin, res.rte);
	return 0;
}

static int cell_window(struct per_cpu *cpu, struct ioapic *io, __u8 index,
		       int is_write, __u32 *value,
		       struct jailhouse_fault_report *r)
{
	struct ioapic_window_access acc;
	__u32 hw_low;

	ioapic_window_decide(cell_chip(cpu->cell, io), io->pins, index,
			     is_write, &acc);
	switch (acc.verdict) {
	case IOAPIC_WINDOW_READ_REGISTER:
		*value = reg_read(io, index);
		return 0;
	case IOAPIC_WINDOW_READ_VALUE:
		*value = acc.value;
		return 0;
	case IOAPIC_WINDOW_READ_ENTRY:
		hw_low = reg_read(io, IOAPIC_REG_RTE + 2 * acc.pin);
		*value = ioapic_entry_read_half(io->cell_view[acc.pin],
						acc.high, hw_low);
		return 0;
	case IOAPIC_WINDOW_WRITE_ENTRY:
		return cell_write_entry(cpu, io, &acc, *value, r);
	default:
		return cell_refuses(cpu, index, acc.reason);
	}
}

/* Remote IRR of one level-triggered entry, cleared the way IOAPICs
 * without an EOI register need: briefly edge, masked; then the entry as it
 * was (a line still asserted fires again). */
static void eoi_pin(struct ioapic *io, unsigned int pin)
{
	__u32 low = reg_read(io, IOAPIC_REG_RTE + 2 * pin);

	if (!(low & IOAPIC_RTE_REMOTE_IRR))
		return;
	reg_write(io, IOAPIC_REG_RTE + 2 * pin,
		  (low | IOAPIC_RTE_MASKED) & ~(__u32)IOAPIC_RTE_TRIGGER_LEVEL);
	reg_write(io, IOAPIC_REG_RTE + 2 * pin, low);
}

/* A cell's EOI touches only its own pins (ioapic_eoi_pin()); one for a
 * vector none of them uses is dropped, not refused: a guest may send one
 * late, after reprogramming its pin. */
static void eoi_write(struct per_cpu *cpu, struct ioapic *io, __u32 value)
{
	const struct jailhouse_irqchip *chip;
	unsigned int pin;

	if (cpu->cell == &root_cell) {
		ioapic_hw_eoi(io->regs, value);
		return;
	}
	chip = cell_chip(cpu->cell, io);
	for (pin = 0; pin < io->pins; pin++)
		if (ioapic_eoi_pin(chip, io->cell_view, io->pins, pin, value))
			eoi_pin(io, pin);
}

/* One 32-bit access at `offset` of the IOAPIC page; under ioapic_lock. */
static int register_access(struct per_cpu *cpu, struct ioapic *io,
			   unsigned int offset, int is_write, __u32 *value,
			   struct jailhouse_fault_report *r)
{
	__u8 *regsel = &cpu->cell->ioapic_regsel[io - ioapics];

	if (offset == IOAPIC_REGSEL) {
		if (is_write)
			*regsel = *value & 0xff;
		else
			*value = *regsel;
	} else if (offset == IOAPIC_WINDOW) {
		if (cpu->cell != &root_cell)
			return cell_window(cpu, io, *regsel, is_write, value,
					   r);
		root_window(cpu, io, *regsel, is_write, value);
	} else if (offset == IOAPIC_EOI && is_write) {
		eoi_write(cpu, io, *value);
	} else if (!is_write) {
		*value = 0;
	}
	return 0;
}

/* An access to an IOAPIC page registered in the cell's MMIO table: the
 * root's while trapped, a cell's for the IOAPICs it has pins of. */
static struct mmio_result ioapic_access(struct per_cpu *cpu,
					struct mmio_access *access, void *arg)
{
	struct ioapic *io = arg;
	struct jailhouse_fault_report clash = { 0 };
	__u32 value = access->value;
	int err;

	if (access->size != 4)
		return mmio_denied(JAILHOUSE_FAULT_MMIO_DECODE);
	spin_lock(&ioapic_lock);
	if (!root_view_taken)
		take_root_view();
	err = register_access(cpu, io, access->address & ~PAGE_MASK,
			      access->is_write, &value, &clash);
	spin_unlock(&ioapic_lock);
	/* with its sentence; without the lock (cell_fail() quiesces) */
	if (clash.reason)
		cell_fail(cpu, &clash);
	if (err) /* a pin or register not the cell's, a root's vector */
		return mmio_denied(JAILHOUSE_FAULT_IOAPIC);
	if (!access->is_write)
		access->value = value;
	return mmio_handled();
}
