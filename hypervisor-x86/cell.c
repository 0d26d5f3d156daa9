// SPDX-License-Identifier: GPL-2.0
/*
 * Non-root cells: create, load, start, shutdown, destroy, on the root
 * cell's request (hypercalls; the driver has taken the CPUs offline in
 * Linux before create and brings them back after destroy).
 *
 * Create copies the config into hypervisor memory (the root could change
 * its own copy afterwards), checks it against the system and the other
 * cells, builds the cell's EPT and bitmaps, takes the cell's memory and
 * ports out of the root, and moves the CPUs, parked, into the cell.  Start
 * lets the cell's first CPU run from the reset vector; the others wait for
 * the cell's own INIT/SIPI.  Destroy reverses create; the CPUs go back to
 * the root parked, waiting for Linux's INIT/SIPI.
 *
 * One management operation at a time (cell_lock); root CPUs that may have
 * cached a mapping the root lost flush before the operation returns.
 */
#include "hv.h"
#include "apic.h"
#include "cell.h"
#include <common/cell-config.h>
#include "cell-memory.h"
#include <common/config-validate.h>
#include "cpu-events.h"
#include <common/format.h>
#include "guest-memory.h"
#include "mmio.h"
#include <common/string.h>
#include "processor.h"
#include "spinlock.h"
#include "unit.h"
#include "vmexit.h"
#include "wait.h"

#define CONFIG_MAX_SIZE (64 * 1024)

static struct cell cells[HV_MAX_CELLS];
/* First in the lock order (include/spinlock.h): cell operations take
 * ioapic_lock and console_lock inside. */
static struct spinlock cell_lock;

/* model: hypercall_begin (hypervisor-x86/model/cpu-protocol.pml) */
static void lock(void)
{
	spin_lock(&cell_lock);
}

static long unlock(long result)
{
	spin_unlock(&cell_lock);
	return result;
}

int cell_run_if_free(void (*fn)(void *arg), void *arg)
{
	if (!spin_trylock(&cell_lock))
		return 0;
	fn(arg);
	spin_unlock(&cell_lock);
	return 1;
}

struct cell *cell_find(unsigned long id)
{
	if (id == 0)
		return &root_cell;
	if (id > HV_MAX_CELLS || !cells[id - 1].in_use)
		return NULL;
	return &cells[id - 1];
}

/* While running, a cell may say it is locked (refuses shutdown) through
 * its comm region; nothing else it writes there counts. */
__u32 cell_state(const struct cell *cell)
{
	__u32 said;

	if (cell->state != JAILHOUSE_CELL_RUNNING || !cell->comm)
		return cell->state;
	said = cell->comm->cell_state;
	return said == JAILHOUSE_CELL_RUNNING_LOCKED ? said : cell->state;
}

unsigned int cell_count(void)
{
	unsigned int n, count = 1;

	for (n = 0; n < HV_MAX_CELLS; n++)
		count += cells[n].in_use;
	return count;
}

static int cell_has_cpu(const struct cell *cell, unsigned int cpu)
{
	return jailhouse_cpu_in_set(cell->config, cpu);
}

/* ---- root's view ---- */

/* model: flush_root (hypervisor-x86/model/cpu-protocol.pml) */
void cell_flush_root(void)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		/* one that does not flush in time is named on the console;
		 * the root is not the threat here, a lost flush only delays
		 * its view of memory it no longer owns */
		if (per_cpu_of(n)->cell == &root_cell)
			(void)cpu_flush_ept(per_cpu_of(n));
}

/* model: hide_loadable (hypervisor-x86/model/cpu-protocol.pml) */
static void hide_loadable(struct cell *cell)
{
	if (!cell->loadable_mapped)
		return;
	cell_memory_loadable_to_root(&root_cell.ept, hv_system_config,
				     cell->config, 0);
	cell->loadable_mapped = 0;
	cell_flush_root();
}

/* ---- create ---- */

