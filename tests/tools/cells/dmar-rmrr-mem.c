// SPDX-License-Identifier: GPL-2.0
/* The DMAR test's cell whose RAM starts in RMRR 0 (0x7ff00000+128 KiB)
 * and takes no device. */
#define DMAR_NAME "dmar-rmrr-mem"
#define DMAR_NUM_DEVICES 0
#define DMAR_DEVICES
#define DMAR_MEM_PHYS 0x7ff00000

#include "dmar-alias-one.c"
