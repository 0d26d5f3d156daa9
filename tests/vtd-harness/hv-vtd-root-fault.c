// SPDX-License-Identifier: GPL-2.0
/* hypervisor-x86/arch/vtd-root-fault.c as the hypervisor builds it (Kbuild
 * cannot build an object from outside the module's directory; see Kbuild). */
#include "arch/vtd-root-fault.c"
