// SPDX-License-Identifier: GPL-2.0
/*
 * The CLI's command lines: every command's operands and options, refused
 * command lines with their sentences, numbers, and the image list of
 * `cell load`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "command-line.h"
#include "image-list.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])))

static char msg[512];

static int parse(const char *name, const char *sub, int argc, char **argv,
		 struct command_args *args)
{
	const struct command_spec *spec = command_find(name, sub);

	assert_non_null(spec);
	msg[0] = '\0';
	return command_parse(spec, argc, argv, args, msg, sizeof(msg));
}

static void number_decimal_and_hex_are_accepted(void **state)
{
	__u64 v;

	(void)state;
	assert_int_equal(parse_number("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_number("0x1000", &v), 0);
	assert_int_equal(v, 0x1000);
	assert_int_equal(parse_number("0XfFfF", &v), 0);
	assert_int_equal(v, 0xffff);
	assert_int_equal(parse_number("0", &v), 0);
	assert_int_equal(v, 0);
	/* A leading zero is not octal: 010 is ten, as a user means it. */
	assert_int_equal(parse_number("010", &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(parse_number("0xffffffffffffffff", &v), 0);
	assert_true(v == ~0ULL);
	assert_int_equal(parse_number("18446744073709551615", &v), 0);
	assert_true(v == ~0ULL);
}

static void number_garbage_and_overflow_are_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"bad",
		"0x",
		"12abc",
		"0x1g",
		"-1",
		"+1",
		" 1",
		"1 ",
		"1.5",
		"0x10000000000000000",
		"18446744073709551616",
		"1k",
	};
	__u64 v = 77;
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		assert_int_equal(parse_number(bad[n], &v), -1);
		assert_int_equal(v, 77); /* untouched */
	}
}

static void every_command_is_in_the_table(void **state)
{
	static const char *const names[][2] = {
		{ "enable", NULL },    { "disable", NULL },
		{ "cell", "create" },  { "cell", "load" },
		{ "cell", "start" },   { "cell", "shutdown" },
		{ "cell", "destroy" }, { "cell", "list" },
		{ "cell", "stats" },   { "console", NULL },
		{ "config", NULL },    { "hardware", "check" },
	};
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(names) / sizeof(names[0]); n++)
		assert_non_null(command_find(names[n][0], names[n][1]));
	assert_null(command_find("cell", NULL));
	assert_null(command_find("cell", "frobnicate"));
	assert_null(command_find("enab", NULL));
	assert_null(command_find("hardware", NULL));
}

/* `jailhouse --help` and the man pages read the table: no sub-command lost. */
static void config_names_every_sub_command(void **state)
{
	static const char *const subs[] = { "create", "check", "dump",
					    "collect", "show" };
	const struct command_spec *spec = command_find("config", NULL);
	unsigned int n;

	(void)state;
	assert_non_null(spec);
	for (n = 0; n < sizeof(subs) / sizeof(subs[0]); n++)
		assert_non_null(strstr(spec->synopsis, subs[n]));
	assert_non_null(strstr(spec->summary, "show"));
}

static void enable_takes_exactly_one_config(void **state)
{
	char *ok[] = { "enable", "sys.cell" };
	char *none[] = { "enable" };
	char *two[] = { "enable", "a.cell", "b.cell" };
	char *option[] = { "enable", "--once", "a.cell" };
	struct command_args args;

	(void)state;
	assert_int_equal(parse("enable", NULL, ARGC(ok), ok, &args), 0);
	assert_int_equal(args.num_operands, 1);
	assert_string_equal(args.operands[0], "sys.cell");

	assert_int_equal(parse("enable", NULL, ARGC(none), none, &args), -1);
	assert_string_equal(msg, "missing SYSCONFIG");
	assert_int_equal(parse("enable", NULL, ARGC(two), two, &args), -1);
	assert_string_equal(msg, "unexpected argument 'b.cell'");
	/* --once belongs to `cell stats` only. */
	assert_int_equal(parse("enable", NULL, ARGC(option), option, &args),
			 -1);
	assert_string_equal(msg, "unknown option '--once'");
}

static void disable_and_list_take_nothing(void **state)
{
	char *disable[] = { "disable" };
	char *disable_extra[] = { "disable", "now" };
	char *list[] = { "list" };
	char *list_extra[] = { "list", "-f" };
	struct command_args args;

	(void)state;
	assert_int_equal(parse("disable", NULL, ARGC(disable), disable, &args),
			 0);
	assert_int_equal(parse("disable", NULL, ARGC(disable_extra),
			       disable_extra, &args),
			 -1);
	assert_string_equal(msg, "unexpected argument 'now'");
	assert_int_equal(parse("cell", "list", ARGC(list), list, &args), 0);
	assert_int_equal(parse("cell", "list", ARGC(list_extra), list_extra,
			       &args),
			 -1);
	assert_string_equal(msg, "unknown option '-f'");
}

