// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and string primitives of the hypervisor (no libc there).
 *
 * gcc may recognise the byte loops below as memset/memcpy idioms and turn
 * them into calls to the very functions being defined; the optimize
 * attribute keeps that from producing infinite recursion.
 */
#include <common/string.h>

#ifdef __clang__
/* clang has no such attribute; build this file with -fno-builtin there. */
#define NO_IDIOM_CALLS
#else
#define NO_IDIOM_CALLS \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))
#endif

NO_IDIOM_CALLS void *memcpy(void *dest, const void *src, unsigned long n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dest;
}

NO_IDIOM_CALLS void *memmove(void *dest, const void *src, unsigned long n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dest, src, n);
	while (n--)
		d[n] = s[n];
	return dest;
}

/* A word that may alias any object: memset() stores through it into
 * memory of any type. */
typedef unsigned long __attribute__((may_alias)) word_t;

/*
 * Bytes up to the first aligned word, then whole aligned words (8 bytes
 * on x86-64), then the bytes of the tail: a page is 512 stores instead of
 * 4096 (page tables, bitmaps, scrubbed state, cell pages), without string
 * instructions, so every caller and every build (hypervisor, inmates,
 * host tests) runs the same code.
 */
NO_IDIOM_CALLS void *memset(void *dest, int c, unsigned long n)
{
	unsigned char *d = dest;
	/* the byte in every byte of the word */
	word_t pattern = (unsigned char)c * (~0UL / 0xff);

	for (; n && ((unsigned long)d % sizeof(word_t)); n--)
		*d++ = (unsigned char)c;
	/* four words an iteration: the loop's own instructions count too */
	for (; n >= 4 * sizeof(word_t);
	     n -= 4 * sizeof(word_t), d += 4 * sizeof(word_t)) {
		((word_t *)d)[0] = pattern;
		((word_t *)d)[1] = pattern;
		((word_t *)d)[2] = pattern;
		((word_t *)d)[3] = pattern;
	}
	for (; n >= sizeof(word_t); n -= sizeof(word_t), d += sizeof(word_t))
		*(word_t *)d = pattern;
	while (n--)
		*d++ = (unsigned char)c;
	return dest;
}

int memcmp(const void *a, const void *b, unsigned long n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

unsigned long strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

unsigned long strnlen(const char *s, unsigned long max)
{
	unsigned long n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, unsigned long n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		if (!*a)
			break;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, ~0UL);
}

unsigned long strlcpy(char *dest, const char *src, unsigned long size)
{
	unsigned long len = strlen(src);
	unsigned long copy = len < size ? len : size - 1;

	if (size) {
		memcpy(dest, src, copy);
		dest[copy] = 0;
	}
	return len;
}
