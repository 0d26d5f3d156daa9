// SPDX-License-Identifier: GPL-2.0
/*
 * Does a cell config fit the system and the existing cells?  Both configs
 * have passed jh_config_validate(), so counts and sizes are trusted here;
 * what is checked is ownership: every CPU, byte of memory, port, IOAPIC pin
 * and PCI device the cell asks for must belong to the root cell now, and
 * nothing the hypervisor needs to keep for itself may be handed out.
 */
#include <common/cell-config.h>
#include <common/config-validate.h>
#include <common/env.h>
#include <common/format.h>

#define LOCAL_APIC_BASE 0xfee00000ULL
#define PCI_CONFIG_PORTS 0xcf8
#define PCI_CONFIG_PORTS_LEN 8

struct placement {
	const struct jailhouse_system_desc *sys;
	const struct jailhouse_cell_desc *root;
	const struct jailhouse_cell_desc *cell;
	const struct jailhouse_cell_desc *const *others;
	unsigned int num_others;
	char *msg;
	unsigned long msg_size;
};

static int JH_PRINTF(3, 4)
	refuse(const struct placement *p, int err, const char *fmt, ...)
{
	char reason[JAILHOUSE_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (p->msg_size)
		jh_snprintf(p->msg, p->msg_size, "cell \"%s\": %s",
			    p->cell->name, reason);
	return err;
}

static int same_name(const char *a, const char *b)
{
	unsigned int n;

	for (n = 0; n <= JAILHOUSE_CELL_NAME_MAXLEN; n++) {
		if (a[n] != b[n])
			return 0;
		if (!a[n])
			return 1;
	}
	return 1;
}

static int check_name(const struct placement *p)
{
	unsigned int n;

	if (same_name(p->cell->name, p->root->name))
		return refuse(p, -EEXIST, "the root cell has the same name");
	for (n = 0; n < p->num_others; n++)
		if (same_name(p->cell->name, p->others[n]->name))
			return refuse(p, -EEXIST,
				      "a cell with this name "
				      "already exists");
	return 0;
}

/* ---- CPUs ------------------------------------------------------------ */
static int check_cpu(const struct placement *p, unsigned int cpu)
{
	unsigned int n;

	if (cpu == 0)
		return refuse(p, -EINVAL,
			      "CPU 0 must stay with the root cell "
			      "(Linux cannot take it offline)");
	if (!jailhouse_cpu_in_set(p->root, cpu))
		return refuse(p, -EINVAL,
			      "CPU %u is not in the root cell's CPU "
			      "set",
			      cpu);
	for (n = 0; n < p->num_others; n++)
		if (jailhouse_cpu_in_set(p->others[n], cpu))
			return refuse(p, -EBUSY,
				      "CPU %u already belongs to cell "
				      "\"%s\"",
				      cpu, p->others[n]->name);
	return 0;
}

static int check_cpus(const struct placement *p)
{
	unsigned int cpu;
	int err;

	for (cpu = 0; cpu < p->cell->cpu_set_size * 8; cpu++) {
		if (!jailhouse_cpu_in_set(p->cell, cpu))
			continue;
		err = check_cpu(p, cpu);
		if (err)
			return err;
	}
	return 0;
}

/* ---- memory ------------------------------------------------------------ */
int cell_config_backed_by_root(const struct jailhouse_system_desc *sys,
			       __u64 phys, __u64 size)
{
	const struct jailhouse_memory *m =
		jailhouse_cell_mem_regions(&sys->root_cell);
	__u64 end = phys + size, at = phys;
	unsigned int n;
	int found;

	while (at < end) {
		found = 0;
		for (n = 0; n < sys->root_cell.num_memory_regions && !found;
		     n++)
			if (jh_range_within(at, 1, m[n].phys_start,
					    m[n].size)) {
				at = m[n].phys_start + m[n].size;
				found = 1;
			}
		if (!found)
			return 0;
	}
	return 1;
}

/*
 * The root's devices named by an RMRR keep DMAing into it (their firmware
 * does, e.g. a USB controller's legacy emulation or a GPU's stolen
 * memory): a cell must not get that memory.
 */
static int check_rmrr_ranges(const struct placement *p, unsigned int n,
			     const struct jailhouse_memory *m)
{
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(p->sys);
	unsigned int i;

	for (i = 0; i < p->sys->num_rmrrs; i++)
		if (jh_ranges_overlap(m->phys_start, m->size, r[i].base,
				      r[i].size))
			return refuse(p, -EINVAL,
				      "memory region %u (0x%llx+0x%llx) "
				      "overlaps RMRR %u 0x%llx+0x%llx, where "
				      "root devices' firmware DMAs",
				      n, (unsigned long long)m->phys_start,
				      (unsigned long long)m->size, i,
				      (unsigned long long)r[i].base,
				      (unsigned long long)r[i].size);
	return 0;
}

/* Ranges the hypervisor emulates or owns: never mapped into a cell. */
static int check_reserved_ranges(const struct placement *p, unsigned int n,
				 const struct jailhouse_memory *m)
{
	const struct jailhouse_x86_platform *pf = &p->sys->platform;
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(p->root);
	unsigned int i;

	for (i = 0; i < p->root->num_irqchips; i++)
		if (jh_ranges_overlap(m->phys_start, m->size, chip[i].address,
				      0x1000))
			return refuse(p, -EINVAL,
				      "memory region %u covers the "
				      "IOAPIC at 0x%llx, which the hypervisor "
				      "emulates",
				      n, (unsigned long long)chip[i].address);
	if (jh_ranges_overlap(m->phys_start, m->size, LOCAL_APIC_BASE, 0x1000))
		return refuse(p, -EINVAL,
			      "memory region %u covers the local "
			      "APIC page 0x%llx, which the hypervisor emulates",
			      n, LOCAL_APIC_BASE);
	for (i = 0; i < pf->num_iommu_units; i++)
		if (jh_ranges_overlap(m->phys_start, m->size,
				      pf->iommu_units[i].base,
				      pf->iommu_units[i].size))
			return refuse(p, -EINVAL,
				      "memory region %u covers IOMMU "
				      "unit %u at 0x%llx",
				      n, i,
				      (unsigned long long)pf->iommu_units[i]
					      .base);
	if (check_rmrr_ranges(p, n, m))
		return -EINVAL;
	if (pf->pci_mmconfig_base &&
	    jh_ranges_overlap(m->phys_start, m->size, pf->pci_mmconfig_base,
			      ((__u64)pf->pci_mmconfig_end_bus + 1) << 20))
		return refuse(p, -EINVAL,
			      "memory region %u covers the PCI "
			      "MMCONFIG area at 0x%llx, which the hypervisor "
			      "mediates",
			      n, (unsigned long long)pf->pci_mmconfig_base);
	return 0;
}

/* 1 if m covers a page of [address, address+size), the first such page
 * in *page; 0 also if the range is empty or no physical address. */
static int covers_pages_of(const struct jailhouse_memory *m, __u64 address,
			   __u64 size, __u64 *page)
{
	__u64 end;

	if (!address || !size || address >= (1ULL << 52) || size > (1ULL << 52))
		return 0;
	*page = address & ~0xfffULL;
	end = (address + size + 0xfff) & ~0xfffULL;
	return jh_ranges_overlap(m->phys_start, m->size, *page, end - *page);
}

/* The pending-bit array: one bit per vector, in 64-bit words.  Its page is
 * device registers, often shared with the table or other registers. */
static int check_msix_pba(const struct placement *p, unsigned int n,
			  const struct jailhouse_memory *m,
			  const struct jailhouse_pci_device *d)
{
	__u64 size = ((__u64)d->num_msix_vectors + 63) / 64 * 8, page;

	if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM || !d->num_msix_vectors ||
	    !covers_pages_of(m, d->msix_pba_address, size, &page))
		return 0;
	return refuse(p, -EINVAL,
		      "memory region %u (0x%llx+0x%llx) covers the MSI-X "
		      "pending-bit array page 0x%llx of PCI device "
		      "%02x:%02x.%x",
		      n, (unsigned long long)m->phys_start,
		      (unsigned long long)m->size, (unsigned long long)page,
		      d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7);
}

