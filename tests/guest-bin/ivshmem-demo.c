// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem-demo (root side): numbered messages and doorbells over an
 * ivshmem link, through uio_ivshmem, in the protocol of
 * include/jailhouse/ivshmem-demo.h (the ivshmem-demo inmate speaks it too).
 *
 *   ivshmem-demo info DEV               what the device says about the link
 *   ivshmem-demo ping DEV ROUNDS        initiator: ROUNDS messages to every
 *                                       ready peer, each answer checked,
 *                                       round trips reported
 *   ivshmem-demo pong DEV COUNT SECONDS responder: answers COUNT messages
 *                                       (or stops after SECONDS without one)
 *   ivshmem-demo wait-state DEV PEER STATE SECONDS
 *                                       waits (poll() on sysfs peer_states)
 *                                       until PEER's state is STATE
 *   ivshmem-demo copy DEV PEER SECONDS  the copy bench (ivshmem-demo.h):
 *                                       go to the cell, its figures and a
 *                                       check of the bytes it wrote into
 *                                       its output section; no ack yet
 *   ivshmem-demo copy-ack DEV           lets the cell go on after that
 *
 * DEV is the PCI address of the ivshmem device (0000:00:0e.0 or 00:0e.0).
 * ping and pong set this peer's state to 1 (ready) while they run, and 0
 * when they end.  Waiting for an answer is a blocking read() of /dev/uioN
 * (every MSI-X vector is a UIO event); a doorbell is one write to the
 * mapped Doorbell register.  Exit status 0 only if every message and
 * answer was right and none timed out.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include <jailhouse/ivshmem-demo.h>

#define MAP_REGISTERS 0
#define MAP_STATE_TABLE 1
#define MAP_RW_SECTION 2
#define MAP_OUTPUT_SECTIONS 3
#define MAP_OWN_OUTPUT 4
#define MAX_PEERS 16
#define MAX_ROUNDS 1000000
#define ANSWER_TIMEOUT_MS 2000

struct link {
	char sysfs[128]; /* /sys/bus/pci/devices/DDDD:BB:DD.F */
	char uio[32];	 /* /dev/uioN */
	int fd;
	unsigned int id, peers;
	unsigned long output_size;
	volatile uint32_t *registers;
	const volatile uint32_t *state_table;
	const volatile char *outputs; /* every peer's, read-only */
	volatile struct ivshmem_demo_msg *own;
	uint32_t events; /* the UIO event count last read */
};

static int read_sysfs(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int read_number(const char *dir, const char *name, unsigned long *value)
{
	char path[256], buf[64], *end;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_sysfs(path, buf, sizeof(buf)))
		return -1;
	*value = strtoul(buf, &end, 0);
	return end == buf ? -1 : 0;
}

/* 00:0e.0 -> 0000:00:0e.0, then its uio device. */
static int find_link(const char *dev, struct link *link)
{
	char path[256];
	unsigned long n;

	snprintf(link->sysfs, sizeof(link->sysfs), "/sys/bus/pci/devices/%s%s",
		 strlen(dev) == 7 ? "0000:" : "", dev);
	if (access(link->sysfs, F_OK)) {
		fprintf(stderr,
			"ivshmem-demo: no PCI device %s in Linux (enabled with a config that gives the root this link?)\n",
			dev);
		return -1;
	}
	for (n = 0; n < 64; n++) {
		snprintf(path, sizeof(path), "%s/uio/uio%lu", link->sysfs, n);
		if (!access(path, F_OK))
			break;
	}
	if (n == 64) {
		fprintf(stderr,
			"ivshmem-demo: %s has no UIO device (is uio_ivshmem loaded and bound to it?)\n",
			link->sysfs);
		return -1;
	}
	snprintf(link->uio, sizeof(link->uio), "/dev/uio%lu", n);
	if (read_number(link->sysfs, "id", &n))
		return -1;
	link->id = n;
	if (read_number(link->sysfs, "max_peers", &n) || n > MAX_PEERS)
		return -1;
	link->peers = n;
	snprintf(path, sizeof(path), "%s/uio/uio%s/maps/map%d", link->sysfs,
		 link->uio + strlen("/dev/uio"), MAP_OWN_OUTPUT);
	if (read_number(path, "size", &link->output_size))
		return -1;
	return 0;
}

static void *map(struct link *link, int index, size_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_SHARED, link->fd,
		       (off_t)index * getpagesize());

	if (p == MAP_FAILED) {
		fprintf(stderr, "ivshmem-demo: mmap of map %d of %s: %s\n",
			index, link->uio, strerror(errno));
		return NULL;
	}
	return p;
}

