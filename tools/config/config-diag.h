/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Warnings and errors of the config tools.  Every message is one sentence
 * naming its source (table and offset, file and field), so that a user who
 * sees it knows what to look at; counting them lets the commands decide
 * their exit status at the end instead of stopping at the first problem.
 */
#ifndef _JAILHOUSE_CONFIG_DIAG_H
#define _JAILHOUSE_CONFIG_DIAG_H

extern unsigned int cfg_warnings;
extern unsigned int cfg_errors;
/* Set by fuzz targets: count, but print nothing. */
extern int cfg_silent;

void cfg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cfg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cfg_diag_reset(void);

#endif
