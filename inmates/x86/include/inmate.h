/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Everything an inmate uses.  An inmate defines inmate_main(); the library
 * calls it on the cell's first CPU in 64-bit mode with the IDT, console and
 * communication region ready and interrupts disabled.  When it returns, the
 * cell is marked shut down and the CPU halts.
 */
#ifndef _INMATE_H
#define _INMATE_H

#include <inmate/types.h>
#include <inmate/layout.h>
#include <inmate/processor.h>
#include <jailhouse/hypercall-x86.h>
#include <inmate/console.h>
#include <inmate/interrupts.h>
#include <inmate/apic.h>
#include <inmate/timing.h>
#include <inmate/smp.h>
#include <inmate/comm.h>
#include <common/format.h> /* jh_snprintf, jh_vsnprintf */
#include <common/string.h> /* memset, memcpy, memcmp, ... */
#include <inmate/jitter.h>

static inline struct jailhouse_comm_region *comm_region(void)
{
	return (struct jailhouse_comm_region *)COMM_REGION_ADDRESS;
}

void inmate_main(void);

#endif
