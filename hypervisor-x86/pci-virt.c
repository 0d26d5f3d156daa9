// SPDX-License-Identifier: GPL-2.0
/*
 * The owner's view of a PCI endpoint (see pci-virt.h).
 *
 * An access is cut into pieces at the borders of what is handled alike
 * (a dword at 0x04 is the command register, passed, and the status
 * register, filtered); each piece is a naturally aligned 1, 2 or 4 bytes
 * and is read or written on its own.
 */
#include "pci-virt.h"
#include <common/env.h>
#include <common/format.h>

#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_COMMAND_INVALIDATE 0x10
/*
 * The command bits a cell sets: decoding, bus master, memory write and
 * invalidate, INTx disable.  Parity error response and SERR# enable stay
 * as the root left them: a device's system error is signalled to the
 * platform (an NMI or machine check on the root's CPUs), not to the
 * cell; special cycles and the legacy bits are no business of a cell.
 */
#define PCI_COMMAND_CELL_BITS                                       \
	(PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | \
	 PCI_COMMAND_INVALIDATE | PCI_COMMAND_INTX_DISABLE)
#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CACHE_LINE_SIZE 0x0c
#define PCI_HEADER_TYPE 0x0e
#define PCI_CLASS_BASE 0x0b
#define PCI_CLASS_BRIDGE 0x06
#define PCI_BAR0 0x10
#define PCI_BARS_END 0x28
#define PCI_ROM_ADDRESS 0x30
#define PCI_CAPABILITY_LIST 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d
#define PCI_STD_HEADER_END 0x40
#define PCI_CONFIG_END 0x100
#define PCI_EXT_CONFIG_END 0x1000
#define PCI_EXT_CAP_NEXT_SHIFT 20
#define PCI_MSI_FLAGS 0x02
#define PCI_MSI_FLAGS_ENABLE 0x0001
#define PCI_MSIX_FLAGS_MASKALL 0x4000
#define PCI_MSIX_FLAGS_ENABLE 0x8000
#define PCI_CAP_WALK_MAX 48 /* (256 - 64) / 4 capabilities at most */

enum piece_kind {
	PIECE_DEVICE_RO,   /* read from the device, writes dropped */
	PIECE_DEVICE_RW,   /* read from and written to the device */
	PIECE_COMMAND,	   /* RW; BARs checked before decoding goes on */
	PIECE_STATUS,	   /* RW (RW1C), capability-list bit emulated */
	PIECE_BAR,	   /* the shadow */
	PIECE_ZERO,	   /* reads 0, writes dropped */
	PIECE_CAP_POINTER, /* 0x34: the first listed capability */
	PIECE_CAP_NEXT,	   /* a listed capability's next pointer */
	PIECE_EXT_HEADER,  /* an extended capability header (dword) */
	PIECE_MSI,	   /* the MSI hook */
};

static const struct jailhouse_pci_capability *
cap_at(const struct pci_virt_dev *v, unsigned int n)
{
	return &v->caps[n];
}

static int is_ext(const struct jailhouse_pci_capability *c)
{
	return (c->id & JAILHOUSE_PCI_EXT_CAP) != 0;
}

/* The listed capability of the kind `ext` containing `reg`, or NULL. */
static const struct jailhouse_pci_capability *
cap_containing(const struct pci_virt_dev *v, unsigned int reg, int ext)
{
	const struct jailhouse_pci_capability *c;
	unsigned int n;

	for (n = 0; n < v->config->num_caps; n++) {
		c = cap_at(v, n);
		if (is_ext(c) == ext && reg >= c->start &&
		    reg < (unsigned int)c->start + c->len)
			return c;
	}
	return NULL;
}

/* The lowest listed capability of the kind starting above `after`: 0 if
 * none.  Ascending order cannot loop, whatever order the config has. */
static unsigned int cap_after(const struct pci_virt_dev *v, unsigned int after,
			      int ext)
{
	const struct jailhouse_pci_capability *c;
	unsigned int n, best = 0;

	for (n = 0; n < v->config->num_caps; n++) {
		c = cap_at(v, n);
		if (is_ext(c) == ext && c->start > after &&
		    (!best || c->start < best))
			best = c->start;
	}
	return best;
}

