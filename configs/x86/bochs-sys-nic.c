// SPDX-License-Identifier: GPL-2.0
/*
 * The Bochs rig PC (bochs-sys.c) with the second, unsafe opt-in
 * JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA, for the e1000-demo cell
 * (e1000-demo.c, tests/scenarios/nic-cell.sh).
 *
 * UNSAFE: Bochs has no IOMMU.  A cell that owns the e1000 can program it
 * to read and write any host-physical address: all memory of every cell
 * and of the hypervisor.  Use it for the NIC demo only.
 */
#define BOCHS_CPUS 0x3
#define BOCHS_IOAPIC_ID 2
#define BOCHS_ROOT_NAME "bochs-root"
#define BOCHS_SYS_FLAGS \
	(JAILHOUSE_SYS_NO_IOMMU | JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA)

#include "bochs-sys.c"
