// SPDX-License-Identifier: GPL-2.0
/*
 * The root's interrupt-remapping take-over (hypervisor-x86/arch/vtd-root.c)
 * against QEMU's intel-iommu while Linux's own interrupt remapping is live
 * (Documentation/vtd.md, "The take-over harness"): `insmod vtd-harness.ko
 * mode=root` on the machine qemu-vtd-ir (QEMU 10, x2APIC, eim=on, Linux
 * booted without intremap=off).
 *
 * The harness plays the hypervisor: insmod takes the unit over with
 * vtd_setup() and a root environment made from Linux (its RAM through the
 * direct map, its online CPUs as the root's CPUs) and leaves it taken over
 * when it returns, so that user space can watch Linux's own interrupts in
 * the window (the scenario counts the serial port's, which come through
 * the IOAPIC in remappable format); rmmod hands the unit back with
 * vtd_disable() and checks what Linux finds.
 *
 * Linux's accesses to the unit cannot be trapped without VMX, so Linux
 * must not touch the unit in the window.  It does so only to change an
 * entry (allocating, freeing or moving an interrupt, through its queue)
 * and in its fault handler.  Hence: the edus' MSIs are allocated and their
 * affinities settled before the take-over and freed after the hand-back;
 * the fault event stays masked in the window (vtd_setup masks it; the
 * harness reads and clears every fault through the code's fault path
 * before the hand-back); the scenario runs nothing that allocates or
 * moves interrupts (no module load, no CPU hotplug, no irqbalance).
 *
 * Checks that need QEMU 10: the machine itself (x2APIC under TCG and
 * eim=on), and the fault record of a blocked interrupt (QEMU 7.2 records
 * none); on an older QEMU the record check prints a NOTE, not a PASS.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <asm/apic.h>
#include <asm/smp.h>

#include "harness.h"
#include "vtd-regs.h"

#define RAISES 20	  /* interrupts per device and round */
#define RAISE_WAIT_MS 300 /* for one to arrive */
#define GSTS_RTPS VTD_GCMD_SRTP
#define FAULT_IRTE_NOT_PRESENT 0x22
#define FAULT_COMPAT_BLOCKED 0x25

static struct harness_parts p;
static int held;	       /* the unit is taken over */
static char last_line[4][200]; /* the root side's last console lines */
static unsigned int lines;
static unsigned long completions;

/* ---- the root environment (what arch/vtd.c gives vtd-root.c) ---- */

/* Linux's RAM, every page of [phys, phys + size): the hypervisor's
 * "root RAM" is what the root's EPT maps as RAM. */
static int root_ram(u64 phys, unsigned long size)
{
	u64 pfn, last;

	if (!size || phys + size < phys)
		return 0;
	last = (phys + size - 1) >> PAGE_SHIFT;
	for (pfn = phys >> PAGE_SHIFT; pfn <= last; pfn++)
		if (!pfn_valid(pfn) || !page_is_ram(pfn))
			return 0;
	return 1;
}

static int root_read(void *ctx, __u64 phys, void *buf, unsigned long size)
{
	if (!root_ram(phys, size))
		return -EPERM;
	memcpy(buf, __va(phys), size);
	return 0;
}

static int root_write32(void *ctx, __u64 phys, __u32 value)
{
	if (!root_ram(phys, 4))
		return -EPERM;
	WRITE_ONCE(*(u32 *)__va(phys), value);
	return 0;
}

/* Linux's queued-invalidation code polls its wait status and asks for no
 * completion interrupt; one would be counted here, not sent. */
static void root_interrupt(void *ctx, __u32 apic_id, unsigned int vector)
{
	completions++;
	pr_info("vtd-harness: root side: completion interrupt vector 0x%x to APIC ID %u (not sent by the harness)\n",
		vector, apic_id);
}

static void root_print(void *ctx, const char *line)
{
	pr_info("vtd-harness: root side: %s\n", line);
	strscpy(last_line[lines % ARRAY_SIZE(last_line)], line,
		sizeof(last_line[0]));
	lines++;
}

static struct apic_cpu root_cpus[NR_CPUS < 64 ? NR_CPUS : 64];

static unsigned int fill_root_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
	{
		if (n == ARRAY_SIZE(root_cpus))
			break;
		root_cpus[n++] = (struct apic_cpu){
			.apic_id = per_cpu(x86_cpu_to_apicid, cpu),
			.in_cell = 1,
		};
	}
	return n;
}