/* Where the first listed capability above `reg` begins, or `limit`. */
static unsigned int next_cap_start(const struct pci_virt_dev *v,
				   unsigned int reg, int ext,
				   unsigned int limit)
{
	unsigned int next = cap_after(v, reg, ext);

	return next && next < limit ? next : limit;
}

static int is_msi_cap(const struct jailhouse_pci_capability *c)
{
	return c->id == PCI_CAP_ID_MSI || c->id == PCI_CAP_ID_MSIX;
}

static enum piece_kind in_cap(const struct jailhouse_pci_capability *c,
			      unsigned int reg, unsigned int *end)
{
	unsigned int cap_end = c->start + c->len;

	if (reg == c->start) {
		*end = reg + 1;
		return PIECE_DEVICE_RO; /* the ID */
	}
	if (reg == c->start + 1u) {
		*end = reg + 1;
		return PIECE_CAP_NEXT;
	}
	*end = cap_end;
	if (is_msi_cap(c))
		return PIECE_MSI;
	return (c->flags & JAILHOUSE_PCICAPS_WRITE) ? PIECE_DEVICE_RW :
						      PIECE_DEVICE_RO;
}

static enum piece_kind in_config(const struct pci_virt_dev *v, unsigned int reg,
				 unsigned int *end)
{
	const struct jailhouse_pci_capability *c = cap_containing(v, reg, 0);

	if (c)
		return in_cap(c, reg, end);
	*end = next_cap_start(v, reg, 0, PCI_CONFIG_END);
	return PIECE_ZERO;
}

static enum piece_kind in_ext_config(const struct pci_virt_dev *v,
				     unsigned int reg, unsigned int *end)
{
	const struct jailhouse_pci_capability *c = cap_containing(v, reg, 1);

	if (c && reg < c->start + 4u) {
		*end = c->start + 4u;
		return PIECE_EXT_HEADER;
	}
	if (c) {
		*end = c->start + c->len;
		return (c->flags & JAILHOUSE_PCICAPS_WRITE) ? PIECE_DEVICE_RW :
							      PIECE_DEVICE_RO;
	}
	/* 0x100 always holds a header: a null one when nothing is there */
	if (reg < PCI_CONFIG_END + 4) {
		*end = PCI_CONFIG_END + 4;
		return PIECE_EXT_HEADER;
	}
	*end = next_cap_start(v, reg, 1, PCI_EXT_CONFIG_END);
	return PIECE_ZERO;
}

/* The header of a type-0 function, field by field. */
static enum piece_kind in_header(unsigned int reg, unsigned int *end)
{
	static const struct {
		__u8 end;
		__u8 kind;
	} fields[] = {
		{ PCI_COMMAND, PIECE_DEVICE_RO },	  /* vendor, device */
		{ PCI_STATUS, PIECE_COMMAND },		  /* command */
		{ 0x08, PIECE_STATUS },			  /* status */
		{ PCI_CACHE_LINE_SIZE, PIECE_DEVICE_RO }, /* revision, class */
		{ PCI_HEADER_TYPE, PIECE_DEVICE_RW },	/* line size, latency */
		{ PCI_BAR0, PIECE_DEVICE_RO },		/* header type, BIST */
		{ PCI_BARS_END, PIECE_BAR },		/* BAR0-5 */
		{ PCI_ROM_ADDRESS, PIECE_DEVICE_RO },	/* CIS, subsystem */
		{ PCI_CAPABILITY_LIST, PIECE_ZERO },	/* expansion ROM */
		{ 0x35, PIECE_CAP_POINTER },		/* capabilities */
		{ PCI_INTERRUPT_LINE, PIECE_ZERO },	/* reserved */
		{ PCI_INTERRUPT_PIN, PIECE_DEVICE_RW }, /* interrupt line */
		{ PCI_STD_HEADER_END, PIECE_DEVICE_RO }, /* pin, min/max */
	};
	unsigned int n;

	for (n = 0; reg >= fields[n].end; n++)
		;
	*end = fields[n].end;
	/* every BAR on its own: each has its own shadow */
	if (fields[n].kind == PIECE_BAR)
		*end = (reg & ~3u) + 4;
	return fields[n].kind;
}

