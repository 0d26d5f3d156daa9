/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sentences that two components say about the same condition, kept once:
 * the driver checks each CPU before it enters the hypervisor
 * (driver/cpu-check.c), the hypervisor checks again when it arrives
 * (hypervisor-x86/vmx/vmx.c), and the user must read the same advice from
 * both.  printf formats; the argument is the CPU number.
 */
#ifndef _JH_COMMON_SENTENCES_H
#define _JH_COMMON_SENTENCES_H

#define JH_SENTENCE_VMX_MISSING                                        \
	"CPU %u: VMX not supported by this processor (no VT-x, or an " \
	"emulator/hypervisor that hides it)"
#define JH_SENTENCE_VMX_FIRMWARE_OFF                                     \
	"CPU %u: VMX is disabled by the firmware (IA32_FEATURE_CONTROL " \
	"locked without VMX): enable VT-x in the firmware setup"
#define JH_SENTENCE_VMX_IN_USE                                                \
	"CPU %u: VMX is already in use by another hypervisor (KVM?): unload " \
	"kvm_intel (modprobe -r kvm_intel) or boot with "                     \
	"kvm.enable_virt_at_load=0"

#endif
