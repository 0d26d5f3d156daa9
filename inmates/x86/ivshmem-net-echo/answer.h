/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the ivshmem-net-echo inmate answers (pure, host-tested by
 * tests/unit/inmates/test-ivnet-echo.c): an ARP request for its IPv4
 * address and an ICMP echo request to it.  Every field the answer depends
 * on is checked first (lengths, versions, checksums); anything else gets no
 * answer.
 */
#ifndef _IVSHMEM_NET_ECHO_ANSWER_H
#define _IVSHMEM_NET_ECHO_ANSWER_H

#include <jailhouse/ivshmem-net.h>

#define ECHO_ETH_HLEN 14
#define ECHO_ETH_ARP 0x0806
#define ECHO_ETH_IPV4 0x0800
#define ECHO_ARP_LEN 28
#define ECHO_ARP_REQUEST 1
#define ECHO_ARP_REPLY 2
#define ECHO_IP_ICMP 1
#define ECHO_ICMP_REPLY 0
#define ECHO_ICMP_REQUEST 8
#define ECHO_TTL 64

static inline __u16 echo_get16(const __u8 *p)
{
	return (__u16)(p[0] << 8 | p[1]);
}

static inline void echo_put16(__u8 *p, __u16 value)
{
	p[0] = (__u8)(value >> 8);
	p[1] = (__u8)value;
}

static inline void echo_copy(__u8 *to, const __u8 *from, __u32 len)
{
	__u32 n;

	for (n = 0; n < len; n++)
		to[n] = from[n];
}

static inline int echo_same(const __u8 *a, const __u8 *b, __u32 len)
{
	__u32 n;

	for (n = 0; n < len; n++)
		if (a[n] != b[n])
			return 0;
	return 1;
}

/* The Internet checksum of `len` bytes: 0 over data with a valid one. */
static inline __u16 echo_checksum(const __u8 *p, __u32 len)
{
	__u32 sum = 0, n;

	for (n = 0; n + 1 < len; n += 2)
		sum += echo_get16(p + n);
	if (len & 1)
		sum += (__u32)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* Ethernet header of an answer to `frame`: back to its sender, from us. */
static inline void echo_eth_header(__u8 *out, const __u8 *frame,
				   const __u8 *mac, __u16 type)
{
	echo_copy(out, frame + 6, 6);
	echo_copy(out + 6, mac, 6);
	echo_put16(out + 12, type);
}

static inline __u32 echo_arp(const __u8 *frame, __u32 len, const __u8 *mac,
			     const __u8 *ip, __u8 *out)
{
	const __u8 *arp = frame + ECHO_ETH_HLEN;
	__u8 *reply = out + ECHO_ETH_HLEN;

	if (len < ECHO_ETH_HLEN + ECHO_ARP_LEN || echo_get16(arp) != 1 ||
	    echo_get16(arp + 2) != ECHO_ETH_IPV4 || arp[4] != 6 ||
	    arp[5] != 4 || echo_get16(arp + 6) != ECHO_ARP_REQUEST ||
	    !echo_same(arp + 24, ip, 4))
		return 0;
	echo_eth_header(out, frame, mac, ECHO_ETH_ARP);
	echo_copy(reply, arp, 6);
	echo_put16(reply + 6, ECHO_ARP_REPLY);
	echo_copy(reply + 8, mac, 6);
	echo_copy(reply + 14, ip, 4);
	echo_copy(reply + 18, arp + 8, 10); /* the asker's MAC and IP */
	return ECHO_ETH_HLEN + ECHO_ARP_LEN;
}

static inline __u32 echo_icmp(const __u8 *frame, __u32 len, const __u8 *mac,
			      const __u8 *ip, __u8 *out)
{
	const __u8 *req = frame + ECHO_ETH_HLEN;
	__u8 *reply = out + ECHO_ETH_HLEN;
	__u32 ihl, total;

	if (len < ECHO_ETH_HLEN + 20 || req[0] >> 4 != 4)
		return 0;
	ihl = (__u32)(req[0] & 0xf) * 4;
	total = echo_get16(req + 2);
	/* whole, unfragmented ICMP to us with a good header checksum */
	if (ihl < 20 || total < ihl + 8 || total > len - ECHO_ETH_HLEN ||
	    (echo_get16(req + 6) & 0x3fff) || req[9] != ECHO_IP_ICMP ||
	    !echo_same(req + 16, ip, 4) || echo_checksum(req, ihl))
		return 0;
	if (req[ihl] != ECHO_ICMP_REQUEST || req[ihl + 1] != 0 ||
	    echo_checksum(req + ihl, total - ihl))
		return 0;
	echo_eth_header(out, frame, mac, ECHO_ETH_IPV4);
	echo_copy(reply, req, total);
	echo_copy(reply + 16, req + 12, 4);
	echo_copy(reply + 12, ip, 4);
	reply[8] = ECHO_TTL;
	echo_put16(reply + 10, 0);
	echo_put16(reply + 10, echo_checksum(reply, ihl));
	reply[ihl] = ECHO_ICMP_REPLY;
	echo_put16(reply + ihl + 2, 0);
	echo_put16(reply + ihl + 2, echo_checksum(reply + ihl, total - ihl));
	return ECHO_ETH_HLEN + total;
}

/*
 * The answer to the frame of `len` bytes into `out` (room for
 * IVSHMEM_NET_MAX_FRAME bytes), from `mac` (6 bytes) and `ip` (4 bytes,
 * network order): its length, or 0 when the frame gets none.
 */
static inline __u32 echo_answer(const __u8 *frame, __u32 len, const __u8 *mac,
				const __u8 *ip, __u8 *out)
{
	if (len < ECHO_ETH_HLEN || len > IVSHMEM_NET_MAX_FRAME)
		return 0;
	switch (echo_get16(frame + 12)) {
	case ECHO_ETH_ARP:
		return echo_arp(frame, len, mac, ip, out);
	case ECHO_ETH_IPV4:
		return echo_icmp(frame, len, mac, ip, out);
	default:
		return 0;
	}
}

#endif