/*
 * The pages of a device's MSI-X table: whoever writes it chooses the
 * address and data of the device's interrupts, i.e. any vector on any
 * CPU.  The table is sized from msix_region_size or, if that is 0, from
 * the vector count (16 bytes each).
 */
static int check_msix_table(const struct placement *p, unsigned int n,
			    const struct jailhouse_memory *m,
			    const struct jailhouse_pci_device *d)
{
	__u64 size = d->msix_region_size ? d->msix_region_size :
					   (__u64)d->num_msix_vectors * 16;
	__u64 page;

	if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM ||
	    !covers_pages_of(m, d->msix_address, size, &page))
		return 0;
	return refuse(p, -EINVAL,
		      "memory region %u (0x%llx+0x%llx) covers the MSI-X "
		      "table page 0x%llx of PCI device %02x:%02x.%x, which "
		      "chooses the device's interrupt vectors and CPUs",
		      n, (unsigned long long)m->phys_start,
		      (unsigned long long)m->size, (unsigned long long)page,
		      d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7);
}

static int check_msix_tables(const struct placement *p, unsigned int n,
			     const struct jailhouse_memory *m)
{
	const struct jailhouse_pci_device *d;
	unsigned int i;

	d = jailhouse_cell_pci_devices(p->root);
	for (i = 0; i < p->root->num_pci_devices; i++)
		if (check_msix_table(p, n, m, &d[i]) ||
		    check_msix_pba(p, n, m, &d[i]))
			return -EINVAL;
	d = jailhouse_cell_pci_devices(p->cell);
	for (i = 0; i < p->cell->num_pci_devices; i++)
		if (check_msix_table(p, n, m, &d[i]) ||
		    check_msix_pba(p, n, m, &d[i]))
			return -EINVAL;
	return 0;
}

static const struct jailhouse_pci_device *
find_device(const struct jailhouse_cell_desc *c, __u16 domain, __u16 bdf);

