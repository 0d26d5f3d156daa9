// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Load-time parameters of an inmate (see inmate/param.h).
 */
#include <inmate/param.h>

#define PREFIX "jh-params:"

/* Printable ASCII: what the CLI's string can hold.  The string ends at
 * its NUL, the first other byte, or the end of the page. */
static bool printable(char c)
{
	return c >= ' ' && c <= '~';
}

static bool key_at(const char *p, const char *end, const char *key,
		   const char **value)
{
	while (*key && p < end && *p == *key) {
		p++;
		key++;
	}
	*value = p + 1;
	return !*key && p < end && *p == '=';
}

static unsigned long number_at(const char *p, const char *end,
			       unsigned long fallback)
{
	unsigned long value = 0;
	bool digits = false;

	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		value = value * 10 + (*p - '0');
		digits = true;
	}
	return digits && (p == end || *p == ' ') ? value : fallback;
}

unsigned long param_parse(const char *page, unsigned long size, const char *key,
			  unsigned long fallback)
{
	const char *p = page, *end = page + size, *start, *value;
	unsigned int n;

	for (n = 0; PREFIX[n]; n++)
		if (p + n >= end || p[n] != PREFIX[n])
			return fallback;
	start = p + n;
	for (end = start; end < page + size && printable(*end); end++)
		;
	for (p = start; p < end; p++)
		if ((p == start || p[-1] == ' ') && key_at(p, end, key, &value))
			return number_at(value, end, fallback);
	return fallback;
}

unsigned long param_ulong(const char *key, unsigned long fallback)
{
	return param_parse((const char *)INMATE_PARAMS, INMATE_PARAMS_SIZE, key,
			   fallback);
}
