// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem v2, the device's logic (include/ivshmem.h): what each peer sees
 * in config space, BAR 0 and BAR 1, and which interrupts its accesses ask
 * for.  Register layouts from the ivshmem v2 specification; the MSI-X
 * rules are pci-msi.c's, so that a cell can do with this virtual device
 * no more than with a real one.
 */
#include "ivshmem.h"
#include <common/env.h>
#include <common/format.h>

/* ---- PCI Local Bus spec ---- */
#define PCI_COMMAND_MEMORY 0x0002
#define PCI_COMMAND_MASTER 0x0004
#define PCI_COMMAND_INTX_DISABLE 0x0400
#define PCI_COMMAND_WRITABLE \
	(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_INTX_DISABLE)
#define PCI_STATUS_CAP_LIST 0x0010
#define PCI_CLASS_OTHER 0xff
#define PCI_CAP_ID_VENDOR 0x09
#define PCI_BAR_ADDRESS_MASK 0xfffff000U /* 4 KiB, 32-bit memory */

#define MSIX_CTRL_FUNCTION_MASK 0x4000U
#define MSIX_CTRL_ENABLE 0x8000U
#define MSIX_CTRL_WRITABLE (MSIX_CTRL_FUNCTION_MASK | MSIX_CTRL_ENABLE)
#define MSIX_ENTRY_SIZE 16
#define MSIX_ENTRY_MASKED 0x1U
#define MSIX_BIR_BAR1 1

#define INT_CTRL_ENABLE 0x1U
#define PRIV_CTRL_ONE_SHOT 0x1U
#define STATE_VECTOR 0 /* the spec: state changes raise vector 0 */

/* ---- layout ---- */

static int refuse(char *msg, unsigned long msg_size, int err, const char *fmt,
		  ...) JH_PRINTF(4, 5);

static int refuse(char *msg, unsigned long msg_size, int err, const char *fmt,
		  ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (msg_size)
		jh_vsnprintf(msg, msg_size, fmt, ap);
	va_end(ap);
	return err;
}

#define FIXED_RANGE_START 0xfec00000ULL
#define FIXED_RANGE_END 0xff000000ULL

#define BDF_FMT "%02x:%02x.%x"
#define BDF_ARGS(d) (d)->bdf >> 8, ((d)->bdf >> 3) & 0x1f, (d)->bdf & 7

static int check_bar(const struct jailhouse_cell_desc *c,
		     const struct jailhouse_pci_device *d, unsigned int n,
		     char *msg, unsigned long msg_size)
{
	const struct jailhouse_memory *m = jailhouse_cell_mem_regions(c);
	__u64 bar = d->bar_address[n];
	unsigned int r;

	/* 32-bit memory BARs: bit 0 (I/O) and bits 2:1 (type) clear */
	if (!bar || (bar & 0x7) || (bar & (IVSHMEM_BAR_SIZE - 1)) ||
	    bar >= 0x100000000ULL - IVSHMEM_BAR_SIZE)
		return refuse(msg, msg_size, -EINVAL,
			      "ivshmem device " BDF_FMT
			      ": BAR %u must be given as a page-aligned 32-bit "
			      "memory address (bar_address[%u] is 0x%llx)",
			      BDF_ARGS(d), n, n, (unsigned long long)bar);
	/* the chipset's fixed range: IOAPICs, HPET, the local APIC page,
	 * which the hypervisor traps or maps for itself */
	if (bar + IVSHMEM_BAR_SIZE > FIXED_RANGE_START && bar < FIXED_RANGE_END)
		return refuse(msg, msg_size, -EINVAL,
			      "ivshmem device " BDF_FMT
			      ": BAR %u at 0x%llx lies in 0xfec00000-0xfeffffff "
			      "(IOAPICs, HPET, local APIC)",
			      BDF_ARGS(d), n, (unsigned long long)bar);
	for (r = 0; r < c->num_memory_regions; r++)
		if (bar + IVSHMEM_BAR_SIZE > m[r].virt_start &&
		    bar < m[r].virt_start + m[r].size)
			return refuse(msg, msg_size, -EINVAL,
				      "ivshmem device " BDF_FMT
				      ": BAR %u at 0x%llx lies in memory "
				      "region %u of the cell",
				      BDF_ARGS(d), n, (unsigned long long)bar,
				      r);
	return 0;
}

