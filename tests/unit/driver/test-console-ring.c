// SPDX-License-Identifier: GPL-2.0
/* Host tests of driver/console-ring.c: the log ring read as flat text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "console-ring.h"

#define SIZE JAILHOUSE_CONSOLE_LOG_SIZE

static struct jailhouse_console_log log_ring;
static char out[SIZE + 64];

/* Writes @text as the hypervisor would: at tail % size, tail counting all. */
static void log_write(const char *text)
{
	for (; *text; text++)
		log_ring.content[log_ring.tail++ % SIZE] = *text;
}

static int setup(void **state)
{
	(void)state;
	memset(&log_ring, 0, sizeof(log_ring));
	log_ring.size = SIZE;
	memset(out, 0, sizeof(out));
	return 0;
}

static void empty_log_reads_nothing(void **state)
{
	(void)state;
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out, 100, 0),
			 0);
}

static void short_log_reads_back_whole(void **state)
{
	(void)state;
	log_write("Initializing Jailhouse\n");
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out, 100, 0),
			 23);
	assert_string_equal(out, "Initializing Jailhouse\n");
}

static void reading_in_pieces_continues_at_pos(void **state)
{
	(void)state;
	log_write("abcdefgh");
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out, 3, 0), 3);
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out + 3, 3, 3),
			 3);
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out + 6, 3, 6),
			 2);
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out + 8, 3, 8),
			 0);
	assert_string_equal(out, "abcdefgh");
}

static void wrapped_log_starts_at_oldest_character(void **state)
{
	char *expected = malloc(SIZE + 1);
	unsigned int n;

	(void)state;
	for (n = 0; n < SIZE + 10; n++)
		log_ring.content[log_ring.tail++ % SIZE] = 'a' + n % 26;
	for (n = 0; n < SIZE; n++)
		expected[n] = 'a' + (n + 10) % 26;
	expected[SIZE] = '\0';
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out,
						     sizeof(out), 0),
			 SIZE);
	assert_memory_equal(out, expected, SIZE);
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out, 4,
						     SIZE - 2),
			 2);
	assert_memory_equal(out, expected + SIZE - 2, 2);
	free(expected);
}

static void log_without_its_size_is_not_a_log(void **state)
{
	(void)state;
	log_write("garbage");
	log_ring.size = 12;
	assert_int_equal(jailhouse_console_ring_read(&log_ring, out, 100, 0),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(empty_log_reads_nothing, setup),
		cmocka_unit_test_setup(short_log_reads_back_whole, setup),
		cmocka_unit_test_setup(reading_in_pieces_continues_at_pos,
				       setup),
		cmocka_unit_test_setup(wrapped_log_starts_at_oldest_character,
				       setup),
		cmocka_unit_test_setup(log_without_its_size_is_not_a_log,
				       setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
