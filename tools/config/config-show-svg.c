// SPDX-License-Identifier: GPL-2.0
/*
 * `config show --svg`: the partition as an SVG picture.  Top: a legend
 * (one colour per cell), the CPUs as boxes.  Left: the physical memory
 * map as a vertical bar whose pieces are as tall as the logarithm of
 * their size, so that a 4 KiB page and a GiB of RAM both stay visible and
 * labelled.  Right: the IOAPIC pins as squares, then per cell a card with
 * its PCI devices, ports, pins and ivshmem links.
 *
 * The output depends on the configs only (no dates, no host names), so a
 * drawing can be regenerated and compared byte for byte.
 */
#include <stdarg.h>
#include <string.h>

#include "config-show.h"

#define WIDTH 980
#define MARGIN 20
#define FONT "DejaVu Sans Mono, monospace"
#define LINE 14 /* card line height */

#define BAR_X MARGIN
#define BAR_W 70
#define LABEL_X (BAR_X + BAR_W + 10)
#define RIGHT_X 510
#define RIGHT_W (WIDTH - MARGIN - RIGHT_X)

static const char *const cell_colours[] = {
	"#fdae6b", "#a1d99b", "#bcbddc", "#fdd0a2",
	"#c7e9c0", "#dadaeb", "#f2b5d4", "#d9d9a3",
};
#define ROOT_COLOUR "#9ecae1"
#define SHARED_COLOUR "#ffe066"
#define CONFLICT_COLOUR "#e31a1c"
#define UNBACKED_COLOUR "#fb6a4a"
#define HYPERVISOR_COLOUR "#525252"
#define GAP_COLOUR "#f0f0f0"

static const char *party_colour(unsigned int n)
{
	if (n == SHOW_ROOT)
		return ROOT_COLOUR;
	return cell_colours[(n - 1) %
			    (sizeof(cell_colours) / sizeof(cell_colours[0]))];
}

static const char *owner_colour(enum show_owner owner, unsigned int cell)
{
	switch (owner) {
	case SHOW_OWNER_ROOT:
		return ROOT_COLOUR;
	case SHOW_OWNER_CELL:
		return party_colour(cell);
	case SHOW_OWNER_SHARED:
		return SHARED_COLOUR;
	case SHOW_OWNER_CONFLICT:
		return CONFLICT_COLOUR;
	case SHOW_OWNER_UNBACKED:
		return UNBACKED_COLOUR;
	case SHOW_OWNER_HYPERVISOR:
		return HYPERVISOR_COLOUR;
	}
	return GAP_COLOUR;
}

/* "CONFLICT: a, b" / "UNBACKED: c" for problems, else the owner's label. */
static const char *problem_label(char *buf, size_t size,
				 const struct partition *p, __u64 parties,
				 enum show_owner owner, unsigned int cell)
{
	const char *sep = ": ";
	size_t len;
	unsigned int n;

	if (owner != SHOW_OWNER_CONFLICT && owner != SHOW_OWNER_UNBACKED)
		return owner_name(p, owner, cell);
	len = snprintf(buf, size, "%s", owner_name(p, owner, cell));
	for (n = 1; n < p->num_parties && len < size; n++)
		if (parties & (1ULL << n)) {
			len += snprintf(buf + len, size - len, "%s%s", sep,
					party_name(p, n));
			sep = ", ";
		}
	return buf;
}

/* Dark fills get white text. */
static const char *text_colour(const char *fill)
{
	return !strcmp(fill, HYPERVISOR_COLOUR) ||
			       !strcmp(fill, CONFLICT_COLOUR) ?
		       "#ffffff" :
		       "#000000";
}

/* Names come from the configs: anything outside printable ASCII is '?'. */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '&')
			fputs("&amp;", out);
		else if (c == '<')
			fputs("&lt;", out);
		else if (c == '>')
			fputs("&gt;", out);
		else if (c == '"')
			fputs("&quot;", out);
		else if (c < 0x20 || c > 0x7e)
			fputc('?', out);
		else
			fputc(c, out);
	}
}

static void __attribute__((format(printf, 6, 7)))
text(FILE *out, int x, int y, int size, const char *style, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"%d\"%s>", x, y, size,
		style);
	put_escaped(out, buf);
	fputs("</text>\n", out);
}

