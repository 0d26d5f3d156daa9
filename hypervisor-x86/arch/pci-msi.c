// SPDX-License-Identifier: GPL-2.0
/*
 * MSI and MSI-X of a device a non-root cell owns: the cell writes a
 * shadow, the device gets validated, rewritten messages (see pci-msi.h,
 * Documentation/pci.md, "MSI and MSI-X").
 *
 * The invariant everything here keeps: a vector the device may send
 * (MSI enabled; an MSI-X entry unmasked in hardware) holds a message that
 * pci_msi_rewrite() produced.  Validation is per field -- the address
 * alone names one of the cell's CPUs in physical mode, the data alone is
 * a fixed or lowest-priority edge message with a vector of 16 or more --
 * so a message mixing the fields of two validated ones is itself valid:
 * the separate 32-bit writes of an update cannot expose an unsafe
 * message even where the device cannot mask the vector (MSI without
 * per-vector masking).  Where it can, the vector is masked around the
 * update anyway: the PCI spec leaves the result of changing an unmasked
 * MSI-X entry undefined.
 */
#include "pci-msi.h"
#include "ioapic-filter.h"
#include <common/env.h>

/* ---- the message: Intel SDM vol. 3, "Message Signalled Interrupts" ---- */
#define MSI_ADDRESS_BASE 0xfee00000U
#define MSI_ADDRESS_DEST_SHIFT 12
#define MSI_ADDRESS_DEST_LOGICAL (1U << 2)
#define MSI_DATA_VECTOR_MASK 0xffU
#define MSI_DATA_DELIVERY_SHIFT 8
#define MSI_DATA_DELIVERY_MASK 0x7U

/* ---- the capabilities: PCI Local Bus spec ---- */
#define MSI_CTRL_ENABLE 0x0001U
#define MSI_CTRL_MMC_SHIFT 1
#define MSI_CTRL_MME_SHIFT 4
#define MSI_CTRL_MME_MASK 0x0070U
#define MSI_CTRL_64BIT 0x0080U
#define MSI_CTRL_MASKABLE 0x0100U
#define MSI_REG_CTRL 2
#define MSI_REG_ADDRESS_LO 4

#define MSIX_CTRL_TABLE_SIZE_MASK 0x07ffU
#define MSIX_CTRL_FUNCTION_MASK 0x4000U
#define MSIX_CTRL_ENABLE 0x8000U
#define MSIX_CAP_LEN 12
#define MSIX_MAX_VECTORS 2048
#define MSIX_ENTRY_SIZE 16
#define MSIX_ENTRY_ADDRESS_LO 0
#define MSIX_ENTRY_ADDRESS_HI 4
#define MSIX_ENTRY_DATA 8
#define MSIX_ENTRY_CTRL 12
#define MSIX_ENTRY_MASKED 0x1U

/* ---- pci_msi_rewrite ---- */

static int refuse(const char **reason, const char *text)
{
	*reason = text;
	return -EPERM;
}

static const char *delivery_refusal(unsigned int mode)
{
	switch (mode) {
	case APIC_ICR_DELIVERY_FIXED:
	case APIC_ICR_DELIVERY_LOWEST:
		return NULL;
	case APIC_ICR_DELIVERY_SMI:
		return "MSI with SMI delivery";
	case APIC_ICR_DELIVERY_NMI:
		return "MSI with NMI delivery";
	case APIC_ICR_DELIVERY_INIT:
		return "MSI with INIT delivery";
	case IOAPIC_RTE_DELIVERY_EXTINT:
		return "MSI with ExtINT delivery";
	}
	return "MSI with a reserved delivery mode";
}

/*
 * The destination as the IOAPIC filter sees it: an MSI address names its
 * CPUs exactly as a redirection entry does (8-bit destination, physical
 * or logical with the cell's logical IDs), so ioapic_rte_filter() decides
 * which CPU gets it.  Its IOAPIC-only outcomes (an out-of-cell entry
 * parked while masked, a logical destination naming nobody written
 * masked) are violations here: an enabled MSI has no mask to hide behind.
 */
