/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Live commands (`cell stats`, `console -f`): wait between refreshes and
 * stop on q or Ctrl-C, leaving the terminal as it was.
 */
#ifndef _JAILHOUSE_TOOLS_TERMINAL_H
#define _JAILHOUSE_TOOLS_TERMINAL_H

/*
 * Catch SIGINT/SIGTERM; with keys != 0 and a terminal on stdin, also read
 * single key presses (no echo, no line buffering) until terminal_end().
 */
void terminal_begin(int keys);
void terminal_end(void);

/*
 * Wait up to ms milliseconds.  Returns 1 when the user wants to stop
 * (q, Q, Ctrl-C, SIGTERM), else 0.
 */
int terminal_wait(int ms);

/* Clear the screen when stdout is a terminal (before a refresh). */
void terminal_clear(void);

#endif
