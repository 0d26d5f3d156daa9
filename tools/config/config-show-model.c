// SPDX-License-Identifier: GPL-2.0
/*
 * Who owns what once every cell of `config show` is created.  The rules
 * are the hypervisor's (hypervisor-x86/include/cell-resources.h and the
 * cross-config checks of common/cell-config.c):
 *  - a cell takes its CPUs, memory, ports, IOAPIC pins and PCI devices
 *    from the root;
 *  - the root keeps memory a cell marks ROOTSHARED or IO_UNALIGNED (the
 *    cell's accesses to a sub-page region are emulated) and ports a cell
 *    marks ROOT_SHARED;
 *  - two cells may overlap only where both mark the memory ROOTSHARED or
 *    the ports ROOT_SHARED; any other double claim is a conflict that
 *    `cell create` refuses, and so is a claim the root cannot back.
 * Nothing here refuses: conflicts are part of the picture, and `config
 * check` says which rule they break.
 */
#include <stdlib.h>
#include <string.h>

#include "config-show.h"

#define NUM_BARS 6

/* ---- owners -------------------------------------------------------- */
static unsigned int lowest_cell(__u64 cells)
{
	unsigned int n = 1;

	while (!(cells & (1ULL << n)))
		n++;
	return n;
}

/*
 * @keeps: every cell among @parties lets the others keep access (for two
 * or more cells) or lets the root keep it (for one cell).
 */
static enum show_owner owner_of(__u64 parties, int keeps, unsigned int *cell)
{
	__u64 cells = parties & ~SHOW_ROOT_MASK;

	*cell = SHOW_ROOT;
	if (!cells)
		return SHOW_OWNER_ROOT;
	*cell = lowest_cell(cells);
	if (!(parties & SHOW_ROOT_MASK))
		return SHOW_OWNER_UNBACKED;
	if (cells & (cells - 1))
		return keeps ? SHOW_OWNER_SHARED : SHOW_OWNER_CONFLICT;
	return keeps ? SHOW_OWNER_SHARED : SHOW_OWNER_CELL;
}

static int is_problem(enum show_owner owner)
{
	return owner == SHOW_OWNER_CONFLICT || owner == SHOW_OWNER_UNBACKED;
}

const char *party_name(const struct partition *p, unsigned int n)
{
	return p->parties[n].name;
}

const char *owner_name(const struct partition *p, enum show_owner owner,
		       unsigned int cell)
{
	switch (owner) {
	case SHOW_OWNER_ROOT:
		return party_name(p, SHOW_ROOT);
	case SHOW_OWNER_CELL:
		return party_name(p, cell);
	case SHOW_OWNER_SHARED:
		return "shared";
	case SHOW_OWNER_CONFLICT:
		return "CONFLICT";
	case SHOW_OWNER_UNBACKED:
		return "UNBACKED";
	case SHOW_OWNER_HYPERVISOR:
		return "hypervisor";
	}
	return "?";
}

/* ---- spans: a sweep over the boundaries of all ranges --------------- */
struct range {
	__u64 start, end;
	unsigned int party;
	int keeps_root, keeps_cells; /* the sharing flags of this range */
};

struct range_list {
	struct range *r;
	unsigned int num, cap;
};

static int range_add(struct range_list *l, __u64 start, __u64 size,
		     unsigned int party, int keeps_root, int keeps_cells)
{
	struct range *grown;
	__u64 end = start + size;

	if (!size)
		return 0;
	if (end < start) /* the validator refuses this; never wrap */
		end = ~0ULL;
	if (l->num == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		grown = realloc(l->r, l->cap * sizeof(*grown));
		if (!grown)
			return -1;
		l->r = grown;
	}
	l->r[l->num++] =
		(struct range){ start, end, party, keeps_root, keeps_cells };
	return 0;
}

