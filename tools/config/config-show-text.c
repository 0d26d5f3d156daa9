// SPDX-License-Identifier: GPL-2.0
/*
 * `config show` as tables: one per kind of resource, a row per piece with
 * the same parties, the owner once every cell is created, and how each
 * party that lists the piece has it.
 */
#include <stdlib.h>
#include <string.h>

#include "config-dump.h"
#include "config-show.h"

static const struct flag_style style = {
	.name_prefix = "",
	.sep = " ",
	.unknown_prefix = "unknown(",
	.unknown_suffix = ")",
	.none = "no access",
};

/* Column widths: the longest party name sets the owner column. */
struct widths {
	int range, owner;
};

static int count_parties(__u64 parties)
{
	return __builtin_popcountll(parties);
}

/* "bochs-root | tiny-demo" */
static void print_parties(FILE *out, const struct partition *p, __u64 parties)
{
	const char *sep = "";
	unsigned int n;

	for (n = 0; n < p->num_parties; n++)
		if (parties & (1ULL << n)) {
			fprintf(out, "%s%s", sep, party_name(p, n));
			sep = " | ";
		}
}

/* size NULL: a table without a size column */
static void begin_row(FILE *out, const struct widths *w, const char *range,
		      const char *size, const char *owner)
{
	fprintf(out, "  %-*s  ", w->range, range);
	if (size)
		fprintf(out, "%-10s  ", size);
	fprintf(out, "%-*s  ", w->owner, owner);
}

/*
 * Why a CPU, pin or device has its owner: the root's own need no word; a
 * cell took it from the root; a conflict or an unbacked claim names who.
 */
static void print_claim(FILE *out, const struct partition *p, __u64 parties,
			enum show_owner owner)
{
	if (owner == SHOW_OWNER_CELL) {
		fprintf(out, "from %s", party_name(p, SHOW_ROOT));
	} else if (owner == SHOW_OWNER_UNBACKED) {
		fprintf(out, "not in the root's config: ");
		print_parties(out, p, parties);
	} else if (owner == SHOW_OWNER_CONFLICT) {
		fprintf(out, "claimed by ");
		print_parties(out, p, parties & ~SHOW_ROOT_MASK);
	}
}

static void end_row(FILE *out)
{
	fputc('\n', out);
}

/* ---- memory ----------------------------------------------------------- */
static void print_mapping(FILE *out, const struct partition *p,
			  unsigned int party, const struct show_span *s,
			  int with_name)
{
	const struct jailhouse_memory *m = party_region_at(p, party, s->start);

	if (!m)
		return;
	if (with_name)
		fprintf(out, "%s ", party_name(p, party));
	flags_print(out, m->flags, memory_flag_names, &style);
	if (m->virt_start != m->phys_start)
		fprintf(out, " at 0x%llx",
			(unsigned long long)(m->virt_start +
					     (s->start - m->phys_start)));
}

static void print_memory_span(FILE *out, const struct partition *p,
			      const struct widths *w, const struct show_span *s)
{
	int named = count_parties(s->parties) > 1 || s->hypervisor ||
		    s->owner != SHOW_OWNER_ROOT;
	const struct show_link *link = NULL;
	char range[48], size[32], bdf[16];
	const char *sep = "";
	unsigned int n;

	snprintf(range, sizeof(range), "0x%08llx-0x%08llx",
		 (unsigned long long)s->start, (unsigned long long)s->end - 1);
	begin_row(out, w, range,
		  size_text(size, sizeof(size), s->end - s->start),
		  owner_name(p, s->owner, s->cell));
	for (n = 0; n < p->num_parties; n++)
		if (s->parties & (1ULL << n)) {
			fputs(sep, out);
			print_mapping(out, p, n, s, named);
			sep = " | ";
			if (!link)
				link = link_at(p, n, s->start);
		}
	if (link)
		fprintf(out, " (ivshmem %s)",
			bdf_text(bdf, sizeof(bdf), link->domain, link->bdf));
	if (s->hypervisor)
		fprintf(out, "%sthe hypervisor's memory",
			s->parties ? " | " : "");
	end_row(out);
}

static void print_comm_regions(FILE *out, const struct partition *p)
{
	const char *sep = "  comm regions (hypervisor memory): ";
	unsigned int party, n, found = 0;

	for (party = 1; party < p->num_parties; party++) {
		const struct cell_view *v = &p->parties[party];

		for (n = 0; n < v->cell->num_memory_regions; n++)
			if (v->mem[n].flags & JAILHOUSE_MEM_COMM_REGION) {
				fprintf(out, "%s%s at 0x%llx", sep, v->name,
					(unsigned long long)v->mem[n]
						.virt_start);
				sep = ", ";
				found++;
			}
	}
	if (found)
		fputc('\n', out);
}

