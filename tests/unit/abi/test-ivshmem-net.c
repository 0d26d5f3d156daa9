// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem-net ring protocol (include/jailhouse/ivshmem-net.h), shared
 * by the Linux driver and inmates: two ends on two output sections in host
 * memory exchange frames; the ring is full and empty where it must be,
 * wraps around, carries MTU-size frames, and an index or length a hostile
 * peer publishes out of range is refused without any access outside the
 * sections.  And the link state machine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse/ivshmem-net.h>

/* The rig's output sections are 64 KiB: 31 slots. */
#define SECTION 0x10000
#define SLOTS 31

/* Each section with a guard page behind it that must stay untouched. */
static __u8 section_a[SECTION + 4096] __attribute__((aligned(4096)));
static __u8 section_b[SECTION + 4096] __attribute__((aligned(4096)));
static struct ivshmem_net_end a, b;
static __u8 frame[IVSHMEM_NET_MAX_FRAME], got[IVSHMEM_NET_SLOT_SIZE];

static void fill(__u8 *buf, __u32 len, __u32 seed)
{
	__u32 n;

	for (n = 0; n < len; n++)
		buf[n] = (__u8)(seed * 7 + n);
}

static int guards_untouched(void)
{
	__u32 n;

	for (n = SECTION; n < sizeof(section_a); n++)
		if (section_a[n] != 0xee || section_b[n] != 0xee)
			return 0;
	return 1;
}

static int setup(void **state)
{
	(void)state;
	memset(section_a, 0xee, sizeof(section_a));
	memset(section_b, 0xee, sizeof(section_b));
	if (ivshmem_net_init(&a, section_a, section_b, SECTION) ||
	    ivshmem_net_init(&b, section_b, section_a, SECTION))
		return -1;
	return 0;
}

/* Sends a frame of `len` bytes from a to b and checks what b gets. */
static void pass_frame(__u32 len, __u32 seed)
{
	__u32 got_len = 0;

	fill(frame, len, seed);
	assert_int_equal(ivshmem_net_send(&a, frame, len), 0);
	assert_int_equal(ivshmem_net_receive(&b, got, sizeof(got), &got_len),
			 0);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, frame, len);
}

static void geometry_follows_the_section_size(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_net_slots(SECTION), SLOTS);
	assert_int_equal(ivshmem_net_slots(256 + 2 * 2048), 2);
	assert_int_equal(ivshmem_net_slots(256 + 2 * 2048 - 1), 0);
	assert_int_equal(ivshmem_net_slots(0), 0);
	assert_int_equal(ivshmem_net_slots(1ULL << 40), IVSHMEM_NET_MAX_SLOTS);
	/* a section too small changes nothing */
	assert_int_equal(ivshmem_net_init(&a, section_a, section_b, 4096), -1);
	assert_int_equal(a.slots, SLOTS);
	assert_int_equal(section_a[4096], 0xee);
	/* the header says what the end uses; the peer's matches */
	assert_int_equal(a.own->magic, IVSHMEM_NET_MAGIC);
	assert_int_equal(a.own->slots, SLOTS);
	assert_true(ivshmem_net_peer_ok(&a));
	assert_true(ivshmem_net_peer_ok(&b));
	b.own->version = 2;
	assert_false(ivshmem_net_peer_ok(&a));
	b.own->version = IVSHMEM_NET_VERSION;
	b.own->slots = SLOTS - 1;
	assert_false(ivshmem_net_peer_ok(&a));
}