static int check_bar(const struct placement *p, unsigned int n,
		     const struct jailhouse_memory *m,
		     const struct jailhouse_pci_device *d, unsigned int bar)
{
	__u64 base = d->bar_address[bar] & ~0xfULL;
	__u64 size = jailhouse_pci_bar_size(d, bar);

	if (!base || !size ||
	    !jh_ranges_overlap(m->phys_start, m->size, base, size))
		return 0;
	return refuse(p, -EINVAL,
		      "memory region %u (0x%llx+0x%llx) overlaps BAR %u "
		      "(0x%llx+0x%llx) of PCI device %02x:%02x.%x, which the "
		      "cell does not own",
		      n, (unsigned long long)m->phys_start,
		      (unsigned long long)m->size, bar,
		      (unsigned long long)base, (unsigned long long)size,
		      d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7);
}

/*
 * The memory BARs of every device the cell does not own (the root's list
 * has them all): their registers belong to the device's owner.
 */
static int check_bars(const struct placement *p, unsigned int n,
		      const struct jailhouse_memory *m)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(p->root);
	unsigned int i, bar;

	for (i = 0; i < p->root->num_pci_devices; i++) {
		if (find_device(p->cell, d[i].domain, d[i].bdf))
			continue;
		for (bar = 0; bar < 6; bar++) {
			if (check_bar(p, n, m, &d[i], bar))
				return -EINVAL;
			/* the upper half is no BAR of its own */
			if (jailhouse_pci_bar_is_64bit(&d[i], bar))
				bar++;
		}
	}
	return 0;
}

/* ---- bridge windows (revision 4) ------------------------------------- */
/* 1 if d sits on a bus behind bridge b. */
static int behind_bridge(const struct jailhouse_pci_device *b,
			 const struct jailhouse_pci_device *d)
{
	return d->type != JAILHOUSE_PCI_TYPE_IVSHMEM &&
	       d->domain == b->domain && d->bdf >> 8 >= b->secondary_bus &&
	       d->bdf >> 8 <= b->subordinate_bus;
}

/* A device behind bridge b that the root lists and the cell does not get. */
static const struct jailhouse_pci_device *
foreign_behind(const struct placement *p, const struct jailhouse_pci_device *b)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(p->root);
	unsigned int i;

	for (i = 0; i < p->root->num_pci_devices; i++)
		if (behind_bridge(b, &d[i]) &&
		    !find_device(p->cell, d[i].domain, d[i].bdf))
			return &d[i];
	return 0;
}

/*
 * Where BAR n of d decodes: I/O ports (io) or memory; the size, 0 if the
 * BAR is of the other kind or unused.  An I/O BAR's mask may have only
 * the 16 bits of a port decoder.
 */
static __u64 bar_range(const struct jailhouse_pci_device *d, unsigned int n,
		       int io, __u64 *base)
{
	__u32 mask = d->bar_mask[n] & ~3U;

	if (!io) {
		*base = d->bar_address[n] & ~0xfULL;
		return jailhouse_pci_bar_size(d, n);
	}
	if (!(d->bar_address[n] & 1) || !mask)
		return 0;
	*base = d->bar_address[n] & ~3ULL;
	if (mask < 0x10000)
		mask |= 0xffff0000;
	return (__u32)(~mask + 1);
}

/*
 * The end of the BAR of one of the cell's devices that holds address, or
 * 0.  The BARs are the root's entry's: the cell's own are compared with
 * them only later, in check_pci().
 */
static __u64 own_bar_end(const struct placement *p, __u64 address, int io)
{
	const struct jailhouse_pci_device *c =
		jailhouse_cell_pci_devices(p->cell);
	const struct jailhouse_pci_device *d;
	unsigned int i, bar;
	__u64 base, size;

	for (i = 0; i < p->cell->num_pci_devices; i++) {
		d = find_device(p->root, c[i].domain, c[i].bdf);
		if (!d || c[i].type == JAILHOUSE_PCI_TYPE_IVSHMEM)
			continue;
		for (bar = 0; bar < 6; bar++) {
			size = bar_range(d, bar, io, &base);
			if (base && size && address >= base &&
			    address - base < size)
				return base + size;
			if (jailhouse_pci_bar_is_64bit(d, bar))
				bar++;
		}
	}
	return 0;
}

/* The first address of [start, end) no BAR of the cell's holds, or end. */
static __u64 first_uncovered(const struct placement *p, __u64 start, __u64 end,
			     int io)
{
	__u64 next;

	while (start < end) {
		next = own_bar_end(p, start, io);
		if (!next)
			return start;
		start = next;
	}
	return end;
}

/*
 * Behind a window lie the registers of every device on the bridge's
 * buses, listed in the config or not.  A cell may use a window only where
 * its own devices' BARs are, and only if it owns every device the config
 * lists there: the root's Linux may move a BAR within the window.  range
 * names the cell's memory region or port range [start, start+size).
 */
static int check_window(const struct placement *p, const char *range,
			__u64 start, __u64 size, int io,
			const struct jailhouse_pci_device *b, const char *name,
			const struct jailhouse_pci_window *w)
{
	const struct jailhouse_pci_device *d;
	char why[96];
	__u64 end, hole;

	if (!w->size || !jh_ranges_overlap(start, size, w->base, w->size))
		return 0;
	end = start + size < w->base + w->size ? start + size :
						 w->base + w->size;
	if (start < w->base)
		start = w->base;
	d = foreign_behind(p, b);
	hole = first_uncovered(p, start, end, io);
	if (d)
		jh_snprintf(why, sizeof(why),
			    "PCI device %04x:%02x:%02x.%x behind it is not the "
			    "cell's",
			    d->domain, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			    d->bdf & 7);
	else if (hole < end)
		jh_snprintf(why, sizeof(why),
			    "its %s 0x%llx lies in no BAR of the cell's "
			    "devices",
			    io ? "port" : "address", (unsigned long long)hole);
	else
		return 0;
	return refuse(p, -EINVAL,
		      "%s overlaps the %s window 0x%llx+0x%llx of PCI bridge "
		      "%04x:%02x:%02x.%x (buses %02x-%02x), and %s",
		      range, name, (unsigned long long)w->base,
		      (unsigned long long)w->size, b->domain, b->bdf >> 8,
		      (b->bdf >> 3) & 0x1f, b->bdf & 7, b->secondary_bus,
		      b->subordinate_bus, why);
}

