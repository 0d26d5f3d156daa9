// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * An ivshmem v2 device from the cell's side (inmate/ivshmem.h).  The BARs
 * are not programmed: the hypervisor presents them at the addresses of the
 * cell's config, and the base address register of the vendor-specific
 * capability says where the memory is.
 */
#include <inmate.h>
#include <inmate/ivshmem.h>
#include <inmate/pci.h>

#define MSI_ADDRESS_BASE 0xfee00000U
#define MSI_DEST_SHIFT 12
#define MSIX_ENTRY_WORDS 4

static u64 read_config64(u16 bdf, unsigned int reg)
{
	return pci_read_config(bdf, reg, 4) |
	       (u64)pci_read_config(bdf, reg + 4, 4) << 32;
}

int ivshmem_open(struct ivshmem *dev, u16 bdf)
{
	u32 ids = pci_read_config(bdf, PCI_CFG_VENDOR_ID, 4);

	if (ids != (JH_IVSHMEM_VENDOR_ID | JH_IVSHMEM_DEVICE_ID << 16)) {
		printk("ivshmem: no ivshmem device at %02x:%02x.%x (IDs %08x)\n",
		       bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, ids);
		return -1;
	}
	dev->bdf = bdf;
	dev->registers =
		(volatile u32 *)(unsigned long)(pci_read_config(bdf,
								PCI_CFG_BAR0,
								4) &
						PCI_BAR_MEM_MASK);
	dev->msix =
		(volatile u32 *)(unsigned long)(pci_read_config(bdf,
								PCI_CFG_BAR0 +
									4,
								4) &
						PCI_BAR_MEM_MASK);
	dev->state_table_size =
		pci_read_config(bdf, JH_IVSHMEM_CFG_STATE_TABLE_SIZE, 4);
	dev->rw_size = read_config64(bdf, JH_IVSHMEM_CFG_RW_SIZE);
	dev->output_size = read_config64(bdf, JH_IVSHMEM_CFG_OUTPUT_SIZE);
	dev->base = (volatile u8 *)(unsigned long)
		read_config64(bdf, JH_IVSHMEM_CFG_BASE);
	pci_write_config(bdf, PCI_CFG_COMMAND, PCI_CMD_MEMORY, 2);
	dev->id = ivshmem_read(dev, JH_IVSHMEM_REG_ID);
	dev->peers = ivshmem_read(dev, JH_IVSHMEM_REG_MAX_PEERS);
	return 0;
}

void ivshmem_write_msix(struct ivshmem *dev, unsigned int entry, u64 address,
			u32 data, u32 control)
{
	volatile u32 *e = dev->msix + entry * MSIX_ENTRY_WORDS;

	e[0] = (u32)address;
	e[1] = (u32)(address >> 32);
	e[2] = data;
	e[3] = control;
}

void ivshmem_enable_interrupts(struct ivshmem *dev, unsigned int entry,
			       u8 vector)
{
	/* physical destination, fixed delivery, edge: the plain message */
	ivshmem_write_msix(dev, entry,
			   MSI_ADDRESS_BASE | apic_id() << MSI_DEST_SHIFT,
			   vector, 0);
	pci_write_config(dev->bdf, JH_IVSHMEM_CFG_MSIX_CONTROL,
			 JH_IVSHMEM_MSIX_ENABLE, 2);
	ivshmem_write(dev, JH_IVSHMEM_REG_INT_CTRL, JH_IVSHMEM_INT_ENABLE);
}
