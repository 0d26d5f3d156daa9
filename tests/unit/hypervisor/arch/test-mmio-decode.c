// SPDX-License-Identifier: GPL-2.0
/*
 * arch/mmio-decode.c: every accepted encoding (table below, as gcc and
 * hand-written inmate code emit them), a set of refused ones with their
 * reasons, and how loads and stores combine with the guest register.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <common/env.h>
#include "mmio-decode.h"

#define L64 MMIO_MODE_LONG64
#define P32 MMIO_MODE_PROT32
#define R16 MMIO_MODE_REAL16

struct accepted {
	const char *text; /* assembler form, for messages */
	enum mmio_cpu_mode mode;
	__u8 bytes[16];
	unsigned int length, size, write, reg, high, reg_size, zx, has_imm;
	__u64 imm;
};

#define RD(sz, r) .size = sz, .write = 0, .reg = r, .reg_size = sz
#define WR(sz, r) .size = sz, .write = 1, .reg = r, .reg_size = sz
#define IMM(sz, v) .size = sz, .write = 1, .has_imm = 1, .imm = v

/* One case per entry: the instruction, its bytes and what they decode
 * to, kept together. */
/* clang-format off */
static const struct accepted accepted[] = {
	/* 64-bit mode: 89/8B with every addressing form */
	{ "mov eax,[rdi]", L64, { 0x8b, 0x07 }, 2, RD(4, 0) },
	{ "mov [rax],edx", L64, { 0x89, 0x10 }, 2, WR(4, 2) },
	{ "mov rax,[rbx+8]", L64, { 0x48, 0x8b, 0x43, 0x08 }, 4, RD(8, 0) },
	{ "mov [rax+0x10],r8", L64, { 0x4c, 0x89, 0x40, 0x10 }, 4, WR(8, 8) },
	{ "mov r9d,[rip+disp32]", L64,
	  { 0x44, 0x8b, 0x0d, 0x12, 0x34, 0x56, 0x78 }, 7, RD(4, 9) },
	{ "mov eax,[0xfee000b0] (SIB, no base)", L64,
	  { 0x8b, 0x04, 0x25, 0xb0, 0x00, 0xe0, 0xfe }, 7, RD(4, 0) },
	{ "mov eax,[rsp+0x100]", L64,
	  { 0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00 }, 7, RD(4, 0) },
	{ "mov eax,[rsp+8]", L64, { 0x8b, 0x44, 0x24, 0x08 }, 4, RD(4, 0) },
	{ "mov eax,[r13+0]", L64, { 0x41, 0x8b, 0x45, 0x00 }, 4, RD(4, 0) },
	{ "mov [r12],eax", L64, { 0x41, 0x89, 0x04, 0x24 }, 4, WR(4, 0) },
	{ "mov [rcx*4+0],rdx", L64,
	  { 0x48, 0x89, 0x14, 0x8d, 0, 0, 0, 0 }, 8, WR(8, 2) },
	{ "mov [rax+rbx*8+0x12345678],r15d", L64,
	  { 0x44, 0x89, 0xbc, 0xd8, 0x78, 0x56, 0x34, 0x12 }, 8, WR(4, 15) },
	/* what Linux emits for xAPIC accesses at the fixmap address */
	{ "movl $0,0xffffffffff5fc0b0 (Linux EOI)", L64,
	  { 0xc7, 0x04, 0x25, 0xb0, 0xc0, 0x5f, 0xff, 0, 0, 0, 0 }, 11,
	  IMM(4, 0) },
	{ "mov 0xffffffffff5fc020,%eax", L64,
	  { 0x8b, 0x04, 0x25, 0x20, 0xc0, 0x5f, 0xff }, 7, RD(4, 0) },
	{ "mov %esi,0xffffffffff5fc380", L64,
	  { 0x89, 0x34, 0x25, 0x80, 0xc3, 0x5f, 0xff }, 7, WR(4, 6) },
	{ "movl $0x12345678,(%rax)", L64,
	  { 0xc7, 0x00, 0x78, 0x56, 0x34, 0x12 }, 6, IMM(4, 0x12345678) },
	{ "mov %edi,-0x10(%rbp)", L64, { 0x89, 0x7d, 0xf0 }, 3, WR(4, 7) },
	{ "mov %ebx,0x300(%rdx)", L64,
	  { 0x89, 0x9a, 0x00, 0x03, 0x00, 0x00 }, 6, WR(4, 3) },
	/* 0x66: 16-bit */
	{ "mov [rax],cx", L64, { 0x66, 0x89, 0x08 }, 3, WR(2, 1) },
	{ "mov dx,[rax+2]", L64, { 0x66, 0x8b, 0x50, 0x02 }, 4, RD(2, 2) },
	{ "mov r10w,[rax]", L64, { 0x66, 0x44, 0x8b, 0x10 }, 4, RD(2, 10) },
	/* 88/8A: bytes, high-byte registers without REX */
	{ "mov [rax],bl", L64, { 0x88, 0x18 }, 2, WR(1, 3) },
	{ "mov [rax],ah", L64, { 0x88, 0x20 }, 2, WR(1, 0), .high = 1 },
	{ "mov bh,[rax]", L64, { 0x8a, 0x38 }, 2, RD(1, 3), .high = 1 },
	{ "mov [rax],sil", L64, { 0x40, 0x88, 0x30 }, 3, WR(1, 6) },
	{ "mov cl,[rax+1]", L64, { 0x8a, 0x48, 0x01 }, 3, RD(1, 1) },
	{ "mov r15b,[rax]", L64, { 0x44, 0x8a, 0x38 }, 3, RD(1, 15) },
	/* C6/C7: immediates */
	{ "mov byte [rax],0xff", L64, { 0xc6, 0x00, 0xff }, 3, IMM(1, 0xff) },
	{ "mov dword [rax+4],0x12345678", L64,
	  { 0xc7, 0x40, 0x04, 0x78, 0x56, 0x34, 0x12 }, 7, IMM(4, 0x12345678) },
	{ "mov word [rax],0x1234", L64, { 0x66, 0xc7, 0x00, 0x34, 0x12 }, 5,
	  IMM(2, 0x1234) },
	{ "mov qword [rax],-1", L64,
	  { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff }, 7, IMM(8, ~0ULL) },
	{ "mov qword [rax],-0x80000000", L64,
	  { 0x48, 0xc7, 0x00, 0x00, 0x00, 0x00, 0x80 }, 7,
	  IMM(8, 0xffffffff80000000ULL) },
	{ "mov qword [rax],0x7fffffff", L64,
	  { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0x7f }, 7, IMM(8, 0x7fffffff) },
	{ "mov dword [rip+disp32],0 (xAPIC EOI)", L64,
	  { 0xc7, 0x05, 0x10, 0x20, 0x30, 0x40, 0, 0, 0, 0 }, 10, IMM(4, 0) },
	/* movzx */
	{ "movzx eax,byte [rdi]", L64, { 0x0f, 0xb6, 0x07 }, 3, .size = 1,
	  .reg = 0, .reg_size = 4, .zx = 1 },
	{ "movzx eax,word [rdi+2]", L64, { 0x0f, 0xb7, 0x47, 0x02 }, 4,
	  .size = 2, .reg = 0, .reg_size = 4, .zx = 1 },
	{ "movzx rcx,word [rdx]", L64, { 0x48, 0x0f, 0xb7, 0x0a }, 4,
	  .size = 2, .reg = 1, .reg_size = 8, .zx = 1 },
	{ "movzx ax,byte [rax]", L64, { 0x66, 0x0f, 0xb6, 0x00 }, 4,
	  .size = 1, .reg = 0, .reg_size = 2, .zx = 1 },
	{ "movzx r8d,byte [rax]", L64, { 0x44, 0x0f, 0xb6, 0x00 }, 4,
	  .size = 1, .reg = 8, .reg_size = 4, .zx = 1 },
	/* segment and address-size prefixes */
	{ "mov rax,gs:[0x10]", L64,
	  { 0x65, 0x48, 0x8b, 0x04, 0x25, 0x10, 0, 0, 0 }, 9, RD(8, 0) },
	{ "mov eax,[eax]", L64, { 0x67, 0x8b, 0x00 }, 3, RD(4, 0) },
	/* A0-A3 moffs: 8-byte address in 64-bit mode */
	{ "movabs eax,[0xfee000b0]", L64,
	  { 0xa1, 0xb0, 0x00, 0xe0, 0xfe, 0, 0, 0, 0 }, 9, RD(4, 0) },
	{ "movabs [addr],rax", L64,
	  { 0x48, 0xa3, 1, 2, 3, 4, 5, 6, 7, 8 }, 10, WR(8, 0) },
	{ "movabs [addr],al", L64, { 0xa2, 1, 2, 3, 4, 5, 6, 7, 8 }, 9,
	  WR(1, 0) },
	{ "mov eax,[addr32] (0x67)", L64, { 0x67, 0xa1, 1, 2, 3, 4 }, 6,
	  RD(4, 0) },
	/* 32-bit protected mode */
	{ "mov eax,[ebx]", P32, { 0x8b, 0x03 }, 2, RD(4, 0) },
	{ "mov [ebx],ax", P32, { 0x66, 0x89, 0x03 }, 3, WR(2, 0) },
	{ "mov eax,[0xfee000b0]", P32, { 0xa1, 0xb0, 0x00, 0xe0, 0xfe }, 5,
	  RD(4, 0) },
	{ "mov eax,[disp32] (absolute)", P32,
	  { 0x8b, 0x05, 0xb0, 0x00, 0xe0, 0xfe }, 6, RD(4, 0) },
	{ "mov dword [disp32],imm32", P32,
	  { 0xc7, 0x05, 1, 2, 3, 4, 0x78, 0x56, 0x34, 0x12 }, 10,
	  IMM(4, 0x12345678) },
	{ "movzx eax,byte [esi]", P32, { 0x0f, 0xb6, 0x06 }, 3, .size = 1,
	  .reg = 0, .reg_size = 4, .zx = 1 },
	/* real mode, 16-bit addressing */
	{ "mov ax,[bx]", R16, { 0x8b, 0x07 }, 2, RD(2, 0) },
	{ "mov eax,[bx]", R16, { 0x66, 0x8b, 0x07 }, 3, RD(4, 0) },
	{ "mov ax,[bp+2]", R16, { 0x8b, 0x46, 0x02 }, 3, RD(2, 0) },
	{ "mov si,[0x1234]", R16, { 0x8b, 0x36, 0x34, 0x12 }, 4, RD(2, 6) },
	{ "mov ax,[bx+0x1000]", R16, { 0x8b, 0x87, 0x00, 0x10 }, 4, RD(2, 0) },
	{ "mov eax,[disp32] (0x66 0x67)", R16,
	  { 0x66, 0x67, 0x8b, 0x05, 1, 2, 3, 4 }, 8, RD(4, 0) },
	{ "mov ax,[0x1234] (moffs16)", R16, { 0xa1, 0x34, 0x12 }, 3,
	  RD(2, 0) },
	{ "mov word [0x1234],0xabcd", R16,
	  { 0xc7, 0x06, 0x34, 0x12, 0xcd, 0xab }, 6, IMM(2, 0xabcd) },
	{ "mov [si],dl", R16, { 0x88, 0x14 }, 2, WR(1, 2) },
};
/* clang-format on */

