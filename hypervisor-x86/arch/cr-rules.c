// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of MOV to CR0/CR4 (see cr-rules.h).  Pure: the caller reads
 * the guest's state and applies the effect.
 */
#include <common/env.h>
#include "cr-rules.h"

#define PDPTE_PRESENT 1ULL
#define PDPTE_RESERVED_LOW 0x1e6ULL /* bits 2:1 and 8:5 */

/* IA-32e mode active and CS.L: 64-bit mode */
static int in_64bit_mode(const struct cr_state *s)
{
	return (s->efer & EFER_LMA_BIT) && s->cs_l;
}

static int pae_paging(__u64 cr0, __u64 cr4, __u64 efer)
{
	return (cr0 & CR0_PG) && (cr4 & CR4_PAE) && !(efer & EFER_LME_BIT);
}

int cr0_write_check(const struct cr_state *s, __u64 value,
		    struct cr_effect *effect)
{
	__u64 changed = s->cr0 ^ value;
	int paging_on = (value & CR0_PG) && !(s->cr0 & CR0_PG);
	int paging_off = !(value & CR0_PG) && (s->cr0 & CR0_PG);

	*effect = (struct cr_effect){ 0, 0, 0 };
	if (value >> 32)
		return -EINVAL;
	if ((value & CR0_NW) && !(value & CR0_CD))
		return -EINVAL;
	if ((value & CR0_PG) && !(value & CR0_PE))
		return -EINVAL;
	/* CET needs write protection (SDM 2.5, CR4.CET) */
	if (!(value & CR0_WP) && (s->cr4 & CR4_CET))
		return -EINVAL;
	if (paging_off && (in_64bit_mode(s) || (s->cr4 & CR4_PCIDE)))
		return -EINVAL;
	if (paging_on && (s->efer & EFER_LME_BIT)) {
		/* activating IA-32e mode */
		if (!(s->cr4 & CR4_PAE) || s->cs_l ||
		    s->tr_type == TR_TYPE_BUSY_TSS16)
			return -EINVAL;
		effect->enter_long_mode = 1;
	}
	if (paging_off && (s->efer & EFER_LMA_BIT))
		effect->leave_long_mode = 1;
	effect->load_pdptes = pae_paging(value, s->cr4, s->efer) &&
			      (changed & (CR0_PG | CR0_CD | CR0_NW));
	return 0;
}

int cr4_write_check(const struct cr_state *s, __u64 value, __u64 reserved,
		    struct cr_effect *effect)
{
	__u64 changed = s->cr4 ^ value;
	int long_mode = !!(s->efer & EFER_LMA_BIT);

	*effect = (struct cr_effect){ 0, 0, 0 };
	if ((value >> 32) || (value & reserved))
		return -EINVAL;
	if (long_mode && !(value & CR4_PAE))
		return -EINVAL;
	/* 4- vs 5-level paging cannot change while it is in use */
	if (long_mode && (changed & CR4_LA57))
		return -EINVAL;
	/* PCIDs exist only in IA-32e mode, and CR3 may not hold one yet */
	if ((value & CR4_PCIDE) && !(s->cr4 & CR4_PCIDE) &&
	    (!long_mode || (s->cr3 & 0xfff)))
		return -EINVAL;
	if ((value & CR4_CET) && !(s->cr0 & CR0_WP))
		return -EINVAL;
	effect->load_pdptes =
		pae_paging(s->cr0, value, s->efer) &&
		(changed & (CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP));
	return 0;
}

__u64 pae_pdpte_table(__u64 cr3)
{
	return cr3 & 0xffffffe0ULL;
}

int pae_pdptes_check(const __u64 pdpte[4], unsigned int maxphyaddr)
{
	__u64 reserved = PDPTE_RESERVED_LOW;
	unsigned int n;

	if (maxphyaddr < 64)
		reserved |= ~0ULL << maxphyaddr;
	for (n = 0; n < 4; n++)
		if ((pdpte[n] & PDPTE_PRESENT) && (pdpte[n] & reserved))
			return -EINVAL;
	return 0;
}
