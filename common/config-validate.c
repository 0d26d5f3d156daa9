// SPDX-License-Identifier: GPL-2.0
/*
 * The shared config validator: one system or cell config on its own.
 * Runs in the hypervisor, the kernel module, the CLI and at build time
 * (see config-validate.h), so it uses nothing but <jailhouse/config.h> and
 * format.h, and never trusts a count before the size check has passed.
 *
 * Each refusal is one sentence naming the field or the item (with its
 * index and addresses), so the user can fix the .c file without guessing.
 */
#include <common/config-validate.h>
#include <common/env.h>
#include <common/format.h>

#define CONFIG_PAGE_SIZE 0x1000ULL
#define PHYS_LIMIT (1ULL << 52)
#define GUEST_PHYS_LIMIT (1ULL << 48)
#define PIO_LIMIT 0x10000U
#define NO_IOMMU_OPT_INS \
	(JAILHOUSE_SYS_NO_IOMMU | JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA)

/* Who is speaking, and what its items are called in sentences. */
struct validation {
	char *msg;
	unsigned long msg_size;
	char who[64]; /* "system config" / "cell config \"demo\"" */
	int root;
	const char *region; /* "root region" / "memory region" */
	const struct jailhouse_system_desc *sys; /* NULL for a cell */
};

static int JH_PRINTF(2, 3) refuse(struct validation *v, const char *fmt, ...)
{
	char reason[JAILHOUSE_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (v->msg_size)
		jh_snprintf(v->msg, v->msg_size, "%s: %s", v->who, reason);
	return -EINVAL;
}

static int same_signature(const char *a, const char *b)
{
	unsigned int n;

	for (n = 0; n < JAILHOUSE_SIGNATURE_SIZE; n++)
		if (a[n] != b[n])
			return 0;
	return 1;
}

static int page_aligned(__u64 value)
{
	return (value & (CONFIG_PAGE_SIZE - 1)) == 0;
}

/* ---- descriptor header and counts ------------------------------------ */
static int check_name(struct validation *v, const char *name)
{
	unsigned int n;

	for (n = 0; n <= JAILHOUSE_CELL_NAME_MAXLEN && name[n]; n++)
		if ((unsigned char)name[n] < 0x20 || name[n] == 0x7f)
			return refuse(v,
				      "the cell name contains control "
				      "character 0x%02x at position %u",
				      (unsigned char)name[n], n);
	if (n > JAILHOUSE_CELL_NAME_MAXLEN)
		return refuse(v,
			      "the cell name is not NUL-terminated within "
			      "%u bytes",
			      JAILHOUSE_CELL_NAME_MAXLEN + 1);
	if (n == 0)
		return refuse(v, "the cell name is empty");
	return 0;
}

static int check_header(struct validation *v,
			const struct jailhouse_cell_desc *c)
{
	if (!same_signature(c->signature, JAILHOUSE_CELL_SIGNATURE))
		return refuse(v, "%s signature is not \"%s\"",
			      v->root ? "the root cell's" : "the",
			      JAILHOUSE_CELL_SIGNATURE);
	if (c->revision != JAILHOUSE_CONFIG_REVISION)
		return refuse(v,
			      "%s revision is %u, this hypervisor reads "
			      "revision %u",
			      v->root ? "the root cell's" : "the", c->revision,
			      JAILHOUSE_CONFIG_REVISION);
	return check_name(v, c->name);
}

static int check_count(struct validation *v, const char *field, __u32 value,
		       __u32 max)
{
	if (value > max)
		return refuse(v, "%s is %u, more than the maximum of %u", field,
			      value, max);
	return 0;
}

static int check_counts(struct validation *v,
			const struct jailhouse_cell_desc *c)
{
	if (c->cpu_set_size == 0 || c->cpu_set_size % 8)
		return refuse(v,
			      "cpu_set_size is %u, it must be a non-zero "
			      "multiple of 8",
			      c->cpu_set_size);
	return check_count(v, "cpu_set_size", c->cpu_set_size,
			   JAILHOUSE_MAX_CPU_SET_SIZE) ||
			       check_count(v, "num_memory_regions",
					   c->num_memory_regions,
					   JAILHOUSE_MAX_MEM_REGIONS) ||
			       check_count(v, "num_irqchips", c->num_irqchips,
					   JAILHOUSE_MAX_IRQCHIPS) ||
			       check_count(v, "num_pio_regions",
					   c->num_pio_regions,
					   JAILHOUSE_MAX_PIO_REGIONS) ||
			       check_count(v, "num_pci_devices",
					   c->num_pci_devices,
					   JAILHOUSE_MAX_PCI_DEVICES) ||
			       check_count(v, "num_pci_caps", c->num_pci_caps,
					   JAILHOUSE_MAX_PCI_CAPS) ?
		       -EINVAL :
		       0;
}

static int check_size(struct validation *v, __u64 expected, unsigned long size)
{
	if (expected != size)
		return refuse(v,
			      "the counts in the descriptor add up to %llu "
			      "bytes, but the config has %lu bytes",
			      (unsigned long long)expected, size);
	return 0;
}

static int check_cpu_set(struct validation *v,
			 const struct jailhouse_cell_desc *c)
{
	const __u8 *set = jailhouse_cell_cpu_set(c);
	unsigned int n;

	for (n = 0; n < c->cpu_set_size; n++)
		if (set[n])
			return 0;
	return refuse(v, "the CPU set is empty");
}

static int check_console(struct validation *v, const char *what,
			 const struct jailhouse_console *con)
{
	if (con->type > JAILHOUSE_CON_TYPE_8250_MMIO)
		return refuse(v, "%s has unknown type %u", what, con->type);
	if (con->type == JAILHOUSE_CON_TYPE_8250_PIO &&
	    (con->address >= PIO_LIMIT || con->size > PIO_LIMIT - con->address))
		return refuse(v,
			      "%s port range 0x%llx+0x%x exceeds the 64 KiB "
			      "port space",
			      what, (unsigned long long)con->address,
			      con->size);
	return 0;
}

/* ---- memory regions ------------------------------------------------- */
static int check_region_flags(struct validation *v, unsigned int n,
			      const struct jailhouse_memory *m)
{
	__u64 fl = m->flags;

	if (fl & ~(__u64)JAILHOUSE_MEM_VALID_FLAGS)
		return refuse(
			v, "%s %u has unknown flags 0x%llx", v->region, n,
			(unsigned long long)(fl &
					     ~(__u64)JAILHOUSE_MEM_VALID_FLAGS));
	if (!(fl & JAILHOUSE_MEM_RWX))
		return refuse(v,
			      "%s %u grants no access (neither READ, WRITE "
			      "nor EXECUTE)",
			      v->region, n);
	if ((fl & JAILHOUSE_MEM_WRITE) && !(fl & JAILHOUSE_MEM_READ))
		return refuse(v,
			      "%s %u is writable but not readable, which "
			      "EPT cannot express",
			      v->region, n);
	if ((fl & JAILHOUSE_MEM_IO_WIDTHS) &&
	    !(fl & JAILHOUSE_MEM_IO_UNALIGNED))
		return refuse(v,
			      "%s %u has access widths but is not a sub-page "
			      "region (JAILHOUSE_MEM_IO_UNALIGNED)",
			      v->region, n);
	if ((fl & JAILHOUSE_MEM_IO_UNALIGNED) &&
	    (!(fl & JAILHOUSE_MEM_IO) || !(fl & JAILHOUSE_MEM_IO_WIDTHS)))
		return refuse(v,
			      "%s %u is a sub-page region but lacks "
			      "JAILHOUSE_MEM_IO or an access width",
			      v->region, n);
	if ((fl & JAILHOUSE_MEM_COMM_REGION) && v->root)
		return refuse(v,
			      "%s %u is a comm region, which the root cell "
			      "does not have",
			      v->region, n);
	if ((fl & JAILHOUSE_MEM_ROOTSHARED) && v->root)
		return refuse(v,
			      "%s %u is marked ROOTSHARED, which only means "
			      "something in a non-root cell",
			      v->region, n);
	return 0;
}

/*
 * A sub-page region is looked up by guest-physical address and forwarded to
 * the same offset in one host page: a region that crosses a page, or whose
 * offsets within the page differ, would forward an access to bytes the
 * config never named (the neighbouring page, or another register).
 */
static int check_sub_page(struct validation *v, unsigned int n,
			  const struct jailhouse_memory *m)
{
	__u64 offset = m->phys_start & (CONFIG_PAGE_SIZE - 1);

	if ((m->virt_start & (CONFIG_PAGE_SIZE - 1)) != offset)
		return refuse(v,
			      "sub-page %s %u (0x%llx+0x%llx at 0x%llx) has a "
			      "different offset within the page in the cell "
			      "than in physical memory",
			      v->region, n, (unsigned long long)m->phys_start,
			      (unsigned long long)m->size,
			      (unsigned long long)m->virt_start);
	if (m->size > CONFIG_PAGE_SIZE - offset)
		return refuse(v,
			      "sub-page %s %u (0x%llx+0x%llx) crosses a page "
			      "boundary",
			      v->region, n, (unsigned long long)m->phys_start,
			      (unsigned long long)m->size);
	return 0;
}

static int check_region_range(struct validation *v, unsigned int n,
			      const struct jailhouse_memory *m)
{
	int comm = (m->flags & JAILHOUSE_MEM_COMM_REGION) != 0;
	int sub_page = (m->flags & JAILHOUSE_MEM_IO_UNALIGNED) != 0;

	if (m->size == 0)
		return refuse(v, "%s %u is empty (size 0)", v->region, n);
	if (!sub_page &&
	    (!page_aligned(m->virt_start) || !page_aligned(m->size) ||
	     (!comm && !page_aligned(m->phys_start))))
		return refuse(v,
			      "%s %u (0x%llx+0x%llx at 0x%llx) is not page "
			      "aligned",
			      v->region, n, (unsigned long long)m->phys_start,
			      (unsigned long long)m->size,
			      (unsigned long long)m->virt_start);
	if (sub_page && check_sub_page(v, n, m))
		return -EINVAL;
	if (!comm && (m->phys_start >= PHYS_LIMIT ||
		      m->size > PHYS_LIMIT - m->phys_start))
		return refuse(v,
			      "%s %u (0x%llx+0x%llx) extends beyond the "
			      "52-bit physical address space",
			      v->region, n, (unsigned long long)m->phys_start,
			      (unsigned long long)m->size);
	if (m->virt_start >= GUEST_PHYS_LIMIT ||
	    m->size > GUEST_PHYS_LIMIT - m->virt_start)
		return refuse(v,
			      "%s %u (at 0x%llx+0x%llx) extends beyond the "
			      "48-bit guest-physical address space",
			      v->region, n, (unsigned long long)m->virt_start,
			      (unsigned long long)m->size);
	return 0;
}

static int check_region_pair(struct validation *v, unsigned int a,
			     const struct jailhouse_memory *ma, unsigned int b,
			     const struct jailhouse_memory *mb)
{
	int comm = (ma->flags | mb->flags) & JAILHOUSE_MEM_COMM_REGION;

	if (jh_ranges_overlap(ma->virt_start, ma->size, mb->virt_start,
			      mb->size))
		return refuse(v,
			      "%s %u (at 0x%llx+0x%llx) overlaps %s %u in "
			      "the cell's address space",
			      v->region, b, (unsigned long long)mb->virt_start,
			      (unsigned long long)mb->size, v->region, a);
	if (!comm && jh_ranges_overlap(ma->phys_start, ma->size, mb->phys_start,
				       mb->size))
		return refuse(v,
			      "%s %u (0x%llx+0x%llx) overlaps %s %u in "
			      "physical memory",
			      v->region, b, (unsigned long long)mb->phys_start,
			      (unsigned long long)mb->size, v->region, a);
	if ((ma->flags & mb->flags) & JAILHOUSE_MEM_COMM_REGION)
		return refuse(v,
			      "%s %u is a second comm region (the first is "
			      "%s %u)",
			      v->region, b, v->region, a);
	return 0;
}

static int check_regions(struct validation *v,
			 const struct jailhouse_cell_desc *c)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(c);
	unsigned int a, b;
	int err;

	for (b = 0; b < c->num_memory_regions; b++) {
		err = check_region_flags(v, b, &m[b]);
		if (!err)
			err = check_region_range(v, b, &m[b]);
		for (a = 0; !err && a < b; a++)
			err = check_region_pair(v, a, &m[a], b, &m[b]);
		if (err)
			return err;
	}
	return 0;
}

