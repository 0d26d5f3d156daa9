// SPDX-License-Identifier: GPL-2.0
/* Cell for the config show tests: peer 1 of ivshmem-a.c's link, CPU 2. */
#define IVSH_NAME "ivsh-b"
#define IVSH_CPUS 0x4
#define IVSH_RAM 0x3a700000
#define IVSH_ID 1
#define IVSH_OUT0 (JAILHOUSE_MEM_READ | JAILHOUSE_MEM_ROOTSHARED)
#define IVSH_OUT1 (JAILHOUSE_MEM_RW | JAILHOUSE_MEM_ROOTSHARED)

#include "ivshmem-a.c"