static struct vtd_root_env root_env = {
	.read = root_read,
	.write32 = root_write32,
	.interrupt = root_interrupt,
	.print = root_print,
	.cpus = root_cpus,
};

static int said(const char *text)
{
	unsigned int n;

	for (n = 0; n < ARRAY_SIZE(last_line) && n < lines; n++)
		if (strstr(last_line[n], text))
			return 1;
	return 0;
}

/* ---- the edus' interrupts, Linux's own ---- */

struct root_irq {
	struct edu *edu;
	int irq;
	atomic_t count;
	int last_cpu;
	u32 address, data; /* Linux's message in the device */
};

static struct root_irq irqs[EDU_MAX];

static irqreturn_t root_edu_irq(int irq, void *data)
{
	struct root_irq *r = data;

	edu_irq_ack(r->edu);
	WRITE_ONCE(r->last_cpu, smp_processor_id());
	atomic_inc(&r->count);
	return IRQ_HANDLED;
}

/* One interrupt of `r`'s edu: did it arrive within RAISE_WAIT_MS? */
static int raise_one(struct root_irq *r)
{
	int before = atomic_read(&r->count);
	unsigned int ms;

	edu_irq_raise(r->edu);
	for (ms = 0; ms < RAISE_WAIT_MS; ms++) {
		if (atomic_read(&r->count) != before)
			return 1;
		msleep(1);
	}
	/* blocked: the status stays up until acknowledged */
	edu_irq_ack(r->edu);
	return 0;
}

/* `count` interrupts, one after the other: how many arrived. */
static unsigned int raise_many(struct root_irq *r, unsigned int count)
{
	unsigned int n, got = 0;

	for (n = 0; n < count; n++)
		got += raise_one(r);
	return got;
}

static void expect_all_arrive(const char *name, struct root_irq *r)
{
	unsigned int got = raise_many(r, RAISES);
	char why[120];

	snprintf(why, sizeof(why), "edu %02x.%u raised %u, %u arrived",
		 PCI_SLOT(r->edu->bdf & 0xff), PCI_FUNC(r->edu->bdf & 0xff),
		 RAISES, got);
	pr_info("vtd-harness: %s: %s (IRQ %d, CPU %d)\n", name, why, r->irq,
		READ_ONCE(r->last_cpu));
	harness_check(got == RAISES, name, why);
}

/* Linux's MSI message as it programmed edu (remappable with IR on). */
static void read_message(struct root_irq *r)
{
	struct msi_message m;

	msi_read(r->edu->pdev, &m);
	r->address = m.address_lo;
	r->data = m.data;
}

/* The entry index Linux's remappable message names. */
static unsigned int message_index(const struct root_irq *r)
{
	unsigned int handle = (r->address >> VTD_MSI_HANDLE_SHIFT) & 0x7fff;

	if (r->address & VTD_MSI_HANDLE15)
		handle |= 0x8000;
	return handle + (r->address & VTD_MSI_SHV ? r->data : 0);
}

static int irq_setup(struct root_irq *r, struct edu *e, unsigned int cpu)
{
	r->edu = e;
	r->irq = -1;
	r->last_cpu = -1;
	atomic_set(&r->count, 0);
	if (!e->pdev->msi_cap ||
	    pci_alloc_irq_vectors(e->pdev, 1, 1, PCI_IRQ_MSI) != 1)
		return -ENODEV;
	r->irq = pci_irq_vector(e->pdev, 0);
	if (request_irq(r->irq, root_edu_irq, 0, "vtd-harness", r)) {
		pci_free_irq_vectors(e->pdev);
		r->irq = -1;
		return -EBUSY;
	}
	/* Settled now: in the window Linux must not move it (a move
	 * rewrites its entry through Linux's queue).  The first interrupt
	 * completes a pending move. */
	irq_set_affinity(r->irq, cpumask_of(cpu));
	raise_one(r);
	read_message(r);
	return 0;
}

static void irq_free(struct root_irq *r)
{
	if (!r->edu || r->irq < 0)
		return;
	free_irq(r->irq, r);
	pci_free_irq_vectors(r->edu->pdev);
	r->irq = -1;
}

/* ---- the registers Linux reads ---- */

struct reg {
	const char *name;
	unsigned int offset, size;
	u64 mask; /* the bits compared */
};

