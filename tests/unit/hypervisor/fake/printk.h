/* SPDX-License-Identifier: GPL-2.0 */
/* The hypervisor console of host tests (fake/printk.c). */
#ifndef _FAKE_PRINTK_H
#define _FAKE_PRINTK_H

#define FAKE_CONSOLE_SIZE 1024

extern char fake_console[FAKE_CONSOLE_SIZE];
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
