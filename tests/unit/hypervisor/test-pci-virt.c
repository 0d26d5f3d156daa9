// SPDX-License-Identifier: GPL-2.0
/*
 * pci-virt.c: what a cell sees of an endpoint it owns, on config-space
 * images built here: an e1000 (82540EM-like: BAR0 128K memory, BAR1 64
 * I/O ports, PM and PCI-X capabilities), an edu-like device with MSI, and
 * an e1000e-like PCIe device with MSI-X, a 64-bit BAR and extended
 * capabilities (AER, serial number).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "pci-virt.h"

/* ---- a device as a config-space image ---- */

struct image {
	__u8 cfg[4096];
	unsigned int writes; /* how many writes reached the device */
	unsigned int last_reg, last_size;
	__u32 last_value;
};

static __u32 img_read(void *ctx, unsigned int reg, unsigned int size)
{
	const struct image *img = ctx;
	__u32 v = 0;
	unsigned int n;

	for (n = 0; n < size; n++)
		v |= (__u32)img->cfg[reg + n] << 8 * n;
	return v;
}

static void img_write(void *ctx, unsigned int reg, unsigned int size,
		      __u32 value)
{
	struct image *img = ctx;
	unsigned int n;

	for (n = 0; n < size; n++)
		img->cfg[reg + n] = value >> 8 * n;
	img->writes++;
	img->last_reg = reg;
	img->last_size = size;
	img->last_value = value;
}

static void put(struct image *img, unsigned int reg, unsigned int size,
		__u32 value)
{
	unsigned int n;

	for (n = 0; n < size; n++)
		img->cfg[reg + n] = value >> 8 * n;
}

/* a capability in the device's own chain */
static void put_cap(struct image *img, unsigned int at, __u8 id, __u8 next)
{
	put(img, at, 1, id);
	put(img, at + 1, 1, next);
}

static void put_ext_cap(struct image *img, unsigned int at, __u16 id,
			unsigned int next)
{
	put(img, at, 4, id | 1u << 16 | next << 20);
}

/* ---- the cell: a config with a memory region or two ---- */

struct cell_config {
	struct jailhouse_cell_desc desc;
	struct jailhouse_memory mem[3];
} __attribute__((packed));

static void cell_with(struct cell_config *c, unsigned int n,
		      const struct jailhouse_memory *mem)
{
	memset(c, 0, sizeof(*c));
	c->desc.num_memory_regions = n;
	if (n)
		memcpy(c->mem, mem, n * sizeof(*mem));
}

/* ---- the devices ---- */

#define E1000_BAR0 0xfebc0000u
#define E1000_BAR1 0xc000u

static struct image e1000;
static struct jailhouse_pci_device e1000_dev;
static struct jailhouse_pci_capability e1000_caps[1];
static struct cell_config e1000_cell;
static struct pci_hw e1000_hw = { .cfg_read = img_read,
				  .cfg_write = img_write,
				  .ctx = &e1000 };

static void make_e1000(__u16 pm_flags)
{
	static const struct jailhouse_memory bar0_1to1 = {
		.phys_start = E1000_BAR0,
		.virt_start = E1000_BAR0,
		.size = 0x20000,
		.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO,
	};

	memset(&e1000, 0, sizeof(e1000));
	put(&e1000, 0x00, 4, 0x100e8086);
	put(&e1000, 0x04, 4, 0x02300007); /* status: caps, 66 MHz... */
	put(&e1000, 0x08, 4, 0x02000003);
	put(&e1000, 0x0c, 4, 0x00000010);
	put(&e1000, 0x10, 4, E1000_BAR0);
	put(&e1000, 0x14, 4, E1000_BAR1 | 1);
	put(&e1000, 0x2c, 4, 0x001e8086);
	put(&e1000, 0x30, 4, 0xfeb80000); /* ROM, the device has one */
	put(&e1000, 0x34, 1, 0xdc);
	put(&e1000, 0x3c, 4, 0xff00010b);
	put_cap(&e1000, 0xdc, 0x01, 0xe4); /* PM */
	put(&e1000, 0xde, 2, 0x0022);
	put_cap(&e1000, 0xe4, 0x07, 0x00); /* PCI-X, not given to cells */
	put(&e1000, 0xe6, 2, 0x0001);

	memset(&e1000_dev, 0, sizeof(e1000_dev));
	e1000_dev.type = JAILHOUSE_PCI_TYPE_DEVICE;
	e1000_dev.bdf = 0x0010;
	e1000_dev.num_caps = 1;
	e1000_dev.bar_mask[0] = 0xfffe0000;
	e1000_dev.bar_mask[1] = 0xffffffc0;
	e1000_dev.bar_address[0] = E1000_BAR0;
	e1000_dev.bar_address[1] = E1000_BAR1 | 1;
	e1000_caps[0] = (struct jailhouse_pci_capability){ .id = 0x01,
							   .start = 0xdc,
							   .len = 8,
							   .flags = pm_flags };
	cell_with(&e1000_cell, 1, &bar0_1to1);
}

