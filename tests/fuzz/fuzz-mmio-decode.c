// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the hypervisor's MMIO instruction decoder
 * (hypervisor-x86/arch/mmio-decode.c), which reads instruction bytes a cell
 * controls.  Byte 0 picks the CPU mode (3: an invalid one), the rest are
 * the fetched bytes.  Besides crashes and sanitizer reports, a decoding
 * that breaks what the emulation relies on is a failure: a length beyond
 * the bytes given or 15, an access size or register that does not exist,
 * a load that changes register bits the instruction does not name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <common/env.h>
#include "mmio-decode.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* A broken promise of the code under test: say which, then crash so that
 * libFuzzer keeps the input. */
static void broken(const char *promise)
{
	fprintf(stderr, "fuzz: broken promise: %s\n", promise);
	abort();
}

static int is_size(unsigned int bytes)
{
	return bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8;
}

static __u64 size_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : (1ULL << (8 * bytes)) - 1;
}

static void check_decoded(const struct mmio_instruction *insn,
			  unsigned int avail)
{
	__u64 reg = 0x0123456789abcdefULL, data = 0xfedcba9876543210ULL;
	__u64 kept, result;

	if (insn->length == 0 || insn->length > avail ||
	    insn->length > MMIO_INSTRUCTION_MAX)
		broken("length within the bytes given and 15");
	if (!is_size(insn->access_size))
		broken("access size 1, 2, 4 or 8");
	if (insn->has_immediate && !insn->is_write)
		broken("an immediate only in a store");
	if (mmio_store_value(insn, reg) & ~size_mask(insn->access_size))
		broken("a store writes no more than its access size");
	if (insn->has_immediate)
		return;
	if (insn->reg > 15 || !is_size(insn->reg_size) ||
	    insn->reg_size < insn->access_size)
		broken("a register 0-15 at least as wide as the access");
	if (insn->reg_high_byte && (insn->access_size != 1 || insn->reg > 3))
		broken("AH..BH only for byte accesses to registers 0-3");
	if (insn->is_write)
		return;
	result = mmio_load_result(insn, reg, data);
	/* bits a load leaves alone: above a 1- or 2-byte register, and all
	 * but 15:8 for AH..BH; a 4-byte write clears 63:32 (x86-64) */
	kept = insn->reg_high_byte ? ~0xff00ULL :
	       insn->reg_size < 4  ? ~size_mask(insn->reg_size) :
				     0;
	if ((result ^ reg) & kept)
		broken("a load changes only the bits its register operand names");
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct mmio_instruction insn;
	const char *reason = "not set";
	unsigned char *bytes;
	unsigned int avail;
	int err;

	if (size < 1)
		return 0;
	/* The hypervisor fetches at most 15 bytes; a longer input still must
	 * not make it read beyond 15.  An exactly sized copy lets ASan see
	 * any read past the bytes given. */
	avail = size - 1 > 32 ? 32 : size - 1;
	bytes = malloc(avail ? avail : 1);
	memcpy(bytes, data + 1, avail);
	err = mmio_decode(bytes, avail, (enum mmio_cpu_mode)(data[0] % 4),
			  &insn, &reason);
	if (err == 0 && reason == NULL)
		check_decoded(&insn, avail);
	else if (err != -EINVAL || reason == NULL || reason[0] == 0)
		broken("0 without a reason, or -EINVAL with one");
	free(bytes);
	return 0;
}
