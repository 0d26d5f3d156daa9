// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem-unit.c, the ivshmem unit, on the host: cell_check refusals,
 * links joined at create and left at destroy, the config-space seam, the
 * trapped BAR pages, doorbells and state changes as IPIs on the target's
 * CPU only, a violation stopping the cell, and quiesce telling the peer.
 * ivshmem.c (the device) and arch/pci-msi.c (the MSI-X rules) are the
 * real ones; the hypervisor around them is faked.
 *
 * CPUs 0-3 have APIC IDs 0-3: the root has CPU 0, cell A CPU 1, cell B
 * CPU 2, cell C CPU 3.  A and B (and C in one test) share a link at
 * 00:1f.0 whose state table is at 0x3ae00000.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "apic-regs.h"
#include "cell.h"
#include "ioapic.h"
#include "ioapic-filter.h"
#include "ivshmem.h"
#include "mmio.h"
#include "mmio-traps.h"
#include "printk.h"
#include "unit.h"
#include "vmexit.h"
#include "vtd-hooks.h"

extern const struct hv_unit ivshmem_unit;

#define BDF 0x00f8
#define SHMEM_PHYS 0x3ae00000ULL
#define SHMEM_GPHYS 0x200000ULL
#define BAR0 0xfc000000U
#define BAR1 0xfc001000U
#define MSI_ADDRESS(apic) (0xfee00000U | (apic) << 12)

/* ---- configs ---- */

struct test_system {
	struct jailhouse_system_desc desc;
	__u8 cpus[8];
	struct jailhouse_memory mem[1];
	struct jailhouse_pci_device pci[1];
} JH_PACKED;

struct test_cell {
	struct jailhouse_cell_desc desc;
	__u8 cpus[8];
	struct jailhouse_memory mem[6];
	struct jailhouse_pci_device pci[1];
} JH_PACKED;

static struct test_system sys;
const struct jailhouse_system_desc *hv_system_config = &sys.desc;
struct cell root_cell;
static struct test_cell configs[3];
static struct cell cells[3]; /* A, B, C */
static struct per_cpu cpus[4];
unsigned int hv_num_cpus = 4;
static __u32 state_table[1024];

static void fill_cell(unsigned int n, unsigned int id)
{
	struct test_cell *c = &configs[n];
	unsigned int k;

	memset(c, 0, sizeof(*c));
	memcpy(c->desc.signature, JAILHOUSE_CELL_SIGNATURE, 6);
	snprintf(c->desc.name, sizeof(c->desc.name), "cell-%c", 'a' + n);
	c->desc.cpu_set_size = 8;
	c->desc.num_memory_regions = 6;
	c->desc.num_pci_devices = 1;
	c->cpus[0] = 1 << (n + 1);
	c->mem[0] = (struct jailhouse_memory){ 0x3a600000 + n * 0x100000, 0,
					       0x100000, JAILHOUSE_MEM_RWX };
	c->mem[1] =
		(struct jailhouse_memory){ 0, 0x100000, 0x1000,
					   JAILHOUSE_MEM_RW |
						   JAILHOUSE_MEM_COMM_REGION };
	c->mem[2] = (struct jailhouse_memory){ SHMEM_PHYS, SHMEM_GPHYS, 0x1000,
					       JAILHOUSE_MEM_READ };
	c->mem[3] = (struct jailhouse_memory){ SHMEM_PHYS + 0x1000,
					       SHMEM_GPHYS + 0x1000, 0x1000,
					       JAILHOUSE_MEM_RW };
	for (k = 0; k < 2; k++)
		c->mem[4 + k] = (struct jailhouse_memory){
			SHMEM_PHYS + 0x2000 + k * 0x1000,
			SHMEM_GPHYS + 0x2000 + k * 0x1000, 0x1000,
			k == id ? JAILHOUSE_MEM_RW : JAILHOUSE_MEM_READ
		};
	c->pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_IVSHMEM,
		.bdf = BDF,
		.shmem_regions_start = 2,
		.shmem_dev_id = id,
		.shmem_peers = 2,
		.bar_address = { BAR0, BAR1 },
	};
	cells[n].config = &c->desc;
}

/* ---- the hypervisor around the unit ---- */

static char refusal[JAILHOUSE_MSG_MAX];
static struct jailhouse_fault_report failure;
static unsigned int failures;

long hypercall_refuse(struct per_cpu *cpu, long err, const char *fmt, ...)
{
	va_list ap;

	(void)cpu;
	va_start(ap, fmt);
	vsnprintf(refusal, sizeof(refusal), fmt, ap);
	va_end(ap);
	return err;
}

