// SPDX-License-Identifier: GPL-2.0
/* sys-unsafe.c with both flags, as configs set them before the unsafe
 * opt-in alone was enough: still valid. */
#define SYS_FLAGS (JAILHOUSE_SYS_NO_IOMMU | JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA)

#include "sys-unsafe.c"
