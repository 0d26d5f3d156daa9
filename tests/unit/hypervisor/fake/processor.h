/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for hypervisor-x86/include/processor.h: the real
 * constants and helpers, but read_msr(), write_msr(), the checked MSR
 * accesses, inb(), outb() (and their 16/32-bit kin), cpu_relax() and
 * read_tsc() are functions the
 * test defines (RDMSR/WRMSR and port I/O fault in user mode, a test must
 * see - and bound - every spin of a waiting loop, and time must be the
 * test's).  Found before the real header because the test puts this
 * directory first on the include path.  A test only defines the ones its
 * code under test calls.
 */
#ifndef _FAKE_PROCESSOR_H
#define _FAKE_PROCESSOR_H

#define read_msr hw_read_msr
#define write_msr hw_write_msr
#define cpu_relax hw_cpu_relax
#define inb hw_inb
#define outb hw_outb
#define inw hw_inw
#define outw hw_outw
#define inl hw_inl
#define outl hw_outl
#define read_tsc hw_read_tsc
#define read_msr_checked hw_read_msr_checked
#define write_msr_checked hw_write_msr_checked
#include "../../../../hypervisor-x86/include/processor.h"
#undef read_msr_checked
#undef write_msr_checked
#undef read_msr
#undef write_msr
#undef cpu_relax
#undef inb
#undef outb
#undef inw
#undef outw
#undef inl
#undef outl
#undef read_tsc

__u64 read_msr(__u32 msr);
void write_msr(__u32 msr, __u64 value);
void cpu_relax(void);
__u8 inb(__u16 port);
int read_msr_checked(__u32 msr, __u64 *value);
int write_msr_checked(__u32 msr, __u64 value);
void outb(__u8 value, __u16 port);
__u16 inw(__u16 port);
void outw(__u16 value, __u16 port);
__u32 inl(__u16 port);
void outl(__u32 value, __u16 port);
__u64 read_tsc(void);

#endif
