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
#include "lib-string.h"
#include "format.h"
#include "vmexit.h"

/* The hypervisor's address of `size` bytes at guest-physical `gphys`, if
 * the cell may write them all (RAM mapped writable in its EPT). */
static void *guest_buffer(struct cell *cell, __u64 gphys, __u64 size)
{
	__u64 page, hphys = 0, first = 0;
	unsigned int flags;

	if (size == 0 || gphys + size < gphys)
		return NULL;
	for (page = gphys & PAGE_MASK; page < gphys + size; page += PAGE_SIZE) {
		if (paging_lookup(&cell->ept, page, &hphys, &flags, NULL) ||
		    !(flags & PAGING_WRITE) || (flags & PAGING_UNCACHED))
			return NULL;
		if (page == (gphys & PAGE_MASK))
			first = hphys;
		else if (hphys != first + (page - (gphys & PAGE_MASK)))
			return NULL;	/* not contiguous in host memory */
	}
	return phys_window(first + (gphys & ~PAGE_MASK));
}

static long refuse(struct per_cpu *cpu, long err, const char *sentence)
{
	strlcpy(cpu->error_msg, sentence, sizeof(cpu->error_msg));
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
		return 1;
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
		return cpu->failed ? JAILHOUSE_CPU_FAILED : JAILHOUSE_CPU_RUNNING;
	if (type >= JAILHOUSE_CPU_INFO_STAT_BASE &&
	    type < JAILHOUSE_CPU_INFO_STAT_BASE + JAILHOUSE_NUM_CPU_STATS)
		return cpu->stats[type - JAILHOUSE_CPU_INFO_STAT_BASE];
	return -EINVAL;
}

static long copy_to_guest(struct per_cpu *cpu, __u64 gphys, const void *src,
			  __u64 size)
{
	void *dst = guest_buffer(cpu->cell, gphys, size);

	if (!dst)
		return refuse(cpu, -EINVAL, "hypercall buffer is not writable RAM of the calling cell");
	memcpy(dst, src, size);
	return 0;
}

static long console_write(struct per_cpu *cpu, __u64 gphys, __u64 len)
{
	const char *text;
	__u64 n;

	if (len > JAILHOUSE_CONSOLE_WRITE_MAX)
		return -EINVAL;
	text = guest_buffer(cpu->cell, gphys, len ? len : 1);
	if (!text)
		return -EINVAL;
	for (n = 0; n < len; n++)
		printk("%c", text[n]);
	return 0;
}

extern struct jailhouse_console_log hv_console_log;

long hypercall(struct per_cpu *cpu, unsigned long code, unsigned long arg1,
	       unsigned long arg2)
{
	char msg[JAILHOUSE_MSG_MAX];
	unsigned long len;

	switch (code) {
	case JAILHOUSE_HC_DISABLE:
		vmx_leave_to_linux(cpu);
	case JAILHOUSE_HC_CELL_CREATE ... JAILHOUSE_HC_CELL_SHUTDOWN:
		return refuse(cpu, -ENOSYS, "non-root cells are not implemented in this hypervisor yet");
	case JAILHOUSE_HC_HYPERVISOR_GET_INFO:
		return hypervisor_info(arg1);
	case JAILHOUSE_HC_CELL_GET_STATE:
		return arg1 == 0 ? (long)root_cell.state : -ENOENT;
	case JAILHOUSE_HC_CPU_GET_INFO:
		return cpu_info(arg1, arg2);
	case JAILHOUSE_HC_CELL_GET_FAULT:
		if (arg1 != 0)
			return -ENOENT;
		return copy_to_guest(cpu, arg2, &root_cell.fault,
				     sizeof(root_cell.fault));
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
	case JAILHOUSE_HC_DEBUG_CONSOLE_PUTC:
		printk("%c", (char)arg1);
		return 0;
	case JAILHOUSE_HC_DEBUG_CONSOLE_WRITE:
		return console_write(cpu, arg1, arg2);
	case JAILHOUSE_HC_CONSOLE_READ:
		return copy_to_guest(cpu, arg1, &hv_console_log,
				     sizeof(hv_console_log));
	default:
		return refuse(cpu, -ENOSYS, "unknown hypercall");
	}
}
