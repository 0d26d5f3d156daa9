/* SPDX-License-Identifier: GPL-2.0 */
/* The controls of fake/ivshmem.c (pci.c's seam to the ivshmem unit). */
#ifndef FAKE_IVSHMEM_H
#define FAKE_IVSHMEM_H

#include "hv.h"

/* register 0 of the fake device: device 0x4106, vendor 0x110a */
#define FAKE_IVSHMEM_IDS 0x4106110aU

extern const struct cell *fake_ivshmem_cell; /* NULL: no device */
extern __u16 fake_ivshmem_bdf;
extern unsigned int fake_ivshmem_last_reg;
extern __u32 fake_ivshmem_last_write;

#endif
