// SPDX-License-Identifier: GPL-2.0
/*
 * Prints a decoded config the way a reader checks it against the machine:
 * addresses as ranges with their size, flags by name, CPUs as a list.
 * Only fields the decoder has bounded are read.
 */
#include <stdio.h>

#include "config-dump.h"

/*
 * The names of the macros in include/jailhouse/config.h without their
 * common prefix, wider sets first: `config dump`, `config show` and the C
 * that `config create` writes all use these.
 */
const struct flag_name memory_flag_names[] = {
	{ JAILHOUSE_MEM_RWX, "RWX" },
	{ JAILHOUSE_MEM_RW, "RW" },
	{ JAILHOUSE_MEM_READ, "READ" },
	{ JAILHOUSE_MEM_WRITE, "WRITE" },
	{ JAILHOUSE_MEM_EXECUTE, "EXECUTE" },
	{ JAILHOUSE_MEM_DMA, "DMA" },
	{ JAILHOUSE_MEM_IO, "IO" },
	{ JAILHOUSE_MEM_COMM_REGION, "COMM_REGION" },
	{ JAILHOUSE_MEM_LOADABLE, "LOADABLE" },
	{ JAILHOUSE_MEM_ROOTSHARED, "ROOTSHARED" },
	{ JAILHOUSE_MEM_IO_UNALIGNED, "IO_UNALIGNED" },
	{ JAILHOUSE_MEM_IO_8, "IO_8" },
	{ JAILHOUSE_MEM_IO_16, "IO_16" },
	{ JAILHOUSE_MEM_IO_32, "IO_32" },
	{ JAILHOUSE_MEM_IO_64, "IO_64" },
	{ 0, NULL }
};

static const struct flag_name cell_flags[] = {
	{ JAILHOUSE_CELL_PASSIVE_COMMREG, "PASSIVE_COMMREG" },
	{ JAILHOUSE_CELL_DEBUG_CONSOLE, "DEBUG_CONSOLE" },
	{ JAILHOUSE_CELL_VIRTUAL_CONSOLE, "VIRTUAL_CONSOLE" },
	{ JAILHOUSE_CELL_X2APIC_PERMITTED, "X2APIC_PERMITTED" },
	{ JAILHOUSE_CELL_TEST_HOOKS, "TEST_HOOKS" },
	{ 0, NULL }
};

static const struct flag_name sys_flags[] = {
	{ JAILHOUSE_SYS_NO_IOMMU, "NO_IOMMU" },
	{ JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA, "UNSAFE_UNISOLATED_DMA" },
	{ 0, NULL }
};

const struct flag_name iommu_flag_names[] = {
	{ JAILHOUSE_IOMMU_FLAG_INTR_REMAP, "INTR_REMAP" },
	{ JAILHOUSE_IOMMU_FLAG_EIM, "EIM" },
	{ JAILHOUSE_IOMMU_FLAG_QUEUED_INV, "QUEUED_INV" },
	{ JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL, "INCLUDE_ALL" },
	{ 0, NULL }
};

void flags_print(FILE *out, __u64 flags, const struct flag_name *names,
		 const struct flag_style *style)
{
	const char *sep = "";

	for (; names->name && flags; names++)
		if ((flags & names->bits) == names->bits) {
			fprintf(out, "%s%s%s", sep, style->name_prefix,
				names->name);
			sep = style->sep;
			flags &= ~names->bits;
		}
	if (flags)
		fprintf(out, "%s%s0x%llx%s", sep, style->unknown_prefix,
			(unsigned long long)flags, style->unknown_suffix);
	else if (!*sep)
		fprintf(out, "%s", style->none);
}

static void print_flags(FILE *out, __u64 flags, const struct flag_name *names)
{
	static const struct flag_style dump_style = {
		.name_prefix = "",
		.sep = " ",
		.unknown_prefix = "unknown(",
		.unknown_suffix = ")",
		.none = "none",
	};

	flags_print(out, flags, names, &dump_style);
}

static void print_size(FILE *out, __u64 size)
{
	if (size >= (1ULL << 30) && !(size & ((1ULL << 30) - 1)))
		fprintf(out, "%llu GiB", (unsigned long long)(size >> 30));
	else if (size >= (1 << 20) && !(size & ((1 << 20) - 1)))
		fprintf(out, "%llu MiB", (unsigned long long)(size >> 20));
	else if (size >= 1024 && !(size & 1023))
		fprintf(out, "%llu KiB", (unsigned long long)(size >> 10));
	else
		fprintf(out, "%llu bytes", (unsigned long long)size);
}

