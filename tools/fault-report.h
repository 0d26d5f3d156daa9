/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cell's fault report, as text: jailhouse.ko shows
 * struct jailhouse_fault_report (include/jailhouse/fault.h) in
 * cells/<id>/fault as "reason: ...", "cpu: ...", ..., "message: ..." lines.
 */
#ifndef _JAILHOUSE_TOOLS_FAULT_REPORT_H
#define _JAILHOUSE_TOOLS_FAULT_REPORT_H

#include <stddef.h>

/*
 * One line for `cell list` from a fault report ("reason: memory\n...
 * message: CPU 1 wrote ...\n" as jailhouse.ko formats it): "memory: CPU 1
 * wrote ...".  "none" gives "".
 */
void fault_summary(const char *report, char *out, size_t size);

#endif
