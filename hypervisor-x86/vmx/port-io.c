// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O that exits.  The root cell's bitmap passes every port it owns,
 * so what arrives from it are the PCI configuration ports 0xcf8-0xcff,
 * performed as requested (every PCI device is the root's: no device is
 * assigned to cells yet), and ports a cell took: those read as all ones
 * and writes are dropped.  A non-root cell's bitmap passes its own ranges;
 * its PCI configuration accesses see no device (all ones), and any other
 * port stops the cell.
 */
#include "hv.h"
#include "cell.h"
#include "processor.h"
#include "vmx.h"
#include "vmexit.h"

#define IO_QUAL_SIZE_MASK	0x7
#define IO_QUAL_IN		(1UL << 3)
#define IO_QUAL_STRING		(1UL << 4)
#define PCI_CONFIG_FIRST	0xcf8
#define PCI_CONFIG_LAST		0xcff

static __u32 port_in(__u16 port, unsigned int size)
{
	__u32 v;

	if (size == 1) {
		__u8 b;

		asm volatile("inb %1, %0" : "=a"(b) : "Nd"(port));
		return b;
	}
	if (size == 2) {
		__u16 w;

		asm volatile("inw %1, %0" : "=a"(w) : "Nd"(port));
		return w;
	}
	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_out(__u16 port, unsigned int size, __u32 v)
{
	if (size == 1)
		asm volatile("outb %b0, %1" : : "a"(v), "Nd"(port));
	else if (size == 2)
		asm volatile("outw %w0, %1" : : "a"(v), "Nd"(port));
	else
		asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

int handle_port_io(struct per_cpu *cpu, struct guest_regs *regs)
{
	unsigned long qual = vmcs_read(EXIT_QUALIFICATION);
	unsigned int size = (qual & IO_QUAL_SIZE_MASK) + 1;
	__u16 port = qual >> 16;
	unsigned long mask;

	int pci = port >= PCI_CONFIG_FIRST && port <= PCI_CONFIG_LAST;
	int perform = pci && cpu->cell == &root_cell;

	if (!pci && cpu->cell != &root_cell)
		return -EPERM;
	/* string forms are not what PCI config accessors use */
	if (qual & IO_QUAL_STRING || (size != 1 && size != 2 && size != 4))
		return -EINVAL;
	mask = size == 4 ? 0xffffffffUL : (1UL << (8 * size)) - 1;
	if (qual & IO_QUAL_IN) {
		__u32 v = perform ? port_in(port, size) : 0xffffffffU & mask;

		/* a 32-bit IN clears RAX[63:32]; 8/16-bit keep the rest */
		regs->rax = size == 4 ? v : (regs->rax & ~mask) | v;
	} else if (perform) {
		port_out(port, size, regs->rax & mask);
	}
	vmx_skip_instruction();
	return 0;
}
