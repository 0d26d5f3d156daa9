// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ivshmem-net-echo: the far end of an ivshmem-net link (protocol 0x4001,
 * include/jailhouse/ivshmem-net.h) for root Linux's ivshmem_net.ko.  It
 * runs the protocol's state machine with its interface always up, answers
 * ARP requests for its address and ICMP echo requests to it (answer.h),
 * and drops everything else.  So `ping 192.168.20.2` from the root works
 * once the root's interface is up with an address in 192.168.20.0/24.
 *
 * It spins on the shared memory with interrupts on (the doorbell's
 * interrupt only counts); it rings the root's doorbell after it answered
 * (new frames) or consumed frames (ring space).  A ring index out of range
 * from the root resets the link (state RESET, then the state machine).
 * On a shutdown request it writes RESET, prints its counters and stops.
 *
 * jh-params: bdf=N (decimal; default 96 = 00:0c.0, link N of
 * configs/x86/ivshmem-net-link.h).
 */
#include <inmate.h>
#include <inmate/ivshmem.h>
#include <inmate/param.h>
#include <inmate/pci.h>

#include "answer.h"

#define DOORBELL_VECTOR 0x40
#define DEFAULT_BDF 0x60
#define PCI_CFG_CLASS_REVISION 0x08

static const u8 own_ip[4] = { 192, 168, 20, 2 };

static struct ivshmem dev;
static struct ivshmem_net_end end;
static u8 own_mac[6];
static u32 state = IVSHMEM_NET_STATE_RESET;
static u8 frame[IVSHMEM_NET_SLOT_SIZE], answer[IVSHMEM_NET_MAX_FRAME];
static volatile u64 interrupts;
static unsigned long received, answered, ignored, dropped, bad_lengths, resets;

static void doorbell_interrupt(unsigned int vector)
{
	(void)vector;
	interrupts++;
	apic_eoi();
}

static volatile void *output_section(u32 peer)
{
	return dev.base + dev.state_table_size + dev.rw_size +
	       dev.output_size * peer;
}

static u32 peer_state(void)
{
	return ivshmem_state_table(&dev)[1 - dev.id];
}

static void write_state(u32 next)
{
	if (next != state)
		printk("ivshmem-net-echo: state %u -> %u (peer %u)\n", state,
		       next, peer_state());
	state = next;
	ivshmem_write(&dev, JH_IVSHMEM_REG_STATE, state);
}

static void step_states(void)
{
	u32 next;
	int n;

	for (n = 0; n < 4; n++) {
		next = ivshmem_net_step(state, peer_state(),
					ivshmem_net_peer_ok(&end), 1);
		if (next & IVSHMEM_NET_REINIT)
			ivshmem_net_init(&end, output_section(dev.id),
					 output_section(1 - dev.id),
					 dev.output_size);
		next &= IVSHMEM_NET_STATE_MASK;
		if (next == state)
			return;
		write_state(next);
	}
}

static void link_reset(const char *why)
{
	if (resets++ < 5)
		printk("ivshmem-net-echo: %s: link reset\n", why);
	write_state(IVSHMEM_NET_STATE_RESET);
}

/* Answers what waits in the root's ring; true if the doorbell is due. */
static bool serve(void)
{
	bool ring = false;
	u32 len, reply;
	int err;

	for (;;) {
		err = ivshmem_net_receive(&end, frame, sizeof(frame), &len);
		if (err == IVSHMEM_NET_EMPTY)
			return ring;
		if (err == IVSHMEM_NET_BAD_INDEX) {
			link_reset(
				"the root published a ring index out of range");
			return false;
		}
		ring = true; /* a slot was freed */
		if (err == IVSHMEM_NET_BAD_LEN) {
			bad_lengths++;
			continue;
		}
		received++;
		reply = echo_answer(frame, len, own_mac, own_ip, answer);
		if (!reply) {
			ignored++;
			continue;
		}
		err = ivshmem_net_send(&end, answer, reply);
		if (err == IVSHMEM_NET_BAD_INDEX) {
			link_reset(
				"the root published a ring index out of range");
			return false;
		}
		if (err)
			dropped++;
		else
			answered++;
	}
}

static bool shutdown_requested(void)
{
	return comm_region_poll(comm_region()) == COMM_SHUTDOWN_REQUESTED;
}

static bool link_usable(u32 bdf)
{
	u32 protocol = pci_read_config(bdf, PCI_CFG_CLASS_REVISION, 4) >> 8 &
		       0xffff;

	if (protocol != IVSHMEM_NET_PROTOCOL) {
		printk("ivshmem-net-echo: the link speaks protocol 0x%x, not 0x%x\n",
		       protocol, IVSHMEM_NET_PROTOCOL);
		return false;
	}
	if (dev.peers != IVSHMEM_NET_PEERS || dev.id >= dev.peers ||
	    !ivshmem_net_slots(dev.output_size)) {
		printk("ivshmem-net-echo: id %u of %u peers, output sections of 0x%llx: not a link of 2 with room for a ring\n",
		       dev.id, dev.peers, dev.output_size);
		return false;
	}
	return true;
}

void inmate_main(void)
{
	u16 bdf = param_ulong("bdf", DEFAULT_BDF);

	if (timing_init() != 0)
		return;
	apic_init(false);
	if (ivshmem_open(&dev, bdf) != 0 || !link_usable(bdf))
		return;
	/* as ivshmem_net.ko makes its addresses: 02:4a:48:bus:devfn:id */
	own_mac[0] = 0x02;
	own_mac[1] = 0x4a;
	own_mac[2] = 0x48;
	own_mac[3] = bdf >> 8;
	own_mac[4] = bdf & 0xff;
	own_mac[5] = dev.id;
	interrupt_set_handler(DOORBELL_VECTOR, doorbell_interrupt);
	ivshmem_enable_interrupts(&dev, IVSHMEM_NET_VECTOR, DOORBELL_VECTOR);
	ivshmem_net_init(&end, output_section(dev.id),
			 output_section(1 - dev.id), dev.output_size);
	write_state(IVSHMEM_NET_STATE_RESET);
	printk("ivshmem-net-echo: peer %u of 2 on %02x:%02x.%x, %u slots, 192.168.20.2 at 02:4a:48:%02x:%02x:%02x\n",
	       dev.id, bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, end.slots,
	       own_mac[3], own_mac[4], own_mac[5]);

	while (!shutdown_requested()) {
		step_states();
		if (ivshmem_net_carrier(state, peer_state()) && serve())
			ivshmem_ring(&dev, 1 - dev.id, IVSHMEM_NET_VECTOR);
		enable_irqs();
		cpu_relax();
		disable_irqs();
	}
	write_state(IVSHMEM_NET_STATE_RESET);
	printk("ivshmem-net-echo: %lu frames, %lu answered, %lu ignored, %lu answers dropped (ring full), %lu bad lengths, %lu link resets, %llu interrupts\n",
	       received, answered, ignored, dropped, bad_lengths, resets,
	       interrupts);
	comm_region_approve_shutdown(comm_region());
	halt_forever();
}
