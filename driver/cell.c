// SPDX-License-Identifier: GPL-2.0
/*
 * Cells as Linux sees them: the CPUs and PCI devices it gave away and must
 * take back, and the config the hypervisor reads by physical address.
 * The order of create is: check, claim devices, take CPUs offline through
 * the kernel's hotplug API, ask the hypervisor; each step is undone in
 * reverse when a later one fails.
 */
#define pr_fmt(fmt) "jailhouse: " fmt

#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/processor.h>

#include <jailhouse/comm-region.h>

#include <common/cell-config.h>

#include "config-check.h"
#include "hypercall.h"
#include "jailhouse.h"

#define LOAD_CHUNK (1UL << 20)

struct jailhouse_cell *jailhouse_root_cell;
LIST_HEAD(jailhouse_cells);
/* The system config's flags, for what cell create says about them. */
static u32 system_flags;

static struct jailhouse_cell *cell_alloc(const struct jailhouse_cell_desc *desc)
{
	struct jailhouse_cell *cell = kzalloc(sizeof(*cell), GFP_KERNEL);
	unsigned int cpu;

	if (!cell)
		return NULL;
	INIT_LIST_HEAD(&cell->entry);
	jailhouse_sysfs_cell_init(cell);
	strscpy(cell->name, desc->name, sizeof(cell->name));
	for (cpu = 0; cpu < desc->cpu_set_size * 8 && cpu < nr_cpu_ids; cpu++)
		if (jailhouse_cpu_in_set(desc, cpu))
			cpumask_set_cpu(cpu, &cell->cpus_assigned);
	return cell;
}

/*
 * Cells leave sysfs only once jailhouse_lock is dropped (see sysfs.c), so
 * under the lock they are just marked dead and parked here.
 */
static LIST_HEAD(dead_cells);

static void cell_free(struct jailhouse_cell *cell)
{
	cell->dead = true;
	list_add_tail(&cell->entry, &dead_cells);
}

/* Called without jailhouse_lock. */
void jailhouse_cells_reap(void)
{
	struct jailhouse_cell *cell, *next;
	LIST_HEAD(reap);

	/* first: a gone statistics directory may belong to a dead cell */
	jailhouse_sysfs_reap();
	mutex_lock(&jailhouse_lock);
	list_splice_init(&dead_cells, &reap);
	mutex_unlock(&jailhouse_lock);
	list_for_each_entry_safe(cell, next, &reap, entry)
	{
		list_del(&cell->entry);
		jailhouse_sysfs_cell_remove(cell);
		/* The kobject's release frees the cell once readers are gone. */
		kobject_put(&cell->kobj);
	}
}

int jailhouse_root_cell_create(const struct jailhouse_system_desc *config)
{
	struct jailhouse_cell *root = cell_alloc(&config->root_cell);
	int err;

	if (!root)
		return -ENOMEM;
	root->id = 0;
	err = jailhouse_sysfs_cell_add(root);
	if (err) {
		cell_free(root);
		return err;
	}
	jailhouse_root_cell = root;
	system_flags = config->flags;
	return 0;
}

static struct jailhouse_cell *find_cell(struct jailhouse_request *req,
					const struct jailhouse_cell_id *id,
					int *err)
{
	struct jailhouse_cell *cell;

	*err = 0;
	if (id->reserved) {
		*err = jailhouse_refuse(req, -EINVAL,
					"%s: cell id reserved field is not zero",
					req->what);
	} else if (id->id == JAILHOUSE_CELL_ID_UNUSED &&
		   !memchr(id->name, '\0', sizeof(id->name))) {
		*err = jailhouse_refuse(
			req, -EINVAL,
			"%s: cell name is not NUL-terminated within %zu bytes",
			req->what, sizeof(id->name));
	} else if (id->id < JAILHOUSE_CELL_ID_UNUSED) {
		*err = jailhouse_refuse(req, -EINVAL, "%s: invalid cell id %d",
					req->what, id->id);
	} else if (!jailhouse_enabled) {
		*err = jailhouse_refuse(req, -EINVAL,
					"%s: the hypervisor is not enabled",
					req->what);
	}
	if (*err)
		return NULL;
	if (id->id == 0 ||
	    (id->id < 0 && !strcmp(id->name, jailhouse_root_cell->name))) {
		*err = jailhouse_refuse(req, -EINVAL,
					"%s: not possible for the root cell \"%s\"",
					req->what, jailhouse_root_cell->name);
		return NULL;
	}
	list_for_each_entry(cell, &jailhouse_cells,
			    entry) if (id->id >= 0 ?
					       cell->id == id->id :
					       !strcmp(cell->name,
						       id->name)) return cell;
	if (id->id >= 0)
		*err = jailhouse_refuse(req, -ENOENT, "%s: no cell with id %d",
					req->what, id->id);
	else
		*err = jailhouse_refuse(req, -ENOENT,
					"%s: no cell named \"%s\"", req->what,
					id->name);
	return NULL;
}

