// SPDX-License-Identifier: GPL-2.0
/* Counting warnings and errors of the config tools; see config-diag.h. */
#include <stdarg.h>
#include <stdio.h>

#include "config-diag.h"

unsigned int cfg_warnings;
unsigned int cfg_errors;
int cfg_silent;

static void cfg_print(const char *kind, const char *fmt, va_list ap)
{
	if (cfg_silent)
		return;
	fprintf(stderr, "%s: ", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cfg_warn(const char *fmt, ...)
{
	va_list ap;

	cfg_warnings++;
	va_start(ap, fmt);
	cfg_print("warning", fmt, ap);
	va_end(ap);
}

void cfg_error(const char *fmt, ...)
{
	va_list ap;

	cfg_errors++;
	va_start(ap, fmt);
	cfg_print("error", fmt, ap);
	va_end(ap);
}

void cfg_diag_reset(void)
{
	cfg_warnings = 0;
	cfg_errors = 0;
}
