/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared config validator (config-validate.c): one config file on its
 * own, before anyone trusts a count, an offset or a name in it.  The same
 * code runs in the hypervisor (cell create, enable), in the kernel module,
 * in the CLI (`jailhouse config check`) and at build time
 * (configs/x86/cell-check), so all of them refuse the same configs with the
 * same sentence.
 *
 * Checks for a system config: signature and revision (also of the root
 * cell), exact size, known flags, hypervisor memory page aligned and not
 * overlapping a root region, IOMMU units (none only with
 * JAILHOUSE_SYS_NO_IOMMU or JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA, either
 * alone being the opt-in), APIC mode, consoles, and the root cell like a
 * cell config.  For a cell config: signature, revision, exact size, counts
 * within JAILHOUSE_MAX_*, known flags, NUL-terminated name, non-empty CPU
 * set, memory regions (aligned, no wrap-around, no overlaps, at most one
 * comm region), PIO ranges, IOAPIC pin sets, PCI devices and capabilities.
 * Whether a cell fits the system and the other cells is cell-config.h's
 * job.
 */
#ifndef _JH_CONFIG_VALIDATE_H
#define _JH_CONFIG_VALIDATE_H

#include <jailhouse/config.h>
#include <jailhouse/fault.h> /* JAILHOUSE_MSG_MAX: size for msg */

/*
 * Validates a system or cell config (told apart by the signature) of
 * `size` bytes at `buf`.  Returns 0, or -EINVAL with one sentence in `msg`
 * (always NUL-terminated if msg_size > 0), such as
 * "system config: hypervisor memory 0x3a000000+0x600000 overlaps root
 * region 2".
 */
int jh_config_validate(const void *buf, unsigned long size, char *msg,
		       unsigned long msg_size);

/* 1 if [a, a+a_size) and [b, b+b_size) share a byte (sizes may be 0). */
static inline int jh_ranges_overlap(__u64 a, __u64 a_size, __u64 b,
				    __u64 b_size)
{
	return a_size && b_size && a < b + b_size && b < a + a_size;
}

/* 1 if [inner, inner+inner_size) lies within [outer, outer+outer_size). */
static inline int jh_range_within(__u64 inner, __u64 inner_size, __u64 outer,
				  __u64 outer_size)
{
	return inner >= outer && inner_size <= outer_size &&
	       inner - outer <= outer_size - inner_size;
}

/*
 * 1 if DMAR device scope `s` names device `d`: an endpoint scope the
 * device itself, a bridge scope every device on the buses below the
 * bridge (its secondary to its subordinate bus).
 */
static inline int jh_scope_covers(const struct jailhouse_iommu_scope *s,
				  const struct jailhouse_pci_device *d)
{
	__u8 bus = d->bdf >> 8;

	if (s->segment != d->domain)
		return 0;
	if (s->type == JAILHOUSE_SCOPE_PCI_ENDPOINT)
		return s->bdf == d->bdf;
	return s->type == JAILHOUSE_SCOPE_PCI_BRIDGE &&
	       bus >= s->secondary_bus && bus <= s->subordinate_bus;
}

#endif
