// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux cell of linux-cell-bochs.c with two CPUs: 1 and 2 of the
 * 3-CPU Bochs PC (the root keeps CPU 0).  Memory, COM4, IOAPIC pin 3 and
 * link N are the same, so the two configs are alternatives, never run
 * together.  The loader starts Linux on CPU 1 (the cell's first CPU); the
 * setup_data lists both APIC IDs (the hypervisor's comm region gives them
 * to the loader), and Linux starts CPU 2 with INIT and SIPI, which the
 * hypervisor emulates (hypervisor-x86/cpu-events.c).
 */
#define LINUX_CELL_CPUS 0x6
#define LINUX_CELL_NAME "linux-cell-smp"
#include "linux-cell-bochs.c"