/* The windows of every bridge: I/O ones for ports, the others for memory. */
static int check_windows(const struct placement *p, const char *range,
			 __u64 start, __u64 size, int io)
{
	const struct jailhouse_pci_device *b =
		jailhouse_cell_pci_devices(p->root);
	unsigned int i;

	for (i = 0; i < p->root->num_pci_devices; i++) {
		if (b[i].type != JAILHOUSE_PCI_TYPE_BRIDGE)
			continue;
		if (io && check_window(p, range, start, size, 1, &b[i], "I/O",
				       &b[i].io_window))
			return -EINVAL;
		if (!io &&
		    (check_window(p, range, start, size, 0, &b[i], "memory",
				  &b[i].mem_window) ||
		     check_window(p, range, start, size, 0, &b[i],
				  "prefetchable memory", &b[i].pref_window)))
			return -EINVAL;
	}
	return 0;
}

static int check_memory_windows(const struct placement *p, unsigned int n,
				const struct jailhouse_memory *m)
{
	char range[64];

	jh_snprintf(range, sizeof(range), "memory region %u (0x%llx+0x%llx)", n,
		    (unsigned long long)m->phys_start,
		    (unsigned long long)m->size);
	return check_windows(p, range, m->phys_start, m->size, 0);
}

static int check_against_other_cells(const struct placement *p, unsigned int n,
				     const struct jailhouse_memory *m)
{
	const struct jailhouse_memory *om;
	unsigned int c, i;

	for (c = 0; c < p->num_others; c++) {
		om = jailhouse_cell_mem_regions(p->others[c]);
		for (i = 0; i < p->others[c]->num_memory_regions; i++) {
			if (om[i].flags & JAILHOUSE_MEM_COMM_REGION)
				continue;
			if (m->flags & om[i].flags & JAILHOUSE_MEM_ROOTSHARED)
				continue;
			if (jh_ranges_overlap(m->phys_start, m->size,
					      om[i].phys_start, om[i].size))
				return refuse(p, -EBUSY,
					      "memory region %u "
					      "(0x%llx+0x%llx) overlaps memory "
					      "region %u of cell \"%s\"",
					      n,
					      (unsigned long long)m->phys_start,
					      (unsigned long long)m->size, i,
					      p->others[c]->name);
		}
	}
	return 0;
}

static int check_region(const struct placement *p, unsigned int n,
			const struct jailhouse_memory *m)
{
	const struct jailhouse_memory *hv = &p->sys->hypervisor_memory;
	int err;

	if (m->flags & JAILHOUSE_MEM_COMM_REGION)
		return 0; /* hypervisor memory by design, no phys_start */
	if (jh_ranges_overlap(m->phys_start, m->size, hv->phys_start, hv->size))
		return refuse(p, -EINVAL,
			      "memory region %u (0x%llx+0x%llx) "
			      "overlaps the hypervisor memory 0x%llx+0x%llx",
			      n, (unsigned long long)m->phys_start,
			      (unsigned long long)m->size,
			      (unsigned long long)hv->phys_start,
			      (unsigned long long)hv->size);
	err = check_reserved_ranges(p, n, m);
	if (!err)
		err = check_msix_tables(p, n, m);
	if (!err)
		err = check_bars(p, n, m);
	if (!err)
		err = check_memory_windows(p, n, m);
	if (err)
		return err;
	if (!cell_config_backed_by_root(p->sys, m->phys_start, m->size))
		return refuse(p, -EINVAL,
			      "memory region %u (0x%llx+0x%llx) is "
			      "not backed by the root cell's memory",
			      n, (unsigned long long)m->phys_start,
			      (unsigned long long)m->size);
	return check_against_other_cells(p, n, m);
}

