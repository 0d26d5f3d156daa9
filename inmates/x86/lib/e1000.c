// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 82540EM driver: register offsets, bits and descriptor layouts are those
 * of Intel's "PCI/PCI-X Family of Gigabit Ethernet Controllers Software
 * Developer's Manual" (8254x).  Only legacy descriptors, one queue each
 * way, no offloads.
 */
#include <inmate.h>
#include <inmate/pci.h>
#include <inmate/e1000.h>

#define REG_CTRL 0x0000
#define REG_STATUS 0x0008
#define REG_EERD 0x0014
#define REG_ICR 0x00c0
#define REG_IMS 0x00d0
#define REG_IMC 0x00d8
#define REG_RCTL 0x0100
#define REG_TCTL 0x0400
#define REG_TIPG 0x0410
#define REG_RDBAL 0x2800
#define REG_RDBAH 0x2804
#define REG_RDLEN 0x2808
#define REG_RDH 0x2810
#define REG_RDT 0x2818
#define REG_TDBAL 0x3800
#define REG_TDBAH 0x3804
#define REG_TDLEN 0x3808
#define REG_TDH 0x3810
#define REG_TDT 0x3818
#define REG_MTA 0x5200
#define REG_RAL0 0x5400
#define REG_RAH0 0x5404

#define CTRL_SLU (1U << 6)
#define CTRL_RST (1U << 26)
#define STATUS_LU (1U << 1)
#define EERD_START (1U << 0)
#define EERD_DONE (1U << 4)
#define EERD_ADDR_SHIFT 8
#define EERD_DATA_SHIFT 16
#define RAH_AV (1U << 31)
#define ICR_RXT0 (1U << 7)
#define IMC_ALL 0xffffffffU
#define RCTL_EN (1U << 1)
#define RCTL_BAM (1U << 15)   /* broadcast accept: ARP requests to us */
#define RCTL_SECRC (1U << 26) /* strip the CRC */
/* BSIZE 00 with BSEX 0: 2048-byte receive buffers */
#define TCTL_EN (1U << 1)
#define TCTL_PSP (1U << 3) /* pad short packets to 64 bytes */
#define TCTL_CT (0x0fU << 4)
#define TCTL_COLD (0x40U << 12) /* full duplex */
/* IPGT 10, IPGR1 8, IPGR2 6: the manual's values for 802.3 copper */
#define TIPG_COPPER (10U | 8U << 10 | 6U << 20)

#define TX_CMD_EOP (1U << 0)
#define TX_CMD_IFCS (1U << 1)
#define TX_CMD_RS (1U << 3)
#define DESC_STATUS_DD (1U << 0)
#define RX_STATUS_EOP (1U << 1)

#define MTA_ENTRIES 128
#define RESET_POLLS 100000
#define EEPROM_POLLS 100000

struct e1000_tx_desc {
	u64 address;
	u16 length;
	u8 cso;
	u8 command;
	u8 status;
	u8 css;
	u16 special;
} __attribute__((packed));

struct e1000_rx_desc {
	u64 address;
	u16 length;
	u16 checksum;
	u8 status;
	u8 errors;
	u16 special;
} __attribute__((packed));

static u32 reg_read(struct e1000 *nic, unsigned int reg)
{
	return *(volatile u32 *)(nic->regs + reg);
}

static void reg_write(struct e1000 *nic, unsigned int reg, u32 value)
{
	*(volatile u32 *)(nic->regs + reg) = value;
}

static int map_device(struct e1000 *nic)
{
	int bdf = pci_find_device(E1000_VENDOR_ID, E1000_DEVICE_ID, 0);
	u32 bar, command;

	if (bdf == PCI_NO_DEVICE) {
		printk("e1000: no 8086:100e on bus 0 (not in this cell's config?)\n");
		return -1;
	}
	nic->bdf = bdf;
	bar = pci_read_config(nic->bdf, PCI_CFG_BAR0, 4);
	if (bar & PCI_BAR_IO || (bar & PCI_BAR_MEM_MASK) == 0) {
		printk("e1000: %02x:%02x.%x BAR0 %#x is not a memory BAR\n",
		       bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, bar);
		return -1;
	}
	/* the inmate's page tables map the low 4 GiB 1:1, the top GiB
	 * uncached: the cell config maps BAR0 1:1 */
	nic->regs = (volatile u8 *)(unsigned long)(bar & PCI_BAR_MEM_MASK);
	command = pci_read_config(nic->bdf, PCI_CFG_COMMAND, 2);
	pci_write_config(nic->bdf, PCI_CFG_COMMAND,
			 (command | PCI_CMD_MEMORY | PCI_CMD_MASTER) &
				 ~PCI_CMD_INTX_DISABLE,
			 2);
	printk("e1000: %02x:%02x.%x BAR0 %#x, command %#x -> %#x\n", bdf >> 8,
	       (bdf >> 3) & 0x1f, bdf & 7, bar, command,
	       pci_read_config(nic->bdf, PCI_CFG_COMMAND, 2));
	return 0;
}

