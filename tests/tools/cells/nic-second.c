// SPDX-License-Identifier: GPL-2.0
/* A second cell with the same NIC (CPU 2, its own memory and pin):
 * refused after nic.c, the device already being that cell's. */
#define NIC_NAME "nic-second"
#define NIC_CPUS 0x4
#define NIC_RAM 0x3a800000
#define NIC_DMA 0x3a900000
#define NIC_PIN 10
#define NIC_BAR_REGION

#include "nic.c"