static void init_e1000(struct pci_virt_dev *v, __u16 pm_flags)
{
	char msg[200];

	make_e1000(pm_flags);
	assert_int_equal(pci_virt_init(v, &e1000_dev, e1000_caps,
				       &e1000_cell.desc, msg, sizeof(msg)),
			 0);
}

static __u32 rd(struct pci_virt_dev *v, const struct pci_hw *hw,
		unsigned int reg, unsigned int size)
{
	struct pci_virt_note note;
	__u32 value = 0xdeadbeef;

	assert_int_equal(pci_virt_access(v, hw, reg, size, 0, &value, &note),
			 0);
	return value;
}

static struct pci_virt_note wr(struct pci_virt_dev *v, const struct pci_hw *hw,
			       unsigned int reg, unsigned int size, __u32 value)
{
	struct pci_virt_note note;

	assert_int_equal(pci_virt_access(v, hw, reg, size, 1, &value, &note),
			 0);
	return note;
}

/* ---- header ---- */

static void test_header_fields_come_from_the_device(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x00, 4), 0x100e8086);
	assert_int_equal(rd(&v, &e1000_hw, 0x02, 2), 0x100e);
	assert_int_equal(rd(&v, &e1000_hw, 0x08, 4), 0x02000003);
	assert_int_equal(rd(&v, &e1000_hw, 0x2c, 4), 0x001e8086);
	assert_int_equal(rd(&v, &e1000_hw, 0x3c, 4), 0xff00010b);
}

static void test_read_only_header_fields_ignore_writes(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	wr(&v, &e1000_hw, 0x00, 4, 0x12345678);
	wr(&v, &e1000_hw, 0x08, 4, 0);
	wr(&v, &e1000_hw, 0x2c, 4, 0);
	wr(&v, &e1000_hw, 0x0f, 1, 0x40); /* BIST: start self test */
	wr(&v, &e1000_hw, 0x3d, 1, 4);	  /* interrupt pin */
	assert_int_equal(e1000.writes, 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x00, 4), 0x100e8086);
}

static void test_command_status_line_writes_pass(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	/* bus master, memory, INTx disable */
	wr(&v, &e1000_hw, 0x04, 2, 0x0406);
	assert_int_equal(e1000.last_reg, 0x04);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0406);
	/* SERR# enable and parity response stay as the root left them */
	wr(&v, &e1000_hw, 0x04, 2, 0x0147);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0007);
	put(&e1000, 0x04, 2, 0x0140);
	wr(&v, &e1000_hw, 0x05, 1, 0x04); /* INTx disable as a byte */
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0540);
	wr(&v, &e1000_hw, 0x04, 2, 0x0000);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0140);
	/* status is RW1C on the device: the write reaches it as is */
	wr(&v, &e1000_hw, 0x06, 2, 0xf900);
	assert_int_equal(e1000.last_reg, 0x06);
	assert_int_equal(e1000.last_value, 0xf900);
	wr(&v, &e1000_hw, 0x3c, 1, 0x0a);
	assert_int_equal(img_read(&e1000, 0x3c, 1), 0x0a);
	wr(&v, &e1000_hw, 0x0c, 2, 0x4010); /* line size, latency */
	assert_int_equal(img_read(&e1000, 0x0c, 2), 0x4010);
}

static void test_dword_write_at_command_is_split(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	e1000.writes = 0;
	wr(&v, &e1000_hw, 0x04, 4, 0x80000002);
	/* command and status, each a word of its own */
	assert_int_equal(e1000.writes, 2);
	assert_int_equal(e1000.last_reg, 0x06);
	assert_int_equal(e1000.last_size, 2);
	assert_int_equal(e1000.last_value, 0x8000);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0002);
}

static void test_rom_bar_reads_zero_ignores_writes(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x30, 4), 0);
	wr(&v, &e1000_hw, 0x30, 4, 0xffffffff);
	wr(&v, &e1000_hw, 0x30, 4, 0x10000001); /* enable at root RAM */
	assert_int_equal(rd(&v, &e1000_hw, 0x30, 4), 0);
	assert_int_equal(img_read(&e1000, 0x30, 4), 0xfeb80000);
	assert_int_equal(e1000.writes, 0);
}

/* ---- BARs ---- */

static void test_bar_sizing_reads_the_mask(void **state)
{
	struct pci_virt_dev v;
	struct pci_virt_note note;

	(void)state;
	init_e1000(&v, 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x10, 4), E1000_BAR0);
	note = wr(&v, &e1000_hw, 0x10, 4, 0xffffffff);
	assert_false(note.bar_refused);
	assert_int_equal(rd(&v, &e1000_hw, 0x10, 4), 0xfffe0000);
	note = wr(&v, &e1000_hw, 0x10, 4, E1000_BAR0);
	assert_false(note.bar_refused);
	assert_int_equal(rd(&v, &e1000_hw, 0x10, 4), E1000_BAR0);
	/* I/O: bit 0 stays set */
	wr(&v, &e1000_hw, 0x14, 4, 0xffffffff);
	assert_int_equal(rd(&v, &e1000_hw, 0x14, 4), 0xffffffc1);
	wr(&v, &e1000_hw, 0x14, 4, E1000_BAR1);
	assert_int_equal(rd(&v, &e1000_hw, 0x14, 4), E1000_BAR1 | 1);
	/* unused BARs read 0, sized or not */
	wr(&v, &e1000_hw, 0x18, 4, 0xffffffff);
	assert_int_equal(rd(&v, &e1000_hw, 0x18, 4), 0);
	/* the device was never touched */
	assert_int_equal(e1000.writes, 0);
	assert_int_equal(img_read(&e1000, 0x10, 4), E1000_BAR0);
}

