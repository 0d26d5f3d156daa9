// SPDX-License-Identifier: GPL-2.0
/*
 * arch/apic.c on the host, with the real IPI filter (arch/apic-icr.c) and
 * instruction decoder (arch/mmio-decode.c); xAPIC writes come through the
 * one MMIO path as on an EPT violation: the exit side (vmx/mmio.c), the
 * fetch and its decode cache (vmx/mmio-fetch.c) and the cells' region
 * tables (mmio.c).  This file plays the rest:
 *  - the xAPIC page: a host page mapped read-only, like the root's xAPIC
 *    page in the EPT.  A write to it faults; the SIGSEGV handler lets the
 *    one instruction through with the trap flag set, and the SIGTRAP after
 *    it logs the write and lets the "APIC" react (an EOI retires the
 *    highest vector in service).  Reads are plain memory reads.
 *  - IA32_APIC_BASE and the x2APIC MSRs (fake/processor.h), once as the
 *    SDM describes them and once as Bochs behaves;
 *  - the VMCS (fake/vmx.h), guest code at RIP and the guest registers;
 *  - four CPUs: 0 and 1 in the root cell, 2 and 3 in another cell, APIC
 *    IDs 0, 2, 4, 6 (not the CPU numbers, so that a mix-up shows).
 */
#define _GNU_SOURCE /* REG_EFL */
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "apic-icr.h"
#include "cell.h"
#include "cpu-events.h"
#include "guest-memory.h"
#include "mmio.h"
#include "msr-policy.h"
#include "processor.h"
#include "vmexit.h"
#include "unit.h"
#include "vmx.h"
#include "printk.h"

#define NUM_CPUS 4

#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_LDR 0x0d0
#define APIC_DFR 0x0e0
#define APIC_SVR 0x0f0
#define APIC_ISR 0x100
#define APIC_IRR 0x200
#define APIC_LVT_CMCI 0x2f0
#define APIC_ICR_LOW 0x300
#define APIC_ICR_HIGH 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_ICR 0x380
#define APIC_TIMER_DCR 0x3e0
#define APIC_ID 0x020
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define LVT_MASKED (1U << 16)
#define NUM_LVTS 6 /* timer, thermal, perf, LINT0/1, error */
#define X2APIC_MSR(off) (0x800 + ((off) >> 4))
#define MSR_X2APIC_EOI X2APIC_MSR(APIC_EOI)

#define BASE_ADDRESS 0xfee00000ULL
#define BASE_BSP (1ULL << 8)
#define BASE_X2APIC (1ULL << 10)
#define BASE_ENABLE (1ULL << 11)
#define XAPIC_MODE (BASE_ADDRESS | BASE_BSP | BASE_ENABLE)
#define X2APIC_MODE (XAPIC_MODE | BASE_X2APIC)

#define CODE_RIP 0xffffffff81001000ULL
#define CODE_PHYS 0x3a001000ULL /* host-physical, for the cache */
#define GUEST_CR3_VALUE 0x3a400000ULL
#define CS_AR_LONG 0xa09bUL /* CS.L set: 64-bit code */
#define FIXED_VECTOR 0xfd

#define X86_EFLAGS_TF 0x100
/* EPT violation qualification of a guest's data write */
#define EPT_WRITE_QUAL (0x2UL | 0x80UL | 0x100UL)
#define EPT_READ_QUAL (0x1UL | 0x80UL | 0x100UL)

/* mov [rdi], eax / mov dword [rdi], imm32 / mov eax, [rdi] / mov [rdi], ax */
#define STORE_EAX "\x89\x07"
#define STORE_IMM32 "\xc7\x07"
#define LOAD_EAX "\x8b\x07"
#define STORE_AX "\x66\x89\x07"

/* ---- CPUs and cells ---- */
static struct per_cpu cpus[NUM_CPUS];
struct cell root_cell;
static struct cell other_cell;
unsigned int hv_num_cpus = NUM_CPUS;
__u64 hv_apic_phys = BASE_ADDRESS;
/* the root's APIC mode as the system config states it */
static struct jailhouse_system_desc system_config;
const struct jailhouse_system_desc *hv_system_config = &system_config;

/* a cell's refusal at create, as hypercall.c records it */
long hypercall_refuse(struct per_cpu *cpu, long err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cpu->error_msg, sizeof(cpu->error_msg), fmt, ap);
	va_end(ap);
	return err;
}

/* enable's refusal, as setup.c records it */
static char fail_msg_text[200];
static int fail_err;

int hv_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fail_msg_text, sizeof(fail_msg_text), fmt, ap);
	va_end(ap);
	fail_err = err;
	return err;
}

struct per_cpu *per_cpu_of(unsigned int n)
{
	assert_true(n < NUM_CPUS);
	return &cpus[n];
}

/* INIT and SIPI as apic.c hands them to cpu-events.c (-1: INIT) */
static struct {
	struct per_cpu *target;
	int vector;
} signals[8];
static unsigned int num_signals;

static void record_signal(struct per_cpu *target, int vector)
{
	assert_true(num_signals < 8);
	signals[num_signals].target = target;
	signals[num_signals].vector = vector;
	num_signals++;
}

void cpu_signal_init(struct per_cpu *target)
{
	record_signal(target, -1);
}

void cpu_signal_sipi(struct per_cpu *target, unsigned int vector)
{
	record_signal(target, (int)vector);
}

/* ---- the xAPIC page ---- */
static __u8 *xapic;
static struct {
	unsigned int offset;
	__u32 value;
} page_log[32];
static unsigned int page_writes, eoi_writes;
static int eoi_retires; /* 0: a broken APIC, ISR never clears */
static long trapped_offset = -1;

static __u32 *reg(unsigned int offset)
{
	return (__u32 *)(xapic + offset);
}

/* Clears the highest set bit of the 8 ISR words (vectors 255 down to 0). */
static void retire_highest(__u32 *isr[8])
{
	int n;

	for (n = 7; n >= 0; n--)
		if (*isr[n]) {
			*isr[n] &= ~(1U << (31 - __builtin_clz(*isr[n])));
			return;
		}
}

static void page_eoi(void)
{
	__u32 *isr[8];
	unsigned int n;

	for (n = 0; n < 8; n++)
		isr[n] = reg(APIC_ISR + n * 0x10);
	retire_highest(isr);
}

static void on_page_fault(int sig, siginfo_t *info, void *context)
{
	uintptr_t addr = (uintptr_t)info->si_addr;
	ucontext_t *uc = context;

	(void)sig;
	if (!xapic || addr < (uintptr_t)xapic ||
	    addr >= (uintptr_t)xapic + PAGE_SIZE) {
		/* not the page: a real crash, fault again without us */
		signal(SIGSEGV, SIG_DFL);
		return;
	}
	trapped_offset = addr - (uintptr_t)xapic;
	mprotect(xapic, PAGE_SIZE, PROT_READ | PROT_WRITE);
	uc->uc_mcontext.gregs[REG_EFL] |= X86_EFLAGS_TF;
}

/* The store went through: log it, react, and trap the next one. */
static void after_page_write(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	unsigned int offset;

	(void)sig;
	(void)info;
	uc->uc_mcontext.gregs[REG_EFL] &= ~(greg_t)X86_EFLAGS_TF;
	if (trapped_offset < 0)
		return;
	offset = trapped_offset & ~3UL;
	trapped_offset = -1;
	if (page_writes < 32) {
		page_log[page_writes].offset = offset;
		page_log[page_writes].value = *reg(offset);
	}
	page_writes++;
	if (offset == APIC_EOI) {
		eoi_writes++;
		if (eoi_retires)
			page_eoi();
	}
	mprotect(xapic, PAGE_SIZE, PROT_READ);
}

/*
 * The handlers of the page's traps.  Installed before every access rather
 * than in setup: cmocka puts its own SIGSEGV handler in place around each
 * test function and fixture.
 */
static void trap_page_writes(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_flags = SA_SIGINFO;
	sa.sa_sigaction = on_page_fault;
	sigaction(SIGSEGV, &sa, NULL);
	sa.sa_sigaction = after_page_write;
	sigaction(SIGTRAP, &sa, NULL);
}

/* apic.c reaches the page through here (the xAPIC write handler gets it
 * at registration). */
void *apic_page(void)
{
	trap_page_writes();
	return xapic;
}

/* The test's own writes, which the APIC must not see as guest writes. */
static void page_set(unsigned int offset, __u32 value)
{
	mprotect(xapic, PAGE_SIZE, PROT_READ | PROT_WRITE);
	*reg(offset) = value;
	mprotect(xapic, PAGE_SIZE, PROT_READ);
}

static void expect_page_write(unsigned int n, unsigned int offset, __u32 value)
{
	assert_true(n < page_writes);
	assert_int_equal(page_log[n].offset, offset);
	assert_int_equal(page_log[n].value, value);
}

/* ---- ICR busy polling ---- */
static unsigned int relax_count, busy_until;

void cpu_relax(void)
{
	relax_count++;
	if (relax_count == busy_until)
		page_set(APIC_ICR_LOW,
			 *reg(APIC_ICR_LOW) & ~APIC_ICR_SEND_PENDING);
}

/* ---- IA32_APIC_BASE and the x2APIC MSRs ---- */
enum base_model {
	SDM_MODEL,   /* invalid transitions #GP */
	BOCHS_MODEL, /* and every write is ignored while disabled */
};

static enum base_model base_model;
static __u64 apic_base, base_log[4];
static unsigned int base_writes, base_faults;
static __u32 x2apic[256];
static struct {
	__u32 msr;
	__u64 value;
} msr_log[8];
static unsigned int msr_writes;

static int x2apic_enabled(void)
{
	return (apic_base & (BASE_ENABLE | BASE_X2APIC)) ==
	       (BASE_ENABLE | BASE_X2APIC);
}