static long copy_config(struct per_cpu *caller, struct cell *cell, __u64 gphys)
{
	const struct jailhouse_cell_desc *desc;
	const void *src;
	void *copy;
	__u64 size;

	desc = guest_ram_buffer(caller->cell, gphys, sizeof(*desc));
	if (!desc)
		return hypercall_refuse(
			caller, -EINVAL,
			"cell create: the config at 0x%llx is not in the root cell's RAM",
			(unsigned long long)gphys);
	size = jailhouse_cell_config_size(desc);
	if (size > CONFIG_MAX_SIZE)
		return hypercall_refuse(
			caller, -EINVAL,
			"cell create: the config is %llu bytes, at most %u are accepted",
			(unsigned long long)size, CONFIG_MAX_SIZE);
	src = guest_ram_buffer(caller->cell, gphys, size);
	if (!src)
		return hypercall_refuse(
			caller, -EINVAL,
			"cell create: the config at 0x%llx+0x%llx is not in the root cell's RAM",
			(unsigned long long)gphys, (unsigned long long)size);
	cell->config_pages = PAGES(size);
	copy = page_alloc(&hv_mem_pool, cell->config_pages);
	if (!copy)
		return hypercall_refuse(
			caller, -ENOMEM,
			"cell create: out of hypervisor memory for the config");
	/* one copy, then only the copy is read: the root cannot change it
	 * between check and use */
	memcpy(copy, src, size);
	cell->config = copy;
	if (jh_config_validate(copy, size, caller->error_msg,
			       sizeof(caller->error_msg)))
		return -EINVAL;
	return 0;
}

static long check_against_others(struct per_cpu *caller, struct cell *cell)
{
	const struct jailhouse_cell_desc *others[HV_MAX_CELLS];
	unsigned int n, count = 0;
	long err;

	for (n = 0; n < HV_MAX_CELLS; n++)
		if (cells[n].in_use && &cells[n] != cell)
			others[count++] = cells[n].config;
	err = cell_config_check(hv_system_config, cell->config, others, count,
				caller->error_msg, sizeof(caller->error_msg));
	if (!err)
		err = cell_config_check_caps(cell->config, arch_config_caps(),
					     caller->error_msg,
					     sizeof(caller->error_msg));
	if (err)
		return err;
	for (n = 0; n < JAILHOUSE_MAX_CPUS; n++) {
		if (!cell_has_cpu(cell, n))
			continue;
		if (n >= hv_num_cpus || per_cpu_of(n)->cell != &root_cell)
			return hypercall_refuse(
				caller, -EBUSY,
				"cell create: CPU %u is not a CPU of the root cell",
				n);
		if (per_cpu_of(n) == caller)
			return hypercall_refuse(
				caller, -EBUSY,
				"cell create: CPU %u issued the request itself",
				n);
	}
	return 0;
}

static void init_comm_region(struct cell *cell)
{
	struct jailhouse_comm_region *comm = cell->comm;
	const struct jailhouse_x86_platform *p = &hv_system_config->platform;
	unsigned int n, count = 0;

	memset(comm, 0, PAGE_SIZE);
	memcpy(comm->signature, JAILHOUSE_COMM_SIGNATURE,
	       sizeof(JAILHOUSE_COMM_SIGNATURE) - 1);
	comm->revision = JAILHOUSE_COMM_REVISION;
	comm->cell_state = cell->state;
	comm->flags = cell->config->flags;
	comm->console = cell->config->console;
	comm->platform.pm_timer_address = p->pm_timer_address;
	comm->platform.tsc_khz = p->tsc_khz;
	comm->platform.apic_khz = p->apic_khz;
	comm->platform.apic_mode = p->apic_mode;
	comm->platform.pci_mmconfig_base = p->pci_mmconfig_base;
	for (n = 0; n < hv_num_cpus; n++)
		if (cell_has_cpu(cell, n))
			comm->platform.cpu_apic_ids[count++] =
				per_cpu_of(n)->apic_id;
	comm->platform.num_cpus = count;
}