static int choose_cpu(const struct pci_msi_cpus *cpus, __u32 address,
		      __u32 *apic_id, const char **reason)
{
	__u8 dest = address >> MSI_ADDRESS_DEST_SHIFT;
	int logical = !!(address & MSI_ADDRESS_DEST_LOGICAL);
	struct ioapic_rte_request req = {
		.rte = (__u64)dest << IOAPIC_RTE_DEST_SHIFT |
		       (logical ? IOAPIC_RTE_DEST_LOGICAL : 0),
		.xapic_cluster = cpus->xapic_cluster,
		.cpus = cpus->cpus,
		.num_cpus = cpus->num_cpus,
	};
	struct ioapic_rte_result res;

	/* x2APIC without interrupt remapping: an 8-bit logical destination
	 * is no x2APIC logical ID (cluster << 16 | bit), and Linux uses
	 * physical mode there; nothing to resolve it against */
	if (logical && cpus->x2apic)
		return refuse(reason, "logical MSI destination in x2APIC mode");
	/* 0xff in physical mode is a broadcast in xAPIC and x2APIC mode */
	if (!logical && dest == APIC_XAPIC_BROADCAST)
		return refuse(reason, "broadcast MSI destination");
	if (ioapic_rte_filter(&req, &res))
		return refuse(reason, "the cell has no CPU an MSI can address "
				      "(APIC IDs above 255)");
	if (res.verdict != IOAPIC_RTE_WRITE)
		return refuse(reason, "MSI aimed at a CPU outside the cell");
	if (res.rte & IOAPIC_RTE_MASKED)
		return refuse(reason, "logical MSI destination names no CPU "
				      "of the cell");
	*apic_id = cpus->cpus[res.target].apic_id;
	return 0;
}

int pci_msi_rewrite(const struct pci_msi_cpus *cpus, __u64 *address,
		    __u32 *data, const char **reason)
{
	unsigned int mode = (*data >> MSI_DATA_DELIVERY_SHIFT) &
			    MSI_DATA_DELIVERY_MASK;
	unsigned int vector = *data & MSI_DATA_VECTOR_MASK;
	__u32 apic_id;

	*reason = NULL;
	/* anything but 0xFEExxxxx is a DMA write to memory, not an
	 * interrupt; the upper half must be 0 for the same reason */
	if (*address >> 32)
		return refuse(reason, "MSI address above 4 GiB");
	if ((*address & 0xfff00000U) != MSI_ADDRESS_BASE)
		return refuse(reason, "MSI address outside 0xFEExxxxx");
	if (delivery_refusal(mode))
		return refuse(reason, delivery_refusal(mode));
	if (vector < 16)
		return refuse(reason, "MSI vector below 16 (exceptions)");
	/*
	 * The vector of a root level-triggered IOAPIC pin is allowed, as for
	 * a cell's edge-triggered pin (ioapic_cell_entry_needs_clash_check):
	 * the harm such a vector could do is an EOI that the cell's local
	 * APIC broadcasts to the IOAPICs, clearing the root pin's remote IRR,
	 * and the local APIC broadcasts an EOI only for a vector whose TMR
	 * bit is set, which only the acceptance of a level-triggered
	 * interrupt sets.  Every message leaves here edge-triggered (and
	 * vtd_ir_msi() makes its IRTE edge), so no MSI of a cell can set it.
	 * The refusal stays where a level-triggered interrupt can reach a
	 * cell's CPU: a cell's level-triggered IOAPIC pin (arch/ioapic.c).
	 * Stock Linux in a cell hands out the vectors the root's SCI and
	 * UHCI pins have, to its ivshmem MSI-X among others.
	 */
	if (choose_cpu(cpus, *address, &apic_id, reason))
		return -EPERM;
	/* physical destination mode, no redirection hint, reserved and
	 * extended-destination bits 0; edge trigger (trigger and level
	 * bits 0): a PCI message is an edge, and a level-triggered one
	 * would make the CPU's EOI reach the IOAPICs, the root's pins
	 * included */
	*address = MSI_ADDRESS_BASE | apic_id << MSI_ADDRESS_DEST_SHIFT;
	*data = vector | mode << MSI_DATA_DELIVERY_SHIFT;
	return 0;
}

/* ---- set-up ---- */

unsigned long pci_msix_storage_size(const struct jailhouse_pci_device *d)
{
	return (unsigned long)d->num_msix_vectors *
	       sizeof(struct pci_msix_entry);
}