int hv_fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(refusal, sizeof(refusal), fmt, ap);
	va_end(ap);
	return err;
}

void cell_fail(struct per_cpu *cpu, const struct jailhouse_fault_report *r)
{
	(void)cpu;
	failure = *r;
	failures++;
}

struct per_cpu *per_cpu_of(unsigned int cpu)
{
	return &cpus[cpu];
}

void *phys_window(__u64 phys)
{
	return phys == SHMEM_PHYS ? state_table : NULL;
}

void apic_cpus_seen_by(const struct cell *cell, struct apic_cpu *table)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		table[n] = (struct apic_cpu){ .apic_id = n,
					      .xapic_logical_id = 1 << n,
					      .in_cell = cpus[n].cell == cell };
}

int apic_virtual_cluster(const struct apic_virtual *v)
{
	(void)v;
	return 0;
}

/* the interrupts sent */
static struct {
	__u32 apic_id;
	__u8 vector;
} sent[16];
static unsigned int num_sent;

void apic_send_fixed(__u32 apic_id, __u8 vector)
{
	assert_true(num_sent < 16);
	sent[num_sent].apic_id = apic_id;
	sent[num_sent++].vector = vector;
}

/*
 * Interrupt remapping as arch/vtd.c offers it to the root: a resolver of
 * remappable-format messages for the cell `remapped_cell` (standing in
 * for the root, whose role ivshmem-unit.c does not otherwise use here).
 * Handle 5 names APIC ID `handle5_apic`, vector 0x62; others no entry.
 */
#define REMAPPABLE_HANDLE(h) (0xfee00000U | 1U << 4 | (h) << 5)
static const struct cell *remapped_cell;
static __u32 handle5_apic;
static unsigned int resolves;

static int fake_target(void *ctx, __u64 address, __u32 data, __u32 *apic_id,
		       __u8 *vector, const char **reason)
{
	const struct vtd_irq_hook *h = ctx;

	resolves++;
	assert_int_equal(h->unit, 0);
	if (address != REMAPPABLE_HANDLE(5) || data != 0) {
		*reason = "names no entry";
		return -EPERM;
	}
	*apic_id = handle5_apic;
	*vector = 0x62;
	return 0;
}

const struct pci_msi_resolve *
vtd_root_msi_resolver(const struct cell *cell,
		      const struct jailhouse_pci_device *dev,
		      struct vtd_irq_hook *h)
{
	if (cell != remapped_cell)
		return NULL;
	*h = (struct vtd_irq_hook){ .unit = dev->iommu };
	h->resolve = (struct pci_msi_resolve){ fake_target, h };
	return &h->resolve;
}

static enum mmio_verdict mmio(unsigned int cpu, __u64 address, int is_write,
			      __u64 *value)
{
	return fake_mmio(&cpus[cpu], address, 4, is_write, value);
}

static void mmio_write(unsigned int cpu, __u64 address, __u32 value)
{
	__u64 v = value;

	assert_int_equal(mmio(cpu, address, 1, &v), MMIO_HANDLED);
}

static __u32 cfg(unsigned int cpu, unsigned int reg, int is_write, __u32 v)
{
	assert_int_equal(ivshmem_config_device(&cpus[cpu], BDF, reg, 4,
					       is_write, &v),
			 0);
	return v;
}

/* ---- set-up ---- */

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	memset(&sys, 0, sizeof(sys));
	memcpy(sys.desc.signature, JAILHOUSE_SYSTEM_SIGNATURE, 6);
	sys.desc.root_cell.cpu_set_size = 8;
	sys.desc.root_cell.num_memory_regions = 1;
	sys.desc.root_cell.num_pci_devices = 1;
	strcpy(sys.desc.root_cell.name, "root");
	sys.mem[0] = (struct jailhouse_memory){ 0, 0, 0x3a000000,
						JAILHOUSE_MEM_RWX };
	/* a real device at 00:02.0 */
	sys.pci[0] = (struct jailhouse_pci_device){
		.type = JAILHOUSE_PCI_TYPE_DEVICE,
		.bdf = 0x0010
	};
	root_cell.config = &sys.desc.root_cell;
	memset(cells, 0, sizeof(cells));
	fake_traps_reset();
	memset(state_table, 0x5a, sizeof(state_table));
	num_sent = failures = 0;
	refusal[0] = 0;
	remapped_cell = NULL;
	handle5_apic = 2;
	resolves = 0;
	cpus[0].cell = &root_cell;
	for (n = 1; n < 4; n++)
		cpus[n].cell = &cells[n - 1];
	for (n = 0; n < 4; n++) {
		cpus[n].cpu_id = n;
		cpus[n].apic_id = n;
	}
	fill_cell(0, 0);
	fill_cell(1, 1);
	fill_cell(2, 1);
	assert_int_equal(ivshmem_unit.init(), 0);
	return 0;
}

