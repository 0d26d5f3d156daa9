// SPDX-License-Identifier: GPL-2.0
/*
 * What the CLI prints: the `cell list` and `cell stats` tables, and the
 * new-text detection of `console -f`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cell-table.h"
#include "console-log.h"
#include "stats.h"
#include "text.h"

static char out[16384];
static struct cell_stats now, before;

static struct cell_info make_cell(unsigned int id, const char *name,
				  const char *state, const char *cpus)
{
	struct cell_info cell;

	memset(&cell, 0, sizeof(cell));
	cell.id = id;
	snprintf(cell.name, sizeof(cell.name), "%s", name);
	snprintf(cell.state, sizeof(cell.state), "%s", state);
	snprintf(cell.cpus, sizeof(cell.cpus), "%s", cpus);
	return cell;
}

static void cell_table_shows_id_name_state_cpus_and_fault(void **state)
{
	struct cell_info cells[3];

	(void)state;
	cells[0] = make_cell(0, "bochs-root", "running", "0");
	cells[1] = make_cell(1, "apic-demo", "failed", "1");
	strcpy(cells[1].fault, "memory: CPU 1 wrote to 0x3a000000");
	cells[2] = make_cell(2, "tiny-demo", "shut down", "");
	strcpy(cells[2].cpus_failed, "3");
	cell_table_format(cells, 3, out, sizeof(out));
	assert_string_equal(out,
			    "ID   NAME                     STATE            CPUS\n"
			    "0    bochs-root               running          0\n"
			    "1    apic-demo                failed           1\n"
			    "     fault: memory: CPU 1 wrote to 0x3a000000\n"
			    "2    tiny-demo                shut down        -\n"
			    "     CPUs that failed to come back online: 3\n");
}

static void cell_table_truncates_instead_of_overflowing(void **state)
{
	struct cell_info cell = make_cell(0, "root", "running", "0-3");
	char small[20];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_int_equal(cell_table_format(&cell, 1, small, sizeof(small)), 19);
	assert_int_equal(small[19], '\0');
	assert_int_equal(cell_table_format(&cell, 1, small, 0), 0);
}

static void set_counter(struct cell_stats *stats, unsigned int cpu_index,
			unsigned int counter, __u64 value)
{
	stats->count[cpu_index][counter] = value;
}

static void stats_once_shows_totals_without_rates(void **state)
{
	struct cell_info cell = make_cell(1, "tiny-demo", "running", "1");

	(void)state;
	memset(&now, 0, sizeof(now));
	now.num_cpus = 1;
	now.cpu[0] = 1;
	set_counter(&now, 0, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL, 42);
	set_counter(&now, 0, JAILHOUSE_CPU_STAT_VMEXITS_HYPERCALL, 40);
	set_counter(&now, 0, JAILHOUSE_CPU_STAT_VMEXITS_PIO, 2);
	stats_format(&cell, &now, NULL, 0, out, sizeof(out));
	assert_non_null(strstr(out, "cell 1 \"tiny-demo\": running, CPUs 1\n"));
	assert_non_null(strstr(out, "VM exits                  total\n"));
	assert_non_null(strstr(out, "\ntotal                        42\n"));
	assert_non_null(strstr(out, "\nhypercall                    40\n"));
	assert_non_null(strstr(out, "\npio                           2\n"));
	assert_non_null(strstr(out, "\nmsr_x2apic_icr                0\n"));
	assert_null(strstr(out, "per second"));
	/* One CPU: no per-CPU column repeating the total. */
	assert_null(strstr(out, "cpu1"));
}