static int msi_64bit(const struct pci_msi_dev *m)
{
	return !!(m->config->flags & JAILHOUSE_PCI_FLAG_MSI_64BITS);
}

static int msi_maskable(const struct pci_msi_dev *m)
{
	return !!(m->config->flags & JAILHOUSE_PCI_FLAG_MSI_MASKABLE);
}

/* Offsets in the capability: data, mask and pending follow the address,
 * one dword later when it has an upper half. */
static unsigned int msi_reg_data(const struct pci_msi_dev *m)
{
	return msi_64bit(m) ? 0xc : 0x8;
}

static unsigned int msi_reg_mask(const struct pci_msi_dev *m)
{
	return msi_reg_data(m) + 4;
}

static unsigned int msi_reg_pending(const struct pci_msi_dev *m)
{
	return msi_reg_data(m) + 8;
}

static unsigned int msi_cap_len(const struct pci_msi_dev *m)
{
	return msi_reg_data(m) + 2 + (msi_maskable(m) ? 10 : 0);
}

/* log2 of the vectors the cell may use: what the config allows (the
 * device's Multiple Message Capable, by config create), at most 32 */
static unsigned int msi_mmc(const struct pci_msi_dev *m)
{
	unsigned int mmc = 0;

	while (mmc < 5 && (2U << mmc) <= m->config->num_msi_vectors)
		mmc++;
	return mmc;
}

static __u32 msi_vector_bits(const struct pci_msi_dev *m)
{
	return msi_mmc(m) == 5 ? 0xffffffffU : (1U << (1U << msi_mmc(m))) - 1;
}

static void reset_shadow(struct pci_msi_dev *m)
{
	unsigned int n;

	m->msi_ctrl = 0;
	m->msi_address_lo = m->msi_address_hi = m->msi_mask = 0;
	m->msi_data = 0;
	m->msi_hw_enabled = 0;
	m->msix_ctrl = 0;
	for (n = 0; m->msix && n < m->config->num_msix_vectors; n++)
		m->msix[n] =
			(struct pci_msix_entry){ .ctrl = MSIX_ENTRY_MASKED };
}

/* A standard capability in the dword-aligned space 0x40..0xff. */
static int cap_placed(const struct jailhouse_pci_capability *c)
{
	return !(c->start & 3) && c->start >= 0x40 &&
	       c->start + (unsigned int)c->len <= 0x100;
}

int pci_msi_init(struct pci_msi_dev *m, const struct jailhouse_pci_device *d,
		 const struct jailhouse_pci_capability *caps, void *storage)
{
	unsigned int n;

	*m = (struct pci_msi_dev){ .config = d };
	for (n = 0; caps && n < d->num_caps; n++) {
		if (caps[n].id == PCI_CAP_ID_MSI && !m->msi_cap)
			m->msi_cap = caps[n].start;
		else if (caps[n].id == PCI_CAP_ID_MSIX && !m->msix_cap)
			m->msix_cap = caps[n].start;
		else
			continue;
		if (!cap_placed(&caps[n]))
			return -EINVAL;
		if (caps[n].id == PCI_CAP_ID_MSI &&
		    caps[n].len < msi_cap_len(m))
			return -EINVAL;
		if (caps[n].id == PCI_CAP_ID_MSIX && caps[n].len < MSIX_CAP_LEN)
			return -EINVAL;
	}
	if (m->msix_cap) {
		if (!d->num_msix_vectors ||
		    d->num_msix_vectors > MSIX_MAX_VECTORS || !storage ||
		    !d->msix_address)
			return -EINVAL;
		m->msix = storage;
	}
	reset_shadow(m);
	return 0;
}

/* The dword-rounded extent of the capability at `start` (its listed
 * length; 0 if none). */
static unsigned int cap_end(const struct pci_msi_dev *m, unsigned int start)
{
	unsigned int len = start == m->msix_cap ? MSIX_CAP_LEN : msi_cap_len(m);

	return start ? start + ((len + 3) & ~3U) : 0;
}

static int in_cap(const struct pci_msi_dev *m, unsigned int start,
		  unsigned int reg, unsigned int size)
{
	return start && reg + size > start && reg < cap_end(m, start);
}

