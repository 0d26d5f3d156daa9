// SPDX-License-Identifier: GPL-2.0
/* Refused: the bridge 00:01.0 (bridges stay with the root). */
#define NIC_NAME "bad-nic-bridge"
#define NIC_DEVICES { .type = JAILHOUSE_PCI_TYPE_BRIDGE, .bdf = 0x0008 },
#define NIC_BAR_REGION

#include "nic.c"
