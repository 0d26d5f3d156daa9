// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI's binary layout is a promise to every config file ever compiled:
 * pin the offsets that consumers read, and the accessors that walk the
 * arrays behind a descriptor.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <jailhouse/config.h>
#include <jailhouse/comm-region.h>
#include <jailhouse/fault.h>
#include <jailhouse/handover.h>
#include <jailhouse/hypercall.h>
#include <jailhouse/image.h>
#include <jailhouse/ioctl.h>

static void cell_desc_offsets_are_stable(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct jailhouse_cell_desc, revision), 6);
	assert_int_equal(offsetof(struct jailhouse_cell_desc, name), 8);
	assert_int_equal(offsetof(struct jailhouse_cell_desc, flags), 40);
	assert_int_equal(offsetof(struct jailhouse_cell_desc, cpu_set_size),
			 44);
	assert_int_equal(offsetof(struct jailhouse_cell_desc,
				  cpu_reset_address),
			 72);
	assert_int_equal(offsetof(struct jailhouse_cell_desc, console), 88);
}

static void system_desc_ends_with_root_cell(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct jailhouse_system_desc,
				  hypervisor_memory),
			 16);
	assert_int_equal(offsetof(struct jailhouse_system_desc, root_cell) +
				 sizeof(struct jailhouse_cell_desc),
			 sizeof(struct jailhouse_system_desc));
	assert_int_equal(offsetof(struct jailhouse_system_desc, root_cell),
			 232);
	assert_int_equal(sizeof(struct jailhouse_system_desc), 344);
}

/*
 * Revision 3: the DMAR's scopes and RMRRs behind the root's arrays, their
 * counts where the system descriptor had a reserved word, the DMA alias
 * in the PCI device's reserved word; no size changed.
 */
static void dmar_scopes_and_rmrrs(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct jailhouse_system_desc,
				  num_iommu_scopes),
			 12);
	assert_int_equal(offsetof(struct jailhouse_system_desc, num_rmrrs), 14);
	assert_int_equal(offsetof(struct jailhouse_pci_device, dma_alias), 60);
	assert_int_equal(sizeof(struct jailhouse_iommu_scope), 16);
	assert_int_equal(offsetof(struct jailhouse_iommu_scope, segment), 4);
	assert_int_equal(offsetof(struct jailhouse_iommu_scope, bdf), 6);
	assert_int_equal(offsetof(struct jailhouse_iommu_scope, secondary_bus),
			 8);
	assert_int_equal(sizeof(struct jailhouse_rmrr), 24);
	assert_int_equal(offsetof(struct jailhouse_rmrr, segment), 16);
}

/* Revision 2 appended the FADT's ports to the platform part. */
static void platform_fadt_ports_follow_the_iommu_units(void **state)
{
	(void)state;
	assert_int_equal(JAILHOUSE_CONFIG_REVISION, 5);
	assert_int_equal(offsetof(struct jailhouse_system_desc, platform), 72);
	assert_int_equal(offsetof(struct jailhouse_x86_platform, iommu_units),
			 24);
	assert_int_equal(offsetof(struct jailhouse_x86_platform,
				  smi_command_port),
			 152);
	assert_int_equal(offsetof(struct jailhouse_x86_platform,
				  pm1a_control_port),
			 154);
	assert_int_equal(offsetof(struct jailhouse_x86_platform,
				  pm1b_control_port),
			 156);
	assert_int_equal(offsetof(struct jailhouse_x86_platform,
				  pm1_control_length),
			 158);
	assert_int_equal(sizeof(struct jailhouse_x86_platform), 160);
	/* revision 5: the remapping tables' size in the old reserved byte */
	assert_int_equal(offsetof(struct jailhouse_x86_platform,
				  iommu_ir_order),
			 11);
}

