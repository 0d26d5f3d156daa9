// SPDX-License-Identifier: GPL-2.0
/*
 * arch/pci-msi.c: MSI and MSI-X of a cell's device shadowed, messages
 * validated and rewritten.  Devices are config-space images of QEMU's
 * `edu` (1234:11e8; hw/misc/edu.c: msi_init(pdev, 0, 1, true, false), so
 * MSI at the first free offset 0x40, 64-bit, one vector, no per-vector
 * masking: 14 bytes) and `e1000e` (8086:10d3; PM at 0xc8, MSI at 0xd0
 * (64-bit, 1 vector, not maskable), PCIe at 0xe0, MSI-X at 0xa0 with 5
 * vectors, table in BAR3 at offset 0, PBA in BAR3 at 0x2000), plus a
 * made-up 32-bit maskable device with 8 vectors for multiple-message MSI.
 *
 * The fake device behaves as the PCI spec says (read-only bits stay) and
 * checks after every write the hypervisor makes that whatever the device
 * may send is a validated message: MSI enabled, or an MSI-X entry
 * unmasked in hardware, means address 0xFEE<cell CPU>000 physical, data
 * fixed/lowest-priority edge with vector >= 16.  It also counts writes to
 * the message of a vector the device could send at that moment where it
 * could have been masked (MSI-X entries, maskable MSI).
 *
 * CPUs: APIC IDs 0-3, flat logical IDs 1 << n; the cell owns CPUs 1, 2.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "pci-msi.h"
#include "ioapic-filter.h"

#define MSIX_BASE 0xfebf0000ULL /* BAR3 of the e1000e image */
#define MSIX_VECTORS 5
#define MAX_VECTORS 8

struct fake_dev {
	__u8 cfg[256];
	__u8 wmask[256]; /* bits software may change */
	unsigned int msi, msix;
	int msi_64bit, msi_maskable;
	struct pci_msix_entry table[MAX_VECTORS];
	unsigned int num_entries;
	const struct pci_msi_cpus *cpus; /* the owner, for the checks */
	unsigned int writes;
	unsigned int unsafe; /* times the device could send a bad message */
	const char *unsafe_what;
	unsigned int unmasked_updates; /* message writes while sendable */
	unsigned int live_unmasked; /* hw-unmasked entries when MSI-X went live */
	unsigned int went_live, msi_enables, sent_unmasked; /* coverage */
};

static struct apic_cpu cpus4[4];
static struct pci_msi_cpus owner;
static struct fake_dev dev;
static struct pci_hw hw;

/* ---- the checks the fake makes ---- */

static int cell_apic_id(__u32 id)
{
	unsigned int n;

	for (n = 0; n < owner.num_cpus; n++)
		if (owner.cpus[n].apic_id == id && owner.cpus[n].in_cell)
			return 1;
	return 0;
}

static int message_safe(__u64 address, __u32 data, unsigned int vectors)
{
	unsigned int mode = (data >> 8) & 7;

	return (address >> 32) == 0 &&
	       (address & 0xfff00ffcULL) == 0xfee00000ULL && /* DM, RH 0 */
	       cell_apic_id((address >> 12) & 0xff) && (data >> 11) == 0 &&
	       (mode == 0 || mode == 1) &&
	       ((data & 0xff) & ~(vectors - 1)) >= 16;
}

static __u32 cfg_get(unsigned int reg, unsigned int size)
{
	__u32 v = 0;
	unsigned int n;

	for (n = 0; n < size; n++)
		v |= (__u32)dev.cfg[reg + n] << 8 * n;
	return v;
}

static __u16 msi_ctrl(void)
{
	return cfg_get(dev.msi + 2, 2);
}

static unsigned int msi_data_reg(void)
{
	return dev.msi + (dev.msi_64bit ? 0xc : 0x8);
}

static int msi_sendable(void)
{
	unsigned int vectors = 1U << ((msi_ctrl() >> 4) & 7);
	__u32 mask = dev.msi_maskable ? cfg_get(msi_data_reg() + 4, 4) : 0;

	return dev.msi && (msi_ctrl() & 1) &&
	       (mask & ((vectors >= 32) ? ~0U : (1U << vectors) - 1)) !=
		       ((vectors >= 32) ? ~0U : (1U << vectors) - 1);
}

static int msix_live(void)
{
	__u16 ctrl = dev.msix ? cfg_get(dev.msix + 2, 2) : 0;

	return (ctrl & 0x8000) && !(ctrl & 0x4000);
}

static void check_device(void)
{
	__u64 address;
	unsigned int n;

	if (dev.msi && (msi_ctrl() & 1)) {
		address = cfg_get(dev.msi + 4, 4);
		if (dev.msi_64bit)
			address |= (__u64)cfg_get(dev.msi + 8, 4) << 32;
		if (!message_safe(address, cfg_get(msi_data_reg(), 2),
				  1U << ((msi_ctrl() >> 4) & 7))) {
			dev.unsafe++;
			dev.unsafe_what = "MSI";
		}
	}
	/* an unmasked entry holds a validated message, enabled or not */
	for (n = 0; n < dev.num_entries; n++) {
		if (dev.table[n].ctrl & 1)
			continue;
		address = (__u64)dev.table[n].address_hi << 32 |
			  dev.table[n].address_lo;
		if (!message_safe(address, dev.table[n].data, 1)) {
			dev.unsafe++;
			dev.unsafe_what = "MSI-X entry";
		}
	}
}

/* ---- the fake device ---- */

static __u32 fake_cfg_read(void *ctx, unsigned int reg, unsigned int size)
{
	assert_ptr_equal(ctx, &dev);
	assert_true(reg + size <= sizeof(dev.cfg));
	return cfg_get(reg, size);
}

static void fake_cfg_write(void *ctx, unsigned int reg, unsigned int size,
			   __u32 value)
{
	int was_live = msix_live(), was_msi = dev.msi && (msi_ctrl() & 1);
	unsigned int n;

	assert_ptr_equal(ctx, &dev);
	assert_true(size == 1 || size == 2 || size == 4);
	assert_true(reg + size <= sizeof(dev.cfg));
	if (dev.msi_maskable && msi_sendable() && reg >= dev.msi + 4 &&
	    reg < msi_data_reg() + 2)
		dev.unmasked_updates++;
	for (n = 0; n < size; n++) {
		__u8 b = value >> 8 * n, w = dev.wmask[reg + n];

		dev.cfg[reg + n] = (dev.cfg[reg + n] & ~w) | (b & w);
	}
	dev.writes++;
	if (!was_live && msix_live()) {
		dev.went_live++;
		for (dev.live_unmasked = 0, n = 0; n < dev.num_entries; n++)
			dev.live_unmasked += !(dev.table[n].ctrl & 1);
		dev.sent_unmasked += dev.live_unmasked;
	}
	if (!was_msi && msi_ctrl() & 1)
		dev.msi_enables++;
	check_device();
}