/* GSTS.RTPS may stay set once a root table pointer was latched (software
 * cannot clear it); FECTL.IP and FSTS follow faults, read below. */
static const struct reg regs[] = {
	{ "GSTS", VTD_REG_GSTS, 4, 0xffffffffULL & ~GSTS_RTPS },
	{ "RTADDR", VTD_REG_RTADDR, 8, ~0ULL },
	{ "FSTS", VTD_REG_FSTS, 4, ~0ULL },
	{ "FECTL", VTD_REG_FECTL, 4, ~0ULL },
	{ "FEDATA", VTD_REG_FEDATA, 4, ~0ULL },
	{ "FEADDR", VTD_REG_FEADDR, 4, ~0ULL },
	{ "FEUADDR", VTD_REG_FEUADDR, 4, ~0ULL },
	{ "IQH", VTD_REG_IQH, 8, ~0ULL },
	{ "IQT", VTD_REG_IQT, 8, ~0ULL },
	{ "IQA", VTD_REG_IQA, 8, ~0ULL },
	{ "ICS", VTD_REG_ICS, 4, ~0ULL },
	{ "IECTL", VTD_REG_IECTL, 4, ~0ULL },
	{ "IEDATA", VTD_REG_IEDATA, 4, ~0ULL },
	{ "IEADDR", VTD_REG_IEADDR, 4, ~0ULL },
	{ "IEUADDR", VTD_REG_IEUADDR, 4, ~0ULL },
	{ "IRTA", VTD_REG_IRTA, 8, ~0ULL },
};

static u64 linux_left[ARRAY_SIZE(regs)];

static u64 hw_read(unsigned int n)
{
	void __iomem *a = p.unit->regs + regs[n].offset;

	return regs[n].size == 8 ? readq(a) : readl(a);
}

/* What the root reads through the emulation (vtd_root_read). */
static u64 emulated_read(unsigned int n)
{
	__u64 value = ~0ULL;

	vtd_root_read(p.v, 0, regs[n].offset, regs[n].size, &value);
	return value;
}

/* One check per register: `read` against what Linux left. */
static void compare_regs(const char *prefix, u64 (*read)(unsigned int))
{
	unsigned int n;
	char name[40], why[120];
	u64 now;

	for (n = 0; n < ARRAY_SIZE(regs); n++) {
		now = read(n);
		snprintf(name, sizeof(name), "%s-%s", prefix, regs[n].name);
		snprintf(why, sizeof(why), "reads 0x%llx, Linux left 0x%llx",
			 (unsigned long long)now,
			 (unsigned long long)linux_left[n]);
		harness_check(!((now ^ linux_left[n]) & regs[n].mask), name,
			      why);
	}
}

/* ---- faults ---- */

/* Every pending record, printed with the code's sentence; 1 if one is
 * an interrupt fault of `reason` from `source` at `index` (ANY_INDEX: at
 * any). */
#define ANY_INDEX (~0U)
static int faults_seen(unsigned int reason, u16 source, unsigned int index)
{
	struct vtd_fault f[4];
	unsigned int n, count = vtd_fault_read(&p.v->units[0], f, 4);
	char line[200];
	int found = 0;

	for (n = 0; n < count; n++) {
		vtd_fault_format(&f[n], "root", line, sizeof(line));
		pr_info("vtd-harness: %s\n", line);
		found |= f[n].reason == reason && f[n].source_id == source &&
			 (index == ANY_INDEX || f[n].interrupt_index == index);
	}
	return found;
}

/* The pending records, printed and cleared: how many. */
static unsigned int fault_count(void)
{
	struct vtd_fault f[4];
	unsigned int n, count = vtd_fault_read(&p.v->units[0], f, 4);
	char line[200];

	for (n = 0; n < count; n++) {
		vtd_fault_format(&f[n], "root", line, sizeof(line));
		pr_info("vtd-harness: %s\n", line);
	}
	return count;
}

/* ---- x2APIC facts (Documentation/vtd.md) ---- */

static void read_ldr(void *out)
{
	*(u32 *)out = apic_read(APIC_LDR);
}

/* Each CPU's APIC ID and the logical destination register Linux's
 * cluster mode programmed (x2APIC: cluster 31:16, one bit of 15:0). */
