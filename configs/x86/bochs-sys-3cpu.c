// SPDX-License-Identifier: GPL-2.0
/*
 * The Bochs rig PC with 3 CPUs (tests/rig/boot bochs --cpus 3): the same
 * machine as bochs-sys.c, with CPU 2 in the root cell and the IOAPIC one
 * ID further up (Bochs numbers it after the last CPU).  Two cells can then
 * run at once (tiny-demo on CPU 1, tiny-demo-2 on CPU 2).
 */
#define BOCHS_CPUS 0x7
#define BOCHS_IOAPIC_ID 3
#define BOCHS_ROOT_NAME "bochs-root-3cpu"

#include "bochs-sys.c"
