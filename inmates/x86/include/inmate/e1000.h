/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A small driver for Intel's 82540EM (e1000, 8086:100e): one legacy
 * transmit ring and one receive ring, polled or woken by INTx.
 *
 * DMA: the device reads and writes the rings and buffers at the addresses
 * the driver programs, and without an IOMMU those are host-physical.  The
 * caller therefore passes a DMA area that its cell config maps 1:1
 * (guest-physical = host-physical); the driver uses it as is.
 */
#ifndef _INMATE_E1000_H
#define _INMATE_E1000_H

#include <inmate/types.h>

#define E1000_VENDOR_ID 0x8086
#define E1000_DEVICE_ID 0x100e /* 82540EM, as Bochs and QEMU emulate it */

#define E1000_RING_SIZE 8 /* descriptors: 128 bytes, the minimum length */
#define E1000_BUFFER_SIZE 2048
#define E1000_MAX_FRAME 1514 /* without the CRC the device appends */
#define E1000_DMA_SIZE \
	(2 * E1000_RING_SIZE * 16 + 2 * E1000_RING_SIZE * E1000_BUFFER_SIZE)

struct e1000_tx_desc;
struct e1000_rx_desc;

struct e1000 {
	u16 bdf;
	volatile u8 *regs; /* BAR0, 128 KiB */
	u8 mac[6];
	struct e1000_tx_desc *tx_ring;
	struct e1000_rx_desc *rx_ring;
	u8 *tx_buffers;
	u8 *rx_buffers;
	unsigned int tx_tail; /* next descriptor the driver fills */
	unsigned int rx_next; /* next descriptor the device fills */
};

/*
 * Finds the device, enables memory decoding and bus mastering, resets it,
 * reads the MAC address, sets the link up and starts both rings in
 * dma_area (E1000_DMA_SIZE bytes, 16-byte aligned, mapped 1:1).
 * Returns 0 or a negative number after printing why.
 */
int e1000_init(struct e1000 *nic, void *dma_area);
/* Queues one frame (copied); -1 if the ring is full or len is bad. */
int e1000_send(struct e1000 *nic, const void *frame, unsigned int len);
/* Copies the next received frame to buf; its length, or 0 if none. */
unsigned int e1000_receive(struct e1000 *nic, void *buf, unsigned int size);
/* Unmasks the receive-timer interrupt (RXT0): the device raises INTx. */
void e1000_irq_enable(struct e1000 *nic);
/* Reads ICR, which deasserts INTx; returns the causes. */
u32 e1000_irq_ack(struct e1000 *nic);
/* Masks all causes and disables transmit and receive. */
void e1000_stop(struct e1000 *nic);
/* Transmit and receive enable bits as the device reports them. */
bool e1000_running(struct e1000 *nic);

#endif
