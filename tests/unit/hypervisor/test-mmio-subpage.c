// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated accesses to sub-page MMIO regions, through the one MMIO path:
 * the exit side (vmx/mmio.c), the cell's region table and dispatch
 * (mmio.c) and the sub-page handler (mmio-subpage.c) with the real region
 * check and decoder; the VMCS (fake/vmx.h), the instruction fetch
 * (vmx_mmio_fetch()), the guest registers and the per-CPU device window
 * are played by this file.  The "device" is one host page standing for
 * host-physical 0xfed00000.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "cell.h"
#include <common/cell-config.h>
#include "cell-resources.h"
#include <common/config-validate.h>
#include "mmio.h"
#include "mmio-decode.h"
#include "vmexit.h"
#include "vmx.h"

#define config bochs_sys_config
#include "../../../configs/x86/bochs-sys.c"
#undef config
#define config mmio_subpage_config
#include "../../../configs/x86/mmio-subpage.c"
#include "printk.h"
#undef config

#define DEVICE_PHYS 0xfed00000ULL
#define START_RIP 0xffffffff81000000ULL
#define RAX_BEFORE 0x1111111111111111ULL
#define EPT_READ 0x1UL
#define EPT_FETCH 0x4UL
#define EPT_LINEAR 0x80UL      /* guest linear address valid */
#define EPT_TRANSLATED 0x100UL /* access to it, not a page walk */

/*
 * Guest-physical addresses of the test cell's sub-page regions.  ANY_WIDTH
 * ends with the device page, which is followed by an inaccessible page:
 * an access at its end wider than decoded faults (SIGSEGV, a failure).
 */
#define ANY_WIDTH \
	0x80000ff0ULL /* 16 bytes RW, 8 to 64 bits, at
					 * host 0xfed00ff0 */
#define ANY_HOST (DEVICE_PHYS + 0xff0)
#define COUNTER 0xfed000f0ULL /* 8 bytes read-only, 32/64 bits */

/* How an access ends that is not emulated: no region there and refused by
 * one are both memory violations (the console tells them apart), an
 * instruction that cannot be emulated is its own fault. */
#define NO_REGION JAILHOUSE_FAULT_MEMORY
#define REFUSED JAILHOUSE_FAULT_MEMORY
#define NOT_EMULABLE JAILHOUSE_FAULT_MMIO_DECODE

static struct per_cpu cpu;
static struct cell cell;
/* vmx/mmio.c's root EOI path and its direct call of the xAPIC handler:
 * the test cell is not the root and has no xAPIC region */
struct cell root_cell;

struct mmio_result apic_xapic_access(struct per_cpu *c,
				     struct mmio_access *access, void *page)
{
	(void)c;
	(void)access;
	(void)page;
	fail_msg("the test cell has no xAPIC region");
	return mmio_unhandled();
}
static struct guest_regs regs;
static __u64 guest_rsp;

static struct {
	struct jailhouse_cell_desc desc;
	__u64 cpus[1];
	struct jailhouse_memory mem[3];
} JH_PACKED test_cell;

/* ---- the device and this CPU's window onto it ---- */
static __u8 *device;
static __u8 device_before[4096];
static unsigned int window_calls;
static __u64 window_phys;

void *mmio_window(const struct per_cpu *c, __u64 phys)
{
	assert_ptr_equal(c, &cpu);
	assert_true((phys & ~0xfffULL) == DEVICE_PHYS);
	window_calls++;
	window_phys = phys;
	return device + (phys & 0xfff);
}

/* ---- the VMCS ---- */
static unsigned long vmcs_rip, vmcs_qual, vmcs_vectoring;