int pci_msi_owns_reg(const struct pci_msi_dev *m, unsigned int reg,
		     unsigned int size)
{
	return in_cap(m, m->msi_cap, reg, size) ||
	       in_cap(m, m->msix_cap, reg, size);
}

/* ---- MSI ---- */

/* The PCI spec forbids it and leaves the device's behaviour undefined. */
static const char both_enabled[] = "MSI and MSI-X enabled together";

static __u16 msi_ctrl_view(const struct pci_msi_dev *m)
{
	return (m->msi_ctrl & (MSI_CTRL_ENABLE | MSI_CTRL_MME_MASK)) |
	       msi_mmc(m) << MSI_CTRL_MMC_SHIFT |
	       (msi_64bit(m) ? MSI_CTRL_64BIT : 0) |
	       (msi_maskable(m) ? MSI_CTRL_MASKABLE : 0);
}

/* The cell's view of the dword at `off` in the MSI capability. */
static __u32 msi_dword(const struct pci_msi_dev *m, const struct pci_hw *hw,
		       unsigned int off)
{
	if (off == 0)
		return (hw->cfg_read(hw->ctx, m->msi_cap, 2) & 0xffff) |
		       (__u32)msi_ctrl_view(m) << 16;
	if (off == MSI_REG_ADDRESS_LO)
		return m->msi_address_lo;
	if (off == 8 && msi_64bit(m))
		return m->msi_address_hi;
	if (off == msi_reg_data(m))
		return m->msi_data;
	if (msi_maskable(m) && off == msi_reg_mask(m))
		return m->msi_mask;
	if (msi_maskable(m) && off == msi_reg_pending(m))
		return hw->cfg_read(hw->ctx, m->msi_cap + off, 4) &
		       msi_vector_bits(m);
	return 0;
}

static void msi_store(struct pci_msi_dev *m, unsigned int off, __u32 value)
{
	unsigned int mme;

	if (off == 0) {
		/* more messages than the capability offers is undefined
		 * (PCI spec): the cell gets what the config allows */
		mme = (value >> 16 & MSI_CTRL_MME_MASK) >> MSI_CTRL_MME_SHIFT;
		if (mme > msi_mmc(m))
			mme = msi_mmc(m);
		m->msi_ctrl = ((value >> 16) & MSI_CTRL_ENABLE) |
			      mme << MSI_CTRL_MME_SHIFT;
	} else if (off == MSI_REG_ADDRESS_LO) {
		m->msi_address_lo = value & ~3U; /* dword aligned */
	} else if (off == 8 && msi_64bit(m)) {
		m->msi_address_hi = value;
	} else if (off == msi_reg_data(m)) {
		m->msi_data = value;
	} else if (msi_maskable(m) && off == msi_reg_mask(m)) {
		m->msi_mask = value & msi_vector_bits(m);
	}
}

static void msi_write_ctrl(const struct pci_msi_dev *m, const struct pci_hw *hw,
			   __u16 ctrl)
{
	hw->cfg_write(hw->ctx, m->msi_cap + MSI_REG_CTRL, 2, ctrl);
}

static void msi_write_mask(const struct pci_msi_dev *m, const struct pci_hw *hw,
			   __u32 mask)
{
	if (msi_maskable(m))
		hw->cfg_write(hw->ctx, m->msi_cap + msi_reg_mask(m), 4, mask);
}

/* Does the device's capability have the layout the config describes?
 * Writing a 32-bit layout's data into a 64-bit device's upper address
 * would make the message a DMA write anywhere. */
static int msi_layout_matches(const struct pci_msi_dev *m,
			      const struct pci_hw *hw)
{
	__u16 ctrl = hw->cfg_read(hw->ctx, m->msi_cap + MSI_REG_CTRL, 2);
	unsigned int hw_mmc = (ctrl >> MSI_CTRL_MMC_SHIFT) & 7;

	return !!(ctrl & MSI_CTRL_64BIT) == msi_64bit(m) &&
	       !!(ctrl & MSI_CTRL_MASKABLE) == msi_maskable(m) &&
	       hw_mmc >= msi_mmc(m);
}

/* The validated message for the shadow: with MME = k the device sets the
 * low k bits of the vector, so the lowest vector it can send is checked
 * (the highest stays below 256). */
