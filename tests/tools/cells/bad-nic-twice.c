// SPDX-License-Identifier: GPL-2.0
/* Refused by the validator: the NIC is listed twice in the cell. */
#define NIC_NAME "bad-nic-twice"
#define NIC_DEVICES                                       \
	{ .type = JAILHOUSE_PCI_TYPE_DEVICE,              \
	  .bdf = 0x0018,                                  \
	  .bar_mask = { 0xfffe0000, 0xffffffc0 },         \
	  .bar_address = { 0xc0000000, 0xc001 } },        \
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE,      \
		  .bdf = 0x0018,                          \
		  .bar_mask = { 0xfffe0000, 0xffffffc0 }, \
		  .bar_address = { 0xc0000000, 0xc001 } },

#include "nic.c"
