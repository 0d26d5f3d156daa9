// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* The memory functions the compiler may call on its own. */
#include <inmate.h>

void *memset(void *dest, int value, size_t length)
{
	u8 *d = dest;

	while (length--)
		*d++ = (u8)value;
	return dest;
}

void *memcpy(void *dest, const void *src, size_t length)
{
	u8 *d = dest;
	const u8 *s = src;

	while (length--)
		*d++ = *s++;
	return dest;
}

int memcmp(const void *a, const void *b, size_t length)
{
	const u8 *x = a, *y = b;

	for (; length; length--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