static int msi_message(struct pci_msi_dev *m, const struct pci_msi_cpus *cpus,
		       __u64 *address, __u32 *data, const char **reason)
{
	unsigned int mme = (m->msi_ctrl & MSI_CTRL_MME_MASK) >>
			   MSI_CTRL_MME_SHIFT;
	__u32 low_bits = (1U << mme) - 1;

	*address = (__u64)m->msi_address_hi << 32 | m->msi_address_lo;
	*data = m->msi_data & ~low_bits;
	if (pci_msi_rewrite(cpus, address, data, reason))
		return -EPERM;
	/* remapped: an entry per message, the device's low data bits
	 * choose among them */
	if (cpus->remap)
		return cpus->remap->remap(cpus->remap->ctx, cpus, m->config, 0,
					  0, 1U << mme, address, data, reason);
	*data |= m->msi_data & low_bits;
	return 0;
}

static int msi_disable(struct pci_msi_dev *m, const struct pci_hw *hw)
{
	msi_write_ctrl(m, hw, m->msi_ctrl & MSI_CTRL_MME_MASK);
	m->msi_hw_enabled = 0;
	return 0;
}

/* The device programmed after the cell changed its MSI capability. */
static int msi_sync(struct pci_msi_dev *m, const struct pci_hw *hw,
		    const struct pci_msi_cpus *cpus, unsigned int off,
		    const char **reason)
{
	int was_enabled = m->msi_hw_enabled;
	__u64 address;
	__u32 data;

	if (msi_maskable(m) && off == msi_reg_mask(m)) {
		msi_write_mask(m, hw, m->msi_mask); /* masking is always safe */
		return 0;
	}
	if (!(m->msi_ctrl & MSI_CTRL_ENABLE))
		return msi_disable(m, hw);
	if (m->msix_ctrl & MSIX_CTRL_ENABLE) {
		msi_disable(m, hw);
		return refuse(reason, both_enabled);
	}
	if (!msi_layout_matches(m, hw)) {
		msi_disable(m, hw);
		return refuse(reason, "the device's MSI capability does not "
				      "match the cell config");
	}
	if (msi_message(m, cpus, &address, &data, reason)) {
		msi_disable(m, hw);
		return -EPERM;
	}
	if (was_enabled)
		msi_write_mask(m, hw, msi_vector_bits(m));
	hw->cfg_write(hw->ctx, m->msi_cap + MSI_REG_ADDRESS_LO, 4,
		      (__u32)address);
	if (msi_64bit(m))
		hw->cfg_write(hw->ctx, m->msi_cap + 8, 4, 0);
	hw->cfg_write(hw->ctx, m->msi_cap + msi_reg_data(m), 2, data);
	if (!was_enabled)
		msi_write_mask(m, hw, m->msi_mask);
	msi_write_ctrl(m, hw, m->msi_ctrl);
	if (was_enabled)
		msi_write_mask(m, hw, m->msi_mask);
	m->msi_hw_enabled = 1;
	return 0;
}

/* ---- MSI-X ---- */

static int msix_live(__u16 ctrl)
{
	return (ctrl & MSIX_CTRL_ENABLE) && !(ctrl & MSIX_CTRL_FUNCTION_MASK);
}

static __u16 msix_ctrl_view(const struct pci_msi_dev *m)
{
	return (m->msix_ctrl & (MSIX_CTRL_ENABLE | MSIX_CTRL_FUNCTION_MASK)) |
	       ((m->config->num_msix_vectors - 1) & MSIX_CTRL_TABLE_SIZE_MASK);
}

static __u32 msix_dword(const struct pci_msi_dev *m, const struct pci_hw *hw,
			unsigned int off)
{
	if (off == 0)
		return (hw->cfg_read(hw->ctx, m->msix_cap, 2) & 0xffff) |
		       (__u32)msix_ctrl_view(m) << 16;
	/* table and PBA offset/BIR: read-only, the device's */
	return hw->cfg_read(hw->ctx, m->msix_cap + off, 4);
}

static __u64 msix_entry_phys(const struct pci_msi_dev *m, unsigned int n,
			     unsigned int field)
{
	return m->config->msix_address + (__u64)n * MSIX_ENTRY_SIZE + field;
}