static __u32 *table_field(__u64 phys)
{
	unsigned int n = (phys - MSIX_BASE) / 16;

	assert_true(phys >= MSIX_BASE && n < dev.num_entries);
	assert_int_equal(phys & 3, 0);
	switch (phys % 16) {
	case 0:
		return &dev.table[n].address_lo;
	case 4:
		return &dev.table[n].address_hi;
	case 8:
		return &dev.table[n].data;
	}
	return &dev.table[n].ctrl;
}

static __u32 fake_mmio_read32(void *ctx, __u64 phys)
{
	assert_ptr_equal(ctx, &dev);
	return *table_field(phys);
}

static void fake_mmio_write32(void *ctx, __u64 phys, __u32 value)
{
	unsigned int n = (phys - MSIX_BASE) / 16;

	assert_ptr_equal(ctx, &dev);
	if (phys % 16 != 12 && !(dev.table[n].ctrl & 1))
		dev.unmasked_updates++;
	*table_field(phys) = phys % 16 == 12 ? (value & 1) : value;
	dev.writes++;
	check_device();
}

/* ---- images ---- */

static void put(unsigned int reg, unsigned int size, __u32 value)
{
	unsigned int n;

	for (n = 0; n < size; n++)
		dev.cfg[reg + n] = value >> 8 * n;
}

static void writable(unsigned int reg, unsigned int size, __u32 mask)
{
	unsigned int n;

	for (n = 0; n < size; n++)
		dev.wmask[reg + n] = mask >> 8 * n;
}

static void header(__u16 vendor, __u16 device, __u32 class_rev, __u8 cap)
{
	memset(&dev, 0, sizeof(dev));
	put(0x00, 2, vendor);
	put(0x02, 2, device);
	put(0x06, 2, 0x0010); /* status: capability list */
	put(0x08, 4, class_rev);
	put(0x34, 1, cap);
	writable(0x04, 2, 0x0547); /* command */
}

/* An MSI capability at `at`: `mmc` = log2 of the vectors it offers. */
static void msi_cap(unsigned int at, __u8 next, int is_64bit, int maskable,
		    unsigned int mmc)
{
	unsigned int data = at + (is_64bit ? 0xc : 0x8);

	dev.msi = at;
	dev.msi_64bit = is_64bit;
	dev.msi_maskable = maskable;
	put(at, 1, PCI_CAP_ID_MSI);
	put(at + 1, 1, next);
	put(at + 2, 2,
	    mmc << 1 | (is_64bit ? 0x80 : 0) | (maskable ? 0x100 : 0));
	writable(at + 2, 2, 0x0071); /* enable, MME */
	writable(at + 4, 4, 0xfffffffc);
	if (is_64bit)
		writable(at + 8, 4, 0xffffffff);
	writable(data, 2, 0xffff);
	if (maskable)
		writable(data + 4, 4, (1U << (1U << mmc)) - 1);
}

static void edu_image(void)
{
	header(0x1234, 0x11e8, 0x00ff0010, 0x40);
	msi_cap(0x40, 0x00, 1, 0, 0);
}

static void e1000e_image(void)
{
	unsigned int n;

	header(0x8086, 0x10d3, 0x02000000, 0xa0);
	/* MSI-X: table size N-1 = 4; table BAR3 + 0, PBA BAR3 + 0x2000 */
	dev.msix = 0xa0;
	put(0xa0, 1, PCI_CAP_ID_MSIX);
	put(0xa1, 1, 0xc8);
	put(0xa2, 2, MSIX_VECTORS - 1);
	writable(0xa2, 2, 0xc000);
	put(0xa4, 4, 0x00000003);
	put(0xa8, 4, 0x00002003);
	put(0xc8, 1, 0x01); /* power management */
	put(0xc9, 1, 0xd0);
	msi_cap(0xd0, 0xe0, 1, 0, 0);
	put(0xe0, 1, 0x10); /* PCI Express */
	dev.num_entries = MSIX_VECTORS;
	for (n = 0; n < MSIX_VECTORS; n++)
		dev.table[n].ctrl = 1; /* masked after reset */
}

/* 32-bit, maskable, 8 vectors */
static void multi_image(void)
{
	header(0x1af4, 0x1234, 0x0c030000, 0x50);
	msi_cap(0x50, 0x00, 0, 1, 3);
}

/* ---- configs ---- */

static const struct jailhouse_pci_capability edu_caps[] = {
	{ .id = PCI_CAP_ID_MSI,
	  .start = 0x40,
	  .len = 14,
	  .flags = JAILHOUSE_PCICAPS_WRITE },
};

static const struct jailhouse_pci_device edu_config = {
	.type = JAILHOUSE_PCI_TYPE_DEVICE,
	.bdf = 0x0020,
	.flags = JAILHOUSE_PCI_FLAG_MSI_64BITS,
	.num_caps = 1,
	.num_msi_vectors = 1,
};

static const struct jailhouse_pci_capability e1000e_caps[] = {
	{ .id = PCI_CAP_ID_MSIX,
	  .start = 0xa0,
	  .len = 12,
	  .flags = JAILHOUSE_PCICAPS_WRITE },
	{ .id = 0x01,
	  .start = 0xc8,
	  .len = 8,
	  .flags = JAILHOUSE_PCICAPS_WRITE },
	{ .id = PCI_CAP_ID_MSI,
	  .start = 0xd0,
	  .len = 14,
	  .flags = JAILHOUSE_PCICAPS_WRITE },
	{ .id = 0x10, .start = 0xe0, .len = 60, .flags = 0 },
};

static const struct jailhouse_pci_device e1000e_config = {
	.type = JAILHOUSE_PCI_TYPE_DEVICE,
	.bdf = 0x0018,
	.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE | JAILHOUSE_PCI_FLAG_MSI_64BITS,
	.num_caps = 4,
	.num_msi_vectors = 1,
	.num_msix_vectors = MSIX_VECTORS,
	.msix_region_size = 0x1000,
	.msix_address = MSIX_BASE,
	.msix_pba_address = MSIX_BASE + 0x2000,
};

