// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls (convention in include/jailhouse/hypercall.h).  Management
 * and information calls are for the root cell only.  Guest buffers are
 * checked against the caller's EPT before the hypervisor touches them, so
 * a bad address gets -EINVAL instead of reaching hypervisor or device
 * memory.
 */
#include "hv.h"
#include "cell.h"
#include <common/string.h>
#include <common/format.h>
#include "vmexit.h"
#include "guest-memory.h"
#include "cpu-events.h"
#include "unit.h"

long hypercall_refuse(struct per_cpu *cpu, long err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	jh_vsnprintf(cpu->error_msg, sizeof(cpu->error_msg), fmt, ap);
	va_end(ap);
	return err;
}

static long hypervisor_info(unsigned long type)
{
	switch (type) {
	case JAILHOUSE_INFO_MEM_POOL_SIZE:
		return page_pool_size(&hv_mem_pool);
	case JAILHOUSE_INFO_MEM_POOL_USED:
		return page_pool_used(&hv_mem_pool);
	case JAILHOUSE_INFO_REMAP_POOL_SIZE:
		return page_pool_size(&hv_remap_pool);
	case JAILHOUSE_INFO_REMAP_POOL_USED:
		return page_pool_used(&hv_remap_pool);
	case JAILHOUSE_INFO_NUM_CELLS:
		return cell_count();
	default:
		return -EINVAL;
	}
}

static long cpu_info(unsigned long cpu_id, unsigned long type)
{
	struct per_cpu *cpu;

	if (cpu_id >= hv_num_cpus)
		return -EINVAL;
	cpu = per_cpu_of(cpu_id);
	if (type == JAILHOUSE_CPU_INFO_STATE)
		return cpu->public.failed ? JAILHOUSE_CPU_FAILED :
					    JAILHOUSE_CPU_RUNNING;
	if (type >= JAILHOUSE_CPU_INFO_STAT_BASE &&
	    type < JAILHOUSE_CPU_INFO_STAT_BASE + JAILHOUSE_NUM_CPU_STATS)
		return cpu->public.stats[type - JAILHOUSE_CPU_INFO_STAT_BASE];
	return -EINVAL;
}

long copy_to_guest(struct per_cpu *cpu, __u64 gphys, const void *src,
		   __u64 size)
{
	void *dst = guest_ram_buffer(cpu->cell, gphys, size);

	if (!dst)
		return hypercall_refuse(
			cpu, -EINVAL,
			"hypercall buffer is not writable RAM of the calling cell");
	memcpy(dst, src, size);
	return 0;
}

/* The root writes unlimited (it is trusted for management), a cell
 * within its budget; both sanitised. */
static void cell_console_write(struct cell *cell, const char *text,
			       unsigned long len)
{
	if (cell == &root_cell)
		console_write_text(text, len);
	else
		console_cell_write(&cell->console, cell->config->name, text,
				   len);
}

static long console_write(struct per_cpu *cpu, __u64 gphys, __u64 len)
{
	const char *text;

	if (len > JAILHOUSE_CONSOLE_WRITE_MAX)
		return -EINVAL;
	text = guest_ram_buffer(cpu->cell, gphys, len ? len : 1);
	if (!text)
		return -EINVAL;
	cell_console_write(cpu->cell, text, len);
	return 0;
}

extern struct jailhouse_console_log hv_console_log;

/* What a non-root cell may call: its console, if the config grants it. */
static int cell_may_call(const struct cell *cell, unsigned long code)
{
	if (cell == &root_cell)
		return 1;
	return (code == JAILHOUSE_HC_DEBUG_CONSOLE_PUTC ||
		code == JAILHOUSE_HC_DEBUG_CONSOLE_WRITE) &&
	       (cell->config->flags & JAILHOUSE_CELL_VIRTUAL_CONSOLE);
}

/* Disable gives every CPU back to Linux as it is: none may be in a cell
 * or parked (the driver destroys cells first and keeps CPUs online). */
/* model: disable (hypervisor-x86/model/cpu-protocol.pml) */
static long disable(struct per_cpu *cpu)
{
	unsigned int n;
	long err;

	if (cell_count() > 1)
		return hypercall_refuse(cpu, -EBUSY,
					"non-root cells exist; destroy them first");
	for (n = 0; n < hv_num_cpus; n++) {
		if (per_cpu_of(n)->public.lost)
			return hypercall_refuse(
				cpu, -EBUSY,
				"CPU %u could not be given back to Linux (its local APIC did not return to xAPIC mode) and has to stay with the hypervisor",
				n);
		if (per_cpu_of(n)->public.run_state != CPU_RUN_RUNNING)
			return hypercall_refuse(
				cpu, -EBUSY,
				"CPU %u of the root cell is offline in Linux",
				n);
	}
	/* the units hand their hardware back (VT-d: translation and
	 * interrupt remapping off, its registers as Linux left them)
	 * while every CPU is still ours, once for all CPUs (the driver
	 * calls disable on each at once); a refusal keeps the hypervisor
	 * on every CPU */
	err = units_disable_round(cpu, cpu->error_msg, hv_num_cpus);
	if (err)
		return err;
	arch_leave_to_linux(cpu);
}

long hypercall(struct per_cpu *cpu, unsigned long code, unsigned long arg1,
	       unsigned long arg2)
{
	char msg[JAILHOUSE_MSG_MAX];
	unsigned long len;

	if (!cell_may_call(cpu->cell, code))
		return -EPERM;
	switch (code) {
	case JAILHOUSE_HC_DISABLE:
		return disable(cpu);
	case JAILHOUSE_HC_CELL_CREATE:
		return cell_create(cpu, arg1);
	case JAILHOUSE_HC_CELL_START:
		return cell_start(cpu, arg1);
	case JAILHOUSE_HC_CELL_SET_LOADABLE:
		return cell_set_loadable(cpu, arg1);
	case JAILHOUSE_HC_CELL_DESTROY:
		return cell_destroy(cpu, arg1);
	case JAILHOUSE_HC_CELL_SHUTDOWN:
		return cell_shutdown(cpu, arg1);
	case JAILHOUSE_HC_HYPERVISOR_GET_INFO:
		return hypervisor_info(arg1);
	case JAILHOUSE_HC_CELL_GET_STATE: {
		const struct cell *cell = cell_find(arg1);

		return cell ? (long)cell_state(cell) : -ENOENT;
	}
	case JAILHOUSE_HC_CPU_GET_INFO:
		return cpu_info(arg1, arg2);
	case JAILHOUSE_HC_CELL_GET_FAULT:
		return cell_get_fault(cpu, arg1, arg2);
	case JAILHOUSE_HC_GET_ERROR_MSG:
		if (arg2 == 0)
			return -EINVAL;
		strlcpy(msg, cpu->error_msg, sizeof(msg));
		len = strlen(msg) + 1;
		if (len > arg2) {
			len = arg2;
			msg[len - 1] = 0;
		}
		return copy_to_guest(cpu, arg1, msg, len);
	case JAILHOUSE_HC_DEBUG_CONSOLE_PUTC: {
		char c = arg1;

		cell_console_write(cpu->cell, &c, 1);
		return 0;
	}
	case JAILHOUSE_HC_DEBUG_CONSOLE_WRITE:
		return console_write(cpu, arg1, arg2);
	case JAILHOUSE_HC_CONSOLE_READ:
		return copy_to_guest(cpu, arg1, &hv_console_log,
				     sizeof(hv_console_log));
	default:
		return hypercall_refuse(cpu, -ENOSYS, "unknown hypercall");
	}
}