static int compare_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* The owner of [start, end) from the ranges covering it. */
static void classify_span(struct show_span *s, const struct range_list *l)
{
	int keeps_root = 1, keeps_cells = 1;
	unsigned int n, cells = 0;

	s->parties = 0;
	for (n = 0; n < l->num; n++) {
		const struct range *r = &l->r[n];

		if (r->start >= s->end || r->end <= s->start)
			continue;
		s->parties |= 1ULL << r->party;
		if (r->party == SHOW_ROOT)
			continue;
		cells++;
		keeps_root &= r->keeps_root;
		keeps_cells &= r->keeps_cells;
	}
	s->owner = owner_of(s->parties, cells > 1 ? keeps_cells : keeps_root,
			    &s->cell);
	if (s->hypervisor)
		s->owner = s->parties ? SHOW_OWNER_CONFLICT :
					SHOW_OWNER_HYPERVISOR;
}

/*
 * Cuts the space at every start and end of @l (and of the hypervisor
 * memory @hv_start/@hv_end, if any) into spans; spans nobody maps are
 * left out.
 */
static int sweep(struct range_list *l, __u64 hv_start, __u64 hv_end,
		 struct show_span **out, unsigned int *num_out)
{
	unsigned int n, num_cuts = 0, num = 0;
	struct show_span *spans;
	__u64 *cuts;

	cuts = malloc((2 * l->num + 2) * sizeof(*cuts));
	spans = calloc(2 * l->num + 2, sizeof(*spans));
	if (!cuts || !spans) {
		free(cuts);
		free(spans);
		return -1;
	}
	for (n = 0; n < l->num; n++) {
		cuts[num_cuts++] = l->r[n].start;
		cuts[num_cuts++] = l->r[n].end;
	}
	if (hv_end > hv_start) {
		cuts[num_cuts++] = hv_start;
		cuts[num_cuts++] = hv_end;
	}
	qsort(cuts, num_cuts, sizeof(*cuts), compare_u64);
	for (n = 0; n + 1 < num_cuts; n++) {
		struct show_span *s = &spans[num];

		if (cuts[n] == cuts[n + 1])
			continue;
		s->start = cuts[n];
		s->end = cuts[n + 1];
		s->hypervisor = s->start >= hv_start && s->end <= hv_end;
		classify_span(s, l);
		if (s->parties || s->hypervisor)
			num++;
	}
	free(cuts);
	*out = spans;
	*num_out = num;
	return 0;
}

/* ---- memory ----------------------------------------------------------- */
static int build_memory(struct partition *p)
{
	const struct jailhouse_memory *hv =
		&p->parties[0].system->hypervisor_memory;
	struct range_list l = { 0 };
	unsigned int party, n;
	int err = 0;

	for (party = 0; party < p->num_parties && !err; party++) {
		const struct cell_view *v = &p->parties[party];

		for (n = 0; n < v->cell->num_memory_regions && !err; n++) {
			const struct jailhouse_memory *m = &v->mem[n];

			/* hypervisor memory, at no physical address */
			if (m->flags & JAILHOUSE_MEM_COMM_REGION)
				continue;
			err = range_add(&l, m->phys_start, m->size, party,
					!!(m->flags &
					   (JAILHOUSE_MEM_ROOTSHARED |
					    JAILHOUSE_MEM_IO_UNALIGNED)),
					!!(m->flags &
					   JAILHOUSE_MEM_ROOTSHARED));
		}
	}
	if (!err)
		err = sweep(&l, hv->phys_start, hv->phys_start + hv->size,
			    &p->memory, &p->num_memory);
	free(l.r);
	return err;
}

const struct jailhouse_memory *
party_region_at(const struct partition *p, unsigned int party, __u64 address)
{
	const struct cell_view *v = &p->parties[party];
	unsigned int n;

	for (n = 0; n < v->cell->num_memory_regions; n++) {
		const struct jailhouse_memory *m = &v->mem[n];

		if (!(m->flags & JAILHOUSE_MEM_COMM_REGION) &&
		    address >= m->phys_start &&
		    address - m->phys_start < m->size)
			return m;
	}
	return NULL;
}

/* ---- ports ------------------------------------------------------------ */
/* The I/O BARs of a cell's devices are its ports too (cell-resources.c). */
static int add_io_bars(struct range_list *l, const struct cell_view *v,
		       unsigned int party)
{
	unsigned int n, bar;

	for (n = 0; n < v->cell->num_pci_devices; n++) {
		const struct jailhouse_pci_device *d = &v->pci[n];

		if (d->type != JAILHOUSE_PCI_TYPE_DEVICE)
			continue;
		for (bar = 0; bar < NUM_BARS; bar++)
			if ((d->bar_address[bar] & 1) && d->bar_mask[bar] &&
			    range_add(l, d->bar_address[bar] & 0xfffc,
				      (~(d->bar_mask[bar] & ~3U) + 1) & 0xffff,
				      party, 0, 0))
				return -1;
	}
	return 0;
}

