/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory and string primitives of the freestanding parts (common/string.c):
 * the hypervisor and the inmates have no libc.
 *
 * They carry the standard names because gcc emits calls to memcpy/memset
 * for structure copies even in freestanding code.  Host unit tests link
 * them next to libc, so there they are renamed to jh_* (JH_HOST_TEST) and
 * tested under those names.  The kernel and hosted tools use their own.
 */
#ifndef _JH_COMMON_STRING_H
#define _JH_COMMON_STRING_H

#ifdef JH_HOST_TEST
#define memcpy jh_memcpy
#define memmove jh_memmove
#define memset jh_memset
#define memcmp jh_memcmp
#define strlen jh_strlen
#define strnlen jh_strnlen
#define strcmp jh_strcmp
#define strncmp jh_strncmp
#define strlcpy jh_strlcpy
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
