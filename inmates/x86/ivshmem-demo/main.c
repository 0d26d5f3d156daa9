// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ivshmem-demo: numbered messages and doorbells over an ivshmem link, in
 * the protocol of include/jailhouse/ivshmem-demo.h, against other cells or
 * the root-side program.
 *
 * Every peer sets its State to 1 (ready) and prints the state changes of
 * the others as it sees them in the state table (vector 0 tells it about
 * them).  The initiator (rounds=N, N > 0) waits until `peers` others are
 * ready, then sends messages 1..N: each goes into its own output section,
 * the doorbell of every ready peer rings, and the answers (the same seq in
 * each peer's output section) are checked; the round trip (TSC ticks, from
 * before writing the message until the last answer is checked) goes into
 * the min/median/max report.  Then it waits for the peers to leave and
 * come back, and runs again (the link survives a peer's destroy).  A
 * responder (rounds=0) answers every new message of a ready peer.
 *
 * Waits spin on memory with interrupts on: the doorbell's interrupt
 * arrives without an exit (no external-interrupt exiting), its EOI costs
 * one (xAPIC); the sender's doorbell write costs one.  The communication
 * region is polled in the same loop, so a shutdown request is answered at
 * once.
 *
 * jh-params: bdf=N (decimal: 104 = 00:0d.0, 112 = 00:0e.0, 120 = 00:0f.0;
 * default 104), rounds=N (default 0: responder; at most MAX_ROUNDS),
 * peers=N (the initiator's ready peers to wait for, default 1), copy=N
 * (default 0: none; at most MAX_COPY_ROUNDS): first the copy bench of
 * include/jailhouse/ivshmem-demo.h, N rounds, driven by the root.
 */
#include <inmate.h>
#include <inmate/ivshmem.h>
#include <inmate/param.h>

#define DOORBELL_VECTOR 0x40
#define DEFAULT_BDF 0x68
#define MAX_ROUNDS 20000
#define ANSWER_TIMEOUT_MS 2000
#define MAX_COPY_ROUNDS 256
#define COPY_BYTES 0x10000 /* at most one output section */

static struct ivshmem dev;
static volatile u64 interrupts;
static u32 known_state[JAILHOUSE_IVSHMEM_MAX_PEERS];
static u32 last_seq[JAILHOUSE_IVSHMEM_MAX_PEERS];
static u64 rtts[MAX_ROUNDS];
static unsigned long bad_payloads, timeouts;
static bool stop;
/* numbers go on across runs: a responder that answered N already would
 * take a new message N for the old one */
static u32 next_seq = 1;
static unsigned int state_lines;
static u8 copy_source[COPY_BYTES], copy_target[COPY_BYTES];

static void doorbell_interrupt(unsigned int vector)
{
	(void)vector;
	interrupts++;
	apic_eoi();
}

static bool shutdown_requested(void)
{
	switch (comm_region_poll(comm_region())) {
	case COMM_SHUTDOWN_REQUESTED:
		return true;
	case COMM_UNKNOWN_MESSAGE:
		printk("ivshmem-demo: unknown message %u from the root\n",
		       comm_region()->msg_to_cell);
		return false;
	default:
		return false;
	}
}

/* Prints every peer whose entry in the state table changed. */
static void watch_states(void)
{
	volatile u32 *table = ivshmem_state_table(&dev);
	u32 n, now;

	for (n = 0; n < dev.peers; n++) {
		if (n == dev.id)
			continue;
		now = table[n];
		if (now == known_state[n])
			continue;
		/* a peer flipping its state fast must not flood the
		 * console: after the first lines only arrivals and
		 * departures (state 0) are printed */
		if (state_lines < 64 || now == 0 || known_state[n] == 0) {
			state_lines++;
			printk("ivshmem-demo: peer %u state %u -> %u\n", n,
			       known_state[n], now);
		}
		known_state[n] = now;
		/* a peer that comes back starts its numbers afresh */
		last_seq[n] = 0;
	}
}

static unsigned int ready_peers(void)
{
	unsigned int n, count = 0;

	for (n = 0; n < dev.peers; n++)
		count += n != dev.id &&
			 known_state[n] == IVSHMEM_DEMO_STATE_READY;
	return count;
}

/* Spins until `done` says so, a shutdown request or the deadline (0: none);
 * true unless the deadline passed. */
static bool wait_until(bool (*done)(u32), u32 arg, u64 deadline)
{
	while (!done(arg)) {
		if (shutdown_requested()) {
			stop = true;
			return true;
		}
		if (deadline && rdtsc() > deadline)
			return false;
		enable_irqs();
		cpu_relax();
		disable_irqs();
	}
	return true;
}

static bool peers_ready(u32 wanted)
{
	watch_states();
	return ready_peers() >= wanted;
}

static bool answered(u32 seq)
{
	u32 n;

	for (n = 0; n < dev.peers; n++)
		if (n != dev.id && known_state[n] == IVSHMEM_DEMO_STATE_READY &&
		    ivshmem_output(&dev, n)->seq != seq)
			return false;
	return true;
}

/* One message to every ready peer and their answers; the round trip. */
static u64 round_trip(u32 seq)
{
	u64 start = rdtsc(),
	    timeout = ns_to_ticks(ANSWER_TIMEOUT_MS * NS_PER_MS, tsc_khz);
	u32 n;
	int bad;

	ivshmem_demo_write(ivshmem_output(&dev, dev.id), seq, dev.id);
	for (n = 0; n < dev.peers; n++)
		if (n != dev.id && known_state[n] == IVSHMEM_DEMO_STATE_READY)
			ivshmem_ring(&dev, n, IVSHMEM_DEMO_VECTOR);
	if (!wait_until(answered, seq, start + timeout)) {
		if (timeouts++ < 5)
			printk("ivshmem-demo: no answer to message %u\n", seq);
		return 0;
	}
	for (n = 0; n < dev.peers; n++) {
		if (n == dev.id || known_state[n] != IVSHMEM_DEMO_STATE_READY)
			continue;
		bad = ivshmem_demo_check(ivshmem_output(&dev, n), seq, n);
		if (bad && bad_payloads++ < 5)
			printk("ivshmem-demo: answer %u of peer %u is bad (%d)\n",
			       seq, n, bad);
	}
	return rdtsc() - start;
}

/* Shell sort: 10,000 values in the emulator within a second. */
static void sort(u64 *v, unsigned long count)
{
	unsigned long gap, i, j;
	u64 x;

	for (gap = count / 2; gap > 0; gap /= 2)
		for (i = gap; i < count; i++) {
			x = v[i];
			for (j = i; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
}

static void initiate(unsigned long rounds, unsigned int peers, unsigned int run)
{
	unsigned long n, done = 0;
	u64 irqs = interrupts, rtt;

	bad_payloads = timeouts = 0;
	printk("ivshmem-demo: run %u: %lu rounds with %u peer(s)\n", run,
	       rounds, ready_peers());
	for (n = 1; n <= rounds && !stop; n++) {
		rtt = round_trip(next_seq++);
		if (rtt)
			rtts[done++] = rtt;
		watch_states();
		if (ready_peers() < peers)
			break;
	}
	sort(rtts, done);
	printk("ivshmem-demo: run %u: %lu round trips, rtt min %llu median %llu max %llu TSC ticks (median %llu ns), %lu bad payloads, %lu timeouts, %llu interrupts\n",
	       run, done, done ? rtts[0] : 0, done ? rtts[done / 2] : 0,
	       done ? rtts[done - 1] : 0,
	       done ? ticks_to_ns(rtts[done / 2], tsc_khz) : 0, bad_payloads,
	       timeouts, interrupts - irqs);
}

static bool anything_new(u32 unused)
{
	u32 n;

	(void)unused;
	watch_states();
	for (n = 0; n < dev.peers; n++)
		if (n != dev.id && known_state[n] == IVSHMEM_DEMO_STATE_READY &&
		    ivshmem_output(&dev, n)->seq != last_seq[n] &&
		    ivshmem_output(&dev, n)->seq != 0)
			return true;
	return false;
}

/* Answers each new message of a ready peer with the same seq. */
static void respond(void)
{
	unsigned long answers = 0;
	u32 n, seq;
	int bad;

	while (!stop) {
		wait_until(anything_new, 0, 0);
		for (n = 0; n < dev.peers && !stop; n++) {
			if (n == dev.id ||
			    known_state[n] != IVSHMEM_DEMO_STATE_READY)
				continue;
			seq = ivshmem_output(&dev, n)->seq;
			if (seq == last_seq[n] || seq == 0)
				continue;
			bad = ivshmem_demo_check(ivshmem_output(&dev, n), seq,
						 n);
			/* rewritten while read: the new one comes next */
			if (bad == IVSHMEM_DEMO_CHANGED)
				continue;
			if (bad && bad_payloads++ < 5)
				printk("ivshmem-demo: message %u of peer %u is bad (%d)\n",
				       seq, n, bad);
			last_seq[n] = seq;
			ivshmem_demo_write(ivshmem_output(&dev, dev.id), seq,
					   dev.id);
			ivshmem_ring(&dev, n, IVSHMEM_DEMO_VECTOR);
			if (++answers % 1000 == 0)
				printk("ivshmem-demo: %lu answers, %lu bad payloads\n",
				       answers, bad_payloads);
		}
	}
	printk("ivshmem-demo: %lu answers, %lu bad payloads\n", answers,
	       bad_payloads);
}

static volatile struct ivshmem_demo_copy *copy_block(void)
{
	return (volatile struct ivshmem_demo_copy *)(dev.base +
						     dev.state_table_size);
}

/* Spins on `word` with interrupts off: nothing here may exit (the root
 * counts the cell's exits between go and ack).  False on shutdown. */
static bool copy_wait(volatile u32 *word, u32 value)
{
	while (*word != value) {
		if (comm_region()->msg_to_cell ==
		    JAILHOUSE_MSG_SHUTDOWN_REQUEST) {
			stop = true;
			return false;
		}
		cpu_relax();
	}
	return true;
}

static u64 copy_rounds(void *to, unsigned long bytes, u32 rounds)
{
	u64 start = rdtsc();
	u32 n;

	for (n = 0; n < rounds; n++)
		memcpy(to, copy_source, bytes);
	return rdtsc() - start;
}

/* The copy bench: RAM to RAM, then RAM to the own output section. */
static void copy_bench(u32 rounds)
{
	volatile struct ivshmem_demo_copy *c = copy_block();
	unsigned long bytes = dev.output_size < COPY_BYTES ? dev.output_size :
							     COPY_BYTES;
	u64 private_ticks, shared_ticks;
	unsigned long i;

	for (i = 0; i < bytes; i++)
		copy_source[i] = ivshmem_demo_copy_byte(i, dev.id);
	printk("ivshmem-demo: copy bench: %u rounds of %lu bytes, waiting for the root\n",
	       rounds, bytes);
	if (!copy_wait(&c->go, IVSHMEM_DEMO_COPY_GO))
		return;
	private_ticks = copy_rounds(copy_target, bytes, rounds);
	shared_ticks = copy_rounds((void *)ivshmem_output(&dev, dev.id), bytes,
				   rounds);
	c->rounds = rounds;
	c->bytes = bytes;
	c->private_ticks = private_ticks;
	c->shared_ticks = shared_ticks;
	__asm__ __volatile__("" : : : "memory");
	c->done = IVSHMEM_DEMO_COPY_DONE;
	if (!copy_wait(&c->ack, IVSHMEM_DEMO_COPY_ACK))
		return;
	printk("ivshmem-demo: copy bench: RAM to RAM %llu ticks, to the output section %llu ticks\n",
	       private_ticks, shared_ticks);
	/* the bench wrote over the protocol's message */
	ivshmem_output(&dev, dev.id)->seq = 0;
}

static bool peers_gone(u32 wanted)
{
	watch_states();
	return ready_peers() < wanted;
}

void inmate_main(void)
{
	unsigned long rounds = param_ulong("rounds", 0);
	unsigned int peers = param_ulong("peers", 1), run = 0;
	unsigned long copy = param_ulong("copy", 0);
	u16 bdf = param_ulong("bdf", DEFAULT_BDF);

	if (timing_init() != 0)
		return;
	apic_init(false);
	if (rounds > MAX_ROUNDS) {
		printk("ivshmem-demo: rounds=%lu is more than %u\n", rounds,
		       MAX_ROUNDS);
		return;
	}
	if (copy > MAX_COPY_ROUNDS) {
		printk("ivshmem-demo: copy=%lu is more than %u\n", copy,
		       MAX_COPY_ROUNDS);
		return;
	}
	if (ivshmem_open(&dev, bdf) != 0)
		return;
	printk("ivshmem-demo: device %02x:%02x.%x: id %u of %u peers, state table %llx, output sections of 0x%llx\n",
	       bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, dev.id, dev.peers,
	       (unsigned long long)(unsigned long)dev.base, dev.output_size);
	if (dev.id >= dev.peers || dev.peers > JAILHOUSE_IVSHMEM_MAX_PEERS ||
	    peers >= dev.peers) {
		printk("ivshmem-demo: id %u, %u peers, peers=%u: nothing to do\n",
		       dev.id, dev.peers, peers);
		return;
	}
	interrupt_set_handler(DOORBELL_VECTOR, doorbell_interrupt);
	ivshmem_enable_interrupts(&dev, IVSHMEM_DEMO_VECTOR, DOORBELL_VECTOR);
	ivshmem_output(&dev, dev.id)->seq = 0;
	ivshmem_write(&dev, JH_IVSHMEM_REG_STATE, IVSHMEM_DEMO_STATE_READY);
	/* the hypervisor wrote our entry: read back through our mapping */
	printk("ivshmem-demo: ready, own state table entry %u, role %s\n",
	       ivshmem_state_table(&dev)[dev.id],
	       rounds ? "initiator" : "responder");

	if (copy)
		copy_bench(copy);
	if (!rounds)
		respond();
	while (rounds && !stop) {
		wait_until(peers_ready, peers, 0);
		if (stop)
			break;
		initiate(rounds, peers, ++run);
		wait_until(peers_gone, peers, 0);
	}
	printk("ivshmem-demo: stopping\n");
	comm_region_approve_shutdown(comm_region());
	halt_forever();
}
