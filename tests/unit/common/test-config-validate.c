// SPDX-License-Identifier: GPL-2.0
/*
 * config-validate.c: every refusal path of jh_config_validate(), each with
 * the sentence the user gets.  Each test starts from a valid config and
 * breaks one thing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "config-builder.h"
#include <common/config-validate.h>
#include <common/env.h>

static struct test_system sys;
static struct test_cell cell;

static int setup(void **state)
{
	(void)state;
	fill_system(&sys);
	fill_cell(&cell, "demo", 0x2, 0x3a600000);
	return 0;
}

static void expect_refusal(const void *buf, unsigned long size,
			   const char *expected)
{
	char msg[JAILHOUSE_MSG_MAX];

	assert_int_equal(jh_config_validate(buf, size, msg, sizeof(msg)),
			 -EINVAL);
	if (!strstr(msg, expected))
		fail_msg("expected \"%s\" in \"%s\"", expected, msg);
}

static void expect_valid(const void *buf, unsigned long size)
{
	char msg[JAILHOUSE_MSG_MAX];

	if (jh_config_validate(buf, size, msg, sizeof(msg)))
		fail_msg("refused: %s", msg);
}

#define SYS_REFUSED(expected) expect_refusal(&sys, sizeof(sys), expected)
#define CELL_REFUSED(expected) expect_refusal(&cell, sizeof(cell), expected)

static void test_valid_configs_pass(void **state)
{
	char msg[JAILHOUSE_MSG_MAX] = "stale";

	(void)state;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), msg,
					    sizeof(msg)),
			 0);
	assert_string_equal(msg, "");
	assert_int_equal(jh_config_validate(&cell, sizeof(cell), msg,
					    sizeof(msg)),
			 0);
}

static void test_unknown_signature_and_bad_sizes(void **state)
{
	char junk[16] = "NOTCFG";

	(void)state;
	expect_refusal(junk, sizeof(junk),
		       "config: signature is neither "
		       "\"JHSYST\" (system) nor \"JHCELL\" (cell)");
	expect_refusal(junk, 3, "config: 3 bytes, too small to be a config");
	expect_refusal(NULL, 0, "too small");
	expect_refusal(&sys, JAILHOUSE_MAX_CONFIG_SIZE + 1UL,
		       "larger than the maximum");
	expect_refusal(&sys, 100,
		       "system config: 100 bytes, smaller than a "
		       "system descriptor (344 bytes)");
	expect_refusal(&cell, 50,
		       "cell config: 50 bytes, smaller than a cell "
		       "descriptor (112 bytes)");
	expect_refusal(&sys, sizeof(sys) - 1,
		       "the counts in the descriptor "
		       "add up to");
	expect_refusal(&cell, sizeof(cell) - 8,
		       "cell config \"demo\": the "
		       "counts in the descriptor add up to 568 bytes, but the "
		       "config has 560 bytes");
}

static void test_system_signature_revision_flags(void **state)
{
	(void)state;
	/* revision 4 lacks the remapping tables' size: refused, not read
	 * as tables of one entry */
	sys.header.revision = 4;
	SYS_REFUSED(
		"system config: revision is 4, this hypervisor reads revision 5");
	fill_system(&sys);
	sys.header.flags |= 0x80;
	SYS_REFUSED("system config: unknown flags 0x80");
	fill_system(&sys);
	sys.header.root_cell.signature[0] = 'X';
	SYS_REFUSED(
		"system config: the root cell's signature is not \"JHCELL\"");
	fill_system(&sys);
	sys.header.root_cell.revision = 0;
	SYS_REFUSED("the root cell's revision is 0");
	fill_system(&sys);
	sys.header.root_cell.flags = 0x100;
	SYS_REFUSED("the root cell has unknown flags 0x100");
}