static int check_reset_address(struct validation *v,
			       const struct jailhouse_cell_desc *c)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(c);
	__u64 reset = c->cpu_reset_address;
	unsigned int n;

	for (n = 0; n < c->num_memory_regions; n++)
		if ((m[n].flags & JAILHOUSE_MEM_EXECUTE) &&
		    !(m[n].flags & JAILHOUSE_MEM_COMM_REGION) &&
		    jh_range_within(reset, 1, m[n].virt_start, m[n].size))
			return 0;
	return refuse(v,
		      "cpu_reset_address 0x%llx is not inside an "
		      "executable memory region",
		      (unsigned long long)reset);
}

/* ---- IOAPICs, ports, PCI --------------------------------------------- */
static int check_iommu_index(struct validation *v, const char *what,
			     unsigned int n, unsigned int iommu)
{
	if (!v->sys || v->sys->platform.num_iommu_units == 0)
		return 0; /* cells: checked against the system later */
	if (iommu >= v->sys->platform.num_iommu_units)
		return refuse(v,
			      "%s %u refers to IOMMU unit %u, but the system "
			      "has %u",
			      what, n, iommu, v->sys->platform.num_iommu_units);
	return 0;
}

static int check_irqchip(struct validation *v, unsigned int n,
			 const struct jailhouse_irqchip *chip)
{
	const char *what = v->root ? "root IOAPIC" : "IOAPIC";
	unsigned int pin;

	if (chip->address == 0 || chip->address & 0xfff)
		return refuse(v,
			      "%s %u has address 0x%llx, not a page-aligned "
			      "MMIO base",
			      what, n, (unsigned long long)chip->address);
	if (chip->num_pins == 0 || chip->num_pins > JAILHOUSE_IRQCHIP_MAX_PINS)
		return refuse(v, "%s %u has %u pins, it must have 1 to %u",
			      what, n, chip->num_pins,
			      JAILHOUSE_IRQCHIP_MAX_PINS);
	for (pin = chip->num_pins; pin < JAILHOUSE_IRQCHIP_MAX_PINS; pin++)
		if ((chip->pin_bitmap[pin / 32] >> (pin % 32)) & 1)
			return refuse(v,
				      "%s %u: pin_bitmap names pin %u, but the "
				      "IOAPIC has only %u pins",
				      what, n, pin, chip->num_pins);
	return check_iommu_index(v, what, n, chip->iommu);
}