static void print_console(FILE *out, const char *what,
			  const struct jailhouse_console *con)
{
	fprintf(out, "%s: ", what);
	if (con->type == JAILHOUSE_CON_TYPE_NONE)
		fprintf(out, "none\n");
	else if (con->type == JAILHOUSE_CON_TYPE_8250_PIO)
		fprintf(out, "8250 on port 0x%llx\n",
			(unsigned long long)con->address);
	else if (con->type == JAILHOUSE_CON_TYPE_8250_MMIO)
		fprintf(out, "8250 MMIO at 0x%llx\n",
			(unsigned long long)con->address);
	else
		fprintf(out, "unknown type %u\n", con->type);
}

static void dump_platform(FILE *out, const struct jailhouse_system_desc *s)
{
	const struct jailhouse_x86_platform *p = &s->platform;
	unsigned int i;

	fprintf(out, "  flags: ");
	print_flags(out, s->flags, sys_flags);
	fprintf(out, "\n  hypervisor memory: 0x%llx-0x%llx (",
		(unsigned long long)s->hypervisor_memory.phys_start,
		(unsigned long long)(s->hypervisor_memory.phys_start +
				     s->hypervisor_memory.size - 1));
	print_size(out, s->hypervisor_memory.size);
	fprintf(out, ")\n  ");
	print_console(out, "debug console", &s->debug_console);
	if (p->pci_mmconfig_base)
		fprintf(out, "  PCI MMCONFIG: 0x%llx, buses 0-%u, domain %u\n",
			(unsigned long long)p->pci_mmconfig_base,
			p->pci_mmconfig_end_bus, p->pci_domain);
	else
		fprintf(out, "  PCI MMCONFIG: none (ports 0xcf8/0xcfc)\n");
	fprintf(out, "  APIC mode: %s\n",
		p->apic_mode == JAILHOUSE_APIC_MODE_X2APIC ? "x2APIC" :
		p->apic_mode == JAILHOUSE_APIC_MODE_XAPIC  ? "xAPIC" :
							     "invalid");
	fprintf(out, "  PM timer: ");
	if (p->pm_timer_address)
		fprintf(out, "port 0x%x\n", p->pm_timer_address);
	else
		fprintf(out, "none\n");
	fprintf(out,
		"  FADT ports kept from cells: SMI command 0x%x, PM1a control "
		"0x%x, PM1b control 0x%x (%u bytes)\n",
		p->smi_command_port, p->pm1a_control_port, p->pm1b_control_port,
		p->pm1_control_length);
	fprintf(out, "  TSC: %s%u kHz, APIC timer: %s%u kHz\n",
		p->tsc_khz ? "" : "measured, ", p->tsc_khz,
		p->apic_khz ? "" : "measured, ", p->apic_khz);
	fprintf(out, "  IOMMU units: %u", p->num_iommu_units);
	if (p->num_iommu_units)
		fprintf(out, ", 2^%u interrupt remapping entries each",
			p->iommu_ir_order);
	fputc('\n', out);
	for (i = 0; i < p->num_iommu_units && i < JAILHOUSE_MAX_IOMMU_UNITS;
	     i++) {
		fprintf(out, "    [%u] 0x%llx size 0x%x segment %u flags ", i,
			(unsigned long long)p->iommu_units[i].base,
			p->iommu_units[i].size, p->iommu_units[i].segment);
		print_flags(out, p->iommu_units[i].flags, iommu_flag_names);
		fputc('\n', out);
	}
}

static void dump_cpus(FILE *out, const struct cell_view *v)
{
	unsigned int cpu, first = 0, n = 0, run = 0;

	fprintf(out, "  CPUs:");
	for (cpu = 0; cpu <= v->cell->cpu_set_size * 8; cpu++) {
		int in = cpu < v->cell->cpu_set_size * 8 &&
			 cell_view_has_cpu(v, cpu);

		if (in && !run)
			first = cpu;
		if (!in && run) {
			fprintf(out, "%s%u", n++ ? "," : " ", first);
			if (cpu - 1 > first)
				fprintf(out, "-%u", cpu - 1);
		}
		run = in;
	}
	fprintf(out, "%s\n", n ? "" : " none");
}

static void dump_memory(FILE *out, const struct cell_view *v)
{
	unsigned int i;

	fprintf(out, "  memory regions: %u\n", v->cell->num_memory_regions);
	for (i = 0; i < v->cell->num_memory_regions; i++) {
		const struct jailhouse_memory *m = &v->mem[i];

		if (m->flags & JAILHOUSE_MEM_COMM_REGION)
			fprintf(out, "    [%u] comm region at 0x%llx (", i,
				(unsigned long long)m->virt_start);
		else
			fprintf(out, "    [%u] 0x%llx-0x%llx -> 0x%llx (", i,
				(unsigned long long)m->phys_start,
				(unsigned long long)(m->phys_start + m->size -
						     1),
				(unsigned long long)m->virt_start);
		print_size(out, m->size);
		fprintf(out, ") ");
		print_flags(out, m->flags, memory_flag_names);
		fputc('\n', out);
	}
}

