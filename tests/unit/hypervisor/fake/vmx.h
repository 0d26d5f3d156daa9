/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for hypervisor-x86/include/vmx.h: the real field
 * encodings and constants, but vmcs_read()/vmcs_write() and invept_all()
 * are functions the test defines (a VMCS in an array, a counter) instead of
 * VMREAD/VMWRITE/INVEPT, which fault outside VMX root operation.  Found
 * before the real header because the test puts this directory first on the
 * include path.
 */
#ifndef _FAKE_VMX_H
#define _FAKE_VMX_H

#define vmcs_read hw_vmcs_read
#define vmcs_write hw_vmcs_write
#define invept_all hw_invept_all
#include "../../../../hypervisor-x86/include/vmx.h"
#undef vmcs_read
#undef vmcs_write
#undef invept_all

unsigned long vmcs_read(unsigned long field);
int vmcs_write(unsigned long field, unsigned long value);
void invept_all(void);

#endif
