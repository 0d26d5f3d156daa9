// SPDX-License-Identifier: GPL-2.0
/* The bridge-window test's cell (tests/tools/run, "many" fixture) that owns the NIC 01:00.0 behind the root port 00:1c.0 and maps
 * 0x90080000, in the port's memory window but in none of the NIC's BARs. */
#define DMAR_NAME "bridge-window-hole"
#define DMAR_NUM_DEVICES 1
#define DMAR_DEVICES DEV_01_00_0
#define DMAR_MEM_PHYS 0x90080000
#define DMAR_MEM_SIZE 0x10000

#include "dmar-alias-one.c"
