// SPDX-License-Identifier: GPL-2.0
/*
 * The command table and the argv parser of the `jailhouse` CLI.
 */
#include <stdio.h>
#include <string.h>

#include "command-line.h"

const struct command_spec command_specs[] = {
	{ .name = "enable",
	  .operands = "SYSCONFIG",
	  .synopsis = "SYSCONFIG",
	  .summary =
		  "start the hypervisor; the running Linux becomes the root cell",
	  .details =
		  "SYSCONFIG is a system configuration (a .cell file with signature\n"
		  "JHSYST).  The CLI checks it before sending it to jailhouse.ko.",
	  .min_operands = 1,
	  .max_operands = 1 },
	{ .name = "disable",
	  .operands = "",
	  .synopsis = "",
	  .summary = "stop the hypervisor; Linux runs natively again",
	  .details =
		  "Refused while non-root cells exist: destroy them first." },
	{ .name = "cell create",
	  .operands = "CELLCONFIG",
	  .synopsis = "CELLCONFIG",
	  .summary = "create a cell from a cell configuration",
	  .details =
		  "Takes the cell's CPUs offline in Linux and hands its memory, ports\n"
		  "and devices over to it.  The cell is then loadable.",
	  .min_operands = 1,
	  .max_operands = 1 },
	{ .name = "cell load",
	  .operands = "NAME|ID IMAGE",
	  .synopsis = "NAME|ID IMAGE [-a ADDR] [-s STRING -a ADDR]...",
	  .summary = "copy images or strings into a loadable cell",
	  .details =
		  "Each IMAGE is copied to guest-physical address ADDR of the cell\n"
		  "(default 0).  -s STRING -a ADDR copies STRING with its terminating\n"
		  "NUL byte.  ADDR is decimal or hexadecimal with 0x.  At most 16\n"
		  "images and strings; each must fit a region the cell config marks\n"
		  "loadable.",
	  .min_operands = 2,
	  .max_operands = 2 },
	{ .name = "cell linux",
	  .operands = "CELLCONFIG BZIMAGE",
	  .synopsis = "CELLCONFIG BZIMAGE [-i INITRD] [-c CMDLINE] [-l LOADER]",
	  .summary = "create a cell and boot a Linux kernel in it",
	  .details =
		  "Checks the bzImage (x86 boot protocol 2.12 or newer, 64-bit) and\n"
		  "that kernel, initrd and command line fit the cell's RAM, then\n"
		  "creates the cell, loads the linux-loader inmate (-l, default\n"
		  "/usr/lib/jailhouse/inmates/linux-loader.bin), the zero page with\n"
		  "the cell's e820 map and the Jailhouse setup_data, the kernel and\n"
		  "the initrd (-i), and starts it.  -c gives the kernel's command\n"
		  "line; pci=lastbus=N (the cell's last PCI bus) is added unless it\n"
		  "has a pci= option, which spares Linux probing every bus.\n"
		  "The cell must own a legacy UART for Linux's console.  If\n"
		  "loading or starting fails, the new cell is destroyed again.",
	  .min_operands = 2,
	  .max_operands = 2 },
	{ .name = "cell start",
	  .operands = "NAME|ID",
	  .synopsis = "NAME|ID",
	  .summary = "start a created or loaded cell at its reset address",
	  .min_operands = 1,
	  .max_operands = 1 },
	{ .name = "cell shutdown",
	  .operands = "NAME|ID",
	  .synopsis = "NAME|ID",
	  .summary = "stop a cell (asking it first unless it is passive)",
	  .details = "The cell stays and can be loaded and started again.",
	  .min_operands = 1,
	  .max_operands = 1 },
	{ .name = "cell destroy",
	  .operands = "NAME|ID",
	  .synopsis = "NAME|ID",
	  .summary = "remove a cell and give its resources back to Linux",
	  .details = "The cell's CPUs come back online in Linux.",
	  .min_operands = 1,
	  .max_operands = 1 },
	{ .name = "cell list",
	  .operands = "",
	  .synopsis = "",
	  .summary =
		  "list the cells: id, name, state, CPUs, why a cell failed" },
	{ .name = "cell stats",
	  .operands = "NAME|ID",
	  .synopsis = "NAME|ID [--once]",
	  .summary = "show a cell's VM exits by reason, refreshed every second",
	  .details =
		  "Press q or Ctrl-C to leave.  --once prints one snapshot of the\n"
		  "counters (without rates) and exits: meant for scripts.",
	  .min_operands = 1,
	  .max_operands = 1,
	  .options = OPTION_ONCE },
	{ .name = "console",
	  .operands = "",
	  .synopsis = "[-f]",
	  .summary = "print the hypervisor's log",
	  .details = "-f, --follow keeps printing new output until Ctrl-C.",
	  .options = OPTION_FOLLOW },
	{ .name = "config",
	  .operands = "",
	  .synopsis = "create|check|dump|collect|show ...",
	  .summary = "generate, check, decode and show configurations" },
	{ .name = "hardware check",
	  .operands = "",
	  .synopsis = "",
	  .summary = "tell whether this machine can run the hypervisor" },
};