static void test_bar_base_the_config_does_not_map_is_dropped(void **state)
{
	struct pci_virt_dev v;
	struct pci_virt_note note;

	(void)state;
	init_e1000(&v, 0);
	/* over root RAM, or over the hypervisor */
	note = wr(&v, &e1000_hw, 0x10, 4, 0x00100000);
	assert_true(note.bar_refused);
	assert_int_equal(note.bar, 0);
	assert_int_equal(note.bar_value, 0x00100000);
	assert_int_equal(rd(&v, &e1000_hw, 0x10, 4), E1000_BAR0);
	/* after sizing, the shadow keeps the mask */
	wr(&v, &e1000_hw, 0x10, 4, 0xffffffff);
	note = wr(&v, &e1000_hw, 0x10, 4, 0x3a000000);
	assert_true(note.bar_refused);
	assert_int_equal(rd(&v, &e1000_hw, 0x10, 4), 0xfffe0000);
	/* I/O BARs stay at their ports */
	note = wr(&v, &e1000_hw, 0x14, 4, 0x03f8);
	assert_true(note.bar_refused);
	assert_int_equal(note.bar, 1);
	assert_int_equal(rd(&v, &e1000_hw, 0x14, 4), E1000_BAR1 | 1);
	/* a byte write that moves the base is a base like any other */
	note = wr(&v, &e1000_hw, 0x13, 1, 0x10);
	assert_true(note.bar_refused);
	assert_int_equal(e1000.writes, 0);
}

static void test_bar_base_is_where_the_config_maps_it(void **state)
{
	static const struct jailhouse_memory moved = {
		.phys_start = E1000_BAR0,
		.virt_start = 0xc0000000,
		.size = 0x20000,
		.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO,
	};
	struct pci_virt_dev v;
	char msg[200];

	(void)state;
	make_e1000(0);
	cell_with(&e1000_cell, 1, &moved);
	assert_int_equal(pci_virt_init(&v, &e1000_dev, e1000_caps,
				       &e1000_cell.desc, msg, sizeof(msg)),
			 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x10, 4), 0xc0000000);
	assert_true(wr(&v, &e1000_hw, 0x10, 4, E1000_BAR0).bar_refused);
	assert_false(wr(&v, &e1000_hw, 0x10, 4, 0xc0000000).bar_refused);
	assert_int_equal(img_read(&e1000, 0x10, 4), E1000_BAR0);
}

static void test_bar_mapped_at_two_offsets_is_refused(void **state)
{
	const struct jailhouse_memory two[2] = {
		{ .phys_start = E1000_BAR0,
		  .virt_start = E1000_BAR0,
		  .size = 0x10000,
		  .flags = JAILHOUSE_MEM_RW },
		{ .phys_start = E1000_BAR0 + 0x10000,
		  .virt_start = 0xc0000000,
		  .size = 0x10000,
		  .flags = JAILHOUSE_MEM_RW },
	};
	struct pci_virt_dev v;
	char msg[200];

	(void)state;
	make_e1000(0);
	cell_with(&e1000_cell, 2, two);
	assert_int_equal(pci_virt_init(&v, &e1000_dev, e1000_caps,
				       &e1000_cell.desc, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "BAR 0"));
}

static void test_decoding_on_puts_reset_bars_back(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	/* a function-level reset (or D3hot -> D0) cleared the BARs */
	put(&e1000, 0x10, 4, 0);
	put(&e1000, 0x14, 4, 1);
	wr(&v, &e1000_hw, 0x04, 2, 0x0004); /* bus master only */
	assert_int_equal(img_read(&e1000, 0x10, 4), 0);
	wr(&v, &e1000_hw, 0x04, 2, 0x0006); /* memory decoding on */
	assert_int_equal(img_read(&e1000, 0x10, 4), E1000_BAR0);
	assert_int_equal(img_read(&e1000, 0x14, 4), E1000_BAR1 | 1);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0006);
	/* BARs that are right are not rewritten */
	e1000.writes = 0;
	wr(&v, &e1000_hw, 0x04, 2, 0x0007);
	assert_int_equal(e1000.writes, 1);
}

/* ---- capabilities ---- */