static int check_irqchips(struct validation *v,
			  const struct jailhouse_cell_desc *c)
{
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(c);
	unsigned int a, b;
	int err;

	for (b = 0; b < c->num_irqchips; b++) {
		err = check_irqchip(v, b, &chip[b]);
		if (err)
			return err;
		for (a = 0; a < b; a++)
			if (chip[a].address == chip[b].address)
				return refuse(v,
					      "IOAPIC %u has the same address "
					      "0x%llx as IOAPIC %u",
					      b,
					      (unsigned long long)chip[b]
						      .address,
					      a);
	}
	return 0;
}

static int check_pio(struct validation *v, const struct jailhouse_cell_desc *c)
{
	const struct jailhouse_pio *p = jailhouse_cell_pio(c);
	const char *what = v->root ? "root PIO range" : "PIO range";
	unsigned int a, b;

	for (b = 0; b < c->num_pio_regions; b++) {
		if (p[b].flags & ~JAILHOUSE_PIO_VALID_FLAGS)
			return refuse(v, "%s %u has unknown flags 0x%x", what,
				      b,
				      p[b].flags & ~JAILHOUSE_PIO_VALID_FLAGS);
		if (p[b].length == 0 ||
		    (unsigned int)p[b].base + p[b].length > PIO_LIMIT)
			return refuse(v,
				      "%s %u (0x%x+0x%x) is empty or exceeds "
				      "the 64 KiB port space",
				      what, b, p[b].base, p[b].length);
		for (a = 0; a < b; a++)
			if (jh_ranges_overlap(p[a].base, p[a].length, p[b].base,
					      p[b].length))
				return refuse(v,
					      "%s %u (0x%x+0x%x) overlaps %s "
					      "%u",
					      what, b, p[b].base, p[b].length,
					      what, a);
	}
	return 0;
}

/*
 * An ivshmem v2 link's memory (Documentation/ivshmem.md): from
 * shmem_regions_start the state table, the read/write section and one
 * output section per peer.  What isolation needs: the state table is
 * written by the hypervisor only and another peer's output section by
 * that peer only, so neither may be writable here; and every section is
 * ordinary RAM shared with the peers, never device memory, sub-page
 * emulation, the comm region or loadable.  (Sizes are page multiples like
 * every region's; the sections' order in the cell and the agreement
 * between peers are the hypervisor's checks at cell create.)
 */
#define IVSHMEM_BAD_FLAGS                                \
	(JAILHOUSE_MEM_IO | JAILHOUSE_MEM_IO_UNALIGNED | \
	 JAILHOUSE_MEM_COMM_REGION | JAILHOUSE_MEM_LOADABLE)