static int build_cell(struct cell *cell)
{
	int err;

	cell->comm = page_zalloc(&hv_mem_pool, 1);
	if (!cell->comm)
		return -ENOMEM;
	err = arch_cell_create(cell);
	if (err)
		return err;
	err = cell_memory_build(&cell->ept, cell->config,
				hv_virt_to_phys(cell->comm));
	if (err)
		return err;
	/* no xAPIC page: every access exits, reads of what the cell's APIC
	 * virtualises included (arch/apic.c) */
	return mmio_cell_init(cell);
}

/* Everything create allocated; safe on a half-built cell. */
static void free_cell(struct cell *cell)
{
	arch_cell_destroy(cell);
	if (cell->comm)
		page_free(&hv_mem_pool, cell->comm, 1);
	if (cell->config)
		page_free(&hv_mem_pool, (void *)cell->config,
			  cell->config_pages);
	memset(cell, 0, sizeof(*cell));
}

static int in_set(unsigned int n, const struct cell *owner,
		  const struct cell *set)
{
	return per_cpu_of(n)->cell == owner && cell_has_cpu(set, n);
}

/*
 * Parks the CPUs `owner` has of `set`'s CPU set; -EBUSY (with the
 * sentence) if one does not stop within the limit (cpu-events.c).  All
 * are asked first, then waited for, then checked once more: a CPU held
 * by management ignores its cell's INIT/SIPI, so once all are held no
 * CPU of the cell can wake another.
 */
/* model: park_all (hypervisor-x86/model/cpu-protocol.pml, cell-steps.pml) */
static long park_all(struct per_cpu *caller, struct cell *owner,
		     struct cell *set)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		if (in_set(n, owner, set))
			cpu_request_park(per_cpu_of(n));
	for (n = 0; n < hv_num_cpus; n++)
		if (in_set(n, owner, set) && cpu_wait_held(per_cpu_of(n)))
			break;
	for (n = 0; n < hv_num_cpus; n++)
		if (in_set(n, owner, set) && !cpu_is_held(per_cpu_of(n)))
			return hypercall_refuse(
				caller, -EBUSY,
				"cell \"%s\": CPU %u did not stop for the hypervisor within %u ms (run state %s)",
				set->config->name, n, WAIT_LIMIT_MS,
				cpu_run_state_name(
					per_cpu_of(n)->public.run_state));
	return 0;
}

/* The CPUs of `set` the root holds go back to waiting for Linux's
 * INIT/SIPI (a create that failed after parking them, or a destroy). */
/* model: release_root_cpus (hypervisor-x86/model/cpu-protocol.pml) */
static void release_root_cpus(struct cell *set)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		if (in_set(n, &root_cell, set))
			cpu_release(per_cpu_of(n));
}

/* Moves the CPUs `from` has of `set`'s CPU set to `to`; they stay held.
 * -EBUSY (with the sentence) if one did not take the move in time. */
/* model: move_cpus (hypervisor-x86/model/cpu-protocol.pml) */
static long move_cpus(struct per_cpu *caller, struct cell *from,
		      struct cell *set, struct cell *to)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		if (in_set(n, from, set) && cpu_move(per_cpu_of(n), to))
			return hypercall_refuse(
				caller, -EBUSY,
				"cell \"%s\": CPU %u did not change cells within %u ms (run state %s)",
				set->config->name, n, WAIT_LIMIT_MS,
				cpu_run_state_name(
					per_cpu_of(n)->public.run_state));
	return 0;
}

static long take_from_root(struct per_cpu *caller, struct cell *cell)
{
	long err;

	if (cell_memory_take_from_root(&root_cell.ept, hv_system_config,
				       cell->config))
		return hypercall_refuse(
			caller, -ENOMEM,
			"cell create: out of hypervisor memory for the root cell's EPT");
	arch_root_ports(cell, 1);
	cell_flush_root();
	err = units_cell_create(cell);
	if (err) {
		arch_root_ports(cell, 0);
		cell_memory_return_to_root(&root_cell.ept, hv_system_config,
					   cell->config);
		return hypercall_refuse(
			caller, err,
			"cell create: setting up the devices of cell \"%s\" failed",
			cell->config->name);
	}
	return 0;
}