static int check_memory(const struct placement *p)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(p->cell);
	unsigned int n;
	int err;

	for (n = 0; n < p->cell->num_memory_regions; n++) {
		err = check_region(p, n, &m[n]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- ports ------------------------------------------------------------- */
static int pio_backed_by_root(const struct placement *p, unsigned int base,
			      unsigned int length)
{
	const struct jailhouse_pio *r = jailhouse_cell_pio(p->root);
	unsigned int at = base, end = base + length, n;
	int found;

	while (at < end) {
		found = 0;
		for (n = 0; n < p->root->num_pio_regions && !found; n++)
			if (at >= r[n].base &&
			    at < (unsigned int)r[n].base + r[n].length) {
				at = r[n].base + r[n].length;
				found = 1;
			}
		if (!found)
			return 0;
	}
	return 1;
}

/*
 * Ports whose owner can reset or INIT the machine, raise an SMI, mask NMI or
 * steer the legacy interrupt controllers that every CPU shares: a cell that
 * owns one of them reaches the root and the other cells.  Fixed by the PC
 * architecture; the FADT's ports follow in check_fadt_ports().
 */
struct forbidden_port {
	unsigned int first, last;
	const char *what;
};

static const struct forbidden_port legacy_ports[] = {
	{ 0x20, 0x21, "the master 8259 PIC (interrupt routing of every CPU)" },
	{ 0x61, 0x61, "NMI status and control (port 0x61)" },
	{ 0x64, 0x64, "the keyboard controller command port (pulses reset)" },
	{ 0x70, 0x70, "the RTC index port (bit 7 masks NMI)" },
	{ 0x92, 0x92, "System Control Port A (fast reset, A20)" },
	{ 0xa0, 0xa1, "the slave 8259 PIC (interrupt routing of every CPU)" },
	{ 0x4d0, 0x4d1, "the ELCR (edge/level control of the PICs)" },
	{ 0xcf9, 0xcf9, "the reset control register (resets the machine)" },
};

/* The first port of [base, base+length) in a forbidden range, or -1. */
static int first_in(unsigned int base, unsigned int length, unsigned int first,
		    unsigned int last)
{
	if (!jh_ranges_overlap(base, length, first, last - first + 1))
		return -1;
	return base > first ? (int)base : (int)first;
}

static int refuse_port(const struct placement *p, unsigned int n,
		       const struct jailhouse_pio *r, int port,
		       const char *what)
{
	return refuse(p, -EINVAL,
		      "PIO range %u (0x%x+0x%x) covers port 0x%x, %s, which "
		      "no cell but the root may own",
		      n, r->base, r->length, port, what);
}

static int check_legacy_ports(const struct placement *p, unsigned int n,
			      const struct jailhouse_pio *r)
{
	const struct forbidden_port *f;
	unsigned int i;
	int port;

	for (i = 0; i < sizeof(legacy_ports) / sizeof(legacy_ports[0]); i++) {
		f = &legacy_ports[i];
		port = first_in(r->base, r->length, f->first, f->last);
		if (port >= 0)
			return refuse_port(p, n, r, port, f->what);
	}
	return 0;
}

/*
 * The FADT's ports, as `config create` copied them into the platform part:
 * SMI_CMD raises an SMI (firmware code in SMM, outside every cell), the
 * PM1 control blocks put the machine to sleep or switch it off (SLP_EN).
 */
static int check_fadt_ports(const struct placement *p, unsigned int n,
			    const struct jailhouse_pio *r)
{
	const struct jailhouse_x86_platform *pf = &p->sys->platform;
	unsigned int len = pf->pm1_control_length ? pf->pm1_control_length : 2;
	const struct forbidden_port fadt[] = {
		{ pf->smi_command_port, pf->smi_command_port,
		  "the FADT's SMI command port (raises an SMI)" },
		{ pf->pm1a_control_port, pf->pm1a_control_port + len - 1,
		  "the FADT's PM1a control block (sleep, power off)" },
		{ pf->pm1b_control_port, pf->pm1b_control_port + len - 1,
		  "the FADT's PM1b control block (sleep, power off)" },
	};
	unsigned int i;
	int port;

	for (i = 0; i < sizeof(fadt) / sizeof(fadt[0]); i++) {
		if (!fadt[i].first)
			continue;
		port = first_in(r->base, r->length, fadt[i].first,
				fadt[i].last);
		if (port >= 0)
			return refuse_port(p, n, r, port, fadt[i].what);
	}
	return 0;
}

static int check_pio_range(const struct placement *p, unsigned int n,
			   const struct jailhouse_pio *r)
{
	const struct jailhouse_console *con = &p->sys->debug_console;
	const struct jailhouse_pio *o;
	unsigned int c, i;
	char range[64];

	if (check_legacy_ports(p, n, r) || check_fadt_ports(p, n, r))
		return -EINVAL;
	if (jh_ranges_overlap(r->base, r->length, PCI_CONFIG_PORTS,
			      PCI_CONFIG_PORTS_LEN))
		return refuse(p, -EINVAL,
			      "PIO range %u (0x%x+0x%x) covers the "
			      "PCI configuration ports 0xcf8-0xcff, which the "
			      "hypervisor mediates",
			      n, r->base, r->length);
	if (con->type == JAILHOUSE_CON_TYPE_8250_PIO &&
	    jh_ranges_overlap(r->base, r->length, con->address, con->size))
		return refuse(p, -EINVAL,
			      "PIO range %u (0x%x+0x%x) covers the "
			      "hypervisor's debug console at port 0x%llx",
			      n, r->base, r->length,
			      (unsigned long long)con->address);
	if (!pio_backed_by_root(p, r->base, r->length))
		return refuse(p, -EINVAL,
			      "PIO range %u (0x%x+0x%x) is not owned "
			      "by the root cell",
			      n, r->base, r->length);
	jh_snprintf(range, sizeof(range), "PIO range %u (0x%x+0x%x)", n,
		    r->base, r->length);
	if (check_windows(p, range, r->base, r->length, 1))
		return -EINVAL;
	for (c = 0; c < p->num_others; c++) {
		o = jailhouse_cell_pio(p->others[c]);
		for (i = 0; i < p->others[c]->num_pio_regions; i++)
			if (!(r->flags & o[i].flags &
			      JAILHOUSE_PIO_ROOT_SHARED) &&
			    jh_ranges_overlap(r->base, r->length, o[i].base,
					      o[i].length))
				return refuse(p, -EBUSY,
					      "PIO range %u (0x%x+0x%x)"
					      " overlaps PIO range %u of cell "
					      "\"%s\"",
					      n, r->base, r->length, i,
					      p->others[c]->name);
	}
	return 0;
}

static int check_pio(const struct placement *p)
{
	const struct jailhouse_pio *r = jailhouse_cell_pio(p->cell);
	unsigned int n;
	int err;

	for (n = 0; n < p->cell->num_pio_regions; n++) {
		err = check_pio_range(p, n, &r[n]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- IOAPIC pins --------------------------------------------------------- */
static const struct jailhouse_irqchip *
find_irqchip(const struct jailhouse_cell_desc *c, __u64 address)
{
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(c);
	unsigned int n;

	for (n = 0; n < c->num_irqchips; n++)
		if (chip[n].address == address)
			return &chip[n];
	return 0;
}

static int pin_set(const struct jailhouse_irqchip *chip, unsigned int pin)
{
	return (chip->pin_bitmap[pin / 32] >> (pin % 32)) & 1;
}

static int check_pin(const struct placement *p,
		     const struct jailhouse_irqchip *chip,
		     const struct jailhouse_irqchip *root_chip,
		     unsigned int pin)
{
	const struct jailhouse_irqchip *other;
	unsigned int c;

	if (pin >= root_chip->num_pins || !pin_set(root_chip, pin))
		return refuse(p, -EINVAL,
			      "pin %u of the IOAPIC at 0x%llx is not "
			      "owned by the root cell",
			      pin, (unsigned long long)chip->address);
	for (c = 0; c < p->num_others; c++) {
		other = find_irqchip(p->others[c], chip->address);
		if (other && pin_set(other, pin))
			return refuse(p, -EBUSY,
				      "pin %u of the IOAPIC at 0x%llx "
				      "already belongs to cell \"%s\"",
				      pin, (unsigned long long)chip->address,
				      p->others[c]->name);
	}
	return 0;
}

static int check_irqchips(const struct placement *p)
{
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(p->cell);
	const struct jailhouse_irqchip *root_chip;
	unsigned int n, pin;
	int err;

	for (n = 0; n < p->cell->num_irqchips; n++) {
		root_chip = find_irqchip(p->root, chip[n].address);
		if (!root_chip)
			return refuse(p, -EINVAL,
				      "IOAPIC %u at 0x%llx is not an "
				      "IOAPIC of the root cell",
				      n, (unsigned long long)chip[n].address);
		for (pin = 0; pin < chip[n].num_pins; pin++) {
			if (!pin_set(&chip[n], pin))
				continue;
			err = check_pin(p, &chip[n], root_chip, pin);
			if (err)
				return err;
		}
	}
	return 0;
}

/* ---- PCI devices --------------------------------------------------------- */
static const struct jailhouse_pci_device *
find_device(const struct jailhouse_cell_desc *c, __u16 domain, __u16 bdf)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(c);
	unsigned int n;

	for (n = 0; n < c->num_pci_devices; n++)
		if (d[n].domain == domain && d[n].bdf == bdf &&
		    d[n].type != JAILHOUSE_PCI_TYPE_IVSHMEM)
			return &d[n];
	return 0;
}

/*
 * A physical device in a cell can master the bus whatever its flags say: a
 * flag the config author may omit must not decide isolation, and ring-0
 * code in the cell can set the bus-master bit itself.  Only DMA and
 * interrupt remapping contain it.
 */
static int can_master_the_bus(const struct jailhouse_pci_device *d)
{
	return d->type == JAILHOUSE_PCI_TYPE_DEVICE;
}

/* The first device of @cell that can master the bus, or NULL. */
static const struct jailhouse_pci_device *
first_bus_master(const struct jailhouse_cell_desc *cell)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(cell);
	unsigned int n;

	for (n = 0; n < cell->num_pci_devices; n++)
		if (can_master_the_bus(&d[n]))
			return &d[n];
	return 0;
}

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(d) (d)->bdf >> 8, ((d)->bdf >> 3) & 0x1f, (d)->bdf & 7

/*
 * Without an IOMMU a device's DMA goes to the host-physical address its
 * driver in the cell wrote, which is a guest-physical one: only where the
 * two are equal does it reach the cell's own memory.  The regions a
 * device DMAs into are the cell's JAILHOUSE_MEM_DMA RAM regions.
 */
static int check_dma_identity(const struct placement *p,
			      const struct jailhouse_pci_device *d)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(p->cell);
	unsigned int n;

	for (n = 0; n < p->cell->num_memory_regions; n++) {
		if (!(m[n].flags & JAILHOUSE_MEM_DMA) ||
		    (m[n].flags &
		     (JAILHOUSE_MEM_IO | JAILHOUSE_MEM_COMM_REGION)) ||
		    m[n].virt_start == m[n].phys_start)
			continue;
		return refuse(p, -EINVAL,
			      "memory region %u (0x%llx+0x%llx at 0x%llx) takes "
			      "DMA from PCI device " BDF_FMT " but is not "
			      "mapped 1:1; without an IOMMU, DMA goes to "
			      "host-physical addresses: set virt_start = "
			      "phys_start",
			      n, (unsigned long long)m[n].phys_start,
			      (unsigned long long)m[n].size,
			      (unsigned long long)m[n].virt_start, BDF_ARGS(d));
	}
	return 0;
}

static int check_dma(const struct placement *p,
		     const struct jailhouse_pci_device *d)
{
	if (!can_master_the_bus(d))
		return 0;
	if (p->sys->platform.num_iommu_units == 0) {
		if (p->sys->flags & JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA)
			return check_dma_identity(p, d);
		return refuse(p, -EINVAL,
			      "PCI device " BDF_FMT " can master the bus "
			      "(DMA) and the system runs without IOMMU; giving "
			      "it to a cell needs "
			      "JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA, which gives "
			      "up all memory isolation",
			      BDF_ARGS(d));
	}
	if (CELL_CONFIG_DMA_REMAPPING)
		return 0;
	return refuse(p, -EINVAL,
		      "PCI device " BDF_FMT " can master the bus (DMA) and "
		      "this hypervisor does not program the IOMMU yet (no DMA "
		      "or interrupt remapping): no physical PCI device may be "
		      "given to a cell",
		      BDF_ARGS(d));
}

/* A device an RMRR names needs that memory mapped for it at all times,
 * which only the root's domain does. */
static int check_rmrr_device(const struct placement *p,
			     const struct jailhouse_pci_device *d)
{
	const struct jailhouse_iommu_scope *s =
		jailhouse_system_iommu_scopes(p->sys);
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(p->sys);
	unsigned int n;

	for (n = 0; n < p->sys->num_iommu_scopes; n++)
		if (s[n].iommu == JAILHOUSE_SCOPE_OF_RMRR &&
		    jh_scope_covers(&s[n], d))
			return refuse(p, -EINVAL,
				      "PCI device %04x:" BDF_FMT " is in the "
				      "scope of RMRR %u (0x%llx+0x%llx): its "
				      "firmware DMAs there, so it stays with "
				      "the root cell",
				      d->domain, BDF_ARGS(d), s[n].rmrr,
				      (unsigned long long)r[s[n].rmrr].base,
				      (unsigned long long)r[s[n].rmrr].size);
	return 0;
}

/* 1 if the IOMMU cannot tell a and b apart, or they reach each other
 * past it: one requester ID, or sibling functions without ACS. */
static int same_rid_group(const struct jailhouse_pci_device *a,
			  const struct jailhouse_pci_device *b)
{
	if (a == b || a->domain != b->domain ||
	    b->type != JAILHOUSE_PCI_TYPE_DEVICE)
		return 0;
	if ((a->flags & b->flags & JAILHOUSE_PCI_FLAG_DMA_ALIAS) &&
	    a->dma_alias == b->dma_alias)
		return 1;
	return (a->flags & b->flags & JAILHOUSE_PCI_FLAG_NO_ACS) &&
	       a->bdf >> 3 == b->bdf >> 3;
}

/*
 * Devices that share a requester ID share an IOMMU context entry: the
 * cell gets all of them or none.  The root's entries say who shares.
 */
static int check_rid_group(const struct placement *p,
			   const struct jailhouse_pci_device *root_dev)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(p->root);
	unsigned int n;

	for (n = 0; n < p->root->num_pci_devices; n++)
		if (same_rid_group(root_dev, &d[n]) &&
		    !find_device(p->cell, d[n].domain, d[n].bdf))
			return refuse(p, -EINVAL,
				      "PCI device %04x:" BDF_FMT " %s PCI "
				      "device %04x:" BDF_FMT ", which the cell "
				      "does not list; the IOMMU cannot keep "
				      "them apart: give both to one cell",
				      root_dev->domain, BDF_ARGS(root_dev),
				      (root_dev->flags & d[n].flags &
				       JAILHOUSE_PCI_FLAG_DMA_ALIAS) &&
						      root_dev->dma_alias ==
							      d[n].dma_alias ?
					      "shares its requester ID with" :
					      "reaches, without ACS,",
				      d[n].domain, BDF_ARGS(&d[n]));
	return 0;
}

static const char *pci_type_name(__u8 type)
{
	return type == JAILHOUSE_PCI_TYPE_BRIDGE ? "a bridge" : "a device";
}

/*
 * The root's entry describes the device as it is (config create read it):
 * a cell entry with another type or other BARs would have the hypervisor
 * emulate a device that is not there, or map registers of another one.
 */
static int check_same_as_root(const struct placement *p,
			      const struct jailhouse_pci_device *d,
			      const struct jailhouse_pci_device *root_dev)
{
	unsigned int bar;

	if (root_dev->type != d->type)
		return refuse(p, -EINVAL,
			      "PCI device %04x:" BDF_FMT " is %s here, but "
			      "%s in the root config",
			      d->domain, BDF_ARGS(d), pci_type_name(d->type),
			      pci_type_name(root_dev->type));
	for (bar = 0; bar < 6; bar++)
		if (d->bar_address[bar] != root_dev->bar_address[bar] ||
		    d->bar_mask[bar] != root_dev->bar_mask[bar])
			return refuse(p, -EINVAL,
				      "PCI device %04x:" BDF_FMT ": BAR %u is "
				      "0x%llx (mask 0x%x) here, but 0x%llx (mask "
				      "0x%x) in the root config; the BARs must be "
				      "the root's",
				      d->domain, BDF_ARGS(d), bar,
				      (unsigned long long)d->bar_address[bar],
				      d->bar_mask[bar],
				      (unsigned long long)
					      root_dev->bar_address[bar],
				      root_dev->bar_mask[bar]);
	return 0;
}

static int check_device(const struct placement *p,
			const struct jailhouse_pci_device *d)
{
	const struct jailhouse_pci_device *root_dev;
	unsigned int c;

	if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM)
		return 0; /* virtual: nobody owns it before */
	if (d->type == JAILHOUSE_PCI_TYPE_BRIDGE)
		return refuse(p, -EINVAL,
			      "PCI device %04x:" BDF_FMT " is a bridge; "
			      "bridges stay with the root cell, whose Linux "
			      "owns the bus topology and the devices behind "
			      "them",
			      d->domain, BDF_ARGS(d));
	root_dev = find_device(p->root, d->domain, d->bdf);
	if (!root_dev)
		return refuse(p, -EINVAL,
			      "PCI device %04x:" BDF_FMT " is not "
			      "owned by the root cell",
			      d->domain, BDF_ARGS(d));
	for (c = 0; c < p->num_others; c++)
		if (find_device(p->others[c], d->domain, d->bdf))
			return refuse(p, -EBUSY,
				      "PCI device %04x:" BDF_FMT " "
				      "already belongs to cell \"%s\"",
				      d->domain, BDF_ARGS(d),
				      p->others[c]->name);
	if (check_same_as_root(p, d, root_dev))
		return -EINVAL;
	if (p->sys->platform.num_iommu_units &&
	    d->iommu >= p->sys->platform.num_iommu_units)
		return refuse(p, -EINVAL,
			      "PCI device " BDF_FMT " refers to "
			      "IOMMU unit %u, but the system has %u",
			      BDF_ARGS(d), d->iommu,
			      p->sys->platform.num_iommu_units);
	if (check_rmrr_device(p, d) || check_rid_group(p, root_dev))
		return -EINVAL;
	return check_dma(p, d);
}

