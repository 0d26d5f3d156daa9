/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86 instruction decoder for MMIO emulation (arch/mmio-decode.c).
 *
 * An EPT violation on a trapped region tells the hypervisor the address but
 * not the value, the width or the register: those come from the faulting
 * instruction.  Only the `mov` forms compilers emit for device accesses are
 * accepted:
 *   88 /r  mov r/m8, r8          8A /r  mov r8, r/m8
 *   89 /r  mov r/m, r            8B /r  mov r, r/m
 *   C6 /0  mov r/m8, imm8        C7 /0  mov r/m, imm16/32 (sign-extended
 *                                       to 64 bits with REX.W)
 *   0F B6 /r  movzx r, r/m8      0F B7 /r  movzx r, r/m16
 *   A0-A3     mov between AL/eAX/rAX and an absolute address (moffs), which
 *             gcc emits for constant device addresses above 2 GiB
 * with prefixes 0x66 (operand size), REX (W/R/X/B, 64-bit mode only),
 * segment overrides and 0x67 (address size; affects only the length), and
 * any ModRM/SIB/displacement form including RIP-relative (only its length
 * matters: the address comes from the exit).  Everything else - register
 * operands, LOCK/REP, string and other opcodes - is refused with a reason.
 *
 * The forms Linux uses for xAPIC/IOAPIC/HPET accesses in 64-bit mode (no
 * prefix, 89/8B/C7, 32-bit, plain ModRM or SIB absolute disp32) take a fast
 * path of about 50 instructions (the general walk costs ~150), because in
 * Bochs every hypervisor instruction is guest time (issue 5 target: an
 * xAPIC access exit <= 300 ticks).  A unit test pins fast == general.
 */
#ifndef _JH_MMIO_DECODE_H
#define _JH_MMIO_DECODE_H

#include <jailhouse/types.h>

/* Longest x86 instruction. */
#define MMIO_INSTRUCTION_MAX 15

/* Code-segment mode of the CPU (default operand and address size). */
enum mmio_cpu_mode {
	MMIO_MODE_REAL16 = 0, /* real mode or 16-bit protected mode */
	MMIO_MODE_PROT32 = 1, /* 32-bit protected/compatibility mode */
	MMIO_MODE_LONG64 = 2, /* 64-bit mode (CS.L) */
};

struct mmio_instruction {
	unsigned int length;	  /* bytes: RIP advances by this */
	unsigned int access_size; /* bytes read/written: 1, 2, 4 or 8 */
	int is_write;		  /* 1: store to MMIO, 0: load */
	/* Stores: the value comes from `immediate` (1) or register `reg` (0). */
	int has_immediate;
	__u64 immediate; /* already sign-extended to access_size */
	/* Register operand, x86 numbering 0 (RAX) .. 15 (R15). */
	unsigned int reg;
	/* 8-bit operand AH/CH/DH/BH (no REX): bits 15:8 of register reg. */
	int reg_high_byte;
	/* Loads: bytes of the register written (1, 2, 4 or 8); a 4-byte write
	 * clears bits 63:32, as x86-64 does. */
	unsigned int reg_size;
	int zero_extend; /* movzx */
};

/*
 * Decodes `bytes` (up to `avail` of them, fetched from guest memory at RIP)
 * for a CPU in `mode`.  Returns 0 and fills *insn, or -EINVAL and points
 * *reason at a sentence fragment such as "opcode 0xa4 is not a mov"
 * (static text, for the fault report).
 */
int mmio_decode(const __u8 *bytes, unsigned int avail, enum mmio_cpu_mode mode,
		struct mmio_instruction *insn, const char **reason);

/* The bits an access of `bytes` (1, 2, 4 or 8) covers. */
static inline __u64 mmio_size_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
}

/* The value a store writes, taken from the register's current value.
 * Inline: every xAPIC write of the root computes it. */
static inline __u64 mmio_store_value(const struct mmio_instruction *insn,
				     __u64 reg_value)
{
	__u64 mask = mmio_size_mask(insn->access_size);

	if (insn->has_immediate)
		return insn->immediate & mask;
	if (insn->reg_high_byte)
		return (reg_value >> 8) & 0xff;
	return reg_value & mask;
}

