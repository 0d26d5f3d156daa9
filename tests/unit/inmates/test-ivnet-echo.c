// SPDX-License-Identifier: GPL-2.0
/*
 * What the ivshmem-net-echo inmate answers
 * (inmates/x86/ivshmem-net-echo/answer.h): an ARP request for its address
 * gets the reply, an ICMP echo request to it the echo reply with correct
 * checksums and the payload unchanged; a request for another address, a
 * bad checksum, a fragment, a truncated or oversized frame gets nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../../inmates/x86/ivshmem-net-echo/answer.h"

static const __u8 mac[6] = { 0x02, 0x4a, 0x48, 0x00, 0x60, 0x01 };
static const __u8 ip[4] = { 192, 168, 20, 2 };
static const __u8 root_mac[6] = { 0x02, 0x4a, 0x48, 0x00, 0x60, 0x00 };
static const __u8 root_ip[4] = { 192, 168, 20, 1 };
static __u8 req[IVSHMEM_NET_MAX_FRAME + 8], out[IVSHMEM_NET_MAX_FRAME];

static __u32 arp_request(const __u8 *target)
{
	__u8 *a = req + 14;

	memset(req, 0xff, 6);
	memcpy(req + 6, root_mac, 6);
	echo_put16(req + 12, ECHO_ETH_ARP);
	echo_put16(a, 1);
	echo_put16(a + 2, ECHO_ETH_IPV4);
	a[4] = 6;
	a[5] = 4;
	echo_put16(a + 6, ECHO_ARP_REQUEST);
	memcpy(a + 8, root_mac, 6);
	memcpy(a + 14, root_ip, 4);
	memset(a + 18, 0, 6);
	memcpy(a + 24, target, 4);
	return 42;
}

/* An echo request with `payload` bytes of data; the frame's length. */
static __u32 ping(__u32 payload)
{
	__u8 *p = req + 14, *icmp = p + 20;
	__u32 total = 20 + 8 + payload, n;

	memcpy(req, mac, 6);
	memcpy(req + 6, root_mac, 6);
	echo_put16(req + 12, ECHO_ETH_IPV4);
	memset(p, 0, 20);
	p[0] = 0x45;
	echo_put16(p + 2, (__u16)total);
	echo_put16(p + 4, 0x1234);
	echo_put16(p + 6, 0x4000); /* don't fragment */
	p[8] = 64;
	p[9] = ECHO_IP_ICMP;
	memcpy(p + 12, root_ip, 4);
	memcpy(p + 16, ip, 4);
	echo_put16(p + 10, echo_checksum(p, 20));
	icmp[0] = ECHO_ICMP_REQUEST;
	icmp[1] = 0;
	echo_put16(icmp + 2, 0);
	echo_put16(icmp + 4, 0x77);
	echo_put16(icmp + 6, 3);
	for (n = 0; n < payload; n++)
		icmp[8 + n] = (__u8)(n * 13);
	echo_put16(icmp + 2, echo_checksum(icmp, 8 + payload));
	return 14 + total;
}

static void checksum_is_the_internet_one(void **state)
{
	/* RFC 1071's example: sum 0xddf2, checksum 0x220d */
	const __u8 data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	const __u8 odd[] = { 0x01 };

	(void)state;
	assert_int_equal(echo_checksum(data, sizeof(data)), 0x220d);
	assert_int_equal(echo_checksum(odd, 1), 0xfeff);
}

static void arp_request_for_us_is_answered(void **state)
{
	__u32 len;

	(void)state;
	len = echo_answer(req, arp_request(ip), mac, ip, out);
	assert_int_equal(len, 42);
	assert_memory_equal(out, root_mac, 6);
	assert_memory_equal(out + 6, mac, 6);
	assert_int_equal(echo_get16(out + 12), ECHO_ETH_ARP);
	assert_int_equal(echo_get16(out + 14 + 6), ECHO_ARP_REPLY);
	assert_memory_equal(out + 14 + 8, mac, 6);
	assert_memory_equal(out + 14 + 14, ip, 4);
	assert_memory_equal(out + 14 + 18, root_mac, 6);
	assert_memory_equal(out + 14 + 24, root_ip, 4);
}

static void arp_for_others_and_bad_arp_get_nothing(void **state)
{
	const __u8 other[4] = { 192, 168, 20, 3 };
	__u32 len;

	(void)state;
	assert_int_equal(echo_answer(req, arp_request(other), mac, ip, out), 0);
	len = arp_request(ip);
	assert_int_equal(echo_answer(req, len - 1, mac, ip, out), 0);
	echo_put16(req + 14 + 6, ECHO_ARP_REPLY);
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
	arp_request(ip);
	req[14 + 5] = 16; /* IPv6-sized addresses */
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
}

static void echo_request_is_answered(void **state)
{
	const __u32 sizes[] = { 0, 1, 56, 1000, 1472 };
	__u32 n, len;
	__u8 *p = out + 14;

	(void)state;
	for (n = 0; n < sizeof(sizes) / sizeof(sizes[0]); n++) {
		len = ping(sizes[n]);
		assert_int_equal(echo_answer(req, len, mac, ip, out), len);
		assert_memory_equal(out, root_mac, 6);
		assert_memory_equal(out + 6, mac, 6);
		assert_memory_equal(p + 12, ip, 4);
		assert_memory_equal(p + 16, root_ip, 4);
		assert_int_equal(echo_checksum(p, 20), 0);
		assert_int_equal(p[20], ECHO_ICMP_REPLY);
		assert_int_equal(echo_checksum(p + 20, len - 14 - 20), 0);
		/* identifier, sequence and data unchanged */
		assert_memory_equal(p + 24, req + 14 + 24, len - 14 - 24);
	}
	/* Ethernet padding after the datagram is not echoed */
	len = ping(4);
	assert_int_equal(echo_answer(req, 60, mac, ip, out), len);
}

static void bad_echo_requests_get_nothing(void **state)
{
	const __u8 other[4] = { 10, 0, 0, 1 };
	__u32 len;

	(void)state;
	len = ping(56);
	req[14 + 10] ^= 1; /* header checksum */
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
	len = ping(56);
	req[14 + 20 + 8] ^= 1; /* data under the ICMP checksum */
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
	len = ping(56);
	assert_int_equal(echo_answer(req, len - 1, mac, ip, out), 0);
	len = ping(56);
	assert_int_equal(echo_answer(req, len, mac, other, out), 0);
	len = ping(56);
	req[14 + 20] = ECHO_ICMP_REPLY; /* checksum made right again */
	echo_put16(req + 14 + 22, 0);
	echo_put16(req + 14 + 22, echo_checksum(req + 14 + 20, 64));
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
	len = ping(56);
	echo_put16(req + 14 + 6, 0x2000); /* more fragments */
	echo_put16(req + 14 + 10, 0);
	echo_put16(req + 14 + 10, echo_checksum(req + 14, 20));
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
	len = ping(56);
	req[14] = 0x44; /* header length 16 */
	assert_int_equal(echo_answer(req, len, mac, ip, out), 0);
	/* frames too short or longer than a slot may hold */
	assert_int_equal(echo_answer(req, 13, mac, ip, out), 0);
	len = ping(1472);
	assert_int_equal(echo_answer(req, IVSHMEM_NET_MAX_FRAME + 1, mac, ip,
				     out),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checksum_is_the_internet_one),
		cmocka_unit_test(arp_request_for_us_is_answered),
		cmocka_unit_test(arp_for_others_and_bad_arp_get_nothing),
		cmocka_unit_test(echo_request_is_answered),
		cmocka_unit_test(bad_echo_requests_get_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
