/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Included first in every hypervisor file (-include): all symbols are
 * hidden, so position-independent code addresses them RIP-relative instead
 * of through a GOT that a flat image does not have.
 */
#pragma GCC visibility push(hidden)