static enum piece_kind classify(const struct pci_virt_dev *v, unsigned int reg,
				unsigned int *end)
{
	if (reg < PCI_STD_HEADER_END)
		return in_header(reg, end);
	if (reg < PCI_CONFIG_END)
		return in_config(v, reg, end);
	return in_ext_config(v, reg, end);
}

/* ---- BARs ---- */

static int is_upper_half(const struct jailhouse_pci_device *d, unsigned int n)
{
	unsigned int k;

	/* BARs pair up from BAR0: walk the pairs up to n */
	for (k = 0; k < n; k++)
		if (jailhouse_pci_bar_is_64bit(d, k) && k + 1 == n)
			return 1;
		else if (jailhouse_pci_bar_is_64bit(d, k))
			k++;
	return 0;
}

/* The type bits a BAR register always reads with. */
static __u32 bar_type_bits(const struct jailhouse_pci_device *d, unsigned int n)
{
	if (is_upper_half(d, n) || !d->bar_mask[n])
		return 0;
	return d->bar_address[n] & ((d->bar_address[n] & 1) ? 0x3 : 0xf);
}

/* The BAR register n as the device holds it. */
static __u32 bar_hw_value(const struct jailhouse_pci_device *d, unsigned int n)
{
	if (is_upper_half(d, n))
		return d->bar_address[n - 1] >> 32;
	return (__u32)d->bar_address[n];
}

/* The offset at which the cell's config maps memory BAR n (the
 * guest-physical minus the host-physical address); -EINVAL if two
 * regions map it at different offsets. */
static int bar_offset(const struct jailhouse_pci_device *d, unsigned int n,
		      const struct jailhouse_cell_desc *cell, __u64 *offset)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(cell);
	__u64 base = d->bar_address[n] & ~0xfULL;
	__u64 size = jailhouse_pci_bar_size(d, n);
	unsigned int i;
	int found = 0;

	*offset = 0;
	for (i = 0; i < cell->num_memory_regions; i++) {
		if (m[i].flags & JAILHOUSE_MEM_COMM_REGION || !size ||
		    m[i].phys_start >= base + size ||
		    base >= m[i].phys_start + m[i].size)
			continue;
		if (found && *offset != m[i].virt_start - m[i].phys_start)
			return -EINVAL;
		*offset = m[i].virt_start - m[i].phys_start;
		found = 1;
	}
	return 0;
}

static int init_bars(struct pci_virt_dev *v,
		     const struct jailhouse_cell_desc *cell, char *msg,
		     unsigned long msg_size)
{
	const struct jailhouse_pci_device *d = v->config;
	__u64 offset = 0, allowed;
	unsigned int n;

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++) {
		if (is_upper_half(d, n)) {
			allowed = (d->bar_address[n - 1] & ~0xfULL) + offset;
			v->bar_allowed[n] = allowed >> 32;
		} else if (d->bar_address[n] & 1 || !d->bar_mask[n]) {
			/* I/O ports are the host's: the cell's I/O bitmap
			 * opens the BAR's ports as they are */
			v->bar_allowed[n] = bar_hw_value(d, n);
		} else {
			if (bar_offset(d, n, cell, &offset)) {
				jh_snprintf(msg, msg_size,
					    "BAR %u is mapped by memory regions at different guest-physical offsets",
					    n);
				return -EINVAL;
			}
			allowed = (d->bar_address[n] & ~0xfULL) + offset;
			v->bar_allowed[n] = (__u32)allowed |
					    bar_type_bits(d, n);
		}
		v->bar[n] = v->bar_allowed[n];
	}
	return 0;
}

/* A write of `value` to bytes [shift/8, shift/8 + size) of BAR n. */
static void bar_write(struct pci_virt_dev *v, unsigned int n,
		      unsigned int shift, unsigned int size, __u32 value,
		      struct pci_virt_note *note)
{
	const struct jailhouse_pci_device *d = v->config;
	__u32 bytes = size == 4 ? 0xffffffffU :
				  ((1U << (8 * size)) - 1) << shift;
	__u32 merged = (v->bar[n] & ~bytes) | ((value << shift) & bytes);
	__u32 mask = d->bar_mask[n];
	__u32 candidate = (merged & mask) | bar_type_bits(d, n);

	/* sizing: all address bits written as ones read back as the mask */
	if ((merged & mask) == mask || candidate == v->bar_allowed[n]) {
		v->bar[n] = candidate;
		return;
	}
	note->bar_refused = 1;
	note->bar = n;
	note->bar_value = merged;
}

