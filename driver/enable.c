// SPDX-License-Identifier: GPL-2.0
/*
 * Enabling and disabling the hypervisor.  Every check that can fail comes
 * before the first change; once something is claimed, a failure undoes it
 * in reverse order, so a refused enable leaves Linux exactly as before
 * except for the hypervisor's log, which is kept (as a copy) so that users
 * can read in sysfs `console` why the hypervisor refused.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpu.h>
#include <linux/firmware.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/tsc.h>

#include <jailhouse/image.h>

#include "config-check.h"
#include "console-ring.h"
#include "hypercall.h"
#include "jailhouse.h"
#include "version-check.h"

/* Claimed while enabled. */
static struct resource *hv_region;
static u64 hv_console_offset;
/* The log of the last failed enable or of the last disable. */
static struct jailhouse_console_log *console_copy;
/* Bounce buffer for JAILHOUSE_HC_CONSOLE_READ (physically contiguous). */
static struct jailhouse_console_log *console_bounce;

/* What enable builds up, in the order it is undone. */
struct enable_state {
	struct jailhouse_system_desc *config;
	size_t config_size;
	const struct firmware *image;
	void *hv_mem;
	phys_addr_t hv_phys;
	size_t hv_size;
};

static void snapshot_console(const void *hv_mem, u64 offset)
{
	if (!console_copy)
		console_copy = kvmalloc(sizeof(*console_copy), GFP_KERNEL);
	if (console_copy)
		memcpy(console_copy, hv_mem + offset, sizeof(*console_copy));
}

static int copy_config(struct jailhouse_request *req,
		       const struct jailhouse_enable_args *args,
		       struct enable_state *st)
{
	if (args->config_size > JAILHOUSE_MAX_CONFIG_SIZE)
		return jailhouse_refuse(
			req, -E2BIG,
			"system config: %u bytes is more than the %u allowed",
			args->config_size, JAILHOUSE_MAX_CONFIG_SIZE);
	/* Even a short file is read: its signature may say what it is. */
	if (args->config_size < JAILHOUSE_SIGNATURE_SIZE)
		return jailhouse_refuse(
			req, -EINVAL,
			"system config: only %u bytes, less than the %zu-byte header (truncated?)",
			args->config_size,
			sizeof(struct jailhouse_system_desc));
	st->config = kvmalloc(args->config_size, GFP_KERNEL);
	if (!st->config)
		return jailhouse_refuse(req, -ENOMEM,
					"system config: no memory for %u bytes",
					args->config_size);
	st->config_size = args->config_size;
	if (copy_from_user(st->config, u64_to_user_ptr(args->config_ptr),
			   args->config_size))
		return jailhouse_refuse(
			req, -EFAULT,
			"system config: cannot read %u bytes at 0x%llx (bad address)",
			args->config_size, args->config_ptr);
	return 0;
}

/*
 * The hypervisor memory must be reserved at boot, never Linux's RAM: only
 * the driver can tell.  Asked before the shared validator whenever the
 * header names a non-empty range, because a missing memmap= is the likely
 * cause of other complaints as well (a config made without the reservation
 * also overlaps the root's RAM).
 */
