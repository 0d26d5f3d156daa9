/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * System and cell configuration descriptors: the binary format of `.cell`
 * files.  See Documentation/abi.md for a picture of the layout.
 *
 * A cell configuration is a struct jailhouse_cell_desc followed, in this
 * order and without padding, by:
 *   __u8                               cpu_set[cpu_set_size]
 *   struct jailhouse_memory            mem_regions[num_memory_regions]
 *   struct jailhouse_irqchip           irqchips[num_irqchips]
 *   struct jailhouse_pio               pio_regions[num_pio_regions]
 *   struct jailhouse_pci_device        pci_devices[num_pci_devices]
 *   struct jailhouse_pci_capability    pci_caps[num_pci_caps]
 *
 * A system configuration is a struct jailhouse_system_desc whose last member
 * is the root cell's descriptor, followed by the root cell's arrays and then
 * (revision 3) by the DMAR's device scopes and reserved-memory regions:
 *   struct jailhouse_iommu_scope       iommu_scopes[num_iommu_scopes]
 *   struct jailhouse_rmrr              rmrrs[num_rmrrs]
 *
 * All numbers are little endian; all structures are packed.  Sizes are
 * pinned by JH_CHECK_SIZE so that a change to the ABI breaks the build.
 */
#ifndef _JAILHOUSE_CONFIG_H
#define _JAILHOUSE_CONFIG_H

#include "types.h"

#define JAILHOUSE_CELL_SIGNATURE "JHCELL"
#define JAILHOUSE_SYSTEM_SIGNATURE "JHSYST"
#define JAILHOUSE_SIGNATURE_SIZE 6
#define JAILHOUSE_CONFIG_REVISION 5

#define JAILHOUSE_CELL_NAME_MAXLEN 31

/* Upper bounds every consumer enforces before trusting a descriptor. */
#define JAILHOUSE_MAX_CPUS 256
#define JAILHOUSE_MAX_CPU_SET_SIZE (JAILHOUSE_MAX_CPUS / 8)
#define JAILHOUSE_MAX_MEM_REGIONS 256
#define JAILHOUSE_MAX_IRQCHIPS 8
#define JAILHOUSE_MAX_PIO_REGIONS 64
#define JAILHOUSE_MAX_PCI_DEVICES 256
#define JAILHOUSE_MAX_PCI_CAPS 1024
#define JAILHOUSE_MAX_IOMMU_UNITS 8
#define JAILHOUSE_MAX_IOMMU_SCOPES 256
#define JAILHOUSE_MAX_RMRRS 32
#define JAILHOUSE_MAX_CONFIG_SIZE (1024 * 1024)

/* ---- cell flags ------------------------------------------------------- */
/* The cell may be shut down without asking it (no comm-region handshake). */
#define JAILHOUSE_CELL_PASSIVE_COMMREG 0x00000001
/* The cell may write to the debug console UART directly. */
#define JAILHOUSE_CELL_DEBUG_CONSOLE 0x00000002
/* The cell may print through the console hypercalls. */
#define JAILHOUSE_CELL_VIRTUAL_CONSOLE 0x00000004
/* The cell's CPUs start in x2APIC mode is NOT implied; this only permits
 * the cell to switch its CPUs to x2APIC. */
#define JAILHOUSE_CELL_X2APIC_PERMITTED 0x00000008
/* Test cells for the attack scenarios: allow the test hypercalls. */
#define JAILHOUSE_CELL_TEST_HOOKS 0x00000010
#define JAILHOUSE_CELL_VALID_FLAGS 0x0000001f

/* ---- memory regions --------------------------------------------------- */
#define JAILHOUSE_MEM_READ 0x0001
#define JAILHOUSE_MEM_WRITE 0x0002
#define JAILHOUSE_MEM_EXECUTE 0x0004
/* Devices of the cell may DMA into this region (IOMMU mapping). */
#define JAILHOUSE_MEM_DMA 0x0008
/* Device memory: mapped uncached. */
#define JAILHOUSE_MEM_IO 0x0010
/* The cell's communication region is mapped here (no phys_start). */
#define JAILHOUSE_MEM_COMM_REGION 0x0020
/* The root cell may write it while the cell is loadable. */
#define JAILHOUSE_MEM_LOADABLE 0x0040
/* The region stays mapped in the root cell too (shared memory). */
#define JAILHOUSE_MEM_ROOTSHARED 0x0080
/*
 * Sub-page I/O region: not mapped but trapped, and every access emulated.
 * The width bits say which access sizes are allowed.
 */
