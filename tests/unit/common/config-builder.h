/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Valid sample configs for the validator tests, shaped like the Bochs rig:
 * a 4-CPU system with 6 root regions around the hypervisor memory at
 * 0x3a000000+0x600000, one IOAPIC, two root PIO ranges, three PCI devices
 * (one DMA-capable), and a cell on CPU 1 carved out of the reserved RAM
 * with a virtual (ivshmem) PCI device: peer 0 of a 2-peer link whose
 * memory (state table, read/write section, two output sections of 4 KiB
 * each) is 0x3f000000+0x4000 of the reserved RAM, shared with the root.
 * Each test breaks exactly one thing and expects the matching sentence.
 */
#ifndef _TEST_CONFIG_BUILDER_H
#define _TEST_CONFIG_BUILDER_H

#include <string.h>
#include <jailhouse/config.h>

struct test_system {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[6];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio[2];
	struct jailhouse_pci_device pci[3];
	struct jailhouse_pci_capability caps[1];
} JH_PACKED;

struct test_cell {
	struct jailhouse_cell_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem[7]; /* 3-6: the ivshmem link */
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio[1];
	struct jailhouse_pci_device pci[1];
} JH_PACKED;

static inline void fill_cell_header(struct jailhouse_cell_desc *c,
				    const char *name)
{
	memcpy(c->signature, JAILHOUSE_CELL_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	c->revision = JAILHOUSE_CONFIG_REVISION;
	strncpy(c->name, name, sizeof(c->name) - 1);
	c->cpu_set_size = 8;
}

static inline void fill_system(struct test_system *s)
{
	struct jailhouse_system_desc *h = &s->header;
	struct jailhouse_memory mem[] = {
		{ 0x0, 0x0, 0xa0000, JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		{ 0x100000, 0x100000, 0x39f00000,
		  JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		/* reserved RAM behind the hypervisor, for cells */
		{ 0x3a600000, 0x3a600000, 0x4c00000, JAILHOUSE_MEM_RW },
		{ 0x3f200000, 0x3f200000, 0xe00000, JAILHOUSE_MEM_RWX },
		{ 0xfed00000, 0xfed00000, 0x1000,
		  JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		/* adjacent to the previous one: together they back 8 KiB */
		{ 0xfed01000, 0xfed01000, 0x1000,
		  JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
	};

	memset(s, 0, sizeof(*s));
	memcpy(h->signature, JAILHOUSE_SYSTEM_SIGNATURE,
	       JAILHOUSE_SIGNATURE_SIZE);
	h->revision = JAILHOUSE_CONFIG_REVISION;
	h->flags = JAILHOUSE_SYS_NO_IOMMU;
	h->hypervisor_memory.phys_start = 0x3a000000;
	h->hypervisor_memory.size = 0x600000;
	h->debug_console.address = 0x2f8;
	h->debug_console.size = 8;
	h->debug_console.type = JAILHOUSE_CON_TYPE_8250_PIO;
	h->platform.pm_timer_address = 0xb008;
	/* the FADT of Bochs' PIIX4 */
	h->platform.smi_command_port = 0xb2;
	h->platform.pm1a_control_port = 0xb004;
	h->platform.pm1_control_length = 2;
	fill_cell_header(&h->root_cell, "test-root");
	h->root_cell.num_memory_regions = 6;
	h->root_cell.num_irqchips = 1;
	h->root_cell.num_pio_regions = 2;
	h->root_cell.num_pci_devices = 3;
	h->root_cell.num_pci_caps = 1;
	s->cpus[0] = 0xf;
	memcpy(s->mem, mem, sizeof(mem));
	s->irqchips[0] =
		(struct jailhouse_irqchip){ .address = 0xfec00000,
					    .id = 4,
					    .num_pins = 24,
					    .pin_bitmap = { 0x00ffffff } };
	s->pio[0] = (struct jailhouse_pio){ .base = 0x0, .length = 0xc000 };
	s->pio[1] = (struct jailhouse_pio){ .base = 0xd000, .length = 0x100 };
	s->pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0000
	};
	s->pci[1] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0009,
		.flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
		.caps_start = 0,
		.num_caps = 1
	};
	s->pci[2] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010
	};
	s->caps[0] = (struct jailhouse_pci_capability){ .id = 0x05,
							.start = 0x50,
							.len = 14 };
}

/* The sample ivshmem device: peer 0 of 2, its regions from mem[3]. */
static inline void fill_ivshmem(struct jailhouse_pci_device *d)
{
	*d = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
		.bdf = 0x00f8,
		.shmem_regions_start = 3,
		.shmem_dev_id = 0,
		.shmem_peers = 2,
		.bar_address = { 0xfc000000, 0xfc001000 },
	};
}

/* A cell named `name` on CPUs `cpus` with 1 MiB of RAM at `phys`. */
static inline void fill_cell(struct test_cell *c, const char *name, __u64 cpus,
			     __u64 phys)
{
	struct jailhouse_cell_desc *h = &c->header;

	memset(c, 0, sizeof(*c));
	fill_cell_header(h, name);
	h->flags = JAILHOUSE_CELL_PASSIVE_COMMREG |
		   JAILHOUSE_CELL_VIRTUAL_CONSOLE;
	h->num_memory_regions = 7;
	h->num_irqchips = 1;
	h->num_pio_regions = 1;
	h->num_pci_devices = 1;
	h->cpu_reset_address = 0xfff0;
	h->msg_reply_timeout_ms = 100;
	c->cpus[0] = cpus;
	c->mem[0] = (struct jailhouse_memory){
		phys, 0, 0x100000, JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE
	};
	c->mem[1] =
		(struct jailhouse_memory){ 0, 0x100000, 0x1000,
					   JAILHOUSE_MEM_RW |
						   JAILHOUSE_MEM_COMM_REGION };
	/* 4 KiB of the HPET page, uncached */
	c->mem[2] = (struct jailhouse_memory){ 0xfed00000, 0xfed00000, 0x1000,
					       JAILHOUSE_MEM_READ |
						       JAILHOUSE_MEM_IO };
	/* the ivshmem link, 1:1: state table read-only, the read/write
	 * section, its own output section writable, the peer's not */
	c->mem[3] =
		(struct jailhouse_memory){ 0x3f000000, 0x3f000000, 0x1000,
					   JAILHOUSE_MEM_READ |
						   JAILHOUSE_MEM_ROOTSHARED };
	c->mem[4] =
		(struct jailhouse_memory){ 0x3f001000, 0x3f001000, 0x1000,
					   JAILHOUSE_MEM_RW |
						   JAILHOUSE_MEM_ROOTSHARED };
	c->mem[5] =
		(struct jailhouse_memory){ 0x3f002000, 0x3f002000, 0x1000,
					   JAILHOUSE_MEM_RW |
						   JAILHOUSE_MEM_ROOTSHARED };
	c->mem[6] =
		(struct jailhouse_memory){ 0x3f003000, 0x3f003000, 0x1000,
					   JAILHOUSE_MEM_READ |
						   JAILHOUSE_MEM_ROOTSHARED };
	c->irqchips[0] = (struct jailhouse_irqchip){ .address = 0xfec00000,
						     .id = 4,
						     .num_pins = 24,
						     .pin_bitmap = { 1 << 5 } };
	c->pio[0] =
		(struct jailhouse_pio){ .base = 0xb008,
					.length = 4,
					.flags = JAILHOUSE_PIO_ROOT_SHARED };
	/* virtual: no physical device may go to a cell before VT-d */
	fill_ivshmem(&c->pci[0]);
}

#endif
