// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem-demo protocol (include/jailhouse/ivshmem-demo.h), which the
 * inmate and the root-side program both use: what a writer puts into its
 * output section is what the reader's check accepts, and a message of the
 * wrong number, length, sender or with one byte changed is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse/ivshmem-demo.h>

static struct ivshmem_demo_msg msg;

static void written_message_passes_the_check(void **state)
{
	__u32 seq;

	(void)state;
	for (seq = 1; seq < 1000; seq += 7) {
		memset(&msg, 0xa5, sizeof(msg));
		ivshmem_demo_write(&msg, seq, 3);
		assert_int_equal(msg.seq, seq);
		assert_int_equal(msg.len, 16 + seq % 200);
		assert_int_equal(msg.payload[0], (seq * 31 + 3) & 0xff);
		assert_int_equal(ivshmem_demo_check(&msg, seq, 3), 0);
	}
}

static void wrong_messages_are_refused(void **state)
{
	(void)state;
	ivshmem_demo_write(&msg, 42, 1);
	assert_int_equal(ivshmem_demo_check(&msg, 43, 1), IVSHMEM_DEMO_BAD_SEQ);
	assert_int_equal(ivshmem_demo_check(&msg, 42, 0),
			 IVSHMEM_DEMO_BAD_BYTE);
	msg.payload[msg.len - 1] ^= 1;
	assert_int_equal(ivshmem_demo_check(&msg, 42, 1),
			 IVSHMEM_DEMO_BAD_BYTE);
	msg.payload[msg.len - 1] ^= 1;
	msg.sum++;
	assert_int_equal(ivshmem_demo_check(&msg, 42, 1), IVSHMEM_DEMO_BAD_SUM);
	msg.sum--;
	msg.len = IVSHMEM_DEMO_MAX_LEN + 1;
	assert_int_equal(ivshmem_demo_check(&msg, 42, 1), IVSHMEM_DEMO_BAD_LEN);
}

static void output_sections_follow_the_layout(void **state)
{
	static char shm[0x1000 + 0x2000 + 3 * 0x4000];

	(void)state;
	assert_ptr_equal(ivshmem_demo_output(shm, 0x1000, 0x2000, 0x4000, 0),
			 shm + 0x3000);
	assert_ptr_equal(ivshmem_demo_output(shm, 0x1000, 0x2000, 0x4000, 2),
			 shm + 0xb000);
	/* the largest message fits a page */
	assert_true(sizeof(struct ivshmem_demo_msg) <= 0x1000);
	assert_int_equal(offsetof(struct ivshmem_demo_msg, payload), 12);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(written_message_passes_the_check),
		cmocka_unit_test(wrong_messages_are_refused),
		cmocka_unit_test(output_sections_follow_the_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
