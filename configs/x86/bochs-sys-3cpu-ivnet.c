// SPDX-License-Identifier: GPL-2.0
/*
 * The 3-CPU Bochs rig PC (bochs-sys-3cpu.c) with ivshmem-net link N
 * (ivshmem-net-link.h: 00:0c.0, protocol 0x4001): the root is peer 0, the
 * Linux cell (linux-cell-bochs.c, CPU 2) peer 1.  The link, the memory
 * and the PCI window are those of bochs-sys-ivnet.c.
 */
#define BOCHS_ROOT_NAME "bochs-root-3cpu-ivnet"
#define BOCHS_CPUS 0x7
#define BOCHS_IOAPIC_ID 3
#include "bochs-sys-ivnet.c"
