// SPDX-License-Identifier: GPL-2.0
/*
 * System configuration of the Bochs rig PC: i440FX, 2 CPUs, 1 GiB,
 * Linux booted with "memmap=82M$0x3a000000".
 *
 * The 82 MiB reservation holds the hypervisor (first 6 MiB) and, behind it,
 * 76 MiB that the root cell owns until cells are carved out of it.
 * Bochs has no IOMMU, so this config opts in to running without one
 * (JAILHOUSE_SYS_NO_IOMMU): there is no DMA isolation on this machine.
 * Linux's console is COM1 (0x3f8); the hypervisor's is COM2 (0x2f8), so the
 * two land in separate files.
 */
#include <jailhouse/config.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* bochs-sys-3cpu.c reuses this file for the 3-CPU variant of the PC. */
#ifndef BOCHS_CPUS
#define BOCHS_CPUS 0x3
#define BOCHS_IOAPIC_ID 2
#define BOCHS_ROOT_NAME "bochs-root"
#endif
/*
 * bochs-sys-nic.c adds JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA: only with it may
 * the e1000 (a bus master) go to a cell; everything else runs without.
 */
#ifndef BOCHS_SYS_FLAGS
#define BOCHS_SYS_FLAGS JAILHOUSE_SYS_NO_IOMMU
#endif
/*
 * bochs-sys-ivshmem.c gives the root ivshmem links: it keeps the top of the
 * reservation and of the PCI window out of the big regions and adds the
 * links' memory (BOCHS_EXTRA_REGIONS) and devices (BOCHS_EXTRA_DEVICES).
 */
#ifndef BOCHS_CELL_MEMORY_SIZE
#define BOCHS_CELL_MEMORY_SIZE 0x4c00000
#define BOCHS_PCI_WINDOW_SIZE 0x3ebe0000
#define BOCHS_NUM_EXTRA_REGIONS 0
#define BOCHS_NUM_EXTRA_DEVICES 0
#endif