void pci_virt_restore_bars(const struct jailhouse_pci_device *d,
			   const struct pci_hw *hw)
{
	unsigned int n, reg;
	__u32 want;

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++) {
		if (!d->bar_mask[n] && !is_upper_half(d, n))
			continue;
		reg = PCI_BAR0 + 4 * n;
		want = bar_hw_value(d, n);
		if (hw->cfg_read(hw->ctx, reg, 4) != want)
			hw->cfg_write(hw->ctx, reg, 4, want);
	}
}

int pci_virt_bar_mismatch(const struct jailhouse_pci_device *d,
			  const struct pci_hw *hw)
{
	unsigned int n;

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++)
		if ((d->bar_mask[n] || is_upper_half(d, n)) &&
		    hw->cfg_read(hw->ctx, PCI_BAR0 + 4 * n, 4) !=
			    bar_hw_value(d, n))
			return n;
	return -1;
}

int pci_virt_gphys(const struct pci_virt_dev *v, __u64 phys, __u64 *gphys)
{
	const struct jailhouse_pci_device *d = v->config;
	__u64 base, size, allowed;
	unsigned int n;

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++) {
		size = jailhouse_pci_bar_size(d, n);
		base = d->bar_address[n] & ~0xfULL;
		if (is_upper_half(d, n) || !size || phys < base ||
		    phys - base >= size)
			continue;
		allowed = v->bar_allowed[n] & ~0xfULL;
		if (jailhouse_pci_bar_is_64bit(d, n))
			allowed |= (__u64)v->bar_allowed[n + 1] << 32;
		*gphys = allowed + (phys - base);
		return 0;
	}
	return -ENOENT;
}

/* ---- emulated registers ---- */

static __u32 ext_header(const struct pci_virt_dev *v, const struct pci_hw *hw,
			unsigned int start)
{
	const struct jailhouse_pci_capability *c = cap_containing(v, start, 1);
	unsigned int next = cap_after(v, start, 1);

	if (!c || c->start != start)
		/* the null header at 0x100: ID 0, version 0 */
		return next << PCI_EXT_CAP_NEXT_SHIFT;
	return (hw->cfg_read(hw->ctx, start, 4) & 0xfffff) |
	       next << PCI_EXT_CAP_NEXT_SHIFT;
}

static __u32 read_piece(struct pci_virt_dev *v, const struct pci_hw *hw,
			enum piece_kind kind, unsigned int reg,
			unsigned int size)
{
	const struct jailhouse_pci_capability *c;
	__u32 status;

	switch (kind) {
	case PIECE_DEVICE_RO:
	case PIECE_DEVICE_RW:
	case PIECE_COMMAND:
		return hw->cfg_read(hw->ctx, reg, size);
	case PIECE_STATUS:
		status = hw->cfg_read(hw->ctx, PCI_STATUS, 2) &
			 ~PCI_STATUS_CAP_LIST;
		if (cap_after(v, PCI_STD_HEADER_END - 1, 0))
			status |= PCI_STATUS_CAP_LIST;
		return status >> 8 * (reg - PCI_STATUS);
	case PIECE_BAR:
		return v->bar[(reg - PCI_BAR0) / 4] >> 8 * (reg & 3);
	case PIECE_CAP_POINTER:
		return cap_after(v, PCI_STD_HEADER_END - 1, 0);
	case PIECE_CAP_NEXT:
		c = cap_containing(v, reg, 0);
		return cap_after(v, c->start, 0);
	case PIECE_EXT_HEADER:
		return ext_header(v, hw, reg & ~3u) >> 8 * (reg & 3);
	case PIECE_ZERO:
	case PIECE_MSI:
		break;
	}
	return 0;
}

/* The cell's bits of the command register (byte or word), the others
 * as the device has them; decoding on only with the BARs where the
 * config says. */
static void command_write(const struct pci_virt_dev *v, const struct pci_hw *hw,
			  unsigned int reg, unsigned int size, __u32 value)
{
	__u32 shift = 8 * (reg - PCI_COMMAND);
	__u32 mask = (PCI_COMMAND_CELL_BITS >> shift) &
		     (size == 2 ? 0xffff : 0xff);
	__u32 now = hw->cfg_read(hw->ctx, reg, size);

	value = (value & mask) | (now & ~mask);
	if (reg == PCI_COMMAND &&
	    (value & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY)))
		pci_virt_restore_bars(v->config, hw);
	hw->cfg_write(hw->ctx, reg, size, value);
}