static void dump_irqchips(FILE *out, const struct cell_view *v)
{
	unsigned int i, w;

	fprintf(out, "  irqchips: %u\n", v->cell->num_irqchips);
	for (i = 0; i < v->cell->num_irqchips; i++) {
		const struct jailhouse_irqchip *c = &v->irqchips[i];

		fprintf(out,
			"    [%u] IOAPIC id %u at 0x%llx, GSI base %u, %u "
			"pins, IOMMU %u source id %02x:%02x.%x, pins",
			i, c->id, (unsigned long long)c->address, c->gsi_base,
			c->num_pins, c->iommu, c->iommu_source_id >> 8,
			(c->iommu_source_id >> 3) & 0x1f,
			c->iommu_source_id & 7);
		for (w = JAILHOUSE_IRQCHIP_MAX_PINS / 32; w-- > 0;)
			fprintf(out, " %08x", c->pin_bitmap[w]);
		fputc('\n', out);
	}
}

static void dump_pio(FILE *out, const struct cell_view *v)
{
	unsigned int i;

	fprintf(out, "  port I/O ranges: %u\n", v->cell->num_pio_regions);
	for (i = 0; i < v->cell->num_pio_regions; i++)
		fprintf(out, "    [%u] 0x%x-0x%x%s\n", i, v->pio[i].base,
			v->pio[i].base + v->pio[i].length - 1,
			v->pio[i].flags & JAILHOUSE_PIO_ROOT_SHARED ?
				" shared with the root" :
				"");
}

static const char *pci_type(__u8 type)
{
	switch (type) {
	case JAILHOUSE_PCI_TYPE_DEVICE:
		return "device";
	case JAILHOUSE_PCI_TYPE_BRIDGE:
		return "bridge";
	case JAILHOUSE_PCI_TYPE_IVSHMEM:
		return "ivshmem";
	default:
		return "unknown-type";
	}
}

/* The memory BARs the validator keeps cells away from. */
static void dump_bars(FILE *out, const struct jailhouse_pci_device *d)
{
	unsigned int n;

	for (n = 0; n < 6; n++) {
		__u64 size = jailhouse_pci_bar_size(d, n);

		if (size && (d->bar_address[n] & ~0xfULL))
			fprintf(out, "        BAR %u: 0x%llx, size 0x%llx\n", n,
				(unsigned long long)(d->bar_address[n] &
						     ~0xfULL),
				(unsigned long long)size);
		if (jailhouse_pci_bar_is_64bit(d, n))
			n++;
	}
}

/* What a bridge forwards: cells stay out of it unless it is all theirs. */
static void dump_bridge(FILE *out, const struct jailhouse_pci_device *d)
{
	const struct jailhouse_pci_window *w[] = { &d->io_window,
						   &d->mem_window,
						   &d->pref_window };
	static const char *const names[] = { "I/O", "memory", "prefetchable" };
	unsigned int n;

	fprintf(out, "        buses %02x-%02x\n", d->secondary_bus,
		d->subordinate_bus);
	for (n = 0; n < 3; n++)
		if (w[n]->size)
			fprintf(out, "        %s window: 0x%llx, size 0x%llx\n",
				names[n], (unsigned long long)w[n]->base,
				(unsigned long long)w[n]->size);
}