static void write_apic_base(__u64 value)
{
	int was_enabled = !!(apic_base & BASE_ENABLE);

	if (base_writes < 4)
		base_log[base_writes] = value;
	base_writes++;
	if (base_model == BOCHS_MODEL && !was_enabled)
		return;
	/* SDM "x2APIC state transitions": x2APIC needs the enable bit, is
	 * entered from xAPIC only and left through the disabled state */
	if (((value & BASE_X2APIC) && !(value & BASE_ENABLE)) ||
	    ((value & BASE_X2APIC) && !was_enabled) ||
	    (x2apic_enabled() && (value & BASE_ENABLE) &&
	     !(value & BASE_X2APIC))) {
		base_faults++; /* #GP: the value stays */
		return;
	}
	apic_base = value;
}

static void x2apic_eoi(void)
{
	__u32 *isr[8];
	unsigned int n;

	for (n = 0; n < 8; n++)
		isr[n] = &x2apic[(APIC_ISR >> 4) + n];
	retire_highest(isr);
}

/* MCG_CAP: bit 10 says whether the CMCI LVT (0x2f0, MSR 0x82f) exists */
#define MSR_MCG_CAP 0x179
#define MCG_CAP_CMCI (1ULL << 10)
static __u64 mcg_cap;

static void no_cmci_access(__u32 msr)
{
	if (msr == X2APIC_MSR(APIC_LVT_CMCI) && !(mcg_cap & MCG_CAP_CMCI))
		fail_msg("MSR 0x82f without CMCI in MCG_CAP: #GP");
}

__u64 read_msr(__u32 msr)
{
	if (msr == MSR_IA32_APIC_BASE)
		return apic_base;
	if (msr == MSR_MCG_CAP)
		return mcg_cap;
	no_cmci_access(msr);
	if (msr == X2APIC_MSR(APIC_DFR))
		fail_msg("RDMSR 0x80e: no DFR in x2APIC mode (#GP)");
	if (msr >= 0x800 && msr <= 0x8ff && x2apic_enabled())
		return x2apic[msr - 0x800];
	fail_msg("RDMSR 0x%x (IA32_APIC_BASE 0x%llx)", msr,
		 (unsigned long long)apic_base);
	return 0;
}

/* IA32_TSC_DEADLINE: apic_clear() disarms it where CPUID lists it */
static __u64 tsc_deadline;

void write_msr(__u32 msr, __u64 value)
{
	if (msr == MSR_IA32_APIC_BASE) {
		write_apic_base(value);
		return;
	}
	if (msr == 0x6e0) {
		tsc_deadline = value;
		return;
	}
	no_cmci_access(msr);
	if (msr == X2APIC_MSR(APIC_DFR) || msr == X2APIC_MSR(APIC_LDR))
		fail_msg("WRMSR 0x%x: no such x2APIC register to write", msr);
	if (msr < 0x800 || msr > 0x8ff || !x2apic_enabled())
		fail_msg("WRMSR 0x%x (IA32_APIC_BASE 0x%llx)", msr,
			 (unsigned long long)apic_base);
	if (msr_writes < 8) {
		msr_log[msr_writes].msr = msr;
		msr_log[msr_writes].value = value;
	}
	msr_writes++;
	x2apic[msr - 0x800] = (__u32)value;
	if (msr == MSR_X2APIC_EOI) {
		assert_true(value == 0); /* else #GP */
		eoi_writes++;
		if (eoi_retires)
			x2apic_eoi();
	}
}

/*
 * ---- the interrupt window ----
 * The CPU accepts the highest requested vector if its priority class is
 * above that of the highest in service (TPR is 0 by then): IRR -> ISR.
 * `refill_vector` is requested again right after (a source that never
 * stops).
 */
static unsigned int windows, refill_vector;

static __u32 *apic_word(unsigned int offset)
{
	return x2apic_enabled() ? &x2apic[offset >> 4] : reg(offset);
}

static int highest_vector(unsigned int base)
{
	int v;

	for (v = 255; v >= 0; v--)
		if (*apic_word(base + (v / 32) * 0x10) & (1U << (v % 32)))
			return v;
	return -1;
}

static void set_vector(unsigned int base, unsigned int v, int on)
{
	__u32 *word = apic_word(base + (v / 32) * 0x10);
	__u32 bit = 1U << (v % 32);

	if (!x2apic_enabled())
		mprotect(xapic, PAGE_SIZE, PROT_READ | PROT_WRITE);
	*word = on ? *word | bit : *word & ~bit;
	if (!x2apic_enabled())
		mprotect(xapic, PAGE_SIZE, PROT_READ);
}

void cpu_interrupt_window(void)
{
	int irr = highest_vector(APIC_IRR), isr = highest_vector(APIC_ISR);

	windows++;
	assert_true(*apic_word(APIC_SVR) & 0x100); /* else it holds its IRR */
	if (irr < 0 || (isr >= 0 && irr / 16 <= isr / 16))
		return;
	set_vector(APIC_IRR, irr, 0);
	set_vector(APIC_ISR, irr, 1);
	if (refill_vector)
		set_vector(APIC_IRR, refill_vector, 1);
}

/* ---- the VMCS, the guest's code and registers ---- */
static unsigned long vmcs_rip, vmcs_cs_ar, vmcs_gphys, vmcs_qual;
static __u32 vmcs_vectoring;
static __u8 guest_code[64];
static unsigned int code_fetches;
static struct guest_regs regs;

unsigned long vmcs_read(unsigned long field)
{
	if (field == GUEST_RIP)
		return vmcs_rip;
	if (field == GUEST_CR3)
		return GUEST_CR3_VALUE;
	/* 64-bit Linux: paging, PAE, long mode */
	if (field == GUEST_CR0)
		return 0x80050033UL;
	if (field == GUEST_CR4)
		return 0x20UL;
	if (field == GUEST_IA32_EFER)
		return 0x500UL;
	if (field == GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_CS)
		return vmcs_cs_ar;
	if (field == GUEST_ES_BASE + 2 * JAILHOUSE_SEG_CS)
		return 0; /* flat code segment */
	if (field == GUEST_PHYSICAL_ADDRESS)
		return vmcs_gphys;
	if (field == EXIT_QUALIFICATION)
		return vmcs_qual;
	if (field == IDT_VECTORING_INFO)
		return vmcs_vectoring;
	fail_msg("VMREAD of unexpected field 0x%lx", field);
	return 0;
}

int vmcs_write(unsigned long field, unsigned long value)
{
	if (field != GUEST_RIP)
		fail_msg("VMWRITE of unexpected field 0x%lx", field);
	vmcs_rip = value;
	return 0;
}

static unsigned int code_index(__u64 rip)
{
	/* 32-bit code sees the same bytes at the low half of the address */
	if (rip == (__u32)rip)
		rip |= CODE_RIP & ~0xffffffffULL;
	assert_true(rip >= CODE_RIP && rip + MMIO_INSTRUCTION_MAX <=
					       CODE_RIP + sizeof(guest_code));
	return rip - CODE_RIP;
}

int guest_read_code(struct cell *cell, const struct guest_paging *paging,
		    __u64 rip, __u8 *buf, unsigned int len)
{
	assert_non_null(cell);
	assert_true(paging->cr3 == GUEST_CR3_VALUE);
	assert_int_equal(paging->mode, GUEST_PAGING_4LEVEL);
	code_fetches++;
	memcpy(buf, guest_code + code_index(rip), len);
	return len;
}

__u64 guest_code_phys(struct cell *cell, const struct guest_paging *paging,
		      __u64 rip)
{
	(void)cell;
	assert_true(paging->cr3 == GUEST_CR3_VALUE);
	return CODE_PHYS + code_index(rip);
}

/* Where the decode cache compares the bytes again. */
void *phys_window(__u64 phys)
{
	assert_true(phys >= CODE_PHYS && phys < CODE_PHYS + sizeof(guest_code));
	return guest_code + (phys - CODE_PHYS);
}

/* The root's tick writes read their register by its slot; never RSP's,
 * which holds no value (the guest's RSP is in the VMCS). */
unsigned long guest_slot_read(const struct guest_regs *r, unsigned int slot)
{
	assert_ptr_equal(r, &regs);
	assert_true(slot < 16 && slot != guest_gpr_slot(4));
	return ((const __u64 *)r)[slot];
}

unsigned long guest_reg_read(struct guest_regs *r, unsigned int n)
{
	assert_ptr_equal(r, &regs);
	assert_true(n < 16 && n != 4); /* no test stores from RSP */
	return ((const __u64 *)r)[guest_gpr_slot(n)];
}

/* Only a non-root cell's reads of its page exit (into EAX here). */
void guest_reg_write(struct guest_regs *r, unsigned int n, unsigned long v)
{
	assert_ptr_equal(r, &regs);
	assert_int_equal(n, 0);
	r->rax = v;
}

/* Sub-page regions are not this test's (test-mmio-subpage.c has them). */
int mmio_subpage_register(struct cell *cell)
{
	(void)cell;
	fail_msg("mmio_subpage_register() from an xAPIC test");
	return -1;
}