#define JAILHOUSE_MEM_IO_UNALIGNED 0x0100
#define JAILHOUSE_MEM_IO_8 0x0200
#define JAILHOUSE_MEM_IO_16 0x0400
#define JAILHOUSE_MEM_IO_32 0x0800
#define JAILHOUSE_MEM_IO_64 0x1000
#define JAILHOUSE_MEM_IO_WIDTHS 0x1e00
#define JAILHOUSE_MEM_VALID_FLAGS 0x1fff

#define JAILHOUSE_MEM_RW (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_WRITE)
#define JAILHOUSE_MEM_RWX (JAILHOUSE_MEM_RW | JAILHOUSE_MEM_EXECUTE)

struct jailhouse_memory {
	__u64 phys_start;
	__u64 virt_start; /* guest-physical address in the cell */
	__u64 size;
	__u64 flags;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_memory, 32);

/* ---- port I/O ranges -------------------------------------------------- */
/*
 * The root cell keeps access to the range as well.  Only meant for
 * read-only hardware such as the ACPI PM timer, which every cell may read.
 */
#define JAILHOUSE_PIO_ROOT_SHARED 0x0001
#define JAILHOUSE_PIO_VALID_FLAGS 0x0001

struct jailhouse_pio {
	__u16 base;
	__u16 length;
	__u32 flags;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_pio, 8);

/* ---- interrupt controllers (IOAPICs) ---------------------------------- */
#define JAILHOUSE_IRQCHIP_MAX_PINS 128

struct jailhouse_irqchip {
	__u64 address; /* MMIO base of the IOAPIC */
	__u32 id;      /* IOAPIC ID as in the MADT */
	__u32 gsi_base;
	/* Requester ID the IOAPIC uses towards the IOMMU (bus:dev.fn). */
	__u16 iommu_source_id;
	__u8 iommu; /* index into platform.iommu_units */
	__u8 num_pins;
	__u32 reserved;
	__u32 pin_bitmap[JAILHOUSE_IRQCHIP_MAX_PINS / 32];
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_irqchip, 40);

/* ---- PCI -------------------------------------------------------------- */
#define JAILHOUSE_PCI_TYPE_DEVICE 0x01
#define JAILHOUSE_PCI_TYPE_BRIDGE 0x02
#define JAILHOUSE_PCI_TYPE_IVSHMEM 0x03

/* Peers of one ivshmem link at most (shmem_peers, 2 or more). */
#define JAILHOUSE_IVSHMEM_MAX_PEERS 16

/* The device is a physical endpoint able to master the bus (DMA). */
#define JAILHOUSE_PCI_FLAG_DMA_CAPABLE 0x0001
#define JAILHOUSE_PCI_FLAG_MSI_64BITS 0x0002
#define JAILHOUSE_PCI_FLAG_MSI_MASKABLE 0x0004
/*
 * Revision 3.  The device's DMA reaches the IOMMU under the requester ID
 * dma_alias, not its own: it sits behind a PCIe-to-PCI bridge (alias: the
 * bridge's secondary bus, device 0, function 0) or a conventional PCI
 * bridge (alias: the bridge).  Every device with the same alias goes to
 * one cell together.
 */
#define JAILHOUSE_PCI_FLAG_DMA_ALIAS 0x0008
/*
 * Revision 3.  A function of a multi-function device without ACS: it can
 * reach its sibling functions peer to peer, past the IOMMU.  All functions
 * of the device with this flag go to one cell together.
 */
#define JAILHOUSE_PCI_FLAG_NO_ACS 0x0010
#define JAILHOUSE_PCI_VALID_FLAGS 0x001f

/*
 * Revision 4: an address window a PCI bridge forwards from its primary to
 * its secondary side (config space 0x1c-0x2f and 0x30-0x33).  size 0: the
 * window is closed (its limit is below its base).
 */
struct jailhouse_pci_window {
	__u64 base;
	__u64 size;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_pci_window, 16);

/* The granularity of a bridge's windows (PCI-to-PCI bridge spec 1.2). */
#define JAILHOUSE_PCI_IO_WINDOW_ALIGN 0x1000ULL
#define JAILHOUSE_PCI_MEM_WINDOW_ALIGN 0x100000ULL

