// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * linux-loader: takes the cell's first CPU from the reset vector (the
 * library's boot code: real mode, 32-bit, 64-bit with the low 4 GiB
 * identity-mapped) to the 64-bit entry of a Linux kernel that
 * `jailhouse cell linux` loaded, as the x86 boot protocol's 64-bit entry
 * wants it: interrupts off, a GDT with flat segments at __BOOT_CS (0x10)
 * and __BOOT_DS (0x18), the zero page in RSI, identity mapping over the
 * kernel, the zero page and the command line.
 *
 * The CLI gives the addresses as load parameters
 * ("jh-params: zero_page=N kernel=N", decimal) and leaves the CPU fields
 * of the Jailhouse setup_data to this loader, which copies them from the
 * communication region the hypervisor filled for this cell.  The cell's
 * other CPUs wait for Linux's INIT/SIPI.
 */
#include <inmate.h>
#include <inmate/param.h>

/* Offsets in the setup_data node that follows the zero page (the same as
 * tools/linux-boot.h's SD_JH_*; the node header is 16 bytes). */
#define SD_TYPE 8
#define SD_JH 16
#define SETUP_JAILHOUSE 6
#define SD_JH_PM_TIMER (SD_JH + 4)
#define SD_JH_NUM_CPUS (SD_JH + 6)
#define SD_JH_MMCONFIG (SD_JH + 8)
#define SD_JH_TSC_KHZ (SD_JH + 16)
#define SD_JH_APIC_KHZ (SD_JH + 20)
#define SD_JH_CPU_IDS (SD_JH + 25)
#define MAX_APIC_ID 254
#define ZERO_PAGE_SIZE 4096
#define ENTRY_64 0x200 /* startup_64, from the protected-mode part's start */

#define BOOT_CS 0x10
#define BOOT_DS 0x18

static const u64 linux_gdt[] __attribute__((aligned(8))) = {
	0, 0, 0x00af9a000000ffffULL, /* 0x10: 64-bit code, flat */
	0x00cf92000000ffffULL,	     /* 0x18: data, flat 4 GiB */
};

static void put16(u8 *p, unsigned long off, u16 v)
{
	p[off] = v;
	p[off + 1] = v >> 8;
}

static void put32(u8 *p, unsigned long off, u32 v)
{
	put16(p, off, v);
	put16(p, off + 2, v >> 16);
}

/* Status 0, or -1 after saying why Linux cannot be started. */
static int fill_cpu_fields(u8 *node)
{
	const struct jailhouse_comm_platform *pf = &comm_region()->platform;
	unsigned int n;

	if (node[SD_TYPE] != SETUP_JAILHOUSE) {
		printk("linux-loader: no Jailhouse setup_data after the zero "
		       "page (was the kernel loaded by `jailhouse cell "
		       "linux`?)\n");
		return -1;
	}
	for (n = 0; n < pf->num_cpus; n++)
		if (pf->cpu_apic_ids[n] > MAX_APIC_ID) {
			printk("linux-loader: CPU %u has APIC ID %u; Linux's "
			       "setup_data takes IDs up to %u\n",
			       n, pf->cpu_apic_ids[n], MAX_APIC_ID);
			return -1;
		}
	put16(node, SD_JH_PM_TIMER, pf->pm_timer_address);
	put16(node, SD_JH_NUM_CPUS, pf->num_cpus);
	put32(node, SD_JH_MMCONFIG, pf->pci_mmconfig_base);
	put32(node, SD_JH_MMCONFIG + 4, pf->pci_mmconfig_base >> 32);
	put32(node, SD_JH_TSC_KHZ, pf->tsc_khz);
	put32(node, SD_JH_APIC_KHZ, pf->apic_khz);
	for (n = 0; n < pf->num_cpus; n++)
		node[SD_JH_CPU_IDS + n] = pf->cpu_apic_ids[n];
	return 0;
}

static void __attribute__((noreturn)) enter_linux(u64 entry, u64 zero_page)
{
	struct {
		u16 limit;
		u64 base;
	} __attribute__((packed))
	gdtr = { sizeof(linux_gdt) - 1, (u64)linux_gdt };

	asm volatile("cli\n\t"
		     "lgdt %0\n\t"
		     "mov %1, %%ds\n\t"
		     "mov %1, %%es\n\t"
		     "mov %1, %%ss\n\t"
		     /* far return: CS = __BOOT_CS, then on at 1: */
		     "pushq %2\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "jmp *%3"
		     :
		     : "m"(gdtr), "r"((u64)BOOT_DS), "i"(BOOT_CS), "r"(entry),
		       "S"(zero_page)
		     : "rax", "memory");
	__builtin_unreachable();
}

void inmate_main(void)
{
	u64 zero_page = param_ulong("zero_page", 0);
	u64 kernel = param_ulong("kernel", 0);

	if (!zero_page || !kernel) {
		printk("linux-loader: no zero_page/kernel parameters: start "
		       "Linux with `jailhouse cell linux`\n");
		return;
	}
	if (fill_cpu_fields((u8 *)(zero_page + ZERO_PAGE_SIZE)))
		return;
	printk("linux-loader: starting Linux at %#llx, zero page %#llx, "
	       "%u CPUs\n",
	       kernel, zero_page, comm_region()->platform.num_cpus);
	enter_linux(kernel + ENTRY_64, zero_page);
}