/*
 * Cuts @buf to @max characters, the last three "...", so that a label stays
 * in its column (monospace at 10 px: about 6 px a character).
 */
static const char *fit(char *buf, size_t max)
{
	if (strlen(buf) > max && max > 3)
		strcpy(buf + max - 3, "...");
	return buf;
}

static void rect(FILE *out, int x, int y, int w, int h, const char *fill)
{
	fprintf(out,
		"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		"fill=\"%s\" stroke=\"#404040\" stroke-width=\"1\"/>\n",
		x, y, w, h, fill);
}

/* ---- legend and CPUs --------------------------------------------------- */
static int legend_entry(FILE *out, int x, int y, const char *fill,
			const char *label)
{
	rect(out, x, y, 14, 14, fill);
	text(out, x + 18, y + 11, 11, "", "%s", label);
	return x + 18 + 7 * (int)strlen(label) + 16;
}

static int draw_legend(FILE *out, const struct partition *p, int y)
{
	static const struct {
		const char *fill, *label;
	} kinds[] = {
		{ SHARED_COLOUR, "shared" },
		{ CONFLICT_COLOUR, "CONFLICT" },
		{ UNBACKED_COLOUR, "UNBACKED" },
		{ HYPERVISOR_COLOUR, "hypervisor" },
		{ GAP_COLOUR, "not mapped" },
	};
	int x = MARGIN;
	unsigned int n;

	for (n = 0; n < p->num_parties; n++) {
		if (x > WIDTH - 200) {
			x = MARGIN;
			y += 20;
		}
		x = legend_entry(out, x, y, party_colour(n), party_name(p, n));
	}
	for (n = 0; n < sizeof(kinds) / sizeof(kinds[0]); n++) {
		if (x > WIDTH - 120) {
			x = MARGIN;
			y += 20;
		}
		x = legend_entry(out, x, y, kinds[n].fill, kinds[n].label);
	}
	return y + 30;
}

static int draw_cpus(FILE *out, const struct partition *p, int y)
{
	int x = MARGIN;
	unsigned int n;

	text(out, MARGIN, y + 12, 13, " font-weight=\"bold\"", "CPUs");
	y += 20;
	for (n = 0; n < p->num_cpus; n++) {
		const struct show_cpu *c = &p->cpus[n];
		const char *fill = owner_colour(c->owner, c->cell);
		char style[64];

		if (x + 110 > WIDTH - MARGIN) {
			x = MARGIN;
			y += 52;
		}
		snprintf(style, sizeof(style), " fill=\"%s\"",
			 text_colour(fill));
		rect(out, x, y, 104, 44, fill);
		text(out, x + 8, y + 18, 12, style, "CPU %u", c->cpu);
		text(out, x + 8, y + 35, 10, style, "%.15s",
		     owner_name(p, c->owner, c->cell));
		x += 112;
	}
	return y + 60;
}

/* ---- memory bar ------------------------------------------------------- */
/* Piecewise logarithmic: 16 px for 4 KiB or less, +3 px per doubling. */
static int span_height(__u64 size)
{
	int h = 16;

	for (size >>= 12; size > 1; size >>= 1)
		h += 3;
	return h;
}

static int draw_gap(FILE *out, __u64 start, __u64 end, int y)
{
	char size[32];

	fprintf(out,
		"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"10\" "
		"fill=\"%s\" stroke=\"#a0a0a0\" stroke-dasharray=\"3,2\"/>\n",
		BAR_X, y, BAR_W, GAP_COLOUR);
	text(out, LABEL_X, y + 9, 9, " fill=\"#808080\"", "%s not mapped",
	     size_text(size, sizeof(size), end - start));
	return y + 10;
}

