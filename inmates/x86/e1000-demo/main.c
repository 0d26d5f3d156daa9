// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * e1000-demo: drives the Bochs PC's e1000 from a cell
 * (configs/x86/e1000-demo.c).  It asks the vnet host inside Bochs
 * (192.168.10.1) for its MAC address with ARP, then sends ECHO_COUNT ICMP
 * echo requests and prints each reply with its round-trip time (guest TSC
 * ticks, converted to microseconds with the calibrated TSC rate) and the
 * NIC interrupts it took.  Receive interrupts come as INTx through the
 * cell's IOAPIC pin (level triggered: the handler reads ICR, which drops
 * the line, before the EOI); a 10 ms APIC timer tick bounds every wait and
 * polls the communication region.
 *
 * At shutdown it leaves the NIC running on purpose: stopping a device a
 * cell leaves behind is the hypervisor's job at destroy, and
 * tests/scenarios/nic-cell.sh checks from the root that it did.
 *
 * Load-time parameters (inmate/param.h): echoes=N (default 5, at most
 * MAX_ECHOES) and bench=1, which `make bench` uses to count the VM exits
 * of one echo from the cell's exit counters: the timer stops before the
 * echoes, replies are waited for by spinning instead of HLT, and after
 * the summary the cell polls the communication region without a timer.
 * The only exits of an echo are then those of the packet itself.
 */
#include <inmate.h>
#include <inmate/pci.h>
#include <inmate/e1000.h>
#include <inmate/param.h>

#define DMA_AREA 0x3aa00000UL /* 1:1 in the cell config */
#define IOAPIC_BASE 0xfec00000UL
#define IOAPIC_PIN 10 /* where root Linux routed the NIC: rig README */
#define NIC_VECTOR 0x40
#define TIMER_VECTOR 0x20
#define TICK_NS (10 * NS_PER_MS)
#define ECHO_COUNT 5
#define MAX_ECHOES 200
#define WAIT_NS (2 * NS_PER_S) /* for one answer */
#define ECHO_ID 0x4a48
#define ECHO_PAYLOAD 32

#define RTE_LEVEL (1U << 15)
#define RTE_ACTIVE_LOW (1U << 13)

#define ETH_HEADER 14
#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ARP_REQUEST 1
#define ARP_REPLY 2
#define IP_HEADER 20
#define IP_PROTO_ICMP 1
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define ICMP_HEADER 8
#define MIN_FRAME 60

static const u8 own_ip[4] = { 192, 168, 10, 15 };
static const u8 host_ip[4] = { 192, 168, 10, 1 };
static u8 host_mac[6];

static struct e1000 nic;
static volatile u64 ticks, nic_irqs;
static volatile bool ticking = true; /* false: the next tick is the last */
static u64 tick_tsc, next_deadline;
static bool bench;
static unsigned int echoes;
static u64 rtts[MAX_ECHOES];
static u8 frame[E1000_BUFFER_SIZE];

static void ioapic_write(u32 reg, u32 value)
{
	*(volatile u32 *)IOAPIC_BASE = reg;
	*(volatile u32 *)(IOAPIC_BASE + 0x10) = value;
}

/* Fixed delivery of NIC_VECTOR to this CPU, level triggered, active low
 * (PCI INTx); destination first, the low word unmasks. */
static void route_pin(void)
{
	ioapic_write(0x10 + 2 * IOAPIC_PIN + 1, apic_id() << 24);
	ioapic_write(0x10 + 2 * IOAPIC_PIN,
		     RTE_LEVEL | RTE_ACTIVE_LOW | NIC_VECTOR);
}

static void nic_interrupt(unsigned int vector)
{
	(void)vector;
	nic_irqs++;
	/* reading ICR deasserts INTx; an EOI before it would retrigger */
	e1000_irq_ack(&nic);
	apic_eoi();
}

static void timer_tick(unsigned int vector)
{
	(void)vector;
	ticks++;
	next_deadline += tick_tsc;
	if (ticking)
		apic_timer_arm(next_deadline);
	apic_eoi();
}

static void put16(u8 *p, u16 value)
{
	p[0] = value >> 8;
	p[1] = value;
}

