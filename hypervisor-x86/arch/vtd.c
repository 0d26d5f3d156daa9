// SPDX-License-Identifier: GPL-2.0
/*
 * The VT-d unit (include/unit.h): the hardware side of arch/vtd-*.c.
 * Each remapping unit's registers are mapped uncached (its config's
 * size, at most VTD_MMIO_PAGES pages), table pages come from the
 * hypervisor's memory pool, a non-snooping unit gets CLFLUSHed lines,
 * and every wait for a unit is bounded by wait.c.
 *
 * Active for every system config that declares IOMMU units (setup.c no
 * longer refuses them; JAILHOUSE_SYS_NO_IOMMU declares none): each unit
 * is taken (from Linux where it had interrupt remapping on: the root's
 * register page trapped below, Linux's entries validated into ours) or
 * refused by name; `disable` hands the units back (translation,
 * interrupt remapping and queued invalidation off or Linux's again, the
 * registers as Linux left them); a fault of a cell's device stops the
 * cell with the fault in its report; pci.c and arch/ioapic.c reach the
 * interrupt remapping through vtd-hooks.h.  Faults are read at
 * management calls and when Linux's fault handler reads FSTS (a unit
 * taken over signals them with Linux's message, vtd-root-fault.c); the
 * root's become Linux's fault records.  None of this has run on a
 * machine with VMX and VT-d together (Documentation/vtd.md).
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "guest-memory.h"
#include "mmio.h"
#include "spinlock.h"
#include "pci.h"
#include "processor.h"
#include "unit.h"
#include "vtd-regs.h"
#include "vmexit.h"
#include "vtd.h"
#include "vtd-hooks.h"
#include "wait.h"
#include <common/format.h>

#define VTD_MMIO_PAGES 4

_Static_assert(VTD_MAX_DOMAINS == HV_MAX_CELLS + 1,
	       "one VT-d domain per cell id, the root's included");

struct unit_mmio {
	volatile __u8 *page[VTD_MMIO_PAGES];
	unsigned int pages;
	struct hv_wait wait;
};

static struct vtd vtd;
static struct unit_mmio mmio[VTD_MAX_UNITS];
static struct vtd_hw hw[VTD_MAX_UNITS];

/* A register beyond what is mapped reads all ones (the unit's
 * capability check then refuses it by name) and ignores writes. */
static volatile void *reg_at(struct unit_mmio *m, unsigned int reg,
			     unsigned int size)
{
	unsigned int page = reg / PAGE_SIZE;

	if (page >= m->pages || (reg & (size - 1)))
		return NULL;
	return m->page[page] + (reg & ~PAGE_MASK);
}

static __u32 mmio_read32(void *ctx, unsigned int reg)
{
	volatile __u32 *p = reg_at(ctx, reg, 4);

	return p ? *p : 0xffffffffU;
}

static void mmio_write32(void *ctx, unsigned int reg, __u32 value)
{
	volatile __u32 *p = reg_at(ctx, reg, 4);

	if (p)
		*p = value;
}

static __u64 mmio_read64(void *ctx, unsigned int reg)
{
	volatile __u64 *p = reg_at(ctx, reg, 8);

	return p ? *p : ~0ULL;
}

static void mmio_write64(void *ctx, unsigned int reg, __u64 value)
{
	volatile __u64 *p = reg_at(ctx, reg, 8);

	if (p)
		*p = value;
}

static int mmio_poll_expired(void *ctx, unsigned int polls)
{
	struct unit_mmio *m = ctx;

	if (polls == 0)
		wait_begin(&m->wait, WAIT_LIMIT_MS);
	cpu_relax();
	return wait_expired(&m->wait);
}

/* CLFLUSH of each line, then SFENCE: the unit's next walk, which a later
 * register write or queued descriptor starts, sees the memory. */
static void flush_lines(const void *virt, unsigned long size)
{
	unsigned long line = (unsigned long)virt & ~63UL;
	unsigned long end = (unsigned long)virt + size;

	for (; line < end; line += 64)
		asm volatile("clflush %0"
			     :
			     : "m"(*(const volatile char *)line));
	asm volatile("sfence" : : : "memory");
}