/* The reset bit clears itself when the reset is done. */
static int reset(struct e1000 *nic)
{
	unsigned int i;

	reg_write(nic, REG_IMC, IMC_ALL);
	reg_write(nic, REG_RCTL, 0);
	reg_write(nic, REG_TCTL, TCTL_PSP);
	reg_write(nic, REG_CTRL, reg_read(nic, REG_CTRL) | CTRL_RST);
	for (i = 0; i < RESET_POLLS; i++)
		if (!(reg_read(nic, REG_CTRL) & CTRL_RST))
			break;
	if (i == RESET_POLLS) {
		printk("e1000: CTRL.RST did not clear\n");
		return -1;
	}
	reg_write(nic, REG_IMC, IMC_ALL);
	reg_read(nic, REG_ICR);
	return 0;
}

/* One 16-bit word of the EEPROM through EERD; -1 on timeout. */
static int eeprom_read(struct e1000 *nic, unsigned int word)
{
	unsigned int i;
	u32 value;

	reg_write(nic, REG_EERD, word << EERD_ADDR_SHIFT | EERD_START);
	for (i = 0; i < EEPROM_POLLS; i++) {
		value = reg_read(nic, REG_EERD);
		if (value & EERD_DONE)
			return value >> EERD_DATA_SHIFT;
	}
	return -1;
}

/* From receive address 0 when valid, else from EEPROM words 0-2. */
static int read_mac(struct e1000 *nic)
{
	u32 low = reg_read(nic, REG_RAL0), high = reg_read(nic, REG_RAH0);
	unsigned int i;
	int word;

	if (high & RAH_AV) {
		for (i = 0; i < 4; i++)
			nic->mac[i] = low >> (8 * i);
		nic->mac[4] = high;
		nic->mac[5] = high >> 8;
		return 0;
	}
	for (i = 0; i < 3; i++) {
		word = eeprom_read(nic, i);
		if (word < 0) {
			printk("e1000: EEPROM word %u: no answer\n", i);
			return -1;
		}
		nic->mac[2 * i] = word;
		nic->mac[2 * i + 1] = word >> 8;
	}
	/* the receive filter matches only a valid address 0 */
	reg_write(nic, REG_RAL0,
		  nic->mac[0] | nic->mac[1] << 8 | nic->mac[2] << 16 |
			  (u32)nic->mac[3] << 24);
	reg_write(nic, REG_RAH0, nic->mac[4] | nic->mac[5] << 8 | RAH_AV);
	return 0;
}

static void setup_rx(struct e1000 *nic)
{
	unsigned int i;
	u64 ring = (unsigned long)nic->rx_ring;

	for (i = 0; i < E1000_RING_SIZE; i++) {
		memset(&nic->rx_ring[i], 0, sizeof(nic->rx_ring[i]));
		nic->rx_ring[i].address =
			(unsigned long)(nic->rx_buffers +
					i * E1000_BUFFER_SIZE);
	}
	for (i = 0; i < MTA_ENTRIES; i++)
		reg_write(nic, REG_MTA + 4 * i, 0);
	reg_write(nic, REG_RDBAL, (u32)ring);
	reg_write(nic, REG_RDBAH, ring >> 32);
	reg_write(nic, REG_RDLEN,
		  E1000_RING_SIZE * sizeof(struct e1000_rx_desc));
	reg_write(nic, REG_RDH, 0);
	/* all but one descriptor for the device: head == tail means empty */
	reg_write(nic, REG_RDT, E1000_RING_SIZE - 1);
	nic->rx_next = 0;
	reg_write(nic, REG_RCTL, RCTL_EN | RCTL_BAM | RCTL_SECRC);
}

