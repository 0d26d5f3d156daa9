// SPDX-License-Identifier: GPL-2.0
/*
 * Decoder for the mov instructions that access trapped MMIO (see
 * mmio-decode.h for the accepted forms).  It reads only the bytes it was
 * given, never more than 15, and refuses rather than guesses: a wrong
 * decode would write a guest register the guest did not name.
 */
#include "mmio-decode.h"
#include <common/env.h>

#define REX_W 0x8
#define REX_R 0x4

struct decoder {
	const __u8 *bytes;
	unsigned int avail;
	unsigned int pos;
	enum mmio_cpu_mode mode;
	int operand_prefix; /* 0x66 */
	int address_prefix; /* 0x67 */
	__u8 rex;	    /* 0 when absent */
	const char *reason;
};

/* Claims the next n bytes of the instruction: one check per field, not per
 * byte, because this runs on every trapped xAPIC access. */
static int reserve(struct decoder *d, unsigned int n)
{
	if (d->pos + n > MMIO_INSTRUCTION_MAX) {
		d->reason = "the instruction is longer than 15 bytes";
		return -EINVAL;
	}
	if (d->pos + n > d->avail) {
		d->reason = "the instruction bytes end before the instruction";
		return -EINVAL;
	}
	d->pos += n;
	return 0;
}

static int take(struct decoder *d, __u8 *byte)
{
	if (reserve(d, 1))
		return -EINVAL;
	*byte = d->bytes[d->pos - 1];
	return 0;
}

static int skip(struct decoder *d, unsigned int n)
{
	return reserve(d, n);
}

/* Little-endian immediate of n bytes. */
static int take_value(struct decoder *d, unsigned int n, __u64 *value)
{
	unsigned int i;

	if (reserve(d, n))
		return -EINVAL;
	*value = 0;
	for (i = 0; i < n; i++)
		*value |= (__u64)d->bytes[d->pos - n + i] << (8 * i);
	return 0;
}

static int refuse(struct decoder *d, const char *reason)
{
	d->reason = reason;
	return -EINVAL;
}

/* 0x26 0x2e 0x36 0x3e 0x64 0x65 0x66 0x67 0xf0 0xf2 0xf3 */
static const __u32 prefix_bytes[8] = {
	[1] = 1U << (0x26 - 32) | 1U << (0x2e - 32) | 1U << (0x36 - 32) |
	      1U << (0x3e - 32),
	[3] = 1U << (0x64 - 96) | 1U << (0x65 - 96) | 1U << (0x66 - 96) |
	      1U << (0x67 - 96),
	[7] = 1U << (0xf0 - 224) | 1U << (0xf2 - 224) | 1U << (0xf3 - 224),
};

static int is_prefix(__u8 byte)
{
	return (prefix_bytes[byte / 32] >> (byte % 32)) & 1;
}

static int read_prefix(struct decoder *d, __u8 byte)
{
	switch (byte) {
	case 0x66:
		d->operand_prefix = 1;
		return 0;
	case 0x67:
		d->address_prefix = 1;
		return 0;
	case 0xf0:
		return refuse(d, "a LOCK prefix is not emulated on MMIO");
	case 0xf2:
	case 0xf3:
		return refuse(d, "REP/REPNE prefixes are not emulated on MMIO");
	}
	return 0; /* segment: the exit gives the address */
}

static int read_prefixes(struct decoder *d, __u8 *opcode)
{
	if (take(d, opcode))
		return -EINVAL;
	while (is_prefix(*opcode))
		if (read_prefix(d, *opcode) || take(d, opcode))
			return -EINVAL;
	/* REX exists only in 64-bit mode and must come last. */
	if (d->mode == MMIO_MODE_LONG64 && (*opcode & 0xf0) == 0x40) {
		d->rex = *opcode;
		if (take(d, opcode))
			return -EINVAL;
		if (is_prefix(*opcode) || (*opcode & 0xf0) == 0x40)
			return refuse(d, "a prefix after REX is not emulated");
	}
	return 0;
}

static unsigned int operand_size(const struct decoder *d)
{
	if (d->rex & REX_W)
		return 8;
	if (d->mode == MMIO_MODE_REAL16)
		return d->operand_prefix ? 4 : 2;
	return d->operand_prefix ? 2 : 4;
}