struct jailhouse_pci_device {
	__u8 type;
	__u8 iommu; /* index into platform.iommu_units */
	__u16 domain;
	__u16 bdf; /* bus << 8 | device << 3 | function */
	__u16 flags;
	__u32 caps_start; /* index into the cell's pci_caps */
	__u16 num_caps;
	__u8 num_msi_vectors;
	__u8 reserved;
	__u16 num_msix_vectors;
	__u16 msix_region_size;
	__u64 msix_address;
	__u32 bar_mask[6];
	/* ivshmem only: the link between cells. */
	__u32 shmem_regions_start; /* index into the cell's mem_regions */
	__u8 shmem_dev_id;	   /* this cell's peer number */
	__u8 shmem_peers;	   /* maximum number of peers */
	__u16 shmem_protocol;
	__u16 dma_alias; /* with JAILHOUSE_PCI_FLAG_DMA_ALIAS: bus:dev.fn */
	__u16 reserved2;
	/*
	 * Revision 2: where the device's registers are, so that no cell maps
	 * the registers of a device it does not own.  Each BAR as the device
	 * holds it, type bits included (bit 0: I/O; bits 2:1 = 2: 64-bit, the
	 * whole address in the lower slot, the upper slot 0); 0: unused.
	 */
	__u64 bar_address[6];
	__u64 msix_pba_address; /* the MSI-X pending-bit array; 0: none */
	/*
	 * Revision 4, type BRIDGE only (0 for other types): the buses behind
	 * the bridge and the windows through which it forwards the ports and
	 * addresses of the devices there, so that no cell maps what lies
	 * behind a bridge without owning it (Documentation/security.md).
	 */
	__u8 secondary_bus;
	__u8 subordinate_bus;
	__u16 reserved3;
	__u32 reserved4;
	struct jailhouse_pci_window io_window;
	struct jailhouse_pci_window mem_window;
	/* prefetchable memory, 64-bit where the bridge decodes it so */
	struct jailhouse_pci_window pref_window;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_pci_device, 176);

#define JAILHOUSE_PCICAPS_WRITE 0x0001
#define JAILHOUSE_PCI_EXT_CAP 0x8000 /* in id: extended capability */

struct jailhouse_pci_capability {
	__u16 id;
	__u16 start;
	__u16 len;
	__u16 flags;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_pci_capability, 8);

/* ---- consoles --------------------------------------------------------- */
#define JAILHOUSE_CON_TYPE_NONE 0x0000
#define JAILHOUSE_CON_TYPE_8250_PIO 0x0001
#define JAILHOUSE_CON_TYPE_8250_MMIO 0x0002

struct jailhouse_console {
	__u64 address; /* port number for PIO */
	__u32 size;
	__u16 type;
	__u16 flags;
	__u32 divider; /* baud divisor; 0 keeps the firmware's */
	__u32 reserved;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_console, 24);

/* ---- cell descriptor -------------------------------------------------- */
struct jailhouse_cell_desc {
	char signature[JAILHOUSE_SIGNATURE_SIZE];
	__u16 revision;
	char name[JAILHOUSE_CELL_NAME_MAXLEN + 1];
	__u32 flags;

	__u32 cpu_set_size; /* bytes, multiple of 8 */
	__u32 num_memory_regions;
	__u32 num_irqchips;
	__u32 num_pio_regions;
	__u32 num_pci_devices;
	__u32 num_pci_caps;
	__u32 reserved;

	/* Where the first CPU starts, in real mode (CS base = addr & ~0xffff). */
	__u64 cpu_reset_address;
	/* How long a shutdown request may wait for the cell's answer. */
	__u32 msg_reply_timeout_ms;
	__u32 reserved2;

	struct jailhouse_console console;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_cell_desc, 112);

/* ---- system descriptor ------------------------------------------------ */
/*
 * Opt-in to run without any IOMMU unit.  There is then no DMA isolation:
 * meant for emulators and boards without VT-d only.
 */
#define JAILHOUSE_SYS_NO_IOMMU 0x0001
/*
 * Run without any IOMMU unit and still allow giving a DMA-capable PCI
 * device to a non-root cell; implies JAILHOUSE_SYS_NO_IOMMU (setting both
 * is allowed).  UNSAFE: that cell can then read and write all memory of
 * every cell and of the hypervisor.
 */
#define JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA 0x0002
#define JAILHOUSE_SYS_VALID_FLAGS 0x0003

#define JAILHOUSE_IOMMU_FLAG_INTR_REMAP 0x0001 /* IR supported */
#define JAILHOUSE_IOMMU_FLAG_EIM 0x0002	       /* x2APIC IR */
#define JAILHOUSE_IOMMU_FLAG_QUEUED_INV 0x0004
#define JAILHOUSE_IOMMU_FLAG_INCLUDE_ALL 0x0008 /* DRHD INCLUDE_PCI_ALL */

/* 256 entries (one page) to 65536 (Linux's own table size, 1 MiB). */
#define JAILHOUSE_IOMMU_IR_ORDER_MIN 8
#define JAILHOUSE_IOMMU_IR_ORDER_MAX 16