/* ---- the root's side of a unit taken over from Linux (vtd-root.h) ---- */

/* The root's register accesses (MMIO exits of any root CPU) against
 * management calls that change the interrupt remapping tables. */
static struct spinlock vtd_lock;
static struct apic_cpu root_cpus[HV_MAX_CPUS];

static int root_read(void *ctx, __u64 phys, void *buf, unsigned long size)
{
	(void)ctx;
	return guest_read_phys(&root_cell, phys, buf, size) ? -EPERM : 0;
}

static int root_write32(void *ctx, __u64 phys, __u32 value)
{
	volatile __u32 *word = guest_ram_buffer(&root_cell, phys, 4);

	(void)ctx;
	if (!word)
		return -EPERM;
	*word = value;
	return 0;
}

static void root_interrupt(void *ctx, __u32 apic_id, unsigned int vector)
{
	(void)ctx;
	apic_send_fixed(apic_id, (__u8)vector);
}

static void root_print(void *ctx, const char *line)
{
	(void)ctx;
	printk("%s\n", line);
}

static const struct vtd_root_env root_env = {
	.read = root_read,
	.write32 = root_write32,
	.interrupt = root_interrupt,
	.print = root_print,
	.cpus = root_cpus,
	.num_cpus = HV_MAX_CPUS,
};

/* The root's CPUs now (in_cell: the root's). */
static void refresh_root_cpus(void)
{
	apic_cpus_seen_by(&root_cell, root_cpus);
}

/* The root's CPUs once `cell`'s have left it: the create hook runs while
 * they are still the root's (held, cell.c moves them after the units'
 * hooks), and a root entry naming one must go before the cell runs. */
static void refresh_root_cpus_without(const struct cell *cell)
{
	unsigned int n;

	refresh_root_cpus();
	for (n = 0; n < hv_num_cpus; n++)
		if (jailhouse_cpu_in_set(cell->config, n))
			root_cpus[n].in_cell = 0;
}

static const struct vtd_env env = {
	.pool = &hv_mem_pool,
	.memory = &hv_paging_memory,
	.flush = flush_lines,
	.root = &root_env,
};

static void poll_for_linux_handler(void *arg);

/* The root's access to the register page of a unit taken over: the
 * emulation's answer.  An access it does not take (not 4 or 8 bytes,
 * unaligned) reads all ones and writes nothing, with a console line:
 * Linux never makes one, and the root is not stopped for it. */
static struct mmio_result root_unit_access(struct per_cpu *cpu,
					   struct mmio_access *a, void *arg)
{
	unsigned int unit = (unsigned int)((struct unit_mmio *)arg - mmio);
	__u64 base = hv_system_config->platform.iommu_units[unit].base;
	unsigned int reg = (unsigned int)(a->address - base);
	int err;

	/* Linux's fault handler (the unit's fault event is its message):
	 * the unit's records first, so that its faults are Linux's to read
	 * now.  Only if no management call runs: that one reads them (or
	 * the next), and it may be waiting for this CPU */
	if (!a->is_write && reg == VTD_REG_FSTS)
		cell_run_if_free(poll_for_linux_handler, NULL);
	spin_lock(&vtd_lock);
	refresh_root_cpus();
	if (a->is_write)
		err = vtd_root_write(&vtd, unit, reg, a->size, a->value);
	else
		err = vtd_root_read(&vtd, unit, reg, a->size, &a->value);
	spin_unlock(&vtd_lock);
	if (err == -EINVAL && !a->is_write)
		a->value = ~0ULL >> (64 - 8 * a->size);
	if (err)
		printk("CPU %u: IOMMU unit %u register 0x%x: root %s of %u bytes %s\n",
		       cpu->cpu_id, unit, reg, a->is_write ? "write" : "read",
		       a->size,
		       err == -EINVAL ? "not emulated (ignored)" :
					"failed: the unit did not answer");
	return mmio_handled();
}

/* The register page of each taken-over unit leaves the root's EPT (if
 * its config mapped it) and exits to the emulation. */