static int check_linux_view(struct jailhouse_request *req,
			    const struct jailhouse_system_desc *sys,
			    size_t size)
{
	const struct jailhouse_memory *hv = &sys->hypervisor_memory;

	if (size < sizeof(*sys) ||
	    memcmp(sys->signature, JAILHOUSE_SYSTEM_SIGNATURE,
		   JAILHOUSE_SIGNATURE_SIZE) ||
	    hv->size == 0 || hv->phys_start + hv->size < hv->phys_start)
		return 0; /* the validator names what is wrong */
	if (hv->phys_start + hv->size - 1 > (u64)(phys_addr_t)-1 ||
	    hv->size > SIZE_MAX)
		return jailhouse_refuse(
			req, -EINVAL,
			"system config: hypervisor memory 0x%llx+0x%llx is beyond this machine's physical addresses",
			hv->phys_start, hv->size);
	if (region_intersects(hv->phys_start, hv->size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return jailhouse_refuse(
			req, -EBUSY,
			"hypervisor memory 0x%llx+0x%llx is System RAM used by Linux; reserve it with the kernel parameter memmap=0x%llx$0x%llx and reboot",
			hv->phys_start, hv->size, hv->size, hv->phys_start);
	return 0;
}

static int check_config(struct jailhouse_request *req, struct enable_state *st)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	err = check_linux_view(req, st->config, st->config_size);
	if (err)
		return err;
	err = jailhouse_check_system_config(st->config, st->config_size, msg,
					    sizeof(msg));
	if (err)
		return jailhouse_refuse(req, err, "%s", msg);
	st->hv_phys = st->config->hypervisor_memory.phys_start;
	st->hv_size = st->config->hypervisor_memory.size;
	return 0;
}

static unsigned int last_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for_each_online_cpu(cpu) last = cpu;
	return last;
}

static int check_image_layout(struct jailhouse_request *req,
			      const struct jailhouse_image_header *h,
			      struct enable_state *st)
{
	unsigned int cpus = last_online_cpu() + 1;
	u64 config_end, needed;

	if (h->core_size < h->image_size || !PAGE_ALIGNED(h->core_size) ||
	    h->entry < h->link_address ||
	    h->entry >= h->link_address + h->image_size ||
	    h->console_log_offset > h->core_size ||
	    h->core_size - h->console_log_offset <
		    sizeof(struct jailhouse_console_log))
		return jailhouse_refuse(
			req, -EINVAL,
			"hypervisor image %s: inconsistent layout (core size, entry point or log offset)",
			JAILHOUSE_FIRMWARE_NAME);
	if (h->max_cpus < cpus)
		return jailhouse_refuse(
			req, -EINVAL,
			"hypervisor image %s supports %u CPUs, but CPU %u is online",
			JAILHOUSE_FIRMWARE_NAME, h->max_cpus, cpus - 1);
	config_end = h->core_size + PAGE_ALIGN(st->config_size);
	needed = config_end + h->percpu_size * cpus;
	if (needed > st->hv_size || h->percpu_size > st->hv_size)
		return jailhouse_refuse(
			req, -ENOMEM,
			"hypervisor memory of %zu KiB is too small: image %llu KiB + config %zu bytes + %u CPUs x %llu KiB need %llu KiB",
			st->hv_size >> 10, h->core_size >> 10, st->config_size,
			cpus, h->percpu_size >> 10, needed >> 10);
	return 0;
}

static int load_image(struct jailhouse_request *req, struct enable_state *st)
{
	const struct jailhouse_image_header *h;
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	err = firmware_request_nowarn(&st->image, JAILHOUSE_FIRMWARE_NAME,
				      jailhouse_dev);
	if (err)
		return jailhouse_refuse(
			req, err,
			"hypervisor image %s not found (error %d); install it in /lib/firmware",
			JAILHOUSE_FIRMWARE_NAME, err);
	h = (const void *)st->image->data;
	/* The signature and revision first: an image of another revision
	 * may have a header of another size. */
	if (st->image->size < JAILHOUSE_IMAGE_SIGNATURE_SIZE + sizeof(__u32) ||
	    memcmp(h->signature, JAILHOUSE_IMAGE_SIGNATURE,
		   JAILHOUSE_IMAGE_SIGNATURE_SIZE))
		return jailhouse_refuse(
			req, -EINVAL,
			"hypervisor image %s: bad signature, not a Jailhouse hypervisor image",
			JAILHOUSE_FIRMWARE_NAME);
	err = jailhouse_check_image_version(h, st->image->size,
					    jailhouse_version, msg,
					    sizeof(msg));
	if (err < 0)
		return jailhouse_refuse(req, err, "%s", msg);
	if (err)
		pr_notice("%s\n", msg);
	if (h->image_size != st->image->size)
		return jailhouse_refuse(
			req, -EINVAL,
			"hypervisor image %s: file has %zu bytes, its header says %llu (truncated?)",
			JAILHOUSE_FIRMWARE_NAME, st->image->size,
			h->image_size);
	return check_image_layout(req, h, st);
}