static void index_math(void **state)
{
	__u32 n = 99;

	(void)state;
	assert_int_equal(ivshmem_net_used(0, 0, 8, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ivshmem_net_used(7, 0, 8, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(ivshmem_net_used(1, 6, 8, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ivshmem_net_space(1, 6, 8, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(ivshmem_net_space(5, 6, 8, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(ivshmem_net_next(7, 8), 0);
	assert_int_equal(ivshmem_net_next(3, 8), 4);
	/* out of range: refused, nothing written */
	n = 99;
	assert_int_equal(ivshmem_net_used(8, 0, 8, &n), -1);
	assert_int_equal(ivshmem_net_used(0, 8, 8, &n), -1);
	assert_int_equal(ivshmem_net_used(0xffffffff, 0, 8, &n), -1);
	assert_int_equal(ivshmem_net_space(0, 0, 1, &n), -1);
	assert_int_equal(ivshmem_net_space(0, 0, IVSHMEM_NET_MAX_SLOTS + 1, &n),
			 -1);
	assert_int_equal(n, 99);
	assert_null(ivshmem_net_slot(a.own, SLOTS, SLOTS));
	assert_ptr_equal(ivshmem_net_slot(a.own, SLOTS, 1),
			 section_a + 256 + 2048);
}

static void empty_ring_gives_nothing(void **state)
{
	__u32 len = 0;

	(void)state;
	assert_int_equal(ivshmem_net_receive(&b, got, sizeof(got), &len),
			 IVSHMEM_NET_EMPTY);
	assert_int_equal(b.rx_cons, 0);
	assert_int_equal(b.own->rx_cons, 0);
}

static void full_ring_refuses_until_space(void **state)
{
	__u32 n, len = 0, space = 0;

	(void)state;
	fill(frame, 100, 1);
	for (n = 0; n < SLOTS - 1; n++)
		assert_int_equal(ivshmem_net_send(&a, frame, 100), 0);
	assert_int_equal(ivshmem_net_tx_space(&a, &space), 0);
	assert_int_equal(space, 0);
	assert_int_equal(ivshmem_net_send(&a, frame, 100), IVSHMEM_NET_FULL);
	assert_int_equal(a.tx_prod, SLOTS - 1);
	assert_int_equal(a.own->tx_prod, SLOTS - 1);
	/* one frame taken: one slot free again */
	assert_int_equal(ivshmem_net_receive(&b, got, sizeof(got), &len), 0);
	assert_int_equal(ivshmem_net_tx_space(&a, &space), 0);
	assert_int_equal(space, 1);
	assert_int_equal(ivshmem_net_send(&a, frame, 100), 0);
	assert_int_equal(a.tx_prod, 0);
	assert_int_equal(ivshmem_net_send(&a, frame, 100), IVSHMEM_NET_FULL);
	for (n = 0; n < SLOTS - 1; n++)
		assert_int_equal(ivshmem_net_receive(&b, got, sizeof(got),
						     &len),
				 0);
	assert_int_equal(ivshmem_net_receive(&b, got, sizeof(got), &len),
			 IVSHMEM_NET_EMPTY);
	assert_true(guards_untouched());
}

static void frames_survive_wrap_around(void **state)
{
	__u32 n;

	(void)state;
	/* more than ten times around the ring, every length class */
	for (n = 0; n < 10 * SLOTS + 5; n++)
		pass_frame(IVSHMEM_NET_MIN_FRAME + (n * 97) % (1518 - 14 + 1),
			   n);
	/* several in flight across the wrap */
	for (n = 0; n < 5; n++) {
		fill(frame, 60 + n, n);
		assert_int_equal(ivshmem_net_send(&a, frame, 60 + n), 0);
	}
	for (n = 0; n < 5; n++) {
		__u32 len = 0;

		fill(frame, 60 + n, n);
		assert_int_equal(ivshmem_net_receive(&b, got, sizeof(got),
						     &len),
				 0);
		assert_int_equal(len, 60 + n);
		assert_memory_equal(got, frame, len);
	}
	assert_int_equal(a.tx_prod, b.rx_cons);
	assert_true(guards_untouched());
}

static void frames_of_mtu_size_pass_and_larger_do_not(void **state)
{
	(void)state;
	pass_frame(IVSHMEM_NET_MAX_FRAME, 3);
	pass_frame(IVSHMEM_NET_MTU + IVSHMEM_NET_ETH_HLEN, 4);
	pass_frame(IVSHMEM_NET_MIN_FRAME, 5);
	assert_int_equal(ivshmem_net_send(&a, frame, IVSHMEM_NET_MAX_FRAME + 1),
			 IVSHMEM_NET_BAD_LEN);
	assert_int_equal(ivshmem_net_send(&a, frame, IVSHMEM_NET_MIN_FRAME - 1),
			 IVSHMEM_NET_BAD_LEN);
	assert_int_equal(ivshmem_net_send(&a, frame, 0), IVSHMEM_NET_BAD_LEN);
	assert_int_equal(a.tx_prod, 3);
	/* both directions at once */
	fill(frame, 1518, 9);
	assert_int_equal(ivshmem_net_send(&b, frame, 1518), 0);
	pass_frame(1000, 10);
	{
		__u32 len = 0;

		fill(frame, 1518, 9);
		assert_int_equal(ivshmem_net_receive(&a, got, sizeof(got),
						     &len),
				 0);
		assert_int_equal(len, 1518);
		assert_memory_equal(got, frame, len);
	}
}

/* A peer (here b's section, written directly) publishing nonsense. */
static void hostile_indices_are_refused(void **state)
{
	__u32 len = 0, space = 0;
	const __u32 bad[] = { SLOTS, SLOTS + 1, 0x80000000, 0xffffffff };
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		/* a producer index out of range */
		b.own->tx_prod = bad[n];
		assert_int_equal(ivshmem_net_receive(&a, got, sizeof(got),
						     &len),
				 IVSHMEM_NET_BAD_INDEX);
		assert_int_equal(a.rx_cons, 0);
		assert_int_equal(a.own->rx_cons, 0);
		b.own->tx_prod = 0;
		/* a consumer index out of range */
		b.own->rx_cons = bad[n];
		assert_int_equal(ivshmem_net_tx_space(&a, &space),
				 IVSHMEM_NET_BAD_INDEX);
		assert_int_equal(ivshmem_net_send(&a, frame, 100),
				 IVSHMEM_NET_BAD_INDEX);
		assert_int_equal(a.tx_prod, 0);
		assert_int_equal(a.own->tx_prod, 0);
		b.own->rx_cons = 0;
	}
	/* a consumer index "ahead" of the producer, in range: the ring looks
	 * nearly empty, never more than slots - 1 free */
	b.own->rx_cons = 5;
	assert_int_equal(ivshmem_net_tx_space(&a, &space), 0);
	assert_int_equal(space, 4);
	assert_true(guards_untouched());
}

static void hostile_lengths_drop_the_frame(void **state)
{
	volatile struct ivshmem_net_slot *slot;
	const __u32 bad[] = { 0, IVSHMEM_NET_MIN_FRAME - 1,
			      IVSHMEM_NET_MAX_FRAME + 1, IVSHMEM_NET_SLOT_SIZE,
			      0xffffffff };
	__u32 n, len = 0;

	(void)state;
	for (n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		/* b publishes a frame whose length it then spoils */
		fill(frame, 64, n);
		assert_int_equal(ivshmem_net_send(&b, frame, 64), 0);
		slot = ivshmem_net_slot(b.own, SLOTS, n);
		slot->len = bad[n];
		assert_int_equal(ivshmem_net_receive(&a, got, sizeof(got),
						     &len),
				 IVSHMEM_NET_BAD_LEN);
		/* dropped and the slot given back: the ring goes on */
		assert_int_equal(a.rx_cons, n + 1);
		assert_int_equal(a.own->rx_cons, n + 1);
	}
	fill(frame, 64, 77);
	assert_int_equal(ivshmem_net_send(&b, frame, 64), 0);
	assert_int_equal(ivshmem_net_receive(&a, got, sizeof(got), &len), 0);
	assert_memory_equal(got, frame, 64);
	/* a frame longer than the receiver's buffer is dropped as well */
	assert_int_equal(ivshmem_net_send(&b, frame, 200), 0);
	assert_int_equal(ivshmem_net_receive(&a, got, 100, &len),
			 IVSHMEM_NET_BAD_LEN);
	assert_int_equal(ivshmem_net_receive(&a, got, sizeof(got), &len),
			 IVSHMEM_NET_EMPTY);
	assert_true(guards_untouched());
}

#define RESET IVSHMEM_NET_STATE_RESET
#define INIT IVSHMEM_NET_STATE_INIT
#define READY IVSHMEM_NET_STATE_READY
#define RUN IVSHMEM_NET_STATE_RUN
#define REINIT IVSHMEM_NET_REINIT

static void state_steps(void **state)
{
	(void)state;
	/* a restarting end waits at RESET until the peer has dropped */
	assert_int_equal(ivshmem_net_step(RESET, RUN, 1, 1), RESET);
	assert_int_equal(ivshmem_net_step(RESET, READY, 1, 1), RESET);
	assert_int_equal(ivshmem_net_step(RESET, INIT, 1, 1), INIT | REINIT);
	assert_int_equal(ivshmem_net_step(RESET, RESET, 0, 0), INIT | REINIT);
	/* INIT goes on once the peer's header is fresh and matches */
	assert_int_equal(ivshmem_net_step(INIT, RESET, 1, 1), INIT);
	assert_int_equal(ivshmem_net_step(INIT, INIT, 0, 1), INIT);
	assert_int_equal(ivshmem_net_step(INIT, INIT, 1, 1), READY);
	assert_int_equal(ivshmem_net_step(INIT, RUN, 1, 0), READY);
	/* READY and RUN follow the interface, and restart with the peer */
	assert_int_equal(ivshmem_net_step(READY, INIT, 1, 1), RUN);
	assert_int_equal(ivshmem_net_step(READY, RUN, 1, 0), READY);
	assert_int_equal(ivshmem_net_step(RUN, RUN, 1, 0), READY);
	assert_int_equal(ivshmem_net_step(RUN, READY, 1, 1), RUN);
	assert_int_equal(ivshmem_net_step(RUN, RESET, 1, 1), INIT | REINIT);
	assert_int_equal(ivshmem_net_step(READY, RESET, 1, 0), INIT | REINIT);
	/* states no end of this protocol writes */
	assert_int_equal(ivshmem_net_step(RUN, 4, 1, 1), INIT | REINIT);
	assert_int_equal(ivshmem_net_step(INIT, 0xffffffff, 1, 1), INIT);
	assert_int_equal(ivshmem_net_step(RESET, 77, 1, 1), INIT | REINIT);
	assert_int_equal(ivshmem_net_step(9, RUN, 1, 1), RESET);
	/* the carrier: both RUN */
	assert_true(ivshmem_net_carrier(RUN, RUN));
	assert_false(ivshmem_net_carrier(RUN, READY));
	assert_false(ivshmem_net_carrier(READY, RUN));
	assert_false(ivshmem_net_carrier(RUN, 7));
}

/* Two ends driven by the state machine reach RUN together from any pair of
 * starting states, and an end restarting brings both back to RUN. */
static __u32 settle(__u32 own, __u32 peer, int up)
{
	__u32 next, n;

	for (n = 0; n < 8; n++) {
		next = ivshmem_net_step(own, peer, 1, up) &
		       IVSHMEM_NET_STATE_MASK;
		if (next == own)
			break;
		own = next;
	}
	return own;
}

static void two_ends_reach_run(void **state)
{
	__u32 sa, sb, round;

	(void)state;
	for (sa = RESET; sa <= RUN; sa++) {
		/* end b restarts (RESET) while a is anywhere */
		__u32 x = sa, y = RESET;

		for (round = 0; round < 6; round++) {
			x = settle(x, y, 1);
			y = settle(y, x, 1);
		}
		assert_true(ivshmem_net_carrier(x, y));
		assert_true(ivshmem_net_carrier(y, x));
	}
	/* both from RESET, one interface down: READY, no carrier */
	sa = RESET;
	sb = RESET;
	for (round = 0; round < 6; round++) {
		sa = settle(sa, sb, 1);
		sb = settle(sb, sa, 0);
	}
	assert_int_equal(sa, RUN);
	assert_int_equal(sb, READY);
	assert_false(ivshmem_net_carrier(sa, sb));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(geometry_follows_the_section_size,
				       setup),
		cmocka_unit_test_setup(index_math, setup),
		cmocka_unit_test_setup(empty_ring_gives_nothing, setup),
		cmocka_unit_test_setup(full_ring_refuses_until_space, setup),
		cmocka_unit_test_setup(frames_survive_wrap_around, setup),
		cmocka_unit_test_setup(frames_of_mtu_size_pass_and_larger_do_not,
				       setup),
		cmocka_unit_test_setup(hostile_indices_are_refused, setup),
		cmocka_unit_test_setup(hostile_lengths_drop_the_frame, setup),
		cmocka_unit_test(state_steps),
		cmocka_unit_test(two_ends_reach_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