static struct jailhouse_cell_desc *
copy_cell_config(struct jailhouse_request *req,
		 const struct jailhouse_cell_create_args *args, int *err)
{
	struct jailhouse_cell_desc *config;
	char msg[JAILHOUSE_MSG_MAX];

	*err = 0;
	if (args->flags)
		*err = jailhouse_refuse(
			req, -EINVAL,
			"cell create: unknown flags 0x%x (must be 0)",
			args->flags);
	else if (args->config_size > JAILHOUSE_MAX_CONFIG_SIZE)
		*err = jailhouse_refuse(
			req, -E2BIG,
			"cell config: %u bytes is more than the %u allowed",
			args->config_size, JAILHOUSE_MAX_CONFIG_SIZE);
	else if (args->config_size < JAILHOUSE_SIGNATURE_SIZE)
		*err = jailhouse_refuse(
			req, -EINVAL,
			"cell config: only %u bytes, less than the %zu-byte header (truncated?)",
			args->config_size, sizeof(*config));
	if (*err)
		return NULL;
	/* Physically contiguous: the hypervisor reads it by address. */
	config = kmalloc(args->config_size, GFP_KERNEL | __GFP_NOWARN);
	if (!config) {
		*err = jailhouse_refuse(req, -ENOMEM,
					"cell config: no memory for %u bytes",
					args->config_size);
		return NULL;
	}
	if (copy_from_user(config, u64_to_user_ptr(args->config_ptr),
			   args->config_size))
		*err = jailhouse_refuse(
			req, -EFAULT,
			"cell config: cannot read %u bytes at 0x%llx (bad address)",
			args->config_size, args->config_ptr);
	else if ((*err = jailhouse_check_cell_config(config, args->config_size,
						     msg, sizeof(msg))))
		jailhouse_refuse(req, *err, "%s", msg);
	else if (!jailhouse_enabled)
		*err = jailhouse_refuse(
			req, -EINVAL,
			"cell create: the hypervisor is not enabled");
	if (*err) {
		kfree(config);
		return NULL;
	}
	return config;
}

static int check_new_cell(struct jailhouse_request *req,
			  const struct jailhouse_cell_desc *config)
{
	const struct jailhouse_cell *root = jailhouse_root_cell;
	struct jailhouse_cell *cell;
	unsigned int cpu, count = 0;

	list_for_each_entry(cell, &jailhouse_cells, entry) if (
		!strcmp(cell->name,
			config->name)) return jailhouse_refuse(req, -EEXIST,
							       "cell create: a cell named \"%s\" exists already (id %u)",
							       cell->name,
							       cell->id);
	for (cpu = 0; cpu < config->cpu_set_size * 8; cpu++) {
		if (!jailhouse_cpu_in_set(config, cpu))
			continue;
		if (cpu >= nr_cpu_ids ||
		    !cpumask_test_cpu(cpu, &root->cpus_assigned))
			return jailhouse_refuse(
				req, -EBUSY,
				"cell \"%s\": CPU %u is not a CPU of the root cell",
				config->name, cpu);
		count++;
	}
	if (count >= cpumask_weight(&root->cpus_assigned))
		return jailhouse_refuse(
			req, -EBUSY,
			"cell \"%s\" would take every CPU of the root cell",
			config->name);
	return 0;
}

/* Brings the cell's CPUs back to Linux; a CPU that stays away is recorded. */
static void return_cpus(const struct cpumask *cpus)
{
	unsigned int cpu;
	int err;

	jailhouse_hotplug_allow(true);
	for_each_cpu(cpu, cpus)
	{
		err = add_cpu(cpu);
		cpumask_set_cpu(cpu, &jailhouse_root_cell->cpus_assigned);
		if (err) {
			pr_err("CPU %u did not come back online (error %d)\n",
			       cpu, err);
			cpumask_set_cpu(cpu, &jailhouse_root_cell->cpus_lost);
		}
	}
	jailhouse_hotplug_allow(false);
	jailhouse_sysfs_cell_cpus_changed(jailhouse_root_cell);
}

static int take_cpus(struct jailhouse_request *req, struct jailhouse_cell *cell)
{
	cpumask_t taken;
	unsigned int cpu;
	int err;

	cpumask_clear(&taken);
	for_each_cpu(cpu, &cell->cpus_assigned)
	{
		jailhouse_hotplug_allow(true);
		err = remove_cpu(cpu);
		jailhouse_hotplug_allow(false);
		if (err < 0) {
			return_cpus(&taken);
			return jailhouse_refuse(
				req, err,
				"cell \"%s\": CPU %u cannot be taken offline (error %d)",
				cell->name, cpu, err);
		}
		cpumask_set_cpu(cpu, &taken);
	}
	return 0;
}

