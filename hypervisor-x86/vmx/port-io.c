// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O that exits.  The root cell's bitmap passes every port it owns,
 * so what arrives from it are the PCI configuration ports 0xcf8-0xcff and
 * ports a cell took: those read as all ones and writes are dropped.  A
 * non-root cell's bitmap passes its own ranges; any other port but the PCI
 * configuration ports stops the cell.
 *
 * PCI configuration accesses are decided by pci-config.c against a per-CPU
 * shadow of the address latch and the owners the PCI unit keeps (pci.c):
 * an access to a device the cell owns goes to the unit, which makes it
 * (latch write and data access under its lock; a non-root cell's through
 * its view of the device); other devices read all ones.
 */
#include "hv.h"
#include "cell.h"
#include "pci.h"
#include "pci-config.h"
#include "processor.h"
#include "ivshmem.h"
#include "port-sized.h"
#include "vmx.h"
#include "vmexit.h"

#define IO_QUAL_SIZE_MASK 0x7
#define IO_QUAL_IN (1UL << 3)
#define IO_QUAL_STRING (1UL << 4)
#define PCI_CONFIG_FIRST 0xcf8
#define PCI_CONFIG_LAST 0xcff

/* Lock-free: see include/pci.h for why a stale answer does no harm. */
static int cell_owns(const void *ctx, __u16 bdf)
{
	return pci_owner(bdf) == ctx || ivshmem_is_device(ctx, bdf);
}

/* An access to 0xcf8-0xcff other than the latch (pci_config_port()).
 * Out of line: the latch accesses, the most frequent, need none of its
 * registers and stack. */
static int __attribute__((noinline))
pci_config_data(struct per_cpu *cpu, __u16 port, unsigned int size,
		int is_write, __u32 *value)
{
	const struct pci_config_cell who = {
		.owns = cell_owns,
		.ctx = cpu->cell,
		.may_reset = cpu->cell == &root_cell,
	};
	struct pci_config_decision d;

	if (pci_config_access(&who, &cpu->pci_latch, port, size, is_write,
			      *value, &d)) {
		*value = 0xffffffffU;
		return 0;
	}
	switch (d.action) {
	case PCI_CONFIG_READ_LATCH:
		*value = cpu->pci_latch;
		break;
	case PCI_CONFIG_DEVICE:
		return pci_config_device(cpu, d.bdf, d.reg, size, is_write,
					 value);
	case PCI_CONFIG_PASS:
		/* chipset registers (0xcf9), not config space */
		if (!is_write)
			*value = port_in(port, size);
		else
			port_out(port, size, *value);
		break;
	case PCI_CONFIG_LATCH:
	case PCI_CONFIG_IGNORE:
		break;
	case PCI_CONFIG_ALL_ONES:
		*value = 0xffffffffU;
		break;
	}
	return 0;
}

/* One access to 0xcf8-0xcff; the value read in *value (reads only).  0,
 * or -EPERM: the owner's access was a violation (pci.h). */
static int pci_config_port(struct per_cpu *cpu, __u16 port, unsigned int size,
			   int is_write, __u32 *value)
{
	if (pci_config_is_latch(port, size)) {
		if (is_write)
			cpu->pci_latch = *value;
		*value = cpu->pci_latch;
		return 0;
	}
	return pci_config_data(cpu, port, size, is_write, value);
}

int handle_port_io(struct per_cpu *cpu, struct guest_regs *regs)
{
	unsigned long qual = vmcs_read(EXIT_QUALIFICATION);
	unsigned int size = (qual & IO_QUAL_SIZE_MASK) + 1;
	__u16 port = qual >> 16;
	int is_write = !(qual & IO_QUAL_IN);
	unsigned long mask;
	__u32 v;

	int pci = port >= PCI_CONFIG_FIRST && port <= PCI_CONFIG_LAST;

	if (!pci && cpu->cell != &root_cell)
		return -EPERM;
	/* string forms are not what PCI config accessors use */
	if (qual & IO_QUAL_STRING || (size != 1 && size != 2 && size != 4))
		return -EINVAL;
	mask = size == 4 ? 0xffffffffUL : (1UL << (8 * size)) - 1;
	/* a root port a cell took: as if nothing answered */
	v = is_write ? regs->rax & mask : 0xffffffffU;
	if (pci && pci_config_port(cpu, port, size, is_write, &v))
		return -EPERM;
	if (!is_write) {
		v &= mask;
		/* a 32-bit IN clears RAX[63:32]; 8/16-bit keep the rest */
		regs->rax = size == 4 ? v : (regs->rax & ~mask) | v;
	}
	vmx_skip_instruction();
	return 0;
}
