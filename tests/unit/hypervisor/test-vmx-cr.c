// SPDX-License-Identifier: GPL-2.0
/*
 * vmx/cr.c: a MOV to CR0/CR4 exit applied to a VMCS (an array here):
 * what is written when the write is allowed (CR0/CR4 and their shadows,
 * EFER.LMA with the "IA-32e mode guest" entry control, GUEST_PDPTE0-3) and
 * that nothing but the #GP is when it is refused.  Before issue 12 the
 * 64-bit guest clearing CR0.PG got EFER.LMA cleared with CS.L still 1:
 * VM entry failed and the CPU was lost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "cell.h"
#include "cpu-features.h"
#include "guest-memory.h"
#include "processor.h"
#include "vmexit.h"
#include <vmx.h>

#define CR0_LINUX 0x80050033UL /* PG WP NE ET MP PE */
#define CR0_PROT 0x00000033UL
#define CR4_PAE 0x20UL
#define CR4_PCIDE (1UL << 17)
#define EFER_LME 0x100UL
#define EFER_LMA 0x400UL
#define CS_AR_LONG 0xa09bUL
#define CS_AR_32 0xc09bUL
#define TR_AR_TSS32 0x8bUL
#define TR_AR_TSS16 0x83UL
#define PDPT_GPA 0x5000UL

struct cell root_cell, other_cell;

static struct {
	unsigned long field, value;
	int written;
} vmcs[32];
static unsigned int vmcs_fields;
static unsigned long regs_rax;
static int injected_vector = -1, skipped;
static __u64 guest_pdpt[4];

static unsigned long *field_slot(unsigned long field)
{
	unsigned int n;

	for (n = 0; n < vmcs_fields; n++)
		if (vmcs[n].field == field)
			return &vmcs[n].value;
	fail_msg("VMCS field 0x%lx not set up", field);
	return NULL;
}

static int field_written(unsigned long field)
{
	unsigned int n;

	for (n = 0; n < vmcs_fields; n++)
		if (vmcs[n].field == field)
			return vmcs[n].written;
	return 0;
}

static void vmcs_set(unsigned long field, unsigned long value)
{
	vmcs[vmcs_fields].field = field;
	vmcs[vmcs_fields].value = value;
	vmcs[vmcs_fields].written = 0;
	vmcs_fields++;
}

unsigned long vmcs_read(unsigned long field)
{
	return *field_slot(field);
}

int vmcs_write(unsigned long field, unsigned long value)
{
	unsigned int n;

	*field_slot(field) = value;
	for (n = 0; n < vmcs_fields; n++)
		if (vmcs[n].field == field)
			vmcs[n].written = 1;
	return 0;
}

void invept_all(void)
{
}

__u64 read_msr(__u32 msr)
{
	switch (msr) {
	case MSR_IA32_VMX_CR0_FIXED0:
		return 0x80000021; /* PG NE PE */
	case MSR_IA32_VMX_CR0_FIXED1:
		return 0xffffffff;
	case MSR_IA32_VMX_CR4_FIXED0:
		return X86_CR4_VMXE;
	case MSR_IA32_VMX_CR4_FIXED1:
		return 0x3767ff; /* up to PKE, without LA57 (bit 12) and KL */
	}
	fail_msg("RDMSR 0x%x", msr);
	return 0;
}

unsigned long guest_reg_read(struct guest_regs *r, unsigned int n)
{
	(void)r;
	assert_int_equal(n, 0); /* the tests use RAX */
	return regs_rax;
}

void guest_reg_write(struct guest_regs *r, unsigned int n, unsigned long v)
{
	(void)r;
	(void)n;
	(void)v;
	fail_msg("a CR write does not write a register");
}

int guest_read_phys(struct cell *cell, __u64 gphys, void *buf, unsigned int len)
{
	assert_non_null(cell);
	if (gphys != PDPT_GPA || len != sizeof(guest_pdpt))
		return -EINVAL;
	memcpy(buf, guest_pdpt, len);
	return 0;
}

void vmx_inject_exception(unsigned int vector, int has_error, __u32 error)
{
	(void)has_error;
	(void)error;
	injected_vector = vector;
}

void vmx_skip_instruction(void)
{
	skipped++;
}

