// SPDX-License-Identifier: GPL-2.0
/*
 * A Linux cell on the 3-CPU Bochs rig PC with ivshmem-net link N
 * (bochs-sys-3cpu-ivnet.c, tests/rig/boot bochs --cpus 3), started with
 * `jailhouse cell linux` (the linux-loader inmate at 0, the guest kernel
 * of scripts/build-guest-kernel above it): CPU 2, 48 MiB of RAM at
 * 0x3b000000, COM4 as its console, peer 1 of link N with the root.
 *
 * Memory: inside the 82 MiB reservation at 0x3a000000, behind the
 * hypervisor (0x3a000000-0x3a600000) and the 1 MiB cells of the demos
 * (tiny-demo, apic-demo, ivshmem-net-echo: 0x3a600000-0x3a800000), below
 * the root's ivshmem links at 0x3f000000 (bochs-sys-ivshmem.c).  The first
 * MiB is the cell's low memory (the loader; Linux's real-mode trampoline
 * must lie below 1 MiB), the communication region follows at 1 MiB (the
 * loader puts the boot data right behind it), and the rest starts at
 * 2 MiB, physically 2 MiB aligned too so that the hypervisor can map it
 * with large pages; the MiB at 0x3b100000 stays unused.
 *
 * Devices: COM4 (0x2e8, IRQ 3; console=ttyS3) and IOAPIC pin 3.  Pin 3 is
 * free in the rig: the root's Linux has no driver on IRQ 3 (COM2 and COM4
 * are registered but never opened; the hypervisor polls COM2), and COM3,
 * the rig's heartbeat, shares IRQ 4 with the root's console, so COM4 is
 * the UART a cell can have with an interrupt of its own.  The PM timer is
 * shared read-only with the root (Linux's jailhouse guest code reads its
 * port from the setup_data the loader fills).
 *
 * Link N (ivshmem-net-link.h): 00:0c.0, its memory the root's at
 * 0x3f0a0000, mapped 1:1 like every link's; the guest's built-in
 * ivshmem_net drives it (192.168.19.2, the root 192.168.19.1).  Its
 * sections are no RAM of the guest: `jailhouse cell linux` leaves them out
 * of the e820 map, and the driver finds them through the device.  The
 * device offers MSI-X only; Linux scans the bus through ports
 * 0xcf8/0xcfc, which the hypervisor mediates for every cell.
 *
 * Mainline Linux does not read the communication region: the cell is
 * PASSIVE_COMMREG, so `cell shutdown` stops it without asking.  The
 * loader's own lines (and its refusals) go to the hypervisor console
 * (VIRTUAL_CONSOLE), where the root reads them with `jailhouse console`;
 * Linux itself never makes that hypercall.
 *
 * linux-cell-bochs-smp.c includes this file with LINUX_CELL_CPUS and
 * LINUX_CELL_NAME set: the same cell on CPUs 1 and 2.
 */
#include "ivshmem-net-link.h"

#ifndef LINUX_CELL_CPUS
#define LINUX_CELL_CPUS 0x4
#define LINUX_CELL_NAME "linux-cell"
#endif

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define LINUX_RAM 0x3b000000

struct {
	struct jailhouse_cell_desc cell;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[3 + 4];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[2];
	struct jailhouse_pci_device pci_devices[1];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.cell = {
		.signature = JAILHOUSE_CELL_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.name = LINUX_CELL_NAME,
		.flags = JAILHOUSE_CELL_PASSIVE_COMMREG |
			 JAILHOUSE_CELL_VIRTUAL_CONSOLE,
		.cpu_set_size = sizeof(config.cpus),
		.num_memory_regions = ARRAY_SIZE(config.mem_regions),
		.num_irqchips = ARRAY_SIZE(config.irqchips),
		.num_pio_regions = ARRAY_SIZE(config.pio_regions),
		.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		.cpu_reset_address = 0xfff0,
		.msg_reply_timeout_ms = 100,
	},

	.cpus = { LINUX_CELL_CPUS },

	.mem_regions = {
		/* low RAM: the loader, then Linux's low memory */
		{ .phys_start = LINUX_RAM, .virt_start = 0, .size = 0x00100000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* communication region */
		{ .virt_start = 0x00100000, .size = 0x00001000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION },
		/* RAM: boot data, kernel, initrd, the rest for Linux */
		{ .phys_start = LINUX_RAM + 0x200000, .virt_start = 0x200000,
		  .size = 0x02f00000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_LOADABLE },
		/* 3-6: link N, the root's memory */
		IVSH_REGIONS_2(IVSH_LINK_N_MEM, 1, JAILHOUSE_MEM_ROOTSHARED),
	},

	.irqchips = {
		/* the IOAPIC of bochs-sys-3cpu(-ivnet).c (ID 3), pin 3 only: COM4 */
		{ .address = 0xfec00000, .id = 3, .gsi_base = 0,
		  .num_pins = 24, .pin_bitmap = { 1U << 3 } },
	},

	.pio_regions = {
		/* COM4 */
		{ .base = 0x2e8, .length = 8 },
		/* ACPI PM timer, shared read-only with the root */
		{ .base = 0xb008, .length = 4, .flags = JAILHOUSE_PIO_ROOT_SHARED },
	},

	.pci_devices = {
		IVSH_NET_DEVICE(3, 1),
	},
};