static void test_cell_signature_revision_flags_name(void **state)
{
	(void)state;
	cell.header.revision = 1;
	CELL_REFUSED("cell config: the revision is 1");
	setup(NULL);
	cell.header.flags = 0x80000000;
	CELL_REFUSED(
		"cell config \"demo\": the cell has unknown flags 0x80000000");
	setup(NULL);
	memset(cell.header.name, 'x', sizeof(cell.header.name));
	CELL_REFUSED(
		"cell config: the cell name is not NUL-terminated within 32 bytes");
	setup(NULL);
	cell.header.name[0] = 0;
	CELL_REFUSED("the cell name is empty");
	setup(NULL);
	cell.header.name[1] = '\n';
	CELL_REFUSED("control character 0x0a at position 1");
}

static void test_counts_above_maximum(void **state)
{
	(void)state;
	sys.header.root_cell.num_memory_regions = JAILHOUSE_MAX_MEM_REGIONS + 1;
	SYS_REFUSED("num_memory_regions is 257, more than the maximum of 256");
	fill_system(&sys);
	sys.header.root_cell.num_irqchips = JAILHOUSE_MAX_IRQCHIPS + 1;
	SYS_REFUSED("num_irqchips is 9, more than the maximum of 8");
	setup(NULL);
	cell.header.num_pio_regions = 1000;
	CELL_REFUSED("num_pio_regions is 1000, more than the maximum of 64");
	setup(NULL);
	cell.header.num_pci_devices = 0xffffffff;
	CELL_REFUSED(
		"num_pci_devices is 4294967295, more than the maximum of 256");
	setup(NULL);
	cell.header.num_pci_caps = JAILHOUSE_MAX_PCI_CAPS + 1;
	CELL_REFUSED("num_pci_caps is 1025");
	setup(NULL);
	cell.header.cpu_set_size = 40;
	CELL_REFUSED("cpu_set_size is 40, more than the maximum of 32");
	setup(NULL);
	cell.header.cpu_set_size = 12;
	CELL_REFUSED("cpu_set_size is 12, it must be a non-zero multiple of 8");
	setup(NULL);
	cell.header.cpu_set_size = 0;
	CELL_REFUSED("cpu_set_size is 0");
}

static void test_empty_cpu_set(void **state)
{
	(void)state;
	sys.cpus[0] = 0;
	SYS_REFUSED("system config: the CPU set is empty");
	cell.cpus[0] = 0;
	CELL_REFUSED("cell config \"demo\": the CPU set is empty");
}

static void test_hypervisor_memory(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	/* the exact sentence users see */
	sys.mem[2].phys_start = 0x39e00000;
	sys.mem[2].virt_start = 0x39e00000;
	sys.mem[1].size = 0x39d00000;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), msg,
					    sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "system config: hypervisor memory "
				 "0x3a000000+0x600000 overlaps root region 2");
	fill_system(&sys);
	sys.header.hypervisor_memory.phys_start = 0x3a000800;
	SYS_REFUSED(
		"hypervisor memory 0x3a000800+0x600000 is empty, not page aligned");
	fill_system(&sys);
	sys.header.hypervisor_memory.size = 0x600400;
	SYS_REFUSED("not page aligned");
	fill_system(&sys);
	sys.header.hypervisor_memory.size = 0;
	SYS_REFUSED("hypervisor memory 0x3a000000+0x0 is empty");
}

