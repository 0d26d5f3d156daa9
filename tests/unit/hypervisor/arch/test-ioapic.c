// SPDX-License-Identifier: GPL-2.0
/*
 * arch/ioapic.c on the host, the vectors shared with the root's
 * level-triggered pins: the Bochs root (bochs-sys.c, one 24-pin IOAPIC)
 * and the ioapic-pin cell (configs/x86/ioapic-pin.c: pin 10, CPU 1).  The
 * root's pin 9 is level-triggered with vector 0x41 (as Linux programs the
 * ACPI SCI), pin 4 edge with 0x34.  The cell programs its pin through its
 * register window (fake/mmio-traps.c routes the access):
 *  - the root's level vector is refused (cell stopped, fault `ioapic`, the
 *    sentence names the vector and the root's pin), the chip untouched;
 *  - another vector, the root's edge vector included, is programmed;
 *  - once the root made its pin edge, the vector is the cell's to use;
 *  - a root write that creates the clash is programmed, and the console
 *    says so once;
 *  - with IOMMU units (vtd-hooks.h faked here): the root's remappable
 *    entry passes while its unit is taken over from Linux, and is masked
 *    otherwise; a cell's unmasked entry goes through the remapping hook
 *    with its IOAPIC's unit, source ID and pin, a masked one does not.
 * The chip is a model behind fake/ioapic-hw.h; management runs on CPU 0's
 * per_cpu stack (this_cpu(), as in test-cpu-events.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>
#include <cmocka.h>

#include "hv.h"
#include "apic.h"
#include "cell.h"
#include "ioapic.h"
#include "ioapic-filter.h"
#include "ioapic-hw.h"
#include "mmio-traps.h"
#include "printk.h"
#include "unit.h"
#include "vtd-hooks.h"
#include "ioapic-root-request.h"

#define config bochs_sys_config
#include "../../../../configs/x86/bochs-sys.c"
#undef config
#undef ARRAY_SIZE
#define config ioapic_pin_config
#include "../../../../configs/x86/ioapic-pin.c"
#undef config

#define IOAPIC_BASE 0xfec00000ULL
#define PINS 24
#define LEVEL (IOAPIC_RTE_TRIGGER_LEVEL | IOAPIC_RTE_POLARITY_LOW)
#define NCPUS 3

extern const struct hv_unit ioapic_unit;

/* ---- the hypervisor around it ---- */
const struct jailhouse_system_desc *hv_system_config = &bochs_sys_config.header;
unsigned int hv_num_cpus = NCPUS;
struct cell root_cell;
static struct cell cell;
static struct per_cpu cpus[NCPUS];
static struct jailhouse_fault_report failure;
static unsigned int failures;

void cell_fail(struct per_cpu *cpu, const struct jailhouse_fault_report *r)
{
	assert_ptr_equal(cpu->cell, &cell);
	failure = *r;
	failures++;
}

void cell_flush_root(void)
{
}

int hv_fail(int err, const char *fmt, ...)
{
	(void)fmt;
	fail_msg("hv_fail(%d)", err);
	return err;
}

int paging_map(struct page_table *pt, __u64 virt, __u64 phys, __u64 size,
	       unsigned int flags)
{
	(void)pt;
	(void)virt;
	(void)phys;
	(void)size;
	(void)flags;
	return 0;
}

int paging_unmap(struct page_table *pt, __u64 virt, __u64 size)
{
	(void)pt;
	(void)virt;
	(void)size;
	return 0;
}

static __u32 fake_page[1024];

void *remap_device(__u64 phys)
{
	assert_true(phys == IOAPIC_BASE);
	return fake_page;
}

/* CPU n has APIC ID n; a cell's CPUs are those of its config */
void apic_cpus_seen_by(const struct cell *c, struct apic_cpu *out)
{
	unsigned int n;

	for (n = 0; n < NCPUS; n++) {
		out[n].apic_id = n;
		out[n].xapic_logical_id = 1 << n;
		out[n].in_cell = c == &root_cell ?
					 !jailhouse_cpu_in_set(cell.config, n) :
					 jailhouse_cpu_in_set(c->config, n);
	}
}

int apic_xapic_cluster(const struct per_cpu *cpu)
{
	(void)cpu;
	return 0;
}

/* ---- the VT-d unit's hooks (arch/vtd.c) ---- */
static int root_taken_over, cells_remapped;
static unsigned int remap_calls;
static struct vtd_irq_hook remap_seen;

