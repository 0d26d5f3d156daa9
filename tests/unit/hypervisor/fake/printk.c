// SPDX-License-Identifier: GPL-2.0
/*
 * printk() for host tests of hypervisor code that reports on its console:
 * the text collects in fake_console (truncated when full), which a test
 * clears and inspects.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "printk.h"

char fake_console[FAKE_CONSOLE_SIZE];

void printk(const char *fmt, ...)
{
	size_t used = strlen(fake_console);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fake_console + used, sizeof(fake_console) - used, fmt, ap);
	va_end(ap);
}