static void test_iommu_opt_in(void **state)
{
	(void)state;
	/* the unsafe opt-in alone runs without IOMMU, as with NO_IOMMU */
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), NULL, 0), 0);
	sys.header.flags |= JAILHOUSE_SYS_NO_IOMMU; /* old configs: both */
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), NULL, 0), 0);
	sys.header.flags = 0;
	SYS_REFUSED("system config: no IOMMU unit is declared; running without "
		    "DMA isolation needs the explicit opt-in flag "
		    "JAILHOUSE_SYS_NO_IOMMU");
	sys.header.flags = JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA;
	sys.header.platform.num_iommu_units = 1;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[0].base = 0xfed90000;
	sys.header.platform.iommu_units[0].size = 0x1000;
	SYS_REFUSED("JAILHOUSE_SYS_UNSAFE_UNISOLATED_DMA (run without IOMMU "
		    "and let cells' devices DMA anywhere) is set, but 1 IOMMU "
		    "units are declared");
	sys.header.flags = JAILHOUSE_SYS_NO_IOMMU;
	SYS_REFUSED(
		"JAILHOUSE_SYS_NO_IOMMU is set, but 1 IOMMU units are declared");
	sys.header.flags = 0;
	sys.header.platform.iommu_units[0].base = 0xfed90800;
	SYS_REFUSED("IOMMU unit 0 has base 0xfed90800 and size 0x1000");
	sys.header.platform.num_iommu_units = 9;
	SYS_REFUSED("num_iommu_units is 9, more than the maximum of 8");
	/* with one good unit, devices must name it */
	sys.header.platform.num_iommu_units = 1;
	sys.header.platform.iommu_ir_order = 10;
	sys.header.platform.iommu_units[0].base = 0xfed90000;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), NULL, 0), 0);
	sys.pci[2].iommu = 1;
	SYS_REFUSED(
		"root PCI device 2 refers to IOMMU unit 1, but the system has 1");
	sys.pci[2].iommu = 0;
	sys.irqchips[0].iommu = 3;
	SYS_REFUSED("root IOAPIC 0 refers to IOMMU unit 3");
}

/* Each unit's interrupt remapping table: 2^8 to 2^16 entries with units,
 * no size without them. */
static void test_iommu_ir_order(void **state)
{
	static const unsigned int bad[] = { 0, 7, 17, 255 };
	char expected[160];
	unsigned int n;

	(void)state;
	sys.header.flags = 0;
	sys.header.platform.num_iommu_units = 1;
	sys.header.platform.iommu_units[0].base = 0xfed90000;
	sys.header.platform.iommu_units[0].size = 0x1000;
	for (n = JAILHOUSE_IOMMU_IR_ORDER_MIN;
	     n <= JAILHOUSE_IOMMU_IR_ORDER_MAX; n++) {
		sys.header.platform.iommu_ir_order = n;
		assert_int_equal(jh_config_validate(&sys, sizeof(sys), NULL, 0),
				 0);
	}
	for (n = 0; n < sizeof(bad) / sizeof(bad[0]); n++) {
		sys.header.platform.iommu_ir_order = bad[n];
		snprintf(expected, sizeof(expected),
			 "iommu_ir_order is %u; each IOMMU unit's interrupt "
			 "remapping table has 2^iommu_ir_order entries, with 8 "
			 "to 16 allowed",
			 bad[n]);
		SYS_REFUSED(expected);
	}
	sys.header.platform.num_iommu_units = 0;
	sys.header.flags = JAILHOUSE_SYS_NO_IOMMU;
	sys.header.platform.iommu_ir_order = 10;
	SYS_REFUSED("iommu_ir_order is 10, but no IOMMU unit is declared; it "
		    "must be 0");
	sys.header.platform.iommu_ir_order = 0;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), NULL, 0), 0);
}

static void test_platform_fields(void **state)
{
	(void)state;
	sys.header.platform.apic_mode = 2;
	SYS_REFUSED("apic_mode 2 is neither xAPIC (0) nor x2APIC (1)");
	fill_system(&sys);
	sys.header.platform.pci_mmconfig_base = 0xe0080000;
	SYS_REFUSED("pci_mmconfig_base 0xe0080000 is not 1 MiB aligned");
	fill_system(&sys);
	sys.header.platform.pm_timer_address = 0xfffe;
	SYS_REFUSED("pm_timer_address 0xfffe is outside the port space");
	fill_system(&sys);
	sys.header.debug_console.type = 9;
	SYS_REFUSED("the debug console has unknown type 9");
	fill_system(&sys);
	sys.header.debug_console.address = 0xfffc;
	SYS_REFUSED(
		"the debug console port range 0xfffc+0x8 exceeds the 64 KiB port space");
	setup(NULL);
	cell.header.console.type = 3;
	CELL_REFUSED("the cell's console has unknown type 3");
}