static void cell_commands_take_name_or_id(void **state)
{
	static const char *const subs[] = { "start", "shutdown", "destroy" };
	char *by_name[] = { "start", "tiny-demo" };
	char *by_id[] = { "start", "1" };
	char *none[] = { "start" };
	char *create[] = { "create", "tiny-demo.cell" };
	char *create_none[] = { "create" };
	struct command_args args;
	unsigned int n;

	(void)state;
	for (n = 0; n < 3; n++) {
		by_name[0] = by_id[0] = none[0] = (char *)subs[n];
		assert_int_equal(parse("cell", subs[n], 2, by_name, &args), 0);
		assert_string_equal(args.operands[0], "tiny-demo");
		assert_int_equal(parse("cell", subs[n], 2, by_id, &args), 0);
		assert_string_equal(args.operands[0], "1");
		assert_int_equal(parse("cell", subs[n], 1, none, &args), -1);
		assert_string_equal(msg, "missing NAME|ID");
	}
	assert_int_equal(parse("cell", "create", 2, create, &args), 0);
	assert_int_equal(parse("cell", "create", 1, create_none, &args), -1);
	assert_string_equal(msg, "missing CELLCONFIG");
}

static void a_cell_name_may_start_with_a_dash_after_double_dash(void **state)
{
	char *argv[] = { "start", "--", "-odd-name" };
	char *without[] = { "start", "-odd-name" };
	struct command_args args;

	(void)state;
	assert_int_equal(parse("cell", "start", 3, argv, &args), 0);
	assert_string_equal(args.operands[0], "-odd-name");
	assert_int_equal(parse("cell", "start", 2, without, &args), -1);
	assert_string_equal(msg, "unknown option '-odd-name'");
}

static void stats_accepts_once(void **state)
{
	char *live[] = { "stats", "tiny-demo" };
	char *once[] = { "stats", "--once", "tiny-demo" };
	char *once_after[] = { "stats", "1", "--once" };
	char *follow[] = { "stats", "1", "-f" };
	struct command_args args;

	(void)state;
	assert_int_equal(parse("cell", "stats", 2, live, &args), 0);
	assert_false(args.once);
	assert_int_equal(parse("cell", "stats", 3, once, &args), 0);
	assert_true(args.once);
	assert_string_equal(args.operands[0], "tiny-demo");
	assert_int_equal(parse("cell", "stats", 3, once_after, &args), 0);
	assert_true(args.once);
	assert_int_equal(parse("cell", "stats", 3, follow, &args), -1);
	assert_string_equal(msg, "unknown option '-f'");
}

static void console_accepts_follow(void **state)
{
	char *plain[] = { "console" };
	char *f[] = { "console", "-f" };
	char *follow[] = { "console", "--follow" };
	char *extra[] = { "console", "x" };
	struct command_args args;

	(void)state;
	assert_int_equal(parse("console", NULL, 1, plain, &args), 0);
	assert_false(args.follow);
	assert_int_equal(parse("console", NULL, 2, f, &args), 0);
	assert_true(args.follow);
	assert_int_equal(parse("console", NULL, 2, follow, &args), 0);
	assert_true(args.follow);
	assert_int_equal(parse("console", NULL, 2, extra, &args), -1);
}

static void help_wins_over_missing_operands(void **state)
{
	char *help[] = { "enable", "--help" };
	char *h[] = { "start", "-h" };
	struct command_args args;

	(void)state;
	assert_int_equal(parse("enable", NULL, 2, help, &args), 0);
	assert_true(args.help);
	assert_int_equal(parse("cell", "start", 2, h, &args), 0);
	assert_true(args.help);
	assert_true(command_wants_help(2, help));
	assert_false(command_wants_help(2, (char *[]){ "load", "x" }));
	/* After --, "--help" is an operand (a file name). */
	assert_false(
		command_wants_help(3, (char *[]){ "load", "--", "--help" }));
}

static int load(int argc, char **argv, struct image_list *list)
{
	msg[0] = '\0';
	return image_list_parse(argc, argv, list, msg, sizeof(msg));
}

static void load_images_with_and_without_address(void **state)
{
	char *argv[] = { "load",      "tiny-demo", "a.bin",    "b.bin",
			 "-a",	      "0x1000",	   "--string", "console=ttyS0",
			 "--address", "4096" };
	static struct image_list list;

	(void)state;
	assert_int_equal(load(ARGC(argv), argv, &list), 0);
	assert_string_equal(list.cell, "tiny-demo");
	assert_int_equal(list.count, 3);
	assert_string_equal(list.items[0].path, "a.bin");
	assert_false(list.items[0].has_address);
	assert_int_equal(list.items[0].address, 0);
	assert_string_equal(list.items[1].path, "b.bin");
	assert_int_equal(list.items[1].address, 0x1000);
	assert_null(list.items[2].path);
	assert_string_equal(list.items[2].string, "console=ttyS0");
	assert_int_equal(list.items[2].address, 4096);
}