static void print_apic_ids(void)
{
	unsigned int cpu;
	u32 ldr;

	for_each_online_cpu(cpu)
	{
		ldr = 0;
		smp_call_function_single(cpu, read_ldr, &ldr, 1);
		pr_info("vtd-harness: CPU %u: APIC ID 0x%x, LDR 0x%08x (cluster %u, bit %d)\n",
			cpu, per_cpu(x86_cpu_to_apicid, cpu), ldr, ldr >> 16,
			ffs(ldr & 0xffff) - 1);
	}
}

/* ---- the take-over ---- */

static int linux_ir_live(void)
{
	u32 gsts = readl(p.unit->regs + VTD_REG_GSTS);
	u64 irta = readq(p.unit->regs + VTD_REG_IRTA);
	char why[160];

	snprintf(why, sizeof(why),
		 "GSTS 0x%08x IRTA 0x%llx: Linux's interrupt remapping is not on (booted with intremap=off?)",
		 gsts, (unsigned long long)irta);
	pr_info("vtd-harness: Linux left GSTS 0x%08x IRTA 0x%llx (%u entries, %s), x2APIC %s\n",
		gsts, (unsigned long long)irta, 2U << (irta & 0xf),
		irta & VTD_IRTA_EIME ? "EIME" : "no EIME",
		x2apic_mode ? "on" : "off");
	if (!(gsts & VTD_GCMD_IRE) || !(gsts & VTD_GCMD_QIE) ||
	    (gsts & VTD_GCMD_TE)) {
		harness_check(0, "linux-ir-live", why);
		return 0;
	}
	harness_check(1, "linux-ir-live", NULL);
	harness_check(
		x2apic_mode && (irta & VTD_IRTA_EIME), "linux-x2apic-eim",
		"Linux does not run x2APIC with EIM (needs QEMU 10: x2apic under TCG, eim=on)");
	return 1;
}

/* The entries now in the hypervisor's table, one line each. */
static void print_table(void)
{
	const __u64 *irt = p.v->units[0].irt;
	unsigned int n;

	for (n = 0; n < p.v->units[0].irt_entries; n++)
		if (irt[2 * n] & VTD_IRTE_PRESENT)
			pr_info("vtd-harness: our entry %u: vector 0x%02llx dest 0x%llx %s source %04llx\n",
				n, (irt[2 * n] >> 16) & 0xff,
				irt[2 * n] >> VTD_IRTE_DEST_SHIFT,
				irt[2 * n] & VTD_IRTE_LEVEL ? "level" : "edge",
				irt[2 * n + 1] & 0xffff);
}

static int entry_present(unsigned int index)
{
	return index < p.v->units[0].irt_entries &&
	       (p.v->units[0].irt[2 * index] & VTD_IRTE_PRESENT);
}

static int take_over(void)
{
	struct vtd_unit *u = &p.v->units[0];
	u64 irta, iqa;
	u32 gsts;
	char why[200];
	int err;

	root_env.num_cpus = fill_root_cpus();
	p.env->env.root = &root_env;
	err = vtd_setup(p.v, harness_sys(x2apic_mode), p.hw, &p.env->env, why,
			sizeof(why));
	if (!harness_check(!err && u->root.active, "takeover-setup",
			   err ? why : "the unit was not taken over"))
		return -EIO;
	held = 1;
	gsts = readl(p.unit->regs + VTD_REG_GSTS);
	irta = readq(p.unit->regs + VTD_REG_IRTA);
	iqa = readq(p.unit->regs + VTD_REG_IQA);
	snprintf(why, sizeof(why),
		 "GSTS 0x%08x IRTA 0x%llx IQA 0x%llx; ours: table 0x%llx, queue 0x%llx",
		 gsts, (unsigned long long)irta, (unsigned long long)iqa,
		 (unsigned long long)__pa(u->irt),
		 (unsigned long long)__pa(u->queue));
	harness_check((gsts & VTD_GCMD_IRE) && (gsts & VTD_GCMD_QIE) &&
			      (gsts & VTD_GCMD_TE) && !(gsts & VTD_GCMD_CFI) &&
			      (irta & ~0xfffULL) == __pa(u->irt) &&
			      (iqa & ~0xfffULL) == __pa(u->queue),
		      "unit-runs-our-table-and-queue", why);
	snprintf(why, sizeof(why), "%lu of Linux's entries taken, %lu refused",
		 u->root.translated, u->root.refused);
	pr_info("vtd-harness: %s\n", why);
	harness_check(u->root.translated > 0 && !u->root.refused,
		      "linux-entries-translated", why);
	print_table();
	compare_regs("view", emulated_read);
	return 0;
}

