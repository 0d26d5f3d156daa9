// SPDX-License-Identifier: GPL-2.0
/*
 * apic-demo without JAILHOUSE_CELL_X2APIC_PERMITTED: the inmate stays in
 * xAPIC mode.  `make demo` uses it, because Bochs cannot take a CPU back
 * from x2APIC to xAPIC mode (tests/scenarios/inmates-x2apic-return.sh):
 * with this cell, CPU 1 returns to Linux and the hypervisor can be disabled
 * at the end of the demo.  The scenarios run apic-demo.c (x2APIC).
 */
#define APIC_DEMO_FLAGS	JAILHOUSE_CELL_VIRTUAL_CONSOLE

#include "apic-demo.c"