static int build_ports(struct partition *p)
{
	struct range_list l = { 0 };
	unsigned int party, n;
	int err = 0;

	for (party = 0; party < p->num_parties && !err; party++) {
		const struct cell_view *v = &p->parties[party];

		for (n = 0; n < v->cell->num_pio_regions && !err; n++) {
			int shared =
				!!(v->pio[n].flags & JAILHOUSE_PIO_ROOT_SHARED);

			err = range_add(&l, v->pio[n].base, v->pio[n].length,
					party, shared, shared);
		}
		if (!err && party != SHOW_ROOT)
			err = add_io_bars(&l, v, party);
	}
	if (!err)
		err = sweep(&l, 0, 0, &p->ports, &p->num_ports);
	free(l.r);
	return err;
}

/* ---- CPUs --------------------------------------------------------------- */
static int build_cpus(struct partition *p)
{
	unsigned int max = 0, party, cpu;
	__u64 parties;

	for (party = 0; party < p->num_parties; party++)
		if (p->parties[party].cell->cpu_set_size * 8 > max)
			max = p->parties[party].cell->cpu_set_size * 8;
	p->cpus = calloc(max ? max : 1, sizeof(*p->cpus));
	if (!p->cpus)
		return -1;
	for (cpu = 0; cpu < max; cpu++) {
		struct show_cpu *c = &p->cpus[p->num_cpus];

		parties = 0;
		for (party = 0; party < p->num_parties; party++)
			if (cell_view_has_cpu(&p->parties[party], cpu))
				parties |= 1ULL << party;
		if (!parties)
			continue;
		c->cpu = cpu;
		c->parties = parties;
		c->owner = owner_of(parties, 0, &c->cell);
		p->num_cpus++;
	}
	return 0;
}

/* ---- IOAPIC pins ------------------------------------------------------ */
static int pin_in(const struct jailhouse_irqchip *chip, unsigned int pin)
{
	return pin < chip->num_pins &&
	       ((chip->pin_bitmap[pin / 32] >> (pin % 32)) & 1);
}

static const struct jailhouse_irqchip *chip_of(const struct cell_view *v,
					       __u64 address)
{
	unsigned int n;

	for (n = 0; n < v->cell->num_irqchips; n++)
		if (v->irqchips[n].address == address)
			return &v->irqchips[n];
	return NULL;
}

/* 1 if an earlier party or chip of party @party already named @address. */
static int chip_seen(const struct partition *p, unsigned int party,
		     unsigned int index)
{
	__u64 address = p->parties[party].irqchips[index].address;
	unsigned int n;

	for (n = 0; n < party; n++)
		if (chip_of(&p->parties[n], address))
			return 1;
	for (n = 0; n < index; n++)
		if (p->parties[party].irqchips[n].address == address)
			return 1;
	return 0;
}

static int add_pins(struct partition *p, const struct jailhouse_irqchip *chip,
		    unsigned int *cap)
{
	const struct jailhouse_irqchip *c;
	struct show_pins *run = NULL, *grown;
	unsigned int pin, party;
	__u64 parties;

	for (pin = 0; pin < JAILHOUSE_IRQCHIP_MAX_PINS; pin++) {
		parties = 0;
		for (party = 0; party < p->num_parties; party++) {
			c = chip_of(&p->parties[party], chip->address);
			if (c && pin_in(c, pin))
				parties |= 1ULL << party;
		}
		if (!parties) {
			run = NULL;
			continue;
		}
		if (run && run->parties == parties && run->last + 1 == pin) {
			run->last = pin;
			continue;
		}
		if (p->num_pins == *cap) {
			*cap = *cap ? 2 * *cap : 16;
			grown = realloc(p->pins, *cap * sizeof(*grown));
			if (!grown)
				return -1;
			p->pins = grown;
		}
		run = &p->pins[p->num_pins++];
		*run = (struct show_pins){ .address = chip->address,
					   .id = chip->id,
					   .first = pin,
					   .last = pin,
					   .parties = parties };
		run->owner = owner_of(parties, 0, &run->cell);
	}
	return 0;
}

