/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor's memory and string primitives (lib/string.c).
 *
 * They carry the standard names because gcc emits calls to memcpy/memset
 * for structure copies even in freestanding code.  Host unit tests link
 * them next to libc, so there they are renamed to hv_* (JH_HOST_TEST) and
 * tested under those names.
 */
#ifndef _JH_LIB_STRING_H
#define _JH_LIB_STRING_H

#ifdef JH_HOST_TEST
#define memcpy hv_memcpy
#define memmove hv_memmove
#define memset hv_memset
#define memcmp hv_memcmp
#define strlen hv_strlen
#define strnlen hv_strnlen
#define strcmp hv_strcmp
#define strncmp hv_strncmp
#define strlcpy hv_strlcpy
#endif

void *memcpy(void *dest, const void *src, unsigned long n);
void *memmove(void *dest, const void *src, unsigned long n);
void *memset(void *dest, int c, unsigned long n);
int memcmp(const void *a, const void *b, unsigned long n);
unsigned long strlen(const char *s);
unsigned long strnlen(const char *s, unsigned long max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, unsigned long n);
/* Copies at most size-1 characters and always terminates (size > 0). */
unsigned long strlcpy(char *dest, const char *src, unsigned long size);

#endif
