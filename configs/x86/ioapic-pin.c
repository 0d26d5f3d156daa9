// SPDX-License-Identifier: GPL-2.0
/*
 * tiny-demo (CPU 1, 1 MiB of RAM, console hypercall) plus one IOAPIC pin
 * of the Bochs PC: pin 10 of the IOAPIC at 0xfec00000, for the ioapic-pin
 * inmate (inmates/x86/tests/ioapic-pin/) and the scenario
 * tests/scenarios/inmates-ioapic-pin.sh.
 *
 * Why pin 10: it must be a pin the root's Linux does not use, or the
 * root's device would lose its interrupts while the cell exists.  On the
 * Bochs PC, Linux uses GSI 2 (timer, ISA IRQ 0 overridden), 1 (keyboard),
 * 3 and 4 (serial), 8 (RTC), 12 (mouse), 14 and 15 (IDE), and the BIOS
 * routes the PCI interrupt links LNKA-LNKD to IRQs 11 and 9.  ISA IRQ 10
 * is free on the PC and no link is routed there, so pin 10 stays idle.
 */
#define TINY_NAME "ioapic-pin"
#define TINY_CPUS 0x2
#define TINY_RAM 0x3a600000
#define IOAPIC_PIN 10
/* the root's IOAPIC (bochs-sys.c), emulated for the cell: it sees its own
 * pin and masked entries for the others */
#define TINY_IRQCHIP                                                           \
	{                                                                      \
		.address = 0xfec00000, .id = 2, .gsi_base = 0, .num_pins = 24, \
		.pin_bitmap = {                                                \
			1U << IOAPIC_PIN                                       \
		}                                                              \
	}

#include "tiny-demo.c"