static int check_ivshmem_section(struct validation *v, unsigned int n,
				 const struct jailhouse_pci_device *d,
				 unsigned int r,
				 const struct jailhouse_memory *m,
				 const char *section, int writable)
{
	if (m->flags & IVSHMEM_BAD_FLAGS)
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): ivshmem %s "
			      "(memory region %u) has flags 0x%llx; shared "
			      "memory may not be I/O, sub-page, the comm "
			      "region or loadable",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      section, r,
			      (unsigned long long)(m->flags &
						   IVSHMEM_BAD_FLAGS));
	if (!(m->flags & JAILHOUSE_MEM_READ))
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): ivshmem %s "
			      "(memory region %u) is not readable",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      section, r);
	if (!writable && (m->flags & JAILHOUSE_MEM_WRITE))
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): ivshmem %s "
			      "(memory region %u) is writable; only the "
			      "hypervisor writes the state table and only its "
			      "owner an output section",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      section, r);
	return 0;
}

static int check_ivshmem(struct validation *v, unsigned int n,
			 const struct jailhouse_cell_desc *c,
			 const struct jailhouse_pci_device *d)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(c);
	unsigned int first = d->shmem_regions_start, k;
	char section[32];

	if (d->shmem_peers < 2 || d->shmem_peers > JAILHOUSE_IVSHMEM_MAX_PEERS)
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): an ivshmem link "
			      "has 2 to %u peers, not %u",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      JAILHOUSE_IVSHMEM_MAX_PEERS, d->shmem_peers);
	if (d->shmem_dev_id >= d->shmem_peers)
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): ivshmem peer id "
			      "%u is not below the %u peers",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      d->shmem_dev_id, d->shmem_peers);
	/* first < num_memory_regions: checked by the caller */
	if (c->num_memory_regions - first < 2U + d->shmem_peers)
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): an ivshmem link "
			      "of %u peers needs %u memory regions from "
			      "region %u (state table, read/write section, "
			      "one output section per peer), the config has "
			      "%u",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      d->shmem_peers, 2 + d->shmem_peers, first,
			      c->num_memory_regions - first);
	/* the hypervisor keeps a 32-bit state per peer there */
	if (m[first].size < 4ULL * d->shmem_peers)
		return refuse(v,
			      "PCI device %u (%02x:%02x.%x): the ivshmem state "
			      "table (memory region %u) is smaller than 4 "
			      "bytes per peer",
			      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f, d->bdf & 7,
			      first);
	if (check_ivshmem_section(v, n, d, first, &m[first], "state table",
				  0) ||
	    check_ivshmem_section(v, n, d, first + 1, &m[first + 1],
				  "read/write section", 1))
		return -EINVAL;
	for (k = 0; k < d->shmem_peers; k++) {
		const struct jailhouse_memory *out = &m[first + 2 + k];

		jh_snprintf(section, sizeof(section),
			    "output section of peer %u", k);
		if (check_ivshmem_section(v, n, d, first + 2 + k, out, section,
					  k == d->shmem_dev_id))
			return -EINVAL;
		if (out->size != m[first + 2].size)
			return refuse(v,
				      "PCI device %u (%02x:%02x.%x): ivshmem "
				      "output sections differ in size (peer "
				      "%u: 0x%llx, peer 0: 0x%llx)",
				      n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
				      d->bdf & 7, k,
				      (unsigned long long)out->size,
				      (unsigned long long)m[first + 2].size);
	}
	return 0;
}

/* A bridge window: no wrap, and on the bridge's granularity. */
static int check_window(struct validation *v, const char *what, unsigned int n,
			const struct jailhouse_pci_device *d, const char *name,
			const struct jailhouse_pci_window *w, __u64 align)
{
	if (!w->size && !w->base)
		return 0;
	if (!w->size || w->base + w->size - 1 < w->base ||
	    (w->base | w->size) & (align - 1))
		return refuse(v,
			      "%s %u (%02x:%02x.%x): %s window 0x%llx+0x%llx "
			      "is empty, wraps, or is not aligned to 0x%llx",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7, name, (unsigned long long)w->base,
			      (unsigned long long)w->size,
			      (unsigned long long)align);
	return 0;
}

/*
 * Revision 4: a bridge's buses and windows.  Only a bridge has them: on
 * another entry they would be a window nobody checks.
 */
static int check_bridge_fields(struct validation *v, const char *what,
			       unsigned int n,
			       const struct jailhouse_pci_device *d)
{
	int open = d->io_window.size || d->mem_window.size ||
		   d->pref_window.size;

	if (d->type != JAILHOUSE_PCI_TYPE_BRIDGE &&
	    (open || d->secondary_bus || d->subordinate_bus))
		return refuse(v,
			      "%s %u (%02x:%02x.%x) is no bridge but has "
			      "bridge buses or windows",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7);
	/* an open window must say which buses' devices it reaches */
	if ((open || d->secondary_bus || d->subordinate_bus) &&
	    (d->secondary_bus <= d->bdf >> 8 ||
	     d->subordinate_bus < d->secondary_bus))
		return refuse(v,
			      "%s %u (%02x:%02x.%x): bridge buses %02x-%02x "
			      "do not lie below its own bus %02x",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7, d->secondary_bus, d->subordinate_bus,
			      d->bdf >> 8);
	if (d->reserved3 || d->reserved4)
		return refuse(v, "%s %u (%02x:%02x.%x): reserved fields set",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7);
	if (check_window(v, what, n, d, "I/O", &d->io_window,
			 JAILHOUSE_PCI_IO_WINDOW_ALIGN) ||
	    check_window(v, what, n, d, "memory", &d->mem_window,
			 JAILHOUSE_PCI_MEM_WINDOW_ALIGN) ||
	    check_window(v, what, n, d, "prefetchable", &d->pref_window,
			 JAILHOUSE_PCI_MEM_WINDOW_ALIGN))
		return -EINVAL;
	return 0;
}

