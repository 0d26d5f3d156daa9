/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Does a cell config fit the system and the cells that already exist?
 * (cell-config.c)  Used by the hypervisor at cell create and by the CLI's
 * `jailhouse config check SYSTEM CELL...`.  Both configs must have passed
 * jh_config_validate() first.
 *
 * Refused, naming the conflicting resource:
 *  - a name the root cell or another cell already has;
 *  - a CPU not in the root cell's set, CPU 0 (stock kernels cannot offline
 *    it), or a CPU another cell already has;
 *  - a memory region overlapping the hypervisor memory, overlapping another
 *    cell's region (unless both are JAILHOUSE_MEM_ROOTSHARED), not backed
 *    by the root cell's regions, or covering what the hypervisor must keep
 *    to itself: an IOAPIC, the local APIC page, an IOMMU unit, MMCONFIG;
 *  - a PIO range not owned by the root, already given to another cell
 *    (ranges marked JAILHOUSE_PIO_ROOT_SHARED in both may be shared), or
 *    covering the hypervisor's debug console or the PCI config ports
 *    0xcf8-0xcff (mediated by the hypervisor), or a port that reaches the
 *    whole machine: the PICs 0x20/0x21 and 0xa0/0xa1, 0x61, 0x64, 0x70,
 *    0x92, the ELCR 0x4d0/0x4d1, 0xcf9, and the FADT's SMI command port
 *    and PM1a/PM1b control blocks (from the system config's platform);
 *  - an IOAPIC the system does not have, a pin the root does not own or
 *    another cell already owns;
 *  - a bridge (bridges stay with the root); a PCI device the root does
 *    not own, owns with another type or other BARs (bar_address,
 *    bar_mask), or another cell has; on a system without IOMMU units,
 *    any physical device (each counts as able to master the bus,
 *    whatever its flags) unless JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA
 *    (with IOMMU units: CELL_CONFIG_DMA_REMAPPING);
 *  - under that opt-in, a cell with a physical device whose RAM regions
 *    marked JAILHOUSE_MEM_DMA are not mapped 1:1 (virt_start !=
 *    phys_start): the device's DMA goes to host-physical addresses;
 *  - a memory region that covers a page of any PCI device's MSI-X table
 *    (msix_address+msix_region_size) or pending-bit array
 *    (msix_pba_address), or overlaps a memory BAR (bar_address) of a
 *    device the cell does not own.
 */
#ifndef _JH_CELL_CONFIG_H
#define _JH_CELL_CONFIG_H

#include <jailhouse/config.h>

/*
 * 1: the hypervisor programs DMA and interrupt remapping (VT-d,
 * Documentation/vtd.md) for the PCI devices it gives to cells, so on a
 * system with IOMMU units a cell may have physical PCI devices (each in
 * its cell's DMA domain, its MSIs validated remapping entries).  Without
 * IOMMU units they still need JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA.
 */
#define CELL_CONFIG_DMA_REMAPPING 1

/*
 * Checks `cell` against `sys` and the existing non-root cells `others`
 * (num_others of them; may be NULL when 0).  Returns 0, or with one
 * sentence in `msg`: -EEXIST (name taken), -EBUSY (a resource another cell
 * has) or -EINVAL (anything else).
 */
int cell_config_check(const struct jailhouse_system_desc *sys,
		      const struct jailhouse_cell_desc *cell,
		      const struct jailhouse_cell_desc *const *others,
		      unsigned int num_others, char *msg,
		      unsigned long msg_size);

/*
 * What the CPU's second-level page tables can express, as far as configs
 * care: the hypervisor passes these to cell_config_check_caps().
 */
/* IA32_VMX_EPT_VPID_CAP bit 0: an EPT entry may grant execute only. */
#define CELL_CONFIG_CAP_EPT_EXECUTE_ONLY 0x0001

/*
 * Checks `cell` (a root or non-root cell descriptor that passed
 * jh_config_validate()) against the CPU's capabilities `caps`: a memory
 * region with EXECUTE but not READ needs CELL_CONFIG_CAP_EPT_EXECUTE_ONLY
 * (without it such an EPT entry is a misconfiguration and the first fetch
 * fails the VM exit instead of running).  0 or -EINVAL with one sentence.
 */
int cell_config_check_caps(const struct jailhouse_cell_desc *cell,
			   unsigned int caps, char *msg,
			   unsigned long msg_size);

/*
 * What the unsafe opt-in means, said every time it is used: 1 with one
 * sentence in `msg` ("cell \"x\": PCI device 00:03.0 is given under
 * JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA: no IOMMU confines ...") if `sys_flags` has
 * JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA and `cell` has a physical PCI
 * device; else 0 and an empty `msg`.  A warning, not a refusal:
 * `config check` prints it, the driver logs it at cell create.
 */
int cell_config_unisolated_dma_warning(__u32 sys_flags,
				       const struct jailhouse_cell_desc *cell,
				       char *msg, unsigned long msg_size);

/* 1 if the root cell's memory regions together cover [phys, phys+size)
 * (adjacent regions may share the job), 0 otherwise. */
int cell_config_backed_by_root(const struct jailhouse_system_desc *sys,
			       __u64 phys, __u64 size);

#endif
