// SPDX-License-Identifier: GPL-2.0
/*
 * The cell's side of the communication-region protocol, against a fake
 * region playing the hypervisor's part (Documentation/inmates.md).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <inmate/comm.h>

static struct jailhouse_comm_region comm;

static int fresh_region(void **state)
{
	(void)state;
	memset(&comm, 0, sizeof(comm));
	memcpy(comm.signature, JAILHOUSE_COMM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	comm.revision = JAILHOUSE_COMM_REVISION;
	comm.cell_state = JAILHOUSE_CELL_RUNNING;
	return 0;
}

/* What the hypervisor does to ask: reply cleared first, then the message. */
static void hypervisor_sends(unsigned int message)
{
	comm.reply_from_cell = JAILHOUSE_MSG_NONE;
	comm.msg_to_cell = message;
}

static void test_valid_region_is_accepted(void **state)
{
	(void)state;
	assert_int_equal(comm_region_check(&comm), 0);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_RUNNING);
}

static void test_wrong_revision_marks_failed_comm_rev(void **state)
{
	(void)state;
	comm.revision = JAILHOUSE_COMM_REVISION + 1;
	assert_int_equal(comm_region_check(&comm), -1);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_FAILED_COMM_REV);
}

static void test_wrong_signature_marks_failed_comm_rev(void **state)
{
	(void)state;
	comm.signature[5] = 'X';
	assert_int_equal(comm_region_check(&comm), -1);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_FAILED_COMM_REV);
}

static void test_no_message_means_nothing_to_do(void **state)
{
	(void)state;
	assert_int_equal(comm_region_poll(&comm), COMM_NO_MESSAGE);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_NONE);
}

static void test_shutdown_request_is_reported_then_approved(void **state)
{
	(void)state;
	hypervisor_sends(JAILHOUSE_MSG_SHUTDOWN_REQUEST);
	assert_int_equal(comm_region_poll(&comm), COMM_SHUTDOWN_REQUESTED);
	/* polling alone answers nothing: the inmate decides */
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_NONE);
	comm_region_approve_shutdown(&comm);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_REQUEST_APPROVED);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_SHUT_DOWN);
}

static void test_inmate_may_deny_a_shutdown(void **state)
{
	(void)state;
	hypervisor_sends(JAILHOUSE_MSG_SHUTDOWN_REQUEST);
	assert_int_equal(comm_region_poll(&comm), COMM_SHUTDOWN_REQUESTED);
	comm_region_deny_shutdown(&comm);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_REQUEST_DENIED);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_RUNNING);
}

static void test_locked_cell_denies_shutdown_by_itself(void **state)
{
	(void)state;
	comm_region_lock(&comm);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_RUNNING_LOCKED);
	hypervisor_sends(JAILHOUSE_MSG_SHUTDOWN_REQUEST);
	assert_int_equal(comm_region_poll(&comm), COMM_SHUTDOWN_DENIED);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_REQUEST_DENIED);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_RUNNING_LOCKED);
}

static void test_answered_message_is_not_answered_again(void **state)
{
	(void)state;
	comm_region_lock(&comm);
	hypervisor_sends(JAILHOUSE_MSG_SHUTDOWN_REQUEST);
	assert_int_equal(comm_region_poll(&comm), COMM_SHUTDOWN_DENIED);
	/* the hypervisor has not cleared msg_to_cell yet */
	assert_int_equal(comm_region_poll(&comm), COMM_NO_MESSAGE);
	/* ... now it has: still nothing */
	comm.msg_to_cell = JAILHOUSE_MSG_NONE;
	assert_int_equal(comm_region_poll(&comm), COMM_NO_MESSAGE);
	/* a new request after unlocking is seen and can be approved */
	comm_region_unlock(&comm);
	hypervisor_sends(JAILHOUSE_MSG_SHUTDOWN_REQUEST);
	assert_int_equal(comm_region_poll(&comm), COMM_SHUTDOWN_REQUESTED);
}

static void test_unknown_message_gets_unknown_reply(void **state)
{
	(void)state;
	hypervisor_sends(77);
	assert_int_equal(comm_region_poll(&comm), COMM_UNKNOWN_MESSAGE);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_UNKNOWN);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_RUNNING);
}

static void test_lock_and_unlock_only_touch_running_states(void **state)
{
	(void)state;
	comm.cell_state = JAILHOUSE_CELL_SHUT_DOWN;
	comm_region_lock(&comm);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_SHUT_DOWN);
	comm.cell_state = JAILHOUSE_CELL_FAILED;
	comm_region_unlock(&comm);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_FAILED);
}

static void test_deny_without_request_changes_nothing(void **state)
{
	(void)state;
	comm_region_deny_shutdown(&comm);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_NONE);
}

static void test_inmate_that_returns_marks_shut_down(void **state)
{
	(void)state;
	comm_region_mark_shut_down(&comm);
	assert_int_equal(comm.cell_state, JAILHOUSE_CELL_SHUT_DOWN);
	assert_int_equal(comm.reply_from_cell, JAILHOUSE_MSG_NONE);
}

#define TEST(f) cmocka_unit_test_setup(f, fresh_region)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_valid_region_is_accepted),
		TEST(test_wrong_revision_marks_failed_comm_rev),
		TEST(test_wrong_signature_marks_failed_comm_rev),
		TEST(test_no_message_means_nothing_to_do),
		TEST(test_shutdown_request_is_reported_then_approved),
		TEST(test_inmate_may_deny_a_shutdown),
		TEST(test_locked_cell_denies_shutdown_by_itself),
		TEST(test_answered_message_is_not_answered_again),
		TEST(test_unknown_message_gets_unknown_reply),
		TEST(test_lock_and_unlock_only_touch_running_states),
		TEST(test_deny_without_request_changes_nothing),
		TEST(test_inmate_that_returns_marks_shut_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