static int check_pci_device(struct validation *v, unsigned int n,
			    const struct jailhouse_cell_desc *c,
			    const struct jailhouse_pci_device *d)
{
	const char *what = v->root ? "root PCI device" : "PCI device";

	if (d->type < JAILHOUSE_PCI_TYPE_DEVICE ||
	    d->type > JAILHOUSE_PCI_TYPE_IVSHMEM)
		return refuse(v, "%s %u (%02x:%02x.%x) has unknown type %u",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7, d->type);
	if (d->flags & ~JAILHOUSE_PCI_VALID_FLAGS)
		return refuse(v, "%s %u (%02x:%02x.%x) has unknown flags 0x%x",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7,
			      d->flags & ~JAILHOUSE_PCI_VALID_FLAGS);
	if (d->dma_alias && !(d->flags & JAILHOUSE_PCI_FLAG_DMA_ALIAS))
		return refuse(v,
			      "%s %u (%02x:%02x.%x) has dma_alias 0x%04x "
			      "without JAILHOUSE_PCI_FLAG_DMA_ALIAS",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7, d->dma_alias);
	if (d->caps_start > c->num_pci_caps ||
	    d->num_caps > c->num_pci_caps - d->caps_start)
		return refuse(v,
			      "%s %u (%02x:%02x.%x): capabilities %u+%u lie "
			      "outside the %u in the config",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7, d->caps_start, d->num_caps,
			      c->num_pci_caps);
	if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM &&
	    d->shmem_regions_start >= c->num_memory_regions)
		return refuse(v,
			      "%s %u (%02x:%02x.%x): ivshmem regions start "
			      "at %u, beyond the %u memory regions",
			      what, n, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			      d->bdf & 7, d->shmem_regions_start,
			      c->num_memory_regions);
	if (d->type == JAILHOUSE_PCI_TYPE_IVSHMEM && check_ivshmem(v, n, c, d))
		return -EINVAL;
	if (check_bridge_fields(v, what, n, d))
		return -EINVAL;
	return check_iommu_index(v, what, n, d->iommu);
}

static int check_pci(struct validation *v, const struct jailhouse_cell_desc *c)
{
	const struct jailhouse_pci_device *d = jailhouse_cell_pci_devices(c);
	const struct jailhouse_pci_capability *cap = jailhouse_cell_pci_caps(c);
	unsigned int a, b;
	int err;

	for (b = 0; b < c->num_pci_devices; b++) {
		err = check_pci_device(v, b, c, &d[b]);
		if (err)
			return err;
		for (a = 0; a < b; a++)
			if (d[a].domain == d[b].domain && d[a].bdf == d[b].bdf)
				return refuse(v,
					      "PCI device %u (%04x:%02x:%02x.%x)"
					      " is listed twice (also device %u)",
					      b, d[b].domain, d[b].bdf >> 8,
					      (d[b].bdf >> 3) & 0x1f,
					      d[b].bdf & 7, a);
	}
	for (b = 0; b < c->num_pci_caps; b++)
		if ((cap[b].flags & ~JAILHOUSE_PCICAPS_WRITE) ||
		    cap[b].len == 0)
			return refuse(v,
				      "PCI capability %u has unknown flags "
				      "0x%x or length 0",
				      b, cap[b].flags);
	return 0;
}

/* Everything a cell descriptor's arrays must satisfy (root or not). */
static int check_cell_body(struct validation *v,
			   const struct jailhouse_cell_desc *c)
{
	if (c->flags & ~JAILHOUSE_CELL_VALID_FLAGS)
		return refuse(v, "%s has unknown flags 0x%x",
			      v->root ? "the root cell" : "the cell",
			      c->flags & ~JAILHOUSE_CELL_VALID_FLAGS);
	return check_cpu_set(v, c) || check_regions(v, c) ||
			       check_irqchips(v, c) || check_pio(v, c) ||
			       check_pci(v, c) ||
			       check_console(v,
					     v->root ?
						     "the root cell's console" :
						     "the cell's console",
					     &c->console) ?
		       -EINVAL :
		       0;
}

/* ---- cell configs ------------------------------------------------------ */
static int validate_cell(struct validation *v, const void *buf,
			 unsigned long size)
{
	const struct jailhouse_cell_desc *c = buf;

	jh_snprintf(v->who, sizeof(v->who), "cell config");
	v->region = "memory region";
	if (size < sizeof(*c))
		return refuse(v,
			      "%lu bytes, smaller than a cell descriptor "
			      "(%lu bytes)",
			      size, (unsigned long)sizeof(*c));
	if (check_header(v, c))
		return -EINVAL;
	jh_snprintf(v->who, sizeof(v->who), "cell config \"%s\"", c->name);
	if (check_counts(v, c) ||
	    check_size(v, jailhouse_cell_config_size(c), size) ||
	    check_cell_body(v, c))
		return -EINVAL;
	return check_reset_address(v, c);
}

/* ---- system configs ---------------------------------------------------- */
static int check_hypervisor_memory(struct validation *v,
				   const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_memory *hv = &sys->hypervisor_memory;
	const struct jailhouse_memory *m =
		jailhouse_cell_mem_regions(&sys->root_cell);
	unsigned int n;

	if (hv->size == 0 || !page_aligned(hv->phys_start) ||
	    !page_aligned(hv->size) || hv->phys_start >= PHYS_LIMIT ||
	    hv->size > PHYS_LIMIT - hv->phys_start)
		return refuse(v,
			      "hypervisor memory 0x%llx+0x%llx is empty, not "
			      "page aligned or beyond the physical address "
			      "space",
			      (unsigned long long)hv->phys_start,
			      (unsigned long long)hv->size);
	for (n = 0; n < sys->root_cell.num_memory_regions; n++)
		if (jh_ranges_overlap(hv->phys_start, hv->size, m[n].phys_start,
				      m[n].size))
			return refuse(v,
				      "hypervisor memory 0x%llx+0x%llx "
				      "overlaps root region %u",
				      (unsigned long long)hv->phys_start,
				      (unsigned long long)hv->size, n);
	return 0;
}

