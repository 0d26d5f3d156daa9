// SPDX-License-Identifier: GPL-2.0
/* The DMAR test's cell with the USB controller 00:14.0, which RMRR 0
 * names. */
#define DMAR_NAME "dmar-usb"
#define DMAR_NUM_DEVICES 1
#define DMAR_DEVICES DEV_00_14_0

#include "dmar-alias-one.c"