static void test_only_listed_capabilities_are_chained(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x06, 2) & 0x10, 0x10);
	assert_int_equal(rd(&v, &e1000_hw, 0x34, 1), 0xdc);
	assert_int_equal(rd(&v, &e1000_hw, 0x34, 4), 0xdc);
	/* PM's next was PCI-X: skipped */
	assert_int_equal(rd(&v, &e1000_hw, 0xdc, 2), 0x0001);
	assert_int_equal(rd(&v, &e1000_hw, 0xdc, 4), 0x00220001);
	/* PCI-X itself and other config space read 0 */
	assert_int_equal(rd(&v, &e1000_hw, 0xe4, 4), 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x40, 4), 0);
	assert_int_equal(rd(&v, &e1000_hw, 0xfc, 4), 0);
	/* no extended configuration space */
	assert_int_equal(rd(&v, &e1000_hw, 0x100, 4), 0);
	assert_int_equal(rd(&v, &e1000_hw, 0xffc, 4), 0);
}

static void test_no_listed_capability_clears_the_status_bit(void **state)
{
	struct pci_virt_dev v;
	char msg[200];

	(void)state;
	make_e1000(0);
	e1000_dev.num_caps = 0;
	assert_int_equal(pci_virt_init(&v, &e1000_dev, e1000_caps,
				       &e1000_cell.desc, msg, sizeof(msg)),
			 0);
	assert_int_equal(rd(&v, &e1000_hw, 0x06, 2), 0x0220);
	assert_int_equal(rd(&v, &e1000_hw, 0x04, 4), 0x02200007);
	assert_int_equal(rd(&v, &e1000_hw, 0x34, 1), 0);
	assert_int_equal(rd(&v, &e1000_hw, 0xdc, 4), 0);
}

static void test_capability_writes_need_the_write_flag(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	wr(&v, &e1000_hw, 0xe0, 2, 0x0003);	/* PMCSR: D3hot */
	wr(&v, &e1000_hw, 0xe4, 4, 0x12345678); /* hidden PCI-X */
	wr(&v, &e1000_hw, 0x50, 4, 0x12345678); /* outside any */
	assert_int_equal(e1000.writes, 0);
	init_e1000(&v, JAILHOUSE_PCICAPS_WRITE);
	wr(&v, &e1000_hw, 0xe0, 2, 0x0003);
	assert_int_equal(e1000.writes, 1);
	assert_int_equal(img_read(&e1000, 0xe0, 2), 0x0003);
	/* ID and next stay read-only with the flag */
	wr(&v, &e1000_hw, 0xdc, 2, 0xffff);
	assert_int_equal(img_read(&e1000, 0xdc, 2), 0xe401);
	assert_int_equal(e1000.writes, 1);
}

static void test_bad_capability_lists_are_refused(void **state)
{
	static const struct {
		struct jailhouse_pci_capability caps[2];
		unsigned int num;
	} bad[] = {
		{ { { 0x01, 0x30, 8, 0 } }, 1 },    /* in the header */
		{ { { 0x01, 0xda, 8, 0 } }, 1 },    /* misaligned */
		{ { { 0x01, 0xfc, 8, 0 } }, 1 },    /* past 0xff */
		{ { { 0x01, 0xdc, 1, 0 } }, 1 },    /* too short */
		{ { { 0x8001, 0xdc, 8, 0 } }, 1 },  /* extended below */
		{ { { 0x8001, 0xffc, 8, 0 } }, 1 }, /* past 0xfff */
		{ { { 0x01, 0xdc, 8, 0 }, { 0x05, 0xe0, 8, 0 } }, 2 },
		{ { { 0x01, 0xdc, 8, 0 }, { 0x01, 0xdc, 8, 0 } }, 2 },
		{ { { 0x05, 0xdc, 8, 0 } }, 1 }, /* MSI too short */
		{ { { 0x11, 0xdc, 8, 0 } }, 1 }, /* MSI-X too short */
	};
	struct pci_virt_dev v;
	unsigned int n;
	char msg[200];

	(void)state;
	for (n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		make_e1000(0);
		e1000_dev.num_caps = bad[n].num;
		assert_int_equal(pci_virt_init(&v, &e1000_dev, bad[n].caps,
					       &e1000_cell.desc, msg,
					       sizeof(msg)),
				 -EINVAL);
		assert_true(strlen(msg) > 10);
	}
}

static void test_bad_access_sizes_are_refused(void **state)
{
	struct pci_virt_dev v;
	struct pci_virt_note note;
	__u32 value = 0;

	(void)state;
	init_e1000(&v, 0);
	assert_int_equal(pci_virt_access(&v, &e1000_hw, 0x02, 4, 0, &value,
					 &note),
			 -EINVAL);
	assert_int_equal(pci_virt_access(&v, &e1000_hw, 0x00, 3, 0, &value,
					 &note),
			 -EINVAL);
	assert_int_equal(pci_virt_access(&v, &e1000_hw, 0x1000, 1, 0, &value,
					 &note),
			 -EINVAL);
}

/* ---- edu: MSI goes to the hook ---- */

static struct image edu;
static struct pci_hw edu_hw = { .cfg_read = img_read,
				.cfg_write = img_write,
				.ctx = &edu };

struct msi_calls {
	unsigned int count, reg, size;
	int is_write;
	__u32 value;
	int refuse;
};

