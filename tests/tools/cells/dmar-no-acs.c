// SPDX-License-Identifier: GPL-2.0
/* The DMAR test's cell with the audio function 00:1f.3 alone: its sibling
 * 00:1f.0 has no ACS either. */
#define DMAR_NAME "dmar-no-acs"
#define DMAR_NUM_DEVICES 1
#define DMAR_DEVICES DEV_00_1F_3

#include "dmar-alias-one.c"