/* model: cell_create (hypervisor-x86/model/cpu-protocol.pml, cell-steps.pml) */
static long create_locked(struct per_cpu *caller, __u64 config_gphys)
{
	struct cell *cell = NULL;
	unsigned int n;
	long err;

	for (n = 0; n < HV_MAX_CELLS && !cell; n++)
		if (!cells[n].in_use)
			cell = &cells[n];
	if (!cell)
		return hypercall_refuse(
			caller, -ENOMEM,
			"cell create: %u cells exist already, the most the hypervisor keeps",
			HV_MAX_CELLS);
	memset(cell, 0, sizeof(*cell));
	err = copy_config(caller, cell, config_gphys);
	err = err ?: check_against_others(caller, cell);
	err = err ?: units_cell_check(caller, cell);
	if (!err && build_cell(cell))
		err = hypercall_refuse(
			caller, -ENOMEM,
			"cell create: out of hypervisor memory for cell \"%s\"",
			cell->config->name);
	if (!err) {
		err = park_all(caller, &root_cell, cell);
		err = err ?: take_from_root(caller, cell);
		if (err)
			release_root_cpus(cell);
	}
	if (err) {
		free_cell(cell);
		return err;
	}
	cell->id = cell - cells + 1;
	cell->state = JAILHOUSE_CELL_CREATED;
	init_comm_region(cell);
	cell->in_use = 1;
	/* a CPU that did not move stays the root's, held: destroy releases
	 * it (the cell exists, so the caller can destroy it) */
	err = move_cpus(caller, &root_cell, cell, cell);
	if (err)
		return err;
	printk("cell \"%s\" created (id %u): EPT %lu pages\n",
	       cell->config->name, cell->id, paging_table_pages(&cell->ept));
	return cell->id;
}

long cell_create(struct per_cpu *caller, __u64 config_gphys)
{
	lock();
	return unlock(create_locked(caller, config_gphys));
}

/* ---- the others ---- */

static struct cell *find_non_root(struct per_cpu *caller, unsigned long id,
				  const char *what)
{
	struct cell *cell = cell_find(id);

	if (!cell || cell == &root_cell) {
		hypercall_refuse(caller, -ENOENT,
				 "cell %s: no non-root cell with id %lu", what,
				 id);
		return NULL;
	}
	return cell;
}

static void set_state(struct cell *cell, __u32 state)
{
	cell->state = state;
	cell->comm->cell_state = state;
}

typedef long (*cell_op)(struct per_cpu *caller, struct cell *cell);

/* One management operation on an existing non-root cell, under the lock. */
/* model: ON_CELL (hypervisor-x86/model/cpu-protocol.pml) */
static long on_cell(struct per_cpu *caller, unsigned long id, const char *what,
		    cell_op op)
{
	struct cell *cell;

	lock();
	cell = find_non_root(caller, id, what);
	return unlock(cell ? op(caller, cell) : -ENOENT);
}

/* model: cell_load (hypervisor-x86/model/cpu-protocol.pml) */
static long set_loadable_locked(struct per_cpu *caller, struct cell *cell)
{
	if (park_all(caller, cell, cell))
		return -EBUSY;
	if (!cell->loadable_mapped &&
	    cell_memory_loadable_to_root(&root_cell.ept, hv_system_config,
					 cell->config, 1))
		return hypercall_refuse(
			caller, -ENOMEM,
			"cell load: out of hypervisor memory for the root cell's EPT");
	cell->loadable_mapped = 1;
	set_state(cell, JAILHOUSE_CELL_LOADABLE);
	return 0;
}

long cell_set_loadable(struct per_cpu *caller, unsigned long id)
{
	return on_cell(caller, id, "load", set_loadable_locked);
}

struct per_cpu *cell_boot_cpu(const struct cell *cell)
{
	unsigned int n;

	for (n = 0; n < hv_num_cpus; n++)
		if (per_cpu_of(n)->cell == cell)
			return per_cpu_of(n);
	return NULL;
}