static void test_every_accepted_encoding(void **state)
{
	const struct accepted *a;
	struct mmio_instruction insn;
	const char *reason;
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(accepted) / sizeof(accepted[0]); n++) {
		a = &accepted[n];
		if (mmio_decode(a->bytes, sizeof(a->bytes), a->mode, &insn,
				&reason))
			fail_msg("%s: refused: %s", a->text, reason);
		if (insn.length != a->length || insn.access_size != a->size ||
		    insn.is_write != (int)a->write ||
		    insn.has_immediate != (int)a->has_imm ||
		    insn.immediate != a->imm ||
		    insn.zero_extend != (int)a->zx ||
		    (!a->has_imm && (insn.reg != a->reg ||
				     insn.reg_high_byte != (int)a->high ||
				     insn.reg_size != a->reg_size)))
			fail_msg("%s: got length %u size %u write %d reg %u "
				 "high %d reg_size %u zx %d imm %d/0x%llx",
				 a->text, insn.length, insn.access_size,
				 insn.is_write, insn.reg, insn.reg_high_byte,
				 insn.reg_size, insn.zero_extend,
				 insn.has_immediate,
				 (unsigned long long)insn.immediate);
		/* exactly `length` bytes are enough */
		assert_int_equal(mmio_decode(a->bytes, a->length, a->mode,
					     &insn, &reason),
				 0);
	}
}