/* ---- fixtures and helpers ---- */
static int setup(void **state)
{
	unsigned int n;

	(void)state;
	xapic = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(xapic != MAP_FAILED);
	*reg(APIC_DFR) = 0xffffffff; /* flat model, as Linux has it */
	mprotect(xapic, PAGE_SIZE, PROT_READ);
	page_writes = eoi_writes = 0;
	eoi_retires = 1;
	trapped_offset = -1;
	relax_count = busy_until = 0;
	memset(cpus, 0, sizeof(cpus));
	for (n = 0; n < NUM_CPUS; n++) {
		cpus[n].cpu_id = n;
		cpus[n].apic_id = 2 * n;
		cpus[n].apic_ldr = (1U << n) << 24;
		cpus[n].cell = n < 2 ? &root_cell : &other_cell;
		apic_virtual_reset(&cpus[n].apic_virtual, cpus[n].apic_id);
	}
	base_model = SDM_MODEL;
	apic_base = XAPIC_MODE;
	base_writes = base_faults = msr_writes = 0;
	mcg_cap = MCG_CAP_CMCI;
	tsc_deadline = 0x123456789ULL;
	windows = refill_vector = 0;
	memset(x2apic, 0, sizeof(x2apic));
	memset(guest_code, 0x90, sizeof(guest_code));
	code_fetches = 0;
	vmcs_rip = CODE_RIP;
	vmcs_cs_ar = CS_AR_LONG;
	vmcs_vectoring = 0; /* no event was being delivered */
	memset(&regs, 0, sizeof(regs));
	num_signals = 0;
	fake_console[0] = 0;
	system_config.platform.apic_mode = JAILHOUSE_APIC_MODE_XAPIC;
	fail_msg_text[0] = 0;
	fail_err = 0;
	/* every cell has the xAPIC page in its MMIO table */
	memset(&root_cell.mmio, 0, sizeof(root_cell.mmio));
	memset(&other_cell.mmio, 0, sizeof(other_cell.mmio));
	assert_int_equal(apic_mmio_register(&root_cell), 0);
	assert_int_equal(apic_mmio_register(&other_cell), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	munmap(xapic, PAGE_SIZE);
	xapic = NULL;
	return 0;
}

static void place_code(const char *bytes, unsigned int len)
{
	memset(guest_code, 0x90, sizeof(guest_code));
	memcpy(guest_code, bytes, len);
	vmcs_rip = CODE_RIP;
}

/* The EPT violation of CPU `n`'s write at `offset` of the xAPIC page:
 * the fault kind, JAILHOUSE_FAULT_NONE when emulated. */
static int xapic_write_exit(struct per_cpu *cpu, struct guest_regs *r,
			    unsigned int offset)
{
	trap_page_writes();
	return vmx_mmio_exit(cpu, r, BASE_ADDRESS + offset, EPT_WRITE_QUAL,
			     vmcs_vectoring);
}

/* The guest on CPU `n` does "mov [rdi], eax" onto the page at `offset`. */
static int guest_store(unsigned int n, unsigned int offset, __u32 value)
{
	place_code(STORE_EAX, 2);
	regs.rax = 0xdead000000000000ULL | value; /* bits 63:32 not stored */
	return xapic_write_exit(&cpus[n], &regs, offset);
}

/* ICR high, then ICR low: the xAPIC way to send an IPI. */
static int guest_send(unsigned int n, __u32 high, __u32 low)
{
	assert_int_equal(guest_store(n, APIC_ICR_HIGH, high), 0);
	assert_true(vmcs_rip == CODE_RIP + 2);
	assert_int_equal(cpus[n].icr_high, high);
	return guest_store(n, APIC_ICR_LOW, low);
}

/* ---- apic_restore_base() ---- */
static void test_restore_base_through_disabled(void **state)
{
	(void)state;
	/* the model itself refuses the direct way back */
	apic_base = X2APIC_MODE;
	write_msr(MSR_IA32_APIC_BASE, XAPIC_MODE);
	assert_int_equal(base_faults, 1);
	assert_true(apic_base == X2APIC_MODE);

	base_faults = base_writes = 0;
	assert_int_equal(apic_restore_base(XAPIC_MODE), 0);
	assert_true(apic_base == XAPIC_MODE);
	assert_int_equal(base_faults, 0);
	assert_int_equal(base_writes, 2);
	/* the disabled step: neither enable nor x2APIC, the rest kept */
	assert_true(base_log[0] == (BASE_ADDRESS | BASE_BSP));
	assert_true(base_log[1] == XAPIC_MODE);
}

/* Bochs ignores the second write: the APIC stays disabled, and the
 * function must notice by reading back. */
static void test_restore_base_bochs_stays_disabled(void **state)
{
	(void)state;
	base_model = BOCHS_MODEL;
	apic_base = X2APIC_MODE;
	assert_int_equal(apic_restore_base(XAPIC_MODE), -EIO);
	assert_true(apic_base == (BASE_ADDRESS | BASE_BSP));
	assert_int_equal(base_writes, 2);
	assert_int_equal(base_faults, 0);
}

static void test_restore_base_equal_writes_nothing(void **state)
{
	(void)state;
	apic_base = XAPIC_MODE;
	assert_int_equal(apic_restore_base(XAPIC_MODE), 0);
	apic_base = X2APIC_MODE;
	assert_int_equal(apic_restore_base(X2APIC_MODE), 0);
	base_model = BOCHS_MODEL;
	apic_base = BASE_ADDRESS;
	assert_int_equal(apic_restore_base(BASE_ADDRESS), 0);
	assert_int_equal(base_writes, 0);
}

/* xAPIC -> x2APIC is a valid direct transition: one write. */
static void test_restore_base_into_x2apic(void **state)
{
	(void)state;
	assert_int_equal(apic_restore_base(X2APIC_MODE), 0);
	assert_true(apic_base == X2APIC_MODE);
	assert_int_equal(base_writes, 1);
	assert_int_equal(base_faults, 0);
}

/* ---- apic_clear() ---- */
/* apic.c asks the real CPUID (the host's) whether the deadline MSR exists */
static int tsc_deadline_listed(void)
{
	unsigned int eax, ebx, ecx, edx;

	asm volatile("cpuid"
		     : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx)
		     : "a"(1), "c"(0));
	return (ecx >> 24) & 1;
}

/* Vectors 0x31, 0x80 and 0xef in service. */
static const unsigned int in_service[] = { 0x31, 0x80, 0xef };

static void test_clear_xapic(void **state)
{
	__u32 lvt[NUM_LVTS];
	unsigned int n, offset;

	(void)state;
	for (n = 0; n < NUM_LVTS; n++) {
		lvt[n] = 0x30 + n + (n == 3 ? 0x700 : 0); /* LINT0: ExtINT */
		page_set(APIC_LVT_TIMER + n * 0x10, lvt[n]);
	}
	page_set(APIC_LVT_CMCI, 0xf2);
	page_set(APIC_TIMER_ICR, 0x123456);
	page_set(APIC_TIMER_DCR, 0xb);
	page_set(APIC_TPR, 0x40);
	for (n = 0; n < 3; n++) {
		offset = APIC_ISR + (in_service[n] / 32) * 0x10;
		page_set(offset, *reg(offset) | 1U << (in_service[n] % 32));
	}
	apic_clear();
	for (n = 0; n < NUM_LVTS; n++)
		assert_int_equal(*reg(APIC_LVT_TIMER + n * 0x10),
				 lvt[n] | LVT_MASKED);
	assert_int_equal(*reg(APIC_LVT_CMCI), 0xf2 | LVT_MASKED);
	assert_int_equal(*reg(APIC_TIMER_ICR), 0);
	/* an armed TSC deadline is disarmed (where the host's CPUID has it) */
	if (tsc_deadline_listed())
		assert_int_equal(tsc_deadline, 0);
	assert_int_equal(*reg(APIC_TPR), 0);
	for (n = 0; n < 8; n++)
		assert_int_equal(*reg(APIC_ISR + n * 0x10), 0);
	/* one EOI per vector in service, and nothing else written */
	assert_int_equal(eoi_writes, 3);
	assert_int_equal(page_writes, NUM_LVTS + 3 + 3);
	assert_int_equal(*reg(APIC_TIMER_DCR), 0xb);
	assert_int_equal(msr_writes, 0);
}

/* An ISR that never clears: the EOIs stop after one per vector. */
static void test_clear_eoi_bounded(void **state)
{
	(void)state;
	eoi_retires = 0;
	page_set(APIC_ISR + 0x70, 0x80000000);
	apic_clear();
	assert_int_equal(eoi_writes, 256);
	assert_int_equal(*reg(APIC_ISR + 0x70), 0x80000000);
}

/* A CPU a cell left in x2APIC mode: the same through the MSRs. */
static void test_clear_x2apic(void **state)
{
	unsigned int n;

	(void)state;
	apic_base = X2APIC_MODE;
	for (n = 0; n < NUM_LVTS; n++)
		x2apic[(APIC_LVT_TIMER >> 4) + n] = 0x40 + n;
	x2apic[APIC_LVT_CMCI >> 4] = 0xf2;
	x2apic[APIC_TIMER_ICR >> 4] = 0x1000;
	x2apic[APIC_TPR >> 4] = 0x30;
	for (n = 0; n < 3; n++)
		x2apic[(APIC_ISR >> 4) + in_service[n] / 32] |=
			1U << (in_service[n] % 32);
	apic_clear();
	for (n = 0; n < NUM_LVTS; n++)
		assert_int_equal(x2apic[(APIC_LVT_TIMER >> 4) + n],
				 (0x40 + n) | LVT_MASKED);
	assert_int_equal(x2apic[APIC_LVT_CMCI >> 4], 0xf2 | LVT_MASKED);
	assert_int_equal(x2apic[APIC_TIMER_ICR >> 4], 0);
	assert_int_equal(x2apic[APIC_TPR >> 4], 0);
	for (n = 0; n < 8; n++)
		assert_int_equal(x2apic[(APIC_ISR >> 4) + n], 0);
	assert_int_equal(eoi_writes, 3);
	assert_int_equal(msr_writes, NUM_LVTS + 3 + 3);
	assert_int_equal(page_writes, 0);
}

/* tiny-demo's timer vector 0x2f left requested, and two more, one of them
 * also in service: all accepted and retired, none left for the next
 * owner; the APIC software-enabled for it (a disabled one holds them). */