static int check_pci(const struct placement *p)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(p->cell);
	unsigned int n;
	int err;

	for (n = 0; n < p->cell->num_pci_devices; n++) {
		err = check_device(p, &d[n]);
		if (err)
			return err;
	}
	return 0;
}

/* ---- what the CPU can express --------------------------------------- */
int cell_config_check_caps(const struct jailhouse_cell_desc *cell,
			   unsigned int caps, char *msg, unsigned long msg_size)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	const struct placement p = { .cell = cell,
				     .msg = msg,
				     .msg_size = msg_size };
	__u64 rwx;
	unsigned int n;

	if (msg_size)
		msg[0] = 0;
	if (caps & CELL_CONFIG_CAP_EPT_EXECUTE_ONLY)
		return 0;
	for (n = 0; n < cell->num_memory_regions; n++) {
		rwx = m[n].flags & JAILHOUSE_MEM_RWX;
		if (rwx == JAILHOUSE_MEM_EXECUTE)
			return refuse(&p, -EINVAL,
				      "memory region %u (at 0x%llx+0x%llx) is "
				      "execute-only, which this CPU's EPT "
				      "cannot express (IA32_VMX_EPT_VPID_CAP "
				      "bit 0 is clear); add JAILHOUSE_MEM_READ",
				      n, (unsigned long long)m[n].virt_start,
				      (unsigned long long)m[n].size);
	}
	return 0;
}