static int draw_span(FILE *out, const struct partition *p,
		     const struct show_span *s, int y)
{
	const char *fill = owner_colour(s->owner, s->cell);
	const struct show_link *link = NULL;
	int h = span_height(s->end - s->start);
	char size[32], bdf[16], tag[40] = "", label[160], line[200];
	unsigned int n;

	for (n = 0; n < p->num_parties && !link; n++)
		if (s->parties & (1ULL << n))
			link = link_at(p, n, s->start);
	if (link)
		snprintf(tag, sizeof(tag), "  ivshmem %s",
			 bdf_text(bdf, sizeof(bdf), link->domain, link->bdf));
	rect(out, BAR_X, y, BAR_W, h, fill);
	text(out, LABEL_X, y + h / 2 + 4, 10, "", "0x%08llx",
	     (unsigned long long)s->start);
	text(out, LABEL_X + 84, y + h / 2 + 4, 10, "", "%s",
	     size_text(size, sizeof(size), s->end - s->start));
	snprintf(line, sizeof(line), "%s%s",
		 problem_label(label, sizeof(label), p, s->parties, s->owner,
			       s->cell),
		 tag);
	/* up to the right column */
	text(out, LABEL_X + 160, y + h / 2 + 4, 10, "", "%s",
	     fit(line, (RIGHT_X - LABEL_X - 170) / 6));
	return y + h;
}

static int draw_memory(FILE *out, const struct partition *p, int y)
{
	unsigned int n;

	text(out, MARGIN, y + 12, 13, " font-weight=\"bold\"",
	     "memory (height: log of the size)");
	y += 22;
	for (n = 0; n < p->num_memory; n++) {
		if (n && p->memory[n - 1].end < p->memory[n].start)
			y = draw_gap(out, p->memory[n - 1].end,
				     p->memory[n].start, y);
		y = draw_span(out, p, &p->memory[n], y);
	}
	if (p->num_memory)
		text(out, LABEL_X, y + 10, 10, "", "0x%08llx end",
		     (unsigned long long)p->memory[p->num_memory - 1].end);
	return y + 20;
}

/* ---- IOAPIC pins ------------------------------------------------------- */
static int draw_pins(FILE *out, const struct partition *p, int y)
{
	unsigned int n, pin;
	int x = RIGHT_X;

	if (!p->num_pins)
		return y;
	text(out, RIGHT_X, y + 12, 13, " font-weight=\"bold\"", "IOAPIC pins");
	y += 18;
	for (n = 0; n < p->num_pins; n++) {
		const struct show_pins *r = &p->pins[n];
		const char *fill = owner_colour(r->owner, r->cell);
		char style[64];

		if (n == 0 || p->pins[n - 1].address != r->address) {
			if (n)
				y += 24;
			text(out, RIGHT_X, y + 11, 10, "",
			     "IOAPIC %u at 0x%llx", r->id,
			     (unsigned long long)r->address);
			y += 16;
			x = RIGHT_X;
		}
		snprintf(style, sizeof(style), " fill=\"%s\"",
			 text_colour(fill));
		for (pin = r->first; pin <= r->last; pin++) {
			int col = pin % 24;

			x = RIGHT_X + col * 18;
			rect(out, x, y + (int)(pin / 24) * 20, 17, 17, fill);
			text(out, x + 2, y + (int)(pin / 24) * 20 + 12, 8,
			     style, "%u", pin);
		}
	}
	/* room for the rows of the last chip's highest pin */
	return y + ((int)p->pins[p->num_pins - 1].last / 24 + 1) * 20 + 10;
}

/* ---- cards: what each party has besides CPUs and memory ------------------ */
struct card {
	FILE *out;
	int y, lines;
};

