/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layout of jailhouse-intel.bin.  The image is linked at a fixed virtual
 * address in a hole of Linux's address map and runs on its own page tables
 * from its first instruction.  The header must come first (the driver
 * checks it), the hand-over area at JAILHOUSE_HANDOVER_OFFSET; bss follows
 * the file contents and is zeroed by the driver up to core_size.
 * Linked with --gc-sections: what only the driver or the linker's own
 * symbols reach is kept by name (KEEP).
 *
 * Preprocessed by the Makefile into build/hypervisor-x86/hypervisor.lds:
 * the two addresses come from the C definitions (asm-offsets.c).
 */
#include <generated/asm-offsets.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(arch_entry)

SECTIONS
{
	. = HV_LINK_ADDRESS;
	__image_start = .;
	.header : { KEEP(*(.header)) }
	. = __image_start + JAILHOUSE_HANDOVER_OFFSET;
	.handover : { KEEP(*(.handover)) }
	. = ALIGN(4096);
	.text : { KEEP(*(.text.entry)) *(.text .text.*) }
	. = ALIGN(4096);
	.rodata : { *(.rodata .rodata.*) }
	/* processor.h: where a refused guest-chosen MSR access resumes */
	.fixup_table : ALIGN(8) {
		__fixup_table_start = .;
		KEEP(*(fixup_table))
		__fixup_table_end = .;
	}
	.data : { *(.data .data.*) }
	__image_end = .;
	. = ALIGN(4096);
	.bss (NOLOAD) : { *(.bss .bss.*) *(COMMON) }
	. = ALIGN(4096);
	__core_end = .;

	__image_size = __image_end - __image_start;
	__core_size = __core_end - __image_start;

	/DISCARD/ : { *(.note*) *(.comment) *(.eh_frame*) *(.interp)
		      *(.dynamic) *(.dynsym) *(.dynstr) *(.hash) *(.gnu.hash) }
}
