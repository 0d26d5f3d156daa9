// SPDX-License-Identifier: GPL-2.0
/* The DMAR test's cell with both functions behind 00:1e.0 (one group). */
#define DMAR_NAME "dmar-alias-both"
#define DMAR_NUM_DEVICES 2
#define DMAR_DEVICES DEV_02_00_0, DEV_02_01_0

#include "dmar-alias-one.c"