static void load_refuses_bad_command_lines(void **state)
{
	static const struct {
		int argc;
		char *argv[8];
		const char *msg;
	} cases[] = {
		{ 1, { "load" }, "missing NAME|ID: the cell comes first" },
		{ 2, { "load", "cell" }, "missing IMAGE" },
		{ 3,
		  { "load", "-a", "0" },
		  "missing NAME|ID: the cell comes first" },
		{ 4,
		  { "load", "cell", "-a", "0" },
		  "-a 0 comes before any IMAGE or -s STRING it could apply to" },
		{ 5,
		  { "load", "cell", "x.bin", "-a", "bad" },
		  "-a bad: not an address (use decimal, or hexadecimal with 0x)" },
		{ 4, { "load", "cell", "x.bin", "-a" }, "-a needs a value" },
		{ 7,
		  { "load", "cell", "x.bin", "-a", "1", "-a", "2" },
		  "-a given twice for 'x.bin'" },
		{ 4,
		  { "load", "cell", "-s", "hello" },
		  "-s 'hello' needs -a ADDR: there is no default place for a string" },
		{ 3, { "load", "cell", "-s" }, "-s needs a value" },
		{ 4,
		  { "load", "cell", "x.bin", "--bogus" },
		  "unknown option '--bogus'" },
	};
	static struct image_list list;
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(cases) / sizeof(cases[0]); n++) {
		assert_int_equal(load(cases[n].argc, (char **)cases[n].argv,
				      &list),
				 -1);
		assert_string_equal(msg, cases[n].msg);
	}
}

static void load_refuses_more_than_max_images(void **state)
{
	char *argv[2 + JAILHOUSE_MAX_IMAGES + 1];
	static struct image_list list;
	int n;

	(void)state;
	argv[0] = "load";
	argv[1] = "cell";
	for (n = 0; n < JAILHOUSE_MAX_IMAGES; n++)
		argv[2 + n] = "x.bin";
	assert_int_equal(load(2 + JAILHOUSE_MAX_IMAGES, argv, &list), 0);
	assert_int_equal(list.count, JAILHOUSE_MAX_IMAGES);
	argv[2 + JAILHOUSE_MAX_IMAGES] = "one-too-many.bin";
	assert_int_equal(load(3 + JAILHOUSE_MAX_IMAGES, argv, &list), -1);
	assert_string_equal(msg,
			    "too many images and strings: at most 16 per load");
}

static void load_reads_images_and_strings_into_preload_images(void **state)
{
	char path[] = "/tmp/jailhouse-image-XXXXXX";
	static struct image_list list;
	const char *string = "root=/dev/ram0";
	int fd = mkstemp(path);
	char *argv[] = { "load",	 "1",  path,	"-a", "0x100000", "-s",
			 (char *)string, "-a", "0x2000" };

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "\x90\x90\xf4", 3), 3);
	close(fd);
	assert_int_equal(load(ARGC(argv), argv, &list), 0);
	assert_int_equal(image_list_read(&list, msg, sizeof(msg)), 0);
	assert_int_equal(list.images[0].size, 3);
	assert_int_equal(list.images[0].target_address, 0x100000);
	assert_memory_equal((void *)(uintptr_t)list.images[0].source_address,
			    "\x90\x90\xf4", 3);
	/* A string goes with its NUL, so the inmate can read a C string. */
	assert_int_equal(list.images[1].size, strlen(string) + 1);
	assert_int_equal(list.images[1].target_address, 0x2000);
	assert_string_equal((char *)(uintptr_t)list.images[1].source_address,
			    string);
	image_list_free(&list);
	unlink(path);
}

static void load_names_a_missing_or_empty_image(void **state)
{
	char path[] = "/tmp/jailhouse-empty-XXXXXX";
	char *missing[] = { "load", "1", "/nonexistent/inmate.bin" };
	char *empty[] = { "load", "1", path };
	static struct image_list list;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(load(3, missing, &list), 0);
	assert_int_equal(image_list_read(&list, msg, sizeof(msg)), -1);
	assert_string_equal(msg,
			    "/nonexistent/inmate.bin: No such file or directory");
	assert_int_equal(load(3, empty, &list), 0);
	assert_int_equal(image_list_read(&list, msg, sizeof(msg)), -1);
	assert_non_null(strstr(msg, "empty file, nothing to load"));
	assert_non_null(strstr(msg, path));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(number_decimal_and_hex_are_accepted),
		cmocka_unit_test(number_garbage_and_overflow_are_refused),
		cmocka_unit_test(every_command_is_in_the_table),
		cmocka_unit_test(config_names_every_sub_command),
		cmocka_unit_test(enable_takes_exactly_one_config),
		cmocka_unit_test(disable_and_list_take_nothing),
		cmocka_unit_test(cell_commands_take_name_or_id),
		cmocka_unit_test(
			a_cell_name_may_start_with_a_dash_after_double_dash),
		cmocka_unit_test(stats_accepts_once),
		cmocka_unit_test(console_accepts_follow),
		cmocka_unit_test(help_wins_over_missing_operands),
		cmocka_unit_test(load_images_with_and_without_address),
		cmocka_unit_test(load_refuses_bad_command_lines),
		cmocka_unit_test(load_refuses_more_than_max_images),
		cmocka_unit_test(
			load_reads_images_and_strings_into_preload_images),
		cmocka_unit_test(load_names_a_missing_or_empty_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