static u16 get16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static u16 checksum(const u8 *data, unsigned int len)
{
	u32 sum = 0;
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(data + i);
	if (len & 1)
		sum += data[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static unsigned int eth_header(u8 *f, const u8 *dst, u16 type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, nic.mac, 6);
	put16(f + 12, type);
	return ETH_HEADER;
}

static int send_padded(unsigned int len)
{
	if (len < MIN_FRAME) {
		memset(frame + len, 0, MIN_FRAME - len);
		len = MIN_FRAME;
	}
	return e1000_send(&nic, frame, len);
}

static int send_arp_request(void)
{
	static const u8 broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	u8 *arp = frame + eth_header(frame, broadcast, ETHERTYPE_ARP);

	put16(arp, 1); /* Ethernet */
	put16(arp + 2, ETHERTYPE_IPV4);
	arp[4] = 6;
	arp[5] = 4;
	put16(arp + 6, ARP_REQUEST);
	memcpy(arp + 8, nic.mac, 6);
	memcpy(arp + 14, own_ip, 4);
	memset(arp + 18, 0, 6);
	memcpy(arp + 24, host_ip, 4);
	return send_padded(ETH_HEADER + 28);
}

static int send_echo_request(u16 seq)
{
	u8 *ip = frame + eth_header(frame, host_mac, ETHERTYPE_IPV4);
	u8 *icmp = ip + IP_HEADER;
	unsigned int i;

	memset(ip, 0, IP_HEADER);
	ip[0] = 0x45; /* IPv4, 5 words of header */
	put16(ip + 2, IP_HEADER + ICMP_HEADER + ECHO_PAYLOAD);
	put16(ip + 4, seq);
	ip[8] = 64; /* TTL */
	ip[9] = IP_PROTO_ICMP;
	memcpy(ip + 12, own_ip, 4);
	memcpy(ip + 16, host_ip, 4);
	put16(ip + 10, checksum(ip, IP_HEADER));

	icmp[0] = ICMP_ECHO_REQUEST;
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, ECHO_ID);
	put16(icmp + 6, seq);
	for (i = 0; i < ECHO_PAYLOAD; i++)
		icmp[ICMP_HEADER + i] = 'a' + i % 26;
	put16(icmp + 2, checksum(icmp, ICMP_HEADER + ECHO_PAYLOAD));
	return send_padded(ETH_HEADER + IP_HEADER + ICMP_HEADER + ECHO_PAYLOAD);
}

static bool is_arp_reply(const u8 *f, unsigned int len)
{
	const u8 *arp = f + ETH_HEADER;

	return len >= ETH_HEADER + 28 && get16(f + 12) == ETHERTYPE_ARP &&
	       get16(arp + 6) == ARP_REPLY && memcmp(arp + 14, host_ip, 4) == 0;
}

static bool is_echo_reply(const u8 *f, unsigned int len, u16 seq)
{
	const u8 *ip = f + ETH_HEADER, *icmp;

	if (len < ETH_HEADER + IP_HEADER + ICMP_HEADER ||
	    get16(f + 12) != ETHERTYPE_IPV4 || ip[9] != IP_PROTO_ICMP ||
	    memcmp(ip + 12, host_ip, 4) != 0)
		return false;
	icmp = ip + (ip[0] & 0xf) * 4;
	return icmp[0] == ICMP_ECHO_REPLY && get16(icmp + 4) == ECHO_ID &&
	       get16(icmp + 6) == seq;
}

/* Waits until a frame the predicate accepts arrives (its length) or
 * WAIT_NS pass (0); other frames are dropped.  Sleeps in HLT (the NIC's
 * interrupt or the timer wakes it), spins in the bench. */
static unsigned int wait_for(bool (*match)(const u8 *, unsigned int, u16),
			     u16 seq)
{
	u64 until = rdtsc() + ns_to_ticks(WAIT_NS, tsc_khz);
	unsigned int len;

	while (rdtsc() < until) {
		while ((len = e1000_receive(&nic, frame, sizeof(frame))) != 0)
			if (match(frame, len, seq))
				return len;
		if (bench)
			cpu_relax();
		else
			wait_for_interrupt();
	}
	return 0;
}

static bool arp_match(const u8 *f, unsigned int len, u16 seq)
{
	(void)seq;
	return is_arp_reply(f, len);
}

static bool resolve_host(void)
{
	unsigned int attempt;

	for (attempt = 0; attempt < 3; attempt++) {
		if (send_arp_request() != 0)
			printk("e1000-demo: ARP request not queued\n");
		else if (wait_for(arp_match, 0)) {
			memcpy(host_mac, frame + ETH_HEADER + 8, 6);
			printk("e1000-demo: ARP reply: 192.168.10.1 is at %02x:%02x:%02x:%02x:%02x:%02x\n",
			       host_mac[0], host_mac[1], host_mac[2],
			       host_mac[3], host_mac[4], host_mac[5]);
			return true;
		}
	}
	printk("e1000-demo: no ARP reply from 192.168.10.1\n");
	return false;
}