static void print_memory(FILE *out, const struct partition *p, struct widths w)
{
	unsigned int n;

	w.range = 21;
	for (n = 0; n < p->num_memory; n++)
		if (p->memory[n].end - 1 > 0xffffffffULL)
			w.range = 37;
	fprintf(out, "\nmemory\n");
	begin_row(out, &w, "physical address", "size", "owner");
	fprintf(out, "mapped by (flags, guest address if not 1:1)\n");
	for (n = 0; n < p->num_memory; n++)
		print_memory_span(out, p, &w, &p->memory[n]);
	print_comm_regions(out, p);
}

/* ---- ports ------------------------------------------------------------- */
/* How party n has port @port: a PIO range, or a BAR of one of its devices. */
static void print_port_source(FILE *out, const struct partition *p,
			      unsigned int party, __u64 port)
{
	const struct cell_view *v = &p->parties[party];
	unsigned int n, bar;
	char bdf[16];

	for (n = 0; n < v->cell->num_pio_regions; n++)
		if (port >= v->pio[n].base &&
		    port < (__u64)v->pio[n].base + v->pio[n].length) {
			fputs(v->pio[n].flags & JAILHOUSE_PIO_ROOT_SHARED ?
				      "ROOT_SHARED" :
				      "PIO",
			      out);
			return;
		}
	for (n = 0; n < v->cell->num_pci_devices; n++)
		for (bar = 0; bar < 6; bar++) {
			const struct jailhouse_pci_device *d = &v->pci[n];
			__u64 base = d->bar_address[bar] & 0xfffc;
			__u64 length = (~(d->bar_mask[bar] & ~3U) + 1) & 0xffff;

			if (d->type == JAILHOUSE_PCI_TYPE_DEVICE &&
			    (d->bar_address[bar] & 1) && d->bar_mask[bar] &&
			    port >= base && port < base + length) {
				fprintf(out, "BAR %u of %s", bar,
					bdf_text(bdf, sizeof(bdf), d->domain,
						 d->bdf));
				return;
			}
		}
}

static void print_ports(FILE *out, const struct partition *p, struct widths w)
{
	char range[32], size[32];
	const char *sep;
	unsigned int n, party;

	w.range = 13;
	fprintf(out, "\nports\n");
	begin_row(out, &w, "ports", "count", "owner");
	fprintf(out, "how (PIO range, ROOT_SHARED, a device's BAR)\n");
	for (n = 0; n < p->num_ports; n++) {
		const struct show_span *s = &p->ports[n];

		snprintf(range, sizeof(range), "0x%04llx-0x%04llx",
			 (unsigned long long)s->start,
			 (unsigned long long)s->end - 1);
		snprintf(size, sizeof(size), "%llu",
			 (unsigned long long)(s->end - s->start));
		begin_row(out, &w, range, size,
			  owner_name(p, s->owner, s->cell));
		sep = "";
		for (party = 0; party < p->num_parties; party++)
			if (s->parties & (1ULL << party)) {
				fputs(sep, out);
				if (count_parties(s->parties) > 1)
					fprintf(out, "%s ",
						party_name(p, party));
				print_port_source(out, p, party, s->start);
				sep = " | ";
			}
		end_row(out);
	}
}

/* ---- CPUs, pins, devices ------------------------------------------------ */
static void print_cpus(FILE *out, const struct partition *p, struct widths w)
{
	char cpu[16];
	unsigned int n;

	w.range = 8;
	fprintf(out, "\nCPUs\n");
	begin_row(out, &w, "CPU", NULL, "owner");
	fputc('\n', out);
	for (n = 0; n < p->num_cpus; n++) {
		snprintf(cpu, sizeof(cpu), "CPU %u", p->cpus[n].cpu);
		begin_row(out, &w, cpu, NULL,
			  owner_name(p, p->cpus[n].owner, p->cpus[n].cell));
		print_claim(out, p, p->cpus[n].parties, p->cpus[n].owner);
		end_row(out);
	}
}

static void print_pins(FILE *out, const struct partition *p, struct widths w)
{
	char pins[32], chip[48];
	unsigned int n;

	w.range = 11;
	fprintf(out, "\nIOAPIC pins\n");
	begin_row(out, &w, "pins", NULL, "owner");
	fputc('\n', out);
	for (n = 0; n < p->num_pins; n++) {
		const struct show_pins *r = &p->pins[n];

		if (n == 0 || p->pins[n - 1].address != r->address) {
			snprintf(chip, sizeof(chip), "IOAPIC %u at 0x%llx",
				 r->id, (unsigned long long)r->address);
			fprintf(out, "  %s\n", chip);
		}
		if (r->first == r->last)
			snprintf(pins, sizeof(pins), "pin %u", r->first);
		else
			snprintf(pins, sizeof(pins), "pins %u-%u", r->first,
				 r->last);
		begin_row(out, &w, pins, NULL,
			  owner_name(p, r->owner, r->cell));
		print_claim(out, p, r->parties, r->owner);
		end_row(out);
	}
}

