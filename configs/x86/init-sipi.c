// SPDX-License-Identifier: GPL-2.0
/*
 * The attack-init-sipi cell for the 3-CPU Bochs PC (bochs-sys-3cpu.c):
 * CPUs 1 and 2, which the inmate makes send each other INIT/SIPI without
 * end (tests/scenarios/inmates-init-sipi.sh), and tiny-demo's 1 MiB of
 * RAM (not used by another cell at the same time).
 */
#define TINY_NAME "init-sipi"
#define TINY_CPUS 0x6
#define TINY_RAM 0x3a600000

#include "tiny-demo.c"