/* edu 1 given to a cell: Linux's entry for it names a cell's device now
 * and is refused by the revalidation (what the hypervisor's cell create
 * hook does); its interrupt is blocked and the unit records the fault. */
static void refused_entry(void)
{
	struct root_irq *r = &irqs[1];
	unsigned int index = message_index(r);
	char why[160], msg[200];
	int err;

	err = vtd_cell_create(p.v, 1, harness_cell_with_edu1(), msg,
			      sizeof(msg));
	if (!harness_check(!err, "cell-takes-edu1", msg))
		return;
	err = vtd_root_revalidate(p.v);
	snprintf(why, sizeof(why),
		 "revalidation %d; entry %u %s; console: \"%s\"", err, index,
		 entry_present(index) ? "still present" : "not present",
		 lines ? last_line[(lines - 1) % ARRAY_SIZE(last_line)] : "");
	harness_check(!err && !entry_present(index) &&
			      said("source ID is a device of a cell"),
		      "linux-entry-of-cell-device-refused", why);
	snprintf(why, sizeof(why), "edu 1's interrupt (entry %u) arrived",
		 index);
	harness_check(!raise_one(r), "refused-entry-msi-blocked", why);
	if (faults_seen(FAULT_IRTE_NOT_PRESENT, r->edu->bdf, index))
		harness_check(1, "refused-entry-fault-recorded", NULL);
	else
		pr_info("vtd-harness: NOTE refused-entry-fault-recorded: no fault record (reason 0x22, source %04x, index %u): QEMU before 10 drops blocked interrupts without recording them\n",
			r->edu->bdf, index);
	expect_all_arrive("other-entries-still-arrive", &irqs[0]);
	vtd_cell_destroy(p.v, 1, harness_cell_with_edu1());
	err = vtd_root_revalidate(p.v);
	harness_check(!err && entry_present(index), "entry-back-after-destroy",
		      "Linux's entry did not come back");
	expect_all_arrive("edu1-msi-arrives-again", r);
}

/* edu 1 sends a compatibility-format message (what a device could make
 * up by DMA) with the vector and CPU of Linux's entry.  The spec blocks
 * it with IRTA.EIME set, whatever CFI says; QEMU 10.0.2 delivers it
 * (measured), so this is a probe that prints what the unit did, not a
 * check of the code (which leaves CFI clear). */
static void compat_probe(void)
{
	struct root_irq *r = &irqs[1];
	const __u64 *e = &p.v->units[0].irt[2 * message_index(r)];
	struct msi_message linux_msg, compat = {
		.address_lo = 0xfee00000U | (u32)((e[0] >> 32) & 0xff) << 12,
		.data = (e[0] >> VTD_IRTE_VECTOR_SHIFT) & 0xff,
	};
	int arrived;

	msi_read(r->edu->pdev, &linux_msg);
	msi_write(r->edu->pdev, &compat);
	arrived = raise_one(r);
	msi_write(r->edu->pdev, &linux_msg);
	pr_info("vtd-harness: NOTE compat-msi: edu 1's compatibility-format message 0x%08x/0x%04x with EIME set and CFI clear %s (%s)\n",
		compat.address_lo, compat.data,
		arrived ? "was delivered" : "was blocked",
		faults_seen(FAULT_COMPAT_BLOCKED, r->edu->bdf, ANY_INDEX) ?
			"recorded, reason 0x25" :
			"no fault record");
}

/* The window: Linux's interrupts through the hypervisor's table. */
static void window_checks(void)
{
	unsigned int n;
	char why[120];

	for (n = 0; n < EDU_MAX; n++) {
		snprintf(why, sizeof(why),
			 "edu %u's message 0x%08x/0x%04x is not remappable", n,
			 irqs[n].address, irqs[n].data);
		harness_check(irqs[n].address & VTD_MSI_REMAPPABLE,
			      n ? "edu1-message-remappable" :
				  "edu0-message-remappable",
			      why);
		pr_info("vtd-harness: edu %u: IRQ %d, Linux's entry %u, CPU %d\n",
			n, irqs[n].irq, message_index(&irqs[n]),
			READ_ONCE(irqs[n].last_cpu));
	}
	expect_all_arrive("edu0-msi-through-our-table", &irqs[0]);
	expect_all_arrive("edu1-msi-through-our-table", &irqs[1]);
	compat_probe();
	expect_all_arrive("edu1-msi-after-compat", &irqs[1]);
	refused_entry();
	harness_check(!fault_count(), "no-other-faults",
		      "the unit recorded faults the checks did not cause");
}

