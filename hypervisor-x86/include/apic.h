/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root cell's xAPIC (arch/apic.c).
 */
#ifndef _HV_APIC_H
#define _HV_APIC_H

#include <jailhouse/types.h>
#include "mmio.h"

struct per_cpu;
struct guest_regs;

/* Records what the IPI filter needs of this CPU (logical ID). */
void apic_cpu_init(struct per_cpu *cpu);
struct cell;
/* Registers the xAPIC page's write handler first in `cell`'s MMIO table
 * (mmio.h): every cell sees the page read-only, and its writes (the root's
 * EOIs above all) are the most frequent trapped accesses. */
int apic_mmio_register(struct cell *cell);

/* The xAPIC page's MMIO handler (`page`: its mapping): exported so that
 * the exit path calls it directly, not through a retpoline (vmx/mmio.c). */
struct mmio_result apic_xapic_access(struct per_cpu *cpu,
				     struct mmio_access *access, void *page);

#define APIC_EOI_OFFSET 0x0b0
#define APIC_TMICT_OFFSET 0x380
/* The root's write of `value` to the register at `offset` of its xAPIC
 * page, mapped at `page`, as Linux wrote it.  Inline: vmx/mmio.c takes the
 * root's EOI and timer writes (one each per tick, the most frequent exits
 * of all) without the general MMIO path. */
static inline void apic_root_write(void *page, unsigned long offset,
				   __u32 value)
{
	*(volatile __u32 *)((__u8 *)page + offset) = value;
}

/* An NMI to the CPU with physical APIC ID `apic_id` (a kick). */
void apic_send_nmi(__u32 apic_id);
/* Fixed-delivery interrupt `vector` to that CPU (an ivshmem doorbell; the
 * caller validated the target, ivshmem.h). */
void apic_send_fixed(__u32 apic_id, __u8 vector);
/* This CPU's local APIC as a CPU changing cells must leave it: every LVT
 * masked, timer stopped, TPR 0, nothing in service. */
void apic_clear(void);
/* This CPU's local APIC as it moves from its cell to `to`: cleared
 * (apic_clear()); the root's SVR, DFR, LDR, LINT0 and LINT1 saved when it
 * leaves the root and written back when it returns; a cell's virtualised
 * registers (apic-regs.h) reset and, in xAPIC mode, the hardware LDR 0
 * while it is in a cell. */
void apic_change_cell(struct per_cpu *cpu, const struct cell *to);
/* A non-root cell's access to a virtualised x2APIC LVT MSR: 0, -EPERM
 * (#GP) or -EBUSY (the cell is stopped). */
int apic_x2apic_register(struct per_cpu *cpu, __u32 msr, int is_write,
			 __u32 *value);

/* IA32_APIC_BASE as this CPU's cell reads it: the root the hardware's
 * value, a non-root cell with the BSP flag (bit 8) on its boot CPU only. */
__u64 apic_base_view(const struct per_cpu *cpu);
/* A write of IA32_APIC_BASE: 0 (the value read, or xAPIC -> x2APIC in a
 * cell with JAILHOUSE_CELL_X2APIC_PERMITTED, done) or -EPERM (#GP). */
int apic_base_write(struct per_cpu *cpu, __u64 value);
/* Puts IA32_APIC_BASE back to `base` (the root's), via the disabled state
 * when leaving x2APIC mode; -EIO if the CPU did not take it. */
int apic_restore_base(__u64 base);

struct apic_cpu;
/*
 * Fills cpus[0..hv_num_cpus) with every CPU as the IPI and IOAPIC filters
 * see it, in_cell meaning "belongs to `cell`".  Callers keep the table on
 * their stack: CPUs of different cells filter at the same time.
 */
void apic_cpus_seen_by(const struct cell *cell, struct apic_cpu *cpus);

/* A write of the x2APIC ICR MSR (0x830).  -EPERM: a non-root cell's IPI
 * left the cell; -EINVAL: the APIC is not in x2APIC mode (#GP). */
int apic_x2apic_icr_write(struct per_cpu *cpu, __u64 value);
/* The xAPIC logical destination format of `cpu`'s cell: 1 for cluster,
 * 0 for flat; a cell's own DFR, the root's in hardware.  xAPIC mode
 * only (in x2APIC mode the xAPIC page must not be read). */
int apic_xapic_cluster(const struct per_cpu *cpu);

#endif
