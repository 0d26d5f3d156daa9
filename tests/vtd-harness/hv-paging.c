// SPDX-License-Identifier: GPL-2.0
/* hypervisor-x86/paging.c as the hypervisor builds it (see Kbuild). */
#include "paging.c"