/* A guest with the given state; CR0/CR4 masks as vmx.c sets them. */
static void guest(unsigned long cr0, unsigned long cr4, unsigned long efer,
		  unsigned long cs_ar, unsigned long tr_ar)
{
	unsigned int n;

	vmcs_fields = 0;
	vmcs_set(CR0_GUEST_HOST_MASK, 0x80000020);
	vmcs_set(CR0_READ_SHADOW, cr0);
	vmcs_set(GUEST_CR0, cr0 | 0x20);
	vmcs_set(CR4_GUEST_HOST_MASK,
		 X86_CR4_VMXE | ~0x3767ffUL | CPU_FEATURES_CR4_DENIED);
	vmcs_set(CR4_READ_SHADOW, cr4);
	vmcs_set(GUEST_CR4, cr4 | X86_CR4_VMXE);
	vmcs_set(GUEST_CR3, PDPT_GPA);
	vmcs_set(GUEST_IA32_EFER, efer);
	vmcs_set(VM_ENTRY_CONTROLS, (efer & EFER_LMA) ? ENTRY_IA32E_MODE : 0);
	vmcs_set(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_CS, cs_ar);
	vmcs_set(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_TR, tr_ar);
	for (n = 0; n < 4; n++)
		vmcs_set(GUEST_PDPTE0 + 2 * n, 0);
	injected_vector = -1;
	skipped = 0;
}

static int mov_to_cr(struct cell *cell, unsigned int cr, unsigned long value)
{
	struct per_cpu cpu = { .cell = cell };

	vmcs_set(EXIT_QUALIFICATION, cr); /* MOV to CRn from RAX */
	regs_rax = value;
	return vmx_handle_cr_access(&cpu, NULL);
}

static void assert_refused_untouched(void)
{
	assert_int_equal(injected_vector, X86_VECTOR_GP);
	assert_int_equal(skipped, 0);
	assert_false(field_written(GUEST_CR0));
	assert_false(field_written(CR0_READ_SHADOW));
	assert_false(field_written(GUEST_CR4));
	assert_false(field_written(GUEST_IA32_EFER));
	assert_false(field_written(VM_ENTRY_CONTROLS));
	assert_false(field_written(GUEST_PDPTE0));
}

static void clearing_pg_in_64bit_mode_is_gp_not_a_lost_cpu(void **state)
{
	(void)state;
	guest(CR0_LINUX, CR4_PAE, EFER_LME | EFER_LMA, CS_AR_LONG, TR_AR_TSS32);
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_LINUX & ~X86_CR0_PG), 0);
	assert_refused_untouched();
}

static void leaving_long_mode_from_compatibility_mode(void **state)
{
	(void)state;
	guest(CR0_LINUX, CR4_PAE, EFER_LME | EFER_LMA, CS_AR_32, TR_AR_TSS32);
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_LINUX & ~X86_CR0_PG), 0);
	assert_int_equal(injected_vector, -1);
	assert_int_equal(skipped, 1);
	assert_int_equal(vmcs_read(GUEST_IA32_EFER), EFER_LME);
	assert_int_equal(vmcs_read(VM_ENTRY_CONTROLS) & ENTRY_IA32E_MODE, 0);
	assert_int_equal(vmcs_read(CR0_READ_SHADOW), CR0_LINUX & ~X86_CR0_PG);
	/* PG stays forced in the real CR0 (unrestricted guest: not fixed) */
	assert_int_equal(vmcs_read(GUEST_CR0), (CR0_LINUX & ~X86_CR0_PG));
}

static void entering_long_mode_sets_lma_and_the_entry_control(void **state)
{
	(void)state;
	guest(CR0_PROT, CR4_PAE, EFER_LME, CS_AR_32, TR_AR_TSS32);
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_PROT | X86_CR0_PG), 0);
	assert_int_equal(injected_vector, -1);
	assert_int_equal(skipped, 1);
	assert_int_equal(vmcs_read(GUEST_IA32_EFER), EFER_LME | EFER_LMA);
	assert_true(vmcs_read(VM_ENTRY_CONTROLS) & ENTRY_IA32E_MODE);
	assert_false(field_written(GUEST_PDPTE0));
}

static void entering_long_mode_with_a_16bit_tss_is_gp(void **state)
{
	(void)state;
	guest(CR0_PROT, CR4_PAE, EFER_LME, CS_AR_32, TR_AR_TSS16);
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_PROT | X86_CR0_PG), 0);
	assert_refused_untouched();
}