static int teardown(void **state)
{
	unsigned int n;

	(void)state;
	for (n = 0; n < 3; n++)
		ivshmem_unit.cell_destroy(&cells[n]);
	ivshmem_unit.exit();
	assert_int_equal(fake_traps_of(&cells[0]) + fake_traps_of(&cells[1]),
			 0);
	return 0;
}

static void create(unsigned int n)
{
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[n]), 0);
	assert_int_equal(ivshmem_unit.cell_create(&cells[n]), 0);
	ivshmem_unit.cell_start(&cells[n]);
}

/* Peer on CPU `cpu` takes MSI-X entry 0 as vector `vector` on its CPU. */
static void listen(unsigned int cpu, __u8 vector)
{
	cfg(cpu, 0x04, 1, 0x0002);
	mmio_write(cpu, BAR1 + 0, MSI_ADDRESS(cpu));
	mmio_write(cpu, BAR1 + 8, vector);
	mmio_write(cpu, BAR1 + 12, 0);
	cfg(cpu, IVSHMEM_CAP_MSIX, 1, 0x80000000);
	mmio_write(cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 1);
}

/* ---- tests ---- */

static void test_cells_see_their_own_device(void **state)
{
	(void)state;
	create(0);
	assert_true(ivshmem_is_device(&cells[0], BDF));
	assert_false(ivshmem_is_device(&cells[1], BDF));
	assert_false(ivshmem_is_device(&root_cell, BDF));
	assert_int_equal(fake_traps_of(&cells[0]), 2);
	assert_int_equal(cfg(1, 0x00, 0, 0), 0x4106110a);
	/* another cell (no such device) reads all ones */
	assert_int_equal(cfg(2, 0x00, 0, 0), 0xffffffff);
	create(1);
	assert_int_equal(cfg(2, 0x58, 0, 0), (__u32)SHMEM_GPHYS);
	/* both joined: their state table entries are 0 */
	assert_int_equal(state_table[0], 0);
	assert_int_equal(state_table[1], 0);
	assert_int_equal(state_table[2], 0x5a5a5a5a);
}

static void test_doorbell_interrupts_the_target_cpu_only(void **state)
{
	__u64 v = 0;

	(void)state;
	create(0);
	create(1);
	listen(2, 0x41);
	cfg(1, 0x04, 1, 0x0002);
	assert_int_equal(mmio(1, BAR0 + IVSHMEM_REG_ID, 0, &v), MMIO_HANDLED);
	assert_int_equal(v, 0);
	mmio_write(1, BAR0 + IVSHMEM_REG_DOORBELL, 1 << 16);
	assert_int_equal(num_sent, 1);
	assert_int_equal(sent[0].apic_id, 2);
	assert_int_equal(sent[0].vector, 0x41);
	/* to a peer without interrupts on, to nobody: nothing */
	mmio_write(2, BAR0 + IVSHMEM_REG_DOORBELL, 0 << 16);
	mmio_write(2, BAR0 + IVSHMEM_REG_DOORBELL, 7 << 16);
	assert_int_equal(num_sent, 1);
}

static void test_state_change_reaches_the_peer(void **state)
{
	(void)state;
	create(0);
	create(1);
	listen(1, 0x50);
	cfg(2, 0x04, 1, 0x0002);
	mmio_write(2, BAR0 + IVSHMEM_REG_STATE, 3);
	assert_int_equal(state_table[1], 3);
	assert_int_equal(num_sent, 1);
	assert_int_equal(sent[0].apic_id, 1);
	assert_int_equal(sent[0].vector, 0x50);
}

static void test_vector_at_root_cpu_stops_the_cell(void **state)
{
	__u64 v = MSI_ADDRESS(0);

	(void)state;
	create(0);
	cfg(1, 0x04, 1, 0x0002);
	cfg(1, IVSHMEM_CAP_MSIX, 1, 0x80000000);
	mmio_write(1, BAR1 + 8, 0x41);
	mmio_write(1, BAR1 + 0, MSI_ADDRESS(0));
	assert_int_equal(failures, 0); /* masked still */
	v = 0;
	assert_int_equal(mmio(1, BAR1 + 12, 1, &v), MMIO_DENIED);
	assert_int_equal(failures, 1);
	assert_int_equal(failure.reason, JAILHOUSE_FAULT_IPI);
	if (!strstr(failure.message, "ivshmem device 00:1f.0: interrupt "
				     "message refused"))
		fail_msg("%s", failure.message);
}