static const unsigned int requested[] = { 0x2f, 0x31, 0xfd };

static void test_clear_drains_irr(void **state)
{
	unsigned int n;

	(void)state;
	page_set(APIC_SVR, 0x0ff); /* software-disabled by the cell */
	for (n = 0; n < 3; n++)
		set_vector(APIC_IRR, requested[n], 1);
	set_vector(APIC_ISR, 0x31, 1);
	apic_clear();
	for (n = 0; n < 8; n++) {
		assert_int_equal(*reg(APIC_IRR + n * 0x10), 0);
		assert_int_equal(*reg(APIC_ISR + n * 0x10), 0);
	}
	assert_int_equal(*reg(APIC_SVR), 0x1ff);
	assert_int_equal(windows, 3);
	assert_int_equal(eoi_writes, 4);
}

/* With nothing requested no window is opened. */
static void test_clear_no_window_when_idle(void **state)
{
	(void)state;
	set_vector(APIC_ISR, 0x40, 1);
	apic_clear();
	assert_int_equal(windows, 0);
	assert_int_equal(eoi_writes, 1);
}

/* A source that requests again at once: the windows are bounded. */
static void test_clear_windows_bounded(void **state)
{
	(void)state;
	refill_vector = 0x50;
	set_vector(APIC_IRR, 0x50, 1);
	apic_clear();
	assert_int_equal(windows, 256);
	assert_int_equal(eoi_writes, 256); /* the budget */
	assert_string_equal(
		fake_console,
		"local APIC: interrupts still requested after 256 windows\n");
}

/* x2APIC: the same through the IRR MSRs 0x820-0x827. */
static void test_clear_drains_irr_x2apic(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	x2apic[APIC_SVR >> 4] = 0x1ff;
	set_vector(APIC_IRR, 0xec, 1);
	set_vector(APIC_IRR, 0x22, 1);
	apic_clear();
	assert_int_equal(highest_vector(APIC_IRR), -1);
	assert_int_equal(highest_vector(APIC_ISR), -1);
	assert_int_equal(windows, 2);
}

/* Without MCG_CAP[10] the CMCI LVT is neither read nor written (MSR 0x82f
 * would #GP in x2APIC mode; the fake fails the test on it). */
static void test_clear_cmci_only_with_mcg_cap(void **state)
{
	(void)state;
	mcg_cap = 0;
	page_set(APIC_LVT_CMCI, 0xf2);
	apic_clear();
	assert_int_equal(*reg(APIC_LVT_CMCI), 0xf2);
	apic_base = X2APIC_MODE;
	x2apic[APIC_LVT_CMCI >> 4] = 0xf2;
	apic_clear();
	assert_int_equal(x2apic[APIC_LVT_CMCI >> 4], 0xf2);
}

/* ---- writes to the xAPIC page ---- */
static void test_fixed_ipi_root_to_root(void **state)
{
	(void)state;
	/* CPU 0 to APIC ID 2 (CPU 1): the high half alone writes nothing */
	assert_int_equal(guest_store(0, APIC_ICR_HIGH, 2U << 24), 0);
	assert_int_equal(page_writes, 0);
	/* mov dword [rdi], 0xfd */
	place_code(STORE_IMM32 "\xfd\x00\x00\x00", 6);
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_ICR_LOW), 0);
	assert_true(vmcs_rip == CODE_RIP + 6);
	assert_int_equal(page_writes, 2);
	expect_page_write(0, APIC_ICR_HIGH, 2U << 24);
	expect_page_write(1, APIC_ICR_LOW, FIXED_VECTOR);
	assert_int_equal(num_signals, 0);
	assert_string_equal(fake_console, "");
}

static void test_ipi_leaving_a_cell_refused(void **state)
{
	(void)state;
	/* CPU 2 (other cell) to APIC ID 0 (CPU 0, root) */
	assert_int_equal(guest_send(2, 0, FIXED_VECTOR), JAILHOUSE_FAULT_IPI);
	assert_true(vmcs_rip == CODE_RIP); /* not emulated */
	assert_int_equal(page_writes, 0);
	/* NMI to its own sibling (APIC ID 6) is sent */
	assert_int_equal(guest_send(2, 6U << 24, 0x400), 0);
	assert_int_equal(page_writes, 2);
	expect_page_write(0, APIC_ICR_HIGH, 6U << 24);
	expect_page_write(1, APIC_ICR_LOW, 0x400);
}

/* The root is not stopped for it: the IPI is dropped and logged. */
static void test_root_ipi_to_a_cell_dropped(void **state)
{
	(void)state;
	assert_int_equal(guest_send(0, 4U << 24, FIXED_VECTOR), 0);
	assert_true(vmcs_rip == CODE_RIP + 2);
	assert_int_equal(page_writes, 0);
	assert_non_null(
		strstr(fake_console, "CPU 0: IPI 0x4000000000000fd dropped"));
}

static void test_init_sipi_emulated(void **state)
{
	(void)state;
	/* INIT assert, INIT de-assert, two SIPIs: Linux's wake-up of CPU 1 */
	assert_int_equal(guest_send(0, 2U << 24, 0x4500), 0);
	assert_int_equal(guest_send(0, 2U << 24, 0x0500), 0);
	assert_int_equal(guest_send(0, 2U << 24, 0x069a), 0);
	assert_int_equal(guest_send(0, 2U << 24, 0x069a), 0);
	assert_int_equal(num_signals, 3);
	assert_ptr_equal(signals[0].target, &cpus[1]);
	assert_int_equal(signals[0].vector, -1);
	assert_ptr_equal(signals[1].target, &cpus[1]);
	assert_int_equal(signals[1].vector, 0x9a);
	assert_ptr_equal(signals[2].target, &cpus[1]);
	assert_int_equal(signals[2].vector, 0x9a);
	/* never written to the ICR */
	assert_int_equal(page_writes, 0);
}

static void test_ldr_write(void **state)
{
	(void)state;
	/* CPU 1 takes logical ID 0x10 instead of 0x02 */
	assert_int_equal(guest_store(1, APIC_LDR, 0x10000000), 0);
	assert_int_equal(cpus[1].apic_ldr, 0x10000000);
	assert_int_equal(cpus[0].apic_ldr, 0x01000000);
	assert_int_equal(page_writes, 1);
	expect_page_write(0, APIC_LDR, 0x10000000);
	/* and the filter uses it: logical 0x10 is CPU 1, sent physically */
	assert_int_equal(guest_send(0, 0x10U << 24,
				    APIC_ICR_DEST_LOGICAL | FIXED_VECTOR),
			 0);
	assert_int_equal(page_writes, 3);
	expect_page_write(1, APIC_ICR_HIGH, 2U << 24);
	expect_page_write(2, APIC_ICR_LOW, FIXED_VECTOR);
}

/* The ICR is still busy with the previous IPI: wait, then write. */
static void test_icr_busy_waits(void **state)
{
	(void)state;
	page_set(APIC_ICR_LOW, APIC_ICR_SEND_PENDING | 0xef);
	busy_until = 3;
	assert_int_equal(guest_send(0, 2U << 24, FIXED_VECTOR), 0);
	assert_int_equal(relax_count, 3);
	assert_int_equal(page_writes, 2);
	expect_page_write(1, APIC_ICR_LOW, FIXED_VECTOR);
}

/* A root write from the same RIP is not fetched again, unless the bytes
 * there changed. */
static void test_decode_cache_revalidates(void **state)
{
	(void)state;
	assert_int_equal(guest_store(0, APIC_TPR, 0x10), 0);
	assert_int_equal(guest_store(0, APIC_TPR, 0x20), 0);
	assert_int_equal(code_fetches, 1);
	place_code(STORE_IMM32 "\x30\x00\x00\x00", 6);
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR), 0);
	assert_int_equal(code_fetches, 2);
	assert_true(vmcs_rip == CODE_RIP + 6);
	assert_int_equal(page_writes, 3);
	expect_page_write(0, APIC_TPR, 0x10);
	expect_page_write(1, APIC_TPR, 0x20);
	expect_page_write(2, APIC_TPR, 0x30);
	/* another cell's CPU does not use the cache */
	assert_int_equal(guest_store(2, APIC_TPR, 0x40), 0);
	assert_int_equal(guest_store(2, APIC_TPR, 0x50), 0);
	assert_int_equal(code_fetches, 4);
}

/* An instruction longer than 8 bytes: a change of its last byte (in the
 * second word the cache compares) is seen, a change past its end is not. */
static void test_decode_cache_long_instruction(void **state)
{
	(void)state;
	/* mov dword [abs 0xfee000b0], 0x30: c7 04 25 disp32 imm32 */
	place_code("\xc7\x04\x25\xb0\x00\xe0\xfe\x30\x00\x00\x00", 11);
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR), 0);
	assert_true(vmcs_rip == CODE_RIP + 11);
	vmcs_rip = CODE_RIP;
	guest_code[11] = 0xcc;
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR), 0);
	assert_int_equal(code_fetches, 1);
	vmcs_rip = CODE_RIP;
	guest_code[10] = 0x01;
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR), 0);
	assert_int_equal(code_fetches, 2);
	assert_int_equal(page_writes, 3);
	expect_page_write(1, APIC_TPR, 0x30);
	expect_page_write(2, APIC_TPR, 0x01000030);
}

/*
 * The root's tick writes, the EOI and the timer's initial count:
 * vmx/vmexit.c offers every EPT violation to vmx_root_apic_write() first,
 * which takes those two on a straight path, and hands what it leaves to
 * vmx_mmio_exit().  Every check of the general path must hold on the
 * straight one: each case below is refused or emulated exactly as any
 * other write, and the straight path takes only the cached 32-bit
 * register store to exactly one of the two registers.  Each case runs for
 * both registers.
 */
