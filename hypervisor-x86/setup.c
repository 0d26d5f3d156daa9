// SPDX-License-Identifier: GPL-2.0
/*
 * What every CPU does when the driver hands it over: the first one to
 * arrive sets up the hypervisor (console, memory, the root cell), then each
 * CPU switches to the hypervisor's page table and turns VMX on.  All CPUs
 * meet before anyone enters the root cell, so that they return the same
 * result: either all continue as the root cell with 0, or all go back to
 * Linux natively with the first failure's errno and sentence.
 */
#include <stdarg.h>
#include <jailhouse/fault.h>
#include "hv.h"
#include "cpu-events.h"
#include "unit.h"
#include <common/format.h>
#include "processor.h"
#include "spinlock.h"
#include "cell.h"
#include "apic.h"

struct per_cpu hv_per_cpu[HV_MAX_CPUS];
unsigned int hv_num_cpus;

static volatile int arrived, init_done, init_error, ready;
/* Taken by the first failure and never released: its sentence stays.  A
 * leaf of the lock order (include/spinlock.h). */
static struct spinlock error_lock;

struct per_cpu *per_cpu_of(unsigned int cpu)
{
	return &hv_per_cpu[cpu];
}

struct spin_held *spin_this_cpu(unsigned int *cpu_id)
{
	struct per_cpu *cpu = this_cpu();

	*cpu_id = cpu->cpu_id;
	return &cpu->spin_held;
}

/* Records the first failure (errno, CPU, sentence) for the driver. */
int hv_fail(int err, const char *fmt, ...)
{
	struct per_cpu *cpu = this_cpu();
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(cpu->error_msg, sizeof(cpu->error_msg), fmt, ap);
	va_end(ap);
	printk("CPU %u: error: %s\n", cpu->cpu_id, cpu->error_msg);

	if (hv_header.result == 0 && spin_trylock(&error_lock)) {
		jh_snprintf((char *)hv_header.error_msg,
			    sizeof(hv_header.error_msg), "%s", cpu->error_msg);
		hv_header.error_cpu = cpu->cpu_id;
		__atomic_store_n(&hv_header.result, err, __ATOMIC_RELEASE);
	}
	return err;
}

void hv_panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(JAILHOUSE_PANIC_BANNER " on CPU %u: %s\n", this_cpu()->cpu_id,
	       buf);
	cpu_park_forever();
}

extern const struct fixup_entry __fixup_table_start[], __fixup_table_end[];

/*
 * An exception inside the hypervisor.  A #GP of a guest-chosen MSR access
 * listed in the fixup table resumes at its recovery code (vmx/entry.S
 * restores every register and returns).  Otherwise cell_exception_action()
 * (cell-fault.c) decides: on a non-root cell's CPU in a VM exit the cell
 * fails and the exit is dropped; a machine check while the CPU waits in
 * the hypervisor fails the CPU's cell and the CPU stays parked; anything
 * else, and everything while the CPU holds a lock, is a panic that names
 * the frame and the locks.  frame: vector, error code, RIP, CS, RFLAGS,
 * RSP, SS.
 */
void hv_exception(__u64 *frame)
{
	struct per_cpu *cpu = this_cpu();
	__u64 resume =
		fixup_resume_address(__fixup_table_start,
				     (unsigned long)__fixup_table_end -
					     (unsigned long)__fixup_table_start,
				     frame[2]);
	__u64 mcg;
	char text[200];

	if (frame[0] == X86_VECTOR_GP && resume) {
		frame[2] = resume;
		return;
	}
	mcg = cell_exception_mcg_status(frame[0]);
	switch (cell_exception_action(cpu, frame[0], mcg)) {
	case EXCEPTION_FAIL_CELL:
		cpu->in_exception = 1;
		cell_fail_exception(cpu, frame, mcg);
		arch_abandon_exit(cpu);
		break;
	case EXCEPTION_FAIL_PARKED:
		cpu->in_exception = 1;
		cell_fail_parked(cpu, frame, mcg);
		if (cell_exception_resumable(mcg)) {
			cpu->in_exception = 0;
			return;
		}
		/* not moving (else a panic): the wait loop starts afresh */
		arch_abandon_exit(cpu);
		break;
	case EXCEPTION_PANIC:
		break;
	}
	cell_exception_text(text, sizeof(text), cpu, frame, read_cr2());
	hv_panic("%s", text);
}