int ivshmem_layout_check(struct ivshmem_endpoint *ep,
			 const struct jailhouse_cell_desc *c,
			 const struct jailhouse_pci_device *d, char *msg,
			 unsigned long msg_size)
{
	/* jh_config_validate() checked that these regions exist */
	const struct jailhouse_memory *m =
		jailhouse_cell_mem_regions(c) + d->shmem_regions_start;
	unsigned int n, sections = 2 + d->shmem_peers;

	for (n = 1; n < sections; n++)
		if (m[n].virt_start != m[n - 1].virt_start + m[n - 1].size)
			return refuse(msg, msg_size, -EINVAL,
				      "ivshmem device " BDF_FMT
				      ": memory region %u (at 0x%llx) does not "
				      "follow region %u in the cell (the spec "
				      "puts the sections one after the other)",
				      BDF_ARGS(d), d->shmem_regions_start + n,
				      (unsigned long long)m[n].virt_start,
				      d->shmem_regions_start + n - 1);
	if (check_bar(c, d, 0, msg, msg_size) ||
	    check_bar(c, d, 1, msg, msg_size))
		return -EINVAL;
	if (d->bar_address[0] == d->bar_address[1])
		return refuse(msg, msg_size, -EINVAL,
			      "ivshmem device " BDF_FMT
			      ": BARs 0 and 1 are at the same address",
			      BDF_ARGS(d));
	ep->config = d;
	ep->id = d->shmem_dev_id;
	ep->shmem_gphys = m[0].virt_start;
	ep->state_table_size = m[0].size;
	ep->rw_size = m[1].size;
	ep->output_size = m[2].size;
	ep->bar_address[0] = (__u32)d->bar_address[0];
	ep->bar_address[1] = (__u32)d->bar_address[1];
	ep->regions = m;
	return 0;
}

int ivshmem_peer_check(const struct ivshmem_link *link,
		       const struct ivshmem_endpoint *ep, char *msg,
		       unsigned long msg_size)
{
	const struct jailhouse_pci_device *d = ep->config;
	const struct ivshmem_endpoint *other = NULL;
	unsigned int n;

	if (d->shmem_peers != link->max_peers)
		return refuse(msg, msg_size, -EINVAL,
			      "ivshmem device " BDF_FMT
			      ": %u peers, but the link has %u",
			      BDF_ARGS(d), d->shmem_peers, link->max_peers);
	if (link->peers[ep->id])
		return refuse(msg, msg_size, -EBUSY,
			      "ivshmem device " BDF_FMT
			      ": peer id %u is taken on the link",
			      BDF_ARGS(d), ep->id);
	for (n = 0; n < link->max_peers && !other; n++)
		other = link->peers[n];
	if (!other)
		return 0;
	/* the same memory, section by section: a peer whose output section
	 * were elsewhere would not be read by the others, and one whose
	 * read/write section were elsewhere would share nothing */
	for (n = 0; n < 2 + link->max_peers; n++)
		if (ep->regions[n].phys_start != other->regions[n].phys_start ||
		    ep->regions[n].size != other->regions[n].size)
			return refuse(msg, msg_size, -EINVAL,
				      "ivshmem device " BDF_FMT
				      ": section %u (0x%llx+0x%llx) differs "
				      "from peer %u's (0x%llx+0x%llx)",
				      BDF_ARGS(d), n,
				      (unsigned long long)ep->regions[n]
					      .phys_start,
				      (unsigned long long)ep->regions[n].size,
				      other->id,
				      (unsigned long long)other->regions[n]
					      .phys_start,
				      (unsigned long long)other->regions[n]
					      .size);
	return 0;
}

/* ---- life cycle ---- */

static void reset_view(struct ivshmem_endpoint *ep)
{
	unsigned int n;

	ep->command = 0;
	ep->bar[0] = ep->bar_address[0];
	ep->bar[1] = ep->bar_address[1];
	ep->privileged_control = 0;
	ep->msix_control = 0;
	for (n = 0; n < IVSHMEM_MSIX_VECTORS; n++)
		ep->msix[n] =
			(struct pci_msix_entry){ .ctrl = MSIX_ENTRY_MASKED };
	ep->interrupt_control = 0;
	ep->state = 0;
}

/* model: unit_create (hypervisor-x86/model/ivshmem-peers.pml) */
void ivshmem_attach(struct ivshmem_link *link, struct ivshmem_endpoint *ep)
{
	ep->link = link;
	ep->active = 0;
	reset_view(ep);
	link->peers[ep->id] = ep;
	link->state_table[ep->id] = 0;
}

void ivshmem_activate(struct ivshmem_endpoint *ep)
{
	ep->active = 1;
}

/* Vector 0 for every peer but `ep`: its state changed. */
static void signal_state(const struct ivshmem_endpoint *ep,
			 struct ivshmem_effect *effect)
{
	struct ivshmem_link *link = ep->link;
	unsigned int n;