static const struct jailhouse_pci_capability multi_caps[] = {
	{ .id = PCI_CAP_ID_MSI,
	  .start = 0x50,
	  .len = 20,
	  .flags = JAILHOUSE_PCICAPS_WRITE },
};

/* the config allows 4 of the device's 8 vectors */
static const struct jailhouse_pci_device multi_config = {
	.type = JAILHOUSE_PCI_TYPE_DEVICE,
	.bdf = 0x0028,
	.flags = JAILHOUSE_PCI_FLAG_MSI_MASKABLE,
	.num_caps = 1,
	.num_msi_vectors = 4,
};

static struct pci_msi_dev shadow;
static struct pci_msix_entry storage[MAX_VECTORS];

static int setup(void **state)
{
	static const struct apic_cpu flat[4] = {
		{ 0, 0x01, 0 },
		{ 1, 0x02, 1 },
		{ 2, 0x04, 1 },
		{ 3, 0x08, 0 },
	};

	(void)state;
	memcpy(cpus4, flat, sizeof(flat));
	owner = (struct pci_msi_cpus){ .cpus = cpus4, .num_cpus = 4 };
	hw = (struct pci_hw){ fake_cfg_read, fake_cfg_write, fake_mmio_read32,
			      fake_mmio_write32, &dev };
	return 0;
}

static void start(void (*image)(void), const struct jailhouse_pci_device *d,
		  const struct jailhouse_pci_capability *caps)
{
	image();
	dev.cpus = &owner;
	assert_true(pci_msix_storage_size(d) <= sizeof(storage));
	assert_int_equal(pci_msi_init(&shadow, d, caps,
				      pci_msix_storage_size(d) ? storage :
								 NULL),
			 0);
}

/* Every test ends here: nothing unsafe was ever sendable. */
static void no_unsafe_state(void)
{
	if (dev.unsafe)
		fail_msg("device could send an unvalidated %s message",
			 dev.unsafe_what);
	assert_int_equal(dev.unmasked_updates, 0);
}

/* ---- the cell's accesses ---- */

static int cfg(unsigned int reg, unsigned int size, int is_write, __u32 *value,
	       const char **reason)
{
	return pci_msi_cfg_access(&shadow, &hw, &owner, reg, size, is_write,
				  value, reason);
}

static void cfg_ok_write(unsigned int reg, unsigned int size, __u32 value)
{
	const char *reason = "unset";

	assert_int_equal(cfg(reg, size, 1, &value, &reason), 0);
	assert_null(reason);
}

static __u32 cfg_ok_read(unsigned int reg, unsigned int size)
{
	const char *reason;
	__u32 value = 0xdeadbeef;

	assert_int_equal(cfg(reg, size, 0, &value, &reason), 0);
	return value;
}

/* A write that must stop the cell with a reason containing `why`. */
static void cfg_violation(unsigned int reg, unsigned int size, __u32 value,
			  const char *why)
{
	const char *reason = NULL;

	assert_int_equal(cfg(reg, size, 1, &value, &reason), -EPERM);
	assert_non_null(reason);
	if (!strstr(reason, why))
		fail_msg("reason \"%s\" lacks \"%s\"", reason, why);
}

static int table(__u64 offset, unsigned int size, int is_write, __u64 *value,
		 const char **reason)
{
	return pci_msix_table_access(&shadow, &hw, &owner, offset, size,
				     is_write, value, reason);
}

static void table_ok_write(unsigned int entry, unsigned int field, __u32 value)
{
	const char *reason = "unset";
	__u64 v = value;

	assert_int_equal(table(entry * 16 + field, 4, 1, &v, &reason), 0);
	assert_null(reason);
}

static __u32 table_read(unsigned int entry, unsigned int field)
{
	const char *reason;
	__u64 v = ~0ULL;

	assert_int_equal(table(entry * 16 + field, 4, 0, &v, &reason), 0);
	return v;
}

/* Linux-style: address, data while masked (the entry stays masked). */
static void table_message(unsigned int entry, __u32 address, __u32 data)
{
	table_ok_write(entry, 0, address);
	table_ok_write(entry, 4, 0);
	table_ok_write(entry, 8, data);
}

static __u64 rewrite(__u64 address, __u32 *data, int expect, const char *why)
{
	const char *reason = NULL;

	assert_int_equal(pci_msi_rewrite(&owner, &address, data, &reason),
			 expect);
	if (expect) {
		assert_non_null(reason);
		if (!strstr(reason, why))
			fail_msg("reason \"%s\" lacks \"%s\"", reason, why);
	} else {
		assert_null(reason);
	}
	return address;
}

#define MSG_ADDR(dest, logical) (0xfee00000U | (dest) << 12 | ((logical) << 2))

/* ---- rewriting (pure) ---- */

static void test_physical_destination_of_the_cell_is_kept(void **state)
{
	__u32 data = 0x0031;

	(void)state;
	assert_int_equal(rewrite(MSG_ADDR(2, 0), &data, 0, NULL),
			 MSG_ADDR(2, 0));
	assert_int_equal(data, 0x0031);
}

static void
test_physical_destination_outside_the_cell_is_a_violation(void **state)
{
	__u32 data = 0x0031;

	(void)state;
	rewrite(MSG_ADDR(0, 0), &data, -EPERM, "outside the cell");
	rewrite(MSG_ADDR(3, 0), &data, -EPERM, "outside the cell");
	rewrite(MSG_ADDR(7, 0), &data, -EPERM, "outside the cell");
	rewrite(MSG_ADDR(0xff, 0), &data, -EPERM, "broadcast");
}

static void test_logical_flat_destination_resolves_to_a_cell_cpu(void **state)
{
	__u32 data = 0x0031;

	(void)state;
	/* 0x06: CPUs 1 and 2, the first is taken */
	assert_int_equal(rewrite(MSG_ADDR(0x06, 1), &data, 0, NULL),
			 MSG_ADDR(1, 0));
	/* 0x05: CPU 0 (foreign) and CPU 2: narrowed to CPU 2 */
	assert_int_equal(rewrite(MSG_ADDR(0x05, 1), &data, 0, NULL),
			 MSG_ADDR(2, 0));
	/* 0x09: CPUs 0 and 3, none of the cell */
	rewrite(MSG_ADDR(0x09, 1), &data, -EPERM, "names no CPU of the cell");
}