static void test_region_flags(void **state)
{
	(void)state;
	sys.mem[3].flags |= 0x4000;
	SYS_REFUSED("system config: root region 3 has unknown flags 0x4000");
	fill_system(&sys);
	sys.mem[3].flags = JAILHOUSE_MEM_DMA;
	SYS_REFUSED("root region 3 grants no access");
	fill_system(&sys);
	sys.mem[3].flags = JAILHOUSE_MEM_WRITE;
	SYS_REFUSED("root region 3 is writable but not readable");
	fill_system(&sys);
	sys.mem[4].flags |= JAILHOUSE_MEM_IO_32;
	SYS_REFUSED(
		"root region 4 has access widths but is not a sub-page region");
	fill_system(&sys);
	sys.mem[4].flags |= JAILHOUSE_MEM_IO_UNALIGNED;
	SYS_REFUSED("root region 4 is a sub-page region but lacks");
	fill_system(&sys);
	sys.mem[0].flags |= JAILHOUSE_MEM_COMM_REGION;
	SYS_REFUSED(
		"root region 0 is a comm region, which the root cell does not have");
	fill_system(&sys);
	sys.mem[0].flags |= JAILHOUSE_MEM_ROOTSHARED;
	SYS_REFUSED("root region 0 is marked ROOTSHARED");
}

static void test_region_ranges(void **state)
{
	(void)state;
	sys.mem[3].size = 0;
	SYS_REFUSED("root region 3 is empty (size 0)");
	fill_system(&sys);
	sys.mem[3].phys_start += 0x10;
	SYS_REFUSED(
		"root region 3 (0x3f200010+0xe00000 at 0x3f200000) is not page aligned");
	fill_system(&sys);
	sys.mem[3].virt_start += 0x800;
	SYS_REFUSED("is not page aligned");
	fill_system(&sys);
	sys.mem[3].phys_start = 0x000ffffffff00000ULL;
	SYS_REFUSED(
		"root region 3 (0xffffffff00000+0xe00000) extends beyond the 52-bit physical address space");
	fill_system(&sys);
	sys.mem[3].virt_start = 0xfffffffff000ULL;
	SYS_REFUSED("extends beyond the 48-bit guest-physical address space");
	setup(NULL);
	cell.mem[0].size = ~0ULL & ~0xfffULL;
	CELL_REFUSED(
		"memory region 0 (0x3a600000+0xfffffffffffff000) extends beyond");
}

static void test_regions_overlapping_each_other(void **state)
{
	(void)state;
	sys.mem[3].virt_start = 0x3f000000;
	SYS_REFUSED(
		"root region 3 (at 0x3f000000+0xe00000) overlaps root region 2 in the cell's address space");
	fill_system(&sys);
	sys.mem[5].virt_start = 0xfee00000;
	sys.mem[5].phys_start = 0x3f300000;
	SYS_REFUSED(
		"root region 5 (0x3f300000+0x1000) overlaps root region 3 in physical memory");
	setup(NULL);
	cell.mem[1].virt_start = 0x80000;
	CELL_REFUSED(
		"memory region 1 (at 0x80000+0x1000) overlaps memory region 0");
	setup(NULL);
	cell.mem[2].flags = JAILHOUSE_MEM_RW | JAILHOUSE_MEM_COMM_REGION;
	CELL_REFUSED(
		"memory region 2 is a second comm region (the first is memory region 1)");
}

static void test_sub_page_region_is_accepted(void **state)
{
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	cell.mem[2] =
		(struct jailhouse_memory){ 0xfed00100, 0xfed00100, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_32 };
	assert_int_equal(jh_config_validate(&cell, sizeof(cell), msg,
					    sizeof(msg)),
			 0);
}