static unsigned int address_size(const struct decoder *d)
{
	switch (d->mode) {
	case MMIO_MODE_LONG64:
		return d->address_prefix ? 4 : 8;
	case MMIO_MODE_PROT32:
		return d->address_prefix ? 2 : 4;
	default:
		return d->address_prefix ? 4 : 2;
	}
}

/* Skips SIB and displacement; only the length matters. */
static int skip_address(struct decoder *d, __u8 modrm)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	__u8 sib;

	if (mod == 3)
		return refuse(d, "the operand is a register, not memory");
	if (address_size(d) == 2) {
		if (mod == 0 && rm == 6)
			return skip(d, 2);
		return skip(d, mod == 1 ? 1 : mod == 2 ? 2 : 0);
	}
	if (rm == 4) {
		if (take(d, &sib))
			return -EINVAL;
		if (mod == 0 && (sib & 7) == 5)
			return skip(d, 4);
	}
	if (mod == 0 && rm == 5)
		return skip(d, 4); /* disp32, RIP-relative in 64-bit mode */
	return skip(d, mod == 1 ? 1 : mod == 2 ? 4 : 0);
}

static void set_register(const struct decoder *d, struct mmio_instruction *insn,
			 __u8 modrm, unsigned int size)
{
	insn->reg = ((modrm >> 3) & 7) | (d->rex & REX_R ? 8 : 0);
	/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
	if (size == 1 && !d->rex && insn->reg >= 4) {
		insn->reg -= 4;
		insn->reg_high_byte = 1;
	}
}

/* 88/89/8A/8B: mov between a register and memory. */
static int decode_mov_register(struct decoder *d, __u8 opcode,
			       struct mmio_instruction *insn)
{
	unsigned int size = opcode & 1 ? operand_size(d) : 1;
	__u8 modrm;

	if (take(d, &modrm) || skip_address(d, modrm))
		return -EINVAL;
	insn->access_size = size;
	insn->is_write = opcode <= 0x89;
	insn->reg_size = size;
	set_register(d, insn, modrm, size);
	return 0;
}

static __u64 sign_extend(__u64 value, unsigned int from_bytes)
{
	__u64 sign = 1ULL << (8 * from_bytes - 1);

	return (value ^ sign) - sign;
}

/* C6/C7 /0: mov of an immediate to memory. */
static int decode_mov_immediate(struct decoder *d, __u8 opcode,
				struct mmio_instruction *insn)
{
	unsigned int size = opcode & 1 ? operand_size(d) : 1;
	unsigned int imm_size = size == 8 ? 4 : size;
	__u8 modrm;

	if (take(d, &modrm))
		return -EINVAL;
	if ((modrm >> 3) & 7)
		return refuse(d, "opcode C6/C7 with a ModRM reg field other "
				 "than 0 is not a mov");
	if (skip_address(d, modrm) || take_value(d, imm_size, &insn->immediate))
		return -EINVAL;
	if (size == 8)
		insn->immediate = sign_extend(insn->immediate, 4);
	insn->access_size = size;
	insn->is_write = 1;
	insn->has_immediate = 1;
	return 0;
}

/* 0F B6 / 0F B7: movzx register, memory. */
static int decode_movzx(struct decoder *d, struct mmio_instruction *insn)
{
	__u8 opcode, modrm;

	if (take(d, &opcode))
		return -EINVAL;
	if (opcode != 0xb6 && opcode != 0xb7)
		return refuse(d, "the two-byte opcode is not movzx (0F B6/B7)");
	if (take(d, &modrm) || skip_address(d, modrm))
		return -EINVAL;
	insn->access_size = opcode == 0xb6 ? 1 : 2;
	insn->reg_size = operand_size(d);
	insn->zero_extend = 1;
	set_register(d, insn, modrm, insn->reg_size);
	return 0;
}

/* A0-A3: mov between the accumulator and an absolute address. */
static int decode_mov_offset(struct decoder *d, __u8 opcode,
			     struct mmio_instruction *insn)
{
	unsigned int size = opcode & 1 ? operand_size(d) : 1;

	if (skip(d, address_size(d)))
		return -EINVAL;
	insn->access_size = size;
	insn->is_write = opcode >= 0xa2;
	insn->reg = 0;
	insn->reg_size = size;
	return 0;
}

