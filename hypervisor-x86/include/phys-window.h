/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The layout of the hypervisor's physical-memory window (phys-window.c;
 * memory.c maps it at HV_PHYS_WINDOW).  Pure logic on the system config.
 *
 * The window shows all physical memory from 0 to its end so that
 * hypercalls, the MMIO emulation and the memory scrub at destroy reach
 * RAM without mapping per access.  A mapping's memory type must match
 * what is behind it: a write-back mapping of device memory lets the CPU
 * read it speculatively and hold its lines in the cache (machine checks
 * on some platforms, side effects on read-sensitive registers), and an
 * uncached mapping of RAM that Linux and the cells cache makes an alias
 * of a different type.  So RAM is write-back and everything else is
 * uncached, each range with the largest pages its alignment allows; no
 * leaf spans both.
 *
 * RAM: the root cell's memory regions that are not device memory
 * (JAILHOUSE_MEM_IO, sub-page or width flags) - the cells' RAM lies inside
 * them - and the hypervisor memory, which the root's regions leave out.
 */
#ifndef _HV_PHYS_WINDOW_H
#define _HV_PHYS_WINDOW_H

#include <jailhouse/config.h>

/* The window reaches at least the 32-bit space and ends on a 1 GiB
 * boundary (few page-table pages for the uncached tail). */
#define PHYS_WINDOW_MIN_END (1ULL << 32)
#define PHYS_WINDOW_ALIGN (1ULL << 30)

/*
 * The window's end for `sys`: the end of every RAM range and root region,
 * at least PHYS_WINDOW_MIN_END, rounded up to PHYS_WINDOW_ALIGN.  -ERANGE
 * if RAM ends above `max` (the window could not reach it: hypercall
 * buffers there would be refused and a cell's memory there could not be
 * scrubbed); device regions above `max` only shorten the window to max.
 */
int phys_window_end(const struct jailhouse_system_desc *sys, __u64 max,
		    __u64 *end);

typedef int (*phys_window_fn)(__u64 phys, __u64 size, int cached, void *ctx);

/*
 * Calls fn for consecutive ranges that cover [0, end) exactly, in address
 * order, alternating between RAM (cached 1: overlapping and adjacent RAM
 * merged) and the rest (cached 0).  Stops at and returns fn's first
 * non-zero result.
 */
int phys_window_layout(const struct jailhouse_system_desc *sys, __u64 end,
		       phys_window_fn fn, void *ctx);

#endif