/* Revision 2 appended the BAR addresses and the MSI-X PBA. */
static void pci_device_register_addresses_follow(void **state)
{
	struct jailhouse_pci_device d = { 0 };

	(void)state;
	assert_int_equal(offsetof(struct jailhouse_pci_device, bar_mask), 28);
	assert_int_equal(offsetof(struct jailhouse_pci_device, bar_address),
			 64);
	assert_int_equal(offsetof(struct jailhouse_pci_device,
				  msix_pba_address),
			 112);
	/* revision 4 appended a bridge's buses and windows */
	assert_int_equal(offsetof(struct jailhouse_pci_device, secondary_bus),
			 120);
	assert_int_equal(offsetof(struct jailhouse_pci_device, io_window), 128);
	assert_int_equal(offsetof(struct jailhouse_pci_device, mem_window),
			 144);
	assert_int_equal(offsetof(struct jailhouse_pci_device, pref_window),
			 160);
	assert_int_equal(sizeof(d), 176);
	/* a 32-bit memory BAR of 4 KiB */
	d.bar_mask[0] = 0xfffff000;
	d.bar_address[0] = 0xfebf0000;
	assert_int_equal(jailhouse_pci_bar_size(&d, 0), 0x1000);
	/* a 64-bit one of 16 KiB in slots 2 and 3 */
	d.bar_mask[2] = 0xffffc00c;
	d.bar_mask[3] = 0xffffffff;
	d.bar_address[2] = 0x800000000ULL | 0xc;
	assert_true(jailhouse_pci_bar_is_64bit(&d, 2));
	assert_int_equal(jailhouse_pci_bar_size(&d, 2), 0x4000);
	/* an I/O BAR has no memory size */
	d.bar_mask[4] = 0xffffffe0;
	d.bar_address[4] = 0xc001;
	assert_int_equal(jailhouse_pci_bar_size(&d, 4), 0);
	/* a 64-bit BAR in the last slot has no upper half */
	d.bar_mask[5] = 0xfffff000;
	d.bar_address[5] = 0xfe000004;
	assert_int_equal(jailhouse_pci_bar_size(&d, 5), 0);
}

/* A cell with one of everything, laid out as a .cell file would be. */
struct one_of_each {
	struct jailhouse_cell_desc cell;
	__u64 cpus[2];
	struct jailhouse_memory mem[3];
	struct jailhouse_irqchip irqchips[1];
	struct jailhouse_pio pio[2];
	struct jailhouse_pci_device pci[1];
	struct jailhouse_pci_capability caps[4];
} JH_PACKED;

static void accessors_walk_the_arrays_in_order(void **state)
{
	static struct one_of_each c;

	(void)state;
	c.cell.cpu_set_size = sizeof(c.cpus);
	c.cell.num_memory_regions = 3;
	c.cell.num_irqchips = 1;
	c.cell.num_pio_regions = 2;
	c.cell.num_pci_devices = 1;
	c.cell.num_pci_caps = 4;

	assert_ptr_equal(jailhouse_cell_cpu_set(&c.cell), (const __u8 *)c.cpus);
	assert_ptr_equal(jailhouse_cell_mem_regions(&c.cell), c.mem);
	assert_ptr_equal(jailhouse_cell_irqchips(&c.cell), c.irqchips);
	assert_ptr_equal(jailhouse_cell_pio(&c.cell), c.pio);
	assert_ptr_equal(jailhouse_cell_pci_devices(&c.cell), c.pci);
	assert_ptr_equal(jailhouse_cell_pci_caps(&c.cell), c.caps);
	assert_int_equal(jailhouse_cell_config_size(&c.cell), sizeof(c));
}

static void cpu_set_bits_map_to_cpus(void **state)
{
	static struct one_of_each c;

	(void)state;
	c.cell.cpu_set_size = sizeof(c.cpus);
	c.cpus[0] = 0x6;
	c.cpus[1] = 1;
	assert_false(jailhouse_cpu_in_set(&c.cell, 0));
	assert_true(jailhouse_cpu_in_set(&c.cell, 1));
	assert_true(jailhouse_cpu_in_set(&c.cell, 2));
	assert_true(jailhouse_cpu_in_set(&c.cell, 64));
	assert_false(jailhouse_cpu_in_set(&c.cell, 65));
	/* beyond the set: never a member, never read out of bounds */
	assert_false(jailhouse_cpu_in_set(&c.cell, 128));
	assert_false(jailhouse_cpu_in_set(&c.cell, 100000));
}

static void config_size_does_not_overflow_32_bits(void **state)
{
	struct jailhouse_cell_desc c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.num_memory_regions = 0xffffffff;
	assert_true(jailhouse_cell_config_size(&c) >
		    (__u64)0xffffffff * sizeof(struct jailhouse_memory) - 1);
}

static void hypervisor_signature_matches_linux_guest_detection(void **state)
{
	char sig[13] = { 0 };
	__u32 regs[3] = { JAILHOUSE_CPUID_SIG_EBX, JAILHOUSE_CPUID_SIG_ECX,
			  JAILHOUSE_CPUID_SIG_EDX };

	(void)state;
	memcpy(sig, regs, 12);
	/* arch/x86/kernel/jailhouse.c compares against "Jailhouse\0\0\0" */
	assert_memory_equal(sig, "Jailhouse\0\0\0", 12);
}