struct jailhouse_iommu {
	__u64 base; /* MMIO base of the remapping unit */
	__u32 size;
	__u16 segment;
	__u16 flags;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_iommu, 16);

#define JAILHOUSE_APIC_MODE_XAPIC 0
#define JAILHOUSE_APIC_MODE_X2APIC 1

struct jailhouse_x86_platform {
	__u64 pci_mmconfig_base; /* 0: no MMCONFIG, ports 0xcf8/0xcfc */
	__u8 pci_mmconfig_end_bus;
	__u8 apic_mode;
	__u8 num_iommu_units;
	/*
	 * Revision 5: each unit's interrupt remapping table has
	 * 2^iommu_ir_order entries (JAILHOUSE_IOMMU_IR_ORDER_MIN..MAX with
	 * units, 0 without).  The root's Linux keeps its entry numbers, so the
	 * table needs room for every interrupt source of the busiest unit;
	 * `config create` counts them (Documentation/vtd.md).
	 */
	__u8 iommu_ir_order;
	__u16 pci_domain;
	__u16 pm_timer_address; /* 0: none */
	__u32 tsc_khz;		/* 0: measure */
	__u32 apic_khz;		/* 0: measure */
	struct jailhouse_iommu iommu_units[JAILHOUSE_MAX_IOMMU_UNITS];
	/*
	 * From the FADT (revision 2): ports no non-root cell may own, because
	 * writing them raises an SMI or puts the machine to sleep or off.
	 * 0: the FADT has none.
	 */
	__u16 smi_command_port;	 /* SMI_CMD */
	__u16 pm1a_control_port; /* PM1a_CNT_BLK */
	__u16 pm1b_control_port; /* PM1b_CNT_BLK */
	__u8 pm1_control_length; /* PM1_CNT_LEN, bytes of each block */
	__u8 reserved2;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_x86_platform, 160);

/* ---- DMAR device scopes and reserved-memory regions (revision 3) ---- */
/*
 * What the ACPI DMAR table says, as `config create` read it: which
 * devices, bridges, IOAPICs and HPETs each remapping unit (DRHD) covers,
 * and which devices need which memory (RMRR) for their firmware's DMA.
 * A scope's path is already walked through the bridges: bdf is where it
 * leads, which for an IOAPIC or HPET is its source ID.
 */
#define JAILHOUSE_SCOPE_PCI_ENDPOINT 1
/* The bridge and every bus below it (secondary to subordinate bus). */
#define JAILHOUSE_SCOPE_PCI_BRIDGE 2
#define JAILHOUSE_SCOPE_IOAPIC 3
#define JAILHOUSE_SCOPE_HPET 4

/* In iommu: the scope belongs to RMRR rmrr, not to a unit. */
#define JAILHOUSE_SCOPE_OF_RMRR 0xff

struct jailhouse_iommu_scope {
	__u8 type;  /* JAILHOUSE_SCOPE_* */
	__u8 iommu; /* index into platform.iommu_units, or _OF_RMRR */
	__u8 id;    /* IOAPIC: its ID as in the MADT; HPET: its number */
	__u8 rmrr;  /* with JAILHOUSE_SCOPE_OF_RMRR: index into rmrrs */
	__u16 segment;
	__u16 bdf;	      /* bus << 8 | device << 3 | function */
	__u8 secondary_bus;   /* bridge scope: the buses below it; */
	__u8 subordinate_bus; /* else 0 */
	__u16 reserved;
	__u32 reserved2;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_iommu_scope, 16);

struct jailhouse_rmrr {
	__u64 base; /* page aligned */
	__u64 size; /* bytes, page aligned */
	__u16 segment;
	__u16 reserved;
	__u32 reserved2;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_rmrr, 24);

struct jailhouse_system_desc {
	char signature[JAILHOUSE_SIGNATURE_SIZE];
	__u16 revision;
	__u32 flags;
	/* Revision 3: the arrays behind the root cell's (reserved before). */
	__u16 num_iommu_scopes;
	__u16 num_rmrrs;
	/* Physical memory reserved for the hypervisor (memmap=). */
	struct jailhouse_memory hypervisor_memory;
	struct jailhouse_console debug_console;
	struct jailhouse_x86_platform platform;
	struct jailhouse_cell_desc root_cell;
} JH_PACKED;
JH_CHECK_SIZE(struct jailhouse_system_desc, 344);