/* The remappable form with handle 7, vector, trigger, polarity kept. */
static int fake_remap(void *ctx, const struct ioapic_rte_request *req,
		      __u64 *rte, const char **reason)
{
	(void)req;
	(void)reason;
	remap_calls++;
	remap_seen = *(struct vtd_irq_hook *)ctx;
	*rte = (*rte & 0x1e0ffULL) | 1ULL << 48 | 7ULL << 49;
	return 0;
}

const struct ioapic_rte_remap *
vtd_ioapic_hook(const struct cell *c, const struct jailhouse_irqchip *ic,
		unsigned int pin, struct vtd_irq_hook *h)
{
	if (!cells_remapped || c == &root_cell)
		return NULL;
	*h = (struct vtd_irq_hook){ .owner = 2,
				    .unit = ic->iommu,
				    .source = ic->iommu_source_id,
				    .pin = pin };
	h->ioapic = (struct ioapic_rte_remap){ fake_remap, h };
	return &h->ioapic;
}

int vtd_root_remaps_ioapic(const struct jailhouse_irqchip *ic)
{
	assert_int_equal(ic->address, IOAPIC_BASE);
	return root_taken_over;
}

/* ---- the IOAPIC: 24 entries behind the index register ---- */
static __u64 chip[PINS];

static __u32 *half(__u32 reg)
{
	unsigned int pin = (reg - IOAPIC_REG_RTE) / 2;

	assert_true(reg >= IOAPIC_REG_RTE && pin < PINS);
	return (__u32 *)&chip[pin] + (reg & 1);
}

__u32 ioapic_hw_read(volatile __u32 *regs, __u32 reg)
{
	assert_ptr_equal((void *)regs, fake_page);
	return *half(reg);
}

void ioapic_hw_write(volatile __u32 *regs, __u32 reg, __u32 value)
{
	assert_ptr_equal((void *)regs, fake_page);
	*half(reg) = value;
}

void ioapic_hw_eoi(volatile __u32 *regs, __u32 value)
{
	(void)regs;
	(void)value;
	fail_msg("EOI register written");
}

/* ---- running as CPU 0 (this_cpu()) ---- */
static ucontext_t test_context, cpu_context;
static void (*as_cpu_body)(void);

static void as_cpu_entry(void)
{
	as_cpu_body();
}

static void run_as_cpu0(void (*body)(void))
{
	as_cpu_body = body;
	assert_int_equal(getcontext(&cpu_context), 0);
	cpu_context.uc_stack.ss_sp = cpus[0].stack;
	cpu_context.uc_stack.ss_size = sizeof(cpus[0].stack);
	cpu_context.uc_link = &test_context;
	makecontext(&cpu_context, as_cpu_entry, 0);
	assert_int_equal(swapcontext(&test_context, &cpu_context), 0);
}

static void create_body(void)
{
	assert_ptr_equal(this_cpu(), &cpus[0]);
	assert_int_equal(ioapic_unit.cell_create(&cell), 0);
}

static void destroy_body(void)
{
	ioapic_unit.cell_destroy(&cell);
}

/* ---- accesses through the trapped page ---- */

/* Low half of `pin`'s entry by `cpu`, the high half (destination) first. */
static enum mmio_verdict program(struct per_cpu *cpu, unsigned int pin,
				 __u32 low, __u32 dest)
{
	__u64 v = IOAPIC_REG_RTE + 2 * pin + 1;

	assert_int_equal(fake_mmio(cpu, IOAPIC_BASE, 4, 1, &v), MMIO_HANDLED);
	v = dest << 24;
	assert_int_equal(fake_mmio(cpu, IOAPIC_BASE + 0x10, 4, 1, &v),
			 MMIO_HANDLED);
	v = IOAPIC_REG_RTE + 2 * pin;
	assert_int_equal(fake_mmio(cpu, IOAPIC_BASE, 4, 1, &v), MMIO_HANDLED);
	v = low;
	return fake_mmio(cpu, IOAPIC_BASE + 0x10, 4, 1, &v);
}

/* Both halves of `pin`'s entry by `cpu`, the high half first. */
static enum mmio_verdict program_rte(struct per_cpu *cpu, unsigned int pin,
				     __u64 rte)
{
	__u64 v = IOAPIC_REG_RTE + 2 * pin + 1;

	assert_int_equal(fake_mmio(cpu, IOAPIC_BASE, 4, 1, &v), MMIO_HANDLED);
	v = rte >> 32;
	assert_int_equal(fake_mmio(cpu, IOAPIC_BASE + 0x10, 4, 1, &v),
			 MMIO_HANDLED);
	v = IOAPIC_REG_RTE + 2 * pin;
	assert_int_equal(fake_mmio(cpu, IOAPIC_BASE, 4, 1, &v), MMIO_HANDLED);
	v = (__u32)rte;
	return fake_mmio(cpu, IOAPIC_BASE + 0x10, 4, 1, &v);
}