/* model: cell_start (hypervisor-x86/model/cpu-protocol.pml, cell-steps.pml) */
static long start_locked(struct per_cpu *caller, struct cell *cell)
{
	struct per_cpu *boot;
	unsigned int n;

	if (park_all(caller, cell, cell))
		return -EBUSY;
	/* chosen among the CPUs park_all() found held in the cell */
	boot = cell_boot_cpu(cell);
	if (!boot)
		return hypercall_refuse(caller, -EINVAL,
					"cell start: cell \"%s\" has no CPU",
					cell->config->name);
	hide_loadable(cell);
	init_comm_region(cell);
	units_cell_start(cell);
	set_state(cell, JAILHOUSE_CELL_RUNNING);
	memset(&cell->fault, 0, sizeof(cell->fault));
	/* the others wait for the cell's own INIT/SIPI */
	for (n = 0; n < hv_num_cpus; n++)
		if (per_cpu_of(n)->cell == cell && per_cpu_of(n) != boot)
			cpu_release(per_cpu_of(n));
	/* real mode: CS base is the address without its low 16 bits; held,
	 * so it cannot refuse */
	cpu_start(boot, (cell->config->cpu_reset_address & ~0xffffUL) >> 4,
		  cell->config->cpu_reset_address & 0xffff);
	printk("cell \"%s\" started on CPU %u\n", cell->config->name,
	       boot->cpu_id);
	return 0;
}

long cell_start(struct per_cpu *caller, unsigned long id)
{
	return on_cell(caller, id, "start", start_locked);
}

/*
 * The message vector the cell named in its comm region, to its first CPU:
 * a cell asleep in hlt answers now instead of at its next poll.  The cell
 * chose the vector and only its own CPU gets it; what it leaves pending
 * there is cleared when the CPU changes cells (apic_clear()).  Vectors
 * below 32 are no fixed interrupt (an APIC send error), so never sent.
 */
static void wake_for_message(const struct cell *cell)
{
	__u8 vector = cell->comm->msg_vector; /* the cell may change it */
	struct per_cpu *first = cell_boot_cpu(cell);

	if (vector >= 32 && first)
		apic_send_fixed(first->apic_id, vector);
}

/* Waits for the cell's reply, up to its msg_reply_timeout_ms. */
static __u32 ask_cell(struct cell *cell, __u32 msg)
{
	__u64 khz = hv_system_config->platform.tsc_khz ?: 1000000;
	__u64 end = read_tsc() + khz * cell->config->msg_reply_timeout_ms;
	struct jailhouse_comm_region *comm = cell->comm;

	comm->reply_from_cell = JAILHOUSE_MSG_NONE;
	comm->msg_to_cell = msg;
	wake_for_message(cell);
	while (comm->reply_from_cell == JAILHOUSE_MSG_NONE && read_tsc() < end)
		cpu_relax();
	msg = comm->reply_from_cell;
	comm->msg_to_cell = JAILHOUSE_MSG_NONE;
	return msg;
}

/*
 * A running cell that answers messages is asked; one that does not (or
 * whose comm region is passive) is simply stopped.  A cell may veto its
 * shutdown (and so its destroy): RUNNING_LOCKED in its comm region, or a
 * REQUEST_DENIED answer.  That is kept on purpose - a real-time cell
 * protects its work from the root's management - and the refusal says
 * that the cell itself decided it.  The veto costs only the cell's own
 * CPUs: the root waits at most msg_reply_timeout_ms for the answer, and a
 * cell that does not answer is stopped.
 */