/* Platform facts the hypervisor and inmates must not measure themselves. */
static void fill_platform(struct jailhouse_system_desc *config)
{
	if (!config->platform.tsc_khz)
		config->platform.tsc_khz = tsc_khz;
	if (!config->platform.apic_khz)
		config->platform.apic_khz = jailhouse_measure_apic_khz();
	jailhouse_log_done("TSC %u kHz, APIC timer %u kHz\n",
			   config->platform.tsc_khz, config->platform.apic_khz);
}

static int prepare_memory(struct jailhouse_request *req,
			  struct enable_state *st)
{
	const struct jailhouse_image_header *src =
		(const void *)st->image->data;
	struct jailhouse_image_header *h;

	st->hv_mem = memremap(st->hv_phys, st->hv_size, MEMREMAP_WB);
	if (!st->hv_mem)
		return jailhouse_refuse(
			req, -ENOMEM,
			"cannot map the hypervisor memory 0x%llx+0x%zx",
			(u64)st->hv_phys, st->hv_size);
	memcpy(st->hv_mem, src, src->image_size);
	memset(st->hv_mem + src->image_size, 0,
	       src->core_size - src->image_size);
	memcpy(st->hv_mem + src->core_size, st->config, st->config_size);

	h = st->hv_mem;
	h->online_cpus = num_online_cpus();
	h->hv_phys_base = st->hv_phys;
	h->hv_size = st->hv_size;
	h->result = 0;
	h->error_cpu = 0;
	h->error_msg[0] = '\0';
	return 0;
}

static void undo_enable(struct enable_state *st)
{
	if (st->hv_mem)
		memunmap(st->hv_mem);
	if (hv_region) {
		release_mem_region(st->hv_phys, st->hv_size);
		hv_region = NULL;
	}
	release_firmware(st->image);
	kvfree(st->config);
}

static int enter_hypervisor(struct jailhouse_request *req,
			    struct enable_state *st)
{
	const struct jailhouse_image_header *h = st->hv_mem;
	char msg[JAILHOUSE_MSG_MAX] = "";
	int err;

	err = jailhouse_handover_enable(st->hv_mem, st->hv_phys, st->hv_size,
					msg, sizeof(msg));
	if (!err)
		return 0;
	if (!msg[0])
		strscpy(msg, h->error_msg, sizeof(msg));
	snapshot_console(st->hv_mem, h->console_log_offset);
	if (msg[0])
		return jailhouse_refuse(req, err, "%s", msg);
	return jailhouse_refuse(
		req, err,
		"the hypervisor failed to start (error %d) without saying why; see %s/console",
		err, JAILHOUSE_SYSFS);
}

static int claim_and_enter(struct jailhouse_request *req,
			   struct enable_state *st)
{
	int err;

	hv_region = request_mem_region(st->hv_phys, st->hv_size,
				       "Jailhouse hypervisor");
	if (!hv_region)
		return jailhouse_refuse(
			req, -EBUSY,
			"hypervisor memory 0x%llx+0x%zx is already claimed by another driver (see /proc/iomem)",
			(u64)st->hv_phys, st->hv_size);
	err = load_image(req, st);
	if (err)
		return err;
	fill_platform(st->config);
	err = prepare_memory(req, st);
	if (err)
		return err;
	/*
	 * Read before entering: afterwards the root cell's EPT no longer
	 * maps the hypervisor memory, and touching it stops the CPU.
	 */
	hv_console_offset = ((const struct jailhouse_image_header *)st->hv_mem)
				    ->console_log_offset;
	return enter_hypervisor(req, st);
}

