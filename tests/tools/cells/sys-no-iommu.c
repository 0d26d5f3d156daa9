// SPDX-License-Identifier: GPL-2.0
/* sys-unsafe.c with JAILHOUSE_SYS_NO_IOMMU only: no DMA opt-in. */
#define SYS_FLAGS JAILHOUSE_SYS_NO_IOMMU

#include "sys-unsafe.c"
