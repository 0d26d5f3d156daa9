/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOAPIC redirection-entry filter (arch/ioapic-filter.c).
 *
 * Without interrupt remapping (the Bochs rig has no IOMMU) a cell that
 * owns IOAPIC pins must not be able to steer their interrupts to CPUs of
 * other cells.  The hypervisor therefore emulates redirection-table writes:
 * it keeps the guest's view of each 64-bit entry and programs the real
 * IOAPIC with what ioapic_rte_filter() returns, in compatibility format:
 *  - the destination always becomes a *physical* APIC ID of one of the
 *    writer's CPUs (logical destinations are resolved here rather than
 *    trusting logical IDs a guest programmed, which could alias a CPU of
 *    another cell); a logical destination naming several of the cell's
 *    CPUs becomes its first one, which is what lowest-priority delivery
 *    may do anyway;
 *  - a physical destination outside the cell is a violation, unless the
 *    entry is masked (then it is parked on the cell's first CPU, still
 *    masked: Linux rewrites the destination before unmasking);
 *  - a logical destination that names none of the cell's CPUs is written
 *    masked (nothing to deliver);
 *  - fixed, lowest-priority and NMI delivery are allowed; ExtINT only when
 *    the caller allows it (the root cell's legacy PIC); SMI, INIT and the
 *    reserved modes are violations;
 *  - the read-only bits (delivery status, remote IRR) are cleared;
 *  - a remappable-format entry (bit 48) is kept as it is (handle, vector,
 *    trigger, polarity, mask; reserved bits cleared) for the root whose
 *    interrupt remapping the hypervisor took over, where the remapping
 *    entry it names holds the validated destination; from anyone else,
 *    or with delivery-mode bits set, it is a violation.
 *
 * A non-root cell owning pins reaches the IOAPIC only through emulation
 * (arch/ioapic.c); ioapic_window_decide() says what each access to the data
 * window may do: the cell reads the ID, version and arbitration registers
 * and its own pins' entries, sees a masked entry for every other pin
 * (guests scan all of them), and writes its own pins' entries only.  Any
 * other write stops the cell.
 */
#ifndef _JH_IOAPIC_FILTER_H
#define _JH_IOAPIC_FILTER_H

#include "apic-icr.h"

#define IOAPIC_RTE_VECTOR_MASK 0x00000000000000ffULL
#define IOAPIC_RTE_DELIVERY_SHIFT 8
#define IOAPIC_RTE_DELIVERY_MASK 0x0000000000000700ULL
#define IOAPIC_RTE_DELIVERY_FIXED 0
#define IOAPIC_RTE_DELIVERY_LOWEST 1
#define IOAPIC_RTE_DELIVERY_SMI 2
#define IOAPIC_RTE_DELIVERY_NMI 4
#define IOAPIC_RTE_DELIVERY_INIT 5
#define IOAPIC_RTE_DELIVERY_EXTINT 7
#define IOAPIC_RTE_DEST_LOGICAL (1ULL << 11)
#define IOAPIC_RTE_DELIVERY_STATUS (1ULL << 12) /* read-only */
#define IOAPIC_RTE_POLARITY_LOW (1ULL << 13)
#define IOAPIC_RTE_REMOTE_IRR (1ULL << 14) /* read-only */
#define IOAPIC_RTE_TRIGGER_LEVEL (1ULL << 15)
#define IOAPIC_RTE_MASKED (1ULL << 16)
#define IOAPIC_RTE_DEST_SHIFT 56
/* Remappable format (VT-d spec 5.1.5.1): bit 48 set, the interrupt
 * index in 63:49 (bits 14:0) and 11 (bit 15), 10:8 zero; vector,
 * polarity, trigger and mask as in compatibility format. */
#define IOAPIC_RTE_REMAPPABLE (1ULL << 48)
#define IOAPIC_RTE_HANDLE_MASK (0x7fffULL << 49)
#define IOAPIC_RTE_HANDLE15 (1ULL << 11)

struct ioapic_rte_request;

/*
 * Interrupt remapping (arch/vtd-ir.c): turns the entry the filter decided
 * (compatibility format) into the remappable one naming the IOMMU entry
 * it writes.  0, or -EPERM with a static *reason: then a violation.
 */
struct ioapic_rte_remap {
	int (*remap)(void *ctx, const struct ioapic_rte_request *req,
		     __u64 *rte, const char **reason);
	void *ctx;
};

struct ioapic_rte_request {
	/* NULL without IOMMU units: the filter's entry as it is */
	const struct ioapic_rte_remap *remap;
	__u64 rte;	  /* the guest's view of the entry */
	int allow_extint; /* root cell only */
	/* the root whose interrupt remapping the hypervisor took over
	 * (arch/vtd-root.c): its remappable-format entries name Linux's
	 * remapping entries, which vtd-root.c validated; everyone else's
	 * are violations (an index could name any entry of the table) */
	int root_remapped;
	int xapic_cluster;	     /* logical format: cluster, not flat */
	const struct apic_cpu *cpus; /* every CPU; in_cell = the writer's */
	unsigned int num_cpus;
};

enum ioapic_rte_verdict {
	IOAPIC_RTE_WRITE,     /* program `rte` into the IOAPIC */
	IOAPIC_RTE_VIOLATION, /* stop the cell: reason, foreign_cpu */
};

struct ioapic_rte_result {
	enum ioapic_rte_verdict verdict;
	__u64 rte;		  /* what the IOAPIC gets */
	int rewritten;		  /* destination or mask changed */
	unsigned int target;	  /* index into cpus of the destination CPU */
	unsigned int foreign_cpu; /* VIOLATION: offending CPU or num_cpus */
	const char *reason;	  /* static text, or NULL */
};

/* Returns 0, or -EINVAL if the request is malformed (no CPU of the cell,
 * num_cpus above JAILHOUSE_MAX_CPUS). */
int ioapic_rte_filter(const struct ioapic_rte_request *req,
		      struct ioapic_rte_result *result);

/* ---- a non-root cell's accesses to the register window ---- */
#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VERSION 0x01
#define IOAPIC_REG_ARBITRATION 0x02
#define IOAPIC_REG_RTE 0x10 /* pin n: 0x10 + 2n, 0x11 + 2n */
/* What a cell reads of a pin it does not own: masked, destination 0. */
#define IOAPIC_FOREIGN_RTE IOAPIC_RTE_MASKED

/* Does a cell's irqchip entry give it `pin`?  0 for a NULL chip. */
int ioapic_pin_owned(const struct jailhouse_irqchip *chip, unsigned int pin);

enum ioapic_window_verdict {
	IOAPIC_WINDOW_READ_REGISTER, /* ID, version, arbitration: the IOAPIC's */
	IOAPIC_WINDOW_READ_VALUE, /* `value`: foreign pin, undefined register */
	IOAPIC_WINDOW_READ_ENTRY, /* half `high` of its pin `pin` */
	IOAPIC_WINDOW_WRITE_ENTRY, /* half `high` of its pin `pin`, filtered */
	IOAPIC_WINDOW_REFUSED,	   /* stop the cell: `reason` */
};

struct ioapic_window_access {
	enum ioapic_window_verdict verdict;
	unsigned int pin;
	int high;	    /* the upper half of the entry (destination) */
	__u32 value;	    /* READ_VALUE */
	const char *reason; /* REFUSED: static text */
};

/* A cell's access through the data window while its shadow IOREGSEL is
 * `index`; `chip` is its irqchip entry for this IOAPIC (may be NULL),
 * `num_pins` the number of entries the IOAPIC has. */
void ioapic_window_decide(const struct jailhouse_irqchip *chip,
			  unsigned int num_pins, __u8 index, int is_write,
			  struct ioapic_window_access *acc);

/* `entry` with its upper (`high`) or lower half replaced by `value`. */
__u64 ioapic_entry_set_half(__u64 entry, int high, __u32 value);

/* What a cell reads of its own entry: what it wrote, with the read-only
 * status bits (delivery status, remote IRR) taken from the IOAPIC's low
 * word `hw_low` -- guests poll remote IRR. */
__u32 ioapic_entry_read_half(__u64 entry, int high, __u32 hw_low);

/*
 * Does a cell's write of `value` to the EOI register concern its pin
 * `pin`: a level-triggered entry of its own (`entries[pin]` as it wrote
 * them, num_pins of them) with that vector (16 or above)?  The EOI
 * register itself is never written for a cell: it clears remote IRR of
 * every entry with the vector, a root's level-triggered pin sharing it
 * included; the caller clears each of the cell's pins alone.
 */
int ioapic_eoi_pin(const struct jailhouse_irqchip *chip, const __u64 *entries,
		   unsigned int num_pins, unsigned int pin, __u32 value);

/*
 * Vectors shared with the root's level-triggered pins.  On parts without
 * directed EOI a CPU's EOI for a level-triggered vector is broadcast to
 * every IOAPIC, which clears remote IRR of each level-triggered entry with
 * that vector: a cell's EOI would end a root pin's interrupt before Linux
 * handled it (and the line, still asserted, is lost or storms).  So no
 * level-triggered pin of a cell (ioapic_cell_entry_needs_clash_check) may
 * use the vector of a root level-triggered pin; a cell's MSIs may, as
 * they are always made edge (pci_msi_rewrite).  `owner[pin]` is non-NULL
 * for the pins given to cells; the root's pins are the others.  A masked level-triggered entry counts (Linux
 * unmasks it again); vectors below 16 never count.
 */
#define IOAPIC_VECTOR_WORDS 4 /* a set of the 256 vectors */

/* The first root pin (owner NULL) whose entry in `entries` is
 * level-triggered with `vector`, or -1. */
int ioapic_root_level_pin(const __u64 *entries, const void *const *owner,
			  unsigned int num_pins, unsigned int vector);

/* `set` (IOAPIC_VECTOR_WORDS words) becomes the vectors of the root's
 * level-triggered pins. */
void ioapic_root_level_vectors(const __u64 *entries, const void *const *owner,
			       unsigned int num_pins, __u64 *set);

/* Whether `vector` is in `set` (NULL: the empty set). */
int ioapic_vector_in_set(const __u64 *set, unsigned int vector);

/* The first pin given to a cell (owner non-NULL) whose entry in
 * `cell_entries` (as the cell wrote it) uses `vector`, or -1: the clash a
 * root write may create. */
int ioapic_cell_vector_pin(const __u64 *cell_entries, const void *const *owner,
			   unsigned int num_pins, unsigned int vector);

/*
 * Must a cell's new entry `rte` for its pin, whose entry was `old`, be
 * checked against the root's level-triggered vectors?  Only a
 * level-triggered entry: the local APIC broadcasts an EOI to the IOAPICs
 * only for a vector whose TMR bit is set, and only the acceptance of a
 * level-triggered interrupt sets it; an edge-triggered pin's EOIs reach no
 * IOAPIC, whatever its vector (stock Linux gives its first device
 * interrupt, a cell's UART, the vector the root's SCI has).  A level entry
 * that keeps the vector of a level entry it had is not checked again: the
 * root may have taken that vector since (it is trusted and told), and the
 * cell masking and unmasking its pin must not stop it for that.
 */
int ioapic_cell_entry_needs_clash_check(__u64 old, __u64 rte);

/* A root write left its pin's entry `entry`; `cell_pin` is a cell's pin
 * with the same vector (-1: none).  1 if the console must be told of the
 * clash now: once per pin and vector, again after the clash ended (the
 * pin made edge, another vector).  `*told` is the pin's record (vector +
 * 1 told, 0 none). */
int ioapic_root_clash_news(__u64 entry, int cell_pin, __u16 *told);

#endif
