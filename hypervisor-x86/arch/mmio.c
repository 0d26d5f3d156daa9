// SPDX-License-Identifier: GPL-2.0
/*
 * Sub-page MMIO regions (JAILHOUSE_MEM_IO_UNALIGNED), e.g. one register
 * of a device page whose other registers belong to the root.  Their page
 * is in no EPT, so every access exits.  The exiting instruction is decoded
 * (mmio_decode_exit()), the access checked against the cell's regions
 * (mmio-region.c) and, if allowed, made on the device with exactly the
 * decoded width through this CPU's uncached window (memory.c); a load
 * then goes into the guest's register as the instruction would have put
 * it there, and RIP moves past the instruction.
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "mmio.h"
#include "mmio-decode.h"
#include "mmio-region.h"
#include "vmexit.h"
#include "vmx.h"

/* EPT violation exit qualification (SDM vol. 3, table 28-7). */
#define EPT_QUAL_FETCH		(1UL << 2)
#define EPT_QUAL_LINEAR_VALID	(1UL << 7)
#define EPT_QUAL_TRANSLATED	(1UL << 8)

/* Volatile accesses of exactly `size` bytes: a device register may react
 * to the width (the HPET counter latches on a 64-bit read). */
static __u64 device_read(const volatile void *at, unsigned int size)
{
	switch (size) {
	case 1:
		return *(const volatile __u8 *)at;
	case 2:
		return *(const volatile __u16 *)at;
	case 4:
		return *(const volatile __u32 *)at;
	}
	return *(const volatile __u64 *)at;
}

static void device_write(volatile void *at, unsigned int size, __u64 value)
{
	switch (size) {
	case 1:
		*(volatile __u8 *)at = value;
		break;
	case 2:
		*(volatile __u16 *)at = value;
		break;
	case 4:
		*(volatile __u32 *)at = value;
		break;
	default:
		*(volatile __u64 *)at = value;
	}
}

static int refuse(const struct per_cpu *cpu, __u64 gphys, int err,
		  const char *why)
{
	printk("CPU %u: sub-page MMIO access at 0x%llx refused: %s\n",
	       cpu->cpu_id, (unsigned long long)gphys, why);
	return err;
}

/*
 * A page walk of the guest reading a table in the region: there is no
 * data access to emulate (the instruction at RIP has its operand
 * elsewhere), and answering with that operand's value would be wrong.
 */
static int page_walk(unsigned long qual)
{
	return (qual & EPT_QUAL_LINEAR_VALID) && !(qual & EPT_QUAL_TRANSLATED);
}

/* The access on the device; returns what a load read. */
static __u64 perform(struct guest_regs *regs,
		     const struct mmio_instruction *insn, volatile void *at)
{
	if (!insn->is_write)
		return device_read(at, insn->access_size);
	device_write(at, insn->access_size, mmio_store_operand(insn, regs));
	return 0;
}

int mmio_handle_subpage(struct per_cpu *cpu, struct guest_regs *regs,
			__u64 gphys)
{
	const struct jailhouse_cell_desc *config = cpu->cell->config;
	unsigned long qual = vmcs_read(EXIT_QUALIFICATION);
	const struct mmio_instruction *insn;
	struct mmio_region_hit hit;
	const char *why;
	void *at;
	int err;

	/* the usual case of an EPT violation: no region, nothing to decode;
	 * and code is never run from a region (a memory violation too) */
	if (!mmio_region_in_page(config, gphys) ||
	    (qual & EPT_QUAL_FETCH))
		return -ENOENT;
	if (page_walk(qual))
		return refuse(cpu, gphys, -EPERM,
			      "the guest's page tables are in the region");
	insn = mmio_decode_exit(cpu, gphys & ~PAGE_MASK);
	if (!insn)
		return refuse(cpu, gphys, -EINVAL,
			      "the instruction cannot be emulated");
	err = mmio_region_find(config, gphys, insn->access_size,
			       insn->is_write, &hit, &why);
	if (err == -ENOENT)
		return err;
	if (err)
		return refuse(cpu, gphys, err, why);
	at = mmio_window(cpu, hit.phys);
	if (!at)
		return refuse(cpu, gphys, -EINVAL,
			      "the device page cannot be mapped");
	mmio_complete(insn, regs, perform(regs, insn, at));
	return 0;
}