static int trap_root_units(void)
{
	const struct jailhouse_x86_platform *p = &hv_system_config->platform;
	unsigned int n, k, flags;
	__u64 phys, base;
	int err;

	for (n = 0; n < vtd.num_units; n++) {
		if (!vtd.units[n].root.active)
			continue;
		/* every page the hypervisor maps of it: the root reaches
		 * none of the unit's registers directly */
		base = p->iommu_units[n].base;
		err = mmio_region_register(&root_cell, base,
					   (__u64)mmio[n].pages * PAGE_SIZE,
					   root_unit_access, &mmio[n],
					   "IOMMU unit");
		for (k = 0; k < mmio[n].pages && !err; k++)
			if (!paging_lookup(&root_cell.ept,
					   base + (__u64)k * PAGE_SIZE, &phys,
					   &flags, NULL))
				err = paging_unmap(&root_cell.ept,
						   base + (__u64)k * PAGE_SIZE,
						   PAGE_SIZE);
		if (err)
			return err;
	}
	cell_flush_root();
	return 0;
}

static int map_unit(unsigned int n, const struct jailhouse_iommu *u)
{
	unsigned int k, pages = PAGES(u->size);

	if (pages > VTD_MMIO_PAGES)
		pages = VTD_MMIO_PAGES;
	for (k = 0; k < pages; k++) {
		mmio[n].page[k] = remap_device(u->base + (__u64)k * PAGE_SIZE);
		if (!mmio[n].page[k])
			return -ENOMEM;
	}
	mmio[n].pages = pages;
	hw[n] = (struct vtd_hw){ mmio_read32,  mmio_write32,	  mmio_read64,
				 mmio_write64, mmio_poll_expired, &mmio[n] };
	return 0;
}

/* ---- interrupt remapping for pci.c and ioapic.c (vtd-hooks.h) ---- */

/* An IOMMU refusal's sentence goes to the console; the cell is stopped
 * by the caller with the hook's static reason. */
static void say_refusal(const struct vtd_ir_source *src)
{
	if (src->msg[0])
		printk("cell %u: %s\n", src->owner - 1U, src->msg);
}

static int msi_remap(void *ctx, const struct pci_msi_cpus *cpus,
		     const struct jailhouse_pci_device *dev, int msix,
		     unsigned int slot, unsigned int count, __u64 *address,
		     __u32 *data, const char **reason)
{
	const struct vtd_irq_hook *h = ctx;
	struct vtd_ir_source src = { .v = &vtd, .owner = h->owner };
	int err;

	spin_lock(&vtd_lock);
	err = vtd_ir_pci_remap(&src, cpus, dev, msix, slot, count, address,
			       data, reason);
	spin_unlock(&vtd_lock);
	if (err)
		say_refusal(&src);
	return err;
}

static int ioapic_remap(void *ctx, const struct ioapic_rte_request *req,
			__u64 *rte, const char **reason)
{
	const struct vtd_irq_hook *h = ctx;
	struct vtd_ir_source src = { .v = &vtd,
				     .owner = h->owner,
				     .unit = h->unit,
				     .source = h->source,
				     .pin = h->pin };
	int err;

	spin_lock(&vtd_lock);
	err = vtd_ir_ioapic_remap(&src, req, rte, reason);
	spin_unlock(&vtd_lock);
	if (err)
		say_refusal(&src);
	return err;
}

/* Does interrupt remapping confine `cell`'s programming? */
static int remaps_for(const struct cell *cell)
{
	return cell != &root_cell && vtd.num_units;
}

const struct pci_msi_remap *vtd_msi_hook(const struct cell *cell,
					 struct vtd_irq_hook *h)
{
	if (!remaps_for(cell))
		return NULL;
	*h = (struct vtd_irq_hook){ .owner = (__u16)(cell->id + 1) };
	h->msi = (struct pci_msi_remap){ msi_remap, h };
	return &h->msi;
}

const struct ioapic_rte_remap *
vtd_ioapic_hook(const struct cell *cell, const struct jailhouse_irqchip *chip,
		unsigned int pin, struct vtd_irq_hook *h)
{
	if (!remaps_for(cell))
		return NULL;
	*h = (struct vtd_irq_hook){ .owner = (__u16)(cell->id + 1),
				    .unit = chip->iommu,
				    .source = chip->iommu_source_id,
				    .pin = pin };
	h->ioapic = (struct ioapic_rte_remap){ ioapic_remap, h };
	return &h->ioapic;
}