/* Linux runs as the root cell now: make that visible, and pin the module. */
static int finish_enable(struct jailhouse_request *req, struct enable_state *st)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	/* The hypervisor's memory is not Linux's business any more. */
	memunmap(st->hv_mem);
	st->hv_mem = NULL;
	release_firmware(st->image);
	st->image = NULL;
	err = jailhouse_root_cell_create(st->config);
	if (err) {
		jailhouse_handover_disable(msg, sizeof(msg));
		return jailhouse_refuse(
			req, err,
			"no memory for the root cell's state; the hypervisor was disabled again");
	}
	jailhouse_ivshmem_root_add(&st->config->root_cell);
	kvfree(st->config);
	__module_get(THIS_MODULE);
	jailhouse_enabled = true;
	jailhouse_log_done(
		"the hypervisor is enabled; Linux runs as the root cell\n");
	return 0;
}

int jailhouse_cmd_enable(struct jailhouse_request *req,
			 const struct jailhouse_enable_args *args)
{
	struct enable_state st = { NULL };
	int err;

	if (jailhouse_enabled)
		return jailhouse_refuse(
			req, -EBUSY,
			"enable: the hypervisor is already enabled");
	if (args->flags)
		return jailhouse_refuse(req, -EINVAL,
					"enable: unknown flags 0x%x (must be 0)",
					args->flags);
	if (!console_bounce)
		console_bounce = kmalloc(sizeof(*console_bounce), GFP_KERNEL);
	if (!console_bounce)
		return jailhouse_refuse(req, -ENOMEM,
					"enable: no memory for the console buffer");

	err = copy_config(req, args, &st);
	err = err ?: check_config(req, &st);
	err = err ?: jailhouse_check_cpus(req, &st.config->root_cell);
	err = err ?: claim_and_enter(req, &st);
	err = err ?: finish_enable(req, &st);
	if (err)
		undo_enable(&st);
	return err;
}

/* Linux may touch the hypervisor memory again: keep its last words. */
static void snapshot_console_after_disable(phys_addr_t phys)
{
	void *log = memremap(phys + hv_console_offset,
			     sizeof(struct jailhouse_console_log), MEMREMAP_WB);

	if (log) {
		snapshot_console(log, 0);
		memunmap(log);
	}
}

/* Also called by the reboot notifier, with a request that has no buffer. */
int jailhouse_cmd_disable(struct jailhouse_request *req)
{
	char msg[JAILHOUSE_MSG_MAX] = "";
	int err;

	if (!jailhouse_enabled)
		return jailhouse_refuse(req, -EINVAL,
					"disable: the hypervisor is not enabled");
	err = jailhouse_cells_destroy_all(req);
	if (err)
		return err;
	jailhouse_ivshmem_root_remove();
	err = jailhouse_handover_disable(msg, sizeof(msg));
	if (err) {
		jailhouse_ivshmem_root_rescan();
		return jailhouse_refuse(req, err, "disable: %s",
					msg[0] ? msg :
						 "the hypervisor refused");
	}
	jailhouse_ivshmem_root_forget();
	jailhouse_enabled = false;
	jailhouse_cells_delete_all();
	snapshot_console_after_disable(hv_region->start);
	release_mem_region(hv_region->start, resource_size(hv_region));
	hv_region = NULL;
	module_put(THIS_MODULE);
	jailhouse_log_done("the hypervisor is disabled\n");
	return 0;
}

/* Called with jailhouse_lock held. */
int jailhouse_console_copy(char *dst, size_t dst_size, loff_t pos)
{
	const struct jailhouse_console_log *log = console_copy;
	long err;

	if (jailhouse_enabled) {
		err = jailhouse_call_arg2(JAILHOUSE_HC_CONSOLE_READ,
					  virt_to_phys(console_bounce), 0);
		if (err < 0)
			return err;
		log = console_bounce;
	}
	if (!log || pos < 0)
		return 0;
	return jailhouse_console_ring_read(log, dst, dst_size, pos);
}

void jailhouse_console_release(void)
{
	kvfree(console_copy);
	console_copy = NULL;
	kfree(console_bounce);
	console_bounce = NULL;
}