/* ---- the hand-back ---- */

/* Linux moves edu 0's interrupt to another CPU: its entry is rewritten
 * through Linux's own queue on the unit. */
static void linux_queue_works(void)
{
	struct root_irq *r = &irqs[0];
	u64 iqt = readq(p.unit->regs + VTD_REG_IQT);
	unsigned int cpu =
		cpumask_next(READ_ONCE(r->last_cpu), cpu_online_mask);
	char why[160];
	int err;

	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(cpu_online_mask);
	err = irq_set_affinity(r->irq, cpumask_of(cpu));
	raise_one(r);
	snprintf(why, sizeof(why),
		 "irq_set_affinity %d; IQT 0x%llx -> 0x%llx; arrived on CPU %d, moved to %u",
		 err, (unsigned long long)iqt,
		 (unsigned long long)readq(p.unit->regs + VTD_REG_IQT),
		 READ_ONCE(r->last_cpu), cpu);
	pr_info("vtd-harness: linux-moves-an-interrupt: %s\n", why);
	harness_check(!err && readq(p.unit->regs + VTD_REG_IQT) != iqt &&
			      raise_many(r, RAISES) == RAISES &&
			      READ_ONCE(r->last_cpu) == (int)cpu,
		      "linux-moves-an-interrupt", why);
}

static void hand_back(void)
{
	char msg[200];
	int err;

	/* faults are read and cleared before Linux's unmasked fault event
	 * comes back (Linux's handler would touch the unit otherwise); the
	 * spec clears FECTL.IP with the last record, QEMU only when FSTS is
	 * written (0 changes nothing on a real unit: its bits are
	 * write-1-to-clear) */
	fault_count();
	writel(0, p.unit->regs + VTD_REG_FSTS);
	err = vtd_disable(p.v, msg, sizeof(msg));
	held = 0;
	harness_check(!err, "hand-back", msg);
	snprintf(msg, sizeof(msg), "%lu table pages not given back",
		 page_pool_used(&p.env->pool));
	harness_check(!page_pool_used(&p.env->pool), "pages-back", msg);
	compare_regs("back", hw_read);
	expect_all_arrive("edu0-msi-after-hand-back", &irqs[0]);
	expect_all_arrive("edu1-msi-after-hand-back", &irqs[1]);
	linux_queue_works();
}

/* ---- the module's two halves ---- */

void root_begin(void)
{
	unsigned int n, cpu;
	char why[160];

	if (harness_prepare(1, why, sizeof(why))) {
		pr_info("vtd-harness: SKIP: %s\n", why);
		return;
	}
	harness_parts(&p);
	pr_info("vtd-harness: needs QEMU 10: linux-x2apic-eim (x2APIC under TCG, eim=on) and refused-entry-fault-recorded (QEMU 7.2 records no interrupt-remapping fault)\n");
	if (!linux_ir_live())
		return;
	print_apic_ids();
	for (n = 0; n < EDU_MAX; n++) {
		/* edu 0 on the last CPU, edu 1 on the first */
		cpu = n ? cpumask_first(cpu_online_mask) :
			  cpumask_last(cpu_online_mask);
		if (!harness_check(!irq_setup(&irqs[n], &p.edu[n], cpu),
				   n ? "edu1-msi" : "edu0-msi",
				   "Linux could not give edu an MSI"))
			return;
	}
	for (n = 0; n < ARRAY_SIZE(regs); n++)
		linux_left[n] = hw_read(n);
	if (take_over())
		return;
	window_checks();
	pr_info("vtd-harness: window open: the unit runs the harness's table until rmmod (%u passed, %u failed so far)\n",
		harness_passed(), harness_failed());
}

void root_end(void)
{
	unsigned int n;

	if (held) {
		expect_all_arrive("edu0-msi-at-window-end", &irqs[0]);
		hand_back();
	}
	for (n = 0; n < EDU_MAX; n++)
		irq_free(&irqs[n]);
}
