/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * An ivshmem v2 device of the cell (include/jailhouse/ivshmem-demo.h has
 * the register layout): found in config space, its memory layout read from
 * the vendor-specific capability, its BAR 0 registers, its MSI-X vectors
 * aimed at the calling CPU, the state table and the output sections.
 * Register accesses trap (one exit each); the memory does not.
 */
#ifndef _INMATE_IVSHMEM_H
#define _INMATE_IVSHMEM_H

#include <inmate/types.h>
#include <jailhouse/ivshmem-demo.h>

struct ivshmem {
	u16 bdf;
	volatile u32 *registers; /* BAR 0 */
	volatile u32 *msix;	 /* BAR 1: 4 entries of 4 words */
	volatile u8 *base;	 /* the state table, then the sections */
	u64 state_table_size, rw_size, output_size;
	u32 id, peers;
};

/*
 * The ivshmem device at `bdf`: reads its layout and ID, turns on memory
 * decoding.  0, or -1 after printing why.
 */
int ivshmem_open(struct ivshmem *dev, u16 bdf);
/* MSI-X entry `entry` -> `vector` on this CPU (fixed, physical), MSI-X on,
 * Interrupt Control on. */
void ivshmem_enable_interrupts(struct ivshmem *dev, unsigned int entry,
			       u8 vector);
/* Writes MSI-X entry `entry` as given (address, data, vector control). */
void ivshmem_write_msix(struct ivshmem *dev, unsigned int entry, u64 address,
			u32 data, u32 control);

static inline u32 ivshmem_read(const struct ivshmem *dev, unsigned int reg)
{
	return dev->registers[reg / 4];
}

static inline void ivshmem_write(const struct ivshmem *dev, unsigned int reg,
				 u32 value)
{
	dev->registers[reg / 4] = value;
}

static inline void ivshmem_ring(const struct ivshmem *dev, u32 peer, u32 vector)
{
	ivshmem_write(dev, JH_IVSHMEM_REG_DOORBELL,
		      JH_IVSHMEM_DOORBELL(peer, vector));
}

static inline volatile u32 *ivshmem_state_table(const struct ivshmem *dev)
{
	return (volatile u32 *)dev->base;
}

static inline volatile struct ivshmem_demo_msg *
ivshmem_output(const struct ivshmem *dev, u32 peer)
{
	return ivshmem_demo_output(dev->base, dev->state_table_size,
				   dev->rw_size, dev->output_size, peer);
}

#endif
