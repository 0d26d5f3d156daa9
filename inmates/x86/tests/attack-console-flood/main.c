// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * attack-console-flood: writes terminal escape sequences (clear screen,
 * set window title, carriage return over the line) and then 64 KiB of 'x'
 * lines through the console hypercall, as fast as it can.  Expected: no
 * ESC reaches the hypervisor's log, the flood is cut to the cell's budget
 * (1 KiB per 100 ms) and the log says once how many bytes were dropped;
 * the cell keeps running and answers the shutdown request.
 */
#include "../attack.h"

#define FLOOD_LINES 640

static const char escapes[] = "attack-console-flood: escapes:\x1b[2J\x1b]0;"
			      "owned\x07\rFORGED LINE\n";

static void write_text(const char *text, unsigned long length)
{
	jailhouse_call_arg2(JAILHOUSE_HC_DEBUG_CONSOLE_WRITE,
			    (unsigned long)text, length);
}

static void __attribute__((noinline)) attack(void)
{
	static char line[100];
	unsigned int n;

	for (n = 0; n < sizeof(line) - 1; n++)
		line[n] = 'x';
	line[sizeof(line) - 1] = '\n';
	asm volatile(ATTACK_INSTRUCTION("nop"));
	write_text(escapes, sizeof(escapes) - 1);
	for (n = 0; n < FLOOD_LINES; n++)
		write_text(line, sizeof(line));
}

void inmate_main(void)
{
	attack_announce("attack-console-flood",
			"escapes and 64000 bytes through the console hypercall");
	attack();
	attack_stay_alive("attack-console-flood");
}