/* An NMI while this CPU runs hypervisor code (not in its guest). */
/* model: entry (hypervisor-x86/model/cpu-protocol.pml) */
void hv_nmi(void)
{
	struct per_cpu *cpu = this_cpu();

	if (!cpu_take_kick(cpu)) {
		cpu->nmi_pending = 1;
		return;
	}
	/* The request may have come after this exit looked for requests:
	 * make the next VM entry exit at once (CPUs in their wait loop look
	 * anyway). */
	if (!cpu->waiting)
		arch_exit_after_entry(cpu);
}

static int global_init(void)
{
	int err;

	hv_num_cpus = hv_header.online_cpus;
	if (hv_num_cpus == 0 || hv_num_cpus > HV_MAX_CPUS)
		return hv_fail(
			-EINVAL,
			"hand-over: %u CPUs online, the hypervisor supports 1 to %u",
			hv_num_cpus, HV_MAX_CPUS);
	/* the console needs only the config's debug_console field */
	hv_system_config =
		(const void *)(HV_LINK_ADDRESS + hv_header.core_size);
	console_init();
	err = memory_init();
	if (err)
		return err;
	/* the units' init may use the physical window (ivshmem zeroes the
	 * root's state-table entries), which only the hypervisor's page
	 * table maps: the other CPUs switch to it after this function */
	write_cr3(paging_root_phys(&hv_page_table));
	printk("\nJailhouse hypervisor: %u CPUs, memory 0x%llx+0x%llx, pool %lu pages (%lu used)\n",
	       hv_num_cpus, hv_header.hv_phys_base, hv_header.hv_size,
	       page_pool_size(&hv_mem_pool), page_pool_used(&hv_mem_pool));
	/* IOMMU units are no longer refused: the VT-d unit (arch/vtd*.c,
	 * first in the unit table) takes each declared unit (Linux's
	 * interrupt remapping taken over, the root's domain built, every
	 * device in its domain, DMA and interrupt remapping on) or refuses
	 * it by name, and hands it back at disable; cells' MSI, MSI-X and
	 * IOAPIC programming become validated remapping entries (pci.c,
	 * arch/ioapic.c).  JAILHOUSE_SYS_NO_IOMMU stays the named opt-out.
	 * None of it has run on a machine with VMX and VT-d together (none
	 * here: Bochs has no IOMMU, QEMU no VMX, the nested-KVM rig skips):
	 * it is unit-tested against a register model and a model Linux
	 * (Documentation/vtd.md, "Not done"). */
	err = root_cell_init();
	if (!err)
		err = units_init();
	return err;
}

static void wait_for_all(volatile int *counter)
{
	__atomic_add_fetch(counter, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < (int)hv_num_cpus)
		cpu_relax();
}

static void __attribute__((noreturn)) return_to_linux(struct per_cpu *cpu)
{
	cpu->tcpu->result = hv_header.result;
	arch_return_native(hv_handover.return_entry, cpu->tcpu);
}

void __attribute__((noreturn))
hv_cpu_entry(unsigned int cpu_id, struct jailhouse_trampoline_cpu *tcpu)
{
	struct per_cpu *cpu = per_cpu_of(cpu_id);
	int err;

	cpu->cpu_id = cpu_id;
	cpu->tcpu = tcpu;
	cpu->linux_state = &hv_handover.cpu[cpu_id];
	cpu->apic_id = cpu->linux_state->apic_id;
	cpu->linux_state->entered = 1;
	cpu->cell = &root_cell;
	cpu_load_tables(cpu);

	if (__atomic_fetch_add(&arrived, 1, __ATOMIC_ACQ_REL) == 0) {
		init_error = global_init();
		__atomic_store_n(&init_done, 1, __ATOMIC_RELEASE);
	}
	while (!__atomic_load_n(&init_done, __ATOMIC_ACQUIRE))
		cpu_relax();
	if (init_error) {
		/* hv_num_cpus may not be known: do not wait for the others */
		return_to_linux(cpu);
	}

	write_cr3(paging_root_phys(&hv_page_table));
	apic_cpu_init(cpu);
	cpu->root_apic_base = read_msr(0x1b); /* IA32_APIC_BASE */
	arch_cpu_save_root_state(cpu);
	err = arch_cpu_init(cpu);

	wait_for_all(&ready);
	if (hv_header.result) {
		if (!err)
			arch_cpu_exit(cpu);
		return_to_linux(cpu);
	}

	printk("CPU %u (APIC %u) enters the root cell\n", cpu_id, cpu->apic_id);
	arch_cpu_launch(cpu);
	return_to_linux(cpu);
}
