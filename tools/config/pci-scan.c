// SPDX-License-Identifier: GPL-2.0
/*
 * PCI scan through libpci.  libpci's sysfs back end takes an alternative
 * tree through the "sysfs.path" parameter, which is how --root reads the
 * config spaces of a collected tree.  libpci reports errors through a
 * callback that must not return; we jump back and fail the scan instead of
 * letting it exit the process.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pci/pci.h>

#include <jailhouse/config.h>

#include "config-diag.h"
#include "pci-scan.h"

static jmp_buf pci_error_jump;

static __attribute__((noreturn)) void pci_fail(char *msg, ...)
{
	va_list ap;

	fprintf(stderr, "PCI: ");
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
	fputc('\n', stderr);
	longjmp(pci_error_jump, 1);
}

static void pci_warn(char *msg, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, msg);
	vsnprintf(text, sizeof(text), msg, ap);
	va_end(ap);
	cfg_warn("PCI: %s", text);
}

static void pci_quiet(char *msg, ...)
{
	(void)msg;
}

/*
 * The registers an extended capability defines (PCIe base spec), so that
 * the cell sees them and not just the header: AER as an endpoint has it
 * (the root-port registers and the TLP prefix log stay hidden), device
 * serial number, ACS without its egress control vector, ARI, SR-IOV, LTR,
 * L1 PM substates, PTM, and a vendor-specific one by its own length field.
 * Others: the header.  Never past the next capability or the 4 KiB.
 */
static const struct {
	__u16 id, len;
} ext_cap_lengths[] = {
	{ 0x01, 0x2c }, /* AER */
	{ 0x03, 0x0c }, /* device serial number */
	{ 0x0d, 0x08 }, /* ACS */
	{ 0x0e, 0x08 }, /* ARI */
	{ 0x10, 0x40 }, /* SR-IOV */
	{ 0x18, 0x08 }, /* LTR */
	{ 0x1e, 0x10 }, /* L1 PM substates */
	{ 0x1f, 0x0c }, /* PTM */
};

static __u16 ext_cap_length(struct pci_dev *pdev, struct pci_cap *cap)
{
	unsigned int next = pci_read_long(pdev, cap->addr) >> 20, len = 4, n;

	for (n = 0; n < sizeof(ext_cap_lengths) / sizeof(ext_cap_lengths[0]);
	     n++)
		if (ext_cap_lengths[n].id == cap->id)
			len = ext_cap_lengths[n].len;
	/* vendor-specific: its length is bits 31:20 of the next dword */
	if (cap->id == 0x0b)
		len = pci_read_long(pdev, cap->addr + 4) >> 20;
	if (len < 4)
		len = 4;
	if (next > cap->addr && len > next - cap->addr)
		len = next - cap->addr;
	if (len > 0x1000u - cap->addr)
		len = 0x1000u - cap->addr;
	return len;
}

static __u16 cap_length(struct pci_dev *pdev, struct pci_cap *cap)
{
	__u16 ctrl;

	if (cap->type == PCI_CAP_EXTENDED)
		return ext_cap_length(pdev, cap);
	switch (cap->id) {
	case PCI_CAP_ID_MSI:
		ctrl = pci_read_word(pdev, cap->addr + 2);
		return 10 + (ctrl & 0x80 ? 4 : 0) + (ctrl & 0x100 ? 10 : 0);
	case PCI_CAP_ID_MSIX:
		return 12;
	case PCI_CAP_ID_PM:
		return 8;
	case PCI_CAP_ID_EXP:
		return 0x3c;
	default:
		return 2;
	}
}

static void scan_msi(struct pci_dev *pdev, struct pci_scan_device *d,
		     struct pci_cap *cap)
{
	__u16 ctrl = pci_read_word(pdev, cap->addr + 2);
	unsigned int mmc = (ctrl >> 1) & 7;

	/* Multiple Message Capable: log2 of the vectors; 6 and 7 reserved. */
	d->num_msi_vectors = 1 << (mmc > 5 ? 5 : mmc);
	d->msi_64bits = !!(ctrl & 0x80);
	d->msi_maskable = !!(ctrl & 0x100);
}

static void scan_msix(struct pci_dev *pdev, struct pci_scan_device *d,
		      struct pci_cap *cap)
{
	__u16 ctrl = pci_read_word(pdev, cap->addr + 2);
	__u32 table = pci_read_long(pdev, cap->addr + 4);
	__u32 pba = pci_read_long(pdev, cap->addr + 8);
	__u32 bytes;

