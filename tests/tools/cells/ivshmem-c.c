// SPDX-License-Identifier: GPL-2.0
/*
 * Cell for the config show tests: CPU 3 and a third peer on ivshmem-a.c's
 * link that claims ivsh-b's peer id 1 (a conflict), with RAM outside the
 * root's memory (unbacked).
 */
#define IVSH_NAME "ivsh-c"
#define IVSH_CPUS 0x8
#define IVSH_RAM 0x80000000
#define IVSH_ID 1
#define IVSH_OUT0 (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED)
#define IVSH_OUT1 (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED)

#include "ivshmem-a.c"