static void report_reply(unsigned int seq, u64 rtt, u64 irqs)
{
	printk("e1000-demo: reply seq=%u from 192.168.10.1: rtt %llu TSC ticks = %llu us, %llu NIC interrupt(s)\n",
	       seq, (unsigned long long)rtt,
	       (unsigned long long)ticks_to_ns(rtt, tsc_khz) / 1000,
	       (unsigned long long)irqs);
}

/* Echo requests, one at a time; in the bench nothing is printed until
 * the last (a console line costs exits). */
static unsigned int ping_host(void)
{
	unsigned int seq, answered = 0;
	u64 start, irqs;

	for (seq = 1; seq <= echoes; seq++) {
		irqs = nic_irqs;
		start = rdtsc();
		rtts[seq - 1] = 0;
		if (send_echo_request(seq) != 0) {
			printk("e1000-demo: echo request %u not queued\n", seq);
			continue;
		}
		if (!wait_for(is_echo_reply, seq)) {
			printk("e1000-demo: no reply to echo request %u\n",
			       seq);
			continue;
		}
		rtts[seq - 1] = rdtsc() - start;
		answered++;
		if (!bench)
			report_reply(seq, rtts[seq - 1], nic_irqs - irqs);
	}
	return answered;
}

/* The bench's figures: median, minimum and maximum round trip of the
 * answered requests (insertion sort: at most MAX_ECHOES). */
static void report_bench(void)
{
	u64 sorted[MAX_ECHOES], v;
	unsigned int n = 0, i, j;

	for (i = 0; i < echoes; i++) {
		if (!rtts[i])
			continue;
		v = rtts[i];
		for (j = n; j > 0 && sorted[j - 1] > v; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = v;
		n++;
	}
	if (!n)
		return;
	printk("e1000-demo: bench: %u replies, rtt median %llu min %llu max %llu TSC ticks, median %llu ns\n",
	       n, (unsigned long long)sorted[n / 2],
	       (unsigned long long)sorted[0], (unsigned long long)sorted[n - 1],
	       (unsigned long long)ticks_to_ns(sorted[n / 2], tsc_khz));
}

/* The bench stops the timer: its last tick comes within one period. */
static void stop_timer(void)
{
	u64 until;

	ticking = false;
	until = rdtsc() + 2 * tick_tsc;
	while (rdtsc() < until)
		cpu_relax();
}

static bool shutdown_requested(void)
{
	switch (comm_region_poll(comm_region())) {
	case COMM_SHUTDOWN_REQUESTED:
		return true;
	case COMM_UNKNOWN_MESSAGE:
		printk("e1000-demo: unknown message %u from the root\n",
		       comm_region()->msg_to_cell);
		return false;
	default:
		return false;
	}
}

static bool start_timer(void)
{
	interrupt_set_handler(TIMER_VECTOR, timer_tick);
	if (apic_timer_init(TIMER_VECTOR) == APIC_TIMER_NONE) {
		printk("e1000-demo: no usable APIC timer, stopping\n");
		return false;
	}
	tick_tsc = ns_to_ticks(TICK_NS, tsc_khz);
	next_deadline = rdtsc() + tick_tsc;
	apic_timer_arm(next_deadline);
	return true;
}

void inmate_main(void)
{
	unsigned int answered = 0;

	echoes = param_ulong("echoes", ECHO_COUNT);
	if (echoes < 1 || echoes > MAX_ECHOES)
		echoes = ECHO_COUNT;
	bench = param_ulong("bench", 0) == 1;
	printk("e1000-demo: starting (%u echo requests%s)\n", echoes,
	       bench ? ", bench" : "");
	if (timing_init() != 0)
		return;
	apic_init(false);
	if (!start_timer())
		return;
	enable_irqs();
	if (e1000_init(&nic, (void *)DMA_AREA) == 0) {
		interrupt_set_handler(NIC_VECTOR, nic_interrupt);
		route_pin();
		e1000_irq_enable(&nic);
		if (resolve_host()) {
			if (bench)
				stop_timer();
			answered = ping_host();
		}
		if (bench)
			report_bench();
		printk("e1000-demo: %u of %u echo requests answered, %llu NIC interrupts\n",
		       answered, echoes, (unsigned long long)nic_irqs);
		printk("e1000-demo: leaving the NIC %s for the hypervisor to stop\n",
		       e1000_running(&nic) ? "running" : "stopped");
	}
	/* the bench's cell causes no exit from here on */
	while (!shutdown_requested())
		if (bench && !ticking)
			cpu_relax();
		else
			wait_for_interrupt();
	printk("e1000-demo: shutdown requested, stopping\n");
	console_flush();
	comm_region_approve_shutdown(comm_region());
	halt_forever();
}