/*
 * The fast path for Linux's forms and the general decoder must agree: a
 * DS prefix (no effect on a mov) forces the general decoder.
 */
static void test_fast_path_agrees_with_general_decoder(void **state)
{
	struct mmio_instruction fast, general;
	const struct accepted *a;
	const char *reason;
	__u8 prefixed[17];
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(accepted) / sizeof(accepted[0]); n++) {
		a = &accepted[n];
		if (a->mode != L64 || a->length > 14)
			continue;
		prefixed[0] = 0x3e;
		memcpy(prefixed + 1, a->bytes, sizeof(a->bytes));
		assert_int_equal(mmio_decode(a->bytes, a->length, L64, &fast,
					     &reason),
				 0);
		assert_int_equal(mmio_decode(prefixed, a->length + 1, L64,
					     &general, &reason),
				 0);
		general.length--;
		if (memcmp(&fast, &general, sizeof(fast)))
			fail_msg("%s: fast and general decode differ", a->text);
	}
}

struct refused {
	const char *text;
	enum mmio_cpu_mode mode;
	__u8 bytes[16];
	unsigned int avail;
	const char *reason;
};

/* clang-format off */
static const struct refused refused[] = {
	{ "mov eax,ecx", L64, { 0x89, 0xc8 }, 2, "the operand is a register" },
	{ "lock mov", L64, { 0xf0, 0x89, 0x00 }, 3, "LOCK prefix" },
	{ "rep movsd", L64, { 0xf3, 0xa5 }, 2, "REP/REPNE prefixes" },
	{ "movsd", L64, { 0xa5 }, 1, "string moves (movs)" },
	{ "add eax,[rax]", L64, { 0x03, 0x00 }, 2, "not one of the mov forms" },
	{ "inc dword [rax]", L64, { 0xff, 0x00 }, 2, "not one of the mov forms" },
	{ "or [rax],eax", L64, { 0x09, 0x00 }, 2, "not one of the mov forms" },
	{ "xchg [rax],eax", L64, { 0x87, 0x00 }, 2, "not one of the mov forms" },
	{ "movsx eax,byte [rax]", L64, { 0x0f, 0xbe, 0x00 }, 3, "not movzx" },
	{ "movnti [rax],eax", L64, { 0x0f, 0xc3, 0x00 }, 3, "not movzx" },
	{ "C7 /1", L64, { 0xc7, 0x48, 0x00, 1, 2, 3, 4 }, 7, "reg field other than 0" },
	{ "REX in 32-bit mode is inc", P32, { 0x40, 0x8b, 0x00 }, 3, "not one of the mov forms" },
	{ "prefix after REX", L64, { 0x48, 0x66, 0x8b, 0x00 }, 4, "a prefix after REX" },
	{ "cut short: opcode only", L64, { 0x8b }, 1, "end before the instruction" },
	{ "cut short: SIB missing", L64, { 0x8b, 0x04 }, 2, "end before" },
	{ "cut short: immediate", L64, { 0xc7, 0x00, 1, 2 }, 4, "end before" },
	{ "nothing at all", L64, { 0 }, 0, "end before" },
	{ "longer than 15 bytes", L64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66, 0x66, 0x66, 0x8b, 0x00 }, 16, "longer than 15 bytes" },
	{ "disp32 past 15 bytes", L64,
	  { 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x2e, 0x8b,
	    0x80, 1, 2, 3, 4 }, 16, "longer than 15 bytes" },
};
/* clang-format on */