static void pae_paging_loads_the_pdptes(void **state)
{
	unsigned int n;

	(void)state;
	guest(CR0_PROT, CR4_PAE, 0, CS_AR_32, TR_AR_TSS32);
	for (n = 0; n < 4; n++)
		guest_pdpt[n] = 0x10000 * (n + 1) | 1;
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_PROT | X86_CR0_PG), 0);
	assert_int_equal(injected_vector, -1);
	for (n = 0; n < 4; n++)
		assert_int_equal(vmcs_read(GUEST_PDPTE0 + 2 * n),
				 guest_pdpt[n]);
	assert_int_equal(vmcs_read(GUEST_IA32_EFER), 0);
}

static void a_reserved_bit_in_a_pdpte_is_gp(void **state)
{
	(void)state;
	guest(CR0_PROT, CR4_PAE, 0, CS_AR_32, TR_AR_TSS32);
	guest_pdpt[0] = 0x10000 | 1;
	guest_pdpt[1] = 0;
	guest_pdpt[2] = 0x20000 | 1 | 2; /* R/W is reserved in a PDPTE */
	guest_pdpt[3] = 0;
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_PROT | X86_CR0_PG), 0);
	assert_refused_untouched();
}

static void pdptes_outside_the_cell_are_gp(void **state)
{
	(void)state;
	guest(CR0_PROT, CR4_PAE, 0, CS_AR_32, TR_AR_TSS32);
	*field_slot(GUEST_CR3) = 0x7000; /* not cell RAM */
	assert_int_equal(mov_to_cr(&other_cell, 0, CR0_PROT | X86_CR0_PG), 0);
	assert_refused_untouched();
}

static void cr4_rules_through_the_exit(void **state)
{
	(void)state;
	guest(CR0_LINUX, CR4_PAE, EFER_LME | EFER_LMA, CS_AR_LONG, TR_AR_TSS32);
	/* VMXE: a non-root cell is stopped, the root gets #GP */
	assert_int_equal(mov_to_cr(&other_cell, 4, CR4_PAE | X86_CR4_VMXE),
			 CR_ACCESS_CR4_VMXE);
	assert_int_equal(mov_to_cr(&root_cell, 4, CR4_PAE | X86_CR4_VMXE), 0);
	assert_refused_untouched();
	/* Key Locker: guarded for every cell */
	assert_int_equal(mov_to_cr(&root_cell, 4, CR4_PAE | (1UL << 19)), 0);
	assert_refused_untouched();
	/* LA57 cannot be set by this CPU (not in FIXED1) */
	assert_int_equal(mov_to_cr(&root_cell, 4, CR4_PAE | (1UL << 12)), 0);
	assert_refused_untouched();
	/* PCIDE with CR3[11:0] = 0 in long mode: allowed, VMXE kept */
	*field_slot(GUEST_CR3) = 0x6000;
	injected_vector = -1;
	assert_int_equal(mov_to_cr(&root_cell, 4, CR4_PAE | CR4_PCIDE), 0);
	assert_int_equal(injected_vector, -1);
	assert_int_equal(vmcs_read(CR4_READ_SHADOW), CR4_PAE | CR4_PCIDE);
	assert_int_equal(vmcs_read(GUEST_CR4),
			 CR4_PAE | CR4_PCIDE | X86_CR4_VMXE);
}

static void other_accesses_are_not_handled(void **state)
{
	(void)state;
	guest(CR0_LINUX, CR4_PAE, EFER_LME | EFER_LMA, CS_AR_LONG, TR_AR_TSS32);
	/* MOV from CR0 (type 1), MOV to CR8 */
	assert_int_equal(mov_to_cr(&other_cell, 0x10, 0), -EINVAL);
	assert_int_equal(mov_to_cr(&other_cell, 8, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			clearing_pg_in_64bit_mode_is_gp_not_a_lost_cpu),
		cmocka_unit_test(leaving_long_mode_from_compatibility_mode),
		cmocka_unit_test(
			entering_long_mode_sets_lma_and_the_entry_control),
		cmocka_unit_test(entering_long_mode_with_a_16bit_tss_is_gp),
		cmocka_unit_test(pae_paging_loads_the_pdptes),
		cmocka_unit_test(a_reserved_bit_in_a_pdpte_is_gp),
		cmocka_unit_test(pdptes_outside_the_cell_are_gp),
		cmocka_unit_test(cr4_rules_through_the_exit),
		cmocka_unit_test(other_accesses_are_not_handled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