#define EPT_QUAL_FETCH_BIT 0x4UL
#define EPT_QUAL_TRANSLATED_BIT 0x100UL

static int straight; /* did vmx_root_apic_write() take the last exit? */

/* CPU `n`'s write at `offset` as vmx/vmexit.c handles the EPT violation */
static int ept_exit(unsigned int n, unsigned int offset, unsigned long qual)
{
	trap_page_writes();
	vmcs_gphys = BASE_ADDRESS + offset;
	vmcs_qual = qual;
	straight = vmx_root_apic_write(&cpus[n], &regs);
	if (straight)
		return 0;
	return vmx_mmio_exit(&cpus[n], &regs, vmcs_gphys, qual, vmcs_vectoring);
}

/* The root's store at `offset` from the start of the code. */
static int root_tick_exit(unsigned int offset, unsigned long qual)
{
	vmcs_rip = CODE_RIP;
	return ept_exit(0, offset, qual);
}

static void root_tick_cached(unsigned int offset)
{
	place_code(STORE_EAX, 2);
	/* the first: no entry yet, the general path decodes and caches */
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	regs.rax = 0x5a;
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_true(straight);
	assert_true(vmcs_rip == CODE_RIP + 2);
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_true(straight);
	/* fetched and decoded once */
	assert_int_equal(code_fetches, 1);
	assert_int_equal(page_writes, 3);
	expect_page_write(1, offset, 0x5a);
	expect_page_write(2, offset, 0x5a);
	/* another register of the root's: the general path, same entry */
	vmcs_rip = CODE_RIP;
	assert_int_equal(ept_exit(0, APIC_TPR, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	assert_int_equal(code_fetches, 1);
	expect_page_write(3, APIC_TPR, 0x5a);
}

/* A store from R9 (REX.R): the straight path reads the register the
 * entry names, by its slot, not RAX. */
static void test_root_tick_from_r9(void **state)
{
	(void)state;
	place_code("\x44\x89\x0f", 3); /* mov %r9d, (%rdi) */
	regs.rax = 0x11;
	regs.r9 = 0x5a;
	assert_int_equal(root_tick_exit(APIC_TIMER_ICR, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	regs.r9 = 0x77;
	assert_int_equal(root_tick_exit(APIC_TIMER_ICR, EPT_WRITE_QUAL), 0);
	assert_true(straight);
	assert_true(vmcs_rip == CODE_RIP + 3);
	expect_page_write(0, APIC_TIMER_ICR, 0x5a);
	expect_page_write(1, APIC_TIMER_ICR, 0x77);
}

static void test_root_eoi_cached(void **state)
{
	(void)state;
	root_tick_cached(APIC_EOI);
	assert_int_equal(eoi_writes, 3);
}

static void test_root_timer_cached(void **state)
{
	(void)state;
	root_tick_cached(APIC_TIMER_ICR);
	assert_int_equal(eoi_writes, 0);
}

/* Linux's tick: the EOI from one RIP, the timer's count from another,
 * in turn.  Each finds its own entry first (the hint per write), both
 * straight, each decoded once. */
static void test_root_tick_writes_alternate(void **state)
{
	const struct mmio_decode_cache *c = &cpus[0].mmio_decode;
	const unsigned int eoi_at = 0, timer_at = 0x20;
	unsigned int k;

	(void)state;
	place_code(STORE_EAX, 2);
	memcpy(guest_code + timer_at, STORE_EAX, 2);
	for (k = 0; k < 4; k++) {
		vmcs_rip = CODE_RIP + eoi_at;
		assert_int_equal(ept_exit(0, APIC_EOI, EPT_WRITE_QUAL), 0);
		assert_true(straight == (k > 0));
		vmcs_rip = CODE_RIP + timer_at;
		assert_int_equal(ept_exit(0, APIC_TIMER_ICR, EPT_WRITE_QUAL),
				 0);
		assert_true(straight == (k > 0));
	}
	assert_int_equal(code_fetches, 2);
	assert_int_equal(eoi_writes, 4);
	assert_true(c->entry[c->tick[0] / sizeof(c->entry[0])].rip ==
		    CODE_RIP + eoi_at);
	assert_true(c->entry[c->tick[1] / sizeof(c->entry[0])].rip ==
		    CODE_RIP + timer_at);
}

static void root_tick_refusals(unsigned int offset)
{
	place_code(STORE_EAX, 2);
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_int_equal(page_writes, 1);
	/* during an event's delivery: the delivery's access, not RIP's */
	vmcs_vectoring = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION | 14;
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL),
			 JAILHOUSE_FAULT_MEMORY);
	assert_false(straight);
	vmcs_vectoring = 0;
	/* a page walk of the guest's (linear address, not translated) */
	assert_int_equal(root_tick_exit(offset,
					EPT_WRITE_QUAL &
						~EPT_QUAL_TRANSLATED_BIT),
			 JAILHOUSE_FAULT_MEMORY);
	assert_false(straight);
	/* code fetched from the page */
	assert_int_equal(root_tick_exit(offset,
					EPT_WRITE_QUAL | EPT_QUAL_FETCH_BIT),
			 JAILHOUSE_FAULT_MEMORY);
	assert_false(straight);
	/* the bytes at RIP changed: a byte store now, which is refused */
	guest_code[0] = 0x88;
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	assert_false(straight);
	assert_int_equal(code_fetches, 2);
	/* a load of the register (the root's page is readable: a load
	 * that exits anyway is not emulated) */
	place_code(LOAD_EAX, 2);
	assert_int_equal(root_tick_exit(offset, EPT_READ_QUAL),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	assert_false(straight);
	assert_true(vmcs_rip == CODE_RIP);
	assert_int_equal(page_writes, 1);
}

static void test_root_eoi_refusals(void **state)
{
	(void)state;
	root_tick_refusals(APIC_EOI);
}

static void test_root_timer_refusals(void **state)
{
	(void)state;
	root_tick_refusals(APIC_TIMER_ICR);
}

/* What the straight path leaves to the general one is still emulated. */
static void root_tick_other_forms(unsigned int offset)
{
	/* 64-bit code's entry is not 32-bit code's: RIP is cut to 32 bits
	 * there, another linear address, fetched and decoded again */
	place_code(STORE_EAX, 2);
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	vmcs_cs_ar = 0xc09bUL; /* CS.D, not CS.L */
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	assert_true(vmcs_rip == CODE_RIP + 2);
	assert_int_equal(code_fetches, 2);
	vmcs_cs_ar = CS_AR_LONG;
	/* an immediate store, twice: cached, but not a register store */
	place_code(STORE_IMM32 "\x00\x00\x00\x00", 6);
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_int_equal(root_tick_exit(offset, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	assert_true(vmcs_rip == CODE_RIP + 6);
	assert_int_equal(code_fetches, 3);
	assert_int_equal(page_writes, 4);
	expect_page_write(3, offset, 0);
	/* a non-root cell's write: its own path, never the root's cache */
	place_code(STORE_EAX, 2);
	vmcs_rip = CODE_RIP;
	assert_int_equal(ept_exit(2, offset, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	vmcs_rip = CODE_RIP;
	assert_int_equal(ept_exit(2, offset, EPT_WRITE_QUAL), 0);
	assert_false(straight);
	assert_int_equal(code_fetches, 5);
}

static void test_root_eoi_other_forms(void **state)
{
	(void)state;
	root_tick_other_forms(APIC_EOI);
	/* the cell's two EOIs reach the hardware too */
	assert_int_equal(eoi_writes, 6);
}

static void test_root_timer_other_forms(void **state)
{
	(void)state;
	root_tick_other_forms(APIC_TIMER_ICR);
	assert_int_equal(eoi_writes, 0);
}

/* Only the two registers themselves: a cached register store to the
 * timer's other registers, or inside the initial count's dword but not at
 * its start, goes the general way (and is refused there if unaligned). */
static void test_root_tick_offsets_exact(void **state)
{
	static const unsigned int general[] = {
		APIC_LVT_TIMER,	       APIC_TIMER_DCR,	APIC_TIMER_ICR + 0x10,
		APIC_TIMER_ICR - 0x10, APIC_EOI + 0x10,
	};
	unsigned int n;

	(void)state;
	place_code(STORE_EAX, 2);
	assert_int_equal(root_tick_exit(APIC_TIMER_ICR, EPT_WRITE_QUAL), 0);
	for (n = 0; n < sizeof(general) / sizeof(general[0]); n++) {
		assert_int_equal(root_tick_exit(general[n], EPT_WRITE_QUAL), 0);
		assert_false(straight);
		expect_page_write(n + 1, general[n], 0);
	}
	assert_int_equal(root_tick_exit(APIC_TIMER_ICR + 2, EPT_WRITE_QUAL),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	assert_false(straight);
	assert_int_equal(code_fetches, 1);
}

static void test_unemulable_writes(void **state)
{
	(void)state;
	place_code(LOAD_EAX, 2);
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	place_code(STORE_AX, 3);
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	place_code(STORE_EAX, 2);
	assert_int_equal(xapic_write_exit(&cpus[0], &regs, APIC_TPR + 2),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	assert_true(vmcs_rip == CODE_RIP);
	assert_int_equal(page_writes, 0);
}

/* ---- a non-root cell's registers ---- */
/* The guest on CPU `n` does "mov eax, [rdi]" at `offset`: the value. */
static __u32 guest_load(unsigned int n, unsigned int offset)
{
	place_code(LOAD_EAX, 2);
	regs.rax = 0xdeadbeef;
	assert_int_equal(vmx_mmio_exit(&cpus[n], &regs, BASE_ADDRESS + offset,
				       EPT_READ_QUAL, vmcs_vectoring),
			 0);
	assert_true(vmcs_rip == CODE_RIP + 2);
	return (__u32)regs.rax;
}

/* attack-apic-id: a cell writing another CPU's ID gets it back on reads,
 * the hardware keeps the real one (kicks and the root's IPIs still find
 * the CPU). */
static void test_cell_apic_id_virtual(void **state)
{
	(void)state;
	page_set(APIC_ID, 4U << 24);
	assert_int_equal(guest_load(2, APIC_ID), 4U << 24);
	assert_int_equal(guest_store(2, APIC_ID, 0), 0);
	assert_int_equal(page_writes, 0);
	assert_int_equal(*reg(APIC_ID), 4U << 24);
	assert_int_equal(guest_load(2, APIC_ID), 0);
	/* the other CPU of the cell still has its own */
	assert_int_equal(guest_load(3, APIC_ID), 6U << 24);
}

/* attack-lint: LINT0 ExtINT and LINT1 NMI are read back as written and
 * never reach the hardware, where both stay masked. */
static void test_cell_lint_stays_masked(void **state)
{
	(void)state;
	page_set(APIC_LVT_LINT0, LVT_MASKED | 0x700);
	page_set(APIC_LVT_LINT1, LVT_MASKED | 0x400);
	assert_int_equal(guest_store(2, APIC_LVT_LINT0, 0x700), 0);
	assert_int_equal(guest_store(2, APIC_LVT_LINT1, 0x400), 0);
	assert_int_equal(page_writes, 0);
	assert_int_equal(guest_load(2, APIC_LVT_LINT0), 0x700);
	assert_int_equal(guest_load(2, APIC_LVT_LINT1), 0x400);
	assert_int_equal(*reg(APIC_LVT_LINT1), LVT_MASKED | 0x400);
	/* a perf LVT with NMI delivery: kept, the hardware gets it masked;
	 * with fixed delivery it reaches the hardware */
	assert_int_equal(guest_store(2, APIC_LVT_PERF, 0x400), 0);
	expect_page_write(0, APIC_LVT_PERF, LVT_MASKED);
	assert_int_equal(guest_load(2, APIC_LVT_PERF), 0x400);
	assert_int_equal(guest_store(2, APIC_LVT_PERF, 0xf3), 0);
	expect_page_write(1, APIC_LVT_PERF, 0xf3);
	/* reads of what is not virtualised come from the hardware */
	page_set(APIC_TIMER_ICR, 0x5555);
	assert_int_equal(guest_load(2, APIC_TIMER_ICR), 0x5555);
}

/* attack-apic-ldr: the cell gives its CPUs the root's logical IDs
 * (CPU 0: 0x01, CPU 1: 0x02) and sends logical IPIs: only its own CPUs
 * are addressed, physically; the hardware LDR and DFR are untouched. */
static void test_cell_ldr_feeds_own_filter_only(void **state)
{
	(void)state;
	page_set(APIC_LDR, 0x04000000);
	assert_int_equal(guest_store(2, APIC_DFR, 0xffffffff), 0);
	assert_int_equal(guest_store(2, APIC_LDR, 0x01000000), 0);
	assert_int_equal(guest_store(3, APIC_LDR, 0x02000000), 0);
	assert_int_equal(page_writes, 0);
	assert_int_equal(*reg(APIC_LDR), 0x04000000);
	assert_int_equal(guest_load(3, APIC_LDR), 0x02000000);
	/* logical 0x01 from CPU 3: CPU 2 (APIC ID 4), not root CPU 0 */
	assert_int_equal(guest_send(3, 0x01U << 24,
				    APIC_ICR_DEST_LOGICAL | FIXED_VECTOR),
			 0);
	assert_int_equal(page_writes, 2);
	expect_page_write(0, APIC_ICR_HIGH, 4U << 24);
	expect_page_write(1, APIC_ICR_LOW, FIXED_VECTOR);
	/* a logical NMI to 0x03: the cell's two CPUs, nothing else */
	assert_int_equal(guest_send(3, 0x03U << 24,
				    APIC_ICR_DEST_LOGICAL | 0x400),
			 0);
	assert_int_equal(page_writes, 6);
	expect_page_write(2, APIC_ICR_HIGH, 4U << 24);
	expect_page_write(4, APIC_ICR_HIGH, 6U << 24);
	/* the root's filter does not see the cell's choice */
	assert_int_equal(guest_send(0, 0x01U << 24,
				    APIC_ICR_DEST_LOGICAL | FIXED_VECTOR),
			 0);
	expect_page_write(6, APIC_ICR_HIGH, 0);
}

/* A root logical NMI to 0x0f: CPUs 2 and 3 are a cell's now and have no
 * root logical ID; CPU 1's NMI is sent, nothing is dropped. */
static void test_root_logical_nmi_reaches_root_cpus(void **state)
{
	(void)state;
	assert_int_equal(guest_send(0, 0x0fU << 24,
				    APIC_ICR_DEST_LOGICAL | 0x400),
			 0);
	assert_int_equal(page_writes, 4);
	expect_page_write(0, APIC_ICR_HIGH, 0);
	expect_page_write(2, APIC_ICR_HIGH, 2U << 24);
	assert_null(strstr(fake_console, "dropped"));
}

/* A cell's CPU in x2APIC mode: its xAPIC page is not emulated. */
static void test_cell_page_refused_in_x2apic(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	place_code(STORE_EAX, 2);
	assert_int_equal(xapic_write_exit(&cpus[2], &regs, APIC_TPR),
			 JAILHOUSE_FAULT_MMIO_DECODE);
	assert_int_equal(msr_writes, 0);
	assert_true(vmcs_rip == CODE_RIP);
}

/* The x2APIC LVTs the allow-list mediates for cells. */
static void test_cell_x2apic_lvts(void **state)
{
	__u32 v = 0x400;

	(void)state;
	/* not in x2APIC mode: #GP */
	assert_int_equal(apic_x2apic_register(&cpus[2], 0x836, 1, &v), -EPERM);
	apic_base = X2APIC_MODE;
	x2apic[APIC_LVT_LINT1 >> 4] = LVT_MASKED;
	assert_int_equal(apic_x2apic_register(&cpus[2], 0x836, 1, &v), 0);
	assert_int_equal(msr_writes, 0);
	assert_int_equal(x2apic[APIC_LVT_LINT1 >> 4], LVT_MASKED);
	v = 0;
	assert_int_equal(apic_x2apic_register(&cpus[2], 0x836, 0, &v), 0);
	assert_int_equal(v, 0x400);
	v = 0x200; /* perf LVT with SMI delivery */
	assert_int_equal(apic_x2apic_register(&cpus[2], 0x834, 1, &v), 0);
	assert_int_equal(x2apic[APIC_LVT_PERF >> 4], LVT_MASKED);
	v = 0xf4;
	assert_int_equal(apic_x2apic_register(&cpus[2], 0x834, 1, &v), 0);
	assert_int_equal(x2apic[APIC_LVT_PERF >> 4], 0xf4);
	/* the root is never mediated here */
	assert_int_equal(apic_x2apic_register(&cpus[0], 0x836, 1, &v), -EPERM);
}

/* A root CPU given to a cell and back: LINT0/LINT1 masked while away,
 * the root's SVR, DFR, LDR, LINT0, LINT1 written back on return (the way
 * back from x2APIC resets them); the cell's copies reset on entry. */
static void test_change_cell_restores_root(void **state)
{
	(void)state;
	page_set(APIC_SVR, 0x1ff);
	page_set(APIC_LDR, 0x02000000);
	page_set(APIC_LVT_LINT0, 0x700);
	page_set(APIC_LVT_LINT1, 0x400);
	cpus[1].apic_virtual.ldr = 0x80000000; /* a previous cell's */
	apic_change_cell(&cpus[1], &other_cell);
	assert_int_equal(*reg(APIC_LVT_LINT0), 0x700 | LVT_MASKED);
	assert_int_equal(*reg(APIC_LVT_LINT1), 0x400 | LVT_MASKED);
	/* no root logical destination names the CPU while it is away */
	assert_int_equal(*reg(APIC_LDR), 0);
	assert_int_equal(cpus[1].apic_virtual.ldr, 0);
	assert_int_equal(cpus[1].apic_virtual.lint1, LVT_MASKED);
	cpus[1].cell = &other_cell;
	/* what a reset through the disabled state leaves */
	page_set(APIC_SVR, 0xff);
	page_set(APIC_LDR, 0);
	page_set(APIC_DFR, 0xffffffff);
	apic_change_cell(&cpus[1], &root_cell);
	assert_int_equal(*reg(APIC_SVR), 0x1ff);
	assert_int_equal(*reg(APIC_LDR), 0x02000000);
	assert_int_equal(*reg(APIC_LVT_LINT0), 0x700);
	assert_int_equal(*reg(APIC_LVT_LINT1), 0x400);
	assert_int_equal(cpus[1].apic_ldr, 0x02000000);
}

/* A root in x2APIC mode: no access to the DFR (MSR 0x80e #GPs) nor a
 * write of the read-only LDR, either way. */
static void test_change_cell_x2apic_root(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	x2apic[APIC_LVT_LINT1 >> 4] = 0x400;
	x2apic[APIC_LDR >> 4] = 0x00010002;
	apic_change_cell(&cpus[1], &other_cell);
	assert_int_equal(x2apic[APIC_LVT_LINT1 >> 4], 0x400 | LVT_MASKED);
	assert_int_equal(x2apic[APIC_LDR >> 4], 0x00010002);
	cpus[1].cell = &other_cell;
	apic_change_cell(&cpus[1], &root_cell);
	assert_int_equal(x2apic[APIC_LVT_LINT1 >> 4], 0x400);
	assert_int_equal(cpus[1].apic_ldr, 0x00010002);
}

/* ---- apic_x2apic_icr_write() ---- */
static void test_x2apic_icr(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	assert_int_equal(apic_x2apic_icr_write(&cpus[0],
					       2ULL << 32 | FIXED_VECTOR),
			 0);
	assert_int_equal(msr_writes, 1);
	assert_int_equal(msr_log[0].msr, MSR_X2APIC_ICR);
	assert_true(msr_log[0].value == (2ULL << 32 | FIXED_VECTOR));
	/* out of the other cell: refused, nothing written */
	assert_int_equal(apic_x2apic_icr_write(&cpus[3],
					       2ULL << 32 | FIXED_VECTOR),
			 -EPERM);
	/* INIT and SIPI: emulated */
	assert_int_equal(apic_x2apic_icr_write(&cpus[3], 4ULL << 32 | 0x4500),
			 0);
	assert_int_equal(apic_x2apic_icr_write(&cpus[3], 4ULL << 32 | 0x0610),
			 0);
	assert_int_equal(msr_writes, 1);
	assert_int_equal(num_signals, 2);
	assert_ptr_equal(signals[0].target, &cpus[2]);
	assert_int_equal(signals[0].vector, -1);
	assert_ptr_equal(signals[1].target, &cpus[2]);
	assert_int_equal(signals[1].vector, 0x10);
	assert_int_equal(page_writes, 0);
}

/* ---- the root in x2APIC mode (only here: no emulator runs VMX with it) */
#define MSR_X2APIC_ID X2APIC_MSR(APIC_ID)

/* The x2APIC ID from MSR 0x802, all 32 bits (CPUID.1, the driver's
 * source, has bits 7:0: 0x34 here), and the read-only LDR from 0x80d,
 * never from the xAPIC page (not decoded in x2APIC mode). */
static void test_cpu_init_x2apic_id_from_msr(void **state)
{
	(void)state;
	system_config.platform.apic_mode = JAILHOUSE_APIC_MODE_X2APIC;
	apic_base = X2APIC_MODE;
	x2apic[MSR_X2APIC_ID - 0x800] = 0x1234;
	x2apic[APIC_LDR >> 4] = 0x01230010;
	page_set(APIC_LDR, 0x05000000);
	cpus[1].apic_id = 0x34;
	apic_cpu_init(&cpus[1]);
	assert_int_equal(cpus[1].apic_id, 0x1234);
	assert_int_equal(cpus[1].apic_ldr, 0x01230010);
	assert_int_equal(fail_err, 0);
	/* xAPIC: the ID register's bits 31:24 and the LDR of the page */
	system_config.platform.apic_mode = JAILHOUSE_APIC_MODE_XAPIC;
	apic_base = XAPIC_MODE;
	page_set(APIC_ID, 0x07000000);
	apic_cpu_init(&cpus[1]);
	assert_int_equal(cpus[1].apic_id, 7);
	assert_int_equal(cpus[1].apic_ldr, 0x05000000);
	assert_int_equal(fail_err, 0);
	assert_int_equal(msr_writes + page_writes, 0);
}

static void expect_enable_refused(const char *sentence)
{
	assert_int_equal(fail_err, -EINVAL);
	assert_non_null(strstr(fail_msg_text, sentence));
	fail_err = 0;
	fail_msg_text[0] = 0;
}

/* A CPU whose APIC is not as the config says, or cannot be addressed,
 * fails enable with a sentence. */
static void test_cpu_init_refusals(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	apic_cpu_init(&cpus[1]);
	expect_enable_refused("CPU 1: Linux runs its local APIC in x2APIC "
			      "mode, but the system config says xAPIC mode");
	system_config.platform.apic_mode = JAILHOUSE_APIC_MODE_X2APIC;
	apic_base = XAPIC_MODE;
	apic_cpu_init(&cpus[1]);
	expect_enable_refused("in xAPIC mode, but the system config says "
			      "x2APIC mode");
	apic_base = BASE_ADDRESS | BASE_BSP;
	apic_cpu_init(&cpus[0]);
	expect_enable_refused("CPU 0: its local APIC is disabled");
	system_config.platform.apic_mode = JAILHOUSE_APIC_MODE_XAPIC;
	apic_base = XAPIC_MODE;
	page_set(APIC_ID, 0xff000000);
	apic_cpu_init(&cpus[1]);
	expect_enable_refused("its xAPIC ID is 255, the broadcast");
}

/* Reserved bits of the x2APIC ICR (13, 17:16, 31:20) are #GP, as a WRMSR
 * on hardware; bit 12 (xAPIC's delivery status) is ignored. */
static void test_x2apic_icr_reserved_bits(void **state)
{
	static const __u32 reserved[] = { 1U << 13, 1U << 16, 1U << 17,
					  1U << 20, 1U << 31 };
	unsigned int n;

	(void)state;
	apic_base = X2APIC_MODE;
	for (n = 0; n < 5; n++)
		assert_int_equal(apic_x2apic_icr_write(&cpus[0],
						       2ULL << 32 |
							       FIXED_VECTOR |
							       reserved[n]),
				 -EINVAL);
	assert_int_equal(msr_writes, 0);
	assert_int_equal(apic_x2apic_icr_write(&cpus[0], 2ULL << 32 | 0x1000 |
								 FIXED_VECTOR),
			 0);
	assert_int_equal(msr_writes, 1);
	assert_true(msr_log[0].value == (2ULL << 32 | FIXED_VECTOR));
}

/* Root CPUs 0 and 1 (APIC IDs 0 and 2), the cell's 2 and 3 (4 and 6): all
 * in x2APIC cluster 0, logical bits 0, 2, 4, 6.  The root's logical NMI to
 * all four reaches its own two, physically; nothing is dropped. */
static void test_root_x2apic_logical_nmi_narrowed(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	assert_int_equal(apic_x2apic_icr_write(&cpus[0],
					       0x55ULL << 32 |
						       APIC_ICR_DEST_LOGICAL |
						       0x400),
			 0);
	assert_int_equal(msr_writes, 2);
	assert_true(msr_log[0].value == 0x400);
	assert_true(msr_log[1].value == (2ULL << 32 | 0x400));
	assert_null(strstr(fake_console, "dropped"));
	/* an INIT to the same: Linux's CPU 1 only, emulated */
	assert_int_equal(apic_x2apic_icr_write(&cpus[0],
					       0x54ULL << 32 |
						       APIC_ICR_DEST_LOGICAL |
						       0x4500),
			 0);
	assert_int_equal(num_signals, 1);
	assert_ptr_equal(signals[0].target, &cpus[1]);
	/* the cell's logical NMI naming root CPU 0 is still refused */
	assert_int_equal(apic_x2apic_icr_write(&cpus[2],
					       0x51ULL << 32 |
						       APIC_ICR_DEST_LOGICAL |
						       0x400),
			 -EPERM);
	assert_int_equal(msr_writes, 2);
}

/* 32-bit x2APIC IDs in the root's filter: cluster 0x10 (IDs 0x100-0x10f),
 * shorthands and the broadcast narrowed to the root's two CPUs. */
static void test_root_x2apic_ids_above_255(void **state)
{
	unsigned int n;

	(void)state;
	apic_base = X2APIC_MODE;
	for (n = 0; n < NUM_CPUS; n++)
		cpus[n].apic_id = 0x100 + 2 * n;
	assert_int_equal(apic_x2apic_icr_write(&cpus[0],
					       0x00100005ULL << 32 |
						       APIC_ICR_DEST_LOGICAL |
						       FIXED_VECTOR),
			 0);
	assert_true(msr_log[0].value == (0x100ULL << 32 | FIXED_VECTOR));
	assert_true(msr_log[1].value == (0x102ULL << 32 | FIXED_VECTOR));
	/* all excluding self; the broadcast */
	assert_int_equal(apic_x2apic_icr_write(&cpus[0], 0xc0000 | 0xf2), 0);
	assert_true(msr_log[2].value == (0x102ULL << 32 | 0xf2));
	assert_int_equal(apic_x2apic_icr_write(&cpus[1],
					       0xffffffffULL << 32 | 0xf3),
			 0);
	assert_int_equal(msr_writes, 5);
	assert_true(msr_log[3].value == (0x100ULL << 32 | 0xf3));
	assert_true(msr_log[4].value == (0x102ULL << 32 | 0xf3));
	/* physical: a root CPU sent, the cell's refused for the root */
	assert_int_equal(apic_x2apic_icr_write(&cpus[0], 0x104ULL << 32 | 0xf4),
			 0);
	assert_int_equal(msr_writes, 5);
	assert_non_null(strstr(fake_console, "IPI to a CPU outside the cell"));
	/* the kick of a CPU with a 32-bit ID */
	apic_send_nmi(0x106);
	assert_true(msr_log[5].value == (0x106ULL << 32 | 0x4400));
}

/* A root in x2APIC mode that writes its xAPIC page: the APIC decodes no
 * MMIO then, so nothing is sent nor written; the write is emulated as
 * having no effect. */
static void test_root_page_ignored_in_x2apic_mode(void **state)
{
	(void)state;
	system_config.platform.apic_mode = JAILHOUSE_APIC_MODE_X2APIC;
	memset(&root_cell.mmio, 0, sizeof(root_cell.mmio));
	assert_int_equal(apic_mmio_register(&root_cell), 0);
	apic_base = X2APIC_MODE;
	assert_int_equal(guest_store(0, APIC_ICR_HIGH, 2U << 24), 0);
	assert_int_equal(guest_store(0, APIC_ICR_LOW, FIXED_VECTOR), 0);
	assert_int_equal(guest_store(0, APIC_EOI, 0), 0);
	assert_true(vmcs_rip == CODE_RIP + 2);
	assert_int_equal(page_writes + msr_writes + num_signals, 0);
}

/* The hypervisor's own IPI from xAPIC mode to an ID it cannot name (a CPU
 * with x2APIC ID 0x104 would be reached as 0x04, another CPU): not sent. */
static void test_kick_from_xapic_names_8_bit_ids_only(void **state)
{
	(void)state;
	apic_send_nmi(0x104);
	assert_int_equal(page_writes, 0);
	assert_non_null(strstr(fake_console, "to APIC ID 260"));
	apic_send_nmi(6);
	assert_int_equal(page_writes, 2);
	expect_page_write(0, APIC_ICR_HIGH, 6U << 24);
}

/* The SDM's only way from the disabled state into x2APIC is through
 * xAPIC: a CPU a cell left disabled goes back to an x2APIC root so. */
static void test_restore_base_disabled_into_x2apic(void **state)
{
	(void)state;
	apic_base = BASE_ADDRESS | BASE_BSP;
	assert_int_equal(apic_restore_base(X2APIC_MODE), 0);
	assert_true(apic_base == X2APIC_MODE);
	assert_int_equal(base_faults, 0);
	assert_int_equal(base_writes, 2);
	assert_true(base_log[0] == XAPIC_MODE);
}

/* An x2APIC root's CPU back from a cell that left it in xAPIC mode:
 * x2APIC again (xAPIC -> x2APIC is direct), the root's SVR, LINT0 and
 * LINT1 written back, the LDR left to the hardware (read-only), no DFR. */
static void test_hand_back_xapic_cpu_to_x2apic_root(void **state)
{
	(void)state;
	apic_base = X2APIC_MODE;
	x2apic[APIC_SVR >> 4] = 0x1ff;
	x2apic[APIC_LVT_LINT0 >> 4] = 0x700;
	x2apic[APIC_LVT_LINT1 >> 4] = 0x400;
	x2apic[APIC_LDR >> 4] = 0x00000004;
	apic_change_cell(&cpus[1], &other_cell);
	cpus[1].cell = &other_cell;
	/* the cell's CPU in xAPIC mode, reset through the disabled state */
	apic_base = XAPIC_MODE;
	memset(x2apic, 0, sizeof(x2apic));
	x2apic[APIC_SVR >> 4] = 0xff;
	x2apic[APIC_LDR >> 4] = 0x00000004; /* derived on entering x2APIC */
	assert_int_equal(apic_restore_base(X2APIC_MODE), 0);
	assert_int_equal(base_writes, 1);
	msr_writes = 0;
	apic_change_cell(&cpus[1], &root_cell);
	assert_int_equal(x2apic[APIC_SVR >> 4], 0x1ff);
	assert_int_equal(x2apic[APIC_LVT_LINT0 >> 4], 0x700);
	assert_int_equal(x2apic[APIC_LVT_LINT1 >> 4], 0x400);
	assert_int_equal(cpus[1].apic_ldr, 0x00000004);
	assert_int_equal(page_writes, 0);
}

/* ---- IA32_APIC_BASE as cells read and write it ---- */
struct per_cpu *cell_boot_cpu(const struct cell *cell)
{
	for (unsigned int n = 0; n < NUM_CPUS; n++)
		if (cpus[n].cell == cell)
			return &cpus[n];
	return NULL;
}

int write_msr_checked(__u32 msr, __u64 value)
{
	unsigned int faults = base_faults;

	write_msr(msr, value);
	return base_faults != faults ? -EIO : 0;
}

/* The hardware's BSP flag is the machine's (CPU 0, the root's); a cell's
 * boot CPU reads it set and its other CPUs clear, as Linux 6.9 and later
 * need to count the cell's CPUs; the root reads the hardware. */
static void test_apic_base_bsp_is_the_cells_own(void **state)
{
	(void)state;
	apic_base = XAPIC_MODE & ~BASE_BSP; /* any CPU but the machine's BSP */
	assert_int_equal(apic_base_view(&cpus[2]), XAPIC_MODE);
	assert_int_equal(apic_base_view(&cpus[3]), XAPIC_MODE & ~BASE_BSP);
	assert_int_equal(apic_base_view(&cpus[1]), XAPIC_MODE & ~BASE_BSP);
	apic_base = XAPIC_MODE; /* had the hardware flag, a cell hides it */
	assert_int_equal(apic_base_view(&cpus[3]), XAPIC_MODE & ~BASE_BSP);
	assert_int_equal(apic_base_view(&cpus[0]), XAPIC_MODE);
	assert_int_equal(base_writes, 0);
}

/* Writing back what it read is no change; xAPIC -> x2APIC with the read
 * value reaches the hardware with the hardware's BSP flag; any other
 * value, a cell without the x2APIC permission, and the root are #GP. */
static void test_apic_base_writes(void **state)
{
	struct jailhouse_cell_desc config = { .name = "rt" };

	(void)state;
	other_cell.config = &config;
	apic_base = XAPIC_MODE & ~BASE_BSP;
	assert_int_equal(apic_base_write(&cpus[2], XAPIC_MODE), 0);
	assert_int_equal(apic_base_write(&cpus[2], X2APIC_MODE), -EPERM);
	assert_int_equal(apic_base_write(&cpus[1], XAPIC_MODE & ~BASE_BSP), 0);
	assert_int_equal(base_writes, 0);

	config.flags = JAILHOUSE_CELL_X2APIC_PERMITTED;
	/* the non-boot CPU may not claim the flag on the way */
	assert_int_equal(apic_base_write(&cpus[3], X2APIC_MODE), -EPERM);
	assert_int_equal(apic_base_write(&cpus[2], X2APIC_MODE), 0);
	assert_int_equal(base_writes, 1);
	assert_int_equal(base_log[0], X2APIC_MODE & ~BASE_BSP);
	assert_int_equal(apic_base_view(&cpus[2]), X2APIC_MODE);
	/* moving the page or leaving x2APIC: #GP */
	assert_int_equal(apic_base_write(&cpus[2], X2APIC_MODE + 0x1000),
			 -EPERM);
	assert_int_equal(apic_base_write(&cpus[2], XAPIC_MODE), -EPERM);
	/* the root keeps its mode */
	apic_base = XAPIC_MODE;
	assert_int_equal(apic_base_write(&cpus[0], X2APIC_MODE), -EPERM);
	assert_int_equal(base_writes, 1);
	other_cell.config = NULL;
}

/* A cell is told its CPUs' APIC IDs in 8 bits (the comm region): a cell
 * with a CPU whose x2APIC ID is larger is refused at create, by name. */
static void test_cell_with_ids_above_255_refused(void **state)
{
	extern const struct hv_unit apic_unit;
	static struct {
		struct jailhouse_cell_desc desc;
		__u8 cpus[8];
	} config = { .desc = { .name = "rt", .cpu_set_size = 8 },
		     .cpus = { 0x0c } };
	struct cell cell = { .config = &config.desc };

	(void)state;
	for (unsigned int n = 0; n < NUM_CPUS; n++)
		cpus[n].apic_id = 0xfe + n;
	assert_int_equal(apic_unit.cell_check(&cpus[0], &cell), -EINVAL);
	assert_string_equal(cpus[0].error_msg,
			    "cell \"rt\": CPU 2 has x2APIC ID 256, but a "
			    "cell's comm region names its CPUs by 8-bit APIC "
			    "IDs (up to 255)");
	config.cpus[0] = 0x03; /* IDs 0xfe and 0xff */
	assert_int_equal(apic_unit.cell_check(&cpus[0], &cell), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_restore_base_through_disabled),
		T(test_apic_base_bsp_is_the_cells_own),
		T(test_apic_base_writes),
		T(test_restore_base_bochs_stays_disabled),
		T(test_restore_base_equal_writes_nothing),
		T(test_restore_base_into_x2apic),
		T(test_clear_xapic),
		T(test_clear_eoi_bounded),
		T(test_clear_x2apic),
		T(test_clear_drains_irr),
		T(test_clear_no_window_when_idle),
		T(test_clear_windows_bounded),
		T(test_clear_drains_irr_x2apic),
		T(test_clear_cmci_only_with_mcg_cap),
		T(test_fixed_ipi_root_to_root),
		T(test_ipi_leaving_a_cell_refused),
		T(test_root_ipi_to_a_cell_dropped),
		T(test_init_sipi_emulated),
		T(test_ldr_write),
		T(test_icr_busy_waits),
		T(test_decode_cache_revalidates),
		T(test_decode_cache_long_instruction),
		T(test_root_tick_from_r9),
		T(test_root_eoi_cached),
		T(test_root_eoi_refusals),
		T(test_root_eoi_other_forms),
		T(test_root_timer_cached),
		T(test_root_tick_writes_alternate),
		T(test_root_timer_refusals),
		T(test_root_timer_other_forms),
		T(test_root_tick_offsets_exact),
		T(test_unemulable_writes),
		T(test_x2apic_icr),
		T(test_cell_apic_id_virtual),
		T(test_cell_lint_stays_masked),
		T(test_cell_ldr_feeds_own_filter_only),
		T(test_root_logical_nmi_reaches_root_cpus),
		T(test_cell_page_refused_in_x2apic),
		T(test_cell_x2apic_lvts),
		T(test_change_cell_restores_root),
		T(test_change_cell_x2apic_root),
		T(test_cpu_init_x2apic_id_from_msr),
		T(test_cpu_init_refusals),
		T(test_x2apic_icr_reserved_bits),
		T(test_root_x2apic_logical_nmi_narrowed),
		T(test_root_x2apic_ids_above_255),
		T(test_root_page_ignored_in_x2apic_mode),
		T(test_kick_from_xapic_names_8_bit_ids_only),
		T(test_restore_base_disabled_into_x2apic),
		T(test_hand_back_xapic_cpu_to_x2apic_root),
		T(test_cell_with_ids_above_255_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
