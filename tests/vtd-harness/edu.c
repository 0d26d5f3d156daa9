// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's edu device (PCI 1234:11e8) as a DMA engine: its BAR 0 holds the
 * registers, among them a DMA engine that copies between guest memory and
 * a 4 KiB buffer inside the device (QEMU's docs/specs/edu.rst):
 *   0x00 identification (0xRRrr00ed), 0x24 interrupt status, 0x60 raise
 *   an interrupt, 0x64 acknowledge it, 0x80 source, 0x88 destination,
 *   0x90 byte count, 0x98 command: bit 0 start (reads 1 while running),
 *   bit 1 direction (1: buffer to memory).
 * The buffer lies at 0x40000..0x40fff of the DMA address space; a transfer
 * that leaves it stops QEMU, so every one here stays inside.  Each
 * transfer completes on a 100 ms timer of QEMU's virtual clock.  QEMU
 * must be given dma_mask=0xffffffffffffffff: by default edu masks the
 * memory address to 28 bits, silently.  Linux has no driver for edu: the
 * devices are nobody's but the harness's.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>

#include "harness.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_REG_ID 0x00
#define EDU_REG_IRQ_STATUS 0x24
#define EDU_REG_IRQ_RAISE 0x60
#define EDU_REG_IRQ_ACK 0x64
#define EDU_REG_DMA_SRC 0x80
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_COUNT 0x90
#define EDU_REG_DMA_CMD 0x98
#define EDU_DMA_RUN 0x1
#define EDU_DMA_TO_RAM 0x2
#define EDU_BUFFER_SIZE 0x1000
#define EDU_DMA_WAIT_MS 2000

static int edu_enable(struct edu *e, struct pci_dev *pdev)
{
	if (pci_enable_device(pdev))
		return -EIO;
	e->regs = pci_iomap(pdev, 0, 0);
	if (!e->regs) {
		pci_disable_device(pdev);
		return -EIO;
	}
	if ((readl(e->regs + EDU_REG_ID) & 0xff) != 0xed) {
		pci_iounmap(pdev, e->regs);
		pci_disable_device(pdev);
		return -ENODEV;
	}
	pci_set_master(pdev);
	e->pdev = pci_dev_get(pdev);
	e->bdf = PCI_DEVID(pdev->bus->number, pdev->devfn);
	return 0;
}

int edu_find(struct edu *e, int max)
{
	struct pci_dev *pdev = NULL;
	int count = 0;

	while (count < max &&
	       (pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, pdev)))
		if (edu_enable(&e[count], pdev) == 0)
			count++;
	pci_dev_put(pdev);
	return count;
}

void edu_release(struct edu *e, int count)
{
	int n;

	for (n = 0; n < count; n++) {
		pci_clear_master(e[n].pdev);
		pci_iounmap(e[n].pdev, e[n].regs);
		pci_disable_device(e[n].pdev);
		pci_dev_put(e[n].pdev);
	}
}

int edu_dma(struct edu *e, u64 iova, u32 offset, u32 count, int to_ram)
{
	u64 buffer = EDU_BUFFER + offset;
	unsigned long deadline = jiffies + msecs_to_jiffies(EDU_DMA_WAIT_MS);

	if (offset > EDU_BUFFER_SIZE || count > EDU_BUFFER_SIZE - offset)
		return -EINVAL;
	writeq(to_ram ? buffer : iova, e->regs + EDU_REG_DMA_SRC);
	writeq(to_ram ? iova : buffer, e->regs + EDU_REG_DMA_DST);
	writeq(count, e->regs + EDU_REG_DMA_COUNT);
	writeq(EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0),
	       e->regs + EDU_REG_DMA_CMD);
	while (readq(e->regs + EDU_REG_DMA_CMD) & EDU_DMA_RUN) {
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		msleep(1);
	}
	return 0;
}

void edu_irq_raise(struct edu *e)
{
	writel(1, e->regs + EDU_REG_IRQ_RAISE);
}

void edu_irq_ack(struct edu *e)
{
	writel(readl(e->regs + EDU_REG_IRQ_STATUS), e->regs + EDU_REG_IRQ_ACK);
}