	d->num_msix_vectors = (ctrl & 0x7ff) + 1;
	bytes = d->num_msix_vectors * 16;
	d->msix_region_size = (bytes + 0xfff) & ~0xfff;
	d->msix_address =
		(d->bar_base[table & 7] & PCI_ADDR_MEM_MASK) + (table & ~7u);
	d->msix_pba_address =
		(d->bar_base[pba & 7] & PCI_ADDR_MEM_MASK) + (pba & ~7u);
}

static void scan_caps(struct pci_dev *pdev, struct pci_scan_device *d)
{
	struct pci_cap *cap;

	for (cap = pdev->first_cap; cap; cap = cap->next) {
		struct pci_scan_cap *c;

		if (d->num_caps >= PCI_SCAN_MAX_CAPS) {
			cfg_warn("PCI %04x:%02x:%02x.%x: more than %d "
				 "capabilities; rest ignored",
				 d->domain, d->bus, d->dev, d->fn,
				 PCI_SCAN_MAX_CAPS);
			break;
		}
		c = &d->caps[d->num_caps++];
		c->id = cap->id;
		if (cap->type == PCI_CAP_EXTENDED)
			c->id |= JAILHOUSE_PCI_EXT_CAP;
		c->start = cap->addr;
		c->len = cap_length(pdev, cap);
		/* The hypervisor emulates these writes (MSI routing, power). */
		if (cap->type == PCI_CAP_NORMAL &&
		    (cap->id == PCI_CAP_ID_MSI || cap->id == PCI_CAP_ID_MSIX ||
		     cap->id == PCI_CAP_ID_PM))
			c->flags = JAILHOUSE_PCICAPS_WRITE;
		if (cap->type == PCI_CAP_NORMAL && cap->id == PCI_CAP_ID_EXP)
			d->pcie_type =
				(pci_read_word(pdev,
					       cap->addr + PCI_EXP_FLAGS) &
				 PCI_EXP_FLAGS_TYPE) >>
				4;
		if (cap->type == PCI_CAP_NORMAL && cap->id == PCI_CAP_ID_MSI)
			scan_msi(pdev, d, cap);
		if (cap->type == PCI_CAP_NORMAL && cap->id == PCI_CAP_ID_MSIX)
			scan_msix(pdev, d, cap);
	}
}