static int setup(void **state)
{
	unsigned int n;

	(void)state;
	memset(cpus, 0, sizeof(cpus));
	memset(&cell, 0, sizeof(cell));
	memset(&root_cell, 0, sizeof(root_cell));
	root_cell.config = &bochs_sys_config.header.root_cell;
	cell.config = &ioapic_pin_config.cell;
	cell.state = JAILHOUSE_CELL_RUNNING;
	for (n = 0; n < NCPUS; n++) {
		cpus[n].cpu_id = n;
		cpus[n].apic_id = n;
		cpus[n].cell = n == 1 ? &cell : &root_cell;
	}
	for (n = 0; n < PINS; n++)
		chip[n] = IOAPIC_RTE_MASKED;
	chip[9] = 0x41 | LEVEL; /* Linux's ACPI SCI on CPU 0 */
	chip[4] = 0x34;		/* a serial port, edge */
	fake_traps_reset();
	fake_console[0] = 0;
	memset(&failure, 0, sizeof(failure));
	failures = 0;
	root_taken_over = cells_remapped = 0;
	remap_calls = 0;
	assert_int_equal(ioapic_unit.init(), 0);
	run_as_cpu0(create_body);
	assert_true(ioapic_vector_in_set(ioapic_root_level_set(), 0x41));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	run_as_cpu0(destroy_body);
	return 0;
}

static void test_cell_pin_with_root_level_vector_is_refused(void **state)
{
	(void)state;
	assert_int_equal(program(&cpus[1], 10, 0x41 | LEVEL, 1), MMIO_DENIED);
	assert_int_equal(failures, 1);
	assert_int_equal(failure.reason, JAILHOUSE_FAULT_IOAPIC);
	assert_string_equal(
		failure.message,
		"ioapic violation on CPU 1: IOAPIC 0 pin 10: vector 65 is the root's level-triggered IOAPIC 0 pin 9 (an EOI for it would clear that pin's remote IRR)");
	/* the chip kept the pin masked: only the destination was written */
	assert_true(chip[10] & IOAPIC_RTE_MASKED);
	assert_int_equal(chip[10] & 0xff, 0);
	/* masked too: Linux unmasks it again */
	assert_int_equal(program(&cpus[1], 10, 0x41 | LEVEL | IOAPIC_RTE_MASKED,
				 1),
			 MMIO_DENIED);
	assert_int_equal(failures, 2);
}

/*
 * Edge-triggered, the vector of the root's level pin is the cell's to use:
 * its EOIs reach no IOAPIC (only a set TMR bit makes the local APIC
 * broadcast one).  Stock Linux in a cell gives its UART's pin vector 0x21,
 * which the root's SCI has.  Made level-triggered later, with that vector,
 * the pin is checked and refused.
 */
static void
test_cell_edge_pin_with_root_level_vector_is_programmed(void **state)
{
	(void)state;
	assert_int_equal(program(&cpus[1], 10, 0x41, 1), MMIO_HANDLED);
	assert_true(chip[10] == (0x41 | 1ULL << 56));
	assert_int_equal(program(&cpus[1], 10, 0x41 | IOAPIC_RTE_MASKED, 1),
			 MMIO_HANDLED);
	assert_int_equal(failures, 0);
	assert_int_equal(program(&cpus[1], 10, 0x41 | LEVEL, 1), MMIO_DENIED);
	assert_int_equal(failures, 1);
	assert_int_equal(failure.reason, JAILHOUSE_FAULT_IOAPIC);
}

static void test_cell_pin_with_other_vector_is_programmed(void **state)
{
	(void)state;
	assert_int_equal(program(&cpus[1], 10, 0x42 | LEVEL, 1), MMIO_HANDLED);
	assert_true(chip[10] == ((0x42 | LEVEL) | 1ULL << 56));
	/* the root's edge vector is no clash */
	assert_int_equal(program(&cpus[1], 10, 0x34, 1), MMIO_HANDLED);
	assert_int_equal(failures, 0);
	assert_string_equal(fake_console, "");
}

static void test_root_pin_made_edge_frees_the_vector(void **state)
{
	(void)state;
	assert_int_equal(program(&cpus[0], 9, 0x41, 0), MMIO_HANDLED);
	assert_false(ioapic_vector_in_set(ioapic_root_level_set(), 0x41));
	assert_int_equal(program(&cpus[1], 10, 0x41 | LEVEL, 1), MMIO_HANDLED);
	assert_int_equal(failures, 0);
	assert_int_equal(chip[10] & 0xff, 0x41);
}