static int root_msi_target(void *ctx, __u64 address, __u32 data, __u32 *apic_id,
			   __u8 *vector, const char **reason)
{
	const struct vtd_irq_hook *h = ctx;
	int err;

	spin_lock(&vtd_lock);
	err = vtd_root_msi_target(&vtd, h->unit, address, data, apic_id, vector,
				  reason);
	spin_unlock(&vtd_lock);
	return err;
}

const struct pci_msi_resolve *
vtd_root_msi_resolver(const struct cell *cell,
		      const struct jailhouse_pci_device *dev,
		      struct vtd_irq_hook *h)
{
	if (cell != &root_cell || !vtd.num_units)
		return NULL;
	*h = (struct vtd_irq_hook){ .owner = 1, .unit = dev->iommu };
	h->resolve = (struct pci_msi_resolve){ root_msi_target, h };
	return &h->resolve;
}

int vtd_root_remaps_ioapic(const struct jailhouse_irqchip *chip)
{
	const struct vtd_unit *u;

	if (chip->iommu >= vtd.num_units)
		return 0;
	u = &vtd.units[chip->iommu];
	return u->root.active && !u->root.returned;
}

/* ---- faults ---- */

static __u64 now_ms(void)
{
	return read_tsc() / wait_tsc_khz();
}

/* The cell whose domain the device was in (vtd.h: domain = cell id + 1),
 * NULL for a device in no domain. */
static struct cell *fault_owner(const struct vtd_fault *f)
{
	if (f->domain == 0)
		return NULL;
	if (f->domain == 1)
		return &root_cell;
	return cell_find(f->domain - 1);
}

static int running(const struct cell *cell)
{
	return cell->state == JAILHOUSE_CELL_RUNNING ||
	       cell->state == JAILHOUSE_CELL_RUNNING_LOCKED;
}

/* How poll_faults() was reached. */
struct fault_poll {
	struct cell *dying; /* a cell being destroyed: reported, not failed */
	/* Linux's fault handler is reading FSTS: it reads the records the
	 * root's faults become next, no interrupt needed */
	int in_linux_handler;
};

/*
 * Every fault of a non-root cell's device stops that cell with the fault
 * in its report (the isolation rule: a cell that breaks a rule is
 * stopped; its quiesce also stops the device's bus mastering, which ends
 * a storm).  The root cannot be stopped: the faults of its devices, and
 * of devices in no domain, become Linux's fault records on a unit taken
 * over from Linux (vtd-root-fault.c; Linux logs them as on bare metal),
 * and console lines.  The console line is rate-limited (f->printed);
 * cell_fail() adds one line per cell it stops.
 */
static void report_fault(const struct vtd_fault *f, void *ctx)
{
	const struct fault_poll *poll = ctx;
	struct cell *owner = fault_owner(f);
	struct jailhouse_fault_report r;
	int fail = owner && owner != &root_cell && owner != poll->dying &&
		   running(owner);

	if (!owner || owner == &root_cell) {
		spin_lock(&vtd_lock);
		vtd_root_fault_forward(&vtd.units[f->unit], f,
				       !poll->in_linux_handler);
		spin_unlock(&vtd_lock);
	}
	/* a storm costs no sentence beyond the limit */
	if (!f->printed && !fail)
		return;
	vtd_fault_report(f, owner ? owner->config->name : "none", &r);
	if (f->printed)
		printk("%s\n", r.message);
	if (fail)
		cell_fail_device(owner, &r);
}

/* The units' fault records read and reported: at management calls, and
 * when Linux's fault handler reads a unit's FSTS (the unit's fault event
 * is Linux's message).  Under cell_lock, never under vtd_lock (a cell's
 * failure quiesces its devices, which takes it). */
static void poll_faults_as(const struct fault_poll *poll)
{
	char msg[JAILHOUSE_MSG_MAX];
	unsigned int n;
	__u64 now = now_ms();

	for (n = 0; n < vtd.num_units; n++) {
		if (vtd_fault_summary(&vtd.units[n], now, msg, sizeof(msg)))
			printk("%s\n", msg);
		vtd_fault_event(&vtd.units[n], now, report_fault, (void *)poll);
	}
}