/* The register's new value after a load returned `data` from MMIO. */
__u64 mmio_load_result(const struct mmio_instruction *insn, __u64 reg_value,
		       __u64 data);

#define MMIO_DECODE_CACHE 4

/* A decoded instruction of the root cell, by RIP (vmx/mmio-fetch.c). */
struct mmio_decode_entry {
	__u64 rip;
	/* where its bytes are (16 of them lie in one page), through the
	 * physical window: the pointer is taken once, when the entry is made */
	const void *bytes;
	/* its bytes, and which of the 16 are the instruction's: a hit compares
	 * two words instead of running a byte loop (the root's EOI writes) */
	__u64 code[2], mask[2];
	struct mmio_instruction insn; /* length 0: empty */
	/* a 32-bit store from a general register other than RSP: that
	 * register's slot in the saved guest registers (guest_gpr_slot());
	 * MMIO_NO_STORE32 for any other access.  Decided once, when the
	 * entry is made: the root's EOI exit takes only these (vmx/mmio.c),
	 * with one compare and the slot as it is */
	unsigned int store32_slot;
};

#define MMIO_NO_STORE32 16U /* past the 16 slots */

/* Per CPU: the last few decodings, and one that cannot be cached. */
struct mmio_decode_cache {
	struct mmio_decode_entry entry[MMIO_DECODE_CACHE];
	unsigned int next; /* the entry to replace */
	/* the entry hit or made last, compared first (a byte offset, as
	 * `tick`): Linux's EOI write is nearly every exit of this kind */
	unsigned int last;
	/* the entries the tick's two root writes (EOI, the timer's initial
	 * count: vmx_root_apic_write) hit last: they alternate, each from
	 * its own RIP, and `last` would always name the other one.  Byte
	 * offsets into entry[], not indexes: no multiplication on the
	 * straight path, and zero (a reset cache) is entry 0 */
	unsigned int tick[2];
	struct mmio_instruction uncached;
};

/* An 8-byte load at any byte address (x86 allows it). */
typedef __u64 __attribute__((aligned(1), may_alias)) mmio_loose_u64;

/* Is `e` the entry of `rip`, and are its bytes still the instruction's? */
static inline int mmio_decode_entry_valid(const struct mmio_decode_entry *e,
					  __u64 rip)
{
	const mmio_loose_u64 *now = e->bytes;

	/* word by word: one scratch register, none for the caller to save */
	return e->rip == rip && e->insn.length &&
	       !((now[0] ^ e->code[0]) & e->mask[0]) &&
	       !((now[1] ^ e->code[1]) & e->mask[1]);
}

/*
 * The valid entry of `cache` for `rip` (the check every hit makes), the
 * one the hint `*first` names compared first and the hint set to the one
 * found; NULL if none.  Hints are byte offsets into cache->entry (struct
 * mmio_decode_cache: no multiplication on the root's tick exits).
 * Inline: the root's tick writes (vmx/mmio.c) run it on every tick.
 */
static inline struct mmio_decode_entry *
mmio_decode_cached_from(struct mmio_decode_cache *cache, __u64 rip,
			unsigned int *first)
{
	struct mmio_decode_entry *e =
		(struct mmio_decode_entry *)((__u8 *)cache->entry + *first);
	unsigned int n;

	if (mmio_decode_entry_valid(e, rip))
		return e;
	for (n = 0; n < MMIO_DECODE_CACHE; n++) {
		e = &cache->entry[n];
		if (mmio_decode_entry_valid(e, rip)) {
			*first = n * sizeof(*e);
			return e;
		}
	}
	return 0; /* no NULL here: the header stands on its own */
}

/* The same, the entry used last compared first. */
static inline struct mmio_decode_entry *
mmio_decode_cached(struct mmio_decode_cache *cache, __u64 rip)
{
	return mmio_decode_cached_from(cache, rip, &cache->last);
}

#endif