	for (n = 0; n < link->max_peers; n++)
		if (link->peers[n] && link->peers[n] != ep)
			effect->signal[effect->count++] =
				(struct ivshmem_signal){ link->peers[n],
							 STATE_VECTOR };
}

/* model: reset_a, unit_quiesce (hypervisor-x86/model/ivshmem-peers.pml) */
void ivshmem_reset(struct ivshmem_endpoint *ep, struct ivshmem_effect *effect)
{
	__u32 old = ep->state;

	effect->count = 0;
	ep->active = 0;
	reset_view(ep);
	ep->link->state_table[ep->id] = 0;
	if (old)
		signal_state(ep, effect);
}

void ivshmem_detach(struct ivshmem_endpoint *ep)
{
	if (ep->link->peers[ep->id] == ep)
		ep->link->peers[ep->id] = NULL;
	ep->link = NULL;
}

/* ---- MSI-X ---- */

static int msix_live(const struct ivshmem_endpoint *ep)
{
	return (ep->msix_control &
		(MSIX_CTRL_ENABLE | MSIX_CTRL_FUNCTION_MASK)) ==
	       MSIX_CTRL_ENABLE;
}

/* A remappable-format message (the root's, with interrupt remapping):
 * the entry it names, whose CPU must still be one of the target's. */
static int resolved_target(const struct pci_msi_cpus *cpus, __u64 address,
			   __u32 data, __u32 *apic_id, __u8 *vector,
			   const char **reason)
{
	unsigned int n;

	if (cpus->resolve->target(cpus->resolve->ctx, address, data, apic_id,
				  vector, reason))
		return -EPERM;
	for (n = 0; n < cpus->num_cpus; n++)
		if (cpus->cpus[n].in_cell && cpus->cpus[n].apic_id == *apic_id)
			return 0;
	*reason = "remappable-format MSI names a CPU outside the cell";
	return -EPERM;
}

/* The APIC ID and vector of entry `n` as the target's CPUs may receive
 * it (fixed delivery to one CPU). */
static int entry_target(const struct ivshmem_endpoint *ep, unsigned int n,
			const struct pci_msi_cpus *cpus, __u32 *apic_id,
			__u8 *vector, const char **reason)
{
	const struct pci_msix_entry *e = &ep->msix[n];
	__u64 address = (__u64)e->address_hi << 32 | e->address_lo;
	__u32 data = e->data;

	if (cpus->resolve && (address & PCI_MSI_ADDRESS_REMAPPABLE))
		return resolved_target(cpus, address, data, apic_id, vector,
				       reason);
	if (pci_msi_rewrite(cpus, &address, &data, reason))
		return -EPERM;
	*apic_id = (address >> 12) & 0xff;
	*vector = data & 0xff;
	return 0;
}

/* Every unmasked entry of a live function must hold a safe message, as
 * for a real device (pci-msi.c): a violation stops the cell. */
static int check_entry(struct ivshmem_endpoint *ep, unsigned int n,
		       const struct pci_msi_cpus *cpus, const char **reason)
{
	__u32 apic_id;
	__u8 vector;

	if (!msix_live(ep) || (ep->msix[n].ctrl & MSIX_ENTRY_MASKED))
		return 0;
	return entry_target(ep, n, cpus, &apic_id, &vector, reason);
}

static int check_entries(struct ivshmem_endpoint *ep,
			 const struct pci_msi_cpus *cpus, const char **reason)
{
	unsigned int n;
	int err;

	for (n = 0; n < IVSHMEM_MSIX_VECTORS; n++) {
		err = check_entry(ep, n, cpus, reason);
		if (err)
			return err;
	}
	return 0;
}

static void write_entry_word(struct pci_msix_entry *e, unsigned int word,
			     __u32 value)
{
	switch (word) {
	case 0:
		e->address_lo = value;
		break;
	case 1:
		e->address_hi = value;
		break;
	case 2:
		e->data = value;
		break;
	default:
		e->ctrl = value & MSIX_ENTRY_MASKED; /* the rest reserved */
		break;
	}
}

static __u32 read_entry_word(const struct pci_msix_entry *e, unsigned int word)
{
	const __u32 words[4] = { e->address_lo, e->address_hi, e->data,
				 e->ctrl };

	return words[word];
}

static int decoding(const struct ivshmem_endpoint *ep, unsigned int bar)
{
	return (ep->command & PCI_COMMAND_MEMORY) &&
	       ep->bar[bar] == ep->bar_address[bar];
}