int cell_config_check(const struct jailhouse_system_desc *sys,
		      const struct jailhouse_cell_desc *cell,
		      const struct jailhouse_cell_desc *const *others,
		      unsigned int num_others, char *msg,
		      unsigned long msg_size)
{
	const struct placement p = {
		.sys = sys,
		.root = &sys->root_cell,
		.cell = cell,
		.others = others,
		.num_others = num_others,
		.msg = msg,
		.msg_size = msg_size,
	};
	int err;

	if (msg_size)
		msg[0] = 0;
	err = check_name(&p);
	if (!err)
		err = check_cpus(&p);
	if (!err)
		err = check_memory(&p);
	if (!err)
		err = check_pio(&p);
	if (!err)
		err = check_irqchips(&p);
	if (!err)
		err = check_pci(&p);
	return err;
}

int cell_config_unisolated_dma_warning(__u32 sys_flags,
				       const struct jailhouse_cell_desc *cell,
				       char *msg, unsigned long msg_size)
{
	const struct jailhouse_pci_device *d = first_bus_master(cell);
	const struct placement p = { .cell = cell,
				     .msg = msg,
				     .msg_size = msg_size };

	if (msg_size)
		msg[0] = 0;
	if (!d || !(sys_flags & JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA))
		return 0;
	refuse(&p, 1,
	       "PCI device " BDF_FMT " is given under "
	       "JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA: no IOMMU confines its "
	       "DMA, so this cell can read and write all memory of every cell "
	       "and of the hypervisor",
	       BDF_ARGS(d));
	return 1;
}