static void test_logical_cluster_destination_resolves_by_cluster(void **state)
{
	__u32 data = 0x0031;

	(void)state;
	cpus4[0].xapic_logical_id = 0x11;
	cpus4[1].xapic_logical_id = 0x21;
	cpus4[2].xapic_logical_id = 0x12;
	cpus4[3].xapic_logical_id = 0x22;
	owner.xapic_cluster = 1;
	/* cluster 1, member bit 1: CPU 2 (flat would be CPUs 0-3 via 0x02, 0x10) */
	assert_int_equal(rewrite(MSG_ADDR(0x12, 1), &data, 0, NULL),
			 MSG_ADDR(2, 0));
	/* cluster 2, member bit 0: CPU 1 */
	assert_int_equal(rewrite(MSG_ADDR(0x21, 1), &data, 0, NULL),
			 MSG_ADDR(1, 0));
	/* cluster 1, member bit 0: CPU 0 only, foreign */
	rewrite(MSG_ADDR(0x11, 1), &data, -EPERM, "names no CPU of the cell");
}

static void test_lowest_priority_is_kept_with_one_physical_target(void **state)
{
	__u32 data = 0x0141;

	(void)state;
	assert_int_equal(rewrite(MSG_ADDR(0x06, 1) | 8, &data, 0, NULL),
			 MSG_ADDR(1, 0)); /* RH cleared, physical */
	assert_int_equal(data, 0x0141);
}

static void
test_nmi_smi_init_extint_and_reserved_modes_are_violations(void **state)
{
	static const struct {
		unsigned int mode;
		const char *why;
	} modes[] = {
		{ 2, "SMI" },  { 3, "reserved" }, { 4, "NMI" },
		{ 5, "INIT" }, { 6, "reserved" }, { 7, "ExtINT" },
	};
	unsigned int n;
	__u32 data;

	(void)state;
	for (n = 0; n < sizeof(modes) / sizeof(modes[0]); n++) {
		data = modes[n].mode << 8 | 0x31;
		rewrite(MSG_ADDR(1, 0), &data, -EPERM, modes[n].why);
	}
}

static void test_vectors_below_16_are_violations(void **state)
{
	__u32 data = 0x000f;

	(void)state;
	rewrite(MSG_ADDR(1, 0), &data, -EPERM, "vector below 16");
	data = 0x0002;
	rewrite(MSG_ADDR(1, 0), &data, -EPERM, "vector below 16");
	data = 0x0010;
	rewrite(MSG_ADDR(1, 0), &data, 0, NULL);
}

/*
 * Any vector from 16 is accepted, that of a root level-triggered IOAPIC
 * pin too (pci_msi_rewrite says why): what makes it safe is that the
 * message is always an edge, also when the cell asks for a level-
 * triggered one (Linux's "level assert" bits), so that the cell's local
 * APIC never broadcasts an EOI for it.
 */
static void test_any_vector_is_accepted_and_made_edge(void **state)
{
	__u32 data = 0xc041; /* trigger level, level assert, vector 0x41 */

	(void)state;
	assert_int_equal(rewrite(MSG_ADDR(1, 0), &data, 0, NULL),
			 MSG_ADDR(1, 0));
	assert_int_equal(data, 0x0041);
	data = 0x81ff; /* level trigger, lowest priority, vector 0xff */
	rewrite(MSG_ADDR(2, 0), &data, 0, NULL);
	assert_int_equal(data, 0x01ff);
}

/* A multi-message MSI (0x40-0x47, the root's SCI vector among them on
 * the rig) is programmed, edge; its data's trigger bits never reach the
 * device. */
static void test_multiple_messages_are_programmed_edge(void **state)
{
	struct jailhouse_pci_device d = multi_config;

	(void)state;
	d.num_msi_vectors = 8;
	start(multi_image, &d, multi_caps);
	put(0x52, 2, 0x0106); /* MMC 3 */
	writable(0x5c, 4, 0xffffffff);
	cfg_ok_write(0x54, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x58, 2, 0xc040); /* 0x40-0x47 with MME 3, level */
	cfg_ok_write(0x52, 2, 0x0031);
	assert_int_equal(cfg_get(0x58, 2), 0x0040);
	assert_int_equal(cfg_get(0x52, 2) & 1, 1);
	no_unsafe_state();
}

static void test_addresses_not_to_the_apics_are_violations(void **state)
{
	__u32 data = 0x0031;

	(void)state;
	rewrite(1ULL << 32 | MSG_ADDR(1, 0), &data, -EPERM, "above 4 GiB");
	rewrite(0xfed01000ULL, &data, -EPERM, "outside 0xFEExxxxx");
	rewrite(0x00001000ULL, &data, -EPERM, "outside 0xFEExxxxx");
}

static void test_level_trigger_and_reserved_bits_are_cleared(void **state)
{
	__u32 data = 0xc031 | 0xffff0000U | 0x3800;

	(void)state;
	/* reserved and extended-destination bits 11:4, RH */
	assert_int_equal(rewrite(MSG_ADDR(2, 0) | 0xff8, &data, 0, NULL),
			 MSG_ADDR(2, 0));
	assert_int_equal(data, 0x0031);
}

static void test_x2apic_physical_ok_logical_refused(void **state)
{
	__u32 data = 0x0031;

	(void)state;
	owner.x2apic = 1;
	assert_int_equal(rewrite(MSG_ADDR(1, 0), &data, 0, NULL),
			 MSG_ADDR(1, 0));
	rewrite(MSG_ADDR(0x02, 1), &data, -EPERM, "x2APIC");
	/* 8 bits of destination cannot name APIC ID 0x101 */
	cpus4[1].apic_id = 0x101;
	cpus4[2].apic_id = 0x102;
	rewrite(MSG_ADDR(1, 0), &data, -EPERM, "no CPU an MSI can address");
}

/* ---- MSI: edu ---- */