/* The interrupt remapping tables' size: meaningful only with units. */
static int check_ir_order(struct validation *v,
			  const struct jailhouse_x86_platform *p)
{
	if (!p->num_iommu_units && p->iommu_ir_order)
		return refuse(v,
			      "iommu_ir_order is %u, but no IOMMU unit is "
			      "declared; it must be 0",
			      p->iommu_ir_order);
	if (p->num_iommu_units &&
	    (p->iommu_ir_order < JAILHOUSE_IOMMU_IR_ORDER_MIN ||
	     p->iommu_ir_order > JAILHOUSE_IOMMU_IR_ORDER_MAX))
		return refuse(v,
			      "iommu_ir_order is %u; each IOMMU unit's interrupt "
			      "remapping table has 2^iommu_ir_order entries, "
			      "with %u to %u allowed (config create counts the "
			      "interrupt sources)",
			      p->iommu_ir_order, JAILHOUSE_IOMMU_IR_ORDER_MIN,
			      JAILHOUSE_IOMMU_IR_ORDER_MAX);
	return 0;
}

static int check_iommu_units(struct validation *v,
			     const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_x86_platform *p = &sys->platform;
	unsigned int n;

	if (p->num_iommu_units > JAILHOUSE_MAX_IOMMU_UNITS)
		return refuse(v,
			      "num_iommu_units is %u, more than the maximum "
			      "of %u",
			      p->num_iommu_units, JAILHOUSE_MAX_IOMMU_UNITS);
	/*
	 * Two opt-ins run without IOMMU: NO_IOMMU, and UNSAFE_UNISOLATED_DMA,
	 * which says so and more (cells may get bus-master devices), so it
	 * needs no NO_IOMMU beside it; configs with both stay valid.
	 */
	if (p->num_iommu_units == 0 && !(sys->flags & NO_IOMMU_OPT_INS))
		return refuse(v, "no IOMMU unit is declared; running without "
				 "DMA isolation needs the explicit opt-in flag "
				 "JAILHOUSE_SYS_NO_IOMMU");
	if (p->num_iommu_units && (sys->flags & JAILHOUSE_SYS_NO_IOMMU))
		return refuse(v,
			      "JAILHOUSE_SYS_NO_IOMMU is set, but %u IOMMU "
			      "units are declared",
			      p->num_iommu_units);
	if (p->num_iommu_units &&
	    (sys->flags & JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA))
		return refuse(v,
			      "JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA (run without "
			      "IOMMU and let cells' devices DMA anywhere) is "
			      "set, but %u IOMMU units are declared",
			      p->num_iommu_units);
	if (check_ir_order(v, p))
		return -EINVAL;
	for (n = 0; n < p->num_iommu_units; n++)
		if (!p->iommu_units[n].base ||
		    !page_aligned(p->iommu_units[n].base) ||
		    p->iommu_units[n].size == 0)
			return refuse(v,
				      "IOMMU unit %u has base 0x%llx and size "
				      "0x%x; it needs a page-aligned base and a "
				      "size",
				      n,
				      (unsigned long long)p->iommu_units[n].base,
				      p->iommu_units[n].size);
	return 0;
}

/* The FADT's blocks must lie in the port space (cell-config.c refuses
 * them to cells by range). */
static int check_fadt_ports(struct validation *v,
			    const struct jailhouse_x86_platform *p)
{
	unsigned int len = p->pm1_control_length ? p->pm1_control_length : 2;

	if (p->reserved2)
		return refuse(v, "platform reserved2 is 0x%x, it must be 0",
			      p->reserved2);
	if ((p->pm1a_control_port && p->pm1a_control_port + len > PIO_LIMIT) ||
	    (p->pm1b_control_port && p->pm1b_control_port + len > PIO_LIMIT))
		return refuse(v,
			      "the PM1 control blocks at ports 0x%x and 0x%x "
			      "(%u bytes each) exceed the 64 KiB port space",
			      p->pm1a_control_port, p->pm1b_control_port, len);
	return 0;
}

static int check_platform(struct validation *v,
			  const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_x86_platform *p = &sys->platform;

	if (p->apic_mode > JAILHOUSE_APIC_MODE_X2APIC)
		return refuse(v,
			      "apic_mode %u is neither xAPIC (0) nor x2APIC "
			      "(1)",
			      p->apic_mode);
	if (p->pci_mmconfig_base & 0xfffff)
		return refuse(v,
			      "pci_mmconfig_base 0x%llx is not 1 MiB aligned",
			      (unsigned long long)p->pci_mmconfig_base);
	if (p->pm_timer_address > PIO_LIMIT - 4)
		return refuse(v,
			      "pm_timer_address 0x%x is outside the port "
			      "space",
			      p->pm_timer_address);
	if (check_fadt_ports(v, p))
		return -EINVAL;
	return check_iommu_units(v, sys) ||
			       check_console(v, "the debug console",
					     &sys->debug_console) ?
		       -EINVAL :
		       0;
}

/* ---- DMAR device scopes and reserved-memory regions ------------------ */
#define SCOPE_BDF_FMT "%04x:%02x:%02x.%x"
#define SCOPE_BDF_ARGS(seg, bdf) (seg), (bdf) >> 8, ((bdf) >> 3) & 0x1f, (bdf)&7

static const struct jailhouse_pci_device *
root_device(const struct jailhouse_system_desc *sys, __u16 segment, __u16 bdf)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(&sys->root_cell);
	unsigned int n;

	for (n = 0; n < sys->root_cell.num_pci_devices; n++)
		if (d[n].type != JAILHOUSE_PCI_TYPE_IVSHMEM &&
		    d[n].domain == segment && d[n].bdf == bdf)
			return &d[n];
	return 0;
}