static void card_line(struct card *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void card_line(struct card *c, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (c->out)
		text(c->out, RIGHT_X + 8, c->y + 34 + c->lines * LINE, 10, "",
		     "%s", fit(buf, (RIGHT_W - 16) / 6));
	c->lines++;
}

static const char *how(enum show_owner owner)
{
	return owner == SHOW_OWNER_SHARED ? " (shared)" : "";
}

/* "pin 9" or "pins 11-23" */
static const char *pins_text(char *buf, size_t size, const struct show_pins *r)
{
	if (r->first == r->last)
		snprintf(buf, size, "pin %u", r->first);
	else
		snprintf(buf, size, "pins %u-%u", r->first, r->last);
	return buf;
}

/* Does party n have the item as its owner sees it? */
static int belongs(__u64 parties, enum show_owner owner, unsigned int cell,
		   unsigned int n)
{
	if (!(parties & (1ULL << n)))
		return 0;
	if (owner == SHOW_OWNER_SHARED)
		return 1;
	if (owner == SHOW_OWNER_ROOT)
		return n == SHOW_ROOT;
	return owner == SHOW_OWNER_CELL && n == cell;
}

static void card_devices(struct card *c, const struct partition *p,
			 unsigned int n)
{
	char bdf[16];
	unsigned int i;

	for (i = 0; i < p->num_devices; i++) {
		const struct show_device *d = &p->devices[i];

		if (belongs(d->parties, d->owner, d->cell, n))
			card_line(c, "PCI %s %s%s",
				  bdf_text(bdf, sizeof(bdf), d->domain, d->bdf),
				  d->type == JAILHOUSE_PCI_TYPE_BRIDGE ?
					  "bridge" :
					  "device",
				  d->desc->flags &
						  JAILHOUSE_PCI_FLAG_DMA_CAPABLE ?
					  " (DMA)" :
					  "");
	}
}

static void card_ports_and_pins(struct card *c, const struct partition *p,
				unsigned int n)
{
	char pins[32];
	unsigned int i;

	for (i = 0; i < p->num_ports; i++) {
		const struct show_span *s = &p->ports[i];

		if (belongs(s->parties, s->owner, s->cell, n))
			card_line(c, "ports 0x%04llx-0x%04llx%s",
				  (unsigned long long)s->start,
				  (unsigned long long)s->end - 1,
				  how(s->owner));
	}
	for (i = 0; i < p->num_pins; i++) {
		const struct show_pins *r = &p->pins[i];

		if (!belongs(r->parties, r->owner, r->cell, n))
			continue;
		card_line(c, "IOAPIC %u %s", r->id,
			  pins_text(pins, sizeof(pins), r));
	}
}

static void card_links(struct card *c, const struct partition *p,
		       unsigned int n)
{
	char bdf[16], peers[160];
	unsigned int i, k;
	size_t len;

	for (i = 0; i < p->num_links; i++) {
		const struct show_link *l = &p->links[i];
		int mine = 0;

		peers[0] = 0;
		len = 0;
		for (k = 0; k < l->num_peers; k++) {
			if (l->peers[k].party == n) {
				mine = 1;
				continue;
			}
			len += snprintf(peers + len,
					len < sizeof(peers) ?
						sizeof(peers) - len :
						0,
					"%s%s", len ? ", " : " with ",
					party_name(p, l->peers[k].party));
			if (len >= sizeof(peers))
				len = sizeof(peers) - 1;
		}
		if (mine)
			card_line(c, "ivshmem %s%s%s",
				  bdf_text(bdf, sizeof(bdf), l->domain, l->bdf),
				  peers[0] ? peers : " (no peer)",
				  l->duplicate_ids ? " CONFLICT: same id" : "");
	}
}

/* Items two cells claim, or a cell claims without the root's backing. */
static void card_problems(struct card *c, const struct partition *p)
{
	char bdf[16], label[160], pins[32];
	unsigned int i;

	for (i = 0; i < p->num_cpus; i++)
		if (p->cpus[i].owner == SHOW_OWNER_CONFLICT ||
		    p->cpus[i].owner == SHOW_OWNER_UNBACKED)
			card_line(c, "CPU %u: %s", p->cpus[i].cpu,
				  problem_label(label, sizeof(label), p,
						p->cpus[i].parties,
						p->cpus[i].owner, 0));
	for (i = 0; i < p->num_memory; i++)
		if (p->memory[i].owner == SHOW_OWNER_CONFLICT ||
		    p->memory[i].owner == SHOW_OWNER_UNBACKED)
			card_line(c, "memory 0x%08llx-0x%08llx: %s",
				  (unsigned long long)p->memory[i].start,
				  (unsigned long long)p->memory[i].end - 1,
				  problem_label(label, sizeof(label), p,
						p->memory[i].parties,
						p->memory[i].owner, 0));
	for (i = 0; i < p->num_ports; i++)
		if (p->ports[i].owner == SHOW_OWNER_CONFLICT ||
		    p->ports[i].owner == SHOW_OWNER_UNBACKED)
			card_line(c, "ports 0x%04llx-0x%04llx: %s",
				  (unsigned long long)p->ports[i].start,
				  (unsigned long long)p->ports[i].end - 1,
				  problem_label(label, sizeof(label), p,
						p->ports[i].parties,
						p->ports[i].owner, 0));
	for (i = 0; i < p->num_pins; i++)
		if (p->pins[i].owner == SHOW_OWNER_CONFLICT ||
		    p->pins[i].owner == SHOW_OWNER_UNBACKED)
			card_line(c, "IOAPIC %u %s: %s", p->pins[i].id,
				  pins_text(pins, sizeof(pins), &p->pins[i]),
				  problem_label(label, sizeof(label), p,
						p->pins[i].parties,
						p->pins[i].owner, 0));
	for (i = 0; i < p->num_devices; i++)
		if (p->devices[i].owner == SHOW_OWNER_CONFLICT ||
		    p->devices[i].owner == SHOW_OWNER_UNBACKED)
			card_line(c, "PCI %s: %s",
				  bdf_text(bdf, sizeof(bdf),
					   p->devices[i].domain,
					   p->devices[i].bdf),
				  problem_label(label, sizeof(label), p,
						p->devices[i].parties,
						p->devices[i].owner, 0));
}

static void card_frame(FILE *out, int y, int lines, const char *fill,
		       const char *title)
{
	char style[64];

	rect(out, RIGHT_X, y, RIGHT_W, 24 + LINE * (lines ? lines : 1), "none");
	rect(out, RIGHT_X, y, RIGHT_W, 20, fill);
	snprintf(style, sizeof(style), " font-weight=\"bold\" fill=\"%s\"",
		 text_colour(fill));
	text(out, RIGHT_X + 8, y + 14, 11, style, "%s", title);
}

/* A card is laid out twice: once to count its lines, once to draw. */
static int draw_card(FILE *out, const struct partition *p, int party, int y)
{
	struct card c = { .out = NULL, .y = y };
	char title[128];
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass) {
			if (party < 0) {
				if (!c.lines)
					return y;
				card_frame(out, y, c.lines, CONFLICT_COLOUR,
					   "conflicts (see config check)");
			} else {
				snprintf(title, sizeof(title), "%s  (%s)",
					 party_name(p, party),
					 p->parties[party].file);
				card_frame(out, y, c.lines, party_colour(party),
					   title);
			}
			c.out = out;
			c.lines = 0;
		}
		if (party < 0) {
			card_problems(&c, p);
			continue;
		}
		card_devices(&c, p, party);
		card_ports_and_pins(&c, p, party);
		card_links(&c, p, party);
		if (!c.lines && pass)
			card_line(&c, "no devices, ports, pins or links");
	}
	return y + 24 + LINE * (c.lines ? c.lines : 1) + 10;
}