int ivshmem_msix_access(struct ivshmem_endpoint *ep,
			const struct pci_msi_cpus *cpus, unsigned int offset,
			unsigned int size, int is_write, __u64 *value,
			const char **reason)
{
	unsigned int n = offset / MSIX_ENTRY_SIZE;
	unsigned int word = offset % MSIX_ENTRY_SIZE / 4;

	if (!is_write)
		*value = 0;
	if (!decoding(ep, 1) || (size != 4 && size != 8) ||
	    offset % size != 0 || n >= IVSHMEM_MSIX_VECTORS) {
		/* the PBA and unbacked offsets: 0, writes ignored; with
		 * decoding off the page is not the device's */
		if (!is_write && !decoding(ep, 1))
			*value = size == 8 ? ~0ULL : 0xffffffffU;
		return 0;
	}
	if (!is_write) {
		*value = read_entry_word(&ep->msix[n], word);
		if (size == 8)
			*value |= (__u64)read_entry_word(&ep->msix[n], word + 1)
				  << 32;
		return 0;
	}
	write_entry_word(&ep->msix[n], word, (__u32)*value);
	if (size == 8)
		write_entry_word(&ep->msix[n], word + 1, (__u32)(*value >> 32));
	return check_entry(ep, n, cpus, reason);
}

/* model: signal_a, signal_root (hypervisor-x86/model/ivshmem-peers.pml) */
int ivshmem_signal_message(const struct ivshmem_signal *s,
			   const struct pci_msi_cpus *cpus, __u32 *apic_id,
			   __u8 *vector, const char **reason)
{
	struct ivshmem_endpoint *t = s->target;
	int err;

	*reason = NULL;
	if (!t->active || !(t->interrupt_control & INT_CTRL_ENABLE) ||
	    !msix_live(t) || s->vector >= IVSHMEM_MSIX_VECTORS ||
	    (t->msix[s->vector].ctrl & MSIX_ENTRY_MASKED))
		return -ENOENT;
	/* checked when written, checked again: the message goes to the
	 * target's CPUs only, whatever happened since */
	err = entry_target(t, s->vector, cpus, apic_id, vector, reason);
	if (err)
		return err;
	if (t->privileged_control & PRIV_CTRL_ONE_SHOT)
		t->interrupt_control &= ~INT_CTRL_ENABLE;
	return 0;
}

/* ---- BAR 0 ---- */

static void doorbell(struct ivshmem_endpoint *ep, __u32 value,
		     struct ivshmem_effect *effect)
{
	unsigned int target = value >> 16;
	struct ivshmem_link *link = ep->link;

	/* a non-existent target has no effect (spec, Doorbell) */
	if (target >= link->max_peers || !link->peers[target])
		return;
	effect->signal[effect->count++] =
		(struct ivshmem_signal){ link->peers[target], value & 0xffff };
}

static void state_write(struct ivshmem_endpoint *ep, __u32 value,
			struct ivshmem_effect *effect)
{
	if (value == ep->state)
		return;
	ep->state = value;
	ep->link->state_table[ep->id] = value;
	signal_state(ep, effect);
}

void ivshmem_register_access(struct ivshmem_endpoint *ep, unsigned int offset,
			     unsigned int size, int is_write, __u64 *value,
			     struct ivshmem_effect *effect)
{
	__u32 v = (__u32)*value;

	effect->count = 0;
	if (!is_write)
		*value = 0;
	if (!decoding(ep, 0)) {
		if (!is_write)
			*value = size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
		return;
	}
	if (size != 4 || offset % 4)
		return;
	switch (offset) {
	case IVSHMEM_REG_ID:
		if (!is_write)
			*value = ep->id;
		break;
	case IVSHMEM_REG_MAX_PEERS:
		if (!is_write)
			*value = ep->link->max_peers;
		break;
	case IVSHMEM_REG_INT_CTRL:
		if (is_write)
			ep->interrupt_control = v & INT_CTRL_ENABLE;
		else
			*value = ep->interrupt_control;
		break;
	case IVSHMEM_REG_DOORBELL:
		if (is_write)
			doorbell(ep, v, effect);
		break;
	case IVSHMEM_REG_STATE:
		if (is_write)
			state_write(ep, v, effect);
		else
			*value = ep->state;
		break;
	}
}

/* ---- config space ---- */

