/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ivshmem v2 (ivshmem.c): the virtual PCI device that links two or more
 * cells through shared memory and doorbells (Documentation/ivshmem.md).
 *
 * Pure logic: a link holds its peers' endpoints (one per cell that lists
 * the device) and the hypervisor's view of the link's state table; an
 * endpoint is what one cell sees: its config space, the register page
 * (BAR 0) and the MSI-X page (BAR 1).  Nothing here takes a lock, maps
 * memory or sends an interrupt: the caller (the ivshmem unit) holds the
 * link's lock around every call, gives the state table mapped, and sends
 * the signals an access returns with ivshmem_signal_message().
 *
 * The shared memory is not a BAR: the cell finds it at the base address
 * of the vendor-specific capability (its guest-physical address, fixed by
 * the config), laid out as the spec says: the state table (read-only),
 * the read/write section, then one output section per peer (writable by
 * its owner only).  Those regions are ordinary memory regions of the
 * cell's config; the validator checks their flags and sizes, and
 * ivshmem_layout_check() what the spec adds (one contiguous range in the
 * cell, sizes the peers agree on).
 */
#ifndef _HV_IVSHMEM_H
#define _HV_IVSHMEM_H

#include <jailhouse/config.h>
#include "pci-msi.h"

#define IVSHMEM_VENDOR_ID 0x110a
#define IVSHMEM_DEVICE_ID 0x4106
/* Every peer has the same number of MSI-X vectors (the spec wants it);
 * vector 0 also signals state changes. */
#define IVSHMEM_MSIX_VECTORS 4
/* Both BARs are one 4 KiB page: the registers, and the MSI-X table with
 * the PBA at IVSHMEM_PBA_OFFSET. */
#define IVSHMEM_BAR_SIZE 0x1000
#define IVSHMEM_PBA_OFFSET 0x800

/* BAR 0 registers (spec, "Register Region"), aligned 32-bit only */
#define IVSHMEM_REG_ID 0x00
#define IVSHMEM_REG_MAX_PEERS 0x04
#define IVSHMEM_REG_INT_CTRL 0x08
#define IVSHMEM_REG_DOORBELL 0x0c
#define IVSHMEM_REG_STATE 0x10

/* config space: the vendor-specific capability, then MSI-X */
#define IVSHMEM_CAP_VENDOR 0x40
#define IVSHMEM_CAP_VENDOR_LEN 0x20
#define IVSHMEM_CAP_MSIX 0x60

struct ivshmem_link;

/* One cell's device on a link. */
struct ivshmem_endpoint {
	struct ivshmem_link *link;
	const struct jailhouse_pci_device *config; /* the cell's entry */
	unsigned int id;			   /* shmem_dev_id */
	/* the cell runs and its device takes part in the link: doorbells
	 * and state changes reach it only then */
	int active;
	/* where the cell sees the shared memory and the two BARs */
	__u64 shmem_gphys, state_table_size, rw_size, output_size;
	__u32 bar_address[2];
	/* the cell's regions of the link: state table, read/write section,
	 * then the output sections of peers 0.. (2 + shmem_peers) */
	const struct jailhouse_memory *regions;

	/* ---- config space, as the cell wrote it ---- */
	__u16 command;
	__u32 bar[2];
	__u8 privileged_control; /* bit 0: one-shot interrupt mode */
	__u16 msix_control;	 /* enable and function mask */
	struct pci_msix_entry msix[IVSHMEM_MSIX_VECTORS];

	/* ---- BAR 0 ---- */
	__u32 interrupt_control; /* bit 0: interrupts on */
	__u32 state;
};

/* The peers of one link (same domain, bdf and shared memory). */
struct ivshmem_link {
	unsigned int max_peers; /* shmem_peers */
	struct ivshmem_endpoint *peers[JAILHOUSE_IVSHMEM_MAX_PEERS];
	/* the hypervisor's view of the state table: max_peers entries */
	volatile __u32 *state_table;
};

/* An interrupt an access asks for: vector `vector` at peer `target`. */
struct ivshmem_signal {
	struct ivshmem_endpoint *target;
	unsigned int vector;
};

/* What an access produced: signals to send (after the call, still under
 * the link's lock: ivshmem_signal_message() for each). */
struct ivshmem_effect {
	unsigned int count;
	struct ivshmem_signal signal[JAILHOUSE_IVSHMEM_MAX_PEERS];
};

/*
 * The spec's layout of device `d` in cell config `c` (validated by
 * jh_config_validate): the regions from shmem_regions_start must follow
 * each other in the cell's address space (the cell computes a section's
 * address from the sizes), and BARs 0 and 1 must be given as 32-bit
 * memory BARs, page-aligned, outside the cell's memory regions and the
 * chipset's range 0xfec00000-0xfeffffff.  Fills
 * the endpoint's addresses and sizes.  0, or -EINVAL with a sentence.
 */