static void setup_tx(struct e1000 *nic)
{
	u64 ring = (unsigned long)nic->tx_ring;

	memset(nic->tx_ring, 0, E1000_RING_SIZE * sizeof(*nic->tx_ring));
	reg_write(nic, REG_TDBAL, (u32)ring);
	reg_write(nic, REG_TDBAH, ring >> 32);
	reg_write(nic, REG_TDLEN,
		  E1000_RING_SIZE * sizeof(struct e1000_tx_desc));
	reg_write(nic, REG_TDH, 0);
	reg_write(nic, REG_TDT, 0);
	nic->tx_tail = 0;
	reg_write(nic, REG_TIPG, TIPG_COPPER);
	reg_write(nic, REG_TCTL, TCTL_EN | TCTL_PSP | TCTL_CT | TCTL_COLD);
}

int e1000_init(struct e1000 *nic, void *dma_area)
{
	u8 *dma = dma_area;

	if ((unsigned long)dma & 0xf) {
		printk("e1000: DMA area %p not 16-byte aligned\n", dma_area);
		return -1;
	}
	memset(nic, 0, sizeof(*nic));
	nic->tx_ring = (struct e1000_tx_desc *)dma;
	nic->rx_ring = (struct e1000_rx_desc *)(dma + E1000_RING_SIZE * 16);
	nic->tx_buffers = dma + 2 * E1000_RING_SIZE * 16;
	nic->rx_buffers = nic->tx_buffers + E1000_RING_SIZE * E1000_BUFFER_SIZE;

	if (map_device(nic) != 0 || reset(nic) != 0 || read_mac(nic) != 0)
		return -1;
	reg_write(nic, REG_CTRL, reg_read(nic, REG_CTRL) | CTRL_SLU);
	setup_rx(nic);
	setup_tx(nic);
	printk("e1000: MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s\n",
	       nic->mac[0], nic->mac[1], nic->mac[2], nic->mac[3], nic->mac[4],
	       nic->mac[5],
	       reg_read(nic, REG_STATUS) & STATUS_LU ? "up" : "down");
	return 0;
}

int e1000_send(struct e1000 *nic, const void *frame, unsigned int len)
{
	struct e1000_tx_desc *desc = &nic->tx_ring[nic->tx_tail];
	u8 *buffer = nic->tx_buffers + nic->tx_tail * E1000_BUFFER_SIZE;

	if (len == 0 || len > E1000_MAX_FRAME)
		return -1;
	/* a descriptor the device has not finished with yet */
	if (desc->command && !(desc->status & DESC_STATUS_DD))
		return -1;
	memcpy(buffer, frame, len);
	desc->address = (unsigned long)buffer;
	desc->length = len;
	desc->status = 0;
	desc->command = TX_CMD_EOP | TX_CMD_IFCS | TX_CMD_RS;
	nic->tx_tail = (nic->tx_tail + 1) % E1000_RING_SIZE;
	/* the descriptor is in memory before the device reads the tail */
	memory_barrier();
	reg_write(nic, REG_TDT, nic->tx_tail);
	return 0;
}

unsigned int e1000_receive(struct e1000 *nic, void *buf, unsigned int size)
{
	volatile struct e1000_rx_desc *desc = &nic->rx_ring[nic->rx_next];
	unsigned int len = 0, done = nic->rx_next;

	if (!(desc->status & DESC_STATUS_DD))
		return 0;
	memory_barrier();
	/* one buffer holds any frame: a frame without EOP is dropped */
	if (desc->status & RX_STATUS_EOP && desc->errors == 0) {
		len = desc->length < size ? desc->length : size;
		memcpy(buf, nic->rx_buffers + done * E1000_BUFFER_SIZE, len);
	}
	desc->status = 0;
	nic->rx_next = (nic->rx_next + 1) % E1000_RING_SIZE;
	memory_barrier();
	/* give the descriptor back: the tail is the last one the device owns */
	reg_write(nic, REG_RDT, done);
	return len;
}

void e1000_irq_enable(struct e1000 *nic)
{
	reg_read(nic, REG_ICR);
	reg_write(nic, REG_IMS, ICR_RXT0);
}

u32 e1000_irq_ack(struct e1000 *nic)
{
	return reg_read(nic, REG_ICR);
}

void e1000_stop(struct e1000 *nic)
{
	reg_write(nic, REG_IMC, IMC_ALL);
	reg_write(nic, REG_RCTL, 0);
	reg_write(nic, REG_TCTL, TCTL_PSP);
	reg_read(nic, REG_ICR);
}

bool e1000_running(struct e1000 *nic)
{
	return (reg_read(nic, REG_RCTL) & RCTL_EN) ||
	       (reg_read(nic, REG_TCTL) & TCTL_EN);
}