static int fake_msi(void *ctx, unsigned int reg, unsigned int size,
		    int is_write, __u32 *value, const char **reason)
{
	struct msi_calls *calls = ctx;

	calls->count++;
	calls->reg = reg;
	calls->size = size;
	calls->is_write = is_write;
	if (is_write)
		calls->value = *value;
	else
		*value = 0x0080 >> 8 * (reg - 0x42); /* 64-bit capable */
	if (calls->refuse) {
		*reason = "NMI delivery";
		return -EPERM;
	}
	return 0;
}

static void make_edu(struct pci_virt_dev *v, struct jailhouse_pci_device *d,
		     struct jailhouse_pci_capability *cap,
		     struct cell_config *cell, struct msi_calls *calls)
{
	char msg[200];

	memset(&edu, 0, sizeof(edu));
	put(&edu, 0x00, 4, 0x11e81234);
	put(&edu, 0x04, 4, 0x00100000);
	put(&edu, 0x10, 4, 0xfea00000);
	put(&edu, 0x34, 1, 0x40);
	put_cap(&edu, 0x40, 0x05, 0x00);
	put(&edu, 0x42, 2, 0x0080);
	memset(d, 0, sizeof(*d));
	d->type = JAILHOUSE_PCI_TYPE_DEVICE;
	d->bdf = 0x0018;
	d->num_caps = 1;
	d->bar_mask[0] = 0xfff00000;
	d->bar_address[0] = 0xfea00000;
	*cap = (struct jailhouse_pci_capability){ PCI_CAP_ID_MSI, 0x40, 14,
						  JAILHOUSE_PCICAPS_WRITE };
	cell_with(cell, 0, NULL);
	assert_int_equal(pci_virt_init(v, d, cap, &cell->desc, msg,
				       sizeof(msg)),
			 0);
	v->msi = fake_msi;
	v->msi_ctx = calls;
}

static void test_msi_capability_goes_to_the_msi_shadow(void **state)
{
	struct jailhouse_pci_device d;
	struct jailhouse_pci_capability cap;
	struct cell_config cell;
	struct msi_calls calls = { 0 };
	struct pci_virt_dev v;

	(void)state;
	make_edu(&v, &d, &cap, &cell, &calls);
	/* ID from the device, next pointer emulated, control from MSI */
	assert_int_equal(rd(&v, &edu_hw, 0x40, 4), 0x00800005);
	assert_int_equal(calls.count, 1);
	assert_int_equal(calls.reg, 0x42);
	assert_int_equal(calls.size, 2);
	wr(&v, &edu_hw, 0x44, 4, 0xfee00000);
	assert_int_equal(calls.count, 2);
	assert_true(calls.is_write);
	assert_int_equal(calls.reg, 0x44);
	assert_int_equal(calls.value, 0xfee00000);
	/* nothing reached the device directly */
	assert_int_equal(edu.writes, 0);
	/* a config without pci_caps entry for MSI hides it altogether */
	assert_int_equal(rd(&v, &edu_hw, 0x34, 1), 0x40);
}

static void test_msi_violation_is_returned(void **state)
{
	struct jailhouse_pci_device d;
	struct jailhouse_pci_capability cap;
	struct cell_config cell;
	struct msi_calls calls = { .refuse = 1 };
	struct pci_virt_dev v;
	struct pci_virt_note note;
	__u32 value = 0x4500;

	(void)state;
	make_edu(&v, &d, &cap, &cell, &calls);
	assert_int_equal(pci_virt_access(&v, &edu_hw, 0x4c, 2, 1, &value,
					 &note),
			 -EPERM);
	assert_string_equal(note.reason, "NMI delivery");
}

static void test_msi_without_shadow_is_read_only(void **state)
{
	struct jailhouse_pci_device d;
	struct jailhouse_pci_capability cap;
	struct cell_config cell;
	struct msi_calls calls = { 0 };
	struct pci_virt_dev v;

	(void)state;
	make_edu(&v, &d, &cap, &cell, &calls);
	v.msi = NULL;
	assert_int_equal(rd(&v, &edu_hw, 0x42, 2), 0x0080);
	wr(&v, &edu_hw, 0x42, 2, 0x0001); /* MSI enable */
	assert_int_equal(edu.writes, 0);
	assert_int_equal(calls.count, 0);
}

/* ---- e1000e: PCIe, MSI-X, 64-bit BAR, extended capabilities ---- */

static struct image e1000e;
static struct pci_hw e1000e_hw = { .cfg_read = img_read,
				   .cfg_write = img_write,
				   .ctx = &e1000e };