static const char *device_kind(const struct show_device *d)
{
	if (d->type == JAILHOUSE_PCI_TYPE_BRIDGE)
		return "bridge";
	if (d->desc->flags & JAILHOUSE_PCI_FLAG_DMA_CAPABLE)
		return "device DMA";
	return "device";
}

static void print_devices(FILE *out, const struct partition *p, struct widths w)
{
	char bdf[16];
	unsigned int n;

	w.range = 12;
	fprintf(out, "\nPCI devices\n");
	begin_row(out, &w, "device", "type", "owner");
	fputc('\n', out);
	for (n = 0; n < p->num_devices; n++) {
		const struct show_device *d = &p->devices[n];

		begin_row(out, &w,
			  bdf_text(bdf, sizeof(bdf), d->domain, d->bdf),
			  device_kind(d), owner_name(p, d->owner, d->cell));
		print_claim(out, p, d->parties, d->owner);
		end_row(out);
	}
}

static void print_link(FILE *out, const struct partition *p,
		       const struct show_link *l)
{
	char bdf[16];
	unsigned int n;

	fprintf(out, "  %s  shared memory at 0x%llx, peers:",
		bdf_text(bdf, sizeof(bdf), l->domain, l->bdf),
		(unsigned long long)l->phys);
	for (n = 0; n < l->num_peers; n++) {
		const struct show_peer *peer = &l->peers[n];

		fprintf(out,
			"%s %s (id %u of %u, protocol 0x%x, regions %u-%u)",
			n ? "," : "", party_name(p, peer->party),
			peer->desc->shmem_dev_id, peer->desc->shmem_peers,
			peer->desc->shmem_protocol, peer->first_region,
			peer->first_region + peer->num_regions - 1);
	}
	if (l->num_peers == 1)
		fprintf(out, "; no other config has this link");
	if (l->duplicate_ids)
		fprintf(out, "; CONFLICT: two peers with the same id");
	fputc('\n', out);
}

static void print_links(FILE *out, const struct partition *p)
{
	unsigned int n;

	fprintf(out, "\nivshmem links\n");
	if (!p->num_links)
		fprintf(out, "  none\n");
	for (n = 0; n < p->num_links; n++)
		print_link(out, p, &p->links[n]);
}

/* ---- the whole ---------------------------------------------------------- */
static void print_parties_table(FILE *out, const struct partition *p,
				const struct widths *w)
{
	unsigned int n;

	fprintf(out,
		"partition of %s with %u cell config%s\n"
		"(who owns what once every cell is created)\n",
		p->parties[0].file, p->num_parties - 1,
		p->num_parties == 2 ? "" : "s");
	for (n = 0; n < p->num_parties; n++)
		fprintf(out, "  %-*s  %-9s  %s\n", w->owner, party_name(p, n),
			n == SHOW_ROOT ? "root cell" : "cell",
			p->parties[n].file);
}

static void print_summary(FILE *out, const struct partition *p)
{
	fprintf(out, "\n");
	if (!p->problems) {
		fprintf(out, "no conflicts\n");
		return;
	}
	fprintf(out,
		"%u conflict%s (CONFLICT: claimed by two cells or by a cell "
		"and the hypervisor; UNBACKED: not the root's to give);\n"
		"`jailhouse config check` names the rule each one breaks\n",
		p->problems, p->problems == 1 ? "" : "s");
}

static void print_all(FILE *out, const struct partition *p)
{
	struct widths w = { .owner = 10 };
	unsigned int n;

	for (n = 0; n < p->num_parties; n++)
		if ((int)strlen(party_name(p, n)) > w.owner)
			w.owner = strlen(party_name(p, n));
	print_parties_table(out, p, &w);
	print_cpus(out, p, w);
	print_memory(out, p, w);
	print_ports(out, p, w);
	print_pins(out, p, w);
	print_devices(out, p, w);
	print_links(out, p);
	print_summary(out, p);
}

/* Each line without the padding of an empty last column. */
static void put_stripped(FILE *out, const char *text)
{
	const char *end;
	int len;

	while (*text) {
		end = strchr(text, '\n');
		if (!end)
			end = text + strlen(text);
		len = end - text;
		while (len > 0 && text[len - 1] == ' ')
			len--;
		fprintf(out, "%.*s\n", len, text);
		text = *end ? end + 1 : end;
	}
}

void show_text(FILE *out, const struct partition *p)
{
	size_t size = 0;
	char *text = NULL;
	FILE *mem = open_memstream(&text, &size);

	if (!mem) {
		print_all(out, p); /* unstripped rather than nothing */
		return;
	}
	print_all(mem, p);
	if (fclose(mem) == 0)
		put_stripped(out, text);
	else
		print_all(out, p);
	free(text);
}