const unsigned int num_command_specs =
	sizeof(command_specs) / sizeof(command_specs[0]);

const struct command_spec *command_find(const char *name, const char *sub)
{
	size_t len = strlen(name);
	unsigned int i;

	for (i = 0; i < num_command_specs; i++) {
		const char *spec = command_specs[i].name;

		if (strncmp(spec, name, len))
			continue;
		if (!sub && spec[len] == '\0')
			return &command_specs[i];
		if (sub && spec[len] == ' ' && !strcmp(spec + len + 1, sub))
			return &command_specs[i];
	}
	return NULL;
}

int command_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	}
	return 0;
}

/* Returns 1 if arg is an option the spec accepts (and records it). */
static int take_option(const struct command_spec *spec, const char *arg,
		       struct command_args *args)
{
	if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
		args->help = 1;
		return 1;
	}
	if ((spec->options & OPTION_ONCE) && !strcmp(arg, "--once")) {
		args->once = 1;
		return 1;
	}
	if ((spec->options & OPTION_FOLLOW) &&
	    (!strcmp(arg, "-f") || !strcmp(arg, "--follow"))) {
		args->follow = 1;
		return 1;
	}
	return 0;
}

static int take_operand(const struct command_spec *spec, const char *arg,
			struct command_args *args, char *msg, size_t msg_size)
{
	if (args->num_operands >= spec->max_operands) {
		snprintf(msg, msg_size, "unexpected argument '%s'", arg);
		return -1;
	}
	args->operands[args->num_operands++] = arg;
	return 0;
}

int command_parse(const struct command_spec *spec, int argc, char **argv,
		  struct command_args *args, char *msg, size_t msg_size)
{
	int only_operands = 0;
	int i;

	memset(args, 0, sizeof(*args));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (!only_operands && !strcmp(arg, "--")) {
			only_operands = 1;
			continue;
		}
		if (!only_operands && arg[0] == '-' && arg[1] != '\0') {
			if (take_option(spec, arg, args))
				continue;
			snprintf(msg, msg_size, "unknown option '%s'", arg);
			return -1;
		}
		if (take_operand(spec, arg, args, msg, msg_size))
			return -1;
	}
	if (args->help)
		return 0;
	if (args->num_operands < spec->min_operands) {
		snprintf(msg, msg_size, "missing %s", spec->operands);
		return -1;
	}
	return 0;
}

static int digit_value(char c, unsigned int base)
{
	unsigned int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < base ? (int)v : -1;
}

int parse_number(const char *text, __u64 *value)
{
	unsigned int base = 10;
	__u64 result = 0;
	int digit;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	if (*text == '\0')
		return -1;
	for (; *text; text++) {
		digit = digit_value(*text, base);
		if (digit < 0)
			return -1;
		/* Refuse instead of wrapping: 2^64 is not a valid address. */
		if (result > (~0ULL - digit) / base)
			return -1;
		result = result * base + digit;
	}
	*value = result;
	return 0;
}
