// SPDX-License-Identifier: GPL-2.0
/* Refused: the NIC's memory BAR is not where the root config has it. */
#define NIC_NAME "bad-nic-bars"
#define NIC_DEVICES                                \
	{ .type = JAILHOUSE_PCI_TYPE_DEVICE,       \
	  .bdf = 0x0018,                           \
	  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE, \
	  .bar_mask = { 0xfffe0000, 0xffffffc0 },  \
	  .bar_address = { 0xc0100000, 0xc001 } },

#include "nic.c"