static int build_pins(struct partition *p)
{
	unsigned int party, n, cap = 0;

	for (party = 0; party < p->num_parties; party++)
		for (n = 0; n < p->parties[party].cell->num_irqchips; n++)
			if (!chip_seen(p, party, n) &&
			    add_pins(p, &p->parties[party].irqchips[n], &cap))
				return -1;
	return 0;
}

/* ---- PCI devices --------------------------------------------------------- */
static struct show_device *find_device(struct partition *p, __u16 domain,
				       __u16 bdf)
{
	unsigned int n;

	for (n = 0; n < p->num_devices; n++)
		if (p->devices[n].domain == domain && p->devices[n].bdf == bdf)
			return &p->devices[n];
	return NULL;
}

static int compare_devices(const void *a, const void *b)
{
	const struct show_device *x = a, *y = b;
	__u32 kx = (__u32)x->domain << 16 | x->bdf;
	__u32 ky = (__u32)y->domain << 16 | y->bdf;

	return kx < ky ? -1 : kx > ky;
}

static int build_devices(struct partition *p)
{
	unsigned int party, n, total = 0;
	struct show_device *d;

	for (party = 0; party < p->num_parties; party++)
		total += p->parties[party].cell->num_pci_devices;
	p->devices = calloc(total ? total : 1, sizeof(*p->devices));
	if (!p->devices)
		return -1;
	for (party = 0; party < p->num_parties; party++) {
		const struct cell_view *v = &p->parties[party];

		for (n = 0; n < v->cell->num_pci_devices; n++) {
			if (v->pci[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM)
				continue; /* virtual: a link, below */
			d = find_device(p, v->pci[n].domain, v->pci[n].bdf);
			if (!d) {
				d = &p->devices[p->num_devices++];
				d->domain = v->pci[n].domain;
				d->bdf = v->pci[n].bdf;
				d->type = v->pci[n].type;
				d->desc = &v->pci[n];
			}
			d->parties |= 1ULL << party;
		}
	}
	qsort(p->devices, p->num_devices, sizeof(*p->devices), compare_devices);
	for (n = 0; n < p->num_devices; n++)
		p->devices[n].owner =
			owner_of(p->devices[n].parties, 0, &p->devices[n].cell);
	return 0;
}

/* ---- ivshmem links ------------------------------------------------------ */
/*
 * ivshmem v2 (issue 14): the shared memory of a link is a state table, a
 * read/write section and one output section per peer, in this order from
 * shmem_regions_start; a config may list fewer, and only those are shown.
 */
static void peer_regions(const struct cell_view *v,
			 const struct jailhouse_pci_device *d,
			 struct show_peer *peer)
{
	unsigned int want = 2 + d->shmem_peers;
	unsigned int left =
		v->cell->num_memory_regions - d->shmem_regions_start;

	peer->first_region = d->shmem_regions_start;
	peer->num_regions = want < left ? want : left;
}

static __u64 link_phys(const struct cell_view *v,
		       const struct jailhouse_pci_device *d)
{
	/* the validator keeps shmem_regions_start within the regions */
	return v->mem[d->shmem_regions_start].phys_start;
}

static struct show_link *find_link(struct partition *p, __u16 domain, __u16 bdf,
				   __u64 phys)
{
	unsigned int n;

	for (n = 0; n < p->num_links; n++)
		if (p->links[n].domain == domain && p->links[n].bdf == bdf &&
		    p->links[n].phys == phys)
			return &p->links[n];
	return NULL;
}

static void add_peer(struct partition *p, unsigned int party,
		     const struct jailhouse_pci_device *d)
{
	const struct cell_view *v = &p->parties[party];
	__u64 phys = link_phys(v, d);
	struct show_link *link = find_link(p, d->domain, d->bdf, phys);
	struct show_peer *peer;
	unsigned int n;

	if (!link) {
		link = &p->links[p->num_links++];
		link->domain = d->domain;
		link->bdf = d->bdf;
		link->phys = phys;
	}
	for (n = 0; n < link->num_peers; n++)
		if (link->peers[n].desc->shmem_dev_id == d->shmem_dev_id)
			link->duplicate_ids = 1;
	/* more peers than parties: one config lists the link many times */
	if (link->num_peers == SHOW_MAX_PARTIES)
		return;
	peer = &link->peers[link->num_peers++];
	peer->party = party;
	peer->desc = d;
	peer_regions(v, d, peer);
}

static int build_links(struct partition *p)
{
	unsigned int party, n, total = 0;

	for (party = 0; party < p->num_parties; party++)
		total += p->parties[party].cell->num_pci_devices;
	p->links = calloc(total ? total : 1, sizeof(*p->links));
	if (!p->links)
		return -1;
	for (party = 0; party < p->num_parties; party++) {
		const struct cell_view *v = &p->parties[party];

		/*
		 * A party with two ivshmem devices on the same link adds
		 * two peers: shown, and counted as a duplicate id if so.
		 */
		for (n = 0; n < v->cell->num_pci_devices; n++)
			if (v->pci[n].type == JAILHOUSE_PCI_TYPE_IVSHMEM)
				add_peer(p, party, &v->pci[n]);
	}
	return 0;
}

const struct show_link *link_at(const struct partition *p, unsigned int party,
				__u64 address)
{
	const struct cell_view *v = &p->parties[party];
	unsigned int l, n, r;

	for (l = 0; l < p->num_links; l++)
		for (n = 0; n < p->links[l].num_peers; n++) {
			const struct show_peer *peer = &p->links[l].peers[n];

			if (peer->party != party)
				continue;
			for (r = 0; r < peer->num_regions; r++) {
				const struct jailhouse_memory *m =
					&v->mem[peer->first_region + r];

				if (address >= m->phys_start &&
				    address - m->phys_start < m->size)
					return &p->links[l];
			}
		}
	return NULL;
}

/* ---- the whole ----------------------------------------------------------- */
static unsigned int count_problems(const struct partition *p)
{
	unsigned int n, problems = 0;

	for (n = 0; n < p->num_cpus; n++)
		problems += is_problem(p->cpus[n].owner);
	for (n = 0; n < p->num_memory; n++)
		problems += is_problem(p->memory[n].owner);
	for (n = 0; n < p->num_ports; n++)
		problems += is_problem(p->ports[n].owner);
	for (n = 0; n < p->num_pins; n++)
		problems += is_problem(p->pins[n].owner);
	for (n = 0; n < p->num_devices; n++)
		problems += is_problem(p->devices[n].owner);
	for (n = 0; n < p->num_links; n++)
		problems += p->links[n].duplicate_ids;
	return problems;
}

int partition_build(struct partition *p, const struct cell_view *views,
		    unsigned int n)
{
	memset(p, 0, sizeof(*p));
	p->parties = views;
	p->num_parties = n;
	if (build_cpus(p) || build_memory(p) || build_ports(p) ||
	    build_pins(p) || build_devices(p) || build_links(p)) {
		partition_free(p);
		return -1;
	}
	p->problems = count_problems(p);
	return 0;
}

void partition_free(struct partition *p)
{
	free(p->cpus);
	free(p->memory);
	free(p->ports);
	free(p->pins);
	free(p->devices);
	free(p->links);
	memset(p, 0, sizeof(*p));
}

const char *bdf_text(char *buf, size_t size, __u16 domain, __u16 bdf)
{
	snprintf(buf, size, "%04x:%02x:%02x.%x", domain, bdf >> 8,
		 (bdf >> 3) & 0x1f, bdf & 7);
	return buf;
}

const char *size_text(char *buf, size_t size, __u64 bytes)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB",
					     "TiB" };
	unsigned int u = 0;
	double inexact;

	while (u < 4 && bytes >= 1024 && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	if (bytes < 1024 || u == 4) {
		snprintf(buf, size, "%llu %s", (unsigned long long)bytes,
			 units[u]);
		return buf;
	}
	/* not a whole number of any larger unit: one decimal place */
	inexact = (double)bytes;
	while (u < 4 && inexact >= 1024) {
		inexact /= 1024;
		u++;
	}
	snprintf(buf, size, "%.1f %s", inexact, units[u]);
	return buf;
}