static void test_edu_capability_reads_give_the_shadow(void **state)
{
	(void)state;
	start(edu_image, &edu_config, edu_caps);
	assert_true(pci_msi_owns_reg(&shadow, 0x42, 2));
	assert_true(pci_msi_owns_reg(&shadow, 0x4c, 4));
	assert_false(pci_msi_owns_reg(&shadow, 0x50, 4));
	assert_false(pci_msi_owns_reg(&shadow, 0x3c, 4));
	/* ID and next from the device; 64-bit, one vector, disabled */
	assert_int_equal(cfg_ok_read(0x40, 4), 0x00800005);
	cfg_ok_write(0x44, 4, MSG_ADDR(1, 0) | 3); /* bits 1:0 reserved */
	cfg_ok_write(0x48, 4, 0);
	cfg_ok_write(0x4c, 2, 0x4031);
	assert_int_equal(cfg_ok_read(0x44, 4), MSG_ADDR(1, 0));
	assert_int_equal(cfg_ok_read(0x4c, 4), 0x4031);
	assert_int_equal(cfg_ok_read(0x4d, 1), 0x40);
	/* disabled: nothing of the message reached the device */
	assert_int_equal(cfg_get(0x44, 4), 0);
	assert_int_equal(cfg_get(0x4c, 2), 0);
	/* ID and next cannot be written */
	cfg_ok_write(0x40, 2, 0xffff);
	assert_int_equal(cfg_ok_read(0x40, 2), 0x0005);
	no_unsafe_state();
}

static void test_edu_enable_programs_the_rewritten_message(void **state)
{
	(void)state;
	start(edu_image, &edu_config, edu_caps);
	cfg_ok_write(0x44, 4, MSG_ADDR(0x04, 1)); /* logical: CPU 2 */
	cfg_ok_write(0x48, 4, 0);
	cfg_ok_write(0x4c, 2, 0x4031); /* edge, level assert: Linux's */
	cfg_ok_write(0x42, 2, 0x0001);
	assert_int_equal(cfg_get(0x42, 2) & 1, 1);
	assert_int_equal(cfg_get(0x44, 4), MSG_ADDR(2, 0));
	assert_int_equal(cfg_get(0x48, 4), 0);
	assert_int_equal(cfg_get(0x4c, 2), 0x0031);
	/* the cell still reads what it wrote */
	assert_int_equal(cfg_ok_read(0x44, 4), MSG_ADDR(0x04, 1));
	assert_int_equal(cfg_ok_read(0x42, 2), 0x0081);
	/* a move to CPU 1 while enabled: every step valid */
	cfg_ok_write(0x44, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x4c, 2, 0x0042);
	assert_int_equal(cfg_get(0x44, 4), MSG_ADDR(1, 0));
	assert_int_equal(cfg_get(0x4c, 2), 0x0042);
	cfg_ok_write(0x42, 2, 0);
	assert_int_equal(cfg_get(0x42, 2) & 1, 0);
	no_unsafe_state();
}

static void test_edu_mme_is_clamped_to_one_vector(void **state)
{
	(void)state;
	start(edu_image, &edu_config, edu_caps);
	cfg_ok_write(0x42, 2, 0x0070);
	assert_int_equal(cfg_ok_read(0x42, 2), 0x0080);
	/* read-only bits stay */
	cfg_ok_write(0x42, 2, 0xfffe);
	assert_int_equal(cfg_ok_read(0x42, 2), 0x0080);
	no_unsafe_state();
}

static void
test_edu_enable_with_foreign_cpu_is_refused_and_msi_stays_off(void **state)
{
	(void)state;
	start(edu_image, &edu_config, edu_caps);
	cfg_ok_write(0x44, 4, MSG_ADDR(0, 0));
	cfg_ok_write(0x4c, 2, 0x0031);
	cfg_violation(0x42, 2, 0x0001, "outside the cell");
	assert_int_equal(cfg_get(0x42, 2) & 1, 0);
	assert_int_equal(cfg_get(0x44, 4), 0);
	no_unsafe_state();
}

static void test_edu_bad_update_while_enabled_disables_msi(void **state)
{
	(void)state;
	start(edu_image, &edu_config, edu_caps);
	cfg_ok_write(0x44, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x4c, 2, 0x0031);
	cfg_ok_write(0x42, 2, 0x0001);
	cfg_violation(0x4c, 2, 0x0402, "NMI");
	assert_int_equal(cfg_get(0x42, 2) & 1, 0);
	assert_int_equal(cfg_get(0x4c, 2), 0x0031);
	cfg_ok_write(0x4c, 2, 0x0031);
	cfg_violation(0x48, 4, 1, "above 4 GiB");
	assert_int_equal(cfg_get(0x42, 2) & 1, 0);
	assert_int_equal(cfg_get(0x48, 4), 0);
	no_unsafe_state();
}

static void test_layout_not_matching_the_config_is_refused(void **state)
{
	static const struct jailhouse_pci_capability caps32[] = {
		{ .id = PCI_CAP_ID_MSI, .start = 0x40, .len = 10 },
	};
	static const struct jailhouse_pci_device config32 = {
		.num_caps = 1,
		.num_msi_vectors = 1, /* 32-bit: wrong */
	};

	(void)state;
	start(edu_image, &config32, caps32);
	cfg_ok_write(0x44, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x48, 2, 0x0031); /* data of a 32-bit capability */
	cfg_violation(0x42, 2, 0x0001, "does not match");
	assert_int_equal(cfg_get(0x42, 2) & 1, 0);
	assert_int_equal(cfg_get(0x48, 4), 0);
	no_unsafe_state();
}

/* ---- MSI: multiple messages, per-vector masking ---- */

static void
test_multiple_messages_sized_by_config_and_masked_on_update(void **state)
{
	(void)state;
	start(multi_image, &multi_config, multi_caps);
	/* the device offers 8, the config 4: MMC 2, 32-bit, maskable */
	assert_int_equal(cfg_ok_read(0x52, 2), 0x0104);
	cfg_ok_write(0x52, 2, 0x0030);
	assert_int_equal(cfg_ok_read(0x52, 2) & 0x70, 0x20);
	/* vectors 0x0c-0x0f: below 16 */
	cfg_ok_write(0x54, 4, MSG_ADDR(2, 0));
	cfg_ok_write(0x58, 2, 0x000c);
	cfg_violation(0x52, 2, 0x0021, "vector below 16");
	assert_int_equal(cfg_get(0x52, 2) & 1, 0);
	/* vectors 0x40-0x43 */
	cfg_ok_write(0x58, 2, 0x0040);
	cfg_ok_write(0x5c, 4, 0xfffffffa); /* vectors 1 and 3 masked */
	assert_int_equal(cfg_ok_read(0x5c, 4), 0x0000000a);
	cfg_ok_write(0x52, 2, 0x0021);
	assert_int_equal(cfg_get(0x52, 2), 0x0127); /* MMC 3: the device's */
	assert_int_equal(cfg_get(0x58, 2), 0x0040);
	assert_int_equal(cfg_get(0x5c, 4), 0x0000000a);
	/* an update while enabled: the fake counts writes to the message
	 * while some vector was unmasked (must be none) */
	cfg_ok_write(0x54, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x58, 2, 0x0050);
	assert_int_equal(cfg_get(0x54, 4), MSG_ADDR(1, 0));
	assert_int_equal(cfg_get(0x58, 2), 0x0050);
	assert_int_equal(cfg_get(0x5c, 4), 0x0000000a);
	/* pending bits come from the device */
	put(0x60, 4, 0x00000005);
	assert_int_equal(cfg_ok_read(0x60, 4), 0x00000005);
	no_unsafe_state();
}

