// SPDX-License-Identifier: GPL-2.0
/*
 * The instruction behind an MMIO exit, fetched from the guest at RIP and
 * decoded (arch/mmio-decode.c), once per exit, for every trapped region.
 *
 * The bytes are read at CS base + RIP through the guest's paging, in
 * every mode (guest-memory.c).
 *
 * Fast path: the root writes the xAPIC from a handful of places (EOI,
 * timer, ICR).  A small per-CPU cache remembers, per linear address of
 * the instruction, where it lies in host memory, its bytes and its
 * decoding; a hit only compares the bytes again instead of walking the
 * guest's page tables and decoding.  Root cell only: a stale entry could
 * at worst mis-emulate an access of the root's own, never reach another
 * cell's resources.
 */
#include "hv.h"
#include "cell.h"
#include "guest-memory.h"
#include <common/string.h>
#include "mmio.h"
#include "mmio-decode.h"
/* through the include path: host tests put their stand-in VMCS accessors
 * (tests/unit/hypervisor/fake/) first */
#include <vmx.h>

static enum mmio_cpu_mode guest_mode(void)
{
	unsigned long cs_ar =
		vmcs_read(GUEST_ES_AR_BYTES + 2 * JAILHOUSE_SEG_CS);

	if (cs_ar & (1UL << 13))
		return MMIO_MODE_LONG64;
	return (cs_ar & (1UL << 14)) ? MMIO_MODE_PROT32 : MMIO_MODE_REAL16;
}

/* The paging the guest's fetch went through: the real CR0/CR4 (not the
 * read shadows), and in PAE mode the PDPTE registers VM exit saved. */
static void guest_paging(struct guest_paging *p)
{
	__u64 cr4 = vmcs_read(GUEST_CR4);
	unsigned int n;

	p->mode = guest_paging_mode(vmcs_read(GUEST_CR0), cr4,
				    vmcs_read(GUEST_IA32_EFER));
	p->cr3 = vmcs_read(GUEST_CR3);
	p->pse = !!(cr4 & (1UL << 4));
	for (n = 0; n < 4; n++)
		p->pdpte[n] = p->mode == GUEST_PAGING_PAE ?
				      vmcs_read(GUEST_PDPTE0 + 2 * n) :
				      0;
}

/* The saved-register slot of the register a 32-bit register store (not
 * from RSP, which is in the VMCS) writes, else MMIO_NO_STORE32. */
static unsigned int store32_slot(const struct mmio_instruction *insn)
{
	if (!insn->is_write || insn->access_size != 4 || insn->has_immediate ||
	    insn->reg == 4 || insn->reg > 15)
		return MMIO_NO_STORE32;
	return guest_gpr_slot(insn->reg);
}

static void remember(struct mmio_decode_cache *cache,
		     struct mmio_decode_entry *e, __u64 rip, __u64 hphys,
		     const __u8 *code)
{
	memset(e->code, 0, sizeof(e->code));
	memcpy(e->code, code, e->insn.length);
	memset(e->mask, 0, sizeof(e->mask));
	memset(e->mask, 0xff, e->insn.length);
	e->rip = rip;
	e->bytes = phys_window(hphys);
	e->store32_slot = store32_slot(&e->insn);
	cache->last = (e - cache->entry) * sizeof(*e);
}

/* The walk and the decode: a cache miss, or a non-root cell's access.
 * Out of line: a hit needs none of its registers and stack. */
static const struct mmio_instruction *__attribute__((noinline))
fetch_and_decode(struct per_cpu *cpu, __u64 rip, enum mmio_cpu_mode mode,
		 unsigned int offset)
{
	struct mmio_decode_cache *cache = &cpu->mmio_decode;
	struct mmio_decode_entry *e = &cache->entry[cache->next];
	__u8 code[MMIO_INSTRUCTION_MAX];
	struct guest_paging paging;
	const char *why;
	__u64 hphys;
	int len;

	guest_paging(&paging);
	len = guest_read_code(cpu->cell, &paging, rip, code, sizeof(code));
	if (len <= 0 || mmio_decode(code, len, mode, &e->insn, &why)) {
		printk("CPU %u: MMIO access at offset 0x%x: %s\n", cpu->cpu_id,
		       offset, len <= 0 ? "instruction not readable" : why);
		e->insn.length = 0;
		return NULL;
	}
	hphys = guest_code_phys(cpu->cell, &paging, rip);
	/* cached only where the 16 bytes compared lie in one page */
	if (hphys == ~0UL || (hphys & 0xfff) + sizeof(e->code) > PAGE_SIZE) {
		cache->uncached = e->insn;
		e->insn.length = 0;
		return &cache->uncached;
	}
	remember(cache, e, rip, hphys, code);
	cache->next = (cache->next + 1) % MMIO_DECODE_CACHE;
	return &e->insn;
}

const struct mmio_instruction *vmx_mmio_fetch(struct per_cpu *cpu, __u64 rip,
					      unsigned int offset)
{
	enum mmio_cpu_mode mode = guest_mode();
	const struct mmio_decode_entry *hit;

	/* outside 64-bit mode, CS's base is part of the address */
	if (mode != MMIO_MODE_LONG64)
		rip = guest_code_linear(0,
					vmcs_read(GUEST_ES_BASE +
						  2 * JAILHOUSE_SEG_CS),
					rip);
	if (cpu->cell == &root_cell) {
		hit = mmio_decode_cached(&cpu->mmio_decode, rip);
		if (hit)
			return &hit->insn;
	}
	return fetch_and_decode(cpu, rip, mode, offset);
}