static int draw_cards(FILE *out, const struct partition *p, int y)
{
	unsigned int n;

	text(out, RIGHT_X, y + 12, 13, " font-weight=\"bold\"",
	     "devices, ports, pins and links by owner");
	y += 20;
	for (n = 0; n < p->num_parties; n++)
		y = draw_card(out, p, n, y);
	return draw_card(out, p, -1, y);
}

/* ---- the picture ----------------------------------------------------------- */
/* Returns the height used.  show_svg() draws twice: the first time into
 * /dev/null, to learn the height the <svg> element must declare. */
static int draw(FILE *out, const struct partition *p)
{
	int y, left, right;

	text(out, MARGIN, 28, 16, " font-weight=\"bold\"",
	     "partition of %s with %u cell config%s", p->parties[0].file,
	     p->num_parties - 1, p->num_parties == 2 ? "" : "s");
	y = draw_legend(out, p, 44);
	y = draw_cpus(out, p, y);
	left = draw_memory(out, p, y);
	right = draw_pins(out, p, y);
	right = draw_cards(out, p, right);
	return left > right ? left : right;
}

int show_svg(FILE *out, const struct partition *p)
{
	FILE *sink = fopen("/dev/null", "w");
	int height;

	if (!sink)
		return -1;
	height = draw(sink, p) + MARGIN;
	fclose(sink);
	fprintf(out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"%s\">\n"
		"<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
		"fill=\"#ffffff\"/>\n",
		WIDTH, height, WIDTH, height, FONT, WIDTH, height);
	draw(out, p);
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}