/* 32 messages: the device sets the low 5 bits of the vector, so data
 * 0x1f means vectors 0x00-0x1f, not 0x1f alone. */
static void test_32_messages_are_checked_from_their_lowest_vector(void **state)
{
	struct jailhouse_pci_device d = multi_config;

	(void)state;
	d.num_msi_vectors = 32;
	start(multi_image, &d, multi_caps);
	put(0x52, 2, 0x010a); /* MMC 5 */
	writable(0x5c, 4, 0xffffffff);
	assert_int_equal(cfg_ok_read(0x52, 2), 0x010a);
	cfg_ok_write(0x54, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x58, 2, 0x001f);
	cfg_violation(0x52, 2, 0x0051, "vector below 16");
	cfg_ok_write(0x58, 2, 0x0020);
	cfg_ok_write(0x52, 2, 0x0051);
	assert_int_equal(cfg_get(0x52, 2), 0x015b);
	no_unsafe_state();
}

/* ---- MSI-X: e1000e ---- */

static void test_e1000e_msix_capability_and_table_after_reset(void **state)
{
	unsigned int n;

	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	assert_true(pci_msi_owns_reg(&shadow, 0xa8, 4));
	assert_true(pci_msi_owns_reg(&shadow, 0xd2, 2));
	assert_false(pci_msi_owns_reg(&shadow, 0xc8, 4));
	assert_int_equal(cfg_ok_read(0xa0, 4), 0x0004c811);
	assert_int_equal(cfg_ok_read(0xa4, 4), 0x00000003);
	assert_int_equal(cfg_ok_read(0xa8, 4), 0x00002003);
	/* table size, BIR and offsets cannot be written */
	cfg_ok_write(0xa2, 2, 0x07ff);
	cfg_ok_write(0xa4, 4, 0);
	assert_int_equal(cfg_ok_read(0xa2, 2), 0x0004);
	assert_int_equal(cfg_ok_read(0xa4, 4), 0x00000003);
	for (n = 0; n < MSIX_VECTORS; n++) {
		assert_int_equal(table_read(n, 12), 1);
		assert_int_equal(table_read(n, 0), 0);
	}
	assert_int_equal(cfg_ok_read(0xd0, 4), 0x0080e005);
	no_unsafe_state();
}

/* Linux: enable with function mask, fill masked entries, clear the
 * function mask, unmask the entries in use. */
static void linux_msix_setup(unsigned int in_use)
{
	unsigned int n;

	cfg_ok_write(0xa2, 2, 0xc000);
	for (n = 0; n < MSIX_VECTORS; n++)
		table_message(n, MSG_ADDR(1 + n % 2, 0), 0x0041 + n);
	cfg_ok_write(0xa2, 2, 0x8000);
	for (n = 0; n < in_use; n++)
		table_ok_write(n, 12, 0);
}

static void test_e1000e_linux_sequence_programs_validated_messages(void **state)
{
	unsigned int n;

	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	linux_msix_setup(3);
	assert_int_equal(cfg_get(0xa2, 2), 0x8004);
	for (n = 0; n < 3; n++) {
		assert_int_equal(dev.table[n].ctrl, 0);
		assert_int_equal(dev.table[n].address_lo,
				 MSG_ADDR(1 + n % 2, 0));
		assert_int_equal(dev.table[n].data, 0x0041 + n);
	}
	/* left masked by the cell: masked in hardware, message not even
	 * written */
	for (n = 3; n < MSIX_VECTORS; n++) {
		assert_int_equal(dev.table[n].ctrl, 1);
		assert_int_equal(dev.table[n].address_lo, 0);
		assert_int_equal(table_read(n, 0), MSG_ADDR(1 + n % 2, 0));
	}
	no_unsafe_state();
}

static void test_e1000e_enable_comes_after_the_entries(void **state)
{
	const char *reason = NULL;
	__u64 v;

	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	/* entries unmasked while the function is off */
	table_message(0, MSG_ADDR(2, 0), 0x0051);
	table_ok_write(0, 12, 0);
	table_message(1, MSG_ADDR(1, 0), 0x0052);
	table_ok_write(1, 12, 0);
	cfg_ok_write(0xa2, 2, 0x8000);
	assert_int_equal(dev.live_unmasked, 2);
	no_unsafe_state();

	/* a bad entry unmasked while off stays masked in hardware, and
	 * going live is then refused */
	start(e1000e_image, &e1000e_config, e1000e_caps);
	table_message(0, MSG_ADDR(2, 0), 0x0051);
	table_ok_write(0, 12, 0);
	table_message(2, MSG_ADDR(3, 0), 0x0052); /* foreign CPU */
	table_ok_write(2, 12, 0);
	assert_int_equal(dev.table[0].ctrl, 0);
	assert_int_equal(dev.table[2].ctrl, 1);
	cfg_violation(0xa2, 2, 0x8000, "outside the cell");
	assert_int_equal(cfg_get(0xa2, 2) & 0x8000, 0);
	assert_int_equal(dev.table[2].ctrl, 1);
	/* live, a bad message in an unmasked entry is refused at once */
	table_message(2, MSG_ADDR(2, 0), 0x0052);
	cfg_ok_write(0xa2, 2, 0x8000);
	v = 0x0402;
	assert_int_equal(table(0 * 16 + 8, 4, 1, &v, &reason), -EPERM);
	assert_non_null(strstr(reason, "NMI"));
	assert_int_equal(dev.table[0].ctrl, 1);
	no_unsafe_state();
}

