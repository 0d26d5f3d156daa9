/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Console output.  With JAILHOUSE_CELL_DEBUG_CONSOLE in the communication
 * region's flags the inmate drives the 8250 UART it names directly;
 * otherwise, with JAILHOUSE_CELL_VIRTUAL_CONSOLE, text goes out through
 * JAILHOUSE_HC_DEBUG_CONSOLE_WRITE a whole line per hypercall; with
 * neither, output is dropped.  Each CPU buffers its own line.
 */
#ifndef _INMATE_CONSOLE_H
#define _INMATE_CONSOLE_H

#include <inmate/types.h>

void console_init(void);
void console_write(const char *text, size_t length);
/* Sends this CPU's partial line, e.g. before halting. */
void console_flush(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