static void msix_write(const struct pci_msi_dev *m, const struct pci_hw *hw,
		       unsigned int n, unsigned int field, __u32 value)
{
	hw->mmio_write32(hw->ctx, msix_entry_phys(m, n, field), value);
}

/*
 * Entry n of the device after the cell changed it: masked if the cell
 * masked it or its message cannot be made safe, else masked, written
 * whole and unmasked.  An unsafe message is a violation only while the
 * function is live (enabled, not function-masked): before that the cell
 * may still be filling the table, and the entry just stays masked.
 */
static int msix_sync_entry(struct pci_msi_dev *m, const struct pci_hw *hw,
			   const struct pci_msi_cpus *cpus, unsigned int n,
			   int live, const char **reason)
{
	struct pci_msix_entry *e = &m->msix[n];
	__u64 address = (__u64)e->address_hi << 32 | e->address_lo;
	__u32 data = e->data;

	msix_write(m, hw, n, MSIX_ENTRY_CTRL, MSIX_ENTRY_MASKED);
	if (e->ctrl & MSIX_ENTRY_MASKED)
		return 0;
	if (pci_msi_rewrite(cpus, &address, &data, reason) ||
	    (cpus->remap &&
	     cpus->remap->remap(cpus->remap->ctx, cpus, m->config, 1, n, 1,
				&address, &data, reason))) {
		if (live)
			return -EPERM;
		*reason = NULL; /* checked again when the function goes live */
		return 0;
	}
	msix_write(m, hw, n, MSIX_ENTRY_ADDRESS_LO, (__u32)address);
	msix_write(m, hw, n, MSIX_ENTRY_ADDRESS_HI, 0);
	msix_write(m, hw, n, MSIX_ENTRY_DATA, data);
	msix_write(m, hw, n, MSIX_ENTRY_CTRL, 0);
	return 0;
}

/* The cell changed enable or function mask: going live, every entry it
 * left unmasked is checked and programmed first, and a bad one keeps the
 * function off. */
/* model: cell_exit, MSI-X going live (hypervisor-x86/model/pci-devices.pml) */
static int msix_sync_ctrl(struct pci_msi_dev *m, const struct pci_hw *hw,
			  const struct pci_msi_cpus *cpus, __u16 old_ctrl,
			  const char **reason)
{
	unsigned int n;

	if ((m->msix_ctrl & MSIX_CTRL_ENABLE) &&
	    (m->msi_ctrl & MSI_CTRL_ENABLE))
		return refuse(reason, both_enabled);
	if (msix_live(m->msix_ctrl) && !msix_live(old_ctrl))
		for (n = 0; n < m->config->num_msix_vectors; n++)
			if (msix_sync_entry(m, hw, cpus, n, 1, reason))
				return -EPERM;
	hw->cfg_write(hw->ctx, m->msix_cap + MSI_REG_CTRL, 2,
		      m->msix_ctrl &
			      (MSIX_CTRL_ENABLE | MSIX_CTRL_FUNCTION_MASK));
	return 0;
}

/* ---- the cell's accesses ---- */

static __u32 merge(__u32 dword, unsigned int byte, unsigned int size,
		   __u32 value)
{
	__u32 mask = size == 4 ? 0xffffffffU : (1U << (8 * size)) - 1;

	return (dword & ~(mask << 8 * byte)) | (value & mask) << 8 * byte;
}

static int cap_access(struct pci_msi_dev *m, const struct pci_hw *hw,
		      const struct pci_msi_cpus *cpus, int msix,
		      unsigned int off, unsigned int byte, unsigned int size,
		      int is_write, __u32 *value, const char **reason)
{
	__u32 mask = size == 4 ? 0xffffffffU : (1U << (8 * size)) - 1;
	__u32 dword = msix ? msix_dword(m, hw, off) : msi_dword(m, hw, off);
	__u16 old_ctrl = m->msix_ctrl;

	if (!is_write) {
		*value = (dword >> 8 * byte) & mask;
		return 0;
	}
	dword = merge(dword, byte, size, *value);
	if (!msix) {
		msi_store(m, off, dword);
		return msi_sync(m, hw, cpus, off, reason);
	}
	if (off != 0 || byte + size <= 2)
		return 0; /* ID, next, table and PBA locations: read-only */
	m->msix_ctrl = (dword >> 16) &
		       (MSIX_CTRL_ENABLE | MSIX_CTRL_FUNCTION_MASK);
	if (msix_sync_ctrl(m, hw, cpus, old_ctrl, reason)) {
		m->msix_ctrl = old_ctrl; /* the device stays as it was */
		return -EPERM;
	}
	return 0;
}