static void test_e1000e_update_of_a_live_entry_masks_around_it(void **state)
{
	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	linux_msix_setup(2);
	/* Linux before 5.x: address and data of an unmasked entry */
	table_ok_write(0, 0, MSG_ADDR(2, 0));
	table_ok_write(0, 8, 0x0061);
	assert_int_equal(dev.table[0].ctrl, 0);
	assert_int_equal(dev.table[0].address_lo, MSG_ADDR(2, 0));
	assert_int_equal(dev.table[0].data, 0x0061);
	/* masking an entry masks it in hardware */
	table_ok_write(1, 12, 1);
	assert_int_equal(dev.table[1].ctrl, 1);
	/* function mask and enable go to the device */
	cfg_ok_write(0xa2, 2, 0xc000);
	assert_int_equal(cfg_get(0xa2, 2), 0xc004);
	no_unsafe_state();
}

static void test_msi_and_msix_together_are_refused(void **state)
{
	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	linux_msix_setup(1);
	cfg_ok_write(0xd4, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0xdc, 2, 0x0031);
	cfg_violation(0xd2, 2, 0x0001, "MSI and MSI-X");
	assert_int_equal(cfg_get(0xd2, 2) & 1, 0);
	no_unsafe_state();

	start(e1000e_image, &e1000e_config, e1000e_caps);
	cfg_ok_write(0xd4, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0xdc, 2, 0x0031);
	cfg_ok_write(0xd2, 2, 0x0001);
	cfg_violation(0xa2, 2, 0xc000, "MSI and MSI-X");
	assert_int_equal(cfg_get(0xa2, 2), 0x0004);
	assert_int_equal(cfg_ok_read(0xa2, 2), 0x0004);
	no_unsafe_state();
}

static void test_e1000e_table_access_sizes(void **state)
{
	const char *reason;
	__u64 v = (__u64)0 << 32 | MSG_ADDR(1, 0);

	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	assert_int_equal(table(16, 8, 1, &v, &reason), 0);
	v = (__u64)0 << 32 | 0x0033; /* data and ctrl: unmasked */
	assert_int_equal(table(24, 8, 1, &v, &reason), 0);
	assert_int_equal(dev.table[1].ctrl, 0);
	assert_int_equal(dev.table[1].data, 0x0033);
	assert_int_equal(table(16, 8, 0, &v, &reason), 0);
	assert_int_equal(v, MSG_ADDR(1, 0));
	/* reserved bits of the vector control read 0 */
	v = 0xfffffffe;
	assert_int_equal(table(28, 4, 1, &v, &reason), 0);
	assert_int_equal(table_read(1, 12), 0);
	assert_int_equal(table(2, 2, 0, &v, &reason), -EINVAL);
	assert_int_equal(table(4, 8, 0, &v, &reason), -EINVAL);
	assert_int_equal(table(MSIX_VECTORS * 16, 4, 0, &v, &reason), -EINVAL);
	no_unsafe_state();
}

static void test_quiesce_turns_everything_off(void **state)
{
	unsigned int n;

	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	linux_msix_setup(MSIX_VECTORS);
	pci_msi_quiesce(&shadow, &hw);
	assert_int_equal(cfg_get(0xa2, 2) & 0x8000, 0);
	for (n = 0; n < MSIX_VECTORS; n++) {
		assert_int_equal(dev.table[n].ctrl, 1);
		assert_int_equal(table_read(n, 12), 1);
		assert_int_equal(table_read(n, 0), 0);
	}
	assert_int_equal(cfg_ok_read(0xa2, 2), 0x0004);
	assert_int_equal(cfg_get(0xd2, 2) & 1, 0);
	no_unsafe_state();

	start(edu_image, &edu_config, edu_caps);
	cfg_ok_write(0x44, 4, MSG_ADDR(1, 0));
	cfg_ok_write(0x4c, 2, 0x0031);
	cfg_ok_write(0x42, 2, 0x0001);
	pci_msi_quiesce(&shadow, &hw);
	assert_int_equal(cfg_get(0x42, 2) & 1, 0);
	assert_int_equal(cfg_ok_read(0x42, 2), 0x0080);
	assert_int_equal(cfg_ok_read(0x44, 4), 0);
	no_unsafe_state();
}

static void test_init_refuses_short_or_misplaced_capabilities(void **state)
{
	static const struct jailhouse_pci_capability short_msi[] = {
		{ .id = PCI_CAP_ID_MSI, .start = 0x40, .len = 10 },
	};
	static const struct jailhouse_pci_capability odd_msi[] = {
		{ .id = PCI_CAP_ID_MSI, .start = 0x42, .len = 14 },
	};
	static const struct jailhouse_pci_capability short_msix[] = {
		{ .id = PCI_CAP_ID_MSIX, .start = 0xa0, .len = 8 },
	};
	struct jailhouse_pci_device d = e1000e_config;

	(void)state;
	assert_int_equal(pci_msi_init(&shadow, &edu_config, short_msi, NULL),
			 -EINVAL);
	assert_int_equal(pci_msi_init(&shadow, &edu_config, odd_msi, NULL),
			 -EINVAL);
	d.num_caps = 1;
	assert_int_equal(pci_msi_init(&shadow, &d, short_msix, storage),
			 -EINVAL);
	assert_int_equal(pci_msi_init(&shadow, &e1000e_config, e1000e_caps,
				      NULL),
			 -EINVAL);
	d = e1000e_config;
	d.num_msix_vectors = 0;
	assert_int_equal(pci_msi_init(&shadow, &d, e1000e_caps, storage),
			 -EINVAL);
	assert_int_equal(pci_msix_storage_size(&e1000e_config),
			 MSIX_VECTORS * sizeof(struct pci_msix_entry));
}

/* ---- any sequence ---- */

static __u32 next_random(__u32 *seed)
{
	*seed = *seed * 1103515245U + 12345U;
	return *seed >> 8;
}

/* Mostly messages a guest would write, sometimes hostile ones. */
static __u32 random_address(__u32 *seed)
{
	static const __u32 addresses[] = {
		MSG_ADDR(1, 0),
		MSG_ADDR(2, 0),
		MSG_ADDR(0x06, 1),
		MSG_ADDR(0, 0),
		MSG_ADDR(3, 0),
		MSG_ADDR(0x09, 1),
		MSG_ADDR(0xff, 0),
		MSG_ADDR(0xff, 1),
		0xfed00000,
		0,
		MSG_ADDR(1, 0) | 0xffc,
	};
	__u32 r = next_random(seed);

	return addresses[r % 4 ? r % 3 : r % 11];
}

