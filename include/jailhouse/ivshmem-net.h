/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ivshmem-net: Ethernet frames over an ivshmem v2 link of two peers, in a
 * protocol of this project (Documentation/ivshmem-net.md).  Plain C without
 * libc: the Linux driver (driver/ivshmem/ivshmem_net.c), inmates and host
 * tests include it alike.
 *
 * Why not the protocol of existing Jailhouse guests: we promise no
 * compatibility with out-of-tree guests, and a ring format of our own can be
 * small, documented and checked here field by field.  So the links carry
 * protocol number IVSHMEM_NET_PROTOCOL (0x4001, in the spec's user-defined
 * range 0x4000-0x7fff, next to the demo's 0x4000), and no driver of the
 * spec's Ethernet protocol (0x0001) binds to them.
 *
 * Layout: each peer writes only its OWN output section (the hypervisor
 * maps the other peer's read-only), so each output section holds
 *   - a header of IVSHMEM_NET_HEADER_SIZE bytes (struct ivshmem_net_header):
 *     the geometry the owner uses, the owner's producer index of its TX
 *     ring (tx_prod) and the owner's consumer index of the PEER's ring
 *     (rx_cons), each in a cache line of its own;
 *   - then the owner's TX ring: `slots` fixed slots of IVSHMEM_NET_SLOT_SIZE
 *     bytes, each a 32-bit frame length and the frame (no FCS).
 * The number of slots follows from the output section size, which both
 * peers read from the same device (ivshmem_net_slots()); nobody takes it
 * from the peer's header, which is only compared.
 *
 * Indices run from 0 to slots - 1 and wrap; the ring is empty when
 * prod == cons and full when next(prod) == cons (one slot stays free).
 * Every index or length read from the peer's section is checked before use:
 * an index out of range is a broken peer (the link is reset), a length out
 * of range drops that frame.  Each end keeps its own indices in private
 * memory and only publishes them; it never reads back what it published.
 *
 * Ordering: the producer fills a slot, then publishes tx_prod; the consumer
 * reads tx_prod, then the slot, then publishes rx_cons.  x86 keeps stores
 * in order and loads in order, so a compiler barrier suffices there (the
 * project runs on x86-64 only).
 *
 * Link state: each end writes its state into its ivshmem State register;
 * the hypervisor puts it into the state table and raises vector 0 at the
 * peer.  ivshmem_net_step() is the whole state machine.
 * Doorbell: one vector, IVSHMEM_NET_VECTOR (0, which also signals state
 * changes).  A doorbell means "new frames or ring space"; the producer rings
 * after publishing frames, the consumer after publishing rx_cons.
 */
#ifndef _JAILHOUSE_IVSHMEM_NET_H
#define _JAILHOUSE_IVSHMEM_NET_H

#include "types.h"

#define IVSHMEM_NET_PROTOCOL 0x4001
#define IVSHMEM_NET_MAGIC 0x4e566a48 /* "HjVN" in memory */
#define IVSHMEM_NET_VERSION 1
#define IVSHMEM_NET_PEERS 2
#define IVSHMEM_NET_VECTOR 0

/* Values of the State register (and of the peer's state table entry). */
#define IVSHMEM_NET_STATE_RESET 0 /* not there, or restarting */
#define IVSHMEM_NET_STATE_INIT 1  /* header fresh, indices 0 */
#define IVSHMEM_NET_STATE_READY 2 /* has seen the peer's fresh header */
#define IVSHMEM_NET_STATE_RUN 3	  /* interface up, moving frames */

/* ivshmem_net_step(): set with the new state when the rings must be made
 * fresh (indices 0, header rewritten) before that state is written. */
#define IVSHMEM_NET_REINIT 0x100
#define IVSHMEM_NET_STATE_MASK 0xff

/* Frames: Ethernet header, payload up to the MTU, one VLAN tag, no FCS. */
#define IVSHMEM_NET_MTU 1500
#define IVSHMEM_NET_ETH_HLEN 14
#define IVSHMEM_NET_VLAN_HLEN 4
#define IVSHMEM_NET_MIN_FRAME IVSHMEM_NET_ETH_HLEN
#define IVSHMEM_NET_MAX_FRAME \
	(IVSHMEM_NET_MTU + IVSHMEM_NET_ETH_HLEN + IVSHMEM_NET_VLAN_HLEN)

#define IVSHMEM_NET_HEADER_SIZE 256
#define IVSHMEM_NET_SLOT_SIZE 2048
#define IVSHMEM_NET_SLOT_HEAD 8
#define IVSHMEM_NET_MIN_SLOTS 2 /* one frame in flight */
#define IVSHMEM_NET_MAX_SLOTS 4096

/* Results of the ring operations (0: done). */
#define IVSHMEM_NET_EMPTY 1	/* receive: no frame waiting */
#define IVSHMEM_NET_FULL 2	/* send: no free slot */
#define IVSHMEM_NET_BAD_LEN 3	/* a length out of range (frame dropped) */
#define IVSHMEM_NET_BAD_INDEX 4 /* the peer published an index out of range */

struct ivshmem_net_header {
	__u32 magic;
	__u32 version;
	__u32 slots;
	__u32 slot_size;
	__u32 max_frame;
	__u32 reserved0[11];
	/* next slot the owner fills in its own ring */
	__u32 tx_prod;
	__u32 reserved1[15];
	/* next slot the owner reads in the peer's ring */
	__u32 rx_cons;
	__u32 reserved2[31];
};
JH_CHECK_SIZE(struct ivshmem_net_header, IVSHMEM_NET_HEADER_SIZE);

struct ivshmem_net_slot {
	__u32 len;
	__u32 reserved;
	__u8 frame[IVSHMEM_NET_SLOT_SIZE - IVSHMEM_NET_SLOT_HEAD];
};
JH_CHECK_SIZE(struct ivshmem_net_slot, IVSHMEM_NET_SLOT_SIZE);

/* One end of a link: where its sections are, and its private indices. */
struct ivshmem_net_end {
	volatile struct ivshmem_net_header *own;	/* writable */
	const volatile struct ivshmem_net_header *peer; /* read-only */
	__u32 slots;
	__u32 tx_prod;
	__u32 rx_cons;
};

static inline void ivshmem_net_barrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

/* Slots in an output section of `output_size` bytes; 0 if too small. */
static inline __u32 ivshmem_net_slots(__u64 output_size)
{
	__u64 slots;

	if (output_size <
	    IVSHMEM_NET_HEADER_SIZE +
		    (__u64)IVSHMEM_NET_MIN_SLOTS * IVSHMEM_NET_SLOT_SIZE)
		return 0;
	slots = (output_size - IVSHMEM_NET_HEADER_SIZE) / IVSHMEM_NET_SLOT_SIZE;
	return slots > IVSHMEM_NET_MAX_SLOTS ? IVSHMEM_NET_MAX_SLOTS :
					       (__u32)slots;
}

static inline int ivshmem_net_slots_ok(__u32 slots)
{
	return slots >= IVSHMEM_NET_MIN_SLOTS && slots <= IVSHMEM_NET_MAX_SLOTS;
}

static inline __u32 ivshmem_net_next(__u32 index, __u32 slots)
{
	return index + 1 >= slots ? 0 : index + 1;
}

/* Frames between cons and prod into *used; -1 (nothing written) if the
 * geometry or an index is out of range. */
static inline int ivshmem_net_used(__u32 prod, __u32 cons, __u32 slots,
				   __u32 *used)
{
	if (!ivshmem_net_slots_ok(slots) || prod >= slots || cons >= slots)
		return -1;
	*used = prod >= cons ? prod - cons : slots - cons + prod;
	return 0;
}

/* Free slots for the producer into *space; -1 as ivshmem_net_used(). */
static inline int ivshmem_net_space(__u32 prod, __u32 cons, __u32 slots,
				    __u32 *space)
{
	__u32 used;

	if (ivshmem_net_used(prod, cons, slots, &used))
		return -1;
	*space = slots - 1 - used;
	return 0;
}

static inline int ivshmem_net_len_ok(__u32 len)
{
	return len >= IVSHMEM_NET_MIN_FRAME && len <= IVSHMEM_NET_MAX_FRAME;
}

/* Slot `index` of the ring after `header`; 0 if the index is out of range. */
static inline volatile struct ivshmem_net_slot *
ivshmem_net_slot(const volatile struct ivshmem_net_header *header, __u32 slots,
		 __u32 index)
{
	if (!ivshmem_net_slots_ok(slots) || index >= slots)
		return 0;
	return (volatile struct ivshmem_net_slot *)((volatile char *)header +
						    IVSHMEM_NET_HEADER_SIZE) +
	       index;
}

/*
 * Makes the end's rings fresh: private indices 0, its header written with
 * the geometry and indices 0.  `own` and `peer` are the output sections of
 * the end and of its peer, `output_size` their size (>= one
 * ivshmem_net_slots() accepts).  Returns -1, changing nothing, if it is too
 * small.
 */
static inline int ivshmem_net_init(struct ivshmem_net_end *end,
				   volatile void *own,
				   const volatile void *peer, __u64 output_size)
{
	__u32 slots = ivshmem_net_slots(output_size);
	volatile struct ivshmem_net_header *h = own;

	if (!slots)
		return -1;
	end->own = h;
	end->peer = peer;
	end->slots = slots;
	end->tx_prod = 0;
	end->rx_cons = 0;
	h->tx_prod = 0;
	h->rx_cons = 0;
	h->slots = slots;
	h->slot_size = IVSHMEM_NET_SLOT_SIZE;
	h->max_frame = IVSHMEM_NET_MAX_FRAME;
	h->version = IVSHMEM_NET_VERSION;
	ivshmem_net_barrier();
	h->magic = IVSHMEM_NET_MAGIC;
	return 0;
}

/* Does the peer's header describe the rings this end expects?  Only a
 * compatibility check: the geometry used is always the end's own. */
static inline int ivshmem_net_peer_ok(const struct ivshmem_net_end *end)
{
	const volatile struct ivshmem_net_header *p = end->peer;

	return p->magic == IVSHMEM_NET_MAGIC &&
	       p->version == IVSHMEM_NET_VERSION && p->slots == end->slots &&
	       p->slot_size == IVSHMEM_NET_SLOT_SIZE &&
	       p->max_frame == IVSHMEM_NET_MAX_FRAME;
}

/* Free slots in the end's TX ring, from the peer's rx_cons (read once). */
static inline int ivshmem_net_tx_space(const struct ivshmem_net_end *end,
				       __u32 *space)
{
	__u32 cons = end->peer->rx_cons;

	return ivshmem_net_space(end->tx_prod, cons, end->slots, space) ?
		       IVSHMEM_NET_BAD_INDEX :
		       0;
}

/*
 * The slot to fill with a frame of `len` bytes into *slot, or why not:
 * IVSHMEM_NET_BAD_LEN, IVSHMEM_NET_FULL, IVSHMEM_NET_BAD_INDEX.  The frame
 * goes into (*slot)->frame; ivshmem_net_tx_commit() then publishes it.
 */
static inline int ivshmem_net_tx_slot(const struct ivshmem_net_end *end,
				      __u32 len,
				      volatile struct ivshmem_net_slot **slot)
{
	__u32 space;
	int err;

	if (!ivshmem_net_len_ok(len))
		return IVSHMEM_NET_BAD_LEN;
	err = ivshmem_net_tx_space(end, &space);
	if (err)
		return err;
	if (!space)
		return IVSHMEM_NET_FULL;
	*slot = ivshmem_net_slot(end->own, end->slots, end->tx_prod);
	return 0;
}

/* Publishes the frame of `len` bytes filled in after ivshmem_net_tx_slot(). */
static inline void ivshmem_net_tx_commit(struct ivshmem_net_end *end, __u32 len)
{
	volatile struct ivshmem_net_slot *slot =
		ivshmem_net_slot(end->own, end->slots, end->tx_prod);

	slot->len = len;
	ivshmem_net_barrier();
	end->tx_prod = ivshmem_net_next(end->tx_prod, end->slots);
	end->own->tx_prod = end->tx_prod;
}

/* Frames waiting in the peer's ring, from its tx_prod (read once). */
static inline int ivshmem_net_rx_pending(const struct ivshmem_net_end *end,
					 __u32 *pending)
{
	__u32 prod = end->peer->tx_prod;

	return ivshmem_net_used(prod, end->rx_cons, end->slots, pending) ?
		       IVSHMEM_NET_BAD_INDEX :
		       0;
}

/*
 * The next frame of the peer into *slot and its length into *len (read
 * once: copy exactly that many bytes), or IVSHMEM_NET_EMPTY,
 * IVSHMEM_NET_BAD_INDEX, or IVSHMEM_NET_BAD_LEN (the slot is then consumed
 * already: the frame is dropped, the next one may be fine).  After copying
 * the frame, ivshmem_net_rx_consume().
 */
static inline int
ivshmem_net_rx_peek(struct ivshmem_net_end *end,
		    const volatile struct ivshmem_net_slot **slot, __u32 *len)
{
	const volatile struct ivshmem_net_slot *s;
	__u32 pending;
	int err = ivshmem_net_rx_pending(end, &pending);

	if (err)
		return err;
	if (!pending)
		return IVSHMEM_NET_EMPTY;
	ivshmem_net_barrier();
	s = ivshmem_net_slot(end->peer, end->slots, end->rx_cons);
	*len = s->len;
	if (!ivshmem_net_len_ok(*len)) {
		end->rx_cons = ivshmem_net_next(end->rx_cons, end->slots);
		return IVSHMEM_NET_BAD_LEN;
	}
	*slot = s;
	return 0;
}

/* The frame of the last successful peek is copied: free its slot (in
 * private; ivshmem_net_rx_publish() tells the peer). */
static inline void ivshmem_net_rx_consume(struct ivshmem_net_end *end)
{
	end->rx_cons = ivshmem_net_next(end->rx_cons, end->slots);
}

static inline void ivshmem_net_rx_publish(struct ivshmem_net_end *end)
{
	ivshmem_net_barrier();
	end->own->rx_cons = end->rx_cons;
}

/* Sends one frame (byte copy, for code without memcpy); then ring the
 * peer's doorbell. */
static inline int ivshmem_net_send(struct ivshmem_net_end *end,
				   const void *frame, __u32 len)
{
	volatile struct ivshmem_net_slot *slot;
	const __u8 *bytes = frame;
	__u32 n;
	int err = ivshmem_net_tx_slot(end, len, &slot);

	if (err)
		return err;
	for (n = 0; n < len; n++)
		slot->frame[n] = bytes[n];
	ivshmem_net_tx_commit(end, len);
	return 0;
}

/*
 * Receives one frame into `buf` of `size` bytes (size >=
 * IVSHMEM_NET_MAX_FRAME, or longer frames are dropped as IVSHMEM_NET_BAD_LEN)
 * and publishes the freed slot; then ring the peer's doorbell.
 */
static inline int ivshmem_net_receive(struct ivshmem_net_end *end, void *buf,
				      __u32 size, __u32 *len)
{
	const volatile struct ivshmem_net_slot *slot;
	__u8 *bytes = buf;
	__u32 n;
	int err = ivshmem_net_rx_peek(end, &slot, len);

	if (!err && *len > size) {
		ivshmem_net_rx_consume(end);
		err = IVSHMEM_NET_BAD_LEN;
	} else if (!err) {
		for (n = 0; n < *len; n++)
			bytes[n] = slot->frame[n];
		ivshmem_net_rx_consume(end);
	}
	if (!err || err == IVSHMEM_NET_BAD_LEN)
		ivshmem_net_rx_publish(end);
	return err;
}

/*
 * The state machine of one end.  `own` is its state, `peer` the peer's
 * state table entry, `peer_ok` what ivshmem_net_peer_ok() says of the
 * peer's header, `up` whether the end wants to move frames (its interface
 * is up).  Returns the state to write, with IVSHMEM_NET_REINIT
 * when the rings must be made fresh first (ivshmem_net_init()).  Call it
 * again until the state stays.
 *
 * An end that restarts writes RESET and stays there until the peer is at
 * INIT or below: so the peer cannot miss the restart (the state table only
 * keeps the latest value), and it answers by making its own rings fresh.
 * Hence an end reaching READY has seen the peer's fresh header, and frames
 * only move while both are RUN (the carrier: ivshmem_net_carrier()).  A
 * peer state that is no state of this protocol counts as RESET; a peer
 * whose header does not match stays unanswered at INIT.
 */
static inline __u32 ivshmem_net_step(__u32 own, __u32 peer, int peer_ok, int up)
{
	if (peer > IVSHMEM_NET_STATE_RUN)
		peer = IVSHMEM_NET_STATE_RESET;
	switch (own) {
	case IVSHMEM_NET_STATE_RESET:
		if (peer <= IVSHMEM_NET_STATE_INIT)
			return IVSHMEM_NET_STATE_INIT | IVSHMEM_NET_REINIT;
		return IVSHMEM_NET_STATE_RESET;
	case IVSHMEM_NET_STATE_INIT:
		if (peer >= IVSHMEM_NET_STATE_INIT && peer_ok)
			return IVSHMEM_NET_STATE_READY;
		return IVSHMEM_NET_STATE_INIT;
	case IVSHMEM_NET_STATE_READY:
	case IVSHMEM_NET_STATE_RUN:
		if (peer == IVSHMEM_NET_STATE_RESET)
			return IVSHMEM_NET_STATE_INIT | IVSHMEM_NET_REINIT;
		return up ? IVSHMEM_NET_STATE_RUN : IVSHMEM_NET_STATE_READY;
	default:
		return IVSHMEM_NET_STATE_RESET;
	}
}

static inline int ivshmem_net_carrier(__u32 own, __u32 peer)
{
	return own == IVSHMEM_NET_STATE_RUN && peer == IVSHMEM_NET_STATE_RUN;
}

#endif