int ivshmem_layout_check(struct ivshmem_endpoint *ep,
			 const struct jailhouse_cell_desc *c,
			 const struct jailhouse_pci_device *d, char *msg,
			 unsigned long msg_size);

/* Does endpoint `ep` agree with the link's first peer `other` (sizes,
 * peer count, protocol) and is its id free?  0, or -EINVAL/-EBUSY with a
 * sentence. */
int ivshmem_peer_check(const struct ivshmem_link *link,
		       const struct ivshmem_endpoint *ep, char *msg,
		       unsigned long msg_size);

/* Joins `ep` (filled by ivshmem_layout_check) to `link` as after a device
 * reset: config space and registers at their reset values, inactive. */
void ivshmem_attach(struct ivshmem_link *link, struct ivshmem_endpoint *ep);

/* Its cell runs: doorbells and state changes reach `ep` from now on. */
void ivshmem_activate(struct ivshmem_endpoint *ep);

/*
 * Its cell stopped, failed or goes away: `ep` back to its reset values,
 * its state table entry 0, and, if its state was not 0, vector 0 for
 * every other peer (`effect`).  `ep` stays on the link (detach to leave).
 */
void ivshmem_reset(struct ivshmem_endpoint *ep, struct ivshmem_effect *effect);

/* Leaves the link (after ivshmem_reset). */
void ivshmem_detach(struct ivshmem_endpoint *ep);

/*
 * A config-space access of the owner cell: `reg` 0..0xfff, `size` 1, 2 or
 * 4 not crossing a dword.  Reads fill *value; writes update the view
 * (command: memory, bus master, INTx disable; BARs: only their config
 * address or the sizing pattern; the one-shot bit; MSI-X enable and
 * function mask).  0, or -EPERM with *reason when MSI-X goes live with
 * an unmasked entry whose message cannot be made safe (it stays off; the
 * caller stops the cell).
 */
int ivshmem_config_access(struct ivshmem_endpoint *ep,
			  const struct pci_msi_cpus *cpus, unsigned int reg,
			  unsigned int size, int is_write, __u32 *value,
			  const char **reason);

/*
 * A BAR 0 access, `offset` into the page: aligned 32-bit accesses to
 * the registers take effect; others read 0 and are ignored, as the spec
 * asks of offsets without a register.  A doorbell or a state change adds
 * signals to `effect` (cleared first).
 */
void ivshmem_register_access(struct ivshmem_endpoint *ep, unsigned int offset,
			     unsigned int size, int is_write, __u64 *value,
			     struct ivshmem_effect *effect);

/*
 * A BAR 1 access: the MSI-X table (aligned 4 or 8 bytes) and the PBA
 * (reads 0: ivshmem has no pending state).  0, or -EPERM with *reason
 * when the cell made an enabled, unmasked vector hold a message that
 * cannot be made safe (pci_msi_rewrite() with the cell's CPUs `cpus`):
 * the entry keeps the cell's value but will never be sent; the caller
 * stops the cell.
 */
int ivshmem_msix_access(struct ivshmem_endpoint *ep,
			const struct pci_msi_cpus *cpus, unsigned int offset,
			unsigned int size, int is_write, __u64 *value,
			const char **reason);

/*
 * Whether signal `s` becomes an interrupt now, and which: the target is
 * active, has interrupts on (Interrupt Control bit 0), MSI-X enabled and
 * not function-masked, the vector exists and is unmasked, and its
 * message passes pci_msi_rewrite() with the target cell's CPUs `cpus`
 * (a remappable-format message, the root's with interrupt remapping:
 * the entry cpus->resolve finds, whose CPU is one of `cpus`).
 * Then 0 with the APIC ID and vector to send (fixed delivery), and in
 * one-shot mode the target's Interrupt Control is cleared.  -ENOENT: no
 * interrupt (as the spec says: no effect); -EPERM: the message is unsafe,
 * also no interrupt (*reason says why).
 */
int ivshmem_signal_message(const struct ivshmem_signal *s,
			   const struct pci_msi_cpus *cpus, __u32 *apic_id,
			   __u8 *vector, const char **reason);

/* ---- ivshmem-unit.c: the unit (ivshmem_unit) and pci.c's seam ---- */
struct cell;
struct per_cpu;

/* Is `bdf` one of `cell`'s ivshmem devices?  Lock-free: a cell's devices
 * change only at its create and destroy, while its CPUs are parked. */
int ivshmem_is_device(const struct cell *cell, __u16 bdf);

/* `cpu`'s config access to its cell's ivshmem device `bdf`, as
 * pci_config_device() (pci.h): 0, or -EPERM when the cell was stopped. */
int ivshmem_config_device(struct per_cpu *cpu, __u16 bdf, unsigned int reg,
			  unsigned int size, int is_write, __u32 *value);

#endif