static void make_e1000e(struct pci_virt_dev *v, struct jailhouse_pci_device *d,
			struct jailhouse_pci_capability *caps,
			unsigned int num_caps)
{
	static struct cell_config cell;
	char msg[200];

	memset(&e1000e, 0, sizeof(e1000e));
	put(&e1000e, 0x00, 4, 0x10d38086);
	put(&e1000e, 0x04, 4, 0x00100000);
	put(&e1000e, 0x10, 4, 0xfeb00004); /* 64-bit memory, 128K */
	put(&e1000e, 0x14, 4, 0x00000000);
	put(&e1000e, 0x18, 4, 0xfeb20000); /* flash, 128K */
	put(&e1000e, 0x1c, 4, 0x0000c081); /* I/O, 32 ports */
	put(&e1000e, 0x20, 4, 0xfeb40000); /* MSI-X, 16K */
	put(&e1000e, 0x34, 1, 0xc8);
	put_cap(&e1000e, 0xc8, 0x01, 0xd0); /* PM */
	put_cap(&e1000e, 0xd0, 0x05, 0xe0); /* MSI, not listed */
	put_cap(&e1000e, 0xe0, 0x10, 0xa0); /* PCIe, version 1 */
	put_cap(&e1000e, 0xa0, 0x11, 0x00); /* MSI-X */
	put(&e1000e, 0xa2, 2, 0x0004);
	put_ext_cap(&e1000e, 0x100, 0x0001, 0x140); /* AER, not listed */
	put_ext_cap(&e1000e, 0x140, 0x0003, 0x000); /* serial number */
	put(&e1000e, 0x144, 4, 0x12345678);

	memset(d, 0, sizeof(*d));
	d->type = JAILHOUSE_PCI_TYPE_DEVICE;
	d->bdf = 0x0020;
	d->num_caps = num_caps;
	d->bar_address[0] = 0xfeb00004;
	d->bar_mask[0] = 0xfffe0000;
	d->bar_mask[1] = 0xffffffff;
	d->bar_address[2] = 0xfeb20000;
	d->bar_mask[2] = 0xfffe0000;
	d->bar_address[3] = 0xc081;
	d->bar_mask[3] = 0xffffffe0;
	d->bar_address[4] = 0xfeb40000;
	d->bar_mask[4] = 0xffffc000;
	d->num_msix_vectors = 5;
	d->msix_address = 0xfeb40000;
	cell_with(&cell, 0, NULL);
	assert_int_equal(pci_virt_init(v, d, caps, &cell.desc, msg,
				       sizeof(msg)),
			 0);
}

static void test_pcie_chain_in_ascending_order(void **state)
{
	struct jailhouse_pci_capability caps[] = {
		{ 0x01, 0xc8, 8, JAILHOUSE_PCICAPS_WRITE },
		{ 0x10, 0xe0, 0x14, 0 },
		{ 0x11, 0xa0, 12, JAILHOUSE_PCICAPS_WRITE },
	};
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;

	(void)state;
	make_e1000e(&v, &d, caps, 3);
	assert_int_equal(rd(&v, &e1000e_hw, 0x34, 1), 0xa0);
	assert_int_equal(rd(&v, &e1000e_hw, 0xa1, 1), 0xc8);
	assert_int_equal(rd(&v, &e1000e_hw, 0xc9, 1), 0xe0);
	assert_int_equal(rd(&v, &e1000e_hw, 0xe1, 1), 0x00);
	/* the unlisted MSI capability is gone */
	assert_int_equal(rd(&v, &e1000e_hw, 0xd0, 4), 0);
	/* no MSI-X shadow wired: read from the device */
	assert_int_equal(rd(&v, &e1000e_hw, 0xa2, 2), 0x0004);
}

static void test_extended_capabilities_hidden_unless_listed(void **state)
{
	struct jailhouse_pci_capability caps[] = {
		{ 0x10, 0xe0, 0x14, 0 },
		{ 0x8003, 0x140, 12, 0 },
	};
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;

	(void)state;
	make_e1000e(&v, &d, caps, 1);
	assert_int_equal(rd(&v, &e1000e_hw, 0x100, 4), 0);
	assert_int_equal(rd(&v, &e1000e_hw, 0x140, 4), 0);

	make_e1000e(&v, &d, caps, 2);
	/* 0x100: a null header leading to the serial number */
	assert_int_equal(rd(&v, &e1000e_hw, 0x100, 4), 0x14000000);
	assert_int_equal(rd(&v, &e1000e_hw, 0x102, 2), 0x1400);
	assert_int_equal(rd(&v, &e1000e_hw, 0x104, 4), 0); /* AER body */
	assert_int_equal(rd(&v, &e1000e_hw, 0x140, 4), 0x00010003);
	assert_int_equal(rd(&v, &e1000e_hw, 0x144, 4), 0x12345678);
	/* read-only without the flag, the header always */
	wr(&v, &e1000e_hw, 0x144, 4, 0);
	wr(&v, &e1000e_hw, 0x140, 4, 0);
	assert_int_equal(e1000e.writes, 0);
}

static void test_listed_extended_capability_at_0x100(void **state)
{
	struct jailhouse_pci_capability caps[] = {
		{ 0x8001, 0x100, 0x40, JAILHOUSE_PCICAPS_WRITE },
	};
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;

	(void)state;
	make_e1000e(&v, &d, caps, 1);
	/* AER's next (the serial number) is not listed: 0 */
	assert_int_equal(rd(&v, &e1000e_hw, 0x100, 4), 0x00010001);
	wr(&v, &e1000e_hw, 0x104, 4, 0xffffffff); /* RW1C status */
	assert_int_equal(e1000e.writes, 1);
}

