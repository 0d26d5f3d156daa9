/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A non-root cell's share of the console (console.c): a cell may write
 * CONSOLE_CELL_BUDGET bytes per CONSOLE_CELL_WINDOW_MS; what it writes
 * beyond that is dropped and counted, and the count is reported once, in
 * the log, when the cell next writes in a new window or is destroyed.
 * Lives in struct cell (zero at create), changed only under the console
 * lock.
 */
#ifndef _JH_CONSOLE_BUDGET_H
#define _JH_CONSOLE_BUDGET_H

#include <jailhouse/types.h>

/* Below the ~11 KiB/s a 115200-baud UART sends: a flooding cell cannot
 * keep the UART (and the log's readers) busy on its own. */
#define CONSOLE_CELL_BUDGET 1024
#define CONSOLE_CELL_WINDOW_MS 100

struct console_budget {
	__u64 window_end; /* TSC at which the current window ends */
	__u32 left;	  /* bytes the cell may still write in it */
	__u32 dropped;	  /* bytes dropped, not reported yet */
};

/*
 * A non-root cell's console hypercall: sanitised (see console.c) and
 * within the cell's budget into the ring; `name` names the cell in the
 * drop report.
 */
void console_cell_write(struct console_budget *budget, const char *name,
			const char *text, unsigned long len);
/* At cell destroy: reports bytes dropped and not reported yet. */
void console_cell_report(struct console_budget *budget, const char *name);

#endif