/* What the unsafe opt-in means, in the log at every cell that uses it. */
static void warn_unisolated_dma(const struct jailhouse_cell *cell)
{
	char msg[JAILHOUSE_MSG_MAX];

	if (cell_config_unisolated_dma_warning(system_flags, cell->config, msg,
					       sizeof(msg)))
		pr_warn("%s\n", msg);
}

int jailhouse_cmd_cell_create(struct jailhouse_request *req,
			      const struct jailhouse_cell_create_args *args)
{
	struct jailhouse_cell_desc *config;
	struct jailhouse_cell *cell;
	long id;
	int err;

	config = copy_cell_config(req, args, &err);
	if (!config)
		return err;
	err = check_new_cell(req, config);
	cell = err ? NULL : cell_alloc(config);
	if (!cell) {
		kfree(config);
		return err   ?:
			       jailhouse_refuse(req, -ENOMEM,
						"cell create: out of memory");
	}
	cell->config = config;
	cell->config_size = args->config_size;

	/* Ask first: a refusal after the CPUs went offline would need the
	 * hypervisor to hand them back. */
	if (!(cpuid_eax(JAILHOUSE_CPUID_FEATURES) &
	      JAILHOUSE_CPUID_FEATURE_CELLS))
		err = jailhouse_refuse(
			req, -EOPNOTSUPP,
			"cell create: non-root cells are not implemented in this "
			"hypervisor yet; nothing was changed");
	err = err ?: jailhouse_pci_claim_cell(req, cell);
	err = err ?: take_cpus(req, cell);
	if (err) {
		jailhouse_pci_release_cell(cell);
		cell_free(cell);
		return err;
	}
	id = jailhouse_call_request(req, JAILHOUSE_HC_CELL_CREATE,
				    virt_to_phys(config));
	if (id < 0) {
		return_cpus(&cell->cpus_assigned);
		jailhouse_pci_release_cell(cell);
		cell_free(cell);
		return id;
	}
	cell->id = id;
	cpumask_andnot(&jailhouse_root_cell->cpus_assigned,
		       &jailhouse_root_cell->cpus_assigned,
		       &cell->cpus_assigned);
	/* the cell's CPUs count for the cell now, not for the root */
	jailhouse_sysfs_cell_cpus_changed(jailhouse_root_cell);
	list_add_tail(&cell->entry, &jailhouse_cells);
	if (jailhouse_sysfs_cell_add(cell))
		pr_err("cell \"%s\" (id %u) runs, but is missing in sysfs (out of memory)\n",
		       config->name, cell->id);
	jailhouse_log_done("cell \"%s\" created (id %u)\n", cell->name,
			   cell->id);
	warn_unisolated_dma(cell);
	return cell->id;
}

/* Removes a cell the hypervisor no longer has. */
static void cell_delete(struct jailhouse_cell *cell)
{
	list_del(&cell->entry);
	return_cpus(&cell->cpus_assigned);
	jailhouse_pci_release_cell(cell);
	cell_free(cell);
}

/*
 * Before disable: every cell is destroyed through the hypervisor, under the
 * same rules as `cell destroy` (a locked cell, or one that denies the
 * shutdown request, refuses).  Stops at the first refusal, with its
 * sentence in req.
 */
int jailhouse_cells_destroy_all(struct jailhouse_request *req)
{
	struct jailhouse_cell *cell, *next;
	long result;

	list_for_each_entry_safe(cell, next, &jailhouse_cells, entry)
	{
		result = jailhouse_call_request(req, JAILHOUSE_HC_CELL_DESTROY,
						cell->id);
		if (result < 0)
			return result;
		jailhouse_log_done("cell \"%s\" destroyed\n", cell->name);
		cell_delete(cell);
	}
	return 0;
}

void jailhouse_cells_delete_all(void)
{
	struct jailhouse_cell *cell, *next;

	list_for_each_entry_safe(cell, next, &jailhouse_cells, entry)
		cell_delete(cell);
	if (jailhouse_root_cell) {
		cell_free(jailhouse_root_cell);
		jailhouse_root_cell = NULL;
	}
}

static const struct jailhouse_memory *
loadable_region(const struct jailhouse_cell_desc *config,
		const struct jailhouse_preload_image *image)
{
	const struct jailhouse_memory *mem = jailhouse_cell_mem_regions(config);
	unsigned int n;

	for (n = 0; n < config->num_memory_regions; n++, mem++) {
		if (!(mem->flags & JAILHOUSE_MEM_LOADABLE))
			continue;
		if (image->target_address >= mem->virt_start &&
		    image->size <= mem->size &&
		    image->target_address - mem->virt_start <=
			    mem->size - image->size)
			return mem;
	}
	return NULL;
}