/* "IOMMU unit 1's scope 3" / "RMRR 0's scope 5", for sentences. */
static void scope_owner(const struct jailhouse_iommu_scope *s, unsigned int n,
			char *buf, unsigned long size)
{
	if (s->iommu == JAILHOUSE_SCOPE_OF_RMRR)
		jh_snprintf(buf, size, "RMRR %u's device scope %u", s->rmrr, n);
	else
		jh_snprintf(buf, size, "IOMMU unit %u's device scope %u",
			    s->iommu, n);
}

static int check_scope_owner(struct validation *v, const char *who,
			     const struct jailhouse_iommu_scope *s)
{
	const struct jailhouse_system_desc *sys = v->sys;
	__u16 segment;

	if (s->iommu == JAILHOUSE_SCOPE_OF_RMRR) {
		if (s->rmrr >= sys->num_rmrrs)
			return refuse(v,
				      "%s names RMRR %u, but the system has "
				      "%u",
				      who, s->rmrr, sys->num_rmrrs);
		if (s->type != JAILHOUSE_SCOPE_PCI_ENDPOINT &&
		    s->type != JAILHOUSE_SCOPE_PCI_BRIDGE)
			return refuse(v,
				      "%s has type %u; an RMRR's scope is a "
				      "PCI endpoint or bridge",
				      who, s->type);
		segment = jailhouse_system_rmrrs(sys)[s->rmrr].segment;
	} else {
		if (s->iommu >= sys->platform.num_iommu_units)
			return refuse(v,
				      "%s names IOMMU unit %u, but the "
				      "system has %u",
				      who, s->iommu,
				      sys->platform.num_iommu_units);
		segment = sys->platform.iommu_units[s->iommu].segment;
	}
	if (s->segment != segment)
		return refuse(v, "%s is in PCI segment %u, its owner in %u",
			      who, s->segment, segment);
	return 0;
}

/* A unit's scope names the unit that translates the device's DMA. */
static int check_scope_device(struct validation *v, const char *who,
			      const struct jailhouse_iommu_scope *s)
{
	const struct jailhouse_pci_device *d =
		root_device(v->sys, s->segment, s->bdf);
	int bridge = s->type == JAILHOUSE_SCOPE_PCI_BRIDGE;

	if (!d || (bridge != (d->type == JAILHOUSE_PCI_TYPE_BRIDGE)))
		return refuse(v,
			      "%s names PCI %s " SCOPE_BDF_FMT ", which "
			      "the system config does not list%s",
			      who, bridge ? "bridge" : "device",
			      SCOPE_BDF_ARGS(s->segment, s->bdf),
			      d ? " as one" : "");
	if (s->iommu != JAILHOUSE_SCOPE_OF_RMRR && d->iommu != s->iommu)
		return refuse(v,
			      "%s names PCI device " SCOPE_BDF_FMT ", but "
			      "the device's entry names IOMMU unit %u",
			      who, SCOPE_BDF_ARGS(s->segment, s->bdf),
			      d->iommu);
	if (bridge && (s->secondary_bus <= (s->bdf >> 8) ||
		       s->subordinate_bus < s->secondary_bus))
		return refuse(v,
			      "%s: bridge " SCOPE_BDF_FMT " has buses "
			      "%02x-%02x, not below its own bus",
			      who, SCOPE_BDF_ARGS(s->segment, s->bdf),
			      s->secondary_bus, s->subordinate_bus);
	return 0;
}

/* The IOAPIC code takes its source ID from the irqchip: they must agree. */
static int check_scope_ioapic(struct validation *v, const char *who,
			      const struct jailhouse_iommu_scope *s)
{
	const struct jailhouse_cell_desc *root = &v->sys->root_cell;
	const struct jailhouse_irqchip *chip = jailhouse_cell_irqchips(root);
	unsigned int n;

	for (n = 0; n < root->num_irqchips; n++) {
		if (chip[n].id != s->id)
			continue;
		if (chip[n].iommu != s->iommu ||
		    chip[n].iommu_source_id != s->bdf)
			return refuse(v,
				      "%s gives IOAPIC %u source ID "
				      "%02x:%02x.%x on IOMMU unit %u, but root "
				      "IOAPIC %u says %02x:%02x.%x on unit %u",
				      who, s->id, s->bdf >> 8,
				      (s->bdf >> 3) & 0x1f, s->bdf & 7,
				      s->iommu, n, chip[n].iommu_source_id >> 8,
				      (chip[n].iommu_source_id >> 3) & 0x1f,
				      chip[n].iommu_source_id & 7,
				      chip[n].iommu);
		return 0;
	}
	return refuse(v,
		      "%s names IOAPIC %u, which the system config does "
		      "not list",
		      who, s->id);
}

static int check_scope(struct validation *v, unsigned int n,
		       const struct jailhouse_iommu_scope *s)
{
	char who[48];

	scope_owner(s, n, who, sizeof(who));
	if (s->type < JAILHOUSE_SCOPE_PCI_ENDPOINT ||
	    s->type > JAILHOUSE_SCOPE_HPET)
		return refuse(v, "%s has unknown type %u", who, s->type);
	if (s->reserved || s->reserved2)
		return refuse(v, "%s: reserved fields must be 0", who);
	if (check_scope_owner(v, who, s))
		return -EINVAL;
	if (s->type == JAILHOUSE_SCOPE_IOAPIC)
		return check_scope_ioapic(v, who, s);
	if (s->type == JAILHOUSE_SCOPE_HPET)
		return 0; /* a source ID only; the config lists no HPET */
	return check_scope_device(v, who, s);
}