static void test_refused_encodings_say_why(void **state)
{
	const struct refused *r;
	struct mmio_instruction insn;
	const char *reason;
	unsigned int n;

	(void)state;
	for (n = 0; n < sizeof(refused) / sizeof(refused[0]); n++) {
		r = &refused[n];
		if (!mmio_decode(r->bytes, r->avail, r->mode, &insn, &reason))
			fail_msg("%s: accepted (length %u)", r->text,
				 insn.length);
		if (!reason || !strstr(reason, r->reason))
			fail_msg("%s: reason \"%s\", expected \"%s\"", r->text,
				 reason ? reason : "(none)", r->reason);
	}
	assert_int_equal(mmio_decode((const __u8 *)"\x8b\x00", 2,
				     (enum mmio_cpu_mode)7, &insn, &reason),
			 -EINVAL);
	assert_string_equal(reason, "unknown CPU mode");
}

static struct mmio_instruction decode(const char *bytes, unsigned int n,
				      enum mmio_cpu_mode mode)
{
	struct mmio_instruction insn;
	const char *reason;

	assert_int_equal(mmio_decode((const __u8 *)bytes, n, mode, &insn,
				     &reason),
			 0);
	return insn;
}

static void test_loads_merge_into_the_register(void **state)
{
	const __u64 old = 0x1122334455667788ULL;
	struct mmio_instruction insn;

	(void)state;
	insn = decode("\x8a\x48\x01", 3, L64); /* mov cl,[rax+1] */
	assert_int_equal(mmio_load_result(&insn, old, 0xabcd),
			 0x11223344556677cdULL);
	insn = decode("\x8a\x38", 2, L64); /* mov bh,[rax] */
	assert_int_equal(mmio_load_result(&insn, old, 0xab),
			 0x112233445566ab88ULL);
	insn = decode("\x66\x8b\x50\x02", 4, L64); /* mov dx,[rax+2] */
	assert_int_equal(mmio_load_result(&insn, old, 0x12345678),
			 0x1122334455665678ULL);
	insn = decode("\x8b\x07", 2, L64); /* mov eax,[rdi] */
	assert_int_equal(mmio_load_result(&insn, old, 0xfffffffffeedbeefULL),
			 0xfeedbeefULL);
	insn = decode("\x48\x8b\x43\x08", 4, L64); /* mov rax,[rbx+8] */
	assert_int_equal(mmio_load_result(&insn, old, 0xfeedfacecafebeefULL),
			 0xfeedfacecafebeefULL);
	insn = decode("\x0f\xb6\x07", 3, L64); /* movzx eax,byte [rdi] */
	assert_int_equal(mmio_load_result(&insn, old, 0x1ff), 0xff);
	insn = decode("\x66\x0f\xb6\x00", 4, L64); /* movzx ax,byte [rax] */
	assert_int_equal(mmio_load_result(&insn, old, 0x80),
			 0x1122334455660080ULL);
	insn = decode("\x8b\x07", 2, R16); /* mov ax,[bx] */
	assert_int_equal(mmio_load_result(&insn, old, 0xbeef),
			 0x112233445566beefULL);
}