static void write_piece(struct pci_virt_dev *v, const struct pci_hw *hw,
			enum piece_kind kind, unsigned int reg,
			unsigned int size, __u32 value,
			struct pci_virt_note *note)
{
	switch (kind) {
	case PIECE_COMMAND:
		command_write(v, hw, reg, size, value);
		break;
	case PIECE_DEVICE_RW:
	case PIECE_STATUS:
		hw->cfg_write(hw->ctx, reg, size, value);
		break;
	case PIECE_BAR:
		bar_write(v, (reg - PCI_BAR0) / 4, 8 * (reg & 3), size, value,
			  note);
		break;
	default:
		break; /* read-only or hidden: dropped */
	}
}

static unsigned int piece_size(unsigned int reg, unsigned int left)
{
	if (left >= 4 && !(reg & 3))
		return 4;
	if (left >= 2 && !(reg & 1))
		return 2;
	return 1;
}

static int access_piece(struct pci_virt_dev *v, const struct pci_hw *hw,
			enum piece_kind kind, unsigned int reg,
			unsigned int size, int is_write, __u32 *value,
			struct pci_virt_note *note)
{
	__u32 mask = size == 4 ? 0xffffffffU : (1U << (8 * size)) - 1;

	if (kind == PIECE_MSI && v->msi)
		return v->msi(v->msi_ctx, reg, size, is_write, value,
			      &note->reason);
	if (kind == PIECE_MSI)
		kind = PIECE_DEVICE_RO;
	if (is_write)
		write_piece(v, hw, kind, reg, size, *value & mask, note);
	else
		*value = read_piece(v, hw, kind, reg, size) & mask;
	return 0;
}

int pci_virt_access(struct pci_virt_dev *v, const struct pci_hw *hw,
		    unsigned int reg, unsigned int size, int is_write,
		    __u32 *value, struct pci_virt_note *note)
{
	unsigned int done = 0, end, n;
	enum piece_kind kind;
	__u32 result = 0, part;
	int err;

	*note = (struct pci_virt_note){ 0 };
	if ((size != 1 && size != 2 && size != 4) || reg & (size - 1) ||
	    reg + size > PCI_EXT_CONFIG_END)
		return -EINVAL;
	while (done < size) {
		kind = classify(v, reg + done, &end);
		n = piece_size(reg + done, (end - (reg + done)) < size - done ?
						   end - (reg + done) :
						   size - done);
		part = is_write ? *value >> 8 * done : 0;
		err = access_piece(v, hw, kind, reg + done, n, is_write, &part,
				   note);
		if (err)
			return err;
		if (!is_write)
			result |= part << 8 * done;
		done += n;
	}
	if (!is_write)
		*value = result;
	return 0;
}

/* ---- set-up ---- */

static int check_cap(const struct jailhouse_pci_capability *c, unsigned int n,
		     char *msg, unsigned long msg_size)
{
	unsigned int low = is_ext(c) ? PCI_CONFIG_END : PCI_STD_HEADER_END;
	unsigned int high = is_ext(c) ? PCI_EXT_CONFIG_END : PCI_CONFIG_END;
	unsigned int min_len = is_ext(c) ? 4 : 2;

	/* MSI: ID, next, control, 32-bit address, data; MSI-X: ID, next,
	 * control, table and PBA offsets */
	if (c->id == PCI_CAP_ID_MSI)
		min_len = 10;
	if (c->id == PCI_CAP_ID_MSIX)
		min_len = 12;

	/* capability pointers have their low two bits reserved */
	if (c->start >= low && !(c->start & 3) && c->len >= min_len &&
	    (unsigned int)c->start + c->len <= high)
		return 0;
	jh_snprintf(msg, msg_size,
		    "capability %u (ID 0x%x at 0x%x, %u bytes) is not a dword-aligned %s capability of at least %u bytes inside 0x%x-0x%x",
		    n, c->id & ~JAILHOUSE_PCI_EXT_CAP, c->start, c->len,
		    is_ext(c) ? "extended" : "standard", min_len, low,
		    high - 1);
	return -EINVAL;
}