/* model: cell_shutdown (hypervisor-x86/model/cpu-protocol.pml, cell-steps.pml) */
static long shutdown_locked(struct per_cpu *caller, struct cell *cell)
{
	__u32 reply;

	if (cell_state(cell) == JAILHOUSE_CELL_RUNNING_LOCKED)
		return hypercall_refuse(
			caller, -EPERM,
			"cell \"%s\" has locked itself against shutdown (it set RUNNING_LOCKED in its communication region) and stays running until it unlocks",
			cell->config->name);
	if (cell_state(cell) == JAILHOUSE_CELL_RUNNING &&
	    !(cell->config->flags & JAILHOUSE_CELL_PASSIVE_COMMREG)) {
		reply = ask_cell(cell, JAILHOUSE_MSG_SHUTDOWN_REQUEST);
		if (reply == JAILHOUSE_MSG_REQUEST_DENIED)
			return hypercall_refuse(
				caller, -EPERM,
				"cell \"%s\" itself denied the shutdown request (it answered REQUEST_DENIED: it is locked) and stays running",
				cell->config->name);
	}
	if (park_all(caller, cell, cell))
		return -EBUSY;
	if (cell->state != JAILHOUSE_CELL_FAILED) {
		set_state(cell, JAILHOUSE_CELL_SHUT_DOWN);
		units_cell_quiesce(cell);
	}
	return 0;
}

long cell_shutdown(struct per_cpu *caller, unsigned long id)
{
	return on_cell(caller, id, "shutdown", shutdown_locked);
}

/* model: cell_destroy (hypervisor-x86/model/cpu-protocol.pml, cell-steps.pml) */
static long destroy_locked(struct per_cpu *caller, struct cell *cell)
{
	long err;

	/* the rules of shutdown: a locked cell, or one that says no, stays */
	if (cell_state(cell) == JAILHOUSE_CELL_RUNNING ||
	    cell_state(cell) == JAILHOUSE_CELL_RUNNING_LOCKED) {
		err = shutdown_locked(caller, cell);
		if (err)
			return err;
	}
	if (park_all(caller, cell, cell))
		return -EBUSY;
	hide_loadable(cell);
	/* its IOAPIC pins masked before its CPUs become the root's: an
	 * interrupt of the cell must never land in Linux */
	units_cell_quiesce(cell);
	/* the CPUs before the memory: nothing runs in the cell's memory once
	 * the root can see it again */
	err = move_cpus(caller, cell, cell, &root_cell);
	if (err)
		return err;
	release_root_cpus(cell);
	/* nothing the cell wrote may reach the root */
	if (cell_memory_scrub(hv_system_config, cell->config, phys_zero))
		printk("cell \"%s\": part of its memory lies outside the hypervisor's physical window and goes back to the root unscrubbed\n",
		       cell->config->name);
	cell_memory_return_to_root(&root_cell.ept, hv_system_config,
				   cell->config);
	arch_root_ports(cell, 0);
	units_cell_destroy(cell);
	console_cell_report(&cell->console, cell->config->name);
	printk("cell \"%s\" destroyed\n", cell->config->name);
	free_cell(cell);
	return 0;
}

long cell_destroy(struct per_cpu *caller, unsigned long id)
{
	return on_cell(caller, id, "destroy", destroy_locked);
}

long cell_get_fault(struct per_cpu *caller, unsigned long id, __u64 gphys)
{
	struct cell *cell;

	lock();
	/* looked up once: the id may be reused by a create after a destroy */
	cell = cell_find(id);
	if (!cell)
		return unlock(-ENOENT);
	return unlock(copy_to_guest(caller, gphys, &cell->fault,
				    sizeof(cell->fault)));
}

/* Runs on a CPU of the failing cell, inside its VM exit. */
/* model: cell_fail (hypervisor-x86/model/cpu-protocol.pml, cell-steps.pml) */
void cell_fail(struct per_cpu *cpu, const struct jailhouse_fault_report *report)
{
	struct cell *cell = cpu->cell;
	unsigned int n;

	if (cell->state != JAILHOUSE_CELL_FAILED) {
		cell->fault = *report;
		set_state(cell, JAILHOUSE_CELL_FAILED);
		printk("cell \"%s\" stopped: %s\n", cell->config->name,
		       report->message);
		units_cell_quiesce(cell);
	}
	for (n = 0; n < hv_num_cpus; n++)
		if (per_cpu_of(n)->cell == cell)
			cpu_request_park(per_cpu_of(n));
}
