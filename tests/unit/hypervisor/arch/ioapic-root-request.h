/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root's IOAPIC entry through ioapic_rte_filter(), as arch/ioapic.c
 * asks for it (ExtINT allowed, `root_remapped` while the root's unit is
 * taken over from Linux), for the tests of the filter (hv-ioapic-filter)
 * and of the take-over (hv-vtd-root).  Include after cmocka.h and
 * ioapic-filter.h.
 */
#ifndef IOAPIC_ROOT_REQUEST_H
#define IOAPIC_ROOT_REQUEST_H

/* Linux's IOAPIC entry with interrupt remapping on: index 0x1234 (bit 15
 * in bit 11), vector 0x30, level, low. */
#define LINUX_REMAPPED_RTE                                                 \
	(IOAPIC_RTE_REMAPPABLE | (0x1234ULL << 49) | IOAPIC_RTE_HANDLE15 | \
	 IOAPIC_RTE_TRIGGER_LEVEL | IOAPIC_RTE_POLARITY_LOW | 0x30)

static inline struct ioapic_rte_result root_filter(__u64 rte, int root_remapped,
						   const struct apic_cpu *cpus,
						   unsigned int num_cpus)
{
	struct ioapic_rte_request req = {
		.rte = rte,
		.allow_extint = 1,
		.root_remapped = root_remapped,
		.cpus = cpus,
		.num_cpus = num_cpus,
	};
	struct ioapic_rte_result res;

	assert_int_equal(ioapic_rte_filter(&req, &res), 0);
	return res;
}

#endif
