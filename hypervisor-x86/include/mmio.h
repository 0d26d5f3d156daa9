/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated accesses to sub-page MMIO regions (arch/mmio.c).
 */
#ifndef _HV_MMIO_H
#define _HV_MMIO_H

#include <jailhouse/types.h>

struct per_cpu;
struct guest_regs;

/*
 * An EPT violation at guest-physical `gphys` of this CPU's cell (root or
 * not).  Returns
 *   0        the access was made on the device as the instruction asked,
 *            the register loaded and RIP advanced past the instruction;
 *   -ENOENT  no sub-page region of the cell is in that page, the access
 *            touches none, or it is an instruction fetch: the caller
 *            reports a memory violation;
 *   -EINVAL  the instruction could not be decoded;
 *   -EPERM   a region refuses the access (width, alignment, crossing its
 *            end, direction), or the guest's page walk read a table
 *            there (no data access of the instruction to emulate).
 * On -EINVAL and -EPERM the hypervisor console gets a line with the CPU,
 * the address and the reason; RIP and registers are left as they were.
 */
int mmio_handle_subpage(struct per_cpu *cpu, struct guest_regs *regs,
			__u64 gphys);

#endif