static void test_sub_page_region_that_reaches_other_bytes(void **state)
{
	(void)state;
	cell.mem[2] =
		(struct jailhouse_memory){ 0xfed00ff8, 0xfed00ff8, 0x10,
					   JAILHOUSE_MEM_RW | JAILHOUSE_MEM_IO |
						   JAILHOUSE_MEM_IO_UNALIGNED |
						   JAILHOUSE_MEM_IO_32 };
	CELL_REFUSED(
		"cell config \"demo\": sub-page memory region 2 (0xfed00ff8+0x10) crosses a page boundary");
	/* ending exactly at the page end is fine */
	cell.mem[2].size = 8;
	expect_valid(&cell, sizeof(cell));
	cell.mem[2].phys_start = 0xfed00100;
	cell.mem[2].virt_start = 0xfed00108;
	CELL_REFUSED(
		"cell config \"demo\": sub-page memory region 2 (0xfed00100+0x8 at 0xfed00108) has a different offset within the page in the cell than in physical memory");
	/* another page in the cell, the same offset: fine */
	cell.mem[2].virt_start = 0x200100;
	expect_valid(&cell, sizeof(cell));
	/* a larger region that starts mid-page */
	cell.mem[2].size = 0x1000;
	CELL_REFUSED(
		"sub-page memory region 2 (0xfed00100+0x1000) crosses a page boundary");
}

static void test_fadt_ports_in_port_space(void **state)
{
	(void)state;
	sys.header.platform.pm1a_control_port = 0xfffe;
	sys.header.platform.pm1_control_length = 4;
	SYS_REFUSED(
		"system config: the PM1 control blocks at ports 0xfffe and 0x0 (4 bytes each) exceed the 64 KiB port space");
	sys.header.platform.pm1_control_length = 2;
	expect_valid(&sys, sizeof(sys));
	sys.header.platform.reserved2 = 1;
	SYS_REFUSED("platform reserved2 is 0x1, it must be 0");
}

static void test_cell_reset_address(void **state)
{
	(void)state;
	cell.header.cpu_reset_address = 0x100010; /* in the comm region */
	CELL_REFUSED(
		"cell config \"demo\": cpu_reset_address 0x100010 is not inside an executable memory region");
	cell.header.cpu_reset_address = 0xfed00000; /* not executable */
	CELL_REFUSED("cpu_reset_address 0xfed00000");
}

static void test_irqchips(void **state)
{
	(void)state;
	sys.irqchips[0].pin_bitmap[0] = 0x01ffffff;
	SYS_REFUSED(
		"root IOAPIC 0: pin_bitmap names pin 24, but the IOAPIC has only 24 pins");
	fill_system(&sys);
	sys.irqchips[0].num_pins = 0;
	SYS_REFUSED("root IOAPIC 0 has 0 pins, it must have 1 to 128");
	fill_system(&sys);
	sys.irqchips[0].num_pins = 200;
	SYS_REFUSED("root IOAPIC 0 has 200 pins");
	fill_system(&sys);
	sys.irqchips[0].address = 0xfec00400;
	SYS_REFUSED(
		"root IOAPIC 0 has address 0xfec00400, not a page-aligned MMIO base");
	setup(NULL);
	cell.irqchips[0].pin_bitmap[3] = 0x80000000;
	CELL_REFUSED("IOAPIC 0: pin_bitmap names pin 127");
}

static void test_duplicate_irqchips(void **state)
{
	struct {
		struct test_system s;
		struct jailhouse_irqchip extra;
	} JH_PACKED two;

	(void)state;
	/* move the tail of the config one irqchip further */
	memcpy(&two, &sys, sizeof(sys));
	memmove(&two.s.irqchips[1], &sys.irqchips[0] + 0,
		sizeof(sys) - offsetof(struct test_system, irqchips));
	two.s.header.root_cell.num_irqchips = 2;
	expect_refusal(&two, sizeof(two),
		       "IOAPIC 1 has the same address 0xfec00000 as IOAPIC 0");
}

