// SPDX-License-Identifier: GPL-2.0
/* hypervisor-x86/cell-resources.c as the hypervisor builds it (see Kbuild). */
#include "cell-resources.c"