int pci_msi_cfg_access(struct pci_msi_dev *m, const struct pci_hw *hw,
		       const struct pci_msi_cpus *cpus, unsigned int reg,
		       unsigned int size, int is_write, __u32 *value,
		       const char **reason)
{
	int msix = in_cap(m, m->msix_cap, reg, size);
	unsigned int start = msix ? m->msix_cap : m->msi_cap;
	unsigned int byte = reg & 3;

	*reason = NULL;
	/* pci-virt.c hands naturally aligned pieces of 1, 2 or 4 bytes */
	if ((size != 1 && size != 2 && size != 4) || byte + size > 4 ||
	    (reg & (size - 1)) || !pci_msi_owns_reg(m, reg, size))
		return -EINVAL;
	return cap_access(m, hw, cpus, msix, (reg & ~3U) - start, byte, size,
			  is_write, value, reason);
}

static __u32 *entry_field(struct pci_msix_entry *e, unsigned int field)
{
	switch (field) {
	case MSIX_ENTRY_ADDRESS_LO:
		return &e->address_lo;
	case MSIX_ENTRY_ADDRESS_HI:
		return &e->address_hi;
	case MSIX_ENTRY_DATA:
		return &e->data;
	}
	return &e->ctrl;
}

static void entry_store(struct pci_msix_entry *e, unsigned int field,
			__u32 value)
{
	if (field == MSIX_ENTRY_ADDRESS_LO)
		value &= ~3U; /* dword aligned */
	if (field == MSIX_ENTRY_CTRL)
		value &= MSIX_ENTRY_MASKED; /* the rest is reserved */
	*entry_field(e, field) = value;
}

int pci_msix_table_access(struct pci_msi_dev *m, const struct pci_hw *hw,
			  const struct pci_msi_cpus *cpus, __u64 offset,
			  unsigned int size, int is_write, __u64 *value,
			  const char **reason)
{
	unsigned int n = offset / MSIX_ENTRY_SIZE;
	unsigned int field = offset % MSIX_ENTRY_SIZE;
	struct pci_msix_entry *e;

	*reason = NULL;
	if (!m->msix_cap || (size != 4 && size != 8) || (offset & (size - 1)) ||
	    offset >= (__u64)m->config->num_msix_vectors * MSIX_ENTRY_SIZE)
		return -EINVAL;
	e = &m->msix[n];
	if (!is_write) {
		*value = *entry_field(e, field);
		if (size == 8)
			*value |= (__u64)*entry_field(e, field + 4) << 32;
		return 0;
	}
	entry_store(e, field, *value);
	if (size == 8)
		entry_store(e, field + 4, *value >> 32);
	/* a masked entry's message reaches the device when it is unmasked */
	if ((e->ctrl & MSIX_ENTRY_MASKED) && !(field + size > MSIX_ENTRY_CTRL))
		return 0;
	return msix_sync_entry(m, hw, cpus, n, msix_live(m->msix_ctrl), reason);
}

void pci_msi_quiesce(struct pci_msi_dev *m, const struct pci_hw *hw)
{
	unsigned int n;

	if (m->msi_cap) {
		msi_write_ctrl(m, hw, 0);
		msi_write_mask(m, hw, msi_vector_bits(m));
	}
	if (m->msix_cap) {
		/* the function off first: no entry fires while masking */
		hw->cfg_write(hw->ctx, m->msix_cap + MSI_REG_CTRL, 2,
			      MSIX_CTRL_FUNCTION_MASK);
		for (n = 0; n < m->config->num_msix_vectors; n++)
			msix_write(m, hw, n, MSIX_ENTRY_CTRL,
				   MSIX_ENTRY_MASKED);
		hw->cfg_write(hw->ctx, m->msix_cap + MSI_REG_CTRL, 2, 0);
	}
	reset_shadow(m);
}
