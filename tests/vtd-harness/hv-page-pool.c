// SPDX-License-Identifier: GPL-2.0
/* hypervisor-x86/page-pool.c as the hypervisor builds it (see Kbuild). */
#include "page-pool.c"
