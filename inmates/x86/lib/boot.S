/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * From real mode to 64-bit long mode, for every CPU of the cell.
 *
 * The first CPU enters at the reset vector (0xfff0, CS base 0) and the
 * others through a SIPI (CS = 0x0100, IP = 0: boot16 at 0x1000): all
 * reload CS so that the rest of the code runs with CS base 0 no matter how
 * it was entered.  The first CPU to arrive zeroes
 * the BSS and builds identity page tables for the low 4 GiB; the others
 * wait for them (they only start once that CPU sends them a SIPI anyway).
 * Each CPU gets a stack by its arrival number and calls
 * inmate_boot(arrival number) in C.
 */
#include <inmate/layout.h>

	.section .header, "a"
	/* Lets a human recognise an inmate image with `hexdump -C`. */
	.ascii "JAILHOUSE INMATE"

	.section .boot16, "ax"
	.code16
	.globl boot16
boot16:
	cli
	ljmpw $0, $boot16_common

	/*
	 * Only the first CPU comes through the reset vector.  The cell may be
	 * started again after a shutdown without a new image, so the counters
	 * of the previous run are reset here.
	 */
boot16_first_cpu:
	cli
	xorw %ax, %ax
	movw %ax, %ds
	movl $0, cpu_arrivals
	movl $0, page_tables_ready

	/*
	 * An inmate may run code of its own in real mode first (a test of
	 * what the hypervisor does for a real-mode guest): a near call with
	 * DS = SS = 0 and a stack below boot16, in the header's padding.
	 */
	.weak inmate_realmode_hook
	movw $inmate_realmode_hook, %ax
	testw %ax, %ax
	jz boot16_common
	xorw %dx, %dx
	movw %dx, %ss
	movw $INMATE_BOOT16_ADDRESS, %sp
	call *%ax

boot16_common:
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl gdt_descriptor
	movl %cr0, %eax
	/* Caches may still be off as after a hardware reset. */
	andl $~(X86_CR0_CD | X86_CR0_NW), %eax
	orl $X86_CR0_PE, %eax
	movl %eax, %cr0
	ljmpl $SELECTOR_CODE32, $boot32

	.code32
boot32:
	movw $SELECTOR_DATA, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw %ax, %fs
	movw %ax, %gs

	movl $1, %ebx
	lock xaddl %ebx, cpu_arrivals
	cmpl $INMATE_MAX_CPUS, %ebx
	jae stop32
	testl %ebx, %ebx
	jnz wait_for_page_tables

	cld
	movl $__bss_start, %edi
	movl $__bss_end, %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb

	/* PML4[0] -> PDPT, PDPT[0..3] -> four page directories. */
	movl $page_directory_pointers, %eax
	orl $(PAGE_PRESENT | PAGE_WRITABLE), %eax
	movl %eax, page_map_level4
	movl $page_directory_pointers, %edi
	movl $page_directories, %eax
	orl $(PAGE_PRESENT | PAGE_WRITABLE), %eax
	movl $4, %ecx
2:	movl %eax, (%edi)
	addl $8, %edi
	addl $0x1000, %eax
	loop 2b

	/*
	 * 2048 entries of 2 MiB identity-map 4 GiB.  The top GiB holds the
	 * PCI window, IOAPIC and local APIC: device memory, so uncached.
	 */
	movl $page_directories, %edi
	movl $(PAGE_PRESENT | PAGE_WRITABLE | PAGE_HUGE), %eax
	xorl %ecx, %ecx
3:	movl %eax, %edx
	cmpl $1536, %ecx
	jb 4f
	orl $(PAGE_WRITE_THROUGH | PAGE_CACHE_DISABLE), %edx
4:	movl %edx, (%edi)
	addl $0x200000, %eax
	addl $8, %edi
	incl %ecx
	cmpl $2048, %ecx
	jb 3b

	movl $1, page_tables_ready
	jmp enter_long_mode

wait_for_page_tables:
	pause
	cmpl $0, page_tables_ready
	je wait_for_page_tables

enter_long_mode:
	movl %cr4, %eax
	orl $X86_CR4_PAE, %eax
	movl %eax, %cr4
	movl $page_map_level4, %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx
	rdmsr
	orl $EFER_LME, %eax
	wrmsr
	movl %cr0, %eax
	orl $(X86_CR0_PG | X86_CR0_PE), %eax
	movl %eax, %cr0
	ljmpl $SELECTOR_CODE64, $boot64

stop32:
	cli
	hlt
	jmp stop32

	.code64
boot64:
	movl %ebx, %eax
	incl %eax
	shll $INMATE_STACK_SHIFT, %eax
	addq $inmate_stacks, %rax
	movq %rax, %rsp
	movl %ebx, %edi
	call inmate_boot
5:	cli
	hlt
	jmp 5b

	.align 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* SELECTOR_CODE32: flat 4 GiB */
	.quad 0x00cf92000000ffff	/* SELECTOR_DATA */
	.quad 0x00af9a000000ffff	/* SELECTOR_CODE64 */
gdt_end:
gdt_descriptor:
	.word gdt_end - gdt - 1
	.long gdt

	.section .data
	.align 4
	/* In .data, not .bss: the first CPU zeroes the BSS after counting. */
cpu_arrivals:
	.long 0
page_tables_ready:
	.long 0

	.section .reset, "ax"
	.code16
	.globl reset_vector
reset_vector:
	ljmpw $0, $boot16_first_cpu

	.section .bss.page_tables, "aw", @nobits
	.align 4096
page_map_level4:
	.fill 4096, 1, 0
page_directory_pointers:
	.fill 4096, 1, 0
page_directories:
	.fill 4 * 4096, 1, 0

	.section .bss.stacks, "aw", @nobits
	.align 16
	.globl inmate_stacks
inmate_stacks:
	.fill INMATE_MAX_CPUS * INMATE_STACK_SIZE, 1, 0