static int check_images(struct jailhouse_request *req,
			const struct jailhouse_cell *cell,
			const struct jailhouse_preload_image *images,
			unsigned int count)
{
	unsigned int n;

	for (n = 0; n < count; n++) {
		if (images[n].reserved)
			return jailhouse_refuse(
				req, -EINVAL,
				"cell load: image %u: reserved field is not zero",
				n);
		if (!images[n].size)
			return jailhouse_refuse(req, -EINVAL,
						"cell load: image %u is empty",
						n);
		if (!loadable_region(cell->config, &images[n]))
			return jailhouse_refuse(
				req, -EINVAL,
				"cell load: image %u (0x%llx bytes at 0x%llx) is not inside a loadable memory region of cell \"%s\"",
				n, images[n].size, images[n].target_address,
				cell->name);
	}
	return 0;
}

static int copy_image(struct jailhouse_request *req, unsigned int n,
		      const struct jailhouse_cell *cell,
		      const struct jailhouse_preload_image *image)
{
	const struct jailhouse_memory *mem =
		loadable_region(cell->config, image);
	u64 phys = mem->phys_start + (image->target_address - mem->virt_start);
	u64 done, chunk;
	void *target;

	/* In chunks: a kernel image may be far bigger than we want mapped. */
	for (done = 0; done < image->size; done += chunk) {
		chunk = min_t(u64, image->size - done, LOAD_CHUNK);
		target = memremap(phys + done, chunk, MEMREMAP_WB);
		if (!target)
			return jailhouse_refuse(
				req, -ENOMEM,
				"cell load: cannot map 0x%llx of cell \"%s\"",
				phys + done, cell->name);
		if (copy_from_user(target,
				   u64_to_user_ptr(image->source_address + done),
				   chunk)) {
			memunmap(target);
			return jailhouse_refuse(
				req, -EFAULT,
				"cell load: image %u: cannot read 0x%llx bytes at 0x%llx (bad address)",
				n, image->size, image->source_address);
		}
		memunmap(target);
	}
	return 0;
}

int jailhouse_cmd_cell_load(struct jailhouse_request *req,
			    const struct jailhouse_cell_load_args *args)
{
	struct jailhouse_preload_image *images;
	struct jailhouse_cell *cell;
	unsigned int n;
	long result;
	int err;

	if (args->reserved)
		return jailhouse_refuse(req, -EINVAL,
					"cell load: reserved field is not zero");
	if (args->num_images < 1 || args->num_images > JAILHOUSE_MAX_IMAGES)
		return jailhouse_refuse(req, -EINVAL,
					"cell load: %u images, 1 to %u allowed",
					args->num_images, JAILHOUSE_MAX_IMAGES);
	cell = find_cell(req, &args->cell, &err);
	if (!cell)
		return err;
	images = memdup_user(u64_to_user_ptr(args->images_ptr),
			     args->num_images * sizeof(*images));
	if (IS_ERR(images))
		return jailhouse_refuse(
			req, PTR_ERR(images),
			"cell load: cannot read the image list at 0x%llx (error %ld)",
			args->images_ptr, PTR_ERR(images));
	err = check_images(req, cell, images, args->num_images);
	if (!err) {
		result = jailhouse_call_request(req,
						JAILHOUSE_HC_CELL_SET_LOADABLE,
						cell->id);
		err = result < 0 ? result : 0;
	}
	for (n = 0; !err && n < args->num_images; n++)
		err = copy_image(req, n, cell, &images[n]);
	kfree(images);
	return err;
}

static int cell_hypercall(struct jailhouse_request *req,
			  const struct jailhouse_cell_id *id,
			  unsigned long code)
{
	struct jailhouse_cell *cell;
	long result;
	int err;

	cell = find_cell(req, id, &err);
	if (!cell)
		return err;
	result = jailhouse_call_request(req, code, cell->id);
	if (result < 0)
		return result;
	if (code == JAILHOUSE_HC_CELL_DESTROY) {
		jailhouse_log_done("cell \"%s\" destroyed\n", cell->name);
		cell_delete(cell);
	}
	return 0;
}

int jailhouse_cmd_cell_start(struct jailhouse_request *req,
			     const struct jailhouse_cell_id *id)
{
	return cell_hypercall(req, id, JAILHOUSE_HC_CELL_START);
}

int jailhouse_cmd_cell_shutdown(struct jailhouse_request *req,
				const struct jailhouse_cell_id *id)
{
	return cell_hypercall(req, id, JAILHOUSE_HC_CELL_SHUTDOWN);
}

int jailhouse_cmd_cell_destroy(struct jailhouse_request *req,
			       const struct jailhouse_cell_id *id)
{
	return cell_hypercall(req, id, JAILHOUSE_HC_CELL_DESTROY);
}