/* The root programs its ivshmem MSI-X in remappable format where a unit
 * remaps its interrupts: a doorbell goes to the CPU and vector of the
 * entry the handle names, and only while that CPU is the target's. */
static void test_remappable_message_resolved(void **state)
{
	(void)state;
	create(0);
	create(1);
	remapped_cell = &cells[1];
	cfg(2, 0x04, 1, 0x0002);
	mmio_write(2, BAR1 + 0, REMAPPABLE_HANDLE(5));
	mmio_write(2, BAR1 + 8, 0);
	mmio_write(2, BAR1 + 12, 0);
	cfg(2, IVSHMEM_CAP_MSIX, 1, 0x80000000);
	mmio_write(2, BAR0 + IVSHMEM_REG_INT_CTRL, 1);
	assert_int_equal(failures, 0);
	cfg(1, 0x04, 1, 0x0002);
	mmio_write(1, BAR0 + IVSHMEM_REG_DOORBELL, 1 << 16);
	assert_int_equal(num_sent, 1);
	assert_int_equal(sent[0].apic_id, 2);
	assert_int_equal(sent[0].vector, 0x62);
	/* the entry now names a CPU that is not the target's: nothing */
	handle5_apic = 0;
	mmio_write(1, BAR0 + IVSHMEM_REG_DOORBELL, 1 << 16);
	assert_int_equal(num_sent, 1);
	assert_true(resolves >= 3);
}

/* Without a resolver (no unit remaps the cell's interrupts) a
 * remappable-format message is no message the cell may program; a
 * handle naming no entry neither. */
static void test_remappable_message_refused(void **state)
{
	__u64 v = 0;

	(void)state;
	create(0);
	cfg(1, 0x04, 1, 0x0002);
	cfg(1, IVSHMEM_CAP_MSIX, 1, 0x80000000);
	mmio_write(1, BAR1 + 0, REMAPPABLE_HANDLE(5));
	assert_int_equal(mmio(1, BAR1 + 12, 1, &v), MMIO_DENIED);
	assert_int_equal(failures, 1);
	assert_int_equal(resolves, 0);
	/* the entry is unmasked now: each address write is checked */
	remapped_cell = &cells[0];
	handle5_apic = 1;
	v = REMAPPABLE_HANDLE(6);
	assert_int_equal(mmio(1, BAR1 + 0, 1, &v), MMIO_DENIED);
	assert_int_equal(failures, 2);
	if (!strstr(failure.message, "names no entry"))
		fail_msg("%s", failure.message);
	v = REMAPPABLE_HANDLE(5);
	assert_int_equal(mmio(1, BAR1 + 0, 1, &v), MMIO_HANDLED);
	assert_int_equal(failures, 2);
}

/* A cell's ivshmem MSI-X may use any vector from 16, the root's SCI's
 * (0x21 on the rig) too: the doorbell is sent as a fixed, edge IPI, whose
 * EOI reaches no IOAPIC (pci_msi_rewrite says why). */
static void test_vector_of_a_root_level_pin_is_accepted(void **state)
{
	(void)state;
	create(0);
	create(1);
	listen(2, 0x21);
	cfg(1, 0x04, 1, 0x0002);
	mmio_write(1, BAR0 + IVSHMEM_REG_DOORBELL, 1 << 16);
	assert_int_equal(num_sent, 1);
	assert_int_equal(sent[0].vector, 0x21);
	mmio_write(2, BAR1 + 12, 1);
	mmio_write(2, BAR1 + 12, 0);
	assert_int_equal(failures, 0);
}

static void test_quiesce_and_destroy_tell_the_peer(void **state)
{
	(void)state;
	create(0);
	create(1);
	listen(1, 0x50);
	cfg(2, 0x04, 1, 0x0002);
	mmio_write(2, BAR0 + IVSHMEM_REG_STATE, 3);
	num_sent = 0;
	/* B fails or shuts down: its state is 0, A hears vector 0 */
	ivshmem_unit.cell_quiesce(&cells[1]);
	assert_int_equal(state_table[1], 0);
	assert_int_equal(num_sent, 1);
	assert_int_equal(sent[0].apic_id, 1);
	/* and rings to it have no effect */
	mmio_write(1, BAR0 + IVSHMEM_REG_DOORBELL, 1 << 16);
	assert_int_equal(num_sent, 1);
	/* destroy: its pages are gone; a new cell takes id 1 */
	ivshmem_unit.cell_destroy(&cells[1]);
	assert_int_equal(fake_traps_of(&cells[1]), 0);
	assert_false(ivshmem_is_device(&cells[1], BDF));
	create(2);
	assert_true(ivshmem_is_device(&cells[2], BDF));
}