static int open_link(const char *dev, struct link *link)
{
	if (find_link(dev, link))
		return -1;
	link->fd = open(link->uio, O_RDWR);
	if (link->fd < 0) {
		fprintf(stderr, "ivshmem-demo: %s: %s\n", link->uio,
			strerror(errno));
		return -1;
	}
	link->registers =
		map(link, MAP_REGISTERS, getpagesize(), PROT_READ | PROT_WRITE);
	link->state_table =
		map(link, MAP_STATE_TABLE, getpagesize(), PROT_READ);
	link->outputs = map(link, MAP_OUTPUT_SECTIONS,
			    link->output_size * link->peers, PROT_READ);
	link->own = map(link, MAP_OWN_OUTPUT, link->output_size,
			PROT_READ | PROT_WRITE);
	if (!link->registers || !link->state_table || !link->outputs ||
	    !link->own)
		return -1;
	return 0;
}

static const volatile struct ivshmem_demo_msg *peer_msg(struct link *link,
							unsigned int peer)
{
	return (const volatile struct ivshmem_demo_msg *)(link->outputs +
							  link->output_size *
								  peer);
}

static void set_state(struct link *link, uint32_t state)
{
	link->registers[JH_IVSHMEM_REG_STATE / 4] = state;
}

static void ring(struct link *link, unsigned int peer)
{
	link->registers[JH_IVSHMEM_REG_DOORBELL / 4] =
		JH_IVSHMEM_DOORBELL(peer, IVSHMEM_DEMO_VECTOR);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Waits up to @ms for the next UIO event: 1 if one came, 0 if not, -1. */
static int wait_event(struct link *link, int ms)
{
	struct pollfd p = { .fd = link->fd, .events = POLLIN };
	uint32_t count;
	int n = poll(&p, 1, ms);

	if (n <= 0)
		return n;
	if (read(link->fd, &count, sizeof(count)) != sizeof(count))
		return -1;
	link->events = count;
	return 1;
}

static int ready(const struct link *link, unsigned int peer)
{
	return peer != link->id &&
	       link->state_table[peer] == IVSHMEM_DEMO_STATE_READY;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every ready peer answered @seq (or @deadline passed: 0). */
static int wait_answers(struct link *link, uint32_t seq, uint64_t deadline)
{
	unsigned int n;

	for (;;) {
		for (n = 0; n < link->peers; n++)
			if (ready(link, n) && peer_msg(link, n)->seq != seq)
				break;
		if (n == link->peers)
			return 1;
		if (now_ns() > deadline)
			return 0;
		if (wait_event(link, 100) < 0)
			return 0;
	}
}

struct results {
	unsigned long done, bad, timeouts;
	uint64_t *ticks, *ns;
};

static void round_trip(struct link *link, uint32_t seq, struct results *r)
{
	uint64_t t0 = now_ns(), tsc0 = __rdtsc();
	unsigned int n;
	int bad;

	ivshmem_demo_write(link->own, seq, link->id);
	for (n = 0; n < link->peers; n++)
		if (ready(link, n))
			ring(link, n);
	if (!wait_answers(link, seq, t0 + ANSWER_TIMEOUT_MS * 1000000ULL)) {
		if (r->timeouts++ < 5)
			fprintf(stderr,
				"ivshmem-demo: no answer to message %u\n", seq);
		return;
	}
	for (n = 0; n < link->peers; n++) {
		if (!ready(link, n))
			continue;
		bad = ivshmem_demo_check(peer_msg(link, n), seq, n);
		if (bad && r->bad++ < 5)
			fprintf(stderr,
				"ivshmem-demo: answer %u of peer %u is bad (%d)\n",
				seq, n, bad);
	}
	r->ticks[r->done] = __rdtsc() - tsc0;
	r->ns[r->done] = now_ns() - t0;
	r->done++;
}

static unsigned int count_ready(struct link *link)
{
	unsigned int n, count = 0;

	for (n = 0; n < link->peers; n++)
		count += ready(link, n);
	return count;
}

static int ping(struct link *link, unsigned long rounds)
{
	struct results r = { 0 };
	uint64_t deadline = now_ns() + 60ULL * 1000000000;
	unsigned long n;
	uint32_t events0;

	r.ticks = calloc(rounds + 1, sizeof(*r.ticks));
	r.ns = calloc(rounds + 1, sizeof(*r.ns));
	if (!r.ticks || !r.ns) {
		free(r.ticks);
		free(r.ns);
		return 1;
	}
	link->own->seq = 0;
	set_state(link, IVSHMEM_DEMO_STATE_READY);
	while (!count_ready(link) && now_ns() < deadline)
		wait_event(link, 100);
	if (!count_ready(link)) {
		fprintf(stderr,
			"ivshmem-demo: no peer got ready within 60 s\n");
		set_state(link, 0);
		free(r.ticks);
		free(r.ns);
		return 1;
	}
	events0 = link->events;
	for (n = 1; n <= rounds && count_ready(link); n++)
		round_trip(link, n, &r);
	set_state(link, 0);
	qsort(r.ticks, r.done, sizeof(*r.ticks), cmp_u64);
	qsort(r.ns, r.done, sizeof(*r.ns), cmp_u64);
	printf("ivshmem-demo: %lu round trips with %u peer(s), rtt min %llu median %llu max %llu TSC ticks, median %llu ns, %lu bad payloads, %lu timeouts, %u events\n",
	       r.done, count_ready(link),
	       (unsigned long long)(r.done ? r.ticks[0] : 0),
	       (unsigned long long)(r.done ? r.ticks[r.done / 2] : 0),
	       (unsigned long long)(r.done ? r.ticks[r.done - 1] : 0),
	       (unsigned long long)(r.done ? r.ns[r.done / 2] : 0), r.bad,
	       r.timeouts, link->events - events0);
	free(r.ticks);
	free(r.ns);
	return r.done == rounds && !r.bad && !r.timeouts ? 0 : 1;
}

/* Answers new messages of ready peers; 0 once @count were answered right. */
static int pong(struct link *link, unsigned long count, unsigned int seconds)
{
	uint32_t last[MAX_PEERS] = { 0 }, seq;
	unsigned long answers = 0, bad = 0;
	uint64_t idle_since = now_ns();
	unsigned int n;
	int b;

	link->own->seq = 0;
	set_state(link, IVSHMEM_DEMO_STATE_READY);
	while (answers < count &&
	       now_ns() - idle_since < seconds * 1000000000ULL) {
		for (n = 0; n < link->peers; n++) {
			if (!ready(link, n))
				continue;
			seq = peer_msg(link, n)->seq;
			if (!seq || seq == last[n])
				continue;
			b = ivshmem_demo_check(peer_msg(link, n), seq, n);
			if (b && bad++ < 5)
				fprintf(stderr,
					"ivshmem-demo: message %u of peer %u is bad (%d)\n",
					seq, n, b);
			last[n] = seq;
			ivshmem_demo_write(link->own, seq, link->id);
			ring(link, n);
			answers++;
			idle_since = now_ns();
		}
		if (answers < count && wait_event(link, 100) < 0)
			break;
	}
	set_state(link, 0);
	printf("ivshmem-demo: %lu answers, %lu bad payloads\n", answers, bad);
	return answers >= count && !bad ? 0 : 1;
}

static int peer_state(const char *sysfs, unsigned int peer,
		      unsigned long *state)
{
	char path[256], buf[256], *p = buf, *end;
	unsigned int n;

	snprintf(path, sizeof(path), "%s/peer_states", sysfs);
	if (read_sysfs(path, buf, sizeof(buf)))
		return -1;
	for (n = 0; n <= peer; n++) {
		*state = strtoul(p, &end, 0);
		if (end == p)
			return -1;
		p = end;
	}
	return 0;
}

/*
 * poll() on a sysfs file reports POLLPRI|POLLERR once the driver notified
 * it; the file must be read (from offset 0) before each poll().
 */
static int wait_state(struct link *link, unsigned int peer, unsigned long want,
		      unsigned int seconds)
{
	uint64_t deadline = now_ns() + seconds * 1000000000ULL;
	char path[256], buf[256];
	unsigned long state, last = ~0UL;
	struct pollfd p;

	snprintf(path, sizeof(path), "%s/peer_states", link->sysfs);
	p.fd = open(path, O_RDONLY);
	p.events = POLLPRI | POLLERR;
	if (p.fd < 0 || peer >= link->peers)
		return 1;
	for (;;) {
		lseek(p.fd, 0, SEEK_SET);
		if (read(p.fd, buf, sizeof(buf)) < 0 ||
		    peer_state(link->sysfs, peer, &state))
			return 1;
		if (state != last)
			printf("ivshmem-demo: peer %u state %lu\n", peer,
			       state);
		last = state;
		if (state == want)
			return 0;
		if (now_ns() > deadline) {
			fprintf(stderr,
				"ivshmem-demo: peer %u state still %lu after %u s\n",
				peer, state, seconds);
			return 1;
		}
		poll(&p, 1, 1000);
	}
}

static volatile struct ivshmem_demo_copy *map_copy_block(struct link *link)
{
	return map(link, MAP_RW_SECTION, getpagesize(), PROT_READ | PROT_WRITE);
}

/* The bytes of the last round in PEER's output section. */
static unsigned long copy_errors(struct link *link, unsigned int peer,
				 unsigned long bytes)
{
	const volatile unsigned char *out =
		(const volatile unsigned char *)link->outputs +
		link->output_size * peer;
	unsigned long i, bad = 0;

	for (i = 0; i < bytes; i++)
		bad += out[i] != ivshmem_demo_copy_byte(i, peer);
	return bad;
}

static int copy(struct link *link, unsigned int peer, unsigned int seconds)
{
	volatile struct ivshmem_demo_copy *c = map_copy_block(link);
	uint64_t deadline = now_ns() + seconds * 1000000000ULL;
	unsigned long bad;

	if (!c)
		return 1;
	if (peer >= link->peers || peer == link->id) {
		fprintf(stderr,
			"ivshmem-demo: peer %u is not another peer of this link\n",
			peer);
		return 2;
	}
	c->ack = 0;
	c->done = 0;
	c->go = IVSHMEM_DEMO_COPY_GO;
	while (c->done != IVSHMEM_DEMO_COPY_DONE) {
		if (now_ns() > deadline) {
			fprintf(stderr,
				"ivshmem-demo: the cell did not finish the copy bench in %u s\n",
				seconds);
			return 1;
		}
		usleep(10000);
	}
	__asm__ __volatile__("" : : : "memory");
	if (c->bytes == 0 || c->bytes > link->output_size) {
		fprintf(stderr,
			"ivshmem-demo: the cell reported %llu bytes per round\n",
			(unsigned long long)c->bytes);
		return 1;
	}
	bad = copy_errors(link, peer, c->bytes);
	printf("ivshmem-demo: copy: %u rounds of %llu bytes: RAM to RAM %llu ticks, RAM to the output section %llu ticks (%llu.%llu %% of the RAM copy's speed), %lu bad bytes\n",
	       c->rounds, (unsigned long long)c->bytes,
	       (unsigned long long)c->private_ticks,
	       (unsigned long long)c->shared_ticks,
	       (unsigned long long)(c->private_ticks * 100 / c->shared_ticks),
	       (unsigned long long)(c->private_ticks * 1000 / c->shared_ticks %
				    10),
	       bad);
	return bad ? 1 : 0;
}

static int copy_ack(struct link *link)
{
	volatile struct ivshmem_demo_copy *c = map_copy_block(link);

	if (!c)
		return 1;
	c->go = 0;
	c->ack = IVSHMEM_DEMO_COPY_ACK;
	return 0;
}

static int parse(const char *text, unsigned long max, unsigned long *value)
{
	char *end;

	errno = 0;
	*value = strtoul(text, &end, 0);
	if (errno || end == text || *end || *value > max) {
		fprintf(stderr,
			"ivshmem-demo: '%s' is not a number up to %lu\n", text,
			max);
		return -1;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: ivshmem-demo info DEV | ping DEV ROUNDS | pong DEV COUNT SECONDS |\n"
		"       wait-state DEV PEER STATE SECONDS | copy DEV PEER SECONDS | copy-ack DEV\n"
		"       (DEV: PCI address, e.g. 00:0e.0)\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct link link = { 0 };
	unsigned long a, b, c;

	if (argc < 3)
		return usage();
	if (open_link(argv[2], &link))
		return 1;
	if (!strcmp(argv[1], "info") && argc == 3) {
		printf("ivshmem-demo: %s (%s): id %u of %u peers, output sections of 0x%lx bytes, states ",
		       link.sysfs, link.uio, link.id, link.peers,
		       link.output_size);
		for (a = 0; a < link.peers; a++)
			printf("%s%u", a ? " " : "", link.state_table[a]);
		printf("\n");
		return 0;
	}
	if (!strcmp(argv[1], "ping") && argc == 4)
		return parse(argv[3], MAX_ROUNDS, &a) ? 2 : ping(&link, a);
	if (!strcmp(argv[1], "pong") && argc == 5)
		return parse(argv[3], MAX_ROUNDS, &a) ||
				       parse(argv[4], 3600, &b) ?
			       2 :
			       pong(&link, a, b);
	if (!strcmp(argv[1], "wait-state") && argc == 6)
		return parse(argv[3], MAX_PEERS - 1, &a) ||
				       parse(argv[4], 0xffffffffUL, &b) ||
				       parse(argv[5], 3600, &c) ?
			       2 :
			       wait_state(&link, a, b, c);
	if (!strcmp(argv[1], "copy") && argc == 5)
		return parse(argv[3], MAX_PEERS - 1, &a) ||
				       parse(argv[4], 3600, &b) ?
			       2 :
			       copy(&link, a, b);
	if (!strcmp(argv[1], "copy-ack") && argc == 3)
		return copy_ack(&link);
	return usage();
}