static void stat_and_fault_names_cover_every_value(void **state)
{
	static const char *const stats[] = JAILHOUSE_CPU_STAT_NAMES;
	static const char *const faults[] = JAILHOUSE_FAULT_NAMES;

	(void)state;
	assert_int_equal(sizeof(stats) / sizeof(stats[0]),
			 JAILHOUSE_NUM_CPU_STATS);
	assert_int_equal(sizeof(faults) / sizeof(faults[0]),
			 JAILHOUSE_FAULT_MAX + 1);
}

/*
 * The hand-over structures: the driver writes them, the hypervisor reads
 * them at entry, trampoline.S uses the offsets Kbuild generates from them.
 * The stack fills the trampoline block from the end of its fields.
 */
static void handover_structures_are_stable(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct jailhouse_trampoline_cpu),
			 JAILHOUSE_TCPU_SIZE);
	assert_int_equal(offsetof(struct jailhouse_trampoline_cpu, shared_gdtr),
			 24);
	assert_int_equal(offsetof(struct jailhouse_trampoline_cpu,
				  linux_gdtr_rw),
			 112);
	assert_int_equal(offsetof(struct jailhouse_trampoline_cpu, stack), 128);
	assert_int_equal(sizeof(struct jailhouse_descriptor_table), 16);
	assert_int_equal(sizeof(struct jailhouse_segment), 24);
	assert_int_equal(sizeof(struct jailhouse_handover_mapping), 24);
	assert_int_equal(offsetof(struct jailhouse_handover_area, mappings),
			 40);
	assert_int_equal(offsetof(struct jailhouse_handover_area, cpu),
			 40 + JAILHOUSE_HANDOVER_MAX_MAPPINGS *
					 sizeof(struct jailhouse_handover_mapping));
}

/* A driver reads these of an image of any revision to name it. */
static void image_revision_and_version_stay_in_place(void **state)
{
	(void)state;
	assert_int_equal(offsetof(struct jailhouse_image_header, revision), 8);
	assert_int_equal(offsetof(struct jailhouse_image_header, version),
			 JAILHOUSE_IMAGE_VERSION_OFFSET);
	assert_true(JAILHOUSE_IMAGE_REVISION >=
		    JAILHOUSE_IMAGE_FIRST_VERSIONED);
}

static void ioctl_numbers_are_distinct(void **state)
{
	unsigned long nr[] = { JAILHOUSE_ENABLE,      JAILHOUSE_DISABLE,
			       JAILHOUSE_CELL_CREATE, JAILHOUSE_CELL_LOAD,
			       JAILHOUSE_CELL_START,  JAILHOUSE_CELL_SHUTDOWN,
			       JAILHOUSE_CELL_DESTROY };
	unsigned int i, j;

	(void)state;
	for (i = 0; i < sizeof(nr) / sizeof(nr[0]); i++)
		for (j = i + 1; j < sizeof(nr) / sizeof(nr[0]); j++)
			assert_true(nr[i] != nr[j]);
}

/* Inmates built against the first layout keep working: the message
 * vector was appended, and 0 (the hypervisor's start value) means none. */
static void comm_region_message_vector_appended(void **state)
{
	(void)state;
	assert_int_equal(JAILHOUSE_COMM_REVISION, 1);
	assert_int_equal(offsetof(struct jailhouse_comm_region, msg_to_cell),
			 12);
	assert_int_equal(offsetof(struct jailhouse_comm_region, platform), 48);
	assert_int_equal(offsetof(struct jailhouse_comm_region, msg_vector),
			 328);
	assert_int_equal(sizeof(struct jailhouse_comm_region), 336);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cell_desc_offsets_are_stable),
		cmocka_unit_test(system_desc_ends_with_root_cell),
		cmocka_unit_test(platform_fadt_ports_follow_the_iommu_units),
		cmocka_unit_test(dmar_scopes_and_rmrrs),
		cmocka_unit_test(pci_device_register_addresses_follow),
		cmocka_unit_test(accessors_walk_the_arrays_in_order),
		cmocka_unit_test(cpu_set_bits_map_to_cpus),
		cmocka_unit_test(config_size_does_not_overflow_32_bits),
		cmocka_unit_test(
			hypervisor_signature_matches_linux_guest_detection),
		cmocka_unit_test(stat_and_fault_names_cover_every_value),
		cmocka_unit_test(handover_structures_are_stable),
		cmocka_unit_test(image_revision_and_version_stay_in_place),
		cmocka_unit_test(ioctl_numbers_are_distinct),
		cmocka_unit_test(comm_region_message_vector_appended),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