static void test_pio_ranges(void **state)
{
	(void)state;
	sys.pio[1].base = 0xbff0;
	SYS_REFUSED(
		"root PIO range 1 (0xbff0+0x100) overlaps root PIO range 0");
	fill_system(&sys);
	sys.pio[1].base = 0xff80;
	SYS_REFUSED(
		"root PIO range 1 (0xff80+0x100) is empty or exceeds the 64 KiB port space");
	fill_system(&sys);
	sys.pio[1].length = 0;
	SYS_REFUSED("root PIO range 1 (0xd000+0x0) is empty");
	setup(NULL);
	cell.pio[0].flags = 2;
	CELL_REFUSED("PIO range 0 has unknown flags 0x2");
}

static void test_pci_devices(void **state)
{
	(void)state;
	sys.pci[2].bdf = 0x0009;
	SYS_REFUSED(
		"PCI device 2 (0000:00:01.1) is listed twice (also device 1)");
	fill_system(&sys);
	sys.pci[0].type = 9;
	SYS_REFUSED("root PCI device 0 (00:00.0) has unknown type 9");
	fill_system(&sys);
	sys.pci[0].flags = 0x100;
	SYS_REFUSED("root PCI device 0 (00:00.0) has unknown flags 0x100");
	fill_system(&sys);
	sys.pci[1].num_caps = 2;
	SYS_REFUSED(
		"root PCI device 1 (00:01.1): capabilities 0+2 lie outside the 1 in the config");
	fill_system(&sys);
	sys.pci[1].caps_start = 0xffffffff;
	SYS_REFUSED("capabilities 4294967295+1 lie outside");
	fill_system(&sys);
	sys.pci[0].type = JAILHOUSE_PCI_TYPE_IVSHMEM;
	sys.pci[0].shmem_regions_start = 6;
	SYS_REFUSED("ivshmem regions start at 6, beyond the 6 memory regions");
	fill_system(&sys);
	sys.caps[0].flags = 0x10;
	SYS_REFUSED("PCI capability 0 has unknown flags 0x10 or length 0");
}

/* ivshmem v2 links (Documentation/ivshmem.md): the memory layout. */
static void test_ivshmem_layout(void **state)
{
	(void)state;
	/* the sample is peer 0 of 2 with its regions from mem[3] */
	expect_valid(&cell, sizeof(cell));
	cell.mem[3].flags |= JAILHOUSE_MEM_WRITE;
	CELL_REFUSED("PCI device 0 (00:1f.0): ivshmem state table (memory "
		     "region 3) is writable; only the hypervisor writes the "
		     "state table and only its owner an output section");
	setup(NULL);
	cell.mem[6].flags |= JAILHOUSE_MEM_WRITE;
	CELL_REFUSED("ivshmem output section of peer 1 (memory region 6) is "
		     "writable");
	setup(NULL);
	cell.mem[4].flags |= JAILHOUSE_MEM_IO;
	CELL_REFUSED("ivshmem read/write section (memory region 4) has flags "
		     "0x10; shared memory may not be I/O, sub-page, the comm "
		     "region or loadable");
	setup(NULL);
	cell.mem[6].size = 0x2000;
	CELL_REFUSED("ivshmem output sections differ in size (peer 1: 0x2000, "
		     "peer 0: 0x1000)");
	setup(NULL);
	cell.pci[0].shmem_peers = 3;
	CELL_REFUSED("an ivshmem link of 3 peers needs 5 memory regions from "
		     "region 3 (state table, read/write section, one output "
		     "section per peer), the config has 4");
	setup(NULL);
	cell.pci[0].shmem_peers = 0;
	CELL_REFUSED("an ivshmem link has 2 to 16 peers, not 0");
	setup(NULL);
	cell.pci[0].shmem_dev_id = 2;
	CELL_REFUSED("ivshmem peer id 2 is not below the 2 peers");
	/* the other peer's view: its own output writable, ours not */
	setup(NULL);
	cell.pci[0].shmem_dev_id = 1;
	CELL_REFUSED("output section of peer 0 (memory region 5) is writable");
	cell.mem[5].flags &= ~(__u64)JAILHOUSE_MEM_WRITE;
	cell.mem[6].flags |= JAILHOUSE_MEM_WRITE;
	expect_valid(&cell, sizeof(cell));
}