static void scan_bars(struct pci_dev *pdev, struct pci_scan_device *d)
{
	unsigned int n;

	if (d->is_bridge)
		return;
	for (n = 0; n < 6; n++) {
		__u64 size = pdev->size[n];
		__u64 mask = size ? ~(size - 1) : 0;
		__u32 flags = pdev->base_addr[n] & 0xf;

		d->bar_base[n] = pdev->base_addr[n];
		d->bar_size[n] = size;
		if (!size)
			continue;
		/* The mask is what a sizing write of all ones reads back. */
		if (flags & PCI_BASE_ADDRESS_SPACE_IO) {
			d->bar_mask[n] = (__u32)mask & 0xfffffffc;
			continue;
		}
		d->bar_mask[n] = (__u32)mask & 0xfffffff0;
		if ((flags & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
			    PCI_BASE_ADDRESS_MEM_TYPE_64 &&
		    n < 5) {
			d->bar_mask[n + 1] = mask >> 32;
			d->bar_base[n + 1] = 0;
			n++;
		}
	}
}

/* base and limit as the header holds them; a limit below the base: closed */
static void set_window(__u64 *w, __u64 base, __u64 limit)
{
	w[0] = limit >= base ? base : 0;
	w[1] = limit >= base ? limit - base + 1 : 0;
}

/*
 * The windows of a type-1 header (PCI-to-PCI bridge spec 1.2, 3.2.5.6-9):
 * I/O in 4 KiB and memory in 1 MiB steps; the low bits of the I/O and
 * prefetchable registers say whether the upper halves at 0x30 and
 * 0x28/0x2c are in use.  The memory window is mandatory: base and limit
 * 0 forward the first MiB.  Linux closes an unused one with base > limit.
 */
static void scan_windows(struct pci_dev *pdev, struct pci_scan_device *d)
{
	__u8 io_base = pci_read_byte(pdev, PCI_IO_BASE);
	__u8 io_limit = pci_read_byte(pdev, PCI_IO_LIMIT);
	__u16 pref_base = pci_read_word(pdev, PCI_PREF_MEMORY_BASE);
	__u16 pref_limit = pci_read_word(pdev, PCI_PREF_MEMORY_LIMIT);
	__u64 base, limit;

	base = (__u64)(io_base & 0xf0) << 8;
	limit = (__u64)(io_limit & 0xf0) << 8 | 0xfff;
	if ((io_base & 0xf) == PCI_IO_RANGE_TYPE_32) {
		base |= (__u64)pci_read_word(pdev, PCI_IO_BASE_UPPER16) << 16;
		limit |= (__u64)pci_read_word(pdev, PCI_IO_LIMIT_UPPER16) << 16;
	}
	/* a bridge without an I/O window reads 0 in both: closed too */
	if (io_base || io_limit)
		set_window(d->io_window, base, limit);
	base = (__u64)(pci_read_word(pdev, PCI_MEMORY_BASE) & 0xfff0) << 16;
	limit = (__u64)(pci_read_word(pdev, PCI_MEMORY_LIMIT) & 0xfff0) << 16 |
		0xfffff;
	set_window(d->mem_window, base, limit);
	base = (__u64)(pref_base & 0xfff0) << 16;
	limit = (__u64)(pref_limit & 0xfff0) << 16 | 0xfffff;
	if ((pref_base & 0xf) == PCI_PREF_RANGE_TYPE_64) {
		base |= (__u64)pci_read_long(pdev, PCI_PREF_BASE_UPPER32) << 32;
		limit |= (__u64)pci_read_long(pdev, PCI_PREF_LIMIT_UPPER32)
			 << 32;
	}
	/* optional like the I/O window: both registers 0 if not there */
	if (pref_base || pref_limit)
		set_window(d->pref_window, base, limit);
}

static void scan_device(struct pci_dev *pdev, struct pci_scan_device *d)
{
	pci_fill_info(pdev, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_BASES |
				    PCI_FILL_SIZES | PCI_FILL_CAPS |
				    PCI_FILL_EXT_CAPS);
	memset(d, 0, sizeof(*d));
	d->domain = pdev->domain;
	d->bus = pdev->bus;
	d->dev = pdev->dev;
	d->fn = pdev->func;
	d->vendor_id = pdev->vendor_id;
	d->device_id = pdev->device_id;
	d->class_id = pdev->device_class;
	d->is_bridge = (pci_read_byte(pdev, PCI_HEADER_TYPE) & 0x7f) ==
		       PCI_HEADER_TYPE_BRIDGE;
	if (d->is_bridge) {
		d->secondary_bus = pci_read_byte(pdev, PCI_SECONDARY_BUS);
		d->subordinate_bus = pci_read_byte(pdev, PCI_SUBORDINATE_BUS);
		scan_windows(pdev, d);
	}
	d->pcie_type = -1;
	scan_bars(pdev, d);
	scan_caps(pdev, d);
}

static int device_order(const void *a, const void *b)
{
	const struct pci_scan_device *x = a, *y = b;
	__u32 kx = (__u32)x->domain << 16 | x->bus << 8 | x->dev << 3 | x->fn;
	__u32 ky = (__u32)y->domain << 16 | y->bus << 8 | y->dev << 3 | y->fn;

	return kx < ky ? -1 : kx > ky;
}

static int pci_walk(struct pci_access *pacc, struct pci_scan_device **out)
{
	struct pci_scan_device *devices = NULL;
	struct pci_dev *pdev;
	int count = 0;

	pci_init(pacc);
	pci_scan_bus(pacc);
	for (pdev = pacc->devices; pdev; pdev = pdev->next)
		count++;
	devices = calloc(count ? count : 1, sizeof(*devices));
	if (!devices) {
		fprintf(stderr, "PCI: out of memory\n");
		return -1;
	}
	count = 0;
	for (pdev = pacc->devices; pdev; pdev = pdev->next)
		scan_device(pdev, &devices[count++]);
	qsort(devices, count, sizeof(*devices), device_order);
	*out = devices;
	return count;
}

int pci_scan(const char *root, struct pci_scan_device **devices)
{
	static char sysfs_path[4096];
	struct pci_access *pacc;
	struct stat st;
	int count;

	*devices = NULL;
	snprintf(sysfs_path, sizeof(sysfs_path), "%s/sys/bus/pci", root);
	if (stat(sysfs_path, &st)) {
		cfg_warn("%s: %s; no PCI devices listed", sysfs_path,
			 strerror(errno));
		return 0;
	}
	pacc = pci_alloc();
	pacc->error = pci_fail;
	pacc->warning = pci_warn;
	pacc->debug = pci_quiet;
	pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	pci_set_param(pacc, "sysfs.path", sysfs_path);
	if (setjmp(pci_error_jump)) {
		fprintf(stderr, "PCI scan of %s failed\n", sysfs_path);
		return -1;
	}
	count = pci_walk(pacc, devices);
	pci_cleanup(pacc);
	return count;
}
