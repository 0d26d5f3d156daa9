// SPDX-License-Identifier: GPL-2.0
/*
 * MOV to CR0/CR4 exits: the guest changed a bit the hypervisor guards (the
 * CR0/CR4 guest/host masks of vmx.c).  The rules are arch/cr-rules.c; this
 * file reads the guest's state from the VMCS and applies the result:
 * EFER.LMA with the "IA-32e mode guest" entry control, and the four PAE
 * PDPTEs, which VM entry loads from the VMCS (with EPT) instead of from
 * memory.  A write hardware refuses gets #GP, never a failing VM entry.
 */
#include "hv.h"
#include "cell.h"
#include "cpu-features.h"
#include "cr-rules.h"
#include "guest-memory.h"
#include "processor.h"
#include "vmexit.h"
#include <vmx.h>

#define CR_ACCESS_MOV_TO 0
#define SEG_AR_L (1UL << 13)
#define CPUID_ADDRESS_SIZES 0x80000008

/* The guest's view of CR0/CR4: its own bits, the read shadow for the
 * guarded ones (as vmx_guest_cr0/4(), but through vmcs_read() itself so
 * that host tests can stand in for it) */
static __u64 guest_view(unsigned long mask_field, unsigned long value_field,
			unsigned long shadow_field)
{
	unsigned long mask = vmcs_read(mask_field);

	return (vmcs_read(value_field) & ~mask) |
	       (vmcs_read(shadow_field) & mask);
}

static void guest_cr_state(struct cr_state *s)
{
	s->cr0 = guest_view(CR0_GUEST_HOST_MASK, GUEST_CR0, CR0_READ_SHADOW);
	s->cr3 = vmcs_read(GUEST_CR3);
	s->cr4 = guest_view(CR4_GUEST_HOST_MASK, GUEST_CR4, CR4_READ_SHADOW);
	s->efer = vmcs_read(GUEST_IA32_EFER);
	s->cs_l = !!(vmcs_read(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_CS) &
		     SEG_AR_L);
	s->tr_type = vmcs_read(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_TR) & 0xf;
}

static unsigned int maxphyaddr(void)
{
	__u32 eax, ebx, ecx, edx;

	cpuid_count(CPUID_ADDRESS_SIZES, 0, &eax, &ebx, &ecx, &edx);
	return eax & 0xff;
}

/* SDM 4.4.1: the PDPTEs are read from guest memory when PAE paging is
 * switched on or reconfigured; a table outside the cell's RAM or a
 * reserved bit gets #GP. */
static int load_pdptes(struct per_cpu *cpu, __u64 cr3)
{
	__u64 pdpte[4];
	unsigned int n;

	if (guest_read_phys(cpu->cell, pae_pdpte_table(cr3), pdpte,
			    sizeof(pdpte)) ||
	    pae_pdptes_check(pdpte, maxphyaddr()))
		return -EINVAL;
	for (n = 0; n < 4; n++)
		vmcs_write(GUEST_PDPTE0 + 2 * n, pdpte[n]);
	return 0;
}

static void set_long_mode(const struct cr_effect *effect)
{
	__u64 efer = vmcs_read(GUEST_IA32_EFER);
	__u32 entry = vmcs_read(VM_ENTRY_CONTROLS);

	if (effect->enter_long_mode) {
		efer |= EFER_LMA_BIT;
		entry |= ENTRY_IA32E_MODE;
	} else if (effect->leave_long_mode) {
		efer &= ~EFER_LMA_BIT;
		entry &= ~ENTRY_IA32E_MODE;
	} else {
		return;
	}
	vmcs_write(GUEST_IA32_EFER, efer);
	vmcs_write(VM_ENTRY_CONTROLS, entry);
}

static int emulate_cr0(struct per_cpu *cpu, const struct cr_state *s,
		       __u64 value)
{
	/* PE and PG are free under unrestricted guest */
	__u64 fixed0 = read_msr(MSR_IA32_VMX_CR0_FIXED0) &
		       ~(X86_CR0_PE | X86_CR0_PG);
	__u64 fixed1 = read_msr(MSR_IA32_VMX_CR0_FIXED1);
	struct cr_effect effect;

	if ((value & ~fixed1 & 0xffffffffULL) ||
	    cr0_write_check(s, value, &effect))
		return -EINVAL;
	if (effect.load_pdptes && load_pdptes(cpu, s->cr3))
		return -EINVAL;
	set_long_mode(&effect);
	vmcs_write(CR0_READ_SHADOW, value);
	vmcs_write(GUEST_CR0, value | fixed0);
	return 0;
}

static int emulate_cr4(struct per_cpu *cpu, const struct cr_state *s,
		       __u64 value)
{
	__u64 fixed0 = read_msr(MSR_IA32_VMX_CR4_FIXED0) & ~X86_CR4_VMXE;
	__u64 fixed1 = read_msr(MSR_IA32_VMX_CR4_FIXED1) & ~X86_CR4_VMXE;
	struct cr_effect effect;

	/* VMXE reads as reserved: the guest sees a CPU without VMX */
	if (cr4_write_check(s, value,
			    (~fixed1 & 0xffffffffULL) | CPU_FEATURES_CR4_DENIED,
			    &effect))
		return -EINVAL;
	if (effect.load_pdptes && load_pdptes(cpu, s->cr3))
		return -EINVAL;
	vmcs_write(CR4_READ_SHADOW, value);
	vmcs_write(GUEST_CR4, value | fixed0 | X86_CR4_VMXE);
	return 0;
}

int vmx_handle_cr_access(struct per_cpu *cpu, struct guest_regs *regs)
{
	unsigned long qual = vmcs_read(EXIT_QUALIFICATION);
	unsigned int cr = qual & 0xf, type = (qual >> 4) & 3;
	__u64 value = guest_reg_read(regs, (qual >> 8) & 0xf);
	struct cr_state s;
	int err;

	if (type != CR_ACCESS_MOV_TO || (cr != 0 && cr != 4))
		return -EINVAL;
	if (cr == 4 && (value & X86_CR4_VMXE) && cpu->cell != &root_cell)
		return CR_ACCESS_CR4_VMXE;
	guest_cr_state(&s);
	err = cr == 0 ? emulate_cr0(cpu, &s, value) :
			emulate_cr4(cpu, &s, value);
	if (err) {
		vmx_inject_exception(X86_VECTOR_GP, 1, 0);
		return 0;
	}
	vmx_skip_instruction();
	return 0;
}