/* ---- accessors: offsets of the arrays behind a cell descriptor -------- */
static inline __u64
jailhouse_cell_arrays_size(const struct jailhouse_cell_desc *c)
{
	return (__u64)c->cpu_set_size +
	       (__u64)c->num_memory_regions * sizeof(struct jailhouse_memory) +
	       (__u64)c->num_irqchips * sizeof(struct jailhouse_irqchip) +
	       (__u64)c->num_pio_regions * sizeof(struct jailhouse_pio) +
	       (__u64)c->num_pci_devices * sizeof(struct jailhouse_pci_device) +
	       (__u64)c->num_pci_caps * sizeof(struct jailhouse_pci_capability);
}

/* Size of a cell config file: the descriptor plus its arrays. */
static inline __u64
jailhouse_cell_config_size(const struct jailhouse_cell_desc *c)
{
	return sizeof(*c) + jailhouse_cell_arrays_size(c);
}

/*
 * Size of a system config file: the descriptor, the root's arrays, the
 * DMAR scopes and RMRRs.
 */
static inline __u64
jailhouse_system_config_size(const struct jailhouse_system_desc *s)
{
	return sizeof(*s) + jailhouse_cell_arrays_size(&s->root_cell) +
	       (__u64)s->num_iommu_scopes *
		       sizeof(struct jailhouse_iommu_scope) +
	       (__u64)s->num_rmrrs * sizeof(struct jailhouse_rmrr);
}

static inline const struct jailhouse_iommu_scope *
jailhouse_system_iommu_scopes(const struct jailhouse_system_desc *s)
{
	return (const struct jailhouse_iommu_scope *)((const __u8 *)(s + 1) +
						      jailhouse_cell_arrays_size(
							      &s->root_cell));
}

static inline const struct jailhouse_rmrr *
jailhouse_system_rmrrs(const struct jailhouse_system_desc *s)
{
	return (const struct jailhouse_rmrr *)(jailhouse_system_iommu_scopes(
						       s) +
					       s->num_iommu_scopes);
}

static inline const __u8 *
jailhouse_cell_cpu_set(const struct jailhouse_cell_desc *c)
{
	return (const __u8 *)(c + 1);
}

static inline const struct jailhouse_memory *
jailhouse_cell_mem_regions(const struct jailhouse_cell_desc *c)
{
	return (const struct jailhouse_memory *)(jailhouse_cell_cpu_set(c) +
						 c->cpu_set_size);
}

static inline const struct jailhouse_irqchip *
jailhouse_cell_irqchips(const struct jailhouse_cell_desc *c)
{
	return (const struct jailhouse_irqchip *)(jailhouse_cell_mem_regions(
							  c) +
						  c->num_memory_regions);
}

static inline const struct jailhouse_pio *
jailhouse_cell_pio(const struct jailhouse_cell_desc *c)
{
	return (const struct jailhouse_pio *)(jailhouse_cell_irqchips(c) +
					      c->num_irqchips);
}

static inline const struct jailhouse_pci_device *
jailhouse_cell_pci_devices(const struct jailhouse_cell_desc *c)
{
	return (const struct jailhouse_pci_device *)(jailhouse_cell_pio(c) +
						     c->num_pio_regions);
}

static inline const struct jailhouse_pci_capability *
jailhouse_cell_pci_caps(const struct jailhouse_cell_desc *c)
{
	return (const struct jailhouse_pci_capability
			*)(jailhouse_cell_pci_devices(c) + c->num_pci_devices);
}

/* 1 if BAR n of d is a 64-bit memory BAR (its upper half is slot n+1). */
static inline int
jailhouse_pci_bar_is_64bit(const struct jailhouse_pci_device *d, unsigned int n)
{
	return !(d->bar_address[n] & 1) && ((d->bar_address[n] >> 1) & 3) == 2;
}

/*
 * Size of memory BAR n of d, from its sizing mask: 0 for an unused or I/O
 * BAR, and for a 64-bit BAR in slot 5 (it has no upper half).
 */
static inline __u64 jailhouse_pci_bar_size(const struct jailhouse_pci_device *d,
					   unsigned int n)
{
	__u64 mask;

	if (n >= 6 || (d->bar_address[n] & 1) || !d->bar_mask[n])
		return 0;
	mask = d->bar_mask[n] & ~0xfULL;
	if (jailhouse_pci_bar_is_64bit(d, n)) {
		if (n == 5)
			return 0;
		mask |= (__u64)d->bar_mask[n + 1] << 32;
	} else {
		mask |= 0xffffffff00000000ULL;
	}
	return ~mask + 1;
}

static inline int jailhouse_cpu_in_set(const struct jailhouse_cell_desc *c,
				       unsigned int cpu)
{
	if (cpu / 8 >= c->cpu_set_size)
		return 0;
	return (jailhouse_cell_cpu_set(c)[cpu / 8] >> (cpu % 8)) & 1;
}

#endif