struct {
	struct jailhouse_system_desc header;
	__u64 cpus[1];
	struct jailhouse_memory mem_regions[11 + BOCHS_NUM_EXTRA_REGIONS];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio_regions[2];
	struct jailhouse_pci_device pci_devices[6 + BOCHS_NUM_EXTRA_DEVICES];
} JH_PACKED config __attribute__((section(".config"), used)) = {
	.header = {
		.signature = JAILHOUSE_SYSTEM_SIGNATURE,
		.revision = JAILHOUSE_CONFIG_REVISION,
		.flags = BOCHS_SYS_FLAGS,
		.hypervisor_memory = {
			.phys_start = 0x3a000000,
			.size = 0x600000,
		},
		.debug_console = {
			.address = 0x2f8,
			.size = 8,
			.type = JAILHOUSE_CON_TYPE_8250_PIO,
		},
		.platform = {
			.pci_mmconfig_base = 0,	/* i440FX: ports 0xcf8/0xcfc only */
			.apic_mode = JAILHOUSE_APIC_MODE_XAPIC,
			.pm_timer_address = 0xb008,
			.num_iommu_units = 0,
			/* the BIOS's FADT (PIIX4 PM at 0xb000): no cell may
			 * own these */
			.smi_command_port = 0xb2,
			.pm1a_control_port = 0xb004,
			.pm1_control_length = 2,
		},
		.root_cell = {
			.signature = JAILHOUSE_CELL_SIGNATURE,
			.revision = JAILHOUSE_CONFIG_REVISION,
			.name = BOCHS_ROOT_NAME,
			.cpu_set_size = sizeof(config.cpus),
			.num_memory_regions = ARRAY_SIZE(config.mem_regions),
			.num_irqchips = ARRAY_SIZE(config.irqchips),
			.num_pio_regions = ARRAY_SIZE(config.pio_regions),
			.num_pci_devices = ARRAY_SIZE(config.pci_devices),
		},
	},

	.cpus = { BOCHS_CPUS },

	.mem_regions = {
		/* low RAM */
		{ .phys_start = 0x0, .virt_start = 0x0, .size = 0xa0000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		/* legacy VGA window */
		{ .phys_start = 0xa0000, .virt_start = 0xa0000, .size = 0x20000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		/* option ROMs and BIOS shadow */
		{ .phys_start = 0xc0000, .virt_start = 0xc0000, .size = 0x40000,
		  .flags = JAILHOUSE_MEM_RWX },
		/* RAM below the reservation */
		{ .phys_start = 0x100000, .virt_start = 0x100000,
		  .size = 0x39f00000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		/* reserved RAM behind the hypervisor: memory for cells */
		{ .phys_start = 0x3a600000, .virt_start = 0x3a600000,
		  .size = BOCHS_CELL_MEMORY_SIZE,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_DMA },
		/* RAM above the reservation, ACPI tables at its top */
		{ .phys_start = 0x3f200000, .virt_start = 0x3f200000,
		  .size = 0xe00000,
		  .flags = JAILHOUSE_MEM_RWX | JAILHOUSE_MEM_DMA },
		/* the PCI memory window but the e1000's BAR0 (the last
		 * region): VGA framebuffer */
		{ .phys_start = 0xc0020000, .virt_start = 0xc0020000,
		  .size = BOCHS_PCI_WINDOW_SIZE,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		/* HPET */
		{ .phys_start = 0xfed00000, .virt_start = 0xfed00000,
		  .size = 0x1000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		/* chipset MMIO between HPET and the local APIC */
		{ .phys_start = 0xfed01000, .virt_start = 0xfed01000,
		  .size = 0xff000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
		/* BIOS ROM at the top of 4 GiB */
		{ .phys_start = 0xfffc0000, .virt_start = 0xfffc0000,
		  .size = 0x40000,
		  .flags = JAILHOUSE_MEM_READ | JAILHOUSE_MEM_EXECUTE },
		/* 00:02.0 e1000 BAR0 (128 KiB of registers at the start of
		 * the PCI window, as the BIOS placed it): a region of its
		 * own, so that it moves to the e1000-demo cell as a whole;
		 * last, so that the other regions keep their indices (unit
		 * tests use them) */
		{ .phys_start = 0xc0000000, .virt_start = 0xc0000000,
		  .size = 0x20000,
		  .flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO },
#ifdef BOCHS_EXTRA_REGIONS
		BOCHS_EXTRA_REGIONS,
#endif
	},

	.irqchips = {
		/* IOAPIC: Bochs gives it the ID after the last CPU's. */
		{ .address = 0xfec00000, .id = BOCHS_IOAPIC_ID, .gsi_base = 0,
		  .num_pins = 24, .pin_bitmap = { 0x00ffffff } },
	},

	.pio_regions = {
		/* The root owns all ports but those given to other cells. */
		{ .base = 0x0, .length = 0xffff },
		/* the length field is 16 bits wide: the last port on its own */
		{ .base = 0xffff, .length = 1 },
	},

	.pci_devices = {
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0000 }, /* 00:00.0 host bridge */
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0008 }, /* 00:01.0 ISA bridge */
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0009, /* 00:01.1 IDE */
		  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE },
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x000a, /* 00:01.2 UHCI */
		  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE },
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x000b }, /* 00:01.3 ACPI */
		/*
		 * 00:02.0 8086:100e e1000 (82540EM), Bochs' NIC in slot 1
		 * (tests/rig/README.md, "The NIC"): BAR0 128 KiB of registers,
		 * BAR1 64 ports, no capabilities; read with `jailhouse config
		 * create` in the rig.  INTA goes through LNKB, which Linux
		 * routes to IRQ 10 when e1000 enables the device.
		 */
		{ .type = JAILHOUSE_PCI_TYPE_DEVICE, .bdf = 0x0010,
		  .flags = JAILHOUSE_PCI_FLAG_DMA_CAPABLE,
		  .bar_mask = { 0xfffe0000, 0xffffffc0 },
		  .bar_address = { 0xc0000000, 0xc041 } },
#ifdef BOCHS_EXTRA_DEVICES
		BOCHS_EXTRA_DEVICES,
#endif
	},
};