static __u32 random_data(__u32 *seed)
{
	__u32 r = next_random(seed);

	if (r % 4)
		return (r & 0x0100) | (r & 0x4000) | (0x20 + (r >> 16) % 0xe0);
	return r & 0xffff;
}

static void random_step(__u32 *seed)
{
	unsigned int r = next_random(seed), entry = r % MSIX_VECTORS;
	const char *reason;
	__u64 v;
	__u32 c;

	switch ((r >> 4) % 9) {
	case 0:
		v = random_address(seed);
		table(entry * 16, 4, 1, &v, &reason);
		break;
	case 1:
		v = next_random(seed) % 5 ? 0 : 1;
		table(entry * 16 + 4, 4, 1, &v, &reason);
		break;
	case 2:
		v = random_data(seed);
		table(entry * 16 + 8, 4, 1, &v, &reason);
		break;
	case 3:
		v = next_random(seed) & 1;
		table(entry * 16 + 12, 4, 1, &v, &reason);
		break;
	case 4:
		c = next_random(seed) & 0xc000;
		cfg(0xa2, 2, 1, &c, &reason);
		break;
	case 5:
		c = random_address(seed);
		cfg(0xd4, 4, 1, &c, &reason);
		break;
	case 6:
		c = random_data(seed);
		cfg(0xdc, 2, 1, &c, &reason);
		break;
	case 7:
		c = next_random(seed) % 4 ? 0 : 0x0001;
		cfg(0xd2, 2, 1, &c, &reason);
		break;
	default:
		c = next_random(seed) % 7 ? 0 : 1;
		cfg(0xd8, 4, 1, &c, &reason);
	}
}

static void test_random_sequences_never_expose_an_unsafe_message(void **state)
{
	unsigned int round, step, went_live = 0, msi = 0, unmasked = 0;
	__u32 seed = 13;

	(void)state;
	for (round = 0; round < 200; round++) {
		start(e1000e_image, &e1000e_config, e1000e_caps);
		for (step = 0; step < 200; step++)
			random_step(&seed);
		went_live += dev.went_live;
		msi += dev.msi_enables;
		unmasked += dev.sent_unmasked;
		if (dev.unsafe)
			fail_msg("round %u: unvalidated %s message sendable",
				 round, dev.unsafe_what);
		assert_int_equal(dev.unmasked_updates, 0);
		pci_msi_quiesce(&shadow, &hw);
		assert_int_equal(cfg_get(0xa2, 2) & 0x8000, 0);
		assert_int_equal(cfg_get(0xd2, 2) & 1, 0);
	}
	/* the sequences did reach the states that matter */
	print_message("MSI-X went live %u times (%u entries unmasked then), "
		      "MSI enabled %u times\n",
		      went_live, unmasked, msi);
	assert_true(went_live > 100 && unmasked > 100 && msi > 100);
}

/* The checker itself: an unsafe message in the fake is caught. */
static void test_the_fake_catches_an_unsafe_message(void **state)
{
	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	fake_mmio_write32(&dev, MSIX_BASE + 12, 0); /* unmask: address 0 */
	assert_int_not_equal(dev.unsafe, 0);
	start(edu_image, &edu_config, edu_caps);
	put(0x44, 4, MSG_ADDR(0, 0));
	put(0x4c, 2, 0x0031);
	fake_cfg_write(&dev, 0x42, 2, 1);
	assert_int_not_equal(dev.unsafe, 0);
}

/* An MSI-X entry with any vector is programmed (the check the IOAPIC
 * pins keep is for level-triggered entries only), always edge; masking,
 * unmasking and re-aiming it changes nothing of that. */
static void test_msix_entry_is_programmed_edge(void **state)
{
	(void)state;
	start(e1000e_image, &e1000e_config, e1000e_caps);
	linux_msix_setup(3);
	table_ok_write(0, 12, 1);
	table_ok_write(0, 8, 0xc041);
	table_ok_write(0, 0, MSG_ADDR(2, 0));
	table_ok_write(0, 12, 0);
	assert_int_equal(dev.table[0].data, 0x41);
	assert_int_equal(dev.table[0].address_lo, MSG_ADDR(2, 0));
	assert_int_equal(dev.table[0].ctrl, 0);
	/* the cell reads back what it wrote */
	assert_int_equal(table_read(0, 8), 0xc041);
	no_unsafe_state();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, setup)
		T(test_physical_destination_of_the_cell_is_kept),
		T(test_physical_destination_outside_the_cell_is_a_violation),
		T(test_logical_flat_destination_resolves_to_a_cell_cpu),
		T(test_logical_cluster_destination_resolves_by_cluster),
		T(test_lowest_priority_is_kept_with_one_physical_target),
		T(test_nmi_smi_init_extint_and_reserved_modes_are_violations),
		T(test_vectors_below_16_are_violations),
		T(test_any_vector_is_accepted_and_made_edge),
		T(test_multiple_messages_are_programmed_edge),
		T(test_msix_entry_is_programmed_edge),
		T(test_addresses_not_to_the_apics_are_violations),
		T(test_level_trigger_and_reserved_bits_are_cleared),
		T(test_x2apic_physical_ok_logical_refused),
		T(test_edu_capability_reads_give_the_shadow),
		T(test_edu_enable_programs_the_rewritten_message),
		T(test_edu_mme_is_clamped_to_one_vector),
		T(test_edu_enable_with_foreign_cpu_is_refused_and_msi_stays_off),
		T(test_edu_bad_update_while_enabled_disables_msi),
		T(test_layout_not_matching_the_config_is_refused),
		T(test_multiple_messages_sized_by_config_and_masked_on_update),
		T(test_32_messages_are_checked_from_their_lowest_vector),
		T(test_e1000e_msix_capability_and_table_after_reset),
		T(test_e1000e_linux_sequence_programs_validated_messages),
		T(test_e1000e_enable_comes_after_the_entries),
		T(test_e1000e_update_of_a_live_entry_masks_around_it),
		T(test_msi_and_msix_together_are_refused),
		T(test_e1000e_table_access_sizes),
		T(test_quiesce_turns_everything_off),
		T(test_init_refuses_short_or_misplaced_capabilities),
		T(test_random_sequences_never_expose_an_unsafe_message),
		T(test_the_fake_catches_an_unsafe_message),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