unsigned long vmcs_read(unsigned long field)
{
	if (field == GUEST_RIP)
		return vmcs_rip;
	if (field == IDT_VECTORING_INFO)
		return vmcs_vectoring;
	if (field == EXIT_QUALIFICATION)
		return vmcs_qual;
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

/* ---- the instruction at RIP, decoded as vmx/mmio-fetch.c does it ---- */
static __u8 code[MMIO_INSTRUCTION_MAX];
static unsigned int code_len, decodes, decoded_offset;
static struct mmio_instruction decoded;

const struct mmio_instruction *vmx_mmio_fetch(struct per_cpu *c, __u64 rip,
					      unsigned int offset)
{
	const char *why;

	assert_ptr_equal(c, &cpu);
	assert_true(rip == vmcs_rip);
	decodes++;
	decoded_offset = offset;
	if (mmio_decode(code, code_len, MMIO_MODE_LONG64, &decoded, &why))
		return NULL;
	return &decoded;
}

/* ---- guest registers in x86 numbering (vmx/vmexit.c) ---- */
static __u64 *gpr(unsigned int n)
{
	__u64 *const table[16] = {
		&regs.rax,  &regs.rcx, &regs.rdx, &regs.rbx,
		&guest_rsp, &regs.rbp, &regs.rsi, &regs.rdi,
		&regs.r8,   &regs.r9,  &regs.r10, &regs.r11,
		&regs.r12,  &regs.r13, &regs.r14, &regs.r15,
	};

	assert_true(n < 16);
	return table[n];
}

unsigned long guest_slot_read(const struct guest_regs *r, unsigned int slot)
{
	assert_ptr_equal(r, &regs);
	return *gpr(15 - slot);
}

unsigned long guest_reg_read(struct guest_regs *r, unsigned int n)
{
	assert_ptr_equal(r, &regs);
	return *gpr(n);
}

void guest_reg_write(struct guest_regs *r, unsigned int n, unsigned long v)
{
	assert_ptr_equal(r, &regs);
	*gpr(n) = v;
}

static void fill_test_cell(void)
{
	memset(&test_cell, 0, sizeof(test_cell));
	test_cell.desc.cpu_set_size = sizeof(test_cell.cpus);
	test_cell.desc.num_memory_regions = 3;
	test_cell.cpus[0] = 0x2;
	test_cell.mem[0] = (struct jailhouse_memory){ 0x3a600000, 0, 0x100000,
						      JAILHOUSE_MEM_RWX };
	test_cell.mem[1] =
		(struct jailhouse_memory){ ANY_HOST, ANY_WIDTH, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_WIDTHS };
	test_cell.mem[2] = (struct jailhouse_memory){
		COUNTER, COUNTER, 8,
		JAILHOUSE_MEM_READ | JAILHOUSE_MEM_IO |
			JAILHOUSE_MEM_IO_UNALIGNED | JAILHOUSE_MEM_IO_32 |
			JAILHOUSE_MEM_IO_64
	};
}

static int teardown(void **state)
{
	(void)state;
	munmap(device, 2 * 4096);
	return 0;
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	fill_test_cell();
	cell.config = &test_cell.desc;
	cpu.cpu_id = 1;
	cpu.cell = &cell;
	memset(&regs, 0, sizeof(regs));
	regs.rax = RAX_BEFORE;
	device = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(device != MAP_FAILED);
	assert_int_equal(mprotect(device + 4096, 4096, PROT_NONE), 0);
	for (n = 0; n < 4096; n++)
		device[n] = 0x40 + n * 7;
	memcpy(device_before, device, 4096);
	window_calls = decodes = 0;
	vmcs_rip = START_RIP;
	vmcs_qual = EPT_READ | EPT_LINEAR | EPT_TRANSLATED;
	vmcs_vectoring = 0;
	fake_console[0] = 0;
	return 0;
}

/* The cell's xAPIC page is not this test's (test-apic.c has it). */
int apic_mmio_register(struct cell *c)
{
	(void)c;
	fail_msg("apic_mmio_register() from a sub-page test");
	return -1;
}

/* Runs the instruction `bytes` (length len) as if it touched `gphys`:
 * the EPT violation's fault kind, JAILHOUSE_FAULT_NONE when emulated. */
static int run(const char *bytes, unsigned int len, __u64 gphys)
{
	memset(code, 0x90, sizeof(code));
	memcpy(code, bytes, len);
	code_len = sizeof(code);
	vmcs_rip = START_RIP;
	/* the table of the cell's config as it is now */
	memset(&cell.mmio, 0, sizeof(cell.mmio));
	assert_int_equal(mmio_subpage_register(&cell), 0);
	return vmx_mmio_exit(&cpu, &regs, gphys, vmcs_qual, vmcs_vectoring);
}

/* `size` bytes of the device at page offset `offset`, little endian */
static __u64 device_le(unsigned int offset, unsigned int size)
{
	__u64 v = 0;

	memcpy(&v, device + offset, size);
	return v;
}

/* Page offset of byte `n` of ANY_WIDTH. */
#define ANY(n) (0xff0 + (n))

static void expect_emulated(unsigned int length, __u64 host_phys)
{
	assert_int_equal(vmcs_rip, START_RIP + length);
	assert_true(window_phys == host_phys);
	assert_string_equal(fake_console, "");
}

/* A refusal changes nothing but the console. */
static void expect_untouched(void)
{
	assert_int_equal(vmcs_rip, START_RIP);
	assert_true(regs.rax == RAX_BEFORE);
	assert_memory_equal(device, device_before, 4096);
}

static void expect_refused(const char *bytes, unsigned int len, __u64 gphys,
			   int err, const char *line)
{
	fake_console[0] = 0;
	assert_int_equal(run(bytes, len, gphys), err);
	expect_untouched();
	assert_string_equal(fake_console, line);
}

/* ---- loads ---- */
static void test_loads_of_every_width(void **state)
{
	(void)state;
	/* each at the end of the page: one byte more would be an overflow */
	/* mov al, [rdi]: the other 56 bits stay */
	assert_int_equal(run("\x8a\x07", 2, ANY_WIDTH + 0xf), 0);
	expect_emulated(2, ANY_HOST + 0xf);
	assert_true(regs.rax == ((RAX_BEFORE & ~0xffULL) | device[ANY(0xf)]));
	/* mov ax, [rdi]: the other 48 bits stay */
	regs.rax = RAX_BEFORE;
	assert_int_equal(run("\x66\x8b\x07", 3, ANY_WIDTH + 0xe), 0);
	expect_emulated(3, ANY_HOST + 0xe);
	assert_true(regs.rax ==
		    ((RAX_BEFORE & ~0xffffULL) | device_le(ANY(0xe), 2)));
	/* mov eax, [rdi]: bits 63:32 cleared, as a 32-bit load does */
	regs.rax = RAX_BEFORE;
	assert_int_equal(run("\x8b\x07", 2, ANY_WIDTH + 0xc), 0);
	expect_emulated(2, ANY_HOST + 0xc);
	assert_true(regs.rax == device_le(ANY(0xc), 4));
	/* mov rax, [rdi] */
	regs.rax = RAX_BEFORE;
	assert_int_equal(run("\x48\x8b\x07", 3, ANY_WIDTH + 8), 0);
	expect_emulated(3, ANY_HOST + 8);
	assert_true(regs.rax == device_le(ANY(8), 8));
	assert_int_equal(window_calls, 4);
	assert_memory_equal(device, device_before, 4096);
}

static void test_load_zero_extension(void **state)
{
	(void)state;
	/* movzx eax, byte [rdi]: all of RAX written */
	assert_int_equal(run("\x0f\xb6\x07", 3, ANY_WIDTH + 0xf), 0);
	expect_emulated(3, ANY_HOST + 0xf);
	assert_true(regs.rax == device[ANY(0xf)]);
	/* movzx rax, word [rdi] */
	regs.rax = RAX_BEFORE;
	assert_int_equal(run("\x48\x0f\xb7\x07", 4, ANY_WIDTH + 0xe), 0);
	expect_emulated(4, ANY_HOST + 0xe);
	assert_true(regs.rax == device_le(ANY(0xe), 2));
	/* movzx ecx, word [rdi]: RCX, nothing else */
	regs.rcx = ~0ULL;
	regs.rax = RAX_BEFORE;
	assert_int_equal(run("\x0f\xb7\x0f", 3, ANY_WIDTH + 6), 0);
	assert_true(regs.rcx == device_le(ANY(6), 2));
	assert_true(regs.rax == RAX_BEFORE);
}

static void test_loads_into_other_registers(void **state)
{
	(void)state;
	/* mov ah, [rdi]: bits 15:8 only */
	assert_int_equal(run("\x8a\x27", 2, ANY_WIDTH + 3), 0);
	assert_true(regs.rax ==
		    ((RAX_BEFORE & ~0xff00ULL) | ((__u64)device[ANY(3)] << 8)));
	/* mov r9, [rdi] (REX.WR) */
	regs.rax = RAX_BEFORE;
	assert_int_equal(run("\x4c\x8b\x0f", 3, ANY_WIDTH + 8), 0);
	assert_true(regs.r9 == device_le(ANY(8), 8));
	assert_true(regs.rax == RAX_BEFORE);
}

/* ---- stores ---- */
static void test_stores_of_every_width(void **state)
{
	static const struct {
		const char *bytes;
		unsigned int len, offset, size;
	} stores[] = {
		{ "\x88\x07", 2, 0xf, 1 },     /* mov [rdi], al */
		{ "\x66\x89\x07", 3, 0xc, 2 }, /* mov [rdi], ax */
		{ "\x89\x07", 2, 0x4, 4 },     /* mov [rdi], eax */
		{ "\x48\x89\x07", 3, 0x0, 8 }, /* mov [rdi], rax */
	};
	__u64 value = 0x8877665544332211ULL;
	unsigned int n;

	(void)state;
	regs.rax = value;
	for (n = 0; n < 4; n++) {
		assert_int_equal(run(stores[n].bytes, stores[n].len,
				     ANY_WIDTH + stores[n].offset),
				 0);
		expect_emulated(stores[n].len, ANY_HOST + stores[n].offset);
		/* exactly the access width written, the bytes around kept */
		memcpy(device_before + ANY(stores[n].offset), &value,
		       stores[n].size);
		assert_memory_equal(device, device_before, 4096);
	}
	assert_true(regs.rax == value);
}

static void test_immediate_stores(void **state)
{
	(void)state;
	/* mov dword [rdi], 0x12345678 */
	assert_int_equal(run("\xc7\x07\x78\x56\x34\x12", 6, ANY_WIDTH + 0xc),
			 0);
	expect_emulated(6, ANY_HOST + 0xc);
	memcpy(device_before + ANY(0xc), "\x78\x56\x34\x12", 4);
	assert_memory_equal(device, device_before, 4096);
	/* mov qword [rdi], -16: imm32 sign-extended to 64 bits */
	assert_int_equal(run("\x48\xc7\x07\xf0\xff\xff\xff", 7, ANY_WIDTH), 0);
	expect_emulated(7, ANY_HOST);
	assert_true(device_le(ANY(0), 8) == 0xfffffffffffffff0ULL);
	/* mov byte [rdi], 0xab and mov word [rdi], 0xabcd */
	assert_int_equal(run("\xc6\x07\xab", 3, ANY_WIDTH + 0xf), 0);
	assert_int_equal(device[ANY(0xf)], 0xab);
	assert_int_equal(run("\x66\xc7\x07\xcd\xab", 5, ANY_WIDTH + 8), 0);
	expect_emulated(5, ANY_HOST + 8);
	assert_int_equal(device[ANY(8)], 0xcd);
	assert_int_equal(device[ANY(9)], 0xab);
	assert_int_equal(device[ANY(0xa)], device_before[ANY(0xa)]);
	assert_int_equal(device[ANY(0xe)], device_before[ANY(0xe)]);
	/* the register operand is not involved */
	assert_true(regs.rax == RAX_BEFORE);
}

/* ---- refusals ---- */
static void test_refused_width(void **state)
{
	(void)state;
	/* mov ax, [rdi]: the counter allows 32 and 64 bits only */
	expect_refused("\x66\x8b\x07", 3, COUNTER, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the access width is not allowed in this region\n");
	/* mov al, [rdi] */
	expect_refused("\x8a\x07", 2, COUNTER + 4, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f4 refused: "
		       "the access width is not allowed in this region\n");
	/* mov eax, [rdi] misaligned in a region that has the width */
	expect_refused("\x8b\x07", 2, ANY_WIDTH + 2, REFUSED,
		       "CPU 1: sub-page MMIO access at 0x80000ff2 refused: "
		       "the access is not naturally aligned\n");
	assert_int_equal(window_calls, 0);
}

static void test_access_crossing_the_region_end(void **state)
{
	(void)state;
	/* mov rax, [rdi]: the last 4 bytes of the counter and 4 beyond */
	expect_refused("\x48\x8b\x07", 3, COUNTER + 4, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f4 refused: "
		       "the access crosses a boundary of the region\n");
	/* mov [rdi], rax: 8 bytes from 4 before the end */
	expect_refused("\x48\x89\x07", 3, ANY_WIDTH + 0xc, REFUSED,
		       "CPU 1: sub-page MMIO access at 0x80000ffc refused: "
		       "the access crosses a boundary of the region\n");
	/* mov eax, [rdi]: 4 bytes from 2 before the start */
	expect_refused("\x8b\x07", 2, COUNTER - 2, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000ee refused: "
		       "the access crosses a boundary of the region\n");
	assert_int_equal(window_calls, 0);
}

static void test_write_to_read_only_region(void **state)
{
	(void)state;
	regs.rax = RAX_BEFORE;
	expect_refused("\x89\x07", 2, COUNTER, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the region is read-only\n");
	expect_refused("\x48\xc7\x07\x00\x00\x00\x00", 7, COUNTER, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the region is read-only\n");
	assert_int_equal(window_calls, 0);
}

static void test_no_region(void **state)
{
	(void)state;
	/* a page without sub-page regions: not even decoded */
	expect_refused("\x8b\x07", 2, 0x3a000000, NO_REGION, "");
	expect_refused("\x8b\x07", 2, DEVICE_PHYS + 0x1000, NO_REGION, "");
	assert_int_equal(decodes, 0);
	/* the counter's page, but the HPET configuration register */
	expect_refused("\x8b\x07", 2, DEVICE_PHYS + 0x10, NO_REGION, "");
	assert_int_equal(decodes, 1);
	assert_int_equal(decoded_offset, 0x10);
	/* the host address of a translated region is no guest address */
	expect_refused("\x8b\x07", 2, ANY_HOST, NO_REGION, "");
	assert_int_equal(window_calls, 0);
}

static void test_undecodable_instruction(void **state)
{
	(void)state;
	/* movsd: string instructions are not emulated */
	expect_refused("\xa5", 1, COUNTER, NOT_EMULABLE,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the instruction cannot be emulated\n");
	/* mov eax, ecx: no memory operand */
	expect_refused("\x8b\xc1", 2, COUNTER, NOT_EMULABLE,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the instruction cannot be emulated\n");
	assert_int_equal(window_calls, 0);
}

static void test_only_data_accesses_are_emulated(void **state)
{
	(void)state;
	/* code fetched from the region: a plain memory violation */
	vmcs_qual = EPT_FETCH | EPT_LINEAR | EPT_TRANSLATED;
	expect_refused("\x8b\x07", 2, COUNTER, NO_REGION, "");
	assert_int_equal(decodes, 0);
	/* the guest's page walk read a table there */
	vmcs_qual = EPT_READ | EPT_LINEAR;
	expect_refused("\x8b\x07", 2, COUNTER, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the guest's page tables are in the region\n");
	/* bit 7 clear (no linear address reported): a data access */
	vmcs_qual = EPT_READ;
	fake_console[0] = 0;
	assert_int_equal(run("\x8b\x07", 2, COUNTER), 0);
	expect_emulated(2, COUNTER);
}

/* An EPT violation while an event was delivered (here: #PF, vector 14,
 * pushing its frame onto a stack in the region) is not the access of the
 * instruction at RIP, which must not be emulated. */
static void test_event_delivery_access_not_emulated(void **state)
{
	(void)state;
	vmcs_vectoring = INTR_INFO_VALID | INTR_TYPE_HW_EXCEPTION | 14;
	expect_refused(
		"\x8b\x07", 2, COUNTER, REFUSED,
		"CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		"the access was made by the delivery of an event, not by an instruction\n");
	assert_int_equal(decodes, 0);
	assert_int_equal(window_calls, 0);
}

static void test_rip_advances_by_the_instruction_length(void **state)
{
	(void)state;
	/* mov eax, [0xfed000f0] (SIB, absolute disp32): 7 bytes */
	assert_int_equal(run("\x8b\x04\x25\xf0\x00\xd0\xfe", 7, COUNTER), 0);
	expect_emulated(7, COUNTER);
	assert_true(regs.rax == (device_le(0xf0, 8) & 0xffffffffULL));
	/* mov rdx, [rbx+rcx*8+0x12345678] with a segment override: 9 bytes */
	assert_int_equal(run("\x65\x48\x8b\x94\xcb\x78\x56\x34\x12", 9,
			     COUNTER),
			 0);
	expect_emulated(9, COUNTER);
	assert_true(regs.rdx == device_le(0xf0, 8));
}

/* ---- the cell's MMIO table ---- */
static void test_pages_of_regions_trapped(void **state)
{
	const struct mmio_region *r;

	(void)state;
	assert_int_equal(mmio_subpage_register(&cell), 0);
	/* one page each, whole pages: the rest of a page is looked at too */
	assert_int_equal(cell.mmio.count, 2);
	r = mmio_region_lookup(&cell, ANY_WIDTH);
	assert_non_null(r);
	assert_true(r->start == (ANY_WIDTH & ~0xfffULL) && r->size == 0x1000);
	assert_string_equal(r->name, "sub-page MMIO");
	r = mmio_region_lookup(&cell, DEVICE_PHYS);
	assert_non_null(r);
	assert_true(r->start == DEVICE_PHYS && r->size == 0x1000);
	assert_null(mmio_region_lookup(&cell, 0x3a600000));
	/* a region across a page end, sharing its first page with the
	 * counter: one entry for both pages */
	memset(&cell.mmio, 0, sizeof(cell.mmio));
	test_cell.mem[1].virt_start = DEVICE_PHYS + 0xff8;
	assert_int_equal(mmio_subpage_register(&cell), 0);
	assert_int_equal(cell.mmio.count, 1);
	r = mmio_region_lookup(&cell, DEVICE_PHYS + 0x1004);
	assert_non_null(r);
	assert_true(r->start == DEVICE_PHYS && r->size == 0x2000);
	assert_null(mmio_region_lookup(&cell, DEVICE_PHYS + 0x2000));
}

/* ---- the rig's config: configs/x86/mmio-subpage.c on bochs-sys.c ---- */
static int count_piece(const struct root_piece *p, void *ctx)
{
	unsigned int *pieces = ctx;

	assert_int_equal(p->cell_region, 0); /* the RAM only */
	(*pieces)++;
	return 0;
}

static void test_rig_config_fits_and_keeps_hpet_with_root(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];
	unsigned int pieces = 0;

	(void)state;
	if (jh_config_validate(&mmio_subpage_config,
			       sizeof(mmio_subpage_config), msg, sizeof(msg)))
		fail_msg("mmio-subpage.c: %s", msg);
	if (cell_config_check(&bochs_sys_config.header,
			      &mmio_subpage_config.cell, NULL, 0, msg,
			      sizeof(msg)))
		fail_msg("mmio-subpage.c on bochs-sys.c: %s", msg);
	/* create takes the RAM from the root, not the HPET page */
	assert_int_equal(cell_resources_root_pieces(&bochs_sys_config.header,
						    &mmio_subpage_config.cell,
						    count_piece, &pieces),
			 0);
	assert_int_equal(pieces, 1);
}

static void test_rig_config_counter_reads(void **state)
{
	(void)state;
	cell.config = &mmio_subpage_config.cell;
	/* mov rax, [rdi]: the whole counter */
	assert_int_equal(run("\x48\x8b\x07", 3, COUNTER), 0);
	expect_emulated(3, COUNTER);
	assert_true(regs.rax == device_le(0xf0, 8));
	/* mov edx, [rdi]: its high half, zero-extended */
	regs.rdx = ~0ULL;
	assert_int_equal(run("\x8b\x17", 2, COUNTER + 4), 0);
	expect_emulated(2, COUNTER + 4);
	assert_true(regs.rdx == device_le(0xf0, 8) >> 32);
	/* the inmate's last read: 16 bits, refused */
	regs.rax = RAX_BEFORE;
	expect_refused("\x66\x8b\x07", 3, COUNTER, REFUSED,
		       "CPU 1: sub-page MMIO access at 0xfed000f0 refused: "
		       "the access width is not allowed in this region\n");
	/* the HPET configuration next to it stays out of reach */
	expect_refused("\xc7\x07\x00\x00\x00\x00", 6, DEVICE_PHYS + 0x10,
		       NO_REGION, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_loads_of_every_width,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_zero_extension, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_loads_into_other_registers,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_stores_of_every_width,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_immediate_stores, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refused_width, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_access_crossing_the_region_end,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_to_read_only_region,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_region, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_undecodable_instruction,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_data_accesses_are_emulated,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_event_delivery_access_not_emulated, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_rip_advances_by_the_instruction_length, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_pages_of_regions_trapped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_rig_config_fits_and_keeps_hpet_with_root, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_rig_config_counter_reads,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
