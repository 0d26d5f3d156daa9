// SPDX-License-Identifier: GPL-2.0
/*
 * tiny-demo's twin for the 3-CPU Bochs PC (bochs-sys-3cpu.c): CPU 2 and
 * its own 1 MiB of RAM, so that two cells run at once.  Same inmate.
 */
#define TINY_NAME "tiny-demo-2"
#define TINY_CPUS 0x4
#define TINY_RAM 0x3a800000

#include "tiny-demo.c"