static void poll_faults(struct cell *dying)
{
	struct fault_poll poll = { .dying = dying };

	poll_faults_as(&poll);
}

static void poll_for_linux_handler(void *arg)
{
	(void)arg;
	poll_faults_as(&(struct fault_poll){ .in_linux_handler = 1 });
}

/* ---- the unit ---- */

static int vtd_init(void)
{
	const struct jailhouse_x86_platform *p = &hv_system_config->platform;
	char msg[JAILHOUSE_MSG_MAX];
	unsigned int n;
	int err;

	if (!p->num_iommu_units)
		return 0;
	for (n = 0; n < p->num_iommu_units && n < VTD_MAX_UNITS; n++)
		if (map_unit(n, &p->iommu_units[n]))
			return hv_fail(
				-ENOMEM,
				"IOMMU unit %u: out of remap space for its registers",
				n);
	refresh_root_cpus();
	err = vtd_setup(&vtd, hv_system_config, hw, &env, msg, sizeof(msg));
	if (err)
		return hv_fail(err, "%s", msg);
	if (trap_root_units()) {
		vtd_shutdown(&vtd);
		return hv_fail(
			-ENOMEM,
			"VT-d: the root's accesses to a unit taken over from Linux cannot be trapped (MMIO table full)");
	}
	/* from now on Linux's reads of FSTS are trapped: its fault handler
	 * may run when the unit records a fault */
	for (n = 0; n < vtd.num_units; n++)
		vtd_root_fault_event_on(&vtd.units[n]);
	printk("VT-d: %u units translating DMA and remapping interrupts\n",
	       vtd.num_units);
	return 0;
}

static void vtd_exit(void)
{
	vtd_shutdown(&vtd);
}

/* Faults still recorded are reported first: the records are cleared,
 * as Linux's driver expects to find them. */
static int vtd_disable_hook(struct per_cpu *caller)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	if (!vtd.num_units)
		return 0;
	poll_faults(NULL);
	spin_lock(&vtd_lock);
	err = vtd_disable(&vtd, msg, sizeof(msg));
	spin_unlock(&vtd_lock);
	if (!err)
		return 0;
	printk("%s\n", msg);
	return hypercall_refuse(caller, err, "%s", msg);
}

static int vtd_cell_check_hook(struct per_cpu *caller, const struct cell *cell)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	if (!vtd.num_units)
		return 0;
	poll_faults(NULL);
	err = vtd_cell_check(&vtd, cell->config, msg, sizeof(msg));
	return err ? hypercall_refuse(caller, err, "%s", msg) : 0;
}

static int vtd_cell_create_hook(struct cell *cell)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	if (!vtd.num_units)
		return 0;
	spin_lock(&vtd_lock);
	err = vtd_cell_create(&vtd, cell->id, cell->config, msg, sizeof(msg));
	/* the root's entries may name the cell's CPUs or devices now */
	refresh_root_cpus_without(cell);
	if (!err && vtd_root_revalidate(&vtd))
		printk("VT-d: a unit did not answer while the root's interrupt entries were checked again\n");
	spin_unlock(&vtd_lock);
	if (err)
		printk("%s\n", msg);
	return err;
}

static void vtd_cell_destroy_hook(struct cell *cell)
{
	if (!vtd.num_units)
		return;
	/* before its devices leave its domain: their faults name it */
	poll_faults(cell);
	spin_lock(&vtd_lock);
	vtd_cell_destroy(&vtd, cell->id, cell->config);
	refresh_root_cpus();
	vtd_root_revalidate(&vtd); /* CPUs and devices back: entries again */
	spin_unlock(&vtd_lock);
}

const struct hv_unit vtd_unit = {
	.name = "VT-d",
	.init = vtd_init,
	.exit = vtd_exit,
	.cell_check = vtd_cell_check_hook,
	.cell_create = vtd_cell_create_hook,
	.cell_destroy = vtd_cell_destroy_hook,
	.disable = vtd_disable_hook,
};