/* A failed cell's other CPU, still running after the quiesce, turns
 * decoding on again: its state and doorbell writes change nothing. */
static void test_writes_after_a_failure_have_no_effect(void **state)
{
	(void)state;
	create(0);
	create(1);
	listen(1, 0x50);
	num_sent = 0;
	ivshmem_unit.cell_quiesce(&cells[1]);
	cfg(2, 0x04, 1, 0x0002);
	mmio_write(2, BAR0 + IVSHMEM_REG_STATE, 3);
	mmio_write(2, BAR0 + IVSHMEM_REG_DOORBELL, 0 << 16);
	assert_int_equal(state_table[1], 0);
	assert_int_equal(num_sent, 0);
	/* started again, it takes part */
	ivshmem_unit.cell_start(&cells[1]);
	cfg(2, 0x04, 1, 0x0002);
	mmio_write(2, BAR0 + IVSHMEM_REG_STATE, 3);
	assert_int_equal(state_table[1], 3);
	assert_int_equal(num_sent, 1);
}

static void test_cell_check_refusals(void **state)
{
	(void)state;
	create(0);
	create(1);
	/* C claims B's id */
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EBUSY);
	if (!strstr(refusal, "cell \"cell-c\": ivshmem device 00:1f.0: peer "
			     "id 1 is taken on the link"))
		fail_msg("%s", refusal);
	/* a real device's slot */
	ivshmem_unit.cell_destroy(&cells[1]);
	configs[2].pci[0].bdf = 0x0010;
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "ivshmem device 00:02.0 is at the address of a "
			     "real PCI device"))
		fail_msg("%s", refusal);
	/* the read/write section elsewhere than peer 0's */
	fill_cell(2, 1);
	configs[2].mem[3].phys_start += 0x100000;
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "section 1 (0x3af01000+0x1000) differs from peer "
			     "0's (0x3ae01000+0x1000)"))
		fail_msg("%s", refusal);
	/* as peer 0's: fine */
	fill_cell(2, 1);
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), 0);
	/* a state table the hypervisor cannot reach (a link of its own) */
	fill_cell(2, 1);
	configs[2].mem[2].phys_start = 0x80000000;
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "the state table at 0x80000000 is not RAM the "
			     "hypervisor can reach"))
		fail_msg("%s", refusal);
	/* a plain region over peer 0's output section */
	fill_cell(2, 1);
	configs[2].mem[0] = (struct jailhouse_memory){ SHMEM_PHYS + 0x2000,
						       0x400000, 0x1000,
						       JAILHOUSE_MEM_RW };
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "memory region 0 (0x3ae02000+0x1000) overlaps "
			     "section 2 of the ivshmem link at 00:1f.0"))
		fail_msg("%s", refusal);
	/* a second link (another bdf) over the same memory */
	fill_cell(2, 1);
	configs[2].pci[0].bdf = 0x00f0;
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "memory region 2 (0x3ae00000+0x1000) overlaps "
			     "section 0 of the ivshmem link at 00:1f.0"))
		fail_msg("%s", refusal);
	/* a BAR in the MMCONFIG window */
	fill_cell(2, 1);
	sys.desc.platform.pci_mmconfig_base = BAR0;
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "a BAR lies in the PCI MMCONFIG window"))
		fail_msg("%s", refusal);
	sys.desc.platform.pci_mmconfig_base = 0;
	/* BARs missing */
	fill_cell(2, 0);
	configs[2].pci[0].bar_address[0] = 0;
	assert_int_equal(ivshmem_unit.cell_check(&cpus[0], &cells[2]), -EINVAL);
	if (!strstr(refusal, "BAR 0 must be given"))
		fail_msg("%s", refusal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cells_see_their_own_device,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_doorbell_interrupts_the_target_cpu_only, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_state_change_reaches_the_peer,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_vector_at_root_cpu_stops_the_cell, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_vector_of_a_root_level_pin_is_accepted, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_quiesce_and_destroy_tell_the_peer, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_writes_after_a_failure_have_no_effect, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_remappable_message_resolved,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_remappable_message_refused,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_check_refusals, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
