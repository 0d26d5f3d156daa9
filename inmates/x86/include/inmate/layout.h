/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Memory layout and constants of an inmate, shared by the boot code
 * (assembler) and C.
 *
 * The image is loaded at guest-physical 0 (`jailhouse cell load NAME
 * image.bin -a 0`).  The cell's first CPU starts in real mode at the
 * config's reset address 0xfff0; its other CPUs start through a SIPI with
 * vector 1, i.e. at 0x1000.  Everything the library needs lives below
 * 1 MiB; the communication region follows at 1 MiB.
 */
#ifndef _INMATE_LAYOUT_H
#define _INMATE_LAYOUT_H

#define INMATE_BOOT16_ADDRESS 0x1000 /* SIPI target: vector 1 */
#define INMATE_SIPI_VECTOR (INMATE_BOOT16_ADDRESS >> 12)
#define INMATE_RESET_ADDRESS 0xfff0 /* cpu_reset_address of the configs */
#define INMATE_BSS_ADDRESS 0x10000  /* behind the 64 KiB image */
#define INMATE_RAM_END 0x100000
#define COMM_REGION_ADDRESS 0x100000

#define INMATE_MAX_CPUS 16
#define INMATE_STACK_SHIFT 14 /* 16 KiB per CPU */
#define INMATE_STACK_SIZE (1 << INMATE_STACK_SHIFT)

/* GDT selectors (lib/boot.S) */
#define SELECTOR_CODE32 0x08
#define SELECTOR_DATA 0x10
#define SELECTOR_CODE64 0x18

#define X86_CR0_PE 0x00000001
#define X86_CR0_NW 0x20000000
#define X86_CR0_CD 0x40000000
#define X86_CR0_PG 0x80000000
#define X86_CR4_PAE 0x00000020
#define MSR_EFER 0xc0000080
#define EFER_LME 0x00000100

#define PAGE_PRESENT 0x001
#define PAGE_WRITABLE 0x002
#define PAGE_WRITE_THROUGH 0x008
#define PAGE_CACHE_DISABLE 0x010
#define PAGE_HUGE 0x080

#endif
