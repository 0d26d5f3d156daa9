// SPDX-License-Identifier: GPL-2.0
/*
 * The second ivshmem-demo cell (see ivshmem-demo-1.c): CPU 2, its own
 * 1 MiB of RAM, peer 1 of link C and peer 2 of link T; not on link R.
 */
#define IVSH_DEMO_NAME "ivshmem-demo-2"
#define IVSH_DEMO_CPUS 0x4
#define IVSH_DEMO_RAM 0x3a800000
#define IVSH_DEMO_ID_C 1
#define IVSH_DEMO_ID_T 2
#define IVSH_DEMO_LINK_R 0

#include "ivshmem-demo-1.c"