static int check_caps(const struct pci_virt_dev *v, char *msg,
		      unsigned long msg_size)
{
	const struct jailhouse_pci_capability *a, *b;
	unsigned int n, k;

	for (n = 0; n < v->config->num_caps; n++) {
		a = cap_at(v, n);
		if (check_cap(a, n, msg, msg_size))
			return -EINVAL;
		for (k = 0; k < n; k++) {
			b = cap_at(v, k);
			if (a->start < b->start + b->len &&
			    b->start < a->start + a->len) {
				jh_snprintf(msg, msg_size,
					    "capabilities %u and %u (at 0x%x and 0x%x) overlap",
					    k, n, b->start, a->start);
				return -EINVAL;
			}
		}
	}
	return 0;
}

int pci_virt_init(struct pci_virt_dev *v, const struct jailhouse_pci_device *d,
		  const struct jailhouse_pci_capability *caps,
		  const struct jailhouse_cell_desc *cell, char *msg,
		  unsigned long msg_size)
{
	*v = (struct pci_virt_dev){ .config = d, .caps = caps };
	if (msg_size)
		msg[0] = 0;
	if (check_caps(v, msg, msg_size))
		return -EINVAL;
	return init_bars(v, cell, msg, msg_size);
}

/* ---- the device between owners ---- */

int pci_dev_is_bridge(const struct pci_hw *hw)
{
	return hw->cfg_read(hw->ctx, PCI_CLASS_BASE, 1) == PCI_CLASS_BRIDGE ||
	       (hw->cfg_read(hw->ctx, PCI_HEADER_TYPE, 1) & 0x7f) != 0;
}

void pci_dev_save(const struct pci_hw *hw, struct pci_saved_state *saved)
{
	unsigned int n;

	saved->command = hw->cfg_read(hw->ctx, PCI_COMMAND, 2);
	for (n = 0; n < PCI_VIRT_NUM_BARS; n++)
		saved->bars[n] = hw->cfg_read(hw->ctx, PCI_BAR0 + 4 * n, 4);
}

void pci_dev_restore(const struct pci_hw *hw,
		     const struct pci_saved_state *saved)
{
	unsigned int n;

	for (n = 0; n < PCI_VIRT_NUM_BARS; n++)
		hw->cfg_write(hw->ctx, PCI_BAR0 + 4 * n, 4, saved->bars[n]);
	hw->cfg_write(hw->ctx, PCI_COMMAND, 2, saved->command);
}

unsigned int pci_dev_find_cap(const struct pci_hw *hw, __u8 id)
{
	unsigned int pos, n;

	if (!(hw->cfg_read(hw->ctx, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = hw->cfg_read(hw->ctx, PCI_CAPABILITY_LIST, 1) & 0xfc;
	for (n = 0; n < PCI_CAP_WALK_MAX && pos >= PCI_STD_HEADER_END; n++) {
		if (hw->cfg_read(hw->ctx, pos, 1) == id)
			return pos;
		pos = hw->cfg_read(hw->ctx, pos + 1, 1) & 0xfc;
	}
	return 0;
}

static void clear_flags(const struct pci_hw *hw, unsigned int reg, __u32 clear,
			__u32 set)
{
	__u32 flags = hw->cfg_read(hw->ctx, reg, 2);

	hw->cfg_write(hw->ctx, reg, 2, (flags & ~clear) | set);
}

void pci_dev_stop(const struct pci_hw *hw, int intx_off)
{
	unsigned int pos;

	clear_flags(hw, PCI_COMMAND,
		    PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER,
		    intx_off ? PCI_COMMAND_INTX_DISABLE : 0);
	pos = pci_dev_find_cap(hw, PCI_CAP_ID_MSI);
	if (pos)
		clear_flags(hw, pos + PCI_MSI_FLAGS, PCI_MSI_FLAGS_ENABLE, 0);
	pos = pci_dev_find_cap(hw, PCI_CAP_ID_MSIX);
	if (pos)
		clear_flags(hw, pos + PCI_MSI_FLAGS, PCI_MSIX_FLAGS_ENABLE,
			    PCI_MSIX_FLAGS_MASKALL);
}
