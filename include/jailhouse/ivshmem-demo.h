/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The ivshmem-demo message protocol, shared by the ivshmem-demo inmate
 * (inmates/x86/ivshmem-demo) and the root-side program of the Linux half.
 * Plain C without libc: usable freestanding and from a Linux user program.
 *
 * Each peer writes only into its OWN output section (the ivshmem v2 layout:
 * state table, read/write section, then one output section per peer, each
 * peer's read-only to the others) a message
 *
 *   struct ivshmem_demo_msg { u32 seq; u32 len; u32 sum; u8 payload[len]; }
 *
 * with len = 16 + seq % 200, payload byte i = (seq * 31 + i + sender) & 0xff
 * (sender: the writer's peer id) and sum the 32-bit sum of the payload
 * bytes.  The writer sets seq to 0 first and the new seq last; a reader
 * reads seq, checks the message and reads seq again: a message rewritten
 * meanwhile (a peer that joins while the initiator starts its next message
 * may read the old one as it is overwritten) shows as a changed seq, not as
 * a bad payload (x86 keeps the order of stores and of loads; the compiler
 * is held by the barriers).  Then the writer rings the reader's doorbell,
 * vector 0.
 *
 * The initiator sends seq 1, 2, ...; a responder checks the message in the
 * initiator's output section (through its own read-only mapping) and
 * answers with the same seq in its own output section, doorbell back.  The
 * initiator checks the answer and measures the round trip with the TSC.
 *
 * Every peer writes 1 into its State register when it is ready (the
 * hypervisor copies it into the state table entry of its id and raises
 * vector 0 at the others); a peer whose entry is 1 takes part.
 */
#ifndef _JAILHOUSE_IVSHMEM_DEMO_H
#define _JAILHOUSE_IVSHMEM_DEMO_H

#include "types.h"

/* The device as the ivshmem v2 specification defines it (guest's view). */
#define JH_IVSHMEM_VENDOR_ID 0x110a
#define JH_IVSHMEM_DEVICE_ID 0x4106
/* config space: vendor-specific capability at 0x40, MSI-X at 0x60 */
#define JH_IVSHMEM_CFG_STATE_TABLE_SIZE 0x44 /* 32 bits */
#define JH_IVSHMEM_CFG_RW_SIZE 0x48	     /* 64 bits */
#define JH_IVSHMEM_CFG_OUTPUT_SIZE 0x50	     /* 64 bits */
#define JH_IVSHMEM_CFG_BASE 0x58	     /* 64 bits */
#define JH_IVSHMEM_CFG_MSIX_CONTROL 0x62     /* 16 bits */
#define JH_IVSHMEM_MSIX_ENABLE 0x8000
/* BAR 0 registers */
#define JH_IVSHMEM_REG_ID 0x00
#define JH_IVSHMEM_REG_MAX_PEERS 0x04
#define JH_IVSHMEM_REG_INT_CTRL 0x08
#define JH_IVSHMEM_REG_DOORBELL 0x0c
#define JH_IVSHMEM_REG_STATE 0x10
#define JH_IVSHMEM_INT_ENABLE 0x1
#define JH_IVSHMEM_DOORBELL(peer, vector) \
	((__u32)(peer) << 16 | ((__u32)(vector)&0xffff))

/* The demo's protocol (shmem_protocol of the demo configs' devices): the
 * first of the spec's user-defined types (0x4000-0x7fff), so that a driver
 * can tell the demo's links from others (0x0001 is the spec's Ethernet). */
#define IVSHMEM_DEMO_PROTOCOL 0x4000
#define IVSHMEM_DEMO_STATE_READY 1
#define IVSHMEM_DEMO_VECTOR 0
#define IVSHMEM_DEMO_MIN_LEN 16
#define IVSHMEM_DEMO_LEN_SPREAD 200
#define IVSHMEM_DEMO_MAX_LEN (IVSHMEM_DEMO_MIN_LEN + IVSHMEM_DEMO_LEN_SPREAD)

struct ivshmem_demo_msg {
	__u32 seq; /* 0: no message yet */
	__u32 len;
	__u32 sum;
	__u8 payload[IVSHMEM_DEMO_MAX_LEN];
};

/* What ivshmem_demo_check() found wrong (0: the message is right). */
#define IVSHMEM_DEMO_BAD_SEQ 1
#define IVSHMEM_DEMO_BAD_LEN 2
#define IVSHMEM_DEMO_BAD_SUM 3
#define IVSHMEM_DEMO_BAD_BYTE 4
/* not an error: the writer replaced the message while it was read */
#define IVSHMEM_DEMO_CHANGED 5

static inline __u32 ivshmem_demo_len(__u32 seq)
{
	return IVSHMEM_DEMO_MIN_LEN + seq % IVSHMEM_DEMO_LEN_SPREAD;
}

static inline __u8 ivshmem_demo_byte(__u32 seq, __u32 i, __u32 sender)
{
	return (__u8)((seq * 31 + i + sender) & 0xff);
}

/* Output section of `peer`, given where the state table starts and the
 * sizes from the device's vendor-specific capability. */
static inline volatile struct ivshmem_demo_msg *
ivshmem_demo_output(volatile void *base, __u64 state_table_size, __u64 rw_size,
		    __u64 output_size, __u32 peer)
{
	return (volatile struct ivshmem_demo_msg *)((volatile char *)base +
						    state_table_size + rw_size +
						    output_size * peer);
}

/* Fills `msg` (the writer's own output section), seq last. */
static inline void ivshmem_demo_write(volatile struct ivshmem_demo_msg *msg,
				      __u32 seq, __u32 sender)
{
	__u32 len = ivshmem_demo_len(seq), sum = 0, i;
	__u8 byte;

	msg->seq = 0;
	__asm__ __volatile__("" : : : "memory");
	for (i = 0; i < len; i++) {
		byte = ivshmem_demo_byte(seq, i, sender);
		msg->payload[i] = byte;
		sum += byte;
	}
	msg->len = len;
	msg->sum = sum;
	__asm__ __volatile__("" : : : "memory");
	msg->seq = seq;
}

/* 0 if `msg` is message `seq` of `sender`, else IVSHMEM_DEMO_BAD_*. */
static inline int
ivshmem_demo_check(const volatile struct ivshmem_demo_msg *msg, __u32 seq,
		   __u32 sender)
{
	__u32 len, sum = 0, i;
	int bad = 0;

	if (msg->seq != seq)
		return IVSHMEM_DEMO_BAD_SEQ;
	__asm__ __volatile__("" : : : "memory");
	len = msg->len;
	if (len != ivshmem_demo_len(seq))
		bad = IVSHMEM_DEMO_BAD_LEN;
	for (i = 0; i < len && !bad; i++) {
		if (msg->payload[i] != ivshmem_demo_byte(seq, i, sender))
			bad = IVSHMEM_DEMO_BAD_BYTE;
		sum += msg->payload[i];
	}
	if (!bad && sum != msg->sum)
		bad = IVSHMEM_DEMO_BAD_SUM;
	__asm__ __volatile__("" : : : "memory");
	return msg->seq != seq ? IVSHMEM_DEMO_CHANGED : bad;
}

/*
 * The copy bench (jh-params copy=N of the inmate, `ivshmem-demo copy` on
 * the root): how fast a cell writes through its output section compared
 * with a copy inside its own RAM, and that it costs no exit.  The control
 * block sits at the start of the link's read/write section (writable by
 * every peer): the root writes `go`, the cell copies N times a buffer of
 * the output section's size within its RAM and N times into its output
 * section (the last copy's bytes: ivshmem_demo_copy_byte()), writes the
 * ticks and then `done`; it touches nothing that exits until the root
 * writes `ack`, so the root can read the cell's exit count in between.
 */
#define IVSHMEM_DEMO_COPY_GO 0x6f67	  /* "go" */
#define IVSHMEM_DEMO_COPY_DONE 0x656e6f64 /* "done" */
#define IVSHMEM_DEMO_COPY_ACK 0x6b6361	  /* "ack" */

struct ivshmem_demo_copy {
	__u32 go;   /* root */
	__u32 ack;  /* root */
	__u32 done; /* cell, written last */
	__u32 rounds;
	__u64 bytes;	     /* per round */
	__u64 private_ticks; /* all rounds, RAM to RAM */
	__u64 shared_ticks;  /* all rounds, RAM to the output section */
};

static inline __u8 ivshmem_demo_copy_byte(__u64 i, __u32 sender)
{
	return (__u8)((i * 7 + (i >> 8) + sender) & 0xff);
}

#endif