static void test_stores_take_the_right_bits(void **state)
{
	const __u64 reg = 0x1122334455667788ULL;
	struct mmio_instruction insn;

	(void)state;
	insn = decode("\x88\x20", 2, L64); /* mov [rax],ah */
	assert_int_equal(mmio_store_value(&insn, reg), 0x77);
	insn = decode("\x88\x18", 2, L64); /* mov [rax],bl */
	assert_int_equal(mmio_store_value(&insn, reg), 0x88);
	insn = decode("\x66\x89\x08", 3, L64); /* mov [rax],cx */
	assert_int_equal(mmio_store_value(&insn, reg), 0x7788);
	insn = decode("\x89\x10", 2, L64); /* mov [rax],edx */
	assert_int_equal(mmio_store_value(&insn, reg), 0x55667788);
	insn = decode("\x4c\x89\x40\x10", 4, L64); /* mov [rax+0x10],r8 */
	assert_int_equal(mmio_store_value(&insn, reg), reg);
	insn = decode("\xc6\x00\xff", 3, L64); /* mov byte [rax],0xff */
	assert_int_equal(mmio_store_value(&insn, reg), 0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_accepted_encoding),
		cmocka_unit_test(test_fast_path_agrees_with_general_decoder),
		cmocka_unit_test(test_refused_encodings_say_why),
		cmocka_unit_test(test_loads_merge_into_the_register),
		cmocka_unit_test(test_stores_take_the_right_bits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
