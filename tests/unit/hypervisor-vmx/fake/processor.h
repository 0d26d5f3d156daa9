/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for hypervisor-x86/include/processor.h: the real
 * constants and helpers, but read_msr() is a function the test defines
 * (RDMSR faults in user mode).  Found before the real header because the
 * test puts this directory first on the include path.
 */
#ifndef _FAKE_PROCESSOR_H
#define _FAKE_PROCESSOR_H

#define read_msr hw_read_msr
#include "../../../../hypervisor-x86/include/processor.h"
#undef read_msr

__u64 read_msr(__u32 msr);

#endif