static void test_64bit_bar_sizing_both_halves(void **state)
{
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;

	(void)state;
	make_e1000e(&v, &d, NULL, 0);
	assert_int_equal(rd(&v, &e1000e_hw, 0x10, 4), 0xfeb00004);
	assert_int_equal(rd(&v, &e1000e_hw, 0x14, 4), 0);
	/* Linux: both halves all ones, read, then both back */
	assert_false(wr(&v, &e1000e_hw, 0x10, 4, 0xffffffff).bar_refused);
	assert_false(wr(&v, &e1000e_hw, 0x14, 4, 0xffffffff).bar_refused);
	assert_int_equal(rd(&v, &e1000e_hw, 0x10, 4), 0xfffe0004);
	assert_int_equal(rd(&v, &e1000e_hw, 0x14, 4), 0xffffffff);
	assert_false(wr(&v, &e1000e_hw, 0x10, 4, 0xfeb00000).bar_refused);
	assert_false(wr(&v, &e1000e_hw, 0x14, 4, 0).bar_refused);
	assert_int_equal(rd(&v, &e1000e_hw, 0x10, 4), 0xfeb00004);
	assert_int_equal(rd(&v, &e1000e_hw, 0x14, 4), 0);
	/* above 4 GiB: the upper half refused */
	assert_true(wr(&v, &e1000e_hw, 0x14, 4, 1).bar_refused);
	assert_int_equal(e1000e.writes, 0);
	/* I/O BAR3 with its 32 ports */
	wr(&v, &e1000e_hw, 0x1c, 4, 0xffffffff);
	assert_int_equal(rd(&v, &e1000e_hw, 0x1c, 4), 0xffffffe1);
}

static void test_restore_bars_writes_only_what_differs(void **state)
{
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;

	(void)state;
	make_e1000e(&v, &d, NULL, 0);
	pci_virt_restore_bars(&d, &e1000e_hw);
	assert_int_equal(e1000e.writes, 0);
	put(&e1000e, 0x10, 4, 0x4);
	put(&e1000e, 0x20, 4, 0);
	pci_virt_restore_bars(&d, &e1000e_hw);
	assert_int_equal(e1000e.writes, 2);
	assert_int_equal(img_read(&e1000e, 0x10, 4), 0xfeb00004);
	assert_int_equal(img_read(&e1000e, 0x20, 4), 0xfeb40000);
}

static void test_bar_mismatch_names_the_moved_bar(void **state)
{
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;

	(void)state;
	make_e1000e(&v, &d, NULL, 0);
	assert_int_equal(pci_virt_bar_mismatch(&d, &e1000e_hw), -1);
	put(&e1000e, 0x14, 4, 1); /* upper half of BAR0 */
	assert_int_equal(pci_virt_bar_mismatch(&d, &e1000e_hw), 1);
	put(&e1000e, 0x14, 4, 0);
	put(&e1000e, 0x1c, 4, 0xc0a1);
	assert_int_equal(pci_virt_bar_mismatch(&d, &e1000e_hw), 3);
}

static void test_gphys_of_a_bar_address(void **state)
{
	static const struct jailhouse_memory moved = {
		.phys_start = E1000_BAR0,
		.virt_start = 0xc0000000,
		.size = 0x20000,
		.flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO,
	};
	struct jailhouse_pci_device d;
	struct pci_virt_dev v;
	__u64 gphys = 0;
	char msg[200];

	(void)state;
	make_e1000e(&v, &d, NULL, 0);
	assert_int_equal(pci_virt_gphys(&v, 0xfeb40000, &gphys), 0);
	assert_int_equal(gphys, 0xfeb40000);
	assert_int_equal(pci_virt_gphys(&v, 0xfeb00010, &gphys), 0);
	assert_int_equal(gphys, 0xfeb00010);
	/* I/O BAR and outside every BAR */
	assert_int_equal(pci_virt_gphys(&v, 0xc081, &gphys), -ENOENT);
	assert_int_equal(pci_virt_gphys(&v, 0xfeb44000, &gphys), -ENOENT);
	make_e1000(0);
	cell_with(&e1000_cell, 1, &moved);
	assert_int_equal(pci_virt_init(&v, &e1000_dev, e1000_caps,
				       &e1000_cell.desc, msg, sizeof(msg)),
			 0);
	assert_int_equal(pci_virt_gphys(&v, E1000_BAR0 + 0x1000, &gphys), 0);
	assert_int_equal(gphys, 0xc0001000);
}

/* ---- the device between owners ---- */

static void test_save_and_restore_what_root_linux_had(void **state)
{
	struct pci_saved_state saved;
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	pci_dev_save(&e1000_hw, &saved);
	assert_int_equal(saved.command, 0x0007);
	assert_int_equal(saved.bars[0], E1000_BAR0);
	assert_int_equal(saved.bars[1], E1000_BAR1 | 1);
	/* a reset took it all */
	put(&e1000, 0x04, 2, 0);
	put(&e1000, 0x10, 4, 0);
	put(&e1000, 0x14, 4, 0);
	pci_dev_restore(&e1000_hw, &saved);
	assert_int_equal(img_read(&e1000, 0x10, 4), E1000_BAR0);
	assert_int_equal(img_read(&e1000, 0x14, 4), E1000_BAR1 | 1);
	/* decoding last, with the BARs in place */
	assert_int_equal(e1000.last_reg, 0x04);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0007);
}

