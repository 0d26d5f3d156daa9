/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 64 KiB stand-in firmware for the QEMU smoke test of the inmates
 * (tests/inmates/run).  QEMU maps it below 4 GiB and aliases it below
 * 1 MiB; the CPU starts at its last 16 bytes.  It does the one thing of a
 * PC BIOS the inmates rely on, enabling the ACPI PM timer (PIIX4 function
 * 00:01.3: I/O base 0x600 in PMBA, PMIOSE in PMREGMISC, so the timer reads
 * at 0x608), then far-jumps to 0000:fff0 - the inmate's reset vector in
 * RAM, where QEMU's loader put the image.  The inmate thus starts in real
 * mode with CS base 0, as the hypervisor starts a cell.
 */
#define PCI_ADDRESS_PORT	0xcf8
#define PCI_DATA_PORT		0xcfc
#define PIIX4_PM_CONFIG		0x80000b00	/* enable | 00:01.3 */
#define PIIX4_PMBA		0x40
#define PIIX4_PMREGMISC		0x80
#define PM_IO_BASE		0x600
#define COMM_OFFSET		0x8000
#define COMM_SIZE		0x1000

	.code16
	.text
	.globl start
start:
	cli
	movl $(PIIX4_PM_CONFIG | PIIX4_PMBA), %eax
	movw $PCI_ADDRESS_PORT, %dx
	outl %eax, %dx
	movl $(PM_IO_BASE | 1), %eax
	movw $PCI_DATA_PORT, %dx
	outl %eax, %dx
	movl $(PIIX4_PM_CONFIG | PIIX4_PMREGMISC), %eax
	movw $PCI_ADDRESS_PORT, %dx
	outl %eax, %dx
	movb $1, %al
	movw $PCI_DATA_PORT, %dx
	outb %al, %dx
#ifdef IMAGE_IN_ROM
	/*
	 * Bochs has no loader device: the image is the ROM's first 64 KiB
	 * (seen at 0xe0000) and the communication region sits at COMM_OFFSET
	 * of this half.  Copy them to 0 and to 1 MiB (reached from real mode
	 * as ffff:0010, with A20 enabled through port 0x92).
	 */
	inb $0x92, %al
	orb $2, %al
	outb %al, $0x92
	cld
	movw $0xe000, %ax
	movw %ax, %ds
	xorw %ax, %ax
	movw %ax, %es
	xorw %si, %si
	xorw %di, %di
	movw $0x8000, %cx
	rep movsw
	movw $0xf000, %ax
	movw %ax, %ds
	movw $0xffff, %ax
	movw %ax, %es
	movw $COMM_OFFSET, %si
	movw $0x10, %di
	movw $COMM_SIZE, %cx
	rep movsb
#endif
	ljmpw $0, $0xfff0

#ifdef IMAGE_IN_ROM
	.org COMM_OFFSET
	.fill COMM_SIZE, 1, 0	/* tests/inmates/run writes the region here */
#endif

	/* The reset vector: CS base 0xffff0000, IP 0xfff0. */
	.org 0xfff0
	ljmpw $0xf000, $start
	.org 0x10000