static void dump_pci(FILE *out, const struct cell_view *v)
{
	unsigned int i;

	fprintf(out, "  PCI devices: %u\n", v->cell->num_pci_devices);
	for (i = 0; i < v->cell->num_pci_devices; i++) {
		const struct jailhouse_pci_device *d = &v->pci[i];

		fprintf(out,
			"    [%u] %04x:%02x:%02x.%x %s, IOMMU %u, caps %u+%u",
			i, d->domain, d->bdf >> 8, (d->bdf >> 3) & 0x1f,
			d->bdf & 7, pci_type(d->type), d->iommu, d->caps_start,
			d->num_caps);
		if (d->flags & JAILHOUSE_PCI_FLAG_DMA_CAPABLE)
			fprintf(out, ", DMA");
		if (d->num_msi_vectors)
			fprintf(out, ", MSI %u%s%s", d->num_msi_vectors,
				d->flags & JAILHOUSE_PCI_FLAG_MSI_64BITS ?
					" 64-bit" :
					"",
				d->flags & JAILHOUSE_PCI_FLAG_MSI_MASKABLE ?
					" maskable" :
					"");
		if (d->num_msix_vectors)
			fprintf(out, ", MSI-X %u at 0x%llx, PBA 0x%llx",
				d->num_msix_vectors,
				(unsigned long long)d->msix_address,
				(unsigned long long)d->msix_pba_address);
		if (d->flags & JAILHOUSE_PCI_FLAG_DMA_ALIAS)
			fprintf(out, ", DMA as %02x:%02x.%x", d->dma_alias >> 8,
				(d->dma_alias >> 3) & 0x1f, d->dma_alias & 7);
		if (d->flags & JAILHOUSE_PCI_FLAG_NO_ACS)
			fprintf(out, ", no ACS");
		fputc('\n', out);
		if (d->type == JAILHOUSE_PCI_TYPE_BRIDGE)
			dump_bridge(out, d);
		dump_bars(out, d);
	}
	fprintf(out, "  PCI capabilities: %u\n", v->cell->num_pci_caps);
	for (i = 0; i < v->cell->num_pci_caps; i++)
		fprintf(out, "    [%u] %s 0x%x at 0x%x, %u bytes%s\n", i,
			v->caps[i].id & JAILHOUSE_PCI_EXT_CAP ? "extended" :
								"id",
			v->caps[i].id & ~JAILHOUSE_PCI_EXT_CAP,
			v->caps[i].start, v->caps[i].len,
			v->caps[i].flags & JAILHOUSE_PCICAPS_WRITE ?
				", writable" :
				"");
}

static const char *const scope_names[] = {
	[JAILHOUSE_SCOPE_PCI_ENDPOINT] = "PCI device",
	[JAILHOUSE_SCOPE_PCI_BRIDGE] = "PCI bridge",
	[JAILHOUSE_SCOPE_IOAPIC] = "IOAPIC",
	[JAILHOUSE_SCOPE_HPET] = "HPET",
};

/* The validator has bounded counts, owners and types. */
static void dump_dmar(FILE *out, const struct jailhouse_system_desc *s)
{
	const struct jailhouse_iommu_scope *sc =
		jailhouse_system_iommu_scopes(s);
	const struct jailhouse_rmrr *r = jailhouse_system_rmrrs(s);
	unsigned int i;

	fprintf(out, "  DMAR device scopes: %u\n", s->num_iommu_scopes);
	for (i = 0; i < s->num_iommu_scopes; i++) {
		if (sc[i].iommu == JAILHOUSE_SCOPE_OF_RMRR)
			fprintf(out, "    [%u] RMRR %u: ", i, sc[i].rmrr);
		else
			fprintf(out, "    [%u] IOMMU %u: ", i, sc[i].iommu);
		if (sc[i].type == JAILHOUSE_SCOPE_IOAPIC ||
		    sc[i].type == JAILHOUSE_SCOPE_HPET)
			fprintf(out, "%s %u, source ID ",
				scope_names[sc[i].type], sc[i].id);
		else
			fprintf(out, "%s ", scope_names[sc[i].type]);
		fprintf(out, "%04x:%02x:%02x.%x", sc[i].segment, sc[i].bdf >> 8,
			(sc[i].bdf >> 3) & 0x1f, sc[i].bdf & 7);
		if (sc[i].type == JAILHOUSE_SCOPE_PCI_BRIDGE)
			fprintf(out, ", buses %02x-%02x", sc[i].secondary_bus,
				sc[i].subordinate_bus);
		fputc('\n', out);
	}
	fprintf(out, "  RMRRs: %u\n", s->num_rmrrs);
	for (i = 0; i < s->num_rmrrs; i++) {
		fprintf(out, "    [%u] 0x%llx-0x%llx, ", i,
			(unsigned long long)r[i].base,
			(unsigned long long)(r[i].base + r[i].size - 1));
		print_size(out, r[i].size);
		fprintf(out, ", segment %u\n", r[i].segment);
	}
}

void config_dump(FILE *out, const struct cell_view *v)
{
	if (v->system) {
		fprintf(out, "system config %s\n", v->file);
		dump_platform(out, v->system);
		fprintf(out, "root cell \"%s\"\n", v->name);
	} else {
		fprintf(out, "cell config %s: cell \"%s\"\n", v->file, v->name);
	}
	fprintf(out, "  flags: ");
	print_flags(out, v->cell->flags, cell_flags);
	fputc('\n', out);
	dump_cpus(out, v);
	if (!v->system) {
		fprintf(out,
			"  reset address: 0x%llx, shutdown reply timeout: "
			"%u ms\n",
			(unsigned long long)v->cell->cpu_reset_address,
			v->cell->msg_reply_timeout_ms);
		fprintf(out, "  ");
		print_console(out, "console", &v->cell->console);
	}
	dump_memory(out, v);
	dump_irqchips(out, v);
	dump_pio(out, v);
	dump_pci(out, v);
	if (v->system)
		dump_dmar(out, v->system);
}
