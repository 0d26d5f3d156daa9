// SPDX-License-Identifier: GPL-2.0
/*
 * apic-demo without JAILHOUSE_CELL_X2APIC_PERMITTED: the inmate stays in
 * xAPIC mode.  `make demo` uses it, because Bochs cannot take a CPU back
 * from x2APIC to xAPIC mode (tests/scenarios/inmates-x2apic-return.sh):
 * with this cell, CPU 1 returns to Linux and the hypervisor can be disabled
 * at the end of the demo.  The price: in xAPIC mode every EOI write exits
 * (the xAPIC page is read-only for cells, for the IPI filter), ~1,000
 * exits/s at apic-demo's 1 kHz; in x2APIC mode (apic-demo.c, used by the
 * scenarios and `make bench`) only the ICR MSR exits: ~1 exit/s.
 */
#define APIC_DEMO_FLAGS JAILHOUSE_CELL_VIRTUAL_CONSOLE

#include "apic-demo.c"