static void stats_live_shows_rates_and_cpu_columns(void **state)
{
	struct cell_info cell = make_cell(3, "two", "running", "2-3");

	(void)state;
	memset(&now, 0, sizeof(now));
	memset(&before, 0, sizeof(before));
	now.num_cpus = before.num_cpus = 2;
	now.cpu[0] = before.cpu[0] = 2;
	now.cpu[1] = before.cpu[1] = 3;
	set_counter(&before, 0, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL, 100);
	set_counter(&before, 1, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL, 50);
	set_counter(&now, 0, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL, 300);
	set_counter(&now, 1, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL, 250);
	/* Went backwards (cell re-created): a rate of 0, not 2^64. */
	set_counter(&before, 0, JAILHOUSE_CPU_STAT_VMEXITS_MMIO, 9);
	set_counter(&now, 0, JAILHOUSE_CPU_STAT_VMEXITS_MMIO, 1);
	stats_format(&cell, &now, &before, 2.0, out, sizeof(out));
	assert_non_null(strstr(out,
			       "VM exits                  total   per second"
			       "           cpu2           cpu3\n"));
	/* (550 - 150) / 2 s = 200/s */
	assert_non_null(strstr(out,
			       "\ntotal                       550          200"
			       "            300            250\n"));
	assert_non_null(strstr(out,
			       "\nmmio                          1            0"
			       "              1              0\n"));
	assert_int_equal(stats_total(&now, JAILHOUSE_CPU_STAT_VMEXITS_TOTAL),
			 550);
}

static void stats_without_cpus_says_so(void **state)
{
	struct cell_info cell = make_cell(1, "x", "failed", "");

	(void)state;
	memset(&now, 0, sizeof(now));
	strcpy(cell.cpus_failed, "1");
	stats_format(&cell, &now, NULL, 0, out, sizeof(out));
	assert_non_null(strstr(out, "CPUs none\n"));
	assert_non_null(
		strstr(out, "CPUs that failed to come back online: 1\n"));
	assert_non_null(strstr(out, "(no per-CPU statistics in sysfs)\n"));
}

static void stats_with_many_cpus_caps_the_columns(void **state)
{
	struct cell_info cell = make_cell(0, "root", "running", "0-11");
	unsigned int n;

	(void)state;
	memset(&now, 0, sizeof(now));
	now.num_cpus = 12;
	for (n = 0; n < 12; n++)
		now.cpu[n] = n;
	stats_format(&cell, &now, NULL, 0, out, sizeof(out));
	assert_non_null(strstr(out, "cpu7"));
	assert_null(strstr(out, "cpu8"));
	assert_non_null(
		strstr(out, "(per-CPU columns for the first 8 of 12 CPUs)"));
}

static size_t new_text(const char *before_text, const char *now_text)
{
	return console_new_text(before_text, strlen(before_text), now_text,
				strlen(now_text));
}

static void console_growth_prints_only_the_new_part(void **state)
{
	(void)state;
	assert_int_equal(new_text("", "hello\n"), 0);
	assert_int_equal(new_text("hello\n", "hello\nworld\n"), 6);
	assert_int_equal(new_text("hello\n", "hello\n"), 6);
}

static void console_wrapped_ring_prints_after_the_overlap(void **state)
{
	(void)state;
	/* The ring dropped "ab" and gained "XY". */
	assert_int_equal(new_text("abcdefgh", "cdefghXY"), 6);
	/* Everything replaced (more than a ring's worth, or a reset). */
	assert_int_equal(new_text("abcdefgh", "12345678"), 0);
	/* A new, shorter log after re-enabling: all of it is new. */
	assert_int_equal(new_text("Initializing\nCPU 0 up\n", "Initial"), 0);
}

static void text_put_truncates_quietly(void **state)
{
	struct text text;
	char buf[8];

	(void)state;
	text_init(&text, buf, sizeof(buf));
	text_put(&text, "%s", "abc");
	text_put(&text, "%d", 12345);
	text_put(&text, "%s", "more");
	assert_string_equal(buf, "abc1234");
	assert_int_equal(text.len, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cell_table_shows_id_name_state_cpus_and_fault),
		cmocka_unit_test(cell_table_truncates_instead_of_overflowing),
		cmocka_unit_test(stats_once_shows_totals_without_rates),
		cmocka_unit_test(stats_live_shows_rates_and_cpu_columns),
		cmocka_unit_test(stats_without_cpus_says_so),
		cmocka_unit_test(stats_with_many_cpus_caps_the_columns),
		cmocka_unit_test(console_growth_prints_only_the_new_part),
		cmocka_unit_test(console_wrapped_ring_prints_after_the_overlap),
		cmocka_unit_test(text_put_truncates_quietly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
