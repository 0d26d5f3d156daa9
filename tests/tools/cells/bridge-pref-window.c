// SPDX-License-Identifier: GPL-2.0
/* The bridge-window test's cell (tests/tools/run, "many" fixture) whose RAM lies in the root port 00:1c.0's prefetchable window
 * (0x4000000000+2 MiB) while the NIC 01:00.0 behind it stays the root's. */
#define DMAR_NAME "bridge-pref-window"
#define DMAR_NUM_DEVICES 0
#define DMAR_DEVICES
#define DMAR_MEM_PHYS 0x4000000000ULL
#define DMAR_MEM_SIZE 0x100000

#include "dmar-alias-one.c"