static int decode_opcode(struct decoder *d, __u8 opcode,
			 struct mmio_instruction *insn)
{
	switch (opcode) {
	case 0x88:
	case 0x89:
	case 0x8a:
	case 0x8b:
		return decode_mov_register(d, opcode, insn);
	case 0xc6:
	case 0xc7:
		return decode_mov_immediate(d, opcode, insn);
	case 0x0f:
		return decode_movzx(d, insn);
	case 0xa0:
	case 0xa1:
	case 0xa2:
	case 0xa3:
		return decode_mov_offset(d, opcode, insn);
	case 0xa4:
	case 0xa5:
		return refuse(d,
			      "string moves (movs) are not emulated on MMIO");
	}
	return refuse(d, "the opcode is not one of the mov forms emulated on "
			 "MMIO (88/89/8A/8B/C6/C7/A0-A3, movzx 0F B6/B7)");
}

/*
 * The forms Linux uses for every xAPIC/IOAPIC/HPET access in 64-bit mode -
 * no prefix, 32-bit mov to/from a register or of an immediate, memory
 * operand without SIB or with the SIB "absolute disp32" form (the xAPIC
 * page sits at a sign-extended fixmap address) - decoded in a few dozen
 * instructions instead of the general walk.  Returns 1 if it decoded the
 * instruction, 0 if the general decoder must look at it.
 */
static int decode_fast(const __u8 *bytes, unsigned int avail,
		       struct mmio_instruction *insn)
{
	unsigned int opcode, modrm, mod, rm, length;

	if (avail < 2)
		return 0;
	opcode = bytes[0];
	modrm = bytes[1];
	mod = modrm >> 6;
	rm = modrm & 7;
	if ((opcode != 0x89 && opcode != 0x8b && opcode != 0xc7) || mod == 3 ||
	    (opcode == 0xc7 && (modrm & 0x38)))
		return 0;
	if (rm == 4) {
		/* only SIB 0x25: no index, no base, disp32 */
		if (mod != 0 || avail < 3 || bytes[2] != 0x25)
			return 0;
		length = 7;
	} else {
		length = 2 + (mod == 1				? 1 :
			      mod == 2 || (mod == 0 && rm == 5) ? 4 :
								  0);
	}
	if (opcode == 0xc7)
		length += 4;
	if (length > avail)
		return 0;
	insn->length = length;
	insn->access_size = 4;
	insn->is_write = opcode != 0x8b;
	if (opcode != 0xc7) {
		insn->reg = (modrm >> 3) & 7;
		insn->reg_size = 4;
	} else {
		insn->has_immediate = 1;
		insn->immediate = bytes[length - 4] | bytes[length - 3] << 8 |
				  bytes[length - 2] << 16 |
				  (__u32)bytes[length - 1] << 24;
	}
	return 1;
}

/* Kept out of line so that the fast path needs no stack frame. */
static __attribute__((noinline)) int
decode_general(const __u8 *bytes, unsigned int avail, enum mmio_cpu_mode mode,
	       struct mmio_instruction *insn, const char **reason)
{
	struct decoder d = { .bytes = bytes, .avail = avail, .mode = mode };
	__u8 opcode;

	if (read_prefixes(&d, &opcode) || decode_opcode(&d, opcode, insn)) {
		*reason = d.reason;
		return -EINVAL;
	}
	insn->length = d.pos;
	*reason = 0;
	return 0;
}

int mmio_decode(const __u8 *bytes, unsigned int avail, enum mmio_cpu_mode mode,
		struct mmio_instruction *insn, const char **reason)
{
	*insn = (struct mmio_instruction){ 0 };
	*reason = 0;
	if (mode == MMIO_MODE_LONG64 && decode_fast(bytes, avail, insn))
		return 0;
	if (mode > MMIO_MODE_LONG64) {
		*reason = "unknown CPU mode";
		return -EINVAL;
	}
	return decode_general(bytes, avail, mode, insn, reason);
}

__u64 mmio_load_result(const struct mmio_instruction *insn, __u64 reg_value,
		       __u64 data)
{
	data &= mmio_size_mask(insn->access_size);
	if (insn->reg_high_byte)
		return (reg_value & ~0xff00ULL) | (data << 8);
	/* A 32-bit register write clears bits 63:32 (x86-64 rule). */
	if (insn->reg_size >= 4)
		return data;
	return (reg_value & ~mmio_size_mask(insn->reg_size)) | data;
}