static void test_stop_turns_decoding_master_and_interrupts_off(void **state)
{
	struct jailhouse_pci_device d;
	struct jailhouse_pci_capability cap;
	struct cell_config cell;
	struct msi_calls calls = { 0 };
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	put(&e1000, 0x04, 2, 0x0107); /* SERR# enable stays */
	pci_dev_stop(&e1000_hw, 1);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0500);
	put(&e1000, 0x04, 2, 0x0107);
	pci_dev_stop(&e1000_hw, 0);
	assert_int_equal(img_read(&e1000, 0x04, 2), 0x0100);

	make_edu(&v, &d, &cap, &cell, &calls);
	put(&edu, 0x42, 2, 0x0081); /* MSI on */
	pci_dev_stop(&edu_hw, 1);
	assert_int_equal(img_read(&edu, 0x42, 2), 0x0080);
	assert_int_equal(calls.count, 0); /* the device, not the shadow */

	make_e1000e(&v, &d, NULL, 0);
	put(&e1000e, 0xa2, 2, 0x8004); /* MSI-X on */
	pci_dev_stop(&e1000e_hw, 1);
	assert_int_equal(img_read(&e1000e, 0xa2, 2), 0x4004);
}

static void test_capability_walk_is_bounded(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	assert_int_equal(pci_dev_find_cap(&e1000_hw, 0x07), 0xe4);
	assert_int_equal(pci_dev_find_cap(&e1000_hw, 0x10), 0);
	/* a chain that loops on itself */
	put_cap(&e1000, 0xe4, 0x07, 0xdc);
	assert_int_equal(pci_dev_find_cap(&e1000_hw, 0x10), 0);
	/* no capability list at all */
	put(&e1000, 0x06, 2, 0x0200);
	assert_int_equal(pci_dev_find_cap(&e1000_hw, 0x01), 0);
}

static void test_bridges_by_class_or_header_type(void **state)
{
	struct pci_virt_dev v;

	(void)state;
	init_e1000(&v, 0);
	assert_false(pci_dev_is_bridge(&e1000_hw));
	put(&e1000, 0x08, 4, 0x06000002); /* host bridge, as i440FX */
	assert_true(pci_dev_is_bridge(&e1000_hw));
	put(&e1000, 0x08, 4, 0x06010000); /* ISA bridge */
	assert_true(pci_dev_is_bridge(&e1000_hw));
	put(&e1000, 0x08, 4, 0x02000003);
	put(&e1000, 0x0e, 1, 0x81); /* PCI-to-PCI header, multi-function */
	assert_true(pci_dev_is_bridge(&e1000_hw));
	put(&e1000, 0x0e, 1, 0x80); /* multi-function endpoint */
	assert_false(pci_dev_is_bridge(&e1000_hw));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_fields_come_from_the_device),
		cmocka_unit_test(test_read_only_header_fields_ignore_writes),
		cmocka_unit_test(test_command_status_line_writes_pass),
		cmocka_unit_test(test_dword_write_at_command_is_split),
		cmocka_unit_test(test_rom_bar_reads_zero_ignores_writes),
		cmocka_unit_test(test_bar_sizing_reads_the_mask),
		cmocka_unit_test(
			test_bar_base_the_config_does_not_map_is_dropped),
		cmocka_unit_test(test_bar_base_is_where_the_config_maps_it),
		cmocka_unit_test(test_bar_mapped_at_two_offsets_is_refused),
		cmocka_unit_test(test_decoding_on_puts_reset_bars_back),
		cmocka_unit_test(test_only_listed_capabilities_are_chained),
		cmocka_unit_test(
			test_no_listed_capability_clears_the_status_bit),
		cmocka_unit_test(test_capability_writes_need_the_write_flag),
		cmocka_unit_test(test_bad_capability_lists_are_refused),
		cmocka_unit_test(test_bad_access_sizes_are_refused),
		cmocka_unit_test(test_msi_capability_goes_to_the_msi_shadow),
		cmocka_unit_test(test_msi_violation_is_returned),
		cmocka_unit_test(test_msi_without_shadow_is_read_only),
		cmocka_unit_test(test_pcie_chain_in_ascending_order),
		cmocka_unit_test(
			test_extended_capabilities_hidden_unless_listed),
		cmocka_unit_test(test_listed_extended_capability_at_0x100),
		cmocka_unit_test(test_64bit_bar_sizing_both_halves),
		cmocka_unit_test(test_restore_bars_writes_only_what_differs),
		cmocka_unit_test(test_bar_mismatch_names_the_moved_bar),
		cmocka_unit_test(test_gphys_of_a_bar_address),
		cmocka_unit_test(test_save_and_restore_what_root_linux_had),
		cmocka_unit_test(
			test_stop_turns_decoding_master_and_interrupts_off),
		cmocka_unit_test(test_capability_walk_is_bounded),
		cmocka_unit_test(test_bridges_by_class_or_header_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