static void test_root_clash_programmed_and_told_once(void **state)
{
	const char *told =
		"IOAPIC 0 pin 9 of the root: level-triggered vector 80 is also cell \"ioapic-pin\"'s (IOAPIC 0 pin 10): the cell's EOIs may end this pin's interrupts early\n";

	(void)state;
	assert_int_equal(program(&cpus[1], 10, 0x50, 1), MMIO_HANDLED);
	assert_int_equal(program(&cpus[0], 9, 0x50 | LEVEL, 0), MMIO_HANDLED);
	/* programmed all the same: the root is trusted */
	assert_true((chip[9] & 0xffff) == (0x50 | LEVEL));
	assert_string_equal(fake_console, told);
	/* Linux masks and unmasks the pin: not told again */
	assert_int_equal(program(&cpus[0], 9, 0x50 | LEVEL | IOAPIC_RTE_MASKED,
				 0),
			 MMIO_HANDLED);
	assert_int_equal(program(&cpus[0], 9, 0x50 | LEVEL, 0), MMIO_HANDLED);
	assert_string_equal(fake_console, told);
	/* the cell masks and unmasks its pin, vector unchanged: the clash is
	 * the root's doing, the cell goes on; a new level vector is checked */
	assert_int_equal(program(&cpus[1], 10, 0x50 | IOAPIC_RTE_MASKED, 1),
			 MMIO_HANDLED);
	assert_int_equal(program(&cpus[1], 10, 0x50, 1), MMIO_HANDLED);
	assert_int_equal(failures, 0);
	assert_int_equal(program(&cpus[1], 10, 0x51 | LEVEL, 1), MMIO_HANDLED);
	assert_int_equal(program(&cpus[1], 10, 0x50 | LEVEL, 1), MMIO_DENIED);
	assert_int_equal(failures, 1);
}

#define ROOT_REMAPPED LINUX_REMAPPED_RTE

static void test_root_remappable_entry_kept_while_taken_over(void **state)
{
	(void)state;
	root_taken_over = 1;
	assert_int_equal(program_rte(&cpus[0], 4, ROOT_REMAPPED), MMIO_HANDLED);
	assert_true(chip[4] == ROOT_REMAPPED);
	assert_string_equal(fake_console, "");
	assert_int_equal(failures, 0);
}

static void test_root_remappable_entry_masked_without_take_over(void **state)
{
	(void)state;
	assert_int_equal(program_rte(&cpus[0], 4, ROOT_REMAPPED), MMIO_HANDLED);
	assert_true(chip[4] & IOAPIC_RTE_MASKED);
	assert_non_null(
		strstr(fake_console, "not for the root's CPUs: masked"));
}

static void test_cell_pin_remapped_through_hook(void **state)
{
	const struct jailhouse_irqchip *ic =
		jailhouse_cell_irqchips(root_cell.config);

	(void)state;
	cells_remapped = 1;
	/* masked: nothing to remap yet (vector 0 while the guest sets up) */
	assert_int_equal(program(&cpus[1], 10, IOAPIC_RTE_MASKED, 1),
			 MMIO_HANDLED);
	assert_int_equal(remap_calls, 0);
	assert_true(chip[10] & IOAPIC_RTE_MASKED);
	assert_int_equal(program(&cpus[1], 10, 0x42 | LEVEL, 1), MMIO_HANDLED);
	assert_int_equal(remap_calls, 1);
	assert_int_equal(remap_seen.pin, 10);
	assert_int_equal(remap_seen.unit, ic->iommu);
	assert_int_equal(remap_seen.source, ic->iommu_source_id);
	assert_true(chip[10] == (0x42 | LEVEL | 1ULL << 48 | 7ULL << 49));
	assert_int_equal(failures, 0);
	/* the cell reads back what it wrote, not the remappable form */
	assert_int_equal(ioapic_entry_read_half(0x42 | LEVEL, 0,
						(__u32)chip[10]),
			 0x42 | LEVEL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_cell_pin_with_root_level_vector_is_refused),
		T(test_cell_edge_pin_with_root_level_vector_is_programmed),
		T(test_cell_pin_with_other_vector_is_programmed),
		T(test_root_pin_made_edge_frees_the_vector),
		T(test_root_clash_programmed_and_told_once),
		T(test_root_remappable_entry_kept_while_taken_over),
		T(test_root_remappable_entry_masked_without_take_over),
		T(test_cell_pin_remapped_through_hook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
