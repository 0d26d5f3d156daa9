// SPDX-License-Identifier: GPL-2.0
/* Refused under the unsafe opt-in: the DMA region is not mapped 1:1. */
#define NIC_NAME "bad-nic-identity"
#define NIC_DMA_VIRT 0x200000

#include "nic.c"