static void test_message_buffer_is_respected(void **state)
{
	char msg[16];

	(void)state;
	memset(msg, 'Z', sizeof(msg));
	sys.header.flags = 0;
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), msg, 10),
			 -EINVAL);
	assert_string_equal(msg, "system co");
	assert_int_equal(msg[10], 'Z');
	/* no buffer at all is fine too */
	assert_int_equal(jh_config_validate(&sys, sizeof(sys), NULL, 0),
			 -EINVAL);
}

/* Revision 4: a bridge's buses and windows, and only a bridge's. */
static void test_bridge_windows(void **state)
{
	struct jailhouse_pci_device *b = &sys.pci[0];

	(void)state;
	b->type = JAILHOUSE_PCI_TYPE_BRIDGE;
	b->secondary_bus = 1;
	b->subordinate_bus = 2;
	b->io_window = (struct jailhouse_pci_window){ 0xe000, 0x1000 };
	b->mem_window = (struct jailhouse_pci_window){ 0xfe000000, 0x200000 };
	b->pref_window =
		(struct jailhouse_pci_window){ 0x800000000ULL, 0x10000000 };
	expect_valid(&sys, sizeof(sys));
	b->mem_window.base = 0xfe080000;
	SYS_REFUSED("root PCI device 0 (00:00.0): memory window "
		    "0xfe080000+0x200000 is empty, wraps, or is not aligned "
		    "to 0x100000");
	b->mem_window.base = 0xfe000000;
	b->io_window.size = 0x800;
	SYS_REFUSED("I/O window 0xe000+0x800 is empty, wraps");
	b->io_window.size = 0;
	SYS_REFUSED("I/O window 0xe000+0x0 is empty");
	b->io_window.base = 0;
	b->pref_window.base = 0xfffffffffff00000ULL;
	SYS_REFUSED("prefetchable window 0xfffffffffff00000+0x10000000 is "
		    "empty, wraps");
	b->pref_window.base = 0x800000000ULL;
	/* an open window must name the buses behind it */
	b->secondary_bus = 0;
	SYS_REFUSED("root PCI device 0 (00:00.0): bridge buses 00-02 do not "
		    "lie below its own bus 00");
	b->secondary_bus = 3;
	SYS_REFUSED("bridge buses 03-02 do not lie below");
	b->secondary_bus = 1;
	b->reserved3 = 1;
	SYS_REFUSED("root PCI device 0 (00:00.0): reserved fields set");
	b->reserved3 = 0;
	expect_valid(&sys, sizeof(sys));
	/* a device with a window would be a window nobody checks */
	b->type = JAILHOUSE_PCI_TYPE_DEVICE;
	SYS_REFUSED("root PCI device 0 (00:00.0) is no bridge but has bridge "
		    "buses or windows");
	b->mem_window = b->pref_window = b->io_window =
		(struct jailhouse_pci_window){ 0, 0 };
	SYS_REFUSED("is no bridge but has bridge buses");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup(name, setup)
		T(test_valid_configs_pass),
		T(test_unknown_signature_and_bad_sizes),
		T(test_system_signature_revision_flags),
		T(test_cell_signature_revision_flags_name),
		T(test_counts_above_maximum),
		T(test_empty_cpu_set),
		T(test_hypervisor_memory),
		T(test_iommu_opt_in),
		T(test_iommu_ir_order),
		T(test_platform_fields),
		T(test_region_flags),
		T(test_region_ranges),
		T(test_regions_overlapping_each_other),
		T(test_sub_page_region_is_accepted),
		T(test_sub_page_region_that_reaches_other_bytes),
		T(test_fadt_ports_in_port_space),
		T(test_cell_reset_address),
		T(test_irqchips),
		T(test_duplicate_irqchips),
		T(test_pio_ranges),
		T(test_pci_devices),
		T(test_bridge_windows),
		T(test_ivshmem_layout),
		T(test_message_buffer_is_respected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