static __u32 config_dword(const struct ivshmem_endpoint *ep, unsigned int reg)
{
	__u16 protocol = ep->config->shmem_protocol;

	switch (reg) {
	case 0x00:
	case 0x2c: /* subsystem IDs: the same, this hypervisor's device */
		return IVSHMEM_VENDOR_ID | IVSHMEM_DEVICE_ID << 16;
	case 0x04:
		return ep->command | PCI_STATUS_CAP_LIST << 16;
	case 0x08: /* revision 0; the protocol in interface and sub-class */
		return (__u32)protocol << 8 | (__u32)PCI_CLASS_OTHER << 24;
	case 0x10:
		return ep->bar[0];
	case 0x14:
		return ep->bar[1];
	case 0x34:
		return IVSHMEM_CAP_VENDOR;
	case IVSHMEM_CAP_VENDOR:
		return PCI_CAP_ID_VENDOR | IVSHMEM_CAP_MSIX << 8 |
		       IVSHMEM_CAP_VENDOR_LEN << 16 |
		       (__u32)ep->privileged_control << 24;
	case IVSHMEM_CAP_VENDOR + 0x04:
		return (__u32)ep->state_table_size;
	case IVSHMEM_CAP_VENDOR + 0x08:
		return (__u32)ep->rw_size;
	case IVSHMEM_CAP_VENDOR + 0x0c:
		return (__u32)(ep->rw_size >> 32);
	case IVSHMEM_CAP_VENDOR + 0x10:
		return (__u32)ep->output_size;
	case IVSHMEM_CAP_VENDOR + 0x14:
		return (__u32)(ep->output_size >> 32);
	case IVSHMEM_CAP_VENDOR + 0x18:
		return (__u32)ep->shmem_gphys;
	case IVSHMEM_CAP_VENDOR + 0x1c:
		return (__u32)(ep->shmem_gphys >> 32);
	case IVSHMEM_CAP_MSIX: /* last capability: next 0 */
		return PCI_CAP_ID_MSIX |
		       (__u32)(ep->msix_control | (IVSHMEM_MSIX_VECTORS - 1))
			       << 16;
	case IVSHMEM_CAP_MSIX + 0x04: /* table at BAR 1 offset 0 */
		return MSIX_BIR_BAR1;
	case IVSHMEM_CAP_MSIX + 0x08:
		return IVSHMEM_PBA_OFFSET | MSIX_BIR_BAR1;
	}
	/* interrupt pin 0 (MSI-X only), everything else not implemented */
	return 0;
}

/* A BAR takes only its config address, or the sizing pattern (all ones
 * reads back as the size): the device's pages never move. */
static void bar_write(struct ivshmem_endpoint *ep, unsigned int n, __u32 value)
{
	value &= PCI_BAR_ADDRESS_MASK;
	if (value == PCI_BAR_ADDRESS_MASK || value == ep->bar_address[n])
		ep->bar[n] = value;
}

static int config_write(struct ivshmem_endpoint *ep,
			const struct pci_msi_cpus *cpus, unsigned int reg,
			__u32 value, __u32 mask, const char **reason)
{
	int was_live = msix_live(ep);

	switch (reg) {
	case 0x04:
		ep->command = (ep->command & ~(mask & PCI_COMMAND_WRITABLE)) |
			      (value & mask & PCI_COMMAND_WRITABLE);
		return 0;
	case 0x10:
	case 0x14:
		bar_write(ep, (reg - 0x10) / 4,
			  (config_dword(ep, reg) & ~mask) | (value & mask));
		return 0;
	case IVSHMEM_CAP_VENDOR:
		if (mask & 0xff000000U)
			ep->privileged_control = (value >> 24) &
						 PRIV_CTRL_ONE_SHOT;
		return 0;
	case IVSHMEM_CAP_MSIX:
		if (!(mask & 0xffff0000U))
			return 0;
		value = (config_dword(ep, reg) & ~mask) | (value & mask);
		ep->msix_control = (value >> 16) & MSIX_CTRL_WRITABLE;
		/* going live: every unmasked entry is checked first, and the
		 * function stays off if one is unsafe */
		if (!was_live && msix_live(ep) &&
		    check_entries(ep, cpus, reason)) {
			ep->msix_control &= ~MSIX_CTRL_ENABLE;
			return -EPERM;
		}
		return 0;
	}
	return 0; /* read-only or not implemented: writes ignored */
}

int ivshmem_config_access(struct ivshmem_endpoint *ep,
			  const struct pci_msi_cpus *cpus, unsigned int reg,
			  unsigned int size, int is_write, __u32 *value,
			  const char **reason)
{
	unsigned int shift = (reg & 3) * 8;
	__u32 mask = size == 4 ? 0xffffffffU :
				 ((1U << (size * 8)) - 1) << shift;

	*reason = NULL;
	if (!is_write) {
		*value = (config_dword(ep, reg & ~3U) & mask) >> shift;
		return 0;
	}
	return config_write(ep, cpus, reg & ~3U, *value << shift, mask, reason);
}