static int check_rmrr(struct validation *v, unsigned int n,
		      const struct jailhouse_rmrr *r)
{
	const struct jailhouse_memory *hv = &v->sys->hypervisor_memory;

	if (r->size == 0 || !page_aligned(r->base) || !page_aligned(r->size) ||
	    r->base >= PHYS_LIMIT || r->size > PHYS_LIMIT - r->base)
		return refuse(v,
			      "RMRR %u 0x%llx+0x%llx is empty, not page "
			      "aligned or beyond the physical address space",
			      n, (unsigned long long)r->base,
			      (unsigned long long)r->size);
	if (r->reserved || r->reserved2)
		return refuse(v, "RMRR %u: reserved fields must be 0", n);
	/* the root's devices keep DMAing there: it cannot be ours */
	if (jh_ranges_overlap(r->base, r->size, hv->phys_start, hv->size))
		return refuse(v,
			      "RMRR %u 0x%llx+0x%llx overlaps the hypervisor "
			      "memory; its devices' firmware DMAs there",
			      n, (unsigned long long)r->base,
			      (unsigned long long)r->size);
	return 0;
}

/* 1 if a scope of unit `unit` names d or a bridge above it. */
static int unit_scope_covers(const struct jailhouse_system_desc *sys,
			     unsigned int unit,
			     const struct jailhouse_pci_device *d)
{
	const struct jailhouse_iommu_scope *s =
		jailhouse_system_iommu_scopes(sys);
	unsigned int n;

	for (n = 0; n < sys->num_iommu_scopes; n++) {
		if (s[n].iommu != unit)
			continue;
		if (jh_scope_covers(&s[n], d))
			return 1;
		/* a unit's bridge scope translates the bridge itself too */
		if (s[n].type == JAILHOUSE_SCOPE_PCI_BRIDGE &&
		    s[n].segment == d->domain && s[n].bdf == d->bdf)
			return 1;
	}
	return 0;
}

/*
 * With the DMAR's scopes in the config, a unit without INCLUDE_PCI_ALL
 * translates only what its scopes name: a device naming it otherwise
 * would have its DMA go through another unit, which has no entry for it.
 */
static int check_device_units(struct validation *v,
			      const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_pci_device *d =
		jailhouse_cell_pci_devices(&sys->root_cell);
	const struct jailhouse_iommu *u = sys->platform.iommu_units;
	unsigned int n;

	if (!sys->num_iommu_scopes)
		return 0; /* a config without them (hand-written) */
	for (n = 0; n < sys->root_cell.num_pci_devices; n++) {
		if (d[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM ||
		    d[n].iommu >= sys->platform.num_iommu_units ||
		    (u[d[n].iommu].flags & JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL) ||
		    unit_scope_covers(sys, d[n].iommu, &d[n]))
			continue;
		return refuse(v,
			      "root PCI device %u (" SCOPE_BDF_FMT ") names "
			      "IOMMU unit %u, which has no INCLUDE_PCI_ALL and "
			      "no device scope covering it",
			      n, SCOPE_BDF_ARGS(d[n].domain, d[n].bdf),
			      d[n].iommu);
	}
	return 0;
}

static int check_dmar(struct validation *v,
		      const struct jailhouse_system_desc *sys)
{
	const struct jailhouse_iommu_scope *s =
		jailhouse_system_iommu_scopes(sys);
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(sys);
	unsigned int n;

	for (n = 0; n < sys->num_rmrrs; n++)
		if (check_rmrr(v, n, &r[n]))
			return -EINVAL;
	for (n = 0; n < sys->num_iommu_scopes; n++)
		if (check_scope(v, n, &s[n]))
			return -EINVAL;
	return check_device_units(v, sys);
}

static int validate_system(struct validation *v, const void *buf,
			   unsigned long size)
{
	const struct jailhouse_system_desc *sys = buf;

	jh_snprintf(v->who, sizeof(v->who), "system config");
	v->root = 1;
	v->region = "root region";
	if (size < sizeof(*sys))
		return refuse(v,
			      "%lu bytes, smaller than a system descriptor "
			      "(%lu bytes)",
			      size, (unsigned long)sizeof(*sys));
	if (sys->revision != JAILHOUSE_CONFIG_REVISION)
		return refuse(v,
			      "revision is %u, this hypervisor reads revision "
			      "%u",
			      sys->revision, JAILHOUSE_CONFIG_REVISION);
	if (sys->flags & ~JAILHOUSE_SYS_VALID_FLAGS)
		return refuse(v, "unknown flags 0x%x",
			      sys->flags & ~JAILHOUSE_SYS_VALID_FLAGS);
	if (check_header(v, &sys->root_cell) ||
	    check_counts(v, &sys->root_cell) ||
	    check_count(v, "num_iommu_scopes", sys->num_iommu_scopes,
			JAILHOUSE_MAX_IOMMU_SCOPES) ||
	    check_count(v, "num_rmrrs", sys->num_rmrrs, JAILHOUSE_MAX_RMRRS) ||
	    check_size(v, jailhouse_system_config_size(sys), size))
		return -EINVAL;
	v->sys = sys;
	return check_platform(v, sys) || check_cell_body(v, &sys->root_cell) ||
			       check_hypervisor_memory(v, sys) ||
			       check_dmar(v, sys) ?
		       -EINVAL :
		       0;
}

int jh_config_validate(const void *buf, unsigned long size, char *msg,
		       unsigned long msg_size)
{
	struct validation v = { .msg = msg, .msg_size = msg_size };

	if (msg_size)
		msg[0] = 0;
	jh_snprintf(v.who, sizeof(v.who), "config");
	if (!buf || size < JAILHOUSE_SIGNATURE_SIZE)
		return refuse(&v, "%lu bytes, too small to be a config", size);
	if (size > JAILHOUSE_MAX_CONFIG_SIZE)
		return refuse(&v, "%lu bytes, larger than the maximum of %u",
			      size, JAILHOUSE_MAX_CONFIG_SIZE);
	if (same_signature(buf, JAILHOUSE_SYSTEM_SIGNATURE))
		return validate_system(&v, buf, size);
	if (same_signature(buf, JAILHOUSE_CELL_SIGNATURE))
		return validate_cell(&v, buf, size);
	return refuse(&v,
		      "signature is neither \"%s\" (system) nor \"%s\" "
		      "(cell)",
		      JAILHOUSE_SYSTEM_SIGNATURE, JAILHOUSE_CELL_SIGNATURE);
}
